package emulator

import (
	"sync/atomic"
	"time"
)

// Clock is the emulator's source of time for everything it models: processing and transcode delays,
// upload status, pre-signed URL dates and expiry, timestamps in replies and rate-limit buckets.
//
// Bandwidth throttling, injected latency and the request log's Start/Duration stay on real time: they
// pace or measure real bytes and waits on real connections, which a stepped clock cannot shorten.
type Clock interface {
	Now() time.Time
}

// realClock is the Clock used when Options.Clock is nil.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// TestClock is real time plus an offset that only grows. Time keeps flowing normally (rate-limit
// buckets leak, delays pass), and a test can jump past a processing delay or a URL expiry with Advance
// instead of sleeping. The zero value is ready to use; it is safe for concurrent use.
type TestClock struct {
	offset atomic.Int64 // nanoseconds added to time.Now
}

// NewTestClock returns a TestClock that starts at real time.
func NewTestClock() *TestClock { return &TestClock{} }

// Now returns real time plus everything Advance added.
func (c *TestClock) Now() time.Time {
	return time.Now().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock forward by d. A negative d panics: modelled state (bucket levels, landing
// times) assumes time never runs backwards.
func (c *TestClock) Advance(d time.Duration) {
	if d < 0 {
		panic("emulator: TestClock.Advance with a negative duration")
	}
	c.offset.Add(int64(d))
}
