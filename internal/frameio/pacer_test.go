package frameio

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"
)

// simClock is a clock the test steps by hand.
type simClock struct{ t time.Time }

func (c *simClock) now() time.Time { return c.t }

// book reserves one call of key at the simulated now and returns when it would go. A probe is released
// at once, as its reply (without headers) would be.
func book(p *pacer, key string) time.Time {
	d, probe, release := p.reserve(key, time.Time{})
	if probe != nil {
		panic("unexpected probe wait")
	}
	if release != nil {
		release()
	}
	return p.now().Add(d)
}

// checkWithin fails when sends ever exceed lim: more than N in any window of lim.Window, or an overflow
// of the service's model, a leaky bucket of capacity N draining N per Window (as the emulator counts).
func checkWithin(t *testing.T, sends []time.Time, lim RateLimit) {
	t.Helper()
	for i := range sends {
		n := 0
		for j := i; j < len(sends) && sends[j].Sub(sends[i]) < lim.Window; j++ {
			n++
		}
		if n > lim.N {
			t.Fatalf("%d calls within %v from call %d (limit %d)", n, lim.Window, i, lim.N)
		}
	}
	rate := float64(lim.N) / lim.Window.Seconds()
	level, last := 0.0, sends[0]
	for i, s := range sends {
		if s.Before(last) {
			t.Fatalf("call %d goes at %v, before call %d", i, s, i-1)
		}
		level = math.Max(0, level-s.Sub(last).Seconds()*rate)
		last = s
		if level+1 > float64(lim.N)+1e-9 {
			t.Fatalf("call %d overflows the leaky bucket (level %.3f of %d)", i, level, lim.N)
		}
		level++
	}
}

func TestPacerNeverExceedsTheLimit(t *testing.T) {
	for _, key := range []string{"files.show", "files.create_local_upload", "folders.create", "folders.update"} {
		lim := documentedLimits()[key]
		t.Run(fmt.Sprintf("%s %d per %v", key, lim.N, lim.Window), func(t *testing.T) {
			clk := &simClock{t: time.Unix(1_700_000_000, 0)}
			p := newPacer(clk.now)
			const calls = 200
			// Bursts of 25 concurrent callers (all booking at one instant), the clock stepping to the
			// last booked call between bursts, as callers that sleep until their turn would.
			var sends []time.Time
			for len(sends) < calls {
				for range 25 {
					sends = append(sends, book(p, key))
				}
				clk.t = sends[len(sends)-1]
			}
			checkWithin(t, sends, lim)
			// Not slower than needed: a burst of N, then N per window plus the margin.
			span := sends[len(sends)-1].Sub(sends[0])
			perWindow := lim.Window + paceMargin(lim.Window)
			want := time.Duration(math.Ceil(float64(calls-lim.N)/float64(lim.N))) * perWindow
			if span > want {
				t.Fatalf("%d calls took %v, want at most %v", calls, span, want)
			}
			if span < want-perWindow {
				t.Fatalf("%d calls took %v: faster than the limit allows", calls, span)
			}
		})
	}
}

func TestPacerSteadyCallerWithinLimit(t *testing.T) {
	// One caller after another, each waiting its turn, with arbitrary gaps.
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	p := newPacer(clk.now)
	lim := documentedLimits()["files.show"]
	var sends []time.Time
	for i := range 300 {
		s := book(p, "files.show")
		sends = append(sends, s)
		clk.t = s.Add(time.Duration(i%7) * 13 * time.Millisecond)
	}
	checkWithin(t, sends, lim)
}

func TestPacerLearnsFromHeaders(t *testing.T) {
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	p := newPacer(clk.now)
	hdr := func(limit, remaining, windowMS int) http.Header {
		h := http.Header{}
		h.Set(headerRateLimitLimit, fmt.Sprint(limit))
		h.Set(headerRateLimitRemaining, fmt.Sprint(remaining))
		h.Set(headerRateLimitWindow, fmt.Sprint(windowMS))
		return h
	}

	// The first call finds the bucket already full (an earlier run): later calls go one leak interval
	// (1 s / 10) apart, not in a burst.
	first := book(p, "files.show")
	p.observe("files.show", hdr(10, 0, 1000))
	var sends []time.Time
	for range 5 {
		s := book(p, "files.show")
		sends = append(sends, s)
		clk.t = s
	}
	for i, s := range sends {
		want := first.Add(time.Duration(i+1)*100*time.Millisecond + paceMargin(time.Second))
		if s.Before(want.Add(-time.Millisecond)) || s.After(want.Add(time.Millisecond)) {
			t.Fatalf("call %d after a full bucket goes at +%v, want +%v", i+1, s.Sub(first), want.Sub(first))
		}
	}

	// A reply's limit replaces the documented one: 2 per 2 s for a class documented 10 per second (ten
	// times slower: the most a reply may slow a class, see saneLimit).
	p2 := newPacer(clk.now)
	book(p2, "files.show")
	p2.observe("files.show", hdr(2, 1, 2_000))
	second := book(p2, "files.show")
	third := book(p2, "files.show")
	if second != clk.t || third.Sub(clk.t) < 2*time.Second {
		t.Fatalf("with 2 per 2 s: second call at +%v, third at +%v", second.Sub(clk.t), third.Sub(clk.t))
	}

	// Classes are independent, and one without a documented limit or headers is not paced.
	for range 50 {
		if s := book(p2, "no.such_operation"); !s.Equal(clk.t) {
			t.Fatalf("unknown class paced to +%v", s.Sub(clk.t))
		}
	}
}

func TestPacerFirstCallProbes(t *testing.T) {
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	p := newPacer(clk.now)
	_, probe, release := p.reserve("files.show", time.Time{})
	if probe != nil || release == nil {
		t.Fatal("the first call of a class must be the probe")
	}
	_, wait, rel2 := p.reserve("files.show", time.Time{})
	if wait == nil || rel2 != nil {
		t.Fatal("a second call must wait for the probe's reply")
	}
	select {
	case <-wait:
		t.Fatal("released before the probe's reply")
	default:
	}
	p.observe("files.show", http.Header{headerRateLimitRemaining: {"9"}})
	select {
	case <-wait:
	default:
		t.Fatal("the probe's reply did not release the waiters")
	}
	release() // idempotent after observe
	if _, probe, rel := p.reserve("files.show", time.Time{}); probe != nil || rel != nil {
		t.Fatal("after the probe, calls go without waiting for replies")
	}

	// A probe whose reply never comes (network error) releases on its own release, and a waiter's
	// cancelled context ends its wait.
	_, _, release = p.reserve("files.list", time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.wait(ctx, "files.list"); err == nil {
		t.Fatal("wait with a cancelled context waiting on a probe must fail")
	}
	release()
	if _, probe, _ := p.reserve("files.list", time.Time{}); probe != nil {
		t.Fatal("still probing after the probe's release")
	}
}

func TestPacerRetryBooksASlot(t *testing.T) {
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	p := newPacer(clk.now)
	lim := documentedLimits()["folders.create"] // 3 per second
	for range lim.N {
		book(p, "folders.create")
	}
	// A retry after a 1 s backoff takes the first free slot at or after it, and is counted.
	if w := p.after("folders.create", 100*time.Millisecond); w < time.Second {
		t.Fatalf("retry may go after %v, before the window frees a slot", w)
	}
	if w := p.after("folders.create", 5*time.Second); w != 5*time.Second {
		t.Fatalf("retry with a 5 s backoff waits %v", w)
	}
}

// virtualClock is the pacer's clock in tests that go through a Client: its sleeps pass at once, moving
// its time forward, so spacing is measured exactly whatever the machine's load. A sleep longer than
// the context's remaining (real) time blocks until the context ends, as a real one would.
type virtualClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration // the last sleep asked for
}

func newVirtualClock() *virtualClock { return &virtualClock{t: time.Unix(1_700_000_000, 0)} }

// drive makes c's pacer use the clock.
func (v *virtualClock) drive(c *Client) {
	c.pacer.now = v.now
	c.pacer.sleep = v.sleep
}

func (v *virtualClock) now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.t
}

func (v *virtualClock) lastSleep() time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.slept
}

func (v *virtualClock) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	v.mu.Lock()
	v.slept = d
	v.mu.Unlock()
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		<-ctx.Done()
		return ctx.Err()
	}
	v.mu.Lock()
	v.t = v.t.Add(d)
	v.mu.Unlock()
	return ctx.Err()
}

func TestPacerFirstAttemptReleasesWaiters(t *testing.T) {
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	// The first attempt of the first call ends (a reply without rate-limit headers, an error, a timeout):
	// the waiters go, though the call itself may now retry for minutes.
	p := newPacer(clk.now)
	_, _, release := p.reserve("files.show", time.Time{})
	_, wait, _ := p.reserve("files.show", time.Time{})
	p.heard("files.show")
	select {
	case <-wait:
	default:
		t.Fatal("the end of the first attempt did not release the waiters")
	}
	release()

	// Booking the first call's retry releases them too (it follows an attempt).
	p = newPacer(clk.now)
	_, _, release = p.reserve("files.show", time.Time{})
	_, wait, _ = p.reserve("files.show", time.Time{})
	p.after("files.show", time.Minute)
	select {
	case <-wait:
	default:
		t.Fatal("a retry of the first call kept the waiters waiting")
	}
	release()
}

func TestPacerProbeHoldBoundsTheWait(t *testing.T) {
	// The first call never ends (no reply, no release): a waiter goes after probeHold anyway. Were it
	// held, wait would end with the context (30 s) and an error.
	p := newPacer(time.Now)
	p.probeHold = 10 * time.Millisecond
	_, _, _ = p.reserve("files.show", time.Time{})
	rel, err := p.wait(ctxT(t), "files.show")
	if err != nil {
		t.Fatalf("a waiter was held by a first call that never ended: %v", err)
	}
	rel()
	if _, probe, _ := p.reserve("files.show", time.Time{}); probe != nil {
		t.Fatal("still probing after the hold")
	}
}

func TestPacerWaitEndsWithContext(t *testing.T) {
	// Real time: the next call of the class is a minute away; a context that ends in 20 ms ends the
	// wait with its error (had the wait ignored it, wait would return nil after the minute).
	p := newPacer(time.Now)
	lim := documentedLimits()["folders.update"] // 10 per minute
	for range lim.N + 1 {
		d, _, release := p.reserve("folders.update", time.Time{})
		if release != nil {
			release()
		}
		_ = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := p.wait(ctx, "folders.update"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestPacerBoundsRateLimitHeaders(t *testing.T) {
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	const key = "files.show" // documented 10 per second: a reply may set 1..100 calls, 100 ms..2 s, ≤ 1 s apart
	for _, tc := range []struct {
		name string
		h    http.Header
		want RateLimit
	}{
		{"huge limit", hdr("x-ratelimit-limit", "100000000", "x-ratelimit-window", "1000", "x-ratelimit-remaining", "0"), RateLimit{100, time.Second}},
		{"huge window", hdr("x-ratelimit-limit", "10", "x-ratelimit-window", "9223372036854775807", "x-ratelimit-remaining", "0"), RateLimit{10, 2 * time.Second}},
		{"one per hour", hdr("x-ratelimit-limit", "1", "x-ratelimit-window", "3600000", "x-ratelimit-remaining", "0"), RateLimit{1, time.Second}},
		{"tiny window", hdr("x-ratelimit-limit", "10", "x-ratelimit-window", "1", "x-ratelimit-remaining", "0"), RateLimit{10, 100 * time.Millisecond}},
		{"huge remaining", hdr("x-ratelimit-limit", "20", "x-ratelimit-window", "1000", "x-ratelimit-remaining", "100000000"), RateLimit{20, time.Second}},
		{"within bounds", hdr("x-ratelimit-limit", "20", "x-ratelimit-window", "2000", "x-ratelimit-remaining", "3"), RateLimit{20, 2 * time.Second}},
		{"overflowing", hdr("x-ratelimit-limit", "99999999999999999999", "x-ratelimit-window", "1000"), RateLimit{10, time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &simClock{t: time.Unix(1_700_000_000, 0)}
			p := newPacer(clk.now)
			book(p, key)
			p.observe(key, tc.h)
			c := p.classes[key]
			if c.lim != tc.want {
				t.Fatalf("limit %v per %v, want %v per %v", c.lim.N, c.lim.Window, tc.want.N, tc.want.Window)
			}
			// Memory: at most one time per call of the (bounded) window, however often replies repeat it.
			for range 50 {
				p.observe(key, tc.h)
			}
			if len(c.sent) > c.lim.N {
				t.Fatalf("%d call times kept for a limit of %d", len(c.sent), c.lim.N)
			}
			// Time: each next call goes within the bounded window (plus the margin), not a year later.
			for range 3 {
				next := book(p, key)
				if w := next.Sub(clk.t); w > 2*time.Second+paceMargin(2*time.Second) {
					t.Fatalf("next call waits %v", w)
				}
				clk.t = next
			}
		})
	}
}

func TestPacerUntilFreePeeksWithoutBooking(t *testing.T) {
	clk := &simClock{t: time.Unix(1_700_000_000, 0)}
	p := newPacer(clk.now)
	const key = "folders.update" // 10 per minute
	lim := documentedLimits()[key]
	if d, probe := p.untilFree(key); d != 0 || probe != nil {
		t.Fatalf("an unused class: wait %v, probe %v; want a call at once", d, probe)
	}
	for range lim.N {
		book(p, key)
	}
	d1, _ := p.untilFree(key)
	d2, _ := p.untilFree(key)
	if d1 <= 0 || d1 != d2 {
		t.Fatalf("after %d calls: untilFree %v then %v; want the same positive wait (no booking)", lim.N, d1, d2)
	}
	if got := book(p, key).Sub(clk.t); got != d1 {
		t.Fatalf("the next booking waits %v; untilFree said %v", got, d1)
	}
	for range lim.N - 1 {
		book(p, key)
	}
	if d, _ := p.untilFree(key); d <= d1 {
		t.Fatalf("a full window booked after the announced slot: untilFree %v, want more than %v", d, d1)
	}
}

func TestPacerWaitFreeWaitsForTheFirstReply(t *testing.T) {
	p := newPacer(time.Now)
	_, _, release := p.reserve("folders.update", time.Time{}) // the class's first call, in flight
	done := make(chan error, 1)
	go func() { done <- p.waitFree(ctxT(t), "folders.update") }()
	select {
	case err := <-done:
		t.Fatalf("waitFree returned (%v) while the class's first call was in flight", err)
	case <-time.After(20 * time.Millisecond):
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("waitFree after the first reply: %v", err)
	}
}
