package validators

// Fuzzing the URL rules, which read what a user (or a pipeline generating URLs) configures, and quote
// it in diagnostics: no panic, a URL accepted really is https (or http to this machine), and no
// signature of a pre-signed URL reaches an error. The seeds (f.Add and testdata/fuzz/FuzzX) run as
// ordinary tests.

import (
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// signature is what the fuzzers hide in a query: long enough that no fixed text contains it.
var signature = regexp.MustCompile(`^[A-Za-z0-9]{12,}$`)

func FuzzURLRules(f *testing.F) {
	for _, s := range []string{"https://media.example.com/a.mov", "http://127.0.0.1:8089/x", "http://[::1]:9/a",
		"http://localhost.example.com/a", "ftp://h/a", "https:///a", "https://exa mple.com/", "http://169.254.169.254/",
		"https://10.0.0.5/cut.mov", "http://[fe80::1%25eth0]/", "HTTP://LOCALHOST/", "//h/p", ""} {
		f.Add(s, "https://api.frame.io", "deadbeefcafe1234")
		f.Add(s, "http://127.0.0.1:8089", "deadbeefcafe1234")
	}
	f.Fuzz(func(t *testing.T, raw, base, sig string) {
		if err := CheckHTTPSOrLoopbackURL(raw); err == nil {
			u, perr := url.Parse(raw)
			if perr != nil || u.Host == "" || !(u.Scheme == "https" || u.Scheme == "http" && loopback(u.Hostname())) {
				t.Fatalf("CheckHTTPSOrLoopbackURL accepted %q", raw)
			}
		}
		_ = CheckFetchableBy(raw, base)
		_ = UnreachableHostKind(raw)
		// The signature of a pre-signed URL never reaches a diagnostic, whatever the rest of the URL.
		if !signature.MatchString(sig) || strings.Contains(raw, sig) || strings.Contains(unescaped(raw), sig) {
			return // the "signature" is part of the URL's own text (a host may be percent-encoded)
		}
		signed := raw + "?X-Amz-Signature=" + sig
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			signed = raw[:i] + "?X-Amz-Signature=" + sig
		}
		for _, err := range []error{CheckHTTPSOrLoopbackURL(signed), CheckFetchableBy(signed, base)} {
			if err != nil && strings.Contains(err.Error(), sig) {
				t.Fatalf("the signature of %q is in the error: %v", signed, err)
			}
		}
	})
}

// unescaped decodes every valid %XX of s, leaving the rest as it is.
func unescaped(s string) string {
	return percentEscape.ReplaceAllStringFunc(s, func(m string) string {
		u, _ := url.PathUnescape(m)
		return u
	})
}

var percentEscape = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// loopback is the fuzzer's own statement of "this machine", independent of the rule it checks: the
// name localhost, or an address in 127.0.0.0/8 or ::1 (IPv4-mapped included).
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
