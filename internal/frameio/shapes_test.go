package frameio

// Shapes the emulator cannot produce, served by small httptest servers.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func fakeServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(fastConfig(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestRetryAfterHTTPDate(t *testing.T) {
	var n atomic.Int32
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"u1","name":null,"email":"a@b.c"}}`)
	})
	start := time.Now()
	u, err := c.Me(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "u1" || u.Name != "" || u.Email != "a@b.c" {
		t.Fatalf("user = %+v", u)
	}
	// HTTP dates have 1 s resolution: the wait is between ~1 s and 2 s.
	if d := time.Since(start); d < 900*time.Millisecond || d > 4*time.Second {
		t.Fatalf("waited %v", d)
	}
}

func TestOlderErrorShapeAndVariants(t *testing.T) {
	for _, tc := range []struct {
		name, ctype, body, want string
		status                  int
	}{
		{"older object", "application/json", `{"error":{"detail":"Malformed token."}}`, "401 Unauthorized: Malformed token.", 401},
		{"older string", "application/json", `{"error":"nope"}`, "403 Forbidden: nope", 403},
		{"message", "application/json", `{"message":"bad thing"}`, "400 Bad Request: bad thing", 400},
		{"multiple", "application/json", `{"errors":[{"title":"Invalid value","detail":"too long","source":{"pointer":"/data/name"}},{"title":"Missing"}]}`,
			"422 Unprocessable Entity: too long (/data/name); Missing", 422},
		{"title only", "application/json", `{"errors":[{"title":"Conflict"}]}`, "409 Conflict: Conflict", 409},
		{"unknown json", "application/json", `{"foo":1}`, `404 Not Found: {"foo":1}`, 404},
		{"empty", "", ``, "410 Gone", 410},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			_, err := c.ForAccount("a").GetFile(ctxT(t), "f")
			_ = mustAPIError(t, err, tc.status)
			want := "frameio: GET /v4/accounts/a/files/f: " + tc.want
			if err.Error() != want {
				t.Fatalf("error = %q\nwant    %q", err, want)
			}
		})
	}
}

func TestNonJSONBody(t *testing.T) {
	var n atomic.Int32
	page := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + strings.Repeat("x", 1000) + "</body></html>"
	srv, _ := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, page)
	})
	cfg := fastConfig(srv.URL)
	cfg.MaxRetries = 2
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ForAccount("a").GetFolder(ctxT(t), "f")
	ae := mustAPIError(t, err, 502)
	if n.Load() != 3 {
		t.Fatalf("%d attempts", n.Load())
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "frameio: GET /v4/accounts/a/folders/f: 502 Bad Gateway: <html> <head><title>502 Bad Gateway</title>") ||
		!strings.HasSuffix(msg, "...") || len(msg) > 400 || strings.Contains(msg, "\n") {
		t.Fatalf("error = %q", msg)
	}
	if len(ae.Errors) != 1 {
		t.Fatalf("details = %+v", ae.Errors)
	}
}

func TestTokenEchoScrubbed(t *testing.T) {
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"errors":[{"title":"Forbidden","detail":"token %s is locked"}]}`, r.Header.Get("Authorization"))
	})
	_, err := c.Me(ctxT(t))
	ae := mustAPIError(t, err, 403)
	if d := ae.Errors[0].Detail; d != "token Bearer REDACTED is locked" {
		t.Fatalf("detail = %q", ae.Errors[0].Detail)
	}
}

func TestNetworkErrorRetried(t *testing.T) {
	var n atomic.Int32
	log := &recLogger{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"a1","display_name":"A"}],"links":{"next":null}}`)
	}))
	t.Cleanup(srv.Close)
	cfg := fastConfig(srv.URL)
	cfg.Logger = log
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	accts, err := c.ListAccounts(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1 || accts[0].DisplayName != "A" {
		t.Fatalf("accounts = %+v", accts)
	}
	warns := log.get("warn")
	if len(warns) != 2 || warns[0].fields["status"] != 0 || warns[0].fields["error"] == nil {
		t.Fatalf("warn logs:\n%s", log)
	}
	if strings.Contains(log.String(), "page_size") || strings.Contains(log.String(), testToken) {
		t.Fatalf("logs contain a query or the token:\n%s", log)
	}
}

func TestNetworkErrorExhausted(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there any more: connection refused
	cfg := fastConfig("http://" + addr)
	cfg.MaxRetries = 2
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListAccounts(ctxT(t))
	if err == nil {
		t.Fatal("expected an error")
	}
	var ae *APIError
	if errors.As(err, &ae) {
		t.Fatalf("network failure reported as APIError: %v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "frameio: GET /v4/accounts: ") || strings.Contains(msg, "page_size") || strings.Contains(msg, "giving up") {
		t.Fatalf("error = %q", msg)
	}
}

func TestPaginationLinks(t *testing.T) {
	var srvURL string
	var mu sync.Mutex
	var queries []string
	mux := http.NewServeMux()
	mux.HandleFunc("/prefix/v4/accounts/a/folders/f/children", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		switch r.URL.Query().Get("after") {
		case "":
			// relative, without the prefix, not repeating page_size
			_, _ = io.WriteString(w, `{"data":[{"id":"1","type":"file"}],"links":{"next":"/v4/accounts/a/folders/f/children?after=c1"}}`)
		case "c1":
			// absolute, same origin
			fmt.Fprintf(w, `{"data":[{"id":"2","type":"folder"}],"links":{"next":"%s/prefix/v4/accounts/a/folders/f/children?after=c2&page_size=7"}}`, srvURL)
		case "c2":
			_, _ = io.WriteString(w, `{"data":[{"id":"3","type":"version_stack","name":"vs","parent_id":"f"}],"links":{}}`)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	srvURL = srv.URL
	c, err := New(fastConfig(srv.URL + "/prefix/"))
	if err != nil {
		t.Fatal(err)
	}
	kids, err := c.ForAccount("a").ListFolderChildren(ctxT(t), "f")
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != 3 || kids[2] != (Asset{ID: "3", Name: "vs", Type: AssetTypeVersionStack, ParentID: "f"}) {
		t.Fatalf("children = %+v", kids)
	}
	want := []string{"page_size=100", "after=c1&page_size=100", "after=c2&page_size=7"}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(queries) != fmt.Sprint(want) {
		t.Fatalf("queries = %q, want %q", queries, want)
	}
}

func TestPaginationRefusesOtherOrigin(t *testing.T) {
	var evil atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { evil.Add(1) }))
	t.Cleanup(other.Close)
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":[{"id":"1"}],"links":{"next":"%s/v4/accounts?after=x"}}`, other.URL)
	})
	_, err := c.ListAccounts(ctxT(t))
	if err == nil || !strings.Contains(err.Error(), "another origin") {
		t.Fatalf("err = %v", err)
	}
	if evil.Load() != 0 {
		t.Fatal("the token was sent to another origin")
	}
}

func TestPaginationLoopDetected(t *testing.T) {
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":[{"id":"1"}],"links":{"next":"/v4/accounts?after=same"}}`)
	})
	if _, err := c.ListAccounts(ctxT(t)); err == nil || !strings.Contains(err.Error(), "loop") {
		t.Fatalf("err = %v", err)
	}
}

func TestWireFormat(t *testing.T) {
	type seen struct{ method, path, rawPath, ctype, accept, auth, ua, body string }
	var mu sync.Mutex
	var got []seen
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, seen{r.Method, r.URL.Path, r.URL.EscapedPath(), r.Header.Get("Content-Type"), r.Header.Get("Accept"),
			r.Header.Get("Authorization"), r.Header.Get("User-Agent"), string(b)})
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case strings.HasSuffix(r.URL.Path, "/status"):
			_, _ = io.WriteString(w, `{"data":{"id":"f","filetype":"video/mp4","upload_complete":true,"upload_failed":false,"uploaded_at":"2025-05-28T22:51:43.648942Z","upload_completed_at":null}}`)
		default:
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"data":{"id":"f","name":"n","file_size":5,"upload_urls":[{"size":5,"url":"https://s3/x"}],"extra":{"ignored":true}}}`)
		}
	})
	ctx := ctxT(t)
	f, err := c.ForAccount("adobe:a|1").CreateLocalUpload(ctx, "fo/l", "n", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.UploadURLs) != 1 || f.UploadURLs[0].Size != 5 || f.FileSize != 5 {
		t.Fatalf("file = %+v", f)
	}
	if _, err := c.ForAccount("a").CreateRemoteUpload(ctx, "f", "n", "https://src/x"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").RenameFolder(ctx, "f", "new"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").MoveFile(ctx, "f", "p"); err != nil {
		t.Fatal(err)
	}
	if err := c.ForAccount("a").DeleteFile(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	st, err := c.ForAccount("a").GetUploadStatus(ctx, "f")
	if err != nil {
		t.Fatal(err)
	}
	if !st.UploadComplete || st.UploadedAt == nil || st.UploadCompletedAt != nil || st.FileType != "video/mp4" {
		t.Fatalf("status = %+v", st)
	}

	want := []seen{
		{"POST", "/v4/accounts/adobe:a|1/folders/fo/l/files/local_upload", "/v4/accounts/adobe:a%7C1/folders/fo%2Fl/files/local_upload", "application/json", "application/json", "Bearer " + testToken, DefaultUserAgent, `{"data":{"name":"n","file_size":5}}`},
		{"POST", "/v4/accounts/a/folders/f/files/remote_upload", "/v4/accounts/a/folders/f/files/remote_upload", "application/json", "application/json", "Bearer " + testToken, DefaultUserAgent, `{"data":{"name":"n","source_url":"https://src/x"}}`},
		{"PATCH", "/v4/accounts/a/folders/f", "/v4/accounts/a/folders/f", "application/json", "application/json", "Bearer " + testToken, DefaultUserAgent, `{"data":{"name":"new"}}`},
		{"PATCH", "/v4/accounts/a/files/f/move", "/v4/accounts/a/files/f/move", "application/json", "application/json", "Bearer " + testToken, DefaultUserAgent, `{"data":{"parent_id":"p"}}`},
		{"DELETE", "/v4/accounts/a/files/f", "/v4/accounts/a/files/f", "", "application/json", "Bearer " + testToken, DefaultUserAgent, ``},
		{"GET", "/v4/accounts/a/files/f/status", "/v4/accounts/a/files/f/status", "", "application/json", "Bearer " + testToken, DefaultUserAgent, ``},
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(want) {
		t.Fatalf("got %d requests: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestBadSuccessReplies(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"not json", `<html>`, "decoding reply"},
		{"no data", `{"links":{}}`, "no data"},
		{"empty", ``, "empty reply"},
		{"wrong type", `{"data":{"file_size":"big"}}`, "decoding reply data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, tc.body) })
			_, err := c.ForAccount("a").GetFile(ctxT(t), "f")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPacingOnRemainingZero(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	limit, window := "5", "1000"
	clk := newVirtualClock()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, clk.now())
		w.Header().Set("x-ratelimit-limit", limit)
		w.Header().Set("x-ratelimit-window", window)
		mu.Unlock()
		w.Header().Set("x-ratelimit-remaining", "0")
		_, _ = io.WriteString(w, `{"data":{"id":"u"}}`)
	}))
	t.Cleanup(srv.Close)
	cfg := fastConfig(srv.URL)
	cfg.MaxRetryWait = 10 * time.Second
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clk.drive(c) // the pacer's waits pass in virtual time: the spacing is exact, whatever the load
	ctx := ctxT(t)
	for i := 0; i < 3; i++ {
		if _, err := c.Me(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// 1000 ms / 5 = 200 ms between calls once the bucket is reported empty.
	mu.Lock()
	ts := append([]time.Time(nil), times...)
	mu.Unlock()
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); d < 200*time.Millisecond {
			t.Fatalf("call %d came %v after the previous one", i, d)
		}
	}
	// Now one call per 6 s for this endpoint (5 s asked, the slowest saneLimit allows for a class
	// documented 100 per minute): another endpoint is not paced by it.
	mu.Lock()
	limit, window = "1", "5000"
	mu.Unlock()
	if _, err := c.Me(ctx); err != nil {
		t.Fatal(err)
	}
	before := clk.now()
	if _, err := c.ForAccount("a").GetFile(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	if d := clk.now().Sub(before); d != 0 {
		t.Fatalf("other endpoint paced: waited %v", d)
	}

	// A cancelled context ends the pacing wait (about 6 s for the next call of this endpoint): the
	// virtual sleep, like a real one, returns when the context ends first.
	cctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Me(cctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if w := clk.lastSleep(); w < 5*time.Second {
		t.Fatalf("the cancelled call waited %v, want a pacing wait of about 6 s", w)
	}
}

func TestCustomUserAgentAndHTTPClient(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		_, _ = io.WriteString(w, `{"data":{"id":"u"}}`)
	}))
	t.Cleanup(srv.Close)
	var used atomic.Int32
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	cfg := fastConfig(srv.URL)
	cfg.UserAgent = "terraform-provider-frameio/1.2.3 (+terraform 1.9)"
	cfg.HTTPClient = hc
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if ua.Load() != cfg.UserAgent || used.Load() != 1 {
		t.Fatalf("ua = %q, transport used %d times", ua.Load(), used.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
