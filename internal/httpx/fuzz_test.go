package httpx

// Fuzzing what httpx reads from servers: Retry-After values, and the text it redacts (URLs and error
// messages that may carry a pre-signed URL). Properties: no panic, results in range, and no signature
// survives redaction. The seeds (f.Add and testdata/fuzz/FuzzX) run as ordinary tests.

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"3", " 0 ", "1.5", "-1", "+3", "1e3", "99999999999999999999999999", "300",
		"Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 01 Jan 2026 00:00:07 GMT", "0.0000000001", "soon", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h["Retry-After"] = []string{v}
		d, ok := RetryAfter(h, now)
		if d < 0 || d > MaxRetryAfter || (!ok && d != 0) {
			t.Fatalf("RetryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}

// signature is what the fuzzers hide in URLs: long enough that no redaction marker or fixed text
// around it can contain it by accident.
var signature = regexp.MustCompile(`^[A-Za-z0-9]{12,}$`)

func FuzzRedactURL(f *testing.F) {
	for _, s := range []string{signed, "http://user:pw@host/p?sig=1#frag", "::not a url?X-Amz-Signature=abc",
		"https://h/p?", "https://h/a%2Fb?x=1", "https://h/p#only-fragment", "mailto:a@b?subject=x", ""} {
		f.Add(s, "deadbeefcafe1234")
	}
	f.Fuzz(func(t *testing.T, raw, sig string) {
		out := RedactURL(raw)
		// The query is gone: nothing after a '?' but the marker, and no fragment.
		if q, rest, found := strings.Cut(out, "?"); found && (rest != "REDACTED" || strings.Contains(q, "#")) {
			t.Fatalf("RedactURL(%q) = %q", raw, out)
		}
		// A signature in the query of a URL with a fixed origin never survives, whatever the path.
		if !signature.MatchString(sig) {
			return
		}
		path := strings.Map(func(r rune) rune {
			if r == '?' || r == '#' {
				return -1
			}
			return r
		}, raw)
		if strings.Contains(path, sig) {
			return
		}
		u := "https://bucket.example.com/" + path + "?X-Amz-Credential=a%2Fb&X-Amz-Signature=" + sig
		if got := RedactURL(u); strings.Contains(got, sig) {
			t.Fatalf("RedactURL(%q) = %q keeps the signature", u, got)
		}
	})
}

func FuzzRedactString(f *testing.F) {
	for _, s := range []string{`Put "` + signed + `": connection reset by peer`, "X-Amz-Signature=feedface&X-Amz-Credential=AKIA%2Fx",
		"plain text", "see https://h/p?Signature=abc, then Policy=xyz", "https://a?b https://c?d", "Key-Pair-Id=K1"} {
		f.Add(s, "s3cr3tSignature0")
	}
	f.Fuzz(func(t *testing.T, text, sig string) {
		out := RedactString(text)
		// Every signing parameter left in the text carries the marker, not a value.
		for _, m := range secretParam.FindAllString(out, -1) {
			if _, v, _ := strings.Cut(m, "="); v != "REDACTED" && v != "" {
				t.Fatalf("RedactString(%q) = %q leaves %q", text, out, m)
			}
		}
		// A signature quoted in a message, in a URL or alone, never survives.
		if !signature.MatchString(sig) || strings.Contains(text, sig) || strings.Contains(unescaped(text), sig) {
			return // the "signature" is part of the text itself (a host in it may be percent-encoded)
		}
		msg := text + ` PUT "https://bucket.example.com/o?X-Amz-Signature=` + sig + `" or X-Amz-Signature=` + sig + " " + text
		if got := RedactString(msg); strings.Contains(got, sig) {
			t.Fatalf("RedactString(%q) = %q keeps the signature", msg, got)
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
