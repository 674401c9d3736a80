package emulator

import (
	"sync"
	"time"
)

// settings are the runtime knobs that are not part of the modelled state: how the network behaves and
// whether the documented rate limits are enforced. They have their own lock; handlers read a copy.
type settings struct {
	mu         sync.Mutex
	bandwidth  int64
	latency    time.Duration
	rateLimits bool
	limitScale int // serve every limit this many times the documented one; 0 or 1: as documented
}

func (s *settings) get() (bandwidth int64, latency time.Duration, rateLimits bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bandwidth, s.latency, s.rateLimits
}

// SetBandwidth caps the speed at which each S3 part body is read, in bytes/s (0 = unlimited).
func (e *Emulator) SetBandwidth(bytesPerSec int64) {
	e.settings.mu.Lock()
	defer e.settings.mu.Unlock()
	e.settings.bandwidth = bytesPerSec
}

// SetLatency adds d before every reply (API and S3).
func (e *Emulator) SetLatency(d time.Duration) {
	e.settings.mu.Lock()
	defer e.settings.mu.Unlock()
	e.settings.latency = d
}

// SetRateLimits turns enforcement of the documented per-endpoint limits on or off (on unless
// Options.NoRateLimits). The x-ratelimit-* headers are always sent.
func (e *Emulator) SetRateLimits(on bool) {
	e.settings.mu.Lock()
	defer e.settings.mu.Unlock()
	e.settings.rateLimits = on
}

// SetRateLimitScale serves every rate limit n times the documented one (n calls as many per window,
// in the x-ratelimit-* headers and in what is enforced), so that a benchmark can build a large state
// quickly (a thousand version stacks take 100 minutes at the documented 10 per minute); n <= 1 serves
// the documented limits again. Every bucket starts empty again (one filled at a scaled limit would
// answer 429 for long at the documented one). What a benchmark measures runs at the documented limits.
func (e *Emulator) SetRateLimitScale(n int) {
	e.settings.mu.Lock()
	e.settings.limitScale = n
	e.settings.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.buckets)
}

// scaled is lim as served now (SetRateLimitScale).
func (s *settings) scaled(lim RateLimit) RateLimit {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limitScale > 1 {
		lim.N *= s.limitScale
	}
	return lim
}

// SetNeverComplete(true) keeps uploads from ever reaching upload_complete (also uploads already landed
// but not yet complete). SetNeverComplete(false) lets them complete ProcessingDelay from now.
func (e *Emulator) SetNeverComplete(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.neverComplete = on
	now := e.now()
	for _, f := range e.files {
		if on && f.landed() && !f.failedAt(now) && !f.completeAt(now, e.opts) {
			f.never = true
		}
		if !on && f.never {
			f.never = false
			f.landedAt = now
		}
	}
}

// SetUploadFails(true) makes uploads whose content lands from now on report upload_failed=true (after
// ProcessingDelay) instead of upload_complete.
func (e *Emulator) SetUploadFails(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.uploadFails = on
}
