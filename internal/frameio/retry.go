package frameio

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Retry policy
//
// Retried: 429, 5xx except 501 Not Implemented, and network errors (except permanent ones such as
// TLS verification failures, invalid schemes, too many redirects). Never retried: any other status.
// An attempt that passed its response deadline (deadline.go) is retried like a 5xx when its method
// is idempotent (GET, DELETE, PATCH: see idempotent); a POST that timed out is not sent again, since
// it may have created its object: the error says so (IsResponseTimeout) and the caller decides. The
// other retries of a POST (5xx, network errors) are kept as they were.
//
// Waits (attemptNum counts retries from 0):
//   - Retry-After present (delta seconds or HTTP date, see httpx.RetryAfter): honoured exactly,
//     even above MaxRetryWait (capped at httpx.MaxRetryAfter, 5 minutes; the context deadline
//     still applies).
//   - 429 without Retry-After: Frame.io asks for at least 1 s, doubling. The floor is
//     2*MinRetryWait (1 s with the default 500 ms, small in tests that set a small MinRetryWait),
//     doubled per retry; raised to the leak interval hinted by x-ratelimit-window /
//     x-ratelimit-limit when present; plus up to 20% jitter; capped at MaxRetryWait.
//   - 5xx / network errors: httpx.Backoff (MinRetryWait*2^attemptNum capped at MaxRetryWait, with
//     "equal jitter", a random value in [w/2, w]), never below MinRetryWait.

// checkRetry is the retryablehttp.CheckRetry policy for a request of method.
func (c *Client) checkRetry(ctx context.Context, method string, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil && IsResponseTimeout(err) {
		return idempotent(method), nil
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
	if resp != nil {
		if d, ok := httpx.RetryAfter(resp.Header, time.Now()); ok {
			return d
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			w := httpx.Exponential(2*c.minWait, attemptNum, c.maxWait)
			if hint, ok := leakInterval(resp.Header); ok && hint > w {
				w = hint
			}
			w += time.Duration(rand.Int64N(int64(w)/5 + 1))
			return min(w, c.maxWait)
		}
	}
	return max(httpx.Backoff(c.minWait, c.maxWait, attemptNum), c.minWait)
}

// leakInterval returns the rate-limit hint of a reply: x-ratelimit-window (ms) divided by
// x-ratelimit-limit (the leaky bucket frees one call per interval), or the whole window when the
// limit is unknown. The window is read without overflow (at most maxPaceWindow); backoff caps the
// hint at MaxRetryWait anyway.
func leakInterval(h http.Header) (time.Duration, bool) {
	r := parseRateLimit(h)
	if !r.hasWindow || r.windowMS <= 0 {
		return 0, false
	}
	d := millis(r.windowMS)
	if r.hasLimit && r.limit > 0 {
		d /= time.Duration(r.limit)
	}
	return d, true
}
