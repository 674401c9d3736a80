package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// RFC3339 validates a timestamp as Terraform's timestamp() and timeadd() write it, e.g.
// "2030-01-31T18:00:00Z" or "2030-01-31T19:00:00+01:00" (fractional seconds allowed).
func RFC3339() validator.String { return rfc3339{} }

type rfc3339 struct{}

func (rfc3339) Description(context.Context) string {
	return `must be an RFC 3339 timestamp such as "2030-01-31T18:00:00Z", as timestamp() and timeadd() return`
}

func (rfc3339) MarkdownDescription(context.Context) string {
	return "must be an RFC 3339 timestamp such as `2030-01-31T18:00:00Z`, as `timestamp()` and `timeadd()` return"
}

func (v rfc3339) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := ParseRFC3339(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("Attribute %s %s, got: %q", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}

// ParseRFC3339 parses what RFC3339 accepts.
func ParseRFC3339(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
