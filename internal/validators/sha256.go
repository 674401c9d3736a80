package validators

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// SHA256Hex validates a hex SHA-256 as Terraform's filesha256() writes it: 64 lowercase hexadecimal
// characters. Uppercase is rejected rather than folded, because the value is compared as a string with
// the hash the provider computes.
func SHA256Hex() validator.String {
	return sha256Hex{}
}

type sha256Hex struct{}

func (sha256Hex) Description(context.Context) string {
	return "must be 64 lowercase hexadecimal characters, as filesha256() returns"
}

func (sha256Hex) MarkdownDescription(context.Context) string {
	return "must be 64 lowercase hexadecimal characters, as `filesha256()` returns"
}

func (v sha256Hex) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !isSHA256Hex(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SHA-256",
			fmt.Sprintf("Attribute %s %s, got: %s", req.Path, v.Description(ctx), s))
	}
}

// isSHA256Hex reports whether s is 64 lowercase hexadecimal characters.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
