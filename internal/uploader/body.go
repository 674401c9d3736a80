package uploader

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// partBody streams one attempt of one part from the source and counts the bytes the transport reads.
//
// The transport may keep reading a request body from its own goroutine after Do returned (for example
// after a cancellation). finish marks the attempt over under the same lock the reads hold, so once it
// returned no further byte is read from the source nor counted: Upload never touches job.Reader after
// it returns, and a failed attempt's bytes are subtracted exactly once.
type partBody struct {
	mu     sync.Mutex
	src    *io.SectionReader
	off    int64
	size   int64
	n      int64 // bytes delivered
	over   bool
	srcErr error
	count  *atomic.Int64
	moved  func() // called when bytes were read: the attempt's stall deadline (stall.go)
}

var errAttemptOver = errors.New("uploader: part attempt already finished")

func (b *partBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.over {
		return 0, errAttemptOver
	}
	if b.srcErr != nil {
		return 0, b.srcErr
	}
	n, err := b.src.Read(p)
	b.n += int64(n)
	b.count.Add(int64(n))
	if n > 0 && b.moved != nil {
		b.moved()
	}
	switch {
	case err == io.EOF && b.n < b.size:
		b.srcErr = fmt.Errorf("%w: expected %d bytes at offset %d, the file ended after %d (was it changed during the upload?)",
			ErrSourceShort, b.size, b.off, b.off+b.n)
		err = b.srcErr
	case err != nil && err != io.EOF:
		b.srcErr = fmt.Errorf("reading source at offset %d: %w", b.off+b.n, err)
		err = b.srcErr
	}
	return n, err
}

// Close is a no-op: the source belongs to the caller.
func (b *partBody) Close() error { return nil }

// finish ends the attempt and returns the bytes it delivered; on failure they are taken back from the
// progress count (the part will restart from its first byte).
func (b *partBody) finish(ok bool) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.over = true
	if !ok {
		b.count.Add(-b.n)
	}
	return b.n
}

func (b *partBody) rollback() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count.Add(-b.n)
}

func (b *partBody) sourceErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.srcErr
}
