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
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// The tests run the delivery against the emulator over real HTTP, through the real client and upload
// engine. Failures come from the emulator's fault API (FailOperation, LoseReply, Stall by operation id);
// a test that must act at a moment of the delivery (between a status read and the next, before a part
// is sent) hooks the delivery's own log lines (onLog), which mark those moments.

// smallParts makes the emulator cut files into 1 MB parts, so that test files of a few MB are multi-part.
const smallParts = 1_000_000

// testEnv is an emulator and a Delivery to it.
type testEnv struct {
	t   *testing.T
	e   *emulator.Emulator
	url string // the emulator's base URL
	d   *Delivery

	mu    sync.Mutex
	logs  []string // every line the delivery and the engine logged: message and fields
	hooks []func(level, msg string, fields map[string]any)
}

// newEnv starts an emulator with opts. Unless a test sets them, processing and transcoding are instant
// (no wall-clock waits) and time is a TestClock the test may step.
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
	env := &testEnv{t: t, e: emulatortest.New(t, opts)}
	env.url = env.e.URL()
	env.d = env.newDelivery()
	return env
}

// newDelivery is a Delivery to the emulator with a client of its own: another process, such as the next
// terraform apply, which knows nothing of what env.d made.
func (env *testEnv) newDelivery() *Delivery {
	env.t.Helper()
	client, err := frameio.New(frameio.Config{
		BaseURL:      env.url,
		Token:        env.e.Options().Token,
		MinRetryWait: time.Millisecond,
		MaxRetryWait: 5 * time.Millisecond,
	})
	if err != nil {
		env.t.Fatal(err)
	}
	return New(client.ForAccount(env.e.Options().AccountID), Options{
		Concurrency: 4,
		MinBackoff:  time.Millisecond,
		MaxBackoff:  5 * time.Millisecond,
		Log:         env.record,
		EngineLog:   env.record,
	})
}

func (env *testEnv) record(_ context.Context, level, msg string, fields map[string]any) {
	env.mu.Lock()
	env.logs = append(env.logs, fmt.Sprintf("%s %s %v", level, msg, fields))
	hooks := env.hooks
	env.mu.Unlock()
	for _, h := range hooks {
		h(level, msg, fields)
	}
}

// onLog runs h on every line the delivery or the engine logs from now on, as it is logged: in the
// delivery's goroutine, at the moment the line marks.
func (env *testEnv) onLog(h func(level, msg string, fields map[string]any)) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.hooks = append(env.hooks, h)
}

// logged returns the log lines so far, one per line.
func (env *testEnv) logged() string {
	env.mu.Lock()
	defer env.mu.Unlock()
	return strings.Join(env.logs, "\n")
}

// refuse makes the emulator answer 503 to every call of the given operations until ClearFaults.
func (env *testEnv) refuse(ops ...string) {
	for _, op := range ops {
		env.e.FailOperation(op, emulator.Always, http.StatusServiceUnavailable)
	}
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
