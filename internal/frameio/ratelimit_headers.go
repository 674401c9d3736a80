package frameio

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Reading the x-ratelimit-* headers of a reply. They are the service's word on its limits, but they
// come over the network like any reply: a proxy, a bug or a hostile endpoint may send
// "x-ratelimit-limit: 100000000" or a window of a year. Believed as they are, such values would cost
// memory (the pacer keeps one time per call counted in the window: a limit of 100,000,000 is that many,
// and a remaining of 0 adds them at once) or freeze the provider (one call per hour, or a window whose
// milliseconds overflow a time.Duration). So they are bounded before use, relative to the documented
// limit of the operation (registry.go): a reply may move a class's calls per window by at most a
// factor of headerTrust either way, its interval between calls up to headerTrust times the documented
// one, and its window down by headerTrust or up by windowStretch. The window is held closer because it
// is the longest one call can wait for a full bucket to drain (a window of ten minutes would hold a
// call ten minutes), while a shorter window only makes the pacer spread calls more evenly. The
// documented limits are the contract; a service that really wants us slower than this still says so
// with 429s, whose Retry-After the retry path honours (up to httpx.MaxRetryAfter).
const (
	headerTrust   = 10
	windowStretch = 2
	// maxPaceCalls caps the calls per window whatever the documented limit (the largest documented is
	// 100 per minute): the memory of a class stays a few kilobytes.
	maxPaceCalls = 1000
	// minPaceWindow and maxPaceWindow bound a window whatever the documented one; Frame.io documents
	// windows of one second and one minute.
	minPaceWindow = 100 * time.Millisecond
	maxPaceWindow = time.Hour
	// undocumentedMaxInterval bounds the interval between calls of a class without a documented limit
	// (none in the registry: apicontract checks that every operation has one): that of the slowest
	// documented class, 10 per minute.
	undocumentedMaxInterval = 6 * time.Second
)

// rateLimitReply is what a reply's x-ratelimit-* headers say; has* is false for a header absent or not
// a non-negative decimal integer that fits in 64 bits.
type rateLimitReply struct {
	limit, windowMS, remaining        int64
	hasLimit, hasWindow, hasRemaining bool
}

func parseRateLimit(h http.Header) rateLimitReply {
	var r rateLimitReply
	r.limit, r.hasLimit = headerInt(h, headerRateLimitLimit)
	r.windowMS, r.hasWindow = headerInt(h, headerRateLimitWindow)
	r.remaining, r.hasRemaining = headerInt(h, headerRateLimitRemaining)
	return r
}

func headerInt(h http.Header, key string) (int64, bool) {
	if h == nil {
		return 0, false
	}
	v := strings.TrimSpace(h.Get(key))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}

// saneLimit is the limit a reply of n calls per windowMS milliseconds (both > 0) sets for a class
// documented as doc (zero when undocumented), bounded as explained above.
func saneLimit(doc RateLimit, n, windowMS int64) RateLimit {
	nHi := int64(maxPaceCalls)
	wLo, wHi := minPaceWindow, maxPaceWindow
	maxInterval := undocumentedMaxInterval
	if doc.N > 0 && doc.Window > 0 {
		nHi = min(nHi, int64(doc.N)*headerTrust)
		wLo = max(wLo, doc.Window/headerTrust)
		wHi = min(wHi, doc.Window*windowStretch)
		maxInterval = doc.Window / time.Duration(doc.N) * headerTrust
	}
	n = min(max(n, 1), nHi)
	w := min(max(millis(windowMS), wLo), wHi)
	if w/time.Duration(n) > maxInterval {
		w = maxInterval * time.Duration(n)
	}
	return RateLimit{N: int(n), Window: w}
}

// millis converts a count of milliseconds to a Duration without overflowing: anything past
// maxPaceWindow is maxPaceWindow (every caller caps there or below).
func millis(ms int64) time.Duration {
	if ms <= 0 {
		return 0
	}
	if ms >= int64(maxPaceWindow/time.Millisecond) {
		return maxPaceWindow
	}
	return time.Duration(ms) * time.Millisecond
}
