package validators

import (
	"fmt"
	"net/url"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// CheckFetchableBy is the rule for a URL that the API at baseURL downloads itself, such as a remote
// upload's source_url. Frame.io fetches it from the internet, so a loopback, private or link-local host
// can never work there: such a host is allowed only when baseURL is a loopback URL too (an emulator on
// this machine, beside the source). Hosts are judged by name (localhost) and IP literal only: names are
// not resolved, so the rule needs no network and holds at plan time. The error starts with the quoted
// value, so callers can prefix the attribute name.
func CheckFetchableBy(raw, baseURL string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil // CheckHTTPSOrLoopbackURL reports malformed URLs
	}
	kind := UnreachableHostKind(u.Hostname())
	if kind == "" {
		return nil
	}
	if b, err := url.Parse(baseURL); err == nil && b.Host != "" && httpx.IsLoopbackHost(b.Hostname()) {
		return nil
	}
	return fmt.Errorf("%q has a %s host, which Frame.io cannot reach: it fetches the URL from the internet. "+
		"Serve the file from a public https:// URL, or upload it with source instead (a %s source_url only "+
		"works against a local emulator, with base_url on a loopback host too)", httpx.RedactURL(raw), kind, kind)
}

// UnreachableHostKind says why host (a name or an IP literal, without port) cannot be reached from the
// internet: "loopback", "private", "link-local" or "unspecified or multicast"; "" for any other host.
// Names are not resolved. The rule is httpx.UnreachableHostKind's, which the delivery's HEAD shares.
func UnreachableHostKind(host string) string { return httpx.UnreachableHostKind(host) }
