package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRFC3339(t *testing.T) {
	for v, wantErr := range map[string]bool{
		"2030-01-31T18:00:00Z":             false,
		"2030-01-31T19:00:00+01:00":        false,
		"2030-01-31T18:00:00.123456Z":      false,
		"2030-01-31":                       true,
		"2030-01-31 18:00:00Z":             true,
		"31/01/2030":                       true,
		"2030-01-31T18:00:00":              true, // no zone: ambiguous
		"":                                 true,
		"tomorrow at noon, give or take":   true,
		"2030-02-30T18:00:00Z":             true,
		"2030-01-31T18:00:00Z and then so": true,
	} {
		got := validate(t, RFC3339(), "expiration", types.StringValue(v))
		if (got != "") != wantErr {
			t.Errorf("%q: %q, want error %v", v, got, wantErr)
		}
		if wantErr && !strings.Contains(got, "Invalid timestamp: Attribute expiration must be an RFC 3339 timestamp") {
			t.Errorf("%q: message %q", v, got)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if got := validate(t, RFC3339(), "expiration", v); got != "" {
			t.Errorf("%v: %q", v, got)
		}
	}
}
