package frameio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// DefaultRequestTimeout is the response deadline of one attempt of an API call when Config sets none.
// A reply normally starts within a second and a listing page of 500 assets takes a few; a minute
// leaves room for a slow day while a stalled connection (a load balancer holding the socket) no
// longer hangs a plan for good.
const DefaultRequestTimeout = 60 * time.Second

// Response deadline
//
// Every attempt of an API call gets the deadline on its own (a retry starts afresh). It is an
// inactivity deadline, not a total one: the attempt fails when no reply headers came within the
// deadline of the request going out, or when the reply body stopped moving for that long. A long page
// that keeps streaming is never cut. It is applied in the transport, below go-retryablehttp, so that a
// timed-out attempt is an ordinary transport error to the retry policy (retry.go): retried for GET,
// DELETE and PATCH, not for POST (see checkRetry). The body is read there too, because a body that
// stalls is a failed attempt as much as missing headers are, and only an error inside the attempt
// can be retried.

// ResponseTimeoutError is an attempt of an API call that got no reply (or whose reply stopped) for
// the request timeout. Find it with errors.As or IsResponseTimeout.
type ResponseTimeoutError struct {
	After time.Duration // the request timeout
	Body  bool          // the headers came, then the body stopped moving
}

func (e *ResponseTimeoutError) Error() string {
	if e.Body {
		return fmt.Sprintf("the reply stopped: no bytes for %v (request timeout)", e.After)
	}
	return fmt.Sprintf("no reply within %v (request timeout)", e.After)
}

// Timeout marks the error as a timeout for net.Error-style checks.
func (e *ResponseTimeoutError) Timeout() bool { return true }

// IsResponseTimeout reports whether err is (or wraps) a ResponseTimeoutError: the call may or may not
// have taken effect on the service.
func IsResponseTimeout(err error) bool {
	var te *ResponseTimeoutError
	return errors.As(err, &te)
}

var errStalled = errors.New("frameio: response deadline passed")

// deadlineTransport applies the response deadline to each request it carries.
type deadlineTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

// withResponseDeadline returns a copy of hc whose transport applies timeout to every attempt.
func withResponseDeadline(hc *http.Client, timeout time.Duration) *http.Client {
	cp := *hc
	next := cp.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp.Transport = &deadlineTransport{next: next, timeout: timeout}
	return &cp
}

func (t *deadlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	watch := httpx.StartInactivity(t.timeout, func() { cancel(errStalled) })
	defer func() {
		watch.Stop()
		cancel(nil)
	}()
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if watch.Fired() {
			return nil, &ResponseTimeoutError{After: t.timeout}
		}
		return nil, err
	}
	watch.Touch()
	body, err := readBody(resp, watch)
	if err != nil {
		if watch.Fired() {
			return nil, &ResponseTimeoutError{After: t.timeout, Body: true}
		}
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// readBody reads and closes resp's body, touching watch as bytes arrive. It keeps what do (client.go)
// reads: up to maxReplyBytes+1 of a 2xx reply (so that do can say it is too large), maxErrorBytes of
// another; the rest of an error reply is drained a little so the connection can be reused.
func readBody(resp *http.Response, watch *httpx.Inactivity) ([]byte, error) {
	defer resp.Body.Close()
	limit := int64(maxErrorBytes)
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		limit = maxReplyBytes + 1
	}
	r := &touchReader{r: resp.Body, watch: watch}
	b, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) == maxErrorBytes && limit == maxErrorBytes {
		_, _ = io.Copy(io.Discard, io.LimitReader(r, 1<<20))
	}
	return b, nil
}

// touchReader reports every byte read to an inactivity deadline.
type touchReader struct {
	r     io.Reader
	watch *httpx.Inactivity
}

func (t *touchReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.watch.Touch()
	}
	return n, err
}

// idempotent reports whether an attempt of method may be sent again after it timed out without a
// reply: it may have taken effect, and sending it again must not do it twice. GET, HEAD and DELETE
// are idempotent by HTTP's definition; the client's PATCHes set fields to values (a name, a share's
// settings) or move an asset to a parent, which done twice is done once. A POST creates: another
// attempt could create a second object, so it is not sent again on a timeout.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodDelete, http.MethodPatch, http.MethodPut, http.MethodOptions:
		return true
	}
	return false
}
