package frameio

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestNotFound(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	_, err := c.ForAccount(emulator.DefaultAccountID).GetFile(ctxT(t), "no-such-file")
	ae := mustAPIError(t, err, 404)
	if !IsNotFound(err) || !IsStatus(err, 404) || IsStatus(err, 500) {
		t.Fatal("IsNotFound/IsStatus disagree")
	}
	wantPrefix := "frameio: GET /v4/accounts/" + emulator.DefaultAccountID + "/files/no-such-file: 404 Not Found"
	if !strings.HasPrefix(err.Error(), wantPrefix) {
		t.Fatalf("error = %q, want prefix %q", err, wantPrefix)
	}
	if ae.Method != "GET" || len(ae.Errors) == 0 {
		t.Fatalf("APIError = %+v", ae)
	}
	// Wrapped errors still classify.
	if !IsNotFound(errors.Join(errors.New("ctx"), err)) {
		t.Fatal("IsNotFound on a wrapped error")
	}
	if IsNotFound(nil) || IsNotFound(errors.New("404")) {
		t.Fatal("IsNotFound on non-API errors")
	}
	if n := len(apiRequests(e, "/no-such-file")); n != 1 {
		t.Fatalf("404 sent %d times", n)
	}
}

func TestValidationError422(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	_, err := c.ForAccount(emulator.DefaultAccountID).CreateLocalUpload(ctxT(t), emulator.DefaultRootFolderID, "empty.txt", 0)
	ae := mustAPIError(t, err, 422)
	if ae.Method != "POST" || !strings.HasSuffix(ae.Path, "/files/local_upload") {
		t.Fatalf("APIError = %+v", ae)
	}
	if len(ae.Errors) != 1 || ae.Errors[0].Pointer != "/data/file_size" || ae.Errors[0].Detail == "" {
		t.Fatalf("details = %+v", ae.Errors)
	}
	msg := err.Error()
	for _, want := range []string{"POST /v4/accounts/", "/files/local_upload: 422 Unprocessable Entity: ", ae.Errors[0].Detail, "(/data/file_size)"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("error %q lacks %q", msg, want)
		}
	}
	if n := len(apiRequests(e, "/local_upload")); n != 1 {
		t.Fatalf("422 sent %d times", n)
	}
}

func TestUnauthorizedBothShapes(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	for _, tc := range []struct{ name, token, detail string }{
		{"errors shape (wrong token)", "wrong-token", ""},
		{"older error shape (malformed token)", "malformed token", "Malformed token."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.ResetRequests()
			c := newClient(t, e, func(cfg *Config) { cfg.Token = tc.token })
			_, err := c.Me(ctxT(t))
			ae := mustAPIError(t, err, 401)
			if len(ae.Errors) == 0 || ae.Errors[0].Detail == "" {
				t.Fatalf("no detail decoded: %+v", ae)
			}
			if tc.detail != "" && ae.Errors[0].Detail != tc.detail {
				t.Fatalf("detail = %q, want %q", ae.Errors[0].Detail, tc.detail)
			}
			if strings.Contains(err.Error(), tc.token) {
				t.Fatalf("error leaks the token: %v", err)
			}
			if !strings.Contains(err.Error(), "401 Unauthorized: "+ae.Errors[0].Detail) {
				t.Fatalf("error = %v", err)
			}
			if n := len(apiRequests(e, "")); n != 1 {
				t.Fatalf("401 sent %d times", n)
			}
		})
	}
}

func TestRateLimitedThenSuccess(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	log := &recLogger{}
	c := newClient(t, e, func(cfg *Config) { cfg.Logger = log })
	e.FailOperation(emulator.OpAnyAPI, 2, http.StatusTooManyRequests)
	p, err := c.ForAccount(emulator.DefaultAccountID).GetProject(ctxT(t), emulator.DefaultProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != emulator.DefaultProjectID {
		t.Fatalf("project = %+v", p)
	}
	rq := apiRequests(e, "")
	if len(rq) != 3 || rq[0].Status != 429 || rq[1].Status != 429 || rq[2].Status != 200 {
		t.Fatalf("requests = %+v", rq)
	}
	warns := log.get("warn")
	if len(warns) != 2 {
		t.Fatalf("warn logs:\n%s", log)
	}
	for i, w := range warns {
		f := w.fields
		if f["method"] != "GET" || f["status"] != 429 || f["attempt"] != i+1 || !strings.HasPrefix(f["path"].(string), "/v4/accounts/") {
			t.Fatalf("warn fields = %v", f)
		}
		if _, ok := f["wait_ms"]; !ok {
			t.Fatalf("warn lacks wait_ms: %v", f)
		}
	}
	if strings.Contains(log.String(), testToken) {
		t.Fatalf("logs leak the token:\n%s", log)
	}
	if len(log.get("debug")) != 3 {
		t.Fatalf("debug logs:\n%s", log)
	}
}

func TestRateLimitedRetryAfter(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	e.FailOperation(emulator.OpAnyAPI, 1, http.StatusTooManyRequests, emulator.WithRetryAfter(time.Second))
	start := time.Now()
	if _, err := c.Me(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	// MaxRetryWait is 5ms: only the Retry-After header can explain a 1 s wait.
	if d := time.Since(start); d < 950*time.Millisecond || d > 5*time.Second {
		t.Fatalf("waited %v, want about 1s (Retry-After)", d)
	}
	if n := len(apiRequests(e, "")); n != 2 {
		t.Fatalf("%d requests", n)
	}
}

func TestServerErrorThenSuccess(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	for _, status := range []int{500, 502, 503, 504} {
		e.ResetRequests()
		e.FailOperation(emulator.OpAnyAPI, 2, status)
		if _, err := c.Me(ctx); err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if n := len(apiRequests(e, "")); n != 3 {
			t.Fatalf("%d: %d requests, want 3", status, n)
		}
	}
	// A create is sent again as well, with its body intact, once a look shows the failed attempt made
	// nothing (lostreply.go).
	e.ResetRequests()
	e.FailOperation(emulator.OpAnyAPI, 1, 502)
	f, err := c.ForAccount(emulator.DefaultAccountID).CreateFolder(ctx, emulator.DefaultRootFolderID, "after-502")
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "after-502" {
		t.Fatalf("folder = %+v", f)
	}
	if n, looks := len(e.Calls("folders.create")), len(e.Calls("folders.list")); n != 2 || looks != createLooks {
		t.Fatalf("%d creates and %d looks, want 2 and %d", n, looks, createLooks)
	}
}

func TestRetriesExhausted(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = 2; cfg.Credential = "test-credential" })
	ctx := ctxT(t)

	e.FailOperation(emulator.OpAnyAPI, 10, 503)
	_, err := c.ForAccount(emulator.DefaultAccountID).GetFolder(ctx, emulator.DefaultRootFolderID)
	ae := mustAPIError(t, err, 503)
	if len(ae.Errors) == 0 || ae.Errors[0].Detail == "" || strings.Contains(err.Error(), "giving up") {
		t.Fatalf("error = %v", err)
	}
	if n := len(apiRequests(e, "")); n != 3 {
		t.Fatalf("%d requests, want 3 (1 + MaxRetries 2)", n)
	}

	e.ResetRequests()
	e.ClearFaults(emulator.OpAnyAPI)
	e.FailOperation(emulator.OpAnyAPI, 10, http.StatusTooManyRequests)
	_, err = c.ForAccount(emulator.DefaultAccountID).GetFolder(ctx, emulator.DefaultRootFolderID)
	ae = mustAPIError(t, err, 429)
	if !IsStatus(err, http.StatusTooManyRequests) {
		t.Fatal("IsStatus 429")
	}
	// What a report of the 429 needs: the operation (the key of its documented limit), the attempts
	// made, their time, and the credential's label.
	if ae.Operation != "folders.show" || ae.Attempts != 3 || ae.Elapsed <= 0 || ae.Credential != "test-credential" {
		t.Fatalf("APIError = operation %q, attempts %d, elapsed %s, credential %q; want folders.show, 3, > 0, test-credential",
			ae.Operation, ae.Attempts, ae.Elapsed, ae.Credential)
	}
	if _, ok := RateLimits()[ae.Operation]; !ok {
		t.Fatalf("no documented limit for operation %q", ae.Operation)
	}
	if n := len(apiRequests(e, "")); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	e.ClearFaults(emulator.OpAnyAPI)
}

func TestNoRetries(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = -1 })
	e.FailOperation(emulator.OpAnyAPI, 1, 500)
	_, err := c.Me(ctxT(t))
	_ = mustAPIError(t, err, 500)
	if n := len(apiRequests(e, "")); n != 1 {
		t.Fatalf("%d requests with MaxRetries -1", n)
	}
}

func TestClientErrorsNotRetried(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	for _, status := range []int{400, 403, 409, 501} {
		e.ResetRequests()
		e.FailOperation(emulator.OpAnyAPI, 1, status)
		_, err := c.Me(ctx)
		_ = mustAPIError(t, err, status)
		if n := len(apiRequests(e, "")); n != 1 {
			t.Fatalf("%d sent %d times", status, n)
		}
	}
}

func TestContextCancel(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Me(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := c.ForAccount(emulator.DefaultAccountID).ListFolderChildren(ctx, emulator.DefaultRootFolderID); !errors.Is(err, context.Canceled) {
		t.Fatalf("list: err = %v", err)
	}
	if err := c.ForAccount(emulator.DefaultAccountID).DeleteFile(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("delete: err = %v", err)
	}

	// Cancelled while waiting out a long Retry-After.
	e.FailOperation(emulator.OpAnyAPI, 1, http.StatusTooManyRequests, emulator.WithRetryAfter(30*time.Second))
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	start := time.Now()
	_, err = c.Me(ctx2)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("returned after %v", d)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Fatal("token in error")
	}
	e.ClearFaults(emulator.OpAnyAPI)

	// Cancelled while the server is slow.
	e.SetLatency(2 * time.Second)
	ctx3, cancel3 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel3()
	start = time.Now()
	if _, err := c.Me(ctx3); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow server: err = %v", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("slow server: returned after %v", d)
	}
	e.SetLatency(0)
}

func TestTokenNeverInErrorsOrLogs(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	log := &recLogger{}
	c := newClient(t, e, func(cfg *Config) { cfg.Logger = log; cfg.MaxRetries = 1 })
	ctx := ctxT(t)
	var errs []error
	_, err := c.ForAccount(emulator.DefaultAccountID).GetFile(ctx, "missing")
	errs = append(errs, err)
	_, err = c.ForAccount(emulator.DefaultAccountID).CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "x", -5)
	errs = append(errs, err)
	e.FailOperation(emulator.OpAnyAPI, 5, 500)
	_, err = c.Me(ctx)
	errs = append(errs, err)
	e.ClearFaults(emulator.OpAnyAPI)
	e.FailOperation(emulator.OpAnyAPI, 5, http.StatusTooManyRequests)
	_, err = c.Me(ctx)
	errs = append(errs, err)
	e.ClearFaults(emulator.OpAnyAPI)
	bad := newClient(t, e, func(cfg *Config) { cfg.Token = testToken + "x"; cfg.Logger = log })
	_, err = bad.Me(ctx)
	errs = append(errs, err)
	for _, err := range errs {
		if err == nil {
			t.Fatal("expected an error")
		}
		if strings.Contains(err.Error(), testToken) {
			t.Fatalf("token in error: %v", err)
		}
	}
	if strings.Contains(log.String(), testToken) || strings.Contains(log.String(), "Bearer") {
		t.Fatalf("token in logs:\n%s", log)
	}
}

// A server that echoes a pre-signed URL or a signing parameter back must not put the signature
// into the error text, whether the body is a JSON error or plain text, even when the text is cut.
func TestAPIErrorRedactsPresignedURLs(t *testing.T) {
	const sig = "0123456789abcdef0123456789abcdef"
	url := "https://bucket.s3.example/up/part1?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=" + sig
	bodies := map[string]string{
		"json":      `{"errors":[{"title":"bad upload","detail":"could not fetch ` + url + `"}]}`,
		"text":      "upstream said: " + url,
		"param":     "rejected X-Amz-Signature=" + sig + " and tok-secret",
		"long text": strings.Repeat("x", maxSnippet-40) + " " + url,
	}
	for name, body := range bodies {
		err := newAPIError("POST", "/v4/x", 400, []byte(body), "tok-secret")
		got := err.Error()
		if strings.Contains(got, sig[:8]) || strings.Contains(got, "AKIDEXAMPLE") || strings.Contains(got, "tok-secret") {
			t.Errorf("%s: secret in error: %s", name, got)
		}
		if !strings.Contains(got, "REDACTED") {
			t.Errorf("%s: no redaction marker: %s", name, got)
		}
	}
	// The host and path stay, so the message is still useful.
	if got := newAPIError("GET", "/v4/x", 400, []byte("see "+url), "").Error(); !strings.Contains(got, "https://bucket.s3.example/up/part1?REDACTED") {
		t.Fatalf("got %q", got)
	}
}
