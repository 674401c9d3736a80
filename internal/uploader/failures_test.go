package uploader

// Parts that fail: retried transient failures, exhausted retries, and rejections no retry can fix.

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
)

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		inject  func(e *emulator.Emulator)
		extra   int           // extra S3 requests expected
		minTime time.Duration // Retry-After must be honoured
	}{
		{"5xx", func(e *emulator.Emulator) { e.FailOperation(emulator.OpPutPart, 2, 500) }, 2, 0},
		{"503 SlowDown", func(e *emulator.Emulator) { e.FailOperation(emulator.OpPutPart, 1, 503) }, 1, 0},
		{"400 RequestTimeout", func(e *emulator.Emulator) { e.FailOperation(emulator.OpPutPart, 1, 400) }, 1, 0},
		{"reset", func(e *emulator.Emulator) { e.ResetConnection(emulator.OpPutPart, 2) }, 2, 0},
		{"429 Retry-After", func(e *emulator.Emulator) {
			e.FailOperation(emulator.OpPutPart, 1, 429, emulator.WithRetryAfter(time.Second))
		}, 1, 900 * time.Millisecond},
		{"429", func(e *emulator.Emulator) { e.FailOperation(emulator.OpPutPart, 2, 429) }, 2, 0},
		{"408", func(e *emulator.Emulator) { e.FailOperation(emulator.OpPutPart, 1, 408) }, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := emulatortest.New(t, emulator.Options{PartSize: 300_000})
			const size = 1_000_003
			path, sum := randomFile(t, size, 5)
			c := createUpload(t, e, "r.mp4", size)
			tc.inject(e)
			var logs logSink
			pl := newProgressLog()
			start := time.Now()
			if err := uploadFile(t, e, New(fastOpts(t, 2, &logs)), c, path, size, pl); err != nil {
				t.Fatal(err)
			}
			el := time.Since(start)
			checkStored(t, e, c.ID, sum, size)
			checkS3Headers(t, e, c.MediaType)
			checkProgress(t, pl, size, len(c.Parts))
			if n, want := len(s3Requests(e)), len(c.Parts)+tc.extra; n != want {
				t.Fatalf("%d S3 requests, want %d", n, want)
			}
			if n := logs.count("retrying"); n != tc.extra {
				t.Fatalf("%d retry logs, want %d: %v", n, tc.extra, logs.lines)
			}
			if el < tc.minTime {
				t.Fatalf("finished in %v, Retry-After asked for %v", el, tc.minTime)
			}
			if tc.minTime == 0 && el > 3*time.Second {
				t.Fatalf("took %v", el)
			}
			logs.checkNoSecrets(t)
		})
	}
}

func TestRetriesExhausted(t *testing.T) {
	e := emulatortest.New(t, emulator.Options{PartSize: 300_000})
	const size = 600_000
	path, _ := randomFile(t, size, 6)
	c := createUpload(t, e, "x.mov", size)
	e.FailOperation(emulator.OpPutPart, 100, 500)
	o := fastOpts(t, 1, nil)
	o.MaxRetries = 2
	err := uploadFile(t, e, New(o), c, path, size, nil)
	var pe *PartError
	if !errors.As(err, &pe) || pe.StatusCode != 500 || pe.Code != "InternalError" || pe.Attempts != 3 {
		t.Fatalf("err = %v (%+v)", err, pe)
	}
	// While part 1 waits to retry, its slot goes to part 2, which fails the same way: the first part to
	// use up its 3 attempts ends the upload and stops the other.
	if n := len(s3Requests(e)); n < 3 || n > 6 {
		t.Fatalf("%d requests, want 3..6", n)
	}
	for _, w := range []string{fmt.Sprintf("part %d of 2", pe.Part), "HTTP 500", "InternalError", "after 3 attempts"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
	assertNoSecrets(t, "error", err.Error())
}

func TestForbiddenFailsFast(t *testing.T) {
	e := emulatortest.New(t, emulator.Options{PartSize: 100_000, Bandwidth: 4_000_000})
	const size = 2_000_000
	path, _ := randomFile(t, size, 7)
	c := createUpload(t, e, "f.mov", size)
	if len(c.Parts) != 20 {
		t.Fatalf("%d parts", len(c.Parts))
	}
	e.FailOperation(emulator.OpPutPart, 1, 403)
	var logs logSink
	o := fastOpts(t, 3, &logs)
	base := runtimeGoroutines()
	start := time.Now()
	err := uploadFile(t, e, New(o), c, path, size, nil)
	el := time.Since(start)
	o.HTTPClient.CloseIdleConnections()
	settleGoroutines(t, base)
	var pe *PartError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if pe.StatusCode != 403 || pe.Code != "AccessDenied" || pe.Attempts != 1 || !pe.URLRejected() || pe.Part < 1 || pe.Part > 3 {
		t.Fatalf("PartError %+v", pe)
	}
	msg := err.Error()
	if !regexp.MustCompile(`part [123] of 20: HTTP 403 Forbidden \(S3 AccessDenied`).MatchString(msg) || !strings.Contains(msg, "pre-signed URL was rejected (expired or not valid)") {
		t.Fatalf("error text: %s", msg)
	}
	assertNoSecrets(t, "error", msg)
	if strings.Contains(msg, "?") && !strings.Contains(msg, "?REDACTED") {
		t.Fatalf("query in error: %s", msg)
	}
	if n := len(s3Requests(e)); n >= 10 {
		t.Fatalf("%d part requests after a permanent failure: not cancelled", n)
	}
	if f, _ := e.File(c.ID); f.BytesReceived == size {
		t.Fatal("all parts landed")
	}
	if el > 2*time.Second {
		t.Fatalf("failing took %v", el)
	}
	logs.checkNoSecrets(t)
	t.Logf("error: %v (after %v, %d S3 requests)", err, el, len(s3Requests(e)))
}

func TestExpiredURLs(t *testing.T) {
	clk := emulator.NewTestClock()
	e := emulatortest.New(t, emulator.Options{PartSize: 100_000, URLExpiry: time.Minute, Clock: clk})
	const size = 1_000_000
	path, _ := randomFile(t, size, 8)
	c := createUpload(t, e, "late.mov", size)
	clk.Advance(time.Minute + time.Second) // URLs are signed with whole-second dates
	start := time.Now()
	err := uploadFile(t, e, New(fastOpts(t, 2, nil)), c, path, size, nil)
	var pe *PartError
	if !errors.As(err, &pe) || pe.StatusCode != 403 || pe.Attempts != 1 {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "expired") || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("error does not say expired: %v", err)
	}
	assertNoSecrets(t, "error", err.Error())
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %v", el)
	}
	t.Logf("error: %v", err)
}
