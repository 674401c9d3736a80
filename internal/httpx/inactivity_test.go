package httpx

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// These tests run in a synctest bubble: time is virtual, so the deadlines are exact and nothing sleeps.

func TestInactivityFiresAfterIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at atomic.Int64
		w := StartInactivity(2*time.Second, func() { at.Store(int64(time.Since(start))) })
		defer w.Stop()
		time.Sleep(time.Second)
		w.Touch() // progress at 1 s: the deadline moves to 3 s
		time.Sleep(1500 * time.Millisecond)
		if w.Fired() {
			t.Fatal("fired 1.5 s after the last progress, with a 2 s deadline")
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if !w.Fired() || time.Duration(at.Load()) != 3*time.Second {
			t.Fatalf("fired=%v at %v, want at 3s (2 s after the last Touch)", w.Fired(), time.Duration(at.Load()))
		}
	})
}

func TestInactivityNeverCutsMovingTransfer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var stalls atomic.Int32
		w := StartInactivity(time.Second, func() { stalls.Add(1) })
		// An hour of progress every 900 ms: far longer than the deadline in total, never idle that long.
		for range 4000 {
			time.Sleep(900 * time.Millisecond)
			w.Touch()
		}
		w.Stop()
		time.Sleep(time.Hour)
		synctest.Wait()
		if stalls.Load() != 0 || w.Fired() {
			t.Fatalf("a moving transfer was cut (%d stalls)", stalls.Load())
		}
	})
}

func TestInactivityStopAndNil(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var stalls atomic.Int32
		w := StartInactivity(time.Second, func() { stalls.Add(1) })
		w.Stop()
		w.Stop() // twice is fine
		time.Sleep(time.Minute)
		synctest.Wait()
		if stalls.Load() != 0 || w.Fired() {
			t.Fatal("fired after Stop")
		}
		if w.Duration() != time.Second {
			t.Fatalf("Duration = %v", w.Duration())
		}
		// Exactly once, however long the stall lasts.
		w2 := StartInactivity(time.Second, func() { stalls.Add(1) })
		time.Sleep(time.Minute)
		synctest.Wait()
		w2.Stop()
		if stalls.Load() != 1 {
			t.Fatalf("%d stalls, want 1", stalls.Load())
		}
	})
	var none *Inactivity // no deadline configured
	none.Touch()
	none.Stop()
	if none.Fired() || none.Duration() != 0 {
		t.Fatal("a nil Inactivity fired")
	}
}
