package uploader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// upload runs one upload of the file at path against a fresh emulator upload and returns the error.
func uploadFile(t testing.TB, e *emulator.Emulator, u *Uploader, c created, path string, size int64, pl *progressLog) error {
	t.Helper()
	job := Job{Reader: open(t, path), Size: size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType}
	if pl != nil {
		job.OnProgress = pl.on
	}
	return u.Upload(context.Background(), job)
}

// checkStored asserts that the emulator holds exactly the local bytes.
func checkStored(t testing.TB, e *emulator.Emulator, id, wantSHA string, size int64) {
	t.Helper()
	// The emulator hashes the assembled content in the background once the last part landed.
	var f emulator.File
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var ok bool
		if f, ok = e.File(id); !ok {
			t.Fatalf("file %s not in emulator", id)
		}
		if f.SHA256 != "" || time.Now().After(deadline) {
			break
		}
	}
	if f.BytesReceived != size || f.SHA256 != wantSHA {
		t.Fatalf("stored %d bytes sha %s; want %d bytes sha %s", f.BytesReceived, f.SHA256, size, wantSHA)
	}
}

// checkS3Headers asserts every part PUT carried the signed headers and nothing it must not.
func checkS3Headers(t testing.TB, e *emulator.Emulator, mediaType string) {
	t.Helper()
	reqs := s3Requests(e)
	if len(reqs) == 0 {
		t.Fatal("no S3 requests recorded")
	}
	for _, r := range reqs {
		if r.Method != http.MethodPut {
			t.Errorf("S3 %s %s", r.Method, r.Path)
		}
		if v := r.Header.Get("Authorization"); v != "" {
			t.Errorf("Authorization header sent to S3 (%s): %q", r.Path, v)
		}
		if r.Header.Get("Cookie") != "" {
			t.Errorf("cookie sent to S3")
		}
		if r.Header.Get("X-Amz-Acl") != "private" || r.Header.Get("Content-Type") != mediaType {
			t.Errorf("S3 %s headers: acl %q type %q", r.Path, r.Header.Get("X-Amz-Acl"), r.Header.Get("Content-Type"))
		}
		if te := r.Header.Get("Transfer-Encoding"); te != "" {
			t.Errorf("transfer-encoding %q", te)
		}
	}
}

func checkProgress(t testing.TB, pl *progressLog, size int64, parts int) {
	t.Helper()
	calls := pl.snapshot()
	if len(calls) == 0 {
		t.Fatal("no progress")
	}
	last := calls[len(calls)-1]
	if last.BytesDone != size || last.Total != size || last.PartsDone != parts || last.PartsTotal != parts || last.BytesPerSecond <= 0 || last.Elapsed <= 0 {
		t.Fatalf("final progress %+v, want %d bytes, %d parts", last, size, parts)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i].Elapsed < calls[i-1].Elapsed || calls[i].PartsDone < calls[i-1].PartsDone {
			t.Fatalf("progress went back: %+v then %+v", calls[i-1], calls[i])
		}
	}
	if n := pl.overlaps.Load(); n != 0 {
		t.Fatalf("OnProgress called concurrently %d times", n)
	}
}

func TestUploadMultiPartWithRemainder(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 1_000_000})
	const size = 3_500_001
	path, sum := randomFile(t, size, 1)
	c := createUpload(t, e, "clip.mov", size)
	if len(c.Parts) != 4 || c.Parts[0].Size == c.Parts[3].Size {
		t.Fatalf("emulator parts: %+v", c.Parts)
	}
	var logs logSink
	pl := newProgressLog()
	u := New(fastOpts(t, 3, &logs))
	if err := uploadFile(t, e, u, c, path, size, pl); err != nil {
		t.Fatal(err)
	}
	checkStored(t, e, c.ID, sum, size)
	checkS3Headers(t, e, c.MediaType)
	checkProgress(t, pl, size, 4)
	if n := len(s3Requests(e)); n != 4 {
		t.Fatalf("%d S3 requests for 4 parts", n)
	}
	logs.checkNoSecrets(t)
	if logs.count("upload finished") != 1 {
		t.Fatalf("logs: %v", logs.lines)
	}
}

func TestUploadSinglePart(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{})
	const size = 1234
	path, sum := randomFile(t, size, 2)
	c := createUpload(t, e, "a.jpg", size)
	if len(c.Parts) != 1 {
		t.Fatalf("parts %+v", c.Parts)
	}
	pl := newProgressLog()
	if err := uploadFile(t, e, New(fastOpts(t, 5, nil)), c, path, size, pl); err != nil {
		t.Fatal(err)
	}
	checkStored(t, e, c.ID, sum, size)
	checkS3Headers(t, e, c.MediaType)
	checkProgress(t, pl, size, 1)
}

func TestUploadManySmallParts(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 10_000})
	const size = 2_000_000 - 17
	path, sum := randomFile(t, size, 3)
	c := createUpload(t, e, "many.bin", size)
	if len(c.Parts) != 200 {
		t.Fatalf("%d parts", len(c.Parts))
	}
	base := runtimeGoroutines()
	var peak atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the engine must not start one goroutine per part
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			n := int64(runtimeGoroutines() - base)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(time.Millisecond)
		}
	}()
	pl := newProgressLog()
	err := uploadFile(t, e, New(fastOpts(t, 4, nil)), c, path, size, pl)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	checkStored(t, e, c.ID, sum, size)
	checkProgress(t, pl, size, 200)
	// 4 slots -> at most 8 part goroutines + reporter, plus transport and server goroutines per connection.
	if p := peak.Load(); p > 60 {
		t.Fatalf("peak extra goroutines %d for 200 parts with a limit of 4", p)
	}
	t.Logf("peak extra goroutines (client+server) for 200 parts: %d", peak.Load())
}

func TestPartsStartInOrder(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 1000})
	const size = 20_000
	path, sum := randomFile(t, size, 4)
	c := createUpload(t, e, "o.bin", size)
	if err := uploadFile(t, e, New(fastOpts(t, 1, nil)), c, path, size, nil); err != nil {
		t.Fatal(err)
	}
	checkStored(t, e, c.ID, sum, size)
	for i, r := range s3Requests(e) {
		if !strings.HasSuffix(r.Path, fmt.Sprintf("/%d", i+1)) {
			t.Fatalf("request %d went to %s", i+1, r.Path)
		}
	}
}

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		inject  func(e *emulator.Emulator)
		extra   int           // extra S3 requests expected
		minTime time.Duration // Retry-After must be honoured
	}{
		{"5xx", func(e *emulator.Emulator) { e.FailNextParts(2, 500, 0) }, 2, 0},
		{"503 SlowDown", func(e *emulator.Emulator) { e.FailNextParts(1, 503, 0) }, 1, 0},
		{"400 RequestTimeout", func(e *emulator.Emulator) { e.FailNextParts(1, 400, 0) }, 1, 0},
		{"reset", func(e *emulator.Emulator) { e.ResetNextParts(2) }, 2, 0},
		{"429 Retry-After", func(e *emulator.Emulator) { e.FailNextParts(1, 429, time.Second) }, 1, 900 * time.Millisecond},
		{"429", func(e *emulator.Emulator) { e.FailNextParts(2, 429, 0) }, 2, 0},
		{"408", func(e *emulator.Emulator) { e.FailNextParts(1, 408, 0) }, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := emulator.NewTest(t, emulator.Options{PartSize: 300_000})
			const size = 1_000_003
			path, sum := randomFile(t, size, 5)
			c := createUpload(t, e, "r.mp4", size)
			tc.inject(e)
			var logs logSink
			pl := newProgressLog()
			start := time.Now()
			if err := uploadFile(t, e, New(fastOpts(t, 2, &logs)), c, path, size, pl); err != nil {
				t.Fatal(err)
			}
			el := time.Since(start)
			checkStored(t, e, c.ID, sum, size)
			checkS3Headers(t, e, c.MediaType)
			checkProgress(t, pl, size, len(c.Parts))
			if n, want := len(s3Requests(e)), len(c.Parts)+tc.extra; n != want {
				t.Fatalf("%d S3 requests, want %d", n, want)
			}
			if n := logs.count("retrying"); n != tc.extra {
				t.Fatalf("%d retry logs, want %d: %v", n, tc.extra, logs.lines)
			}
			if el < tc.minTime {
				t.Fatalf("finished in %v, Retry-After asked for %v", el, tc.minTime)
			}
			if tc.minTime == 0 && el > 3*time.Second {
				t.Fatalf("took %v", el)
			}
			logs.checkNoSecrets(t)
		})
	}
}

func TestRetriesExhausted(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 300_000})
	const size = 600_000
	path, _ := randomFile(t, size, 6)
	c := createUpload(t, e, "x.mov", size)
	e.FailNextParts(100, 500, 0)
	o := fastOpts(t, 1, nil)
	o.MaxRetries = 2
	err := uploadFile(t, e, New(o), c, path, size, nil)
	var pe *PartError
	if !errors.As(err, &pe) || pe.StatusCode != 500 || pe.Code != "InternalError" || pe.Attempts != 3 {
		t.Fatalf("err = %v (%+v)", err, pe)
	}
	// While part 1 waits to retry, its slot goes to part 2, which fails the same way: the first part to
	// use up its 3 attempts ends the upload and stops the other.
	if n := len(s3Requests(e)); n < 3 || n > 6 {
		t.Fatalf("%d requests, want 3..6", n)
	}
	for _, w := range []string{fmt.Sprintf("part %d of 2", pe.Part), "HTTP 500", "InternalError", "after 3 attempts"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
	assertNoSecrets(t, "error", err.Error())
}

func TestForbiddenFailsFast(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 100_000, Bandwidth: 4_000_000})
	const size = 2_000_000
	path, _ := randomFile(t, size, 7)
	c := createUpload(t, e, "f.mov", size)
	if len(c.Parts) != 20 {
		t.Fatalf("%d parts", len(c.Parts))
	}
	e.FailNextParts(1, 403, 0)
	var logs logSink
	o := fastOpts(t, 3, &logs)
	base := runtimeGoroutines()
	start := time.Now()
	err := uploadFile(t, e, New(o), c, path, size, nil)
	el := time.Since(start)
	o.HTTPClient.CloseIdleConnections()
	settleGoroutines(t, base)
	var pe *PartError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if pe.StatusCode != 403 || pe.Code != "AccessDenied" || pe.Attempts != 1 || !pe.URLRejected() || pe.Part < 1 || pe.Part > 3 {
		t.Fatalf("PartError %+v", pe)
	}
	msg := err.Error()
	if !regexp.MustCompile(`part [123] of 20: HTTP 403 Forbidden \(S3 AccessDenied`).MatchString(msg) || !strings.Contains(msg, "pre-signed URL was rejected (expired or not valid)") {
		t.Fatalf("error text: %s", msg)
	}
	assertNoSecrets(t, "error", msg)
	if strings.Contains(msg, "?") && !strings.Contains(msg, "?REDACTED") {
		t.Fatalf("query in error: %s", msg)
	}
	if n := len(s3Requests(e)); n >= 10 {
		t.Fatalf("%d part requests after a permanent failure: not cancelled", n)
	}
	if f, _ := e.File(c.ID); f.BytesReceived == size {
		t.Fatal("all parts landed")
	}
	if el > 2*time.Second {
		t.Fatalf("failing took %v", el)
	}
	logs.checkNoSecrets(t)
	t.Logf("error: %v (after %v, %d S3 requests)", err, el, len(s3Requests(e)))
}

func TestExpiredURLs(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 100_000, URLExpiry: time.Millisecond})
	const size = 1_000_000
	path, _ := randomFile(t, size, 8)
	c := createUpload(t, e, "late.mov", size)
	time.Sleep(1100 * time.Millisecond) // URLs are signed with whole-second dates
	start := time.Now()
	err := uploadFile(t, e, New(fastOpts(t, 2, nil)), c, path, size, nil)
	var pe *PartError
	if !errors.As(err, &pe) || pe.StatusCode != 403 || pe.Attempts != 1 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "expired") || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("error does not say expired: %v", err)
	}
	assertNoSecrets(t, "error", err.Error())
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %v", el)
	}
	t.Logf("error: %v", err)
}

func TestCancelMidUpload(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 1_000_000, Bandwidth: 1_000_000})
	const size = 8_000_000
	path := sparseFile(t, size)
	c := createUpload(t, e, "slow.mov", size)
	f := open(t, path)
	o := fastOpts(t, 4, nil)
	u := New(o)
	base := runtimeGoroutines()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pl := newProgressLog()
	done := make(chan error, 1)
	go func() {
		done <- u.Upload(ctx, Job{Reader: f, Size: size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType, OnProgress: pl.on})
	}()
	select {
	case <-pl.first:
	case <-time.After(5 * time.Second):
		t.Fatal("no progress")
	}
	cancel()
	cancelled := time.Now()
	var err error
	select {
	case err = <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Upload did not return after cancel")
	}
	if el := time.Since(cancelled); el > time.Second {
		t.Errorf("returned %v after cancel", el)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v", err)
	}
	var pe *PartError
	if errors.As(err, &pe) {
		t.Fatalf("cancellation reported as a part failure: %v", err)
	}
	if fi, _ := e.File(c.ID); fi.BytesReceived == size {
		t.Fatal("upload finished anyway")
	}
	o.HTTPClient.CloseIdleConnections()
	settleGoroutines(t, base)
	t.Logf("cancel: %v", err)
}

// hideStat keeps the uploader from learning the source size up front, so the mid-stream check runs.
type hideStat struct{ io.ReaderAt }

func TestSourceShorterThanDeclared(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 1_000_000})
	const size = 3_000_000
	path, _ := randomFile(t, 2_500_000, 9)
	c := createUpload(t, e, "short.mov", size)

	// An *os.File is measured before anything is sent.
	err := New(fastOpts(t, 2, nil)).Upload(context.Background(), Job{Reader: open(t, path), Size: size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType})
	if !errors.Is(err, ErrSourceShort) || !strings.Contains(err.Error(), "2500000") || len(s3Requests(e)) != 0 {
		t.Fatalf("err = %v, %d requests", err, len(s3Requests(e)))
	}

	// A reader of unknown size fails on the part that runs dry, without retries or a hang.
	start := time.Now()
	err = New(fastOpts(t, 1, nil)).Upload(context.Background(), Job{Reader: hideStat{open(t, path)}, Size: size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType})
	var pe *PartError
	if !errors.Is(err, ErrSourceShort) || !errors.As(err, &pe) || pe.Part != 3 || pe.Attempts != 1 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "source file is shorter than declared size") || !strings.Contains(err.Error(), "part 3 of 3") {
		t.Fatalf("err = %v", err)
	}
	if n := len(s3Requests(e)); n > 3 {
		t.Fatalf("%d requests: short part retried", n)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("took %v", el)
	}
	t.Logf("short source: %v", err)
}

func TestInvalidJobSendsNothing(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 1_000_000})
	const size = 2_500_000
	path, _ := randomFile(t, size, 10)
	c := createUpload(t, e, "bad.mov", size)
	u := New(fastOpts(t, 2, nil))
	f := open(t, path)

	err := u.Upload(context.Background(), Job{Reader: f, Size: size + 1, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType})
	if !errors.Is(err, ErrInvalidJob) || !strings.Contains(err.Error(), "2500000") || !strings.Contains(err.Error(), "2500001") {
		t.Fatalf("err = %v", err)
	}
	bad := append([]Part(nil), c.Parts...)
	bad[1].URL = "not a url/?X-Amz-Signature=secret"
	err = u.Upload(context.Background(), Job{Reader: f, Size: size, Parts: bad, Header: s3Header(), ContentType: c.MediaType})
	if !errors.Is(err, ErrInvalidJob) || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "part 2 of 3") {
		t.Fatalf("err = %v", err)
	}
	if n := len(s3Requests(e)); n != 0 {
		t.Fatalf("%d S3 requests for invalid jobs", n)
	}
}

// inflight is a RoundTripper that counts requests between RoundTrip and the response body's Close.
type inflight struct {
	next      http.RoundTripper
	cur, peak atomic.Int64
}

func (c *inflight) RoundTrip(r *http.Request) (*http.Response, error) {
	n := c.cur.Add(1)
	for p := c.peak.Load(); n > p && !c.peak.CompareAndSwap(p, n); p = c.peak.Load() {
	}
	resp, err := c.next.RoundTrip(r)
	if err != nil {
		c.cur.Add(-1)
		return nil, err
	}
	resp.Body = &closeHook{ReadCloser: resp.Body, done: func() { c.cur.Add(-1) }}
	return resp, nil
}

type closeHook struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (h *closeHook) Close() error {
	err := h.ReadCloser.Close()
	h.once.Do(h.done)
	return err
}

func TestSharedLimiterCapsConcurrency(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 100_000, Bandwidth: 2_000_000})
	const size = 1_200_000
	tr := NewTransport(3)
	t.Cleanup(tr.CloseIdleConnections)
	counter := &inflight{next: tr}
	lim := NewLimiter(3)
	// Two Uploaders (as two resources would have) sharing one limiter and client.
	mk := func() *Uploader {
		return New(Options{HTTPClient: &http.Client{Transport: counter}, Limiter: lim, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		path, sum := randomFile(t, size, uint64(20+i))
		c := createUpload(t, e, fmt.Sprintf("c%d.mov", i), size)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = uploadFile(t, e, mk(), c, path, size, nil); errs[i] == nil {
				checkStored(t, e, c.ID, sum, size)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if p := counter.peak.Load(); p > 3 || p < 2 {
		t.Fatalf("peak in-flight %d with a shared limit of 3", p)
	}
	if lim.InUse() != 0 {
		t.Fatalf("%d limiter slots still held", lim.InUse())
	}
	t.Logf("peak in-flight across 3 concurrent uploads: %d", counter.peak.Load())
}

func TestHashFileAlongsideUpload(t *testing.T) {
	e := emulator.NewTest(t, emulator.Options{PartSize: 500_000})
	const size = 3_000_000
	path, sum := randomFile(t, size, 11)
	c := createUpload(t, e, "h.mov", size)
	var wg sync.WaitGroup
	var hash string
	var herr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		hash, _, herr = HashFile(context.Background(), path)
	}()
	if err := uploadFile(t, e, New(fastOpts(t, 3, nil)), c, path, size, nil); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if herr != nil || hash != sum {
		t.Fatalf("hash %s %v, want %s", hash, herr, sum)
	}
	checkStored(t, e, c.ID, sum, size)
}

func runtimeGoroutines() int { return numGoroutine() }
