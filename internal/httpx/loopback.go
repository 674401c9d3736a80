package httpx

import (
	"net/netip"
	"strings"
)

// IsLoopbackHost reports whether host (a name or an IP literal, without port; brackets allowed) is
// certainly this machine: the name localhost, or an address in 127.0.0.0/8 or ::1 (IPv4-mapped
// included). It is the one place plain http may go, since anywhere else the token or the content would
// cross a network unencrypted; the client's base_url and the validators both ask it.
//
// Names are not resolved, and no other name counts, not even the *.localhost names RFC 6761 reserves
// for loopback or "localhost." with a trailing dot: those are answered by whatever resolver the machine
// runs, and RFC 6761 only asks resolvers to keep them on loopback (SHOULD), so a plain-http token could
// leave the machine on one that does not. localhost itself is in every hosts file and is what the
// documentation promises (localhost, 127.0.0.1, [::1]). The API document says nothing of plain http;
// this reading is the strict one because a bearer token is at stake.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil && ip.Unmap().IsLoopback()
}
