// Package uploader is the chunked, parallel, streaming upload engine: it PUTs the byte ranges of a
// local file to pre-signed object-storage URLs (one URL per part), with retries, a process-wide
// concurrency cap, progress reporting and cancellation.
//
// It knows nothing of Terraform, of Frame.io's JSON or of the storage's own headers: a caller hands
// it the parts (URL, size) in file order, the headers to send with each (such as an ACL the URLs
// were signed with) and an io.ReaderAt. Parts are streamed from the reader (memory does not grow
// with the part or file size), and a pre-signed URL never appears in an error or a log field.
package uploader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Part is one pre-signed URL and the number of bytes it takes. A part's offset in the file is the sum
// of the sizes of the parts before it. The part that reaches the end of the file carries only the bytes
// that remain, even when its size is larger (a nominal chunk size), and parts after it are not sent.
type Part struct {
	URL  string
	Size int64
}

// Progress is a snapshot of an upload. BytesDone counts bytes handed to the network; it goes back when
// a part is retried (the part restarts from its first byte), so it is only almost monotonic.
type Progress struct {
	BytesDone, Total      int64
	BytesPerSecond        float64 // BytesDone / Elapsed
	PartsDone, PartsTotal int
	Elapsed               time.Duration
}

// Options configures an Uploader. The zero value is usable.
type Options struct {
	// HTTPClient sends the PUTs; nil means a client on NewTransport(Limiter.Cap()). The client is copied:
	// the uploader always uses it without a cookie jar and without following redirects.
	HTTPClient *http.Client
	// Limiter caps part PUTs in flight; share one across uploads. nil means NewLimiter(5).
	Limiter *Limiter
	// MaxRetries is the number of retries per part after the first attempt, resolved by httpx.Retries:
	// 0 means httpx.DefaultRetries, < 0 means none.
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff between attempts of a part (defaults 1 s
	// and 30 s). A Retry-After header from the server overrides the computed delay (up to
	// httpx.MaxRetryAfter).
	MinBackoff, MaxBackoff time.Duration
	// ProgressInterval throttles Job.OnProgress; default 2 s.
	ProgressInterval time.Duration
	// StallTimeout fails an attempt of a part when no byte of it moved for this long: not sent, and
	// then no reply (see stall.go). It is never a total: a part that keeps moving is never cut. 0 means
	// DefaultStallTimeout, < 0 none. A stalled attempt is retried like a failed one.
	StallTimeout time.Duration
	// Logf receives structured log lines, level "debug", "info" or "warn". Fields never contain a
	// pre-signed URL's query string. Optional.
	Logf func(ctx context.Context, level string, msg string, fields map[string]any)
}

// Defaults for Options fields left zero.
const (
	DefaultConcurrency      = 5
	DefaultMinBackoff       = time.Second
	DefaultMaxBackoff       = 30 * time.Second
	DefaultProgressInterval = 2 * time.Second
	// DefaultStallTimeout: storage that took no byte of a part, or has not answered it, for two minutes
	// is stalled (the transport's old wait for a reply after the last byte was two minutes too).
	DefaultStallTimeout = 2 * time.Minute
)

// Uploader runs uploads. It is safe for concurrent use; all its uploads share its Limiter.
type Uploader struct {
	client           *http.Client
	limiter          *Limiter
	maxRetries       int
	minBackoff       time.Duration
	maxBackoff       time.Duration
	progressInterval time.Duration
	stallTimeout     time.Duration // 0: none
	logf             func(ctx context.Context, level string, msg string, fields map[string]any)
}

// New returns an Uploader with opts' defaults filled in.
func New(opts Options) *Uploader {
	u := &Uploader{
		limiter:          opts.Limiter,
		maxRetries:       httpx.Retries(opts.MaxRetries),
		minBackoff:       opts.MinBackoff,
		maxBackoff:       opts.MaxBackoff,
		progressInterval: opts.ProgressInterval,
		logf:             opts.Logf,
	}
	if u.limiter == nil {
		u.limiter = NewLimiter(DefaultConcurrency)
	}
	if u.minBackoff <= 0 {
		u.minBackoff = DefaultMinBackoff
	}
	if u.maxBackoff <= 0 {
		u.maxBackoff = DefaultMaxBackoff
	}
	u.maxBackoff = max(u.maxBackoff, u.minBackoff)
	if u.progressInterval <= 0 {
		u.progressInterval = DefaultProgressInterval
	}
	switch {
	case opts.StallTimeout == 0:
		u.stallTimeout = DefaultStallTimeout
	case opts.StallTimeout > 0:
		u.stallTimeout = opts.StallTimeout
	}
	u.client = clientFor(opts.HTTPClient, u.limiter.Cap())
	return u
}

// Upload sends every part of job and returns when all were accepted (nil), when a part failed for good
// (an error wrapping a *PartError; the other parts are cancelled), or when ctx ended (an error wrapping
// ctx.Err()). Nothing is sent unless the job is valid. Upload does not touch job.Reader after it returns.
func (u *Uploader) Upload(ctx context.Context, job Job) error {
	spans, err := validate(job)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("upload not started: %w", err)
	}

	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{
		u:      u,
		job:    job,
		spans:  spans,
		ctx:    pctx,
		cancel: cancel,
		start:  time.Now(),
	}
	started := map[string]any{
		"bytes": job.Size, "parts": len(spans), "concurrency": u.limiter.Cap(), "host": hostOf(job.Parts[0].URL),
	}
	if skipped := len(job.Parts) - len(spans); skipped > 0 {
		started["urls_past_end"] = skipped
	}
	u.log(ctx, "info", "upload started", started)

	var stopReporter func()
	if job.OnProgress != nil {
		stopReporter = r.startReporter()
	}

	// Dispatcher: parts start in file order. A worker token bounds this upload's goroutines (twice the
	// limiter's cap, so parts waiting out a backoff do not idle the slots); the limiter slot is taken
	// before the goroutine starts, so no goroutine exists just to wait for one.
	workers := min(len(spans), 2*u.limiter.Cap())
	tokens := make(chan struct{}, workers)
	var wg sync.WaitGroup
dispatch:
	for i := range spans {
		select {
		case tokens <- struct{}{}:
		case <-pctx.Done():
			break dispatch
		}
		if err := u.limiter.Acquire(pctx); err != nil {
			<-tokens
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-tokens }()
			r.part(i)
		}()
	}
	wg.Wait()

	if stopReporter != nil {
		stopReporter()
	}
	elapsed := time.Since(r.start)
	switch {
	case r.err != nil:
		u.log(ctx, "warn", "upload failed", map[string]any{"error": r.err.Error(), "elapsed": elapsed.String()})
		return fmt.Errorf("uploading %d bytes in %d parts: %w", job.Size, len(spans), r.err)
	case int(r.partsDone.Load()) < len(spans):
		// Only a cancelled context stops the dispatcher or a part without a failure being recorded.
		cause := ctx.Err()
		if cause == nil {
			cause = context.Canceled
		}
		verb := "cancelled"
		if errors.Is(cause, context.DeadlineExceeded) {
			verb = "timed out"
		}
		return fmt.Errorf("upload %s after %d of %d bytes (%d of %d parts done): %w", verb,
			r.bytes.Load(), job.Size, r.partsDone.Load(), len(spans), cause)
	}
	// All parts were accepted (a part counts only on a 2xx response).
	p := r.snapshot()
	u.log(ctx, "info", "upload finished", map[string]any{
		"bytes": job.Size, "parts": len(spans), "elapsed": elapsed.String(), "bytes_per_second": int64(p.BytesPerSecond),
	})
	if job.OnProgress != nil {
		job.OnProgress(p)
	}
	return nil
}

// run is the state of one Upload call.
type run struct {
	u      *Uploader
	job    Job
	spans  []span          // the PUTs to make, in file order
	ctx    context.Context // cancelled on the first permanent failure or when the caller's ctx ends
	cancel context.CancelFunc
	start  time.Time

	bytes     atomic.Int64 // bytes read by the transport from attempts not (yet) failed
	partsDone atomic.Int64

	failOnce sync.Once
	err      *PartError // first permanent failure; read after all workers finished
}

func (r *run) fail(err *PartError) {
	r.failOnce.Do(func() {
		r.err = err
		r.cancel()
	})
}

func (r *run) snapshot() Progress {
	el := time.Since(r.start)
	p := Progress{
		BytesDone:  r.bytes.Load(),
		Total:      r.job.Size,
		PartsDone:  int(r.partsDone.Load()),
		PartsTotal: len(r.spans),
		Elapsed:    el,
	}
	if s := el.Seconds(); s > 0 {
		p.BytesPerSecond = float64(p.BytesDone) / s
	}
	return p
}

// startReporter calls OnProgress every ProgressInterval while something changed, from one goroutine, so
// the callback never runs concurrently with itself (the final call is made by Upload after stop).
func (r *run) startReporter() (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(r.u.progressInterval)
		defer t.Stop()
		lastBytes, lastParts := int64(-1), -1
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				p := r.snapshot()
				if p.BytesDone != lastBytes || p.PartsDone != lastParts {
					lastBytes, lastParts = p.BytesDone, p.PartsDone
					r.job.OnProgress(p)
				}
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// part uploads part i until it succeeds, fails for good, or the run is cancelled. It is entered holding
// a limiter slot.
func (r *run) part(i int) {
	lim := r.u.limiter
	held := true
	defer func() {
		if held {
			lim.Release()
		}
	}()
	for attempt := 1; ; attempt++ {
		if !held {
			if lim.Acquire(r.ctx) != nil {
				return
			}
			held = true
		}
		res := r.attempt(i, attempt)
		lim.Release()
		held = false
		if res.err == nil {
			r.partsDone.Add(1)
			return
		}
		if r.ctx.Err() != nil {
			return // cancelled: whatever this attempt saw is not the part's fault
		}
		res.err.Attempts = attempt
		if !res.retry || attempt > r.u.maxRetries {
			r.fail(res.err)
			return
		}
		delay := r.u.backoff(attempt, res.retryAfter)
		r.u.log(r.ctx, "warn", "part failed, retrying", map[string]any{
			"part": i + 1, "parts": len(r.spans), "attempt": attempt, "status": res.err.StatusCode,
			"code": res.err.Code, "retry_in": delay.String(), "error": res.err.Error(),
		})
		if httpx.Sleep(r.ctx, delay) != nil {
			return
		}
	}
}

type attemptResult struct {
	err        *PartError // nil on success
	retry      bool
	retryAfter time.Duration
}

// attempt makes one PUT of part i with a fresh request and body.
func (r *run) attempt(i, attempt int) attemptResult {
	p := r.spans[i]
	perr := func(status int, err error) *PartError {
		return &PartError{Part: i + 1, Parts: len(r.spans), StatusCode: status, Err: err}
	}
	actx, watch, done := r.u.watchStall(r.ctx)
	defer done()
	body := &partBody{src: io.NewSectionReader(r.job.Reader, p.off, p.size), off: p.off, size: p.size, count: &r.bytes, moved: watch.Touch}
	req, err := http.NewRequestWithContext(actx, http.MethodPut, p.url, body)
	if err != nil {
		return attemptResult{err: perr(0, redactErr(err))}
	}
	req.ContentLength = p.size // exact length: S3 rejects chunked encoding
	req.GetBody = nil          // each attempt builds its own request; the transport must not replay
	for k, vs := range r.job.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if r.job.ContentType != "" {
		req.Header.Set("Content-Type", r.job.ContentType)
	}
	// Let storage refuse (expired URL, bad signature) before the part is streamed.
	req.Header.Set("Expect", "100-continue")

	r.u.log(r.ctx, "debug", "part started", map[string]any{
		"part": i + 1, "parts": len(r.spans), "offset": p.off, "size": p.size, "attempt": attempt,
	})
	started := time.Now()
	resp, err := r.u.client.Do(req)
	if err != nil {
		sent := body.finish(false)
		if srcErr := body.sourceErr(); srcErr != nil {
			return attemptResult{err: perr(0, srcErr)} // the file is wrong; retrying cannot help
		}
		if watch.Fired() {
			err = &StallError{After: watch.Duration(), Sent: sent, Size: p.size}
		}
		e := perr(0, redactErr(err))
		r.u.log(r.ctx, "debug", "part attempt error", map[string]any{"part": i + 1, "attempt": attempt, "bytes_sent": sent, "error": e.Error()})
		return attemptResult{err: e, retry: retryableNetError(err)}
	}
	watch.Touch() // the reply came: the deadline now covers reading its (small) body
	defer func() {
		// Drain a little so the connection can be reused, then close.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
	}()

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if sent := body.finish(true); sent != p.size {
			// Storage said yes without taking the whole part: never count that as uploaded.
			body.rollback()
			return attemptResult{err: perr(resp.StatusCode, fmt.Errorf("storage acknowledged the part after %d of %d bytes", sent, p.size)), retry: true}
		}
		r.u.log(r.ctx, "debug", "part done", map[string]any{
			"part": i + 1, "parts": len(r.spans), "size": p.size, "attempt": attempt, "elapsed": time.Since(started).String(),
		})
		return attemptResult{}
	}
	body.finish(false)
	e := perr(resp.StatusCode, nil)
	e.Code, e.Message = readS3Error(resp.Body)
	return attemptResult{
		err:        e,
		retry:      retryableStatus(resp.StatusCode, e.Code),
		retryAfter: retryAfter(resp.Header),
	}
}

// backoff is the wait before attempt+1: Retry-After when the server gave a positive one, otherwise
// httpx.Backoff (MinBackoff doubled per attempt up to MaxBackoff, with jitter in [d/2, d]).
func (u *Uploader) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	return httpx.Backoff(u.minBackoff, u.maxBackoff, attempt-1)
}

// retryAfter is a reply's Retry-After, 0 when absent or invalid (then backoff computes the wait).
func retryAfter(h http.Header) time.Duration {
	d, _ := httpx.RetryAfter(h, time.Now())
	return d
}

func (u *Uploader) log(ctx context.Context, level, msg string, fields map[string]any) {
	if u.logf != nil {
		u.logf(ctx, level, msg, fields)
	}
}

func hostOf(raw string) string {
	if pu, err := url.Parse(raw); err == nil {
		return pu.Host
	}
	return ""
}
