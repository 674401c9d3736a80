package frameio

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// pacer spaces the calls of each endpoint class so that they stay within its limit before they are
// sent, shared by every caller of one Client: with pacing, a 429 is the exception that retries, not the
// steady state of a run of a thousand resources.
//
// Each class keeps the times of its last N calls and lets a call go when fewer than N fall in the window
// before it (a sliding window: it never exceeds N per window, which also keeps Frame.io's leaky bucket,
// of capacity N draining N per window, from overflowing). A small margin absorbs the jitter between when
// a call leaves and when the service counts it.
//
// Replies correct the model: x-ratelimit-limit and -window replace the documented limit, and when
// x-ratelimit-remaining shows more calls counted than the class has made (someone else using the same
// account user, or an earlier run), the difference is added as calls that drain one leak interval
// apart, as the service's bucket does. Replies are bounded before they are believed (saneLimit,
// ratelimit_headers.go). The first call of a class goes alone, so a bucket already full from elsewhere
// is learnt from one reply, not from a burst of 429s; the calls waiting for it go as soon as its first
// attempt is over (a reply, an error or a timeout: not its whole retry chain), and after probeHold at
// most.
type pacer struct {
	now func() time.Time
	// sleep waits d or until ctx ends; tests inject a virtual clock with now.
	sleep     func(ctx context.Context, d time.Duration) error
	probeHold time.Duration
	off       bool // tests that turn the emulator's limits off
	mu        sync.Mutex
	classes   map[string]*paceClass
}

// defaultProbeHold bounds how long a call waits for the first reply of its class. A reply normally
// comes within a second; a first call that takes longer is stalled or slow, and the documented limit
// is a safe model for the others meanwhile (if the bucket is full from elsewhere, a few 429s teach
// the pacer instead, which costs retries, not minutes).
const defaultProbeHold = 5 * time.Second

type paceClass struct {
	doc   RateLimit   // the documented limit (registry), which bounds what replies may set
	lim   RateLimit   // zero when neither the registry nor a reply gave one: not paced
	sent  []time.Time // times of calls (some in the future: reserved), ascending, pruned to the window
	seen  bool        // a reply's rate-limit headers were read, or the probe finished
	probe chan struct{}
}

func newPacer(now func() time.Time) *pacer {
	return &pacer{now: now, sleep: httpx.Sleep, probeHold: defaultProbeHold, classes: map[string]*paceClass{}}
}

// paceMargin is added to the window: Window/50 + 20 ms (40 ms for a 1 s window, 1.2 s for a minute).
func paceMargin(w time.Duration) time.Duration { return w/50 + 20*time.Millisecond }

func (p *pacer) class(key string) *paceClass {
	c := p.classes[key]
	if c == nil {
		doc := documentedLimits()[key]
		c = &paceClass{doc: doc, lim: doc}
		p.classes[key] = c
	}
	return c
}

// reserve books the next call of class key no earlier than not-before time earliest and returns how
// long to wait for it. When the class has not been heard from yet and its first call is in flight,
// it returns that call's channel instead (wait, then reserve again). release, when not nil, must be
// called once the reply (or the error) of this call is in: this call is the class's probe.
func (p *pacer) reserve(key string, earliest time.Time) (wait time.Duration, probe <-chan struct{}, release func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return max(0, earliest.Sub(p.now())), nil, nil
	}
	c := p.class(key)
	if !c.seen {
		if c.probe != nil {
			return 0, c.probe, nil
		}
		ch := make(chan struct{})
		c.probe = ch
		release = func() { p.finishProbe(key, ch) }
	}
	now := p.now()
	t := now
	if earliest.After(t) {
		t = earliest
	}
	if c.lim.N <= 0 || c.lim.Window <= 0 {
		return t.Sub(now), nil, release
	}
	c.prune(now)
	if n := len(c.sent); n > 0 && c.sent[n-1].After(t) {
		t = c.sent[n-1] // calls go in the order they were booked
	}
	if n := len(c.sent); n >= c.lim.N {
		if free := c.sent[n-c.lim.N].Add(c.lim.Window + paceMargin(c.lim.Window)); free.After(t) {
			t = free
		}
	}
	c.sent = append(c.sent, t)
	return t.Sub(now), nil, release
}

// untilFree reports how long a call of class key booked now would wait, without booking it. While the
// class's first call is in flight it returns that call's channel instead (wait, then ask again).
func (p *pacer) untilFree(key string) (time.Duration, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return 0, nil
	}
	c := p.class(key)
	if !c.seen && c.probe != nil {
		return 0, c.probe
	}
	if c.lim.N <= 0 || c.lim.Window <= 0 {
		return 0, nil
	}
	now := p.now()
	c.prune(now)
	t := now
	if n := len(c.sent); n > 0 && c.sent[n-1].After(t) {
		t = c.sent[n-1]
	}
	if n := len(c.sent); n >= c.lim.N {
		if free := c.sent[n-c.lim.N].Add(c.lim.Window + paceMargin(c.lim.Window)); free.After(t) {
			t = free
		}
	}
	return t.Sub(now), nil
}

// waitFree blocks until a call of class key would go at once, without booking it.
func (p *pacer) waitFree(ctx context.Context, key string) error {
	for {
		d, probe := p.untilFree(key)
		if probe != nil {
			if err := p.awaitProbe(ctx, key, probe); err != nil {
				return err
			}
			continue
		}
		if d <= 0 {
			return ctx.Err()
		}
		if err := p.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// prune drops the calls that can no longer count in a window starting at or after now.
func (c *paceClass) prune(now time.Time) {
	cut := now.Add(-c.lim.Window - paceMargin(c.lim.Window))
	i := 0
	for i < len(c.sent) && !c.sent[i].After(cut) {
		i++
	}
	c.sent = c.sent[i:]
}

// finishProbe ends class key's probe ch, if it is still the class's probe: the class counts as heard
// from and the calls waiting for ch go.
func (p *pacer) finishProbe(key string, ch <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.class(key)
	if c.probe != nil && c.probe == ch {
		c.endProbe()
	}
}

// endProbe marks the class heard from and releases the calls waiting for its first reply. p.mu held.
func (c *paceClass) endProbe() {
	c.seen = true
	if c.probe != nil {
		close(c.probe)
		c.probe = nil
	}
}

// heard records that an attempt of class key is over (with a reply or an error): the calls waiting for
// the class's first reply go now, not after the retries of the first call.
func (p *pacer) heard(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.class(key).endProbe()
}

// wait blocks until a call of class key may be sent. The returned release (never nil) must be called
// when the call's reply is in.
func (p *pacer) wait(ctx context.Context, key string) (release func(), err error) {
	for {
		d, probe, rel := p.reserve(key, time.Time{})
		if probe != nil {
			if err := p.awaitProbe(ctx, key, probe); err != nil {
				return func() {}, err
			}
			continue
		}
		if rel == nil {
			rel = func() {}
		}
		if err := p.sleep(ctx, d); err != nil {
			rel()
			return func() {}, err
		}
		return rel, nil
	}
}

// awaitProbe waits for the end of class key's first attempt (probe), for probeHold at most: then the
// probe counts as over and the documented limit paces the class until a reply corrects it.
func (p *pacer) awaitProbe(ctx context.Context, key string, probe <-chan struct{}) error {
	hold := time.NewTimer(p.probeHold)
	defer hold.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-probe:
	case <-hold.C:
		p.finishProbe(key, probe)
	}
	return nil
}

// after books a retry of class key that backs off for at least d and returns the wait until it may go.
func (p *pacer) after(key string, d time.Duration) time.Duration {
	p.mu.Lock()
	p.class(key).endProbe() // a retry follows an attempt: there is nothing left to probe
	p.mu.Unlock()
	w, _, _ := p.reserve(key, p.now().Add(d))
	return w
}

// observe corrects class key with the rate-limit headers of a reply received now. The headers are
// bounded first (saneLimit): a reply cannot make the class keep more than a bounded number of call
// times, nor wait for more than a bounded interval between calls.
func (p *pacer) observe(key string, h http.Header) {
	r := parseRateLimit(h)
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.class(key)
	if r.hasLimit && r.hasWindow && r.limit > 0 && r.windowMS > 0 {
		c.lim = saneLimit(c.doc, r.limit, r.windowMS)
	}
	if r.hasLimit || r.hasRemaining {
		c.endProbe()
	}
	if !r.hasRemaining || c.lim.N <= 0 || c.lim.Window <= 0 {
		return
	}
	now := p.now()
	c.prune(now)
	ours := 0
	for _, t := range c.sent {
		if !t.After(now) {
			ours++
		}
	}
	// remaining is at most the limit, so extra is at most c.lim.N, which saneLimit bounds.
	extra := c.lim.N - int(min(r.remaining, int64(c.lim.N))) - ours
	if extra <= 0 {
		return
	}
	// The service counts extra calls this class did not make: model them as made one leak interval
	// apart, ending now, so that they drain as the service's bucket does.
	leak := c.lim.Window / time.Duration(c.lim.N)
	for k := 1; k <= extra; k++ {
		c.sent = append(c.sent, now.Add(-c.lim.Window+time.Duration(k)*leak))
	}
	sort.Slice(c.sent, func(i, j int) bool { return c.sent[i].Before(c.sent[j]) })
}
