package uploader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// created is what the emulator's local_upload endpoint returns that the uploader needs.
type created struct {
	ID        string
	MediaType string
	Parts     []Part
}

// createUpload asks the emulator for a local upload of size bytes (plain net/http, no frameio client).
func createUpload(t testing.TB, e *emulator.Emulator, name string, size int64) created {
	t.Helper()
	o := e.Options()
	body := fmt.Sprintf(`{"data":{"name":%q,"file_size":%d}}`, name, size)
	req, err := http.NewRequest(http.MethodPost, e.URL()+"/v4/accounts/"+o.AccountID+"/folders/"+o.RootFolderID+"/files/local_upload", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+o.Token)
	req.Header.Set("Content-Type", "application/json")
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("local_upload: HTTP %d: %s", resp.StatusCode, raw)
	}
	var out struct {
		Data struct {
			ID         string `json:"id"`
			MediaType  string `json:"media_type"`
			UploadURLs []struct {
				Size int64  `json:"size"`
				URL  string `json:"url"`
			} `json:"upload_urls"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("local_upload reply: %v: %s", err, raw)
	}
	c0 := created{ID: out.Data.ID, MediaType: out.Data.MediaType}
	for _, u := range out.Data.UploadURLs {
		c0.Parts = append(c0.Parts, Part{URL: u.URL, Size: u.Size})
	}
	if c0.ID == "" || c0.MediaType == "" || len(c0.Parts) == 0 {
		t.Fatalf("local_upload reply incomplete: %s", raw)
	}
	return c0
}

// randomFile writes size pseudo-random bytes and returns the path and their hex SHA-256.
func randomFile(t testing.TB, size int64, seed uint64) (string, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "src.bin")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	rng := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)})
	if _, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(rng, size)); err != nil {
		t.Fatal(err)
	}
	return p, hex.EncodeToString(h.Sum(nil))
}

// sparseFile creates a file of size zero bytes without writing them.
func sparseFile(t testing.TB, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sparse.bin")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func open(t testing.TB, p string) *os.File {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// fastOpts are Options for tests: small backoffs, quick progress, logs captured.
func fastOpts(t testing.TB, limit int, logs *logSink) Options {
	o := Options{
		HTTPClient:       &http.Client{Transport: NewTransport(limit)},
		Limiter:          NewLimiter(limit),
		MinBackoff:       5 * time.Millisecond,
		MaxBackoff:       50 * time.Millisecond,
		ProgressInterval: 10 * time.Millisecond,
	}
	t.Cleanup(o.HTTPClient.CloseIdleConnections)
	if logs != nil {
		o.Logf = logs.logf
	}
	return o
}

// logSink records log lines and checks that no field or message carries a signature.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) logf(_ context.Context, level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, fields))
}

func (l *logSink) count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, substr) {
			n++
		}
	}
	return n
}

func (l *logSink) checkNoSecrets(t testing.TB) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.lines {
		assertNoSecrets(t, "log line", s)
	}
}

// assertNoSecrets fails when text holds a URL query or signing parameter value.
func assertNoSecrets(t testing.TB, what, text string) {
	t.Helper()
	for _, bad := range []string{"X-Amz-Signature=", "X-Amz-Credential=", "X-Amz-Date=", "X-Amz-Algorithm="} {
		if strings.Contains(text, bad) && !strings.Contains(text, bad+"REDACTED") {
			t.Errorf("%s leaks %s: %s", what, bad, text)
		}
	}
	if strings.Contains(text, "EMULATORACCESSKEY") {
		t.Errorf("%s leaks the credential: %s", what, text)
	}
}

// progressLog records OnProgress calls and detects concurrent calls.
type progressLog struct {
	mu       sync.Mutex
	calls    []Progress
	inside   atomic.Int32
	overlaps atomic.Int32
	first    chan struct{}
	once     sync.Once
}

func newProgressLog() *progressLog { return &progressLog{first: make(chan struct{})} }

func (p *progressLog) on(pr Progress) {
	if p.inside.Add(1) > 1 {
		p.overlaps.Add(1)
	}
	defer p.inside.Add(-1)
	p.mu.Lock()
	p.calls = append(p.calls, pr)
	p.mu.Unlock()
	p.once.Do(func() { close(p.first) })
	time.Sleep(time.Millisecond) // widen the window in which a concurrent call would be seen
}

func (p *progressLog) snapshot() []Progress {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Progress(nil), p.calls...)
}

// s3Header is the Job.Header the emulator's part URLs are signed with (the provider sends the same).
func s3Header() http.Header { return http.Header{"X-Amz-Acl": {"private"}} }

func s3Requests(e *emulator.Emulator) []emulator.Request {
	var out []emulator.Request
	for _, r := range e.Requests() {
		if r.S3 {
			out = append(out, r)
		}
	}
	return out
}

// settleGoroutines waits until the goroutine count is back to at most base and reports the excess.
func settleGoroutines(t testing.TB, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= base {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("goroutine leak: %d now, %d before\n%s", n, base, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func numGoroutine() int { return runtime.NumGoroutine() }
