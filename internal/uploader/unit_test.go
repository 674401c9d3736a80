package uploader

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

const signed = "https://bucket.s3.us-east-1.amazonaws.com/parts/abc/1?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&X-Amz-Signature=deadbeefcafe1234"

func TestLimiter(t *testing.T) {
	if NewLimiter(0).Cap() != 1 || NewLimiter(-3).Cap() != 1 || NewLimiter(7).Cap() != 7 {
		t.Fatal("cap")
	}
	l := NewLimiter(2)
	ctx := context.Background()
	for range 2 {
		if err := l.Acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if l.InUse() != 2 {
		t.Fatal("in use")
	}
	tctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := l.Acquire(tctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("full limiter: %v", err)
	}
	l.Release()
	if err := l.Acquire(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	r := bytes.NewReader(make([]byte, 10))
	ok := Part{URL: "http://h/p?sig=s3cr3t", Size: 5}
	for name, tc := range map[string]struct {
		job  Job
		want []string
	}{
		"no parts":    {Job{Reader: r, Size: 10}, []string{"no part URLs"}},
		"zero size":   {Job{Reader: r, Size: 10, Parts: []Part{ok, {URL: ok.URL, Size: 0}}}, []string{"part 2 of 2", "size 0"}},
		"sum short":   {Job{Reader: r, Size: 10, Parts: []Part{ok, {URL: ok.URL, Size: 4}}}, []string{"9 bytes", "10 bytes", "5, 4"}},
		"relative":    {Job{Reader: r, Size: 10, Parts: []Part{ok, {URL: "/p?sig=s3cr3t", Size: 5}}}, []string{"part 2 of 2", "absolute"}},
		"ftp":         {Job{Reader: r, Size: 10, Parts: []Part{{URL: "ftp://h/p?sig=s3cr3t", Size: 10}}}, []string{"part 1 of 1"}},
		"no reader":   {Job{Size: 10, Parts: []Part{ok, ok}}, []string{"reader"}},
		"short src":   {Job{Reader: bytes.NewReader(make([]byte, 9)), Size: 10, Parts: []Part{ok, ok}}, []string{"shorter than declared", "9 bytes", "declares 10"}},
		"empty input": {Job{Reader: r, Size: 0, Parts: []Part{ok}}, []string{"at least 1 byte"}},
	} {
		_, err := validate(tc.job)
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not mention %q", name, err, w)
			}
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: secret in %q", name, err)
		}
	}
	if spans, err := validate(Job{Reader: r, Size: 10, Parts: []Part{ok, ok}}); err != nil || len(spans) != 2 || spans[1].off != 5 {
		t.Fatalf("valid job: %v %v", spans, err)
	}
}

func TestBackoff(t *testing.T) {
	u := New(Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: 1 * time.Second})
	for attempt, want := range map[int]time.Duration{1: 100, 2: 200, 3: 400, 4: 800, 5: 1000, 40: 1000} {
		want *= time.Millisecond
		for range 50 {
			if d := u.backoff(attempt, 0); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
	if d := u.backoff(1, 5*time.Second); d != 5*time.Second {
		t.Fatalf("Retry-After not honoured: %v", d)
	}
	// A reply's Retry-After, through the shared parser: "0", junk and past dates leave the wait to
	// backoff; a long one is capped.
	for v, want := range map[string]time.Duration{"": 0, "0": 0, "junk": 0, "2": 2 * time.Second, "1.5": 1500 * time.Millisecond,
		"Wed, 31 Dec 2025 00:00:07 GMT": 0, "99999999": httpx.MaxRetryAfter} {
		if got := retryAfter(http.Header{"Retry-After": {v}}); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestDefaults(t *testing.T) {
	u := New(Options{})
	if u.maxRetries != 5 || u.minBackoff != time.Second || u.maxBackoff != 30*time.Second || u.progressInterval != 2*time.Second || u.limiter.Cap() != 5 {
		t.Fatalf("defaults: %+v", u)
	}
	if New(Options{MaxRetries: -1}).maxRetries != 0 {
		t.Fatal("negative retries")
	}
	// The wait for storage (to take bytes, or to answer after the last one) is bounded by the stall
	// deadline, two minutes unless configured; a negative one means none.
	if u.stallTimeout != DefaultStallTimeout || DefaultStallTimeout < time.Minute ||
		New(Options{StallTimeout: 5 * time.Second}).stallTimeout != 5*time.Second || New(Options{StallTimeout: -1}).stallTimeout != 0 {
		t.Fatalf("stall timeout: %v", u.stallTimeout)
	}
	if u.client.Jar != nil || u.client.Timeout != 0 || u.client.CheckRedirect == nil {
		t.Fatal("client")
	}
	tr := NewTransport(16)
	if tr.MaxIdleConnsPerHost < 16 || (tr.MaxConnsPerHost != 0 && tr.MaxConnsPerHost < 16) || tr.Proxy == nil || tr.ResponseHeaderTimeout != 0 {
		t.Fatalf("transport: %+v", tr)
	}
	// A caller's client is used without jar and redirects, and is not modified.
	jarless := &http.Client{Timeout: 0}
	c := clientFor(jarless, 3)
	if c == jarless || jarless.CheckRedirect != nil || c.CheckRedirect == nil {
		t.Fatal("client copy")
	}
}

func TestReadS3Error(t *testing.T) {
	code, msg := readS3Error(strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><RequestId>1</RequestId></Error>`))
	if code != "AccessDenied" || msg != "Request has expired" {
		t.Fatalf("%q %q", code, msg)
	}
	code, msg = readS3Error(strings.NewReader(strings.Repeat("x", 100000)))
	if code != "" || len(msg) > 400 {
		t.Fatalf("long body: %q %d", code, len(msg))
	}
	e := &PartError{Part: 3, Parts: 12, StatusCode: 403, Code: "SignatureDoesNotMatch", Message: "see " + signed, Attempts: 1}
	s := e.Error()
	for _, w := range []string{"part 3 of 12", "403", "SignatureDoesNotMatch", "pre-signed URL was rejected", "expired"} {
		if !strings.Contains(s, w) {
			t.Errorf("%q missing %q", s, w)
		}
	}
	if strings.Contains(s, "deadbeef") {
		t.Errorf("secret in %q", s)
	}
}
