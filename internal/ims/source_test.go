package ims

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// The tests run the source against the emulator's IMS endpoint over HTTP. Source and emulator share a
// TestClock, so a test steps over a token lifetime instead of sleeping.

func newEmu(t *testing.T, o emulator.IMSOptions) (*emulator.Emulator, *emulator.TestClock) {
	t.Helper()
	clk := emulator.NewTestClock()
	return emulatortest.New(t, emulator.Options{Clock: clk, IMS: o}), clk
}

func newSource(t *testing.T, e *emulator.Emulator, clk *emulator.TestClock, mod func(*Config)) *Source {
	t.Helper()
	o := e.Options().IMS
	cfg := Config{URL: e.URL() + "/", ClientID: o.ClientID, ClientSecret: o.ClientSecret, Now: clk.Now,
		MinRetryWait: time.Millisecond, MaxRetryWait: 5 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustToken(t *testing.T, s *Source) string {
	t.Helper()
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestLazyCachedAndSharedByConcurrentCallers(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{})
	s := newSource(t, e, clk, nil)
	if e.IMSRequests() != 0 {
		t.Fatal("New made a token request")
	}
	if s.TokenURL() != e.URL()+TokenPath || s.Grant() != GrantClientCredentials {
		t.Errorf("token URL %q, grant %q", s.TokenURL(), s.Grant())
	}
	var wg sync.WaitGroup
	toks := make([]string, 50)
	for i := range toks {
		wg.Add(1)
		go func() { defer wg.Done(); toks[i] = mustToken(t, s) }()
	}
	wg.Wait()
	for range 100 {
		toks = append(toks, mustToken(t, s))
	}
	if n := distinct(toks); toks[0] == "" || n != 1 {
		t.Errorf("callers got %d distinct tokens, want 1", n)
	}
	if n := e.IMSRequests(); n != 1 {
		t.Errorf("150 calls made %d token requests, want 1", n)
	}
}

func TestRenewedAheadOfExpiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lifetime, renewAfter time.Duration
	}{
		{100 * time.Second, 90 * time.Second}, // 10 % margin
		{24 * time.Hour, 24*time.Hour - MaxMargin},
	} {
		e, clk := newEmu(t, emulator.IMSOptions{TokenLifetime: tc.lifetime})
		s := newSource(t, e, clk, nil)
		first := mustToken(t, s)
		clk.Advance(tc.renewAfter - time.Second)
		if mustToken(t, s) != first || e.IMSRequests() != 1 {
			t.Errorf("lifetime %s: renewed before the margin", tc.lifetime)
		}
		clk.Advance(2 * time.Second)
		second := mustToken(t, s)
		if second == first || e.IMSRequests() != 2 {
			t.Errorf("lifetime %s: not renewed within the margin (%d requests)", tc.lifetime, e.IMSRequests())
		}
	}
}

func TestRenewReplacesARefusedTokenOnce(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{})
	s := newSource(t, e, clk, nil)
	ctx := context.Background()
	old := mustToken(t, s)
	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if got[i], err = s.Renew(ctx, old); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got[0] == old || distinct(got) != 1 || e.IMSRequests() != 2 {
		t.Errorf("ten renewals of one refused token: %d requests, want 2 in all", e.IMSRequests())
	}
	// A caller whose request left with the old token gets the new one without a request.
	if tok, _ := s.Renew(ctx, old); tok != got[0] || e.IMSRequests() != 2 {
		t.Errorf("late renewal made a request or returned another token")
	}
}

func TestRefreshTokenGrantFollowsRotation(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{RotateRefreshTokens: true, TokenLifetime: time.Hour})
	var mu sync.Mutex
	var seen []string
	s := newSource(t, e, clk, func(c *Config) {
		c.RefreshToken = emulator.DefaultRefreshToken
		c.OnSecret = func(v string) { mu.Lock(); seen = append(seen, v); mu.Unlock() }
	})
	if s.Grant() != GrantRefreshToken {
		t.Fatalf("grant %q", s.Grant())
	}
	for range 3 { // the second and third renewals only work with the rotated refresh token
		mustToken(t, s)
		clk.Advance(time.Hour)
	}
	requests, rotated := s.Stats()
	if requests != 3 || !rotated {
		t.Errorf("stats %d, %v; want 3 requests and rotated", requests, rotated)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, v := range e.IMSSecrets() {
		if !slices.Contains(seen, v) {
			t.Errorf("OnSecret missed an issued token or refresh token")
		}
	}
}

func TestErrorsNameWhatToCheck(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{Scopes: "openid,AdobeID"})
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	deadURL := "http://" + closed.Addr().String()
	closed.Close()
	for _, tc := range []struct {
		name   string
		mod    func(*Config)
		kind   Kind
		status int
		code   string
	}{
		{"client id", func(c *Config) { c.ClientID = "nobody" }, KindClient, 400, "invalid_client"},
		{"client secret", func(c *Config) { c.ClientSecret = "s3cret-wrong" }, KindClient, 401, "invalid_client"},
		{"scope", nil, KindScope, 400, "invalid_scope"}, // the default scopes ask for frame.s2s.all
		{"refresh token", func(c *Config) { c.RefreshToken = "rt-revoked" }, KindRefreshToken, 400, "invalid_grant"},
		{"unreachable", func(c *Config) { c.URL = deadURL; c.MaxRetries = httpx.NoRetries }, KindUnreachable, 0, ""},
	} {
		s := newSource(t, e, clk, tc.mod)
		_, err := s.Token(context.Background())
		var ie *Error
		if !errors.As(err, &ie) || ie.Kind != tc.kind || ie.Status != tc.status || ie.Code != tc.code {
			t.Errorf("%s: err = %#v, want kind %d, status %d, code %q", tc.name, err, tc.kind, tc.status, tc.code)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, s.TokenURL()) || strings.Contains(msg, "s3cret-wrong") || strings.Contains(msg, "rt-revoked") {
			t.Errorf("%s: message %q: want the endpoint and no secret", tc.name, msg)
		}
		if tc.kind != KindUnreachable && ie.Description == "" {
			t.Errorf("%s: IMS's error_description is lost: %q", tc.name, msg)
		}
	}
}

func TestOverloadedIMSIsRetriedAndTheCurrentTokenKept(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{TokenLifetime: 100 * time.Second})
	s := newSource(t, e, clk, func(c *Config) { c.MaxRetries = 2 })
	e.FailOperation(emulator.OpIMSToken, 2, http.StatusServiceUnavailable)
	first := mustToken(t, s) // third attempt succeeds
	if n := e.IMSRequests(); n != 3 {
		t.Errorf("%d requests, want 3 (two 503s retried)", n)
	}

	e.FailOperation(emulator.OpIMSToken, 3, http.StatusServiceUnavailable)
	clk.Advance(95 * time.Second) // due for renewal, not expired
	if tok := mustToken(t, s); tok != first {
		t.Error("a failed renewal within the margin did not keep the current token")
	}
	clk.Advance(10 * time.Second) // expired
	e.FailOperation(emulator.OpIMSToken, 3, http.StatusServiceUnavailable)
	_, err := s.Token(context.Background())
	var ie *Error
	if !errors.As(err, &ie) || ie.Kind != KindUnavailable || ie.Status != 503 {
		t.Errorf("err = %v, want the 503 once the token expired", err)
	}
}

func TestACallerGivingUpDoesNotCancelTheSharedRequest(t *testing.T) {
	t.Parallel()
	e, clk := newEmu(t, emulator.IMSOptions{})
	e.SetLatency(300 * time.Millisecond) // real time: the request is in flight while the first caller leaves
	s := newSource(t, e, clk, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Token(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
	mustToken(t, s)
	if n := e.IMSRequests(); n != 1 {
		t.Errorf("%d token requests, want 1: the second caller joins the first one's request", n)
	}
}

func distinct(s []string) int {
	m := map[string]bool{}
	for _, v := range s {
		m[v] = true
	}
	return len(m)
}
