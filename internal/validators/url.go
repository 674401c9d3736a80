package validators

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// CheckHTTPSOrLoopbackURL is the rule behind HTTPSOrLoopbackURL: raw must be an absolute https URL, or
// an http URL whose host is this machine. Plain http to any other host would carry the token or the
// content unencrypted. The error starts with the quoted value, so callers can prefix the attribute name.
//
// It is exported for values a validator never sees, such as an environment variable read in Configure.
func CheckHTTPSOrLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%q is not an absolute http(s) URL; use an https:// URL", httpx.RedactURL(raw))
	}
	if u.Scheme == "http" && !httpx.IsLoopbackHost(u.Hostname()) {
		return fmt.Errorf("%q uses plain http; use https (plain http is only allowed for loopback hosts: "+
			"localhost, 127.0.0.0/8, ::1)", httpx.RedactURL(raw))
	}
	return nil
}

// HTTPSOrLoopbackURL validates a string attribute with CheckHTTPSOrLoopbackURL. An empty string is not
// checked: the provider's base_url treats it as unset, and attributes where it is wrong add
// stringvalidator.LengthAtLeast(1).
func HTTPSOrLoopbackURL() validator.String {
	return httpsOrLoopbackURL{}
}

type httpsOrLoopbackURL struct{}

func (httpsOrLoopbackURL) Description(context.Context) string {
	return "value must be an absolute https:// URL, or http:// for a loopback host (localhost, 127.0.0.0/8, ::1)"
}

func (httpsOrLoopbackURL) MarkdownDescription(context.Context) string {
	return "value must be an absolute `https://` URL, or `http://` for a loopback host (`localhost`, " +
		"`127.0.0.0/8`, `::1`)"
}

func (httpsOrLoopbackURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	if err := CheckHTTPSOrLoopbackURL(req.ConfigValue.ValueString()); err != nil {
		// The detail names the attribute first, so the message reads "source_url "http://..." uses plain
		// http; use https (...)" wherever Terraform shows it.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}
