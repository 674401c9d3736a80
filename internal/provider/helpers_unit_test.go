package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestListedNamesAtMostMaxListed(t *testing.T) {
	quoted := func(s string) string { return fmt.Sprintf("%q", s) }
	if got := listed([]string{}, quoted); got != "" {
		t.Errorf("no items: %q", got)
	}
	if got := listed([]string{"a", "b"}, quoted); got != `"a", "b"` {
		t.Errorf("two items: %q", got)
	}
	var many []string
	for i := range maxListed + 3 {
		many = append(many, fmt.Sprint(i))
	}
	got := listed(many, quoted)
	if !strings.HasSuffix(got, `"9", and 3 more`) || strings.Contains(got, `"10"`) ||
		strings.Count(got, `"`) != 2*maxListed {
		t.Errorf("%d items: %q, want the first %d and \", and 3 more\"", len(many), got, maxListed)
	}
	if got := listed(many[:maxListed], quoted); strings.Contains(got, "more") {
		t.Errorf("exactly %d items: %q, want no \"more\"", maxListed, got)
	}
}

func TestSetIfUnsetKeepsKnownValues(t *testing.T) {
	for _, tc := range []struct {
		in, want types.String
	}{
		{types.StringUnknown(), types.StringValue("server")},
		{types.StringNull(), types.StringValue("server")},
		{types.StringValue("planned"), types.StringValue("planned")},
		{types.StringValue(""), types.StringValue("")}, // known, even if empty
	} {
		v := tc.in
		setIfUnset(&v, "server")
		if !v.Equal(tc.want) {
			t.Errorf("setIfUnset(%v) = %v, want %v", tc.in, v, tc.want)
		}
	}
	n := types.Int64Unknown()
	setInt64IfUnset(&n, 7)
	k := types.Int64Value(3)
	setInt64IfUnset(&k, 7)
	if n.ValueInt64() != 7 || k.ValueInt64() != 3 {
		t.Errorf("setInt64IfUnset: unknown became %v, known 3 became %v", n, k)
	}
}

func TestSettingPrefersTheBlockThenTheEnvironment(t *testing.T) {
	const env = "FRAMEIO_TEST_SETTING"
	t.Setenv(env, "from-env")
	if v, from := setting(types.StringValue("from-block"), "attr", env); v != "from-block" || from != "attr" {
		t.Errorf("block set: %q from %q", v, from)
	}
	for _, unset := range []types.String{types.StringNull(), types.StringValue("")} {
		if v, from := setting(unset, "attr", env); v != "from-env" || from != env {
			t.Errorf("block %v: %q from %q, want the environment", unset, v, from)
		}
	}
	t.Setenv(env, "")
	if v, from := setting(types.StringNull(), "attr", env); v != "" || from != "" {
		t.Errorf("neither set: %q from %q", v, from)
	}
}
