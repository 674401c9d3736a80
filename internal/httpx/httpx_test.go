package httpx

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	for in, want := range map[int]int{0: DefaultRetries, -1: 0, -3: 0, 1: 1, 7: 7} {
		if got := Retries(in); got != want {
			t.Errorf("Retries(%d) = %d, want %d", in, got, want)
		}
	}
	// Exactly is the inverse for a caller whose 0 means "none".
	for _, n := range []int{0, 1, 5, 20} {
		if got := Retries(Exactly(n)); got != n {
			t.Errorf("Retries(Exactly(%d)) = %d", n, got)
		}
	}
	if Exactly(0) != NoRetries || Retries(NoRetries) != 0 {
		t.Errorf("NoRetries: Exactly(0) = %d, Retries(NoRetries) = %d", Exactly(0), Retries(NoRetries))
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"0.0000000001", 0, true},
		{"-1", 0, false},
		{"+3", 0, false},
		{"1e3", 0, false},
		{"3.", 0, false},
		{".5", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"junk", 0, false},
		{"300", MaxRetryAfter, true},
		{"299.5", 299*time.Second + 500*time.Millisecond, true},
		{"99999999", MaxRetryAfter, true},
		{"99999999999999999999999999", MaxRetryAfter, true},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-7 * time.Second).Format(http.TimeFormat), 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter, true},
		{"Thu, 01 Jan 2026 00:00:07 GMT", 0, true}, // long past
	} {
		h := http.Header{}
		if tc.v != "" {
			h.Set("Retry-After", tc.v)
		}
		got, ok := RetryAfter(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
	if d, ok := RetryAfter(nil, now); d != 0 || ok {
		t.Errorf("nil header: %v %v", d, ok)
	}
}

func TestExponential(t *testing.T) {
	for _, tc := range []struct {
		base  time.Duration
		n     int
		limit time.Duration
		want  time.Duration
	}{
		{time.Second, 0, 30 * time.Second, time.Second},
		{time.Second, 3, 30 * time.Second, 8 * time.Second},
		{time.Second, 5, 30 * time.Second, 30 * time.Second},
		{time.Second, 1 << 30, 30 * time.Second, 30 * time.Second}, // no overflow
		{time.Hour, 0, time.Minute, time.Minute},
		{0, 2, time.Second, 4 * time.Millisecond},
	} {
		if got := Exponential(tc.base, tc.n, tc.limit); got != tc.want {
			t.Errorf("Exponential(%v, %d, %v) = %v, want %v", tc.base, tc.n, tc.limit, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	// Equal jitter around 100ms * 2^n, capped at 1 s.
	for n, want := range map[int]time.Duration{0: 100, 1: 200, 2: 400, 3: 800, 4: 1000, 40: 1000} {
		want *= time.Millisecond
		lo, hi := want, time.Duration(0)
		for range 200 {
			d := Backoff(100*time.Millisecond, time.Second, n)
			if d < want/2 || d > want {
				t.Fatalf("Backoff(%d) = %v, want in [%v, %v]", n, d, want/2, want)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// 200 draws from [want/2, want] all in its upper or lower quarter: the jitter is gone.
		if hi-lo < want/4 {
			t.Errorf("Backoff(%d): draws span only %v..%v", n, lo, hi)
		}
	}
	if d := Backoff(time.Second, 0, 3); d != 0 {
		t.Errorf("zero limit: %v", d)
	}
}

const signed = "https://bucket.s3.us-east-1.amazonaws.com/parts/abc/1?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&X-Amz-Signature=deadbeefcafe1234"

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{signed, "https://bucket.s3.us-east-1.amazonaws.com/parts/abc/1?REDACTED"},
		{"http://127.0.0.1:1234/s3/x", "http://127.0.0.1:1234/s3/x"},
		{"http://user:pw@host/p?sig=1#frag", "http://host/p?REDACTED"},
		{"http://host/p?", "http://host/p?REDACTED"},
		{"http://host/a%2Fb?x=1", "http://host/a%2Fb?REDACTED"},
		{"::not a url?X-Amz-Signature=abc", "::not a url?REDACTED"},
		{"", ""},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactString(t *testing.T) {
	in := `Put "` + signed + `": read tcp 127.0.0.1:1->127.0.0.1:2: connection reset by peer; also see ` + signed + ` and a fragment X-Amz-Signature=feedface&X-Amz-Credential=AKIA%2Fx and Signature=zzz`
	got := RedactString(in)
	for _, secret := range []string{"deadbeefcafe1234", "AKIAEXAMPLE", "feedface", "AKIA%2Fx", "zzz", "X-Amz-Date=2026"} {
		if strings.Contains(got, secret) {
			t.Errorf("RedactString left %q in %q", secret, got)
		}
	}
	for _, keep := range []string{`Put "https://bucket.s3.us-east-1.amazonaws.com/parts/abc/1?REDACTED"`, "connection reset by peer", "X-Amz-Signature=REDACTED", "Signature=REDACTED"} {
		if !strings.Contains(got, keep) {
			t.Errorf("RedactString(%q) = %q, missing %q", in, got, keep)
		}
	}
	if s := "plain text, no secrets"; RedactString(s) != s {
		t.Errorf("RedactString changed plain text")
	}
}

// Signing parameters of Google Cloud Storage and Azure quoted outside a whole URL are redacted too.
func TestRedactStringOtherClouds(t *testing.T) {
	in := "query X-Goog-Signature=g00g&X-Goog-Credential=sa%40p and GoogleAccessId=sa%40q, then sv=2022&sig=az%3D"
	got := RedactString(in)
	for _, secret := range []string{"g00g", "sa%40p", "sa%40q", "az%3D"} {
		if strings.Contains(got, secret) {
			t.Errorf("RedactString left %q in %q", secret, got)
		}
	}
}

func TestSigningParams(t *testing.T) {
	for _, tc := range []struct {
		query   []string
		signing []string
		object  []string
	}{
		{[]string{"X-Amz-Signature", "x-amz-date", "versionId"}, []string{"X-Amz-Signature", "x-amz-date", "X-AMZ-EXPIRES"}, []string{"versionId", "Expires"}},
		{[]string{"X-Goog-Signature", "generation"}, []string{"x-goog-credential"}, []string{"generation", "GoogleAccessId"}},
		{[]string{"Signature", "Expires", "Key-Pair-Id"}, []string{"signature", "EXPIRES", "Policy", "Key-Pair-Id", "GoogleAccessId", "AWSAccessKeyId"}, []string{"v", "sig", "se"}},
		{[]string{"sig", "se", "sv"}, []string{"sig", "SE", "sv", "st", "sp", "sr", "spr", "skoid", "rscd", "srt", "ss"}, []string{"snapshot", "versionid", "Expires"}},
		{[]string{"se", "sp", "Expires"}, nil, []string{"se", "sp", "Expires", "Policy"}}, // no signature: plain names
	} {
		isSigning := SigningParams(tc.query)
		for _, n := range tc.signing {
			if !isSigning(n) {
				t.Errorf("in %v, %s is not taken as a signing parameter", tc.query, n)
			}
		}
		for _, n := range tc.object {
			if isSigning(n) {
				t.Errorf("in %v, %s is taken as a signing parameter", tc.query, n)
			}
		}
	}
}

func TestRedactSecret(t *testing.T) {
	if got := RedactSecret("token Bearer tok-123 is locked; tok-123 again", "tok-123"); got != "token Bearer REDACTED is locked; REDACTED again" {
		t.Errorf("got %q", got)
	}
	if got := RedactSecret("no secret here", ""); got != "no secret here" {
		t.Errorf("empty secret changed the text: %q", got)
	}
}
