package validators

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestEmail(t *testing.T) {
	for v, wantErr := range map[string]bool{
		"client@example.com":          false,
		"First.Last+tag@studio.co.uk": false,
		"client@example":              true,
		"client example.com":          true,
		"client@@example.com":         true,
		"@example.com":                true,
		"client @example.com":         true,
		"client@example.com.":         true,
		"":                            true,
	} {
		got := validate(t, Email(), "reviewers", types.StringValue(v))
		if (got != "") != wantErr {
			t.Errorf("%q: %q, want error %v", v, got, wantErr)
		}
	}
}
