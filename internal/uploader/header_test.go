package uploader

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Job.Header goes out on every part, whatever the case of its keys, next to Content-Type; nothing
// else the caller holds (credentials, cookies) does.
func TestJobHeaderSent(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
	}))
	defer srv.Close()
	jar := &recordingJar{}
	u := New(Options{HTTPClient: &http.Client{Jar: jar}, Limiter: NewLimiter(2), MaxRetries: -1})
	err := u.Upload(context.Background(), Job{Reader: bytes.NewReader([]byte("hello!")), Size: 6, ContentType: "text/plain",
		Header: http.Header{"x-amz-acl": {"private"}, "X-Meta": {"a", "b"}},
		Parts:  []Part{{URL: srv.URL + "/1?sig=x", Size: 3}, {URL: srv.URL + "/2?sig=y", Size: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d part requests, want 2", len(got))
	}
	for i, h := range got {
		if h.Get("X-Amz-Acl") != "private" || !reflect.DeepEqual(h.Values("X-Meta"), []string{"a", "b"}) || h.Get("Content-Type") != "text/plain" {
			t.Errorf("part %d headers: %v", i+1, h)
		}
		if h.Get("Authorization") != "" || h.Get("Cookie") != "" || h.Get("Proxy-Authorization") != "" {
			t.Errorf("part %d carried credentials: %v", i+1, h)
		}
	}
	if jar.used.Load() != 0 {
		t.Error("cookie jar used")
	}
}

// A Job.Header with credentials or with a header the uploader owns is refused before anything is
// sent, and the error does not repeat the value.
func TestJobHeaderRejected(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	u := New(Options{MaxRetries: -1})
	for _, key := range []string{"Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization", "Cookie", "cookie",
		"Content-Type", "Content-Length", "Expect", "Host", "Transfer-Encoding"} {
		err := u.Upload(context.Background(), Job{Reader: strings.NewReader("abc"), Size: 3,
			Header: http.Header{"X-Amz-Acl": {"private"}, key: {"Bearer s3cr3t"}},
			Parts:  []Part{{URL: srv.URL + "/p", Size: 3}}})
		if !errors.Is(err, ErrInvalidJob) || !strings.Contains(err.Error(), http.CanonicalHeaderKey(key)) {
			t.Errorf("%s: err = %v", key, err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: value in %q", key, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests sent for rejected jobs", n)
	}
}
