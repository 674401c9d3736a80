package validators

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validate runs v on value at attribute attr and returns the detail of its only error, or "".
func validate(t *testing.T, v validator.String, attr string, value types.String) string {
	t.Helper()
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root(attr), ConfigValue: value,
	}, resp)
	switch n := resp.Diagnostics.ErrorsCount(); n {
	case 0:
		return ""
	case 1:
		d := resp.Diagnostics.Errors()[0]
		return d.Summary() + ": " + d.Detail()
	default:
		t.Fatalf("%d errors for %s, want at most 1: %v", n, value, resp.Diagnostics)
		return ""
	}
}

func TestCheckHTTPSOrLoopbackURL(t *testing.T) {
	for _, c := range []struct{ raw, wantErr string }{
		{"https://media.example.com/a.mov", ""},
		{"HTTPS://media.example.com/a.mov", ""},
		{"https://api.frame.io", ""},
		{"http://127.0.0.1:8089/files/a.mov", ""},
		{"http://127.9.9.9/a.mov", ""},
		{"http://localhost:1234/a.mov", ""},
		{"http://LocalHost/a.mov", ""},
		{"http://[::1]:9/a.mov", ""},
		{"http://media.example.com/a.mov", `"http://media.example.com/a.mov" uses plain http; use https`},
		{"http://10.0.0.8/a.mov", "uses plain http"},
		{"http://localhost.example.com/a.mov", "uses plain http"},
		{"http://[::2]/a.mov", "uses plain http"},
		{"ftp://media.example.com/a.mov", "not an absolute http(s) URL"},
		{"media.example.com/a.mov", "not an absolute http(s) URL"},
		{"https:///a.mov", "not an absolute http(s) URL"},
		{"https://exa mple.com/", "not an absolute http(s) URL"},
		{"", "not an absolute http(s) URL"},
	} {
		err := CheckHTTPSOrLoopbackURL(c.raw)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("CheckHTTPSOrLoopbackURL(%q) = %v, want nil", c.raw, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("CheckHTTPSOrLoopbackURL(%q) = %v, want an error containing %q", c.raw, err, c.wantErr)
		}
	}
}

func TestHTTPSOrLoopbackURL(t *testing.T) {
	v := HTTPSOrLoopbackURL()
	for _, ok := range []types.String{
		types.StringNull(),
		types.StringUnknown(),
		types.StringValue(""), // base_url treats it as unset
		types.StringValue("https://cdn.example.com/trailer.mp4"),
		types.StringValue("http://127.0.0.1:1/x"),
	} {
		if got := validate(t, v, "source_url", ok); got != "" {
			t.Errorf("%s: unexpected error %q", ok, got)
		}
	}
	// The detail names the attribute, the value and the fix: the acceptance tests match on it.
	got := validate(t, v, "base_url", types.StringValue("http://api.example.com"))
	want := `Invalid URL: base_url "http://api.example.com" uses plain http; use https (plain http is only allowed for loopback hosts`
	if !strings.HasPrefix(got, want) {
		t.Errorf("plain http: got %q, want prefix %q", got, want)
	}
	got = validate(t, v, "source_url", types.StringValue("ftp://x/y"))
	if want := `source_url "ftp://x/y" is not an absolute http(s) URL`; !strings.Contains(got, want) {
		t.Errorf("ftp: got %q, want it to contain %q", got, want)
	}
}

func TestSHA256Hex(t *testing.T) {
	v := SHA256Hex()
	good := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// Upper case as PowerShell's Get-FileHash and certutil print it, and mixed case.
	for _, ok := range []types.String{types.StringNull(), types.StringUnknown(), types.StringValue(good),
		types.StringValue(strings.ToUpper(good)), types.StringValue(strings.ToUpper(good[:32]) + good[32:])} {
		if got := validate(t, v, "source_sha256", ok); got != "" {
			t.Errorf("%s: unexpected error %q", ok, got)
		}
	}
	for _, bad := range []string{
		"", "ABC", good[:63], good + "0", good[:63] + "g", strings.ToUpper(good[:63]) + "G", " " + good[1:],
	} {
		got := validate(t, v, "source_sha256", types.StringValue(bad))
		if want := "Attribute source_sha256 must be 64 hexadecimal characters (either case)"; !strings.Contains(got, want) {
			t.Errorf("%q: got %q, want it to contain %q", bad, got, want)
		}
	}
}

func TestSameSHA256(t *testing.T) {
	lower := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	other := "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9"
	cases := []struct {
		a, b string
		want bool
	}{
		{lower, lower, true},
		{lower, strings.ToUpper(lower), true},
		{strings.ToUpper(lower[:10]) + lower[10:], strings.ToUpper(lower), true},
		{lower, other, false},
		{strings.ToUpper(lower), strings.ToUpper(other), false},
		{lower, "", false},
	}
	for _, c := range cases {
		if got := SameSHA256(c.a, c.b); got != c.want {
			t.Errorf("SameSHA256(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestDescriptions(t *testing.T) {
	ctx := context.Background()
	for _, v := range []validator.String{HTTPSOrLoopbackURL(), SHA256Hex(), Duration(time.Second, time.Hour)} {
		if v.Description(ctx) == "" || v.MarkdownDescription(ctx) == "" {
			t.Errorf("%T: empty description", v)
		}
	}
}
