package uploader

import (
	"net/url"
	"regexp"
	"strings"
)

// A pre-signed URL is a bearer credential until it expires: the signature lives in the query string.
// Everything the uploader logs or returns goes through these functions.

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
