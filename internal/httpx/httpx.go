// Package httpx holds the HTTP rules the API client (internal/frameio), the upload engine
// (internal/uploader), the token source (internal/ims) and the validators share: the retry-count
// convention, Retry-After parsing, exponential backoff with jitter and the wait itself (Sleep), the
// redaction of secrets (pre-signed URL queries, tokens) from text, the shortening of server text for
// an error (Snippet), and the one rule for where plain http may go (IsLoopbackHost).
//
// It knows nothing of Frame.io's JSON, of object storage or of Terraform, so both packages can import
// it and agree on one rule instead of each keeping a copy.
package httpx

// DefaultRetries is the retry count used when a caller configures none: enough to ride out a
// short outage or a burst of 429s, few enough that a dead endpoint fails within minutes.
const DefaultRetries = 5

// NoRetries is the configured value that means "never retry". Zero cannot mean that: it means
// "not set", so that the zero value of a config struct gets DefaultRetries.
const NoRetries = -1

// Retries resolves a configured retry count: 0 means DefaultRetries, a negative value means none.
func Retries(n int) int {
	switch {
	case n == 0:
		return DefaultRetries
	case n < 0:
		return 0
	}
	return n
}

// Exactly returns the configured value that makes Retries give n, for callers (such as a user-facing
// setting) whose 0 means "no retries" rather than "default".
func Exactly(n int) int {
	if n <= 0 {
		return NoRetries
	}
	return n
}
