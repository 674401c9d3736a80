package httpx

import (
	"sync"
	"sync/atomic"
	"time"
)

// Inactivity is an inactivity deadline: it calls its stalled function once when Touch has not been
// called for its duration. A transfer that reports every byte it moves with Touch is never cut while
// bytes move, however long it takes in total (a 50 GB part); one that stops moving is cut after the
// duration. It is what the API client's response deadline and the uploader's stall deadline share.
//
// It costs one timer per transfer: Touch is a single atomic store, and the timer, when it fires early
// (bytes moved meanwhile), is set again for the rest of the idle time.
type Inactivity struct {
	d       time.Duration
	start   time.Time    // monotonic reference of last
	last    atomic.Int64 // nanoseconds from start to the last Touch
	stalled func()

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
	fired   atomic.Bool
}

// StartInactivity starts counting: stalled runs (on its own goroutine) once d passes without a Touch,
// unless Stop was called first. d must be positive.
func StartInactivity(d time.Duration, stalled func()) *Inactivity {
	w := &Inactivity{d: d, start: time.Now(), stalled: stalled}
	w.mu.Lock()
	w.timer = time.AfterFunc(d, w.check)
	w.mu.Unlock()
	return w
}

// Touch records progress now. It is safe to call on a nil *Inactivity (no deadline).
func (w *Inactivity) Touch() {
	if w != nil {
		w.last.Store(int64(time.Since(w.start)))
	}
}

// check runs when the timer fires: a stall if nothing moved for d, otherwise the timer is set again
// for the rest of d after the last Touch.
func (w *Inactivity) check() {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		return
	}
	if idle := time.Since(w.start) - time.Duration(w.last.Load()); idle < w.d {
		w.timer.Reset(w.d - idle)
		w.mu.Unlock()
		return
	}
	w.stopped = true
	w.fired.Store(true)
	w.mu.Unlock()
	w.stalled()
}

// Stop ends the deadline; stalled will not run after Stop returns unless it already started. It is
// safe to call more than once, and on a nil *Inactivity.
func (w *Inactivity) Stop() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	w.timer.Stop()
}

// Fired reports whether the deadline passed (stalled was called). False on a nil *Inactivity.
func (w *Inactivity) Fired() bool { return w != nil && w.fired.Load() }

// Duration is the idle time the deadline allows.
func (w *Inactivity) Duration() time.Duration {
	if w == nil {
		return 0
	}
	return w.d
}
