package httpx

import (
	"net/http"
	"strings"
	"time"
)

// MaxRetryAfter caps how long a server's Retry-After may make a caller wait. A server may ask for
// more than a client's own backoff limit and is honoured up to this cap; beyond it, the value is more
// likely a mistake than a plan (and a pre-signed URL or a Terraform run may not outlive it), so the
// caller retries after MaxRetryAfter and lets the server answer again. A context deadline still
// applies on top.
const MaxRetryAfter = 5 * time.Minute

// RetryAfter reads h's Retry-After: delay-seconds (RFC 9110; a decimal fraction such as "1.5" is
// tolerated) or an HTTP date, taken relative to now. ok is false when the header is absent or not
// valid (negative, not a number, not a date). The wait is clamped to [0, MaxRetryAfter]: a date in
// the past means "now".
func RetryAfter(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if d, ok := delaySeconds(v); ok {
		return min(d, MaxRetryAfter), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), MaxRetryAfter), true
	}
	return 0, false
}

// delaySeconds parses "digits[.digits]" without overflowing: anything at or above MaxRetryAfter is
// returned as MaxRetryAfter.
func delaySeconds(v string) (time.Duration, bool) {
	whole, frac, hasFrac := strings.Cut(v, ".")
	if whole == "" || !digits(whole) || hasFrac && (frac == "" || !digits(frac)) {
		return 0, false
	}
	var d time.Duration
	for _, c := range whole {
		d = d*10 + time.Duration(c-'0')*time.Second
		if d >= MaxRetryAfter {
			return MaxRetryAfter, true
		}
	}
	unit := time.Second
	for _, c := range frac {
		if unit /= 10; unit == 0 {
			break
		}
		d += time.Duration(c-'0') * unit
	}
	return d, true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
