package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// CheckDuration parses s as a Go duration ("60s", "2m", "1m30s") between lo and hi inclusive. The error
// quotes the value, so callers can prefix the attribute name.
//
// It is exported for values a validator never sees, such as an environment variable read in Configure.
func CheckDuration(s string, lo, hi time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like \"60s\" or \"2m\" (units ms, s, m, h)", s)
	}
	if d < lo || d > hi {
		return 0, fmt.Errorf("%q is out of range: it must be between %s and %s", s, FormatDuration(lo), FormatDuration(hi))
	}
	return d, nil
}

// FormatDuration writes d as a user would in a configuration: "1h", "2m", "60s", "1.5s" (Go's own
// "1h0m0s" reads oddly in a message).
func FormatDuration(d time.Duration) string {
	switch {
	case d > 0 && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d > time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

// Duration validates a string attribute with CheckDuration.
func Duration(lo, hi time.Duration) validator.String { return duration{lo: lo, hi: hi} }

type duration struct{ lo, hi time.Duration }

func (v duration) Description(context.Context) string {
	return fmt.Sprintf(`must be a duration such as "60s" or "2m", between %s and %s`, FormatDuration(v.lo), FormatDuration(v.hi))
}

func (v duration) MarkdownDescription(context.Context) string {
	return fmt.Sprintf("must be a duration such as `60s` or `2m`, between `%s` and `%s`", FormatDuration(v.lo), FormatDuration(v.hi))
}

func (v duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := CheckDuration(req.ConfigValue.ValueString(), v.lo, v.hi); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("%s %s.", req.Path, err))
	}
}
