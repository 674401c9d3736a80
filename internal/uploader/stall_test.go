package uploader

// The stall deadline against httptest servers that stop: a handler that blocks until the request's
// context ends is storage that never answers (or stopped reading). Nothing asserts how long an upload
// took; the deadlines are small and the moving transfers move far more often than them.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// storage serves PUTs of a part with h, and fails the test if a PUT's body is not the part.
func storage(t *testing.T, h func(n int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(n.Add(1), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// hold blocks until the client gives up on r (or a failsafe, so that a broken uploader fails the test
// instead of hanging it).
func hold(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(20 * time.Second):
	}
}

func stallOpts(t *testing.T, logs *logSink, stall time.Duration) Options {
	o := fastOpts(t, 1, logs)
	o.StallTimeout = stall
	return o
}

func upload(t *testing.T, o Options, url string, r io.ReaderAt, size int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return New(o).Upload(ctx, Job{Reader: r, Size: size, ContentType: "video/mp4",
		Parts: []Part{{URL: url + "/part?X-Amz-Signature=s3cr3t-sig", Size: size}}})
}

func TestStalledReplyIsRetried(t *testing.T) {
	// Storage takes the whole part, then never answers: the attempt fails after the stall deadline and
	// the part is sent again.
	data := bytes.Repeat([]byte("frame"), 2000)
	srv, n := storage(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		got, _ := io.ReadAll(r.Body)
		if !bytes.Equal(got, data) {
			t.Errorf("attempt %d: %d bytes, not the part", n, len(got))
		}
		if n == 1 {
			hold(r)
		}
	})
	var logs logSink
	if err := upload(t, stallOpts(t, &logs, 200*time.Millisecond), srv.URL, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("a stalled part was not retried to success: %v", err)
	}
	if n.Load() != 2 || logs.count("stalled: no reply for 200ms after the whole part was sent (upload stall timeout)") != 2 {
		// two lines: the attempt's debug line and the retry's warning
		t.Fatalf("%d PUTs; logs: %v", n.Load(), logs.lines)
	}
	logs.checkNoSecrets(t)
}

func TestStalledBodyIsRetried(t *testing.T) {
	// Storage reads 1 MB of a 32 MB part and stops reading: once the socket buffers are full, no byte
	// moves, and the attempt fails; the retry is read whole. The source is zeros: no memory to speak of.
	const size = 32 << 20
	// A handler that stopped reading does not see the client go (the server notices only once the
	// body is read): the first one waits for the end of the test.
	done := make(chan struct{})
	srv, n := storage(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			_, _ = io.CopyN(io.Discard, r.Body, 1<<20)
			<-done
			return
		}
		if got, _ := io.Copy(io.Discard, r.Body); got != size {
			t.Errorf("attempt %d: %d bytes", n, got)
		}
	})
	t.Cleanup(func() { close(done) }) // runs before the server's Close (cleanups run last first)
	var logs logSink
	err := upload(t, stallOpts(t, &logs, 500*time.Millisecond), srv.URL, zeros{}, size)
	if err != nil {
		t.Fatalf("a stalled part was not retried to success: %v", err)
	}
	if n.Load() < 2 || logs.count("stalled: no bytes moved for 500ms after") == 0 {
		t.Fatalf("%d PUTs; logs: %v", n.Load(), logs.lines)
	}
}

func TestSlowMovingPartIsNotCut(t *testing.T) {
	// The part trickles out for about five times the stall deadline, 4 KiB every 25 ms: it is never cut.
	const size = 100 * 4096
	srv, n := storage(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if got, _ := io.Copy(io.Discard, r.Body); got != size {
			t.Errorf("attempt %d: %d bytes", n, got)
		}
	})
	var logs logSink
	o := stallOpts(t, &logs, 500*time.Millisecond)
	o.MaxRetries = -1
	if err := upload(t, o, srv.URL, slowReader{every: 25 * time.Millisecond, chunk: 4096}, size); err != nil {
		t.Fatalf("a slow but moving part was cut: %v", err)
	}
	if n.Load() != 1 || logs.count("stalled") != 0 {
		t.Fatalf("%d PUTs; logs: %v", n.Load(), logs.lines)
	}
}

func TestStalledPartRunsOutOfRetries(t *testing.T) {
	srv, n := storage(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		hold(r)
	})
	o := stallOpts(t, nil, 100*time.Millisecond)
	o.MaxRetries = 1
	err := upload(t, o, srv.URL, bytes.NewReader([]byte("abc")), 3)
	var pe *PartError
	var se *StallError
	if !errors.As(err, &pe) || !errors.As(err, &se) || pe.Attempts != 2 || n.Load() != 2 || se.After != 100*time.Millisecond {
		t.Fatalf("err = %v after %d PUTs", err, n.Load())
	}
}

// zeros is an endless source of zero bytes.
type zeros struct{}

func (zeros) ReadAt(p []byte, _ int64) (int, error) {
	clear(p)
	return len(p), nil
}

// slowReader gives chunk bytes at a time, each after every: a slow disk or network mount.
type slowReader struct {
	every time.Duration
	chunk int
}

func (s slowReader) ReadAt(p []byte, _ int64) (int, error) {
	time.Sleep(s.every)
	n := min(len(p), s.chunk)
	clear(p[:n])
	return n, nil
}
