package validators

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// MaxWebhookURL is the longest webhook URL Frame.io takes (WebhookCreateParams: maxLength 2000).
const MaxWebhookURL = 2000

// CheckWebhookURL is the rule for a URL Frame.io sends webhook events to: an absolute https:// URL, of at
// most MaxWebhookURL characters, whose host Frame.io can reach from the internet. Plain http is refused
// for every host, loopback included: unlike base_url (where the provider itself connects, and loopback is
// an emulator on this machine), Frame.io makes these requests, from its own servers, with event payloads
// about the account's media. A loopback, private or link-local host (judged by name and IP literal, as
// for source_url; names are not resolved) is refused too, since Frame.io could never deliver there. Unlike
// source_url, no emulator needs the exception: the emulator never calls a webhook. The error starts with
// the quoted value (its query string redacted), so callers can prefix the attribute name.
func CheckWebhookURL(raw string) error {
	shown := httpx.RedactURL(raw)
	if n := utf8.RuneCountInString(raw); n > MaxWebhookURL {
		return fmt.Errorf("%.60q... has %d characters; Frame.io takes at most %d", shown, n, MaxWebhookURL)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" || strings.ContainsAny(raw, " \t\r\n") ||
		(u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%q is not an absolute https:// URL", shown)
	}
	if u.Scheme == "http" {
		return fmt.Errorf("%q uses plain http; use https. A webhook takes no plain http URL, not even one of a "+
			"loopback host: Frame.io would send the events across the internet in clear", shown)
	}
	if kind := httpx.UnreachableHostKind(u.Hostname()); kind != "" {
		return fmt.Errorf("%q has a %s host, which Frame.io cannot reach: it sends events from the internet. "+
			"Use a public https:// URL (for a receiver on a private network, a tunnel or a public endpoint that "+
			"forwards to it)", shown, kind)
	}
	return nil
}

// WebhookURL validates a string attribute with CheckWebhookURL.
func WebhookURL() validator.String { return webhookURL{} }

type webhookURL struct{}

func (webhookURL) Description(context.Context) string {
	return fmt.Sprintf("value must be an absolute https:// URL (at most %d characters) on a host Frame.io can "+
		"reach from the internet", MaxWebhookURL)
}

func (webhookURL) MarkdownDescription(context.Context) string {
	return fmt.Sprintf("value must be an absolute `https://` URL (at most %d characters) on a host Frame.io can "+
		"reach from the internet", MaxWebhookURL)
}

func (webhookURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckWebhookURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}
