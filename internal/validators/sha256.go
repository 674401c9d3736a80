package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// SHA256Hex validates a hex SHA-256: 64 hexadecimal characters in either case. Terraform's filesha256()
// and sha256sum write lower case; PowerShell's Get-FileHash and certutil write upper case, and a render
// farm's manifest may carry either. The value is kept as configured (Terraform requires a configured
// value to reach the state unchanged); whoever compares it with another hash uses SameSHA256.
func SHA256Hex() validator.String {
	return sha256Hex{}
}

type sha256Hex struct{}

func (sha256Hex) Description(context.Context) string {
	return "must be 64 hexadecimal characters (either case), as filesha256() or Get-FileHash returns"
}

func (sha256Hex) MarkdownDescription(context.Context) string {
	return "must be 64 hexadecimal characters (either case), as `filesha256()` or `Get-FileHash` returns"
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

// SameSHA256 reports whether two hex SHA-256 values name the same hash: hex digits compare without
// regard to case, so "AB..." from Get-FileHash and "ab..." from the provider's own hashing are equal.
func SameSHA256(a, b string) bool {
	return strings.EqualFold(a, b)
}

// isSHA256Hex reports whether s is 64 hexadecimal characters, in either case.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}
