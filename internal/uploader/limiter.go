package uploader

import "context"

// Limiter is a counting semaphore that caps the number of part PUTs in flight. One Limiter is meant to
// be shared by every upload in a process, so that many concurrent Upload calls (for example several
// Terraform resources applied in parallel) together never exceed the cap.
//
// A slot is held for one attempt of one part: from just before the request is sent until its response
// has been drained. Slots are not held while a part waits to be retried.
type Limiter struct {
	sem chan struct{}
}

// NewLimiter returns a Limiter with n slots; n < 1 means 1.
func NewLimiter(n int) *Limiter {
	if n < 1 {
		n = 1
	}
	return &Limiter{sem: make(chan struct{}, n)}
}

// Acquire blocks until a slot is free or ctx is done. It returns ctx.Err() when ctx ends first; in that
// case no slot is held.
func (l *Limiter) Acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case l.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release frees a slot taken by Acquire.
func (l *Limiter) Release() {
	select {
	case <-l.sem:
	default:
		panic("uploader: Limiter.Release without Acquire")
	}
}

// Cap is the number of slots.
func (l *Limiter) Cap() int { return cap(l.sem) }

// InUse is the number of slots currently held (a snapshot, for logs and tests).
func (l *Limiter) InUse() int { return len(l.sem) }
