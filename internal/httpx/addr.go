package httpx

import (
	"net/netip"
	"strings"
)

// Which hosts the internet cannot reach. The provider refuses a source_url that Frame.io could never
// fetch (internal/validators) and keeps its own HEAD to the URL off such addresses (internal/delivery):
// one rule for both.

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), not routed on the internet.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// UnreachableHostKind says why host (a name or an IP literal, without port) cannot be reached from the
// internet: "loopback" (IsLoopbackHost, or a name under the .localhost domain), "private" (RFC 1918,
// fc00::/7, 100.64.0.0/10), "link-local" (169.254.0.0/16, fe80::/10, where cloud metadata services
// live) or "unspecified or multicast"; "" for any other host. Names are not resolved.
//
// Loopback is IsLoopbackHost's rule. The .localhost names (and "localhost." written with its trailing
// dot) are added here, not there, because the two questions differ: RFC 6761 keeps .localhost out of
// the public DNS, so Frame.io can never fetch from such a host wherever this machine's resolver sends
// it, whereas plain http needs the certainty that the host is this machine, which only the resolver
// knows.
func UnreachableHostKind(host string) string {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if IsLoopbackHost(h) || strings.HasSuffix(h, ".localhost") {
		return "loopback"
	}
	ip, err := netip.ParseAddr(strings.Trim(h, "[]"))
	if err != nil {
		return ""
	}
	return UnreachableAddrKind(ip)
}

// UnreachableAddrKind is UnreachableHostKind of an IP address.
func UnreachableAddrKind(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate() || cgnat.Contains(ip):
		return "private"
	case ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified() || ip.IsMulticast():
		return "unspecified or multicast"
	}
	return ""
}
