package frameio

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

func TestNewBaseURL(t *testing.T) {
	for _, tc := range []struct {
		in, want, errPart string
	}{
		{"https://api.frame.io", "https://api.frame.io", ""},
		{"https://api.frame.io/", "https://api.frame.io", ""},
		{"https://api.frame.io/v4/", "https://api.frame.io", ""},
		{"", DefaultBaseURL, ""},
		{"https://proxy.example.com:8443/frameio/", "https://proxy.example.com:8443/frameio", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http://127.3.4.5", "http://127.3.4.5", ""},
		{"http://localhost:1234/", "http://localhost:1234", ""},
		{"http://LOCALHOST", "http://LOCALHOST", ""},
		{"http://[::1]:9000", "http://[::1]:9000", ""},
		{"http://api.frame.io", "", "loopback"},
		{"http://10.0.0.1", "", "loopback"},
		{"http://localhost.evil.com", "", "loopback"},
		{"http://[::2]", "", "loopback"},
		{"ftp://api.frame.io", "", "absolute http(s)"},
		{"api.frame.io", "", "absolute http(s)"},
		{"/v4", "", "absolute http(s)"},
		{"https://", "", "absolute http(s)"},
		{"https://api.frame.io?x=1", "", "query"},
		{"https://user:pw@api.frame.io", "", "user info"},
		{"::garbage::", "", "invalid base URL"},
		{"https://api.frame.io/%zz", "", "invalid base URL"},
	} {
		c, err := New(Config{BaseURL: tc.in, Token: "t"})
		if tc.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errPart) {
				t.Errorf("New(%q): err = %v, want one containing %q", tc.in, err, tc.errPart)
			}
			if err != nil && strings.Contains(tc.in, "pw") && strings.Contains(err.Error(), "pw") {
				t.Errorf("New(%q): error echoes the password: %v", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q): %v", tc.in, err)
			continue
		}
		if got := c.base.String(); got != tc.want {
			t.Errorf("New(%q): base = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNewDefaultsAndToken(t *testing.T) {
	if _, err := New(Config{BaseURL: "https://api.frame.io"}); err == nil || !strings.Contains(err.Error(), "Token") {
		t.Fatalf("empty token: %v", err)
	}
	if _, err := New(Config{Token: "a\nb"}); err == nil {
		t.Fatal("token with a newline accepted")
	}
	c, err := New(Config{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	// Literals, not the constants under test: 5 retries is the documented max_retries default, 100 the
	// largest page_size every list endpoint takes, 500 that of a folder's files.
	if c.maxRetries != 5 || c.minWait != 500*time.Millisecond || c.maxWait != 30*time.Second ||
		c.userAgent != "terraform-provider-frameio" || c.http == nil || c.pageSizeOf(opFolderChildren) != 100 ||
		c.pageSizeOf(opListFiles) != 500 || c.reads == nil {
		t.Fatalf("defaults: %+v", c)
	}
	c, _ = New(Config{Token: "t", MaxRetries: -3, MinRetryWait: time.Second, MaxRetryWait: time.Millisecond})
	if c.maxRetries != 0 || c.maxWait != time.Second {
		t.Fatalf("retries %d, max wait %v", c.maxRetries, c.maxWait)
	}
}

func TestBackoff(t *testing.T) {
	c, _ := New(Config{Token: "t"}) // defaults: 500ms .. 30s
	resp := func(status int, kv ...string) *http.Response {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return &http.Response{StatusCode: status, Header: h}
	}
	between := func(name string, got, lo, hi time.Duration) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s: %v not in [%v, %v]", name, got, lo, hi)
		}
	}
	for i := 0; i < 50; i++ {
		// 429 without hints: at least 1 s, doubling, up to +20% jitter, capped at 30 s.
		between("429 #0", c.backoff(0, resp(429)), time.Second, 1200*time.Millisecond)
		between("429 #1", c.backoff(1, resp(429)), 2*time.Second, 2400*time.Millisecond)
		between("429 #3", c.backoff(3, resp(429)), 8*time.Second, 9600*time.Millisecond)
		between("429 #10", c.backoff(10, resp(429)), 30*time.Second, 30*time.Second)
		// 429 with the rate-limit window hint: 60000 ms / 10 calls = 6 s per call.
		between("429 hint", c.backoff(0, resp(429, "x-ratelimit-window", "60000", "x-ratelimit-limit", "10")), 6*time.Second, 7200*time.Millisecond)
		between("429 window only", c.backoff(0, resp(429, "x-ratelimit-window", "3000")), 3*time.Second, 3600*time.Millisecond)
		// Retry-After wins, exactly, even above MaxRetryWait.
		between("429 Retry-After", c.backoff(4, resp(429, "Retry-After", "2")), 2*time.Second, 2*time.Second)
		between("503 Retry-After", c.backoff(0, resp(503, "Retry-After", "45")), 45*time.Second, 45*time.Second)
		between("Retry-After capped", c.backoff(0, resp(503, "Retry-After", "99999")), httpx.MaxRetryAfter, httpx.MaxRetryAfter)
		between("Retry-After past", c.backoff(0, resp(503, "Retry-After", "Thu, 01 Jan 2015 00:00:00 GMT")), 0, 0)
		between("Retry-After junk", c.backoff(0, resp(503, "Retry-After", "soon")), 500*time.Millisecond, 500*time.Millisecond)
		// 5xx / network: equal jitter around 500ms * 2^n.
		between("500 #0", c.backoff(0, resp(500)), 500*time.Millisecond, 500*time.Millisecond)
		between("500 #2", c.backoff(2, resp(500)), time.Second, 2*time.Second)
		between("net #3", c.backoff(3, nil), 2*time.Second, 4*time.Second)
		between("net #40", c.backoff(40, nil), 15*time.Second, 30*time.Second)
	}
}

func TestRetryableStatus(t *testing.T) {
	for code, want := range map[int]bool{200: false, 400: false, 401: false, 403: false, 404: false, 409: false, 422: false,
		429: true, 500: true, 501: false, 502: true, 503: true, 504: true, 599: true} {
		if retryableStatus(code) != want {
			t.Errorf("retryableStatus(%d) = %v", code, !want)
		}
	}
}

func TestAPIErrorFormat(t *testing.T) {
	e := &APIError{StatusCode: 422, Method: "POST", Path: "/v4/accounts/x/folders/y/files/local_upload",
		Errors: []ErrorDetail{{Title: "Invalid value", Detail: "file_size: must be at least 1", Pointer: "/data/file_size"}}}
	want := "frameio: POST /v4/accounts/x/folders/y/files/local_upload: 422 Unprocessable Entity: file_size: must be at least 1 (/data/file_size)"
	if e.Error() != want {
		t.Fatalf("got  %q\nwant %q", e.Error(), want)
	}
	e = &APIError{StatusCode: 599, Method: "GET", Path: "/v4/me", Errors: []ErrorDetail{{Pointer: "/data"}, {}, {Title: "T"}}}
	if got := e.Error(); got != "frameio: GET /v4/me: 599: /data; T" {
		t.Fatalf("got %q", got)
	}
}
