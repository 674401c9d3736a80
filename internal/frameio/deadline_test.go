package frameio

// The response deadline and the pacer's first call, against httptest servers that stall: a handler
// that blocks until the request's context ends is a connection that never answers. Deadlines are
// small (200 ms); nothing asserts how long a call took, only what happened (attempts, results).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testDeadline = 200 * time.Millisecond

// stallServer serves h; a handler stalls with stall(r), which returns when the client gives up on
// the request (or after a failsafe, so that a broken client fails the test instead of hanging it).
func stallServer(t *testing.T, h http.HandlerFunc, mod ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := fastConfig(srv.URL)
	cfg.RequestTimeout = testDeadline
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func stall(r *http.Request) {
	// The server notices that the client went away only once the request body has been read.
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(20 * time.Second):
	}
}

func TestStalledGETIsRetried(t *testing.T) {
	var n atomic.Int32
	log := &recLogger{}
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			stall(r) // no reply headers
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"f1","name":"a.mov"}}`)
	}, func(cfg *Config) { cfg.Logger = log })
	f, err := c.ForAccount("a").GetFile(ctxT(t), "f1")
	if err != nil {
		t.Fatalf("a stalled read was not retried to success: %v", err)
	}
	if f.ID != "f1" || n.Load() != 2 {
		t.Fatalf("file %+v after %d attempts, want f1 after 2", f, n.Load())
	}
	warns := log.get("warn")
	if len(warns) != 1 || !strings.Contains(fmt.Sprint(warns[0].fields["error"]), "no reply within 200ms (request timeout)") {
		t.Fatalf("the retry is not logged with its cause:\n%s", log)
	}
}

func TestStalledBodyIsRetried(t *testing.T) {
	// The headers and half the body arrive, then nothing: the attempt fails like a missing reply and
	// the list is read again.
	var n atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			_, _ = io.WriteString(w, `{"data":[{"id":"f1","na`)
			w.(http.Flusher).Flush()
			stall(r)
			return
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"f1","name":"a.mov"}],"links":{"next":null}}`)
	})
	files, err := c.ForAccount("a").ListFolderFiles(ctxT(t), "folder")
	if err != nil || len(files) != 1 || files[0].Name != "a.mov" || n.Load() != 2 {
		t.Fatalf("files %+v, err %v after %d attempts", files, err, n.Load())
	}
}

func TestStalledPOSTIsNotRetriedBlindly(t *testing.T) {
	// A create whose reply never comes may have created its folder: the client never sends it again
	// before it has looked for what the stalled one made (lostreply.go), and says what happened.
	var mu sync.Mutex
	var seq []string
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seq = append(seq, r.Method)
		mu.Unlock()
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"data":[],"links":{"next":null}}`)
			return
		}
		stall(r)
	})
	_, err := c.ForAccount("a").CreateFolder(ctxT(t), "parent", "new")
	if err == nil || !IsResponseTimeout(err) {
		t.Fatalf("err = %v, want a response timeout", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "no reply within 200ms (request timeout)") ||
		!strings.Contains(msg, "may have taken effect") {
		t.Fatalf("error does not say what happened: %s", msg)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 1; i < len(seq); i++ {
		if seq[i] == http.MethodPost && seq[i-1] == http.MethodPost {
			t.Fatalf("a POST was sent again without a look for what the stalled one made: %v", seq)
		}
	}
	if len(seq) == 0 || seq[0] != http.MethodPost {
		t.Fatalf("requests %v", seq)
	}
}

func TestPOSTAfter5xxLooksBeforeItCreatesAgain(t *testing.T) {
	// A 503 on a create may have taken effect (lostreply.go): the client looks for what the first POST
	// made before it sends another, and sends it only when nothing is there.
	var posts, lookups atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			lookups.Add(1)
			_, _ = io.WriteString(w, `{"data":[],"links":{"next":null}}`)
			return
		}
		if posts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"data":{"id":"d1","name":"new"}}`)
	})
	f, err := c.ForAccount("a").CreateFolder(ctxT(t), "parent", "new")
	if err != nil || f.ID != "d1" || posts.Load() != 2 || lookups.Load() == 0 {
		t.Fatalf("folder %+v, err %v after %d POSTs and %d lookups", f, err, posts.Load(), lookups.Load())
	}
}

func TestStalledDeleteAndPatchAreRetried(t *testing.T) {
	var calls sync.Map // method -> *atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		v, _ := calls.LoadOrStore(r.Method, new(atomic.Int32))
		if v.(*atomic.Int32).Add(1) == 1 {
			stall(r)
			return
		}
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"f1","name":"b.mov"}}`)
	})
	a := c.ForAccount("a")
	if err := a.DeleteFile(ctxT(t), "f1"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := a.RenameFile(ctxT(t), "f1", "b.mov"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	for _, m := range []string{http.MethodDelete, http.MethodPatch} {
		if v, _ := calls.Load(m); v == nil || v.(*atomic.Int32).Load() != 2 {
			t.Fatalf("%s: want 2 attempts", m)
		}
	}
}

func TestSlowStreamingReplyIsNotCut(t *testing.T) {
	// A page that streams for 2.5 times the deadline, a few bytes every 50 ms, is read whole: the
	// deadline is on inactivity, not a total. (A deadline of 1 s leaves room for a loaded machine.)
	const chunks = 50
	var n atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.WriteString(w, `{"data":[`)
		for i := range chunks {
			if i > 0 {
				_, _ = io.WriteString(w, ",")
			}
			fmt.Fprintf(w, `{"id":"f%d"}`, i)
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
		_, _ = io.WriteString(w, `],"links":{"next":null}}`)
	}, func(cfg *Config) { cfg.MaxRetries = -1; cfg.RequestTimeout = time.Second })
	files, err := c.ForAccount("a").ListFolderFiles(ctxT(t), "folder")
	if err != nil || len(files) != chunks || n.Load() != 1 {
		t.Fatalf("%d files, err %v, %d attempts", len(files), err, n.Load())
	}
}

func TestStalledReadRunsOutOfRetries(t *testing.T) {
	// A read that stalls every time fails with the timeout after its retries, and the context's own
	// deadline still ends a call sooner.
	var n atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		stall(r)
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.Me(ctxT(t))
	if !IsResponseTimeout(err) || n.Load() != 3 || strings.Contains(err.Error(), "may have taken effect") {
		t.Fatalf("err = %v after %d attempts", err, n.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), testDeadline/4)
	defer cancel()
	if _, err := c.Me(ctx); !errors.Is(err, context.DeadlineExceeded) || IsResponseTimeout(err) {
		t.Fatalf("with a shorter context: err = %v", err)
	}
}

func TestRequestTimeoutConfig(t *testing.T) {
	deadlineOf := func(cfg Config) time.Duration {
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if dt, ok := c.http.Transport.(*deadlineTransport); ok {
			return dt.timeout
		}
		return 0
	}
	if d := deadlineOf(Config{Token: "t"}); d != DefaultRequestTimeout {
		t.Fatalf("default deadline %v", d)
	}
	if d := deadlineOf(Config{Token: "t", RequestTimeout: 5 * time.Second}); d != 5*time.Second {
		t.Fatalf("configured deadline %v", d)
	}
	if d := deadlineOf(Config{Token: "t", RequestTimeout: -1}); d != 0 {
		t.Fatalf("no deadline asked, got %v", d)
	}
	// A caller's HTTP client is not modified: the client wraps a copy.
	hc := &http.Client{}
	if _, err := New(Config{Token: "t", HTTPClient: hc}); err != nil || hc.Transport != nil {
		t.Fatalf("caller's client changed: %v %v", hc.Transport, err)
	}
}

func TestFirstCallWaiterIsNotHeldThroughRetries(t *testing.T) {
	// A, the first call of files.show, stalls; B, of the same class, waits for A's first reply. A's
	// first attempt times out and A retries; its second attempt is answered only once B has arrived.
	// Were B held through A's whole retry chain, A's second attempt would wait for B for ever (20 s
	// failsafe, then a 500): B must be released when A's first attempt ends, not when A does.
	aStarted := make(chan struct{})
	bArrived := make(chan struct{})
	var aAttempts atomic.Int32
	var bSeenBySecond atomic.Bool
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/files/b"):
			close(bArrived)
		case aAttempts.Add(1) == 1:
			close(aStarted)
			stall(r)
			return
		default:
			select {
			case <-bArrived:
				bSeenBySecond.Store(true)
			case <-time.After(20 * time.Second):
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
		}
		_, _ = io.WriteString(w, `{"data":{"id":"x"}}`)
	}, func(cfg *Config) { cfg.MaxRetries = 1 })
	a := c.ForAccount("acc")
	ctx := ctxT(t)
	errA := make(chan error, 1)
	go func() {
		_, err := a.GetFile(ctx, "a")
		errA <- err
	}()
	<-aStarted
	if _, err := a.GetFile(ctx, "b"); err != nil {
		t.Fatalf("B: %v", err)
	}
	if err := <-errA; err != nil || !bSeenBySecond.Load() {
		t.Fatalf("A: err %v; B arrived during A's retry: %v", err, bSeenBySecond.Load())
	}
}

func TestHugeRateLimitHeadersThroughTheClient(t *testing.T) {
	// Every reply claims a limit of 100,000,000 with nothing remaining, and a window of ~292 years:
	// calls still go, the pacer keeps a bounded number of call times, and no wait is absurd.
	var n atomic.Int32
	c := stallServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("x-ratelimit-limit", "100000000")
		w.Header().Set("x-ratelimit-remaining", "0")
		if n.Load()%2 == 0 {
			w.Header().Set("x-ratelimit-window", "9223372036854775807")
		} else {
			w.Header().Set("x-ratelimit-window", "1000")
		}
		_, _ = io.WriteString(w, `{"data":{"id":"u"}}`)
	})
	clk := newVirtualClock()
	clk.drive(c)
	// No deadline on the context: the virtual clock would block a sleep longer than one, and what is
	// measured here is how long the pacer makes calls wait, in virtual time.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var longest time.Duration
	for range 20 {
		before := clk.now()
		if _, err := c.Me(ctx); err != nil {
			t.Fatal(err)
		}
		longest = max(longest, clk.now().Sub(before))
	}
	c.pacer.mu.Lock()
	kept := len(c.pacer.classes["users.show"].sent)
	c.pacer.mu.Unlock()
	// users.show is documented 100 per minute: a reply may raise it to 1,000 at most, plus the call
	// booked by each caller in flight (one here).
	if kept > 1000+1 {
		t.Fatalf("the pacer keeps %d call times", kept)
	}
	// No call waits longer than the longest window a reply may set (twice the documented minute) and
	// its margin, even when the replies switch windows under it.
	if limit := 2*time.Minute + paceMargin(2*time.Minute); longest > limit {
		t.Fatalf("a call waited %v of virtual time", longest)
	}
}
