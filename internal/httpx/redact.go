package httpx

import (
	"net/url"
	"regexp"
	"strings"
)

// A pre-signed URL is a bearer credential until it expires: the signature lives in the query string.
// Every URL or server-supplied text that the uploader logs or returns goes through these functions,
// and the API client puts its error texts through RedactSecret. One marker, REDACTED, is used
// throughout so that a test (or a reader of a log) can look for a single word.

// RedactURL keeps the scheme, host and path of raw and replaces a query string with "?REDACTED". User
// information and fragments are dropped. Text that does not parse as a URL is cut at the first '?'.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw = raw[:i] + "?REDACTED"
		}
		return redactParams(raw)
	}
	out := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	s := out.String()
	if u.RawQuery != "" || u.ForceQuery {
		s += "?REDACTED"
	}
	return s
}

var (
	urlInText = regexp.MustCompile(`(?i)\bhttps?://[^\s"'<>\x60]+`)
	// Signing parameters that may appear outside a whole URL (a query fragment quoted in a message).
	secretParam = regexp.MustCompile(`(?i)\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AWSAccessKeyId|Policy|Key-Pair-Id)=[^&\s"'<>]*`)
)

// RedactString redacts every URL query and every signing parameter (X-Amz-Signature=..., etc.) found in
// arbitrary text such as an error message.
func RedactString(s string) string {
	if !strings.ContainsAny(s, "?=") {
		return s
	}
	s = urlInText.ReplaceAllStringFunc(s, RedactURL)
	return redactParams(s)
}

func redactParams(s string) string {
	return secretParam.ReplaceAllStringFunc(s, func(m string) string {
		k, _, _ := strings.Cut(m, "=")
		return k + "=REDACTED"
	})
}

// RedactSecret replaces every occurrence of secret (a token the caller holds) in s with "REDACTED",
// for text that came from elsewhere, such as a server's error message echoing a request header.
func RedactSecret(s, secret string) string {
	if secret == "" || !strings.Contains(s, secret) {
		return s
	}
	return strings.ReplaceAll(s, secret, "REDACTED")
}
