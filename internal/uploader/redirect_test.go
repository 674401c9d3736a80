package uploader

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A redirect is never followed: the part (and its headers) must not go to another host.
func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/stolen?X-Amz-Signature=abc", http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()

	jar := &recordingJar{}
	u := New(Options{HTTPClient: &http.Client{Jar: jar}, Limiter: NewLimiter(1), MaxRetries: -1})
	data := []byte("hello")
	err := u.Upload(context.Background(), Job{Reader: bytes.NewReader(data), Size: 5, ContentType: "text/plain",
		Parts: []Part{{URL: redirector.URL + "/p?X-Amz-Signature=s3cr3t", Size: 5}}})
	var pe *PartError
	if !errors.As(err, &pe) || pe.StatusCode != http.StatusTemporaryRedirect || !strings.Contains(err.Error(), "redirect") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("secret in %v", err)
	}
	if elsewhere.Load() != 0 {
		t.Fatal("redirect followed")
	}
	if jar.used.Load() != 0 {
		t.Fatal("cookie jar used")
	}
}

func TestDeadline(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := New(Options{}).Upload(ctx, Job{Reader: strings.NewReader("abc"), Size: 3, Parts: []Part{{URL: slow.URL + "/p", Size: 3}}})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %v", el)
	}
}

type recordingJar struct{ used atomic.Int32 }

func (j *recordingJar) SetCookies(*url.URL, []*http.Cookie) { j.used.Add(1) }
func (j *recordingJar) Cookies(*url.URL) []*http.Cookie     { j.used.Add(1); return nil }
