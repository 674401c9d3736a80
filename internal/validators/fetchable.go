package validators

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"

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

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), not routed on the internet.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// UnreachableHostKind says why host (a name or an IP literal, without port) cannot be reached from the
// internet: "loopback" (httpx.IsLoopbackHost, or a name under the .localhost domain), "private" (RFC
// 1918, fc00::/7, 100.64.0.0/10), "link-local" (169.254.0.0/16, fe80::/10, where cloud metadata
// services live) or "unspecified or multicast"; "" for any other host. Names are not resolved.
//
// Loopback is httpx's one rule. The .localhost names (and "localhost." written with its trailing dot)
// are added here, not there, because the two questions differ: RFC 6761 keeps .localhost out of the
// public DNS, so Frame.io can never fetch from such a host wherever this machine's resolver sends it,
// whereas plain http needs the certainty that the host is this machine, which only the resolver knows.
func UnreachableHostKind(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if httpx.IsLoopbackHost(h) || strings.HasSuffix(h, ".localhost") {
		return "loopback"
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	if err != nil {
		return ""
	}
	ip = ip.Unmap()
	switch {
	case ip.IsPrivate() || cgnat.Contains(ip):
		return "private"
	case ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified() || ip.IsMulticast():
		return "unspecified or multicast"
	}
	return ""
}
