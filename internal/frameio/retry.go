package frameio

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Retry policy
//
// Retried: 429, 5xx except 501 Not Implemented, and network errors (except permanent ones such as
// TLS verification failures, invalid schemes, too many redirects). Never retried: any other status.
//
// Waits (attemptNum counts retries from 0):
//   - Retry-After present (delta seconds or HTTP date): honoured exactly, even above MaxRetryWait
//     (capped at 5 minutes; the context deadline still applies).
//   - 429 without Retry-After: Frame.io asks for at least 1 s, doubling. The floor is
//     2*MinRetryWait (1 s with the default 500 ms, small in tests that set a small MinRetryWait),
//     doubled per retry; raised to the leak interval hinted by x-ratelimit-window /
//     x-ratelimit-limit when present; plus up to 20% jitter; capped at MaxRetryWait.
//   - 5xx / network errors: MinRetryWait*2^attemptNum capped at MaxRetryWait, with "equal jitter"
//     (a random value in [w/2, w]), never below MinRetryWait.

// checkRetry is the retryablehttp.CheckRetry policy.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		// retryablehttp's default policy knows which transport errors are permanent.
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	return retryableStatus(resp.StatusCode), nil
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests ||
		(code >= 500 && code <= 599 && code != http.StatusNotImplemented)
}

// backoff computes the wait before retry number attemptNum (0-based).
func (c *Client) backoff(attemptNum int, resp *http.Response) time.Duration {
	now := time.Now()
	if resp != nil {
		if d, ok := retryAfter(resp.Header, now); ok {
			if d < 0 {
				d = 0
			}
			if d > maxRetryAfter {
				d = maxRetryAfter
			}
			return d
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			w := expo(2*c.minWait, attemptNum, c.maxWait)
			if hint, ok := leakInterval(resp.Header); ok && hint > w {
				w = hint
			}
			w += time.Duration(rand.Int64N(int64(w)/5 + 1))
			if w > c.maxWait {
				w = c.maxWait
			}
			return w
		}
	}
	w := expo(c.minWait, attemptNum, c.maxWait)
	w = w/2 + time.Duration(rand.Int64N(int64(w/2)+1))
	if w < c.minWait {
		w = c.minWait
	}
	return w
}

// expo returns base*2^n, capped at limit (overflow-safe).
func expo(base time.Duration, n int, limit time.Duration) time.Duration {
	if base <= 0 {
		base = time.Millisecond
	}
	w := base
	for i := 0; i < n; i++ {
		if w >= limit/2 {
			return limit
		}
		w *= 2
	}
	if w > limit {
		return limit
	}
	return w
}

// retryAfter parses a Retry-After header: delta seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get(headerRetryAfter))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs != secs { // negative or NaN
			return 0, false
		}
		if secs > maxRetryAfter.Seconds() {
			return maxRetryAfter, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}

// leakInterval returns the rate-limit hint of a reply: x-ratelimit-window (ms) divided by
// x-ratelimit-limit (the leaky bucket frees one call per interval), or the whole window when the
// limit is unknown.
func leakInterval(h http.Header) (time.Duration, bool) {
	win, err := strconv.ParseInt(strings.TrimSpace(h.Get(headerRateLimitWindow)), 10, 64)
	if err != nil || win <= 0 {
		return 0, false
	}
	d := time.Duration(win) * time.Millisecond
	if lim, err := strconv.ParseInt(strings.TrimSpace(h.Get(headerRateLimitLimit)), 10, 64); err == nil && lim > 0 {
		d /= time.Duration(lim)
	}
	return d, true
}

// pacer delays the next call to an endpoint after a reply said x-ratelimit-remaining: 0, spacing
// later calls one leak interval apart. It is best-effort: the retry policy handles any 429.
type pacer struct {
	mu    sync.Mutex
	slots map[string]*paceSlot
}

type paceSlot struct {
	next     time.Time
	interval time.Duration
}

func newPacer() *pacer { return &pacer{slots: map[string]*paceSlot{}} }

// observe records a reply's rate-limit headers for endpoint key.
func (p *pacer) observe(key string, h http.Header, maxWait time.Duration) {
	if h == nil || strings.TrimSpace(h.Get(headerRateLimitRemaining)) != "0" {
		return
	}
	interval, ok := leakInterval(h)
	if !ok {
		return
	}
	if interval > maxWait {
		interval = maxWait
	}
	next := time.Now().Add(interval)
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.slots[key]
	if s == nil {
		s = &paceSlot{}
		p.slots[key] = s
	}
	s.interval = interval
	if next.After(s.next) {
		s.next = next
	}
}

// wait blocks until endpoint key may be called again, reserving the following slot.
func (p *pacer) wait(ctx context.Context, key string) error {
	p.mu.Lock()
	s := p.slots[key]
	var d time.Duration
	if s != nil {
		now := time.Now()
		if s.next.After(now) {
			d = s.next.Sub(now)
			s.next = s.next.Add(s.interval)
		} else {
			delete(p.slots, key)
		}
	}
	p.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
