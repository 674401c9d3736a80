package validators

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Email validates an email address loosely: one @, something before it, a dotted domain after it,
// no white space. Frame.io sends the invitation, so it has the last word.
func Email() validator.String { return email{} }

type email struct{}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

func (email) Description(context.Context) string {
	return "must be an email address such as name@example.com"
}

func (v email) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v email) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !emailPattern.MatchString(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address",
			fmt.Sprintf("Attribute %s %s, got: %q", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
