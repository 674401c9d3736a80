package httpx

import (
	"context"
	"math/rand/v2"
	"time"
)

// Exponential returns base*2^n capped at limit, without overflowing. A base <= 0 counts as 1 ms so
// that a misconfigured caller still waits a little.
func Exponential(base time.Duration, n int, limit time.Duration) time.Duration {
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
	return min(w, limit)
}

// Backoff is the wait before retry number n (0-based): d = Exponential(minWait, n, maxWait), then
// "equal jitter", a uniformly random value in [d/2, d]. The jitter spreads the retries of parallel
// callers that failed together (a burst of 503s) so they do not come back in lockstep; keeping at
// least half of d keeps the backoff growing.
func Backoff(minWait, maxWait time.Duration, n int) time.Duration {
	d := Exponential(minWait, n, maxWait)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// Sleep waits d, or less if ctx ends first; then it returns ctx's error, so a caller stops retrying
// once the operation is cancelled or out of time. A d <= 0 does not wait, but still reports an ended
// ctx: a retry loop must not spin on a cancelled context.
func Sleep(ctx context.Context, d time.Duration) error {
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
