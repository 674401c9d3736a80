package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCheckWebhookURL(t *testing.T) {
	for _, c := range []struct{ raw, wantErr string }{
		{"https://hooks.example.com/frameio", ""},
		{"HTTPS://hooks.example.com/frameio?token=abc", ""},
		{"https://hooks.example.com:8443/a/b", ""},
		{"https://203.0.113.7/hook", ""},
		{"https://hooks.example.com/" + strings.Repeat("a", 2000-26), ""},
		{"https://hooks.example.com/" + strings.Repeat("a", 2000-25), "has 2001 characters; Frame.io takes at most 2000"},
		{"http://hooks.example.com/frameio", `"http://hooks.example.com/frameio" uses plain http; use https`},
		{"http://127.0.0.1:8080/hook", "uses plain http"},
		{"http://localhost/hook", "uses plain http"},
		{"https://localhost/hook", "has a loopback host, which Frame.io cannot reach"},
		{"https://127.0.0.1/hook", "loopback host"},
		{"https://[::1]/hook", "loopback host"},
		{"https://10.1.2.3/hook", "private host"},
		{"https://192.168.0.9/hook", "private host"},
		{"https://169.254.1.1/hook", "link-local host"},
		{"ftp://hooks.example.com/x", "not an absolute https:// URL"},
		{"hooks.example.com/x", "not an absolute https:// URL"},
		{"/relative", "not an absolute https:// URL"},
		{"https:///x", "not an absolute https:// URL"},
		{"https://hooks example.com/x", "not an absolute https:// URL"},
		{"", "not an absolute https:// URL"},
		{"http://hooks.example.com/x?sig=SECRET", `"http://hooks.example.com/x?REDACTED"`},
	} {
		err := CheckWebhookURL(c.raw)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("CheckWebhookURL(%.60q) = %v, want nil", c.raw, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("CheckWebhookURL(%.60q) = %v, want an error containing %q", c.raw, err, c.wantErr)
		case err != nil && strings.Contains(err.Error(), "SECRET"):
			t.Errorf("CheckWebhookURL(%q) repeats the query string: %v", c.raw, err)
		}
	}
}

func TestWebhookURLValidator(t *testing.T) {
	v := WebhookURL()
	if got := validate(t, v, "url", types.StringValue("http://hooks.example.com/x")); !strings.HasPrefix(got,
		`Invalid webhook URL: url "http://hooks.example.com/x" uses plain http`) {
		t.Errorf("got %q", got)
	}
	for _, ok := range []types.String{types.StringNull(), types.StringUnknown(), types.StringValue("https://hooks.example.com/x")} {
		if got := validate(t, v, "url", ok); got != "" {
			t.Errorf("%v: %q, want no error", ok, got)
		}
	}
	if got := validate(t, v, "url", types.StringValue("")); !strings.Contains(got, "not an absolute https:// URL") {
		t.Errorf("empty: %q", got)
	}
}
