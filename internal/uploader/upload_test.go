package uploader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
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
	e := emulatortest.New(t, emulator.Options{PartSize: 1_000_000})
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
	e := emulatortest.New(t, emulator.Options{})
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
	e := emulatortest.New(t, emulator.Options{PartSize: 10_000})
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
	e := emulatortest.New(t, emulator.Options{PartSize: 1000})
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

func TestCancelMidUpload(t *testing.T) {
	e := emulatortest.New(t, emulator.Options{PartSize: 1_000_000, Bandwidth: 1_000_000})
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
	e := emulatortest.New(t, emulator.Options{PartSize: 1_000_000})
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
	e := emulatortest.New(t, emulator.Options{PartSize: 1_000_000})
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
	e := emulatortest.New(t, emulator.Options{PartSize: 100_000, Bandwidth: 2_000_000})
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

func runtimeGoroutines() int { return numGoroutine() }
