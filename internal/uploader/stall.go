package uploader

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Stall deadline
//
// A part PUT has no total deadline: a 5 GB part on a slow link may take an hour and is fine as long
// as bytes move. What is not fine is a connection on which nothing moves any more (a load balancer
// holding the socket, storage that never answers): the attempt would wait for ever. So each attempt
// has an inactivity deadline: it fails when the transport read no byte of the part for StallTimeout
// (the transport reads the next bytes only once the socket took the previous ones), or, once the
// whole part is sent, when no reply came for StallTimeout after the last byte. The failed attempt is
// retried like any failed part (a fresh request from the part's first byte, after the backoff).

// StallError is the cause of an attempt that stopped moving. Find it with errors.As.
type StallError struct {
	After      time.Duration // the stall timeout
	Sent, Size int64         // bytes of the part the transport had read, of the part's size
}

func (e *StallError) Error() string {
	if e.Sent >= e.Size {
		return fmt.Sprintf("stalled: no reply for %v after the whole part was sent (upload stall timeout)", e.After)
	}
	return fmt.Sprintf("stalled: no bytes moved for %v after %d of %d bytes (upload stall timeout)", e.After, e.Sent, e.Size)
}

// Timeout marks the error as a timeout for net.Error-style checks.
func (e *StallError) Timeout() bool { return true }

var errStalled = errors.New("uploader: part stalled")

// watchStall returns the context of one attempt, cancelled when the attempt stalls, its deadline
// (nil when the uploader has none: every method of a nil *httpx.Inactivity is a no-op) and the
// function that ends both once the attempt is over.
func (u *Uploader) watchStall(ctx context.Context) (context.Context, *httpx.Inactivity, func()) {
	if u.stallTimeout <= 0 {
		return ctx, nil, func() {}
	}
	actx, cancel := context.WithCancelCause(ctx)
	watch := httpx.StartInactivity(u.stallTimeout, func() { cancel(errStalled) })
	return actx, watch, func() {
		watch.Stop()
		cancel(nil)
	}
}
