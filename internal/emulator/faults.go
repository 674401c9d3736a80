package emulator

import "time"

// Faults and runtime settings, for tests and demos. All are consumed in request order.

// FailNextParts makes the next n part PUTs fail with status and an S3 XML error body. Storage documents
// no Retry-After, so pass retryAfter 0 for a realistic 429 or 503; retryAfter > 0 adds one (whole
// seconds). The request body is drained first, as after a server-side failure.
func (e *Emulator) FailNextParts(n int, status int, retryAfter time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failParts, e.failPartStatus, e.failPartRetry = n, status, retryAfter
}

// ResetNextParts makes the next n part PUTs die mid-body: the emulator reads a little of the body, then
// hijacks the connection and closes it with a TCP reset, so the client sees a reset / EOF, no reply.
func (e *Emulator) ResetNextParts(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resetParts = n
}

// RateLimitNext makes the next n authenticated API calls fail with 429. Pass retryAfter 0 to answer as
// the service documents it, without Retry-After; retryAfter > 0 adds one (whole seconds, rounded up)
// for the tests that check a Retry-After is honoured when present.
func (e *Emulator) RateLimitNext(n int, retryAfter time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rateLimitNext, e.rateLimitRetry = n, retryAfter
}

// FailNextAPI makes the next n authenticated API calls fail with status and an error body.
// RateLimitNext faults are consumed before these.
func (e *Emulator) FailNextAPI(n int, status int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failAPI, e.failAPIStatus = n, status
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

// SetBandwidth caps the speed at which each S3 part body is read, in bytes/s (0 = unlimited).
func (e *Emulator) SetBandwidth(bytesPerSec int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.bandwidth = bytesPerSec
}

// SetLatency adds d before every reply (API and S3).
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = d
}

// SetRateLimits turns enforcement of the documented per-endpoint limits on or off (on unless
// Options.NoRateLimits). The x-ratelimit-* headers are always sent.
func (e *Emulator) SetRateLimits(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rateLimits = on
}
