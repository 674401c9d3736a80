package frameio

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
)

// testToken is distinctive so that tests can assert it never leaks into errors or logs.
const testToken = "tok-SECRET-7f3a9c-do-not-leak"

// fastConfig returns a Config with tiny retry waits.
func fastConfig(baseURL string) Config {
	return Config{
		BaseURL:      baseURL,
		Token:        testToken,
		MinRetryWait: time.Millisecond,
		MaxRetryWait: 5 * time.Millisecond,
	}
}

// newEmu starts an emulator that accepts testToken.
func newEmu(t *testing.T, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	return emulatortest.New(t, opts)
}

// newClient returns a client for the emulator; mod may adjust the config.
func newClient(t *testing.T, e *emulator.Emulator, mod ...func(*Config)) *Client {
	t.Helper()
	cfg := fastConfig(e.URL())
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	// A test that turns the emulator's limits off does so to make many calls quickly: pacing off too.
	c.pacer.off = e.Options().NoRateLimits
	return c
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiRequests returns the emulator's logged Frame.io API requests (not S3), optionally only those
// whose path ends with suffix.
func apiRequests(e *emulator.Emulator, suffix string) []emulator.Request {
	var out []emulator.Request
	for _, r := range e.Requests() {
		if r.S3 || !strings.HasSuffix(r.Path, suffix) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// recLogger records log lines.
type recLogger struct {
	mu    sync.Mutex
	lines []logLine
}

type logLine struct {
	level, msg string
	fields     map[string]any
}

func (l *recLogger) Debug(_ context.Context, msg string, f map[string]any) { l.add("debug", msg, f) }
func (l *recLogger) Warn(_ context.Context, msg string, f map[string]any)  { l.add("warn", msg, f) }

func (l *recLogger) add(level, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{level, msg, f})
}

func (l *recLogger) get(level string) []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logLine
	for _, x := range l.lines {
		if level == "" || x.level == level {
			out = append(out, x)
		}
	}
	return out
}

func (l *recLogger) String() string {
	var b strings.Builder
	for _, x := range l.get("") {
		fmt.Fprintf(&b, "%s %s %v\n", x.level, x.msg, x.fields)
	}
	return b.String()
}

func mustAPIError(t *testing.T, err error, status int) *APIError {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an APIError %d, got nil", status)
	}
	ae, ok := err.(*APIError)
	if !ok {
		t.Fatalf("expected *APIError, got %T: %v", err, err)
	}
	if ae.StatusCode != status {
		t.Fatalf("status = %d, want %d (%v)", ae.StatusCode, status, err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatalf("error leaks the token: %v", err)
	}
	return ae
}
