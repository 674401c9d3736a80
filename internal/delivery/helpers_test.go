package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// The tests run the delivery against the emulator over real HTTP, through the real client and upload
// engine. The emulator sits behind a front the test steers (refuse chosen calls, act on a request); the
// part URLs point at the front too, because an emulator that is not listening itself takes its base
// URL from the first request's host.

// smallParts makes the emulator cut files into 1 MB parts, so that test files of a few MB are multi-part.
const smallParts = 1_000_000

// testEnv is an emulator behind a steerable front, and a Delivery to it.
type testEnv struct {
	t   *testing.T
	e   *emulator.Emulator
	url string // the front's base URL: the emulator's address for the client and for the part URLs
	d   *Delivery

	mu     sync.Mutex
	logs   []string                   // every line the delivery and the engine logged: message and fields
	refuse func(r *http.Request) bool // answered 503 without reaching the emulator
	before func(r *http.Request)      // runs before the emulator serves r
	after  func(r *http.Request)      // runs once the emulator has served r
}

// newEnv starts an emulator with opts behind a front. Unless a test sets them, processing and
// transcoding are instant (no wall-clock waits) and time is a TestClock the test may step.
func newEnv(t *testing.T, opts emulator.Options) *testEnv {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = emulator.NewTestClock()
	}
	if opts.ProcessingDelay == 0 {
		opts.ProcessingDelay = -1
	}
	if opts.TranscodeDelay == 0 {
		opts.TranscodeDelay = -1
	}
	env := &testEnv{t: t, e: emulator.New(opts)}
	front := httptest.NewServer(http.HandlerFunc(env.serve))
	t.Cleanup(func() { front.Close(); _ = env.e.Close() })
	env.url = front.URL
	client, err := frameio.New(frameio.Config{
		BaseURL:      front.URL,
		Token:        env.e.Options().Token,
		MinRetryWait: time.Millisecond,
		MaxRetryWait: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.d = New(client.ForAccount(env.e.Options().AccountID), Options{
		Concurrency: 4,
		MinBackoff:  time.Millisecond,
		MaxBackoff:  5 * time.Millisecond,
		Log:         env.record,
		EngineLog:   env.record,
	})
	return env
}

func (env *testEnv) record(_ context.Context, level, msg string, fields map[string]any) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.logs = append(env.logs, fmt.Sprintf("%s %s %v", level, msg, fields))
}

// logged returns the log lines so far, one per line.
func (env *testEnv) logged() string {
	env.mu.Lock()
	defer env.mu.Unlock()
	return strings.Join(env.logs, "\n")
}

func (env *testEnv) serve(w http.ResponseWriter, r *http.Request) {
	env.mu.Lock()
	refuse, before, after := env.refuse, env.before, env.after
	env.mu.Unlock()
	if refuse != nil && refuse(r) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"errors":[{"detail":"maintenance"}]}`))
		return
	}
	if before != nil {
		before(r)
	}
	env.e.ServeHTTP(w, r)
	if after != nil {
		after(r)
	}
}

// setRefuse makes the front answer 503 to every request f matches (nil: none).
func (env *testEnv) setRefuse(f func(r *http.Request) bool) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.refuse = f
}

func (env *testEnv) setBefore(f func(r *http.Request)) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.before = f
}

func (env *testEnv) setAfter(f func(r *http.Request)) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.after = f
}

// Request matchers.
func isPartPUT(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/s3/")
}
func isDelete(r *http.Request) bool { return r.Method == http.MethodDelete }
func isStatusGET(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/status")
}
func isStackCreate(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/version_stacks")
}
func isFileMove(r *http.Request) bool {
	return r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/files/") && strings.HasSuffix(r.URL.Path, "/move")
}
func isStackGET(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/version_stacks/")
}

func (env *testEnv) root() string { return env.e.Options().RootFolderID }

// local is a Spec for the file at src, into the root folder under its base name.
func (env *testEnv) local(src string) Spec {
	return Spec{FolderID: env.root(), Name: filepath.Base(src), Source: src}
}

// upload delivers src into the root folder and fails the test on error.
func (env *testEnv) upload(src string) *frameio.File {
	env.t.Helper()
	res, err := env.d.Upload(ctxT(env.t), env.local(src))
	if err != nil {
		env.t.Fatalf("Upload(%s): %v", src, err)
	}
	return res.File
}

// requireContents fails the test unless the emulator holds exactly files with these contents, in
// creation order.
func (env *testEnv) requireContents(wantSHAs ...string) {
	env.t.Helper()
	var got []string
	for _, f := range env.e.Files() {
		got = append(got, f.SHA256)
	}
	if strings.Join(got, ",") != strings.Join(wantSHAs, ",") {
		env.t.Fatalf("Frame.io holds contents %v, want %v", got, wantSHAs)
	}
}

// writeRandomFile writes size pseudo-random bytes (from seed) to dir/name and returns the path and the
// hex SHA-256 of the content.
func writeRandomFile(t *testing.T, dir, name string, size int, seed uint64) (string, string) {
	t.Helper()
	buf := make([]byte, size)
	rng := rand.New(rand.NewPCG(seed, uint64(size)))
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf)
	return p, hex.EncodeToString(sum[:])
}

// newHeadServer serves HEAD requests announcing a file of size bytes, counting them in heads.
func newHeadServer(t *testing.T, heads *atomic.Int32, size int64) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		heads.Add(1)
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// ctxT is a context for one test; its generous deadline only keeps a hung test from hanging the run.
func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// expiringCtx is a context whose deadline the test ends by an event rather than by the wall clock, so a
// slow machine cannot make it expire early or late: Err is context.DeadlineExceeded once expire ran.
type expiringCtx struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newExpiringCtx(parent context.Context) *expiringCtx {
	return &expiringCtx{Context: parent, done: make(chan struct{})}
}

func (c *expiringCtx) expire()               { c.once.Do(func() { close(c.done) }) }
func (c *expiringCtx) Done() <-chan struct{} { return c.done }

func (c *expiringCtx) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
