package frameio

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
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
// apart, as the service's bucket does. The first call of a class goes alone, so a bucket already full
// from elsewhere is learnt from one reply, not from a burst of 429s.
type pacer struct {
	now     func() time.Time
	off     bool // tests that turn the emulator's limits off
	mu      sync.Mutex
	classes map[string]*paceClass
}

type paceClass struct {
	lim   RateLimit   // zero when neither the registry nor a reply gave one: not paced
	sent  []time.Time // times of calls (some in the future: reserved), ascending, pruned to the window
	seen  bool        // a reply's rate-limit headers were read, or the probe finished
	probe chan struct{}
}

func newPacer(now func() time.Time) *pacer {
	return &pacer{now: now, classes: map[string]*paceClass{}}
}

// paceMargin is added to the window: Window/50 + 20 ms (40 ms for a 1 s window, 1.2 s for a minute).
func paceMargin(w time.Duration) time.Duration { return w/50 + 20*time.Millisecond }

func (p *pacer) class(key string) *paceClass {
	c := p.classes[key]
	if c == nil {
		c = &paceClass{lim: documentedLimits()[key]}
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

// prune drops the calls that can no longer count in a window starting at or after now.
func (c *paceClass) prune(now time.Time) {
	cut := now.Add(-c.lim.Window - paceMargin(c.lim.Window))
	i := 0
	for i < len(c.sent) && !c.sent[i].After(cut) {
		i++
	}
	c.sent = c.sent[i:]
}

func (p *pacer) finishProbe(key string, ch chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.class(key)
	if c.probe == ch {
		c.seen = true
		c.probe = nil
		close(ch)
	}
}

// wait blocks until a call of class key may be sent. The returned release (never nil) must be called
// when the call's reply is in.
func (p *pacer) wait(ctx context.Context, key string) (release func(), err error) {
	for {
		d, probe, rel := p.reserve(key, time.Time{})
		if probe != nil {
			select {
			case <-ctx.Done():
				return func() {}, ctx.Err()
			case <-probe:
				continue
			}
		}
		if rel == nil {
			rel = func() {}
		}
		if err := httpx.Sleep(ctx, d); err != nil {
			rel()
			return func() {}, err
		}
		return rel, nil
	}
}

// after books a retry of class key that backs off for at least d and returns the wait until it may go.
func (p *pacer) after(key string, d time.Duration) time.Duration {
	p.mu.Lock()
	c := p.class(key)
	c.seen = true // a retry follows a reply: there is nothing left to probe
	p.mu.Unlock()
	w, _, _ := p.reserve(key, p.now().Add(d))
	return w
}

// observe corrects class key with the rate-limit headers of a reply received now.
func (p *pacer) observe(key string, h http.Header) {
	lim, limOK := headerInt(h, headerRateLimitLimit)
	win, winOK := headerInt(h, headerRateLimitWindow)
	rem, remOK := headerInt(h, headerRateLimitRemaining)
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.class(key)
	if limOK && winOK && lim > 0 && win > 0 {
		c.lim = RateLimit{N: int(lim), Window: time.Duration(win) * time.Millisecond}
	}
	if c.probe != nil && (limOK || remOK) {
		c.seen = true
		close(c.probe)
		c.probe = nil
	}
	if !remOK || c.lim.N <= 0 || c.lim.Window <= 0 {
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
	extra := c.lim.N - int(rem) - ours
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

func headerInt(h http.Header, key string) (int64, bool) {
	if h == nil {
		return 0, false
	}
	v := strings.TrimSpace(h.Get(key))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}
