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
	secretParam = regexp.MustCompile(`(?i)\b(X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature|` +
		`X-Goog-Credential|Signature|AWSAccessKeyId|GoogleAccessId|Policy|Key-Pair-Id|sig)=[^&\s"'<>]*`)
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

// Signing parameters are the query parameters of a pre-signed URL that carry its signature or the terms
// the signature covers (who signed, when, for how long, with which policy or permissions). Signing the
// same object again changes them and nothing else. Four schemes are recognised, by parameter name
// without regard to case:
//   - AWS Signature Version 4 (S3 and S3-compatible storage): every X-Amz-* parameter;
//   - Google Cloud Storage V4: every X-Goog-* parameter;
//   - a Signature parameter (CloudFront, S3 and GCS V2 signing): with it, Expires, Policy, Key-Pair-Id,
//     AWSAccessKeyId, GoogleAccessId and security-token;
//   - a sig parameter (an Azure shared access signature): with it, the SAS fields sv, ss, srt, sp, se,
//     st, spr, sip, si, sr, sdd, ses, the user delegation key fields sk*, saoid, suoid, scid, and the
//     response header overrides rscc, rscd, rsce, rscl, rsct.
// The names of the last two schemes are short or common words, so they count only beside the parameter
// that carries the signature itself.

var (
	v2SigningParams = setOf("signature", "expires", "policy", "key-pair-id", "awsaccesskeyid", "googleaccessid",
		"security-token")
	azureSASParams = setOf("sig", "sv", "ss", "srt", "sp", "se", "st", "spr", "sip", "si", "sr", "sdd", "ses",
		"skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid", "rscc", "rscd", "rsce", "rscl", "rsct")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// SigningParams tells the signing parameters of one URL's query from the others. names are the query's
// parameter names, decoded; the result reports whether a name is a signing parameter in that query.
func SigningParams(names []string) func(name string) bool {
	var v2, azure bool
	for _, n := range names {
		switch strings.ToLower(n) {
		case "signature":
			v2 = true
		case "sig":
			azure = true
		}
	}
	return func(name string) bool {
		n := strings.ToLower(name)
		return strings.HasPrefix(n, "x-amz-") || strings.HasPrefix(n, "x-goog-") ||
			v2 && v2SigningParams[n] || azure && azureSASParams[n]
	}
}
