// Package ims obtains and renews Adobe IMS access tokens, the bearer tokens of the Frame.io V4 API.
//
// Two OAuth grants are supported, both at {URL}/ims/token/v3 with the client id and secret as form
// fields: client credentials (server-to-server credentials) and refresh token (a user's login). The
// wire format is golang.org/x/oauth2's; what this package adds is the caching IMS asks for:
//
//   - lazy: no IMS call before the first Token;
//   - one token in memory, renewed ahead of its expires_in by a margin (10 % of its lifetime, at most
//     five minutes), so a request never leaves with a token about to run out;
//   - at most one token request at a time however many goroutines ask: IMS throttles excessive token
//     requests, and a run of a thousand API calls must make one request per token lifetime;
//   - Renew replaces a token the API refused, once for any number of callers that saw it refused.
//
// oauth2.ReuseTokenSourceWithExpiry caches too, but cannot drop a token the API refused and holds its
// lock across the request (a waiter cannot give up), hence the small cache here.
//
// It knows nothing of Terraform or of the Frame.io API.
package ims

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Defaults applied by New.
const (
	DefaultURL    = "https://ims-na1.adobelogin.com"
	DefaultScopes = "openid,AdobeID,frame.s2s.all"
	TokenPath     = "/ims/token/v3"

	// MaxMargin caps how long before expiry a token is renewed; shorter lifetimes renew at 90 %.
	MaxMargin = 5 * time.Minute

	defaultMinRetryWait = 500 * time.Millisecond
	defaultMaxRetryWait = 30 * time.Second
	// renewalTimeout bounds one renewal, retries included. A renewal is shared by every caller
	// waiting for it, so it does not end when the caller that started it gives up.
	renewalTimeout = 5 * time.Minute
)

// Grant names, as sent in grant_type.
const (
	GrantClientCredentials = "client_credentials"
	GrantRefreshToken      = "refresh_token"
)

// Config configures a Source.
type Config struct {
	URL          string // IMS base URL, default DefaultURL; a trailing slash or TokenPath is tolerated
	ClientID     string
	ClientSecret string
	RefreshToken string // set: the refresh-token grant (user OAuth); empty: client credentials
	Scopes       string // comma-separated scopes of the client-credentials grant; default DefaultScopes

	HTTPClient *http.Client
	// MaxRetries for 429, 5xx and network errors of a token request, resolved by httpx.Retries.
	MaxRetries int
	// MinRetryWait and MaxRetryWait bound the backoff; defaults 500ms and 30s.
	MinRetryWait, MaxRetryWait time.Duration

	Now    func() time.Time // the clock deciding expiry; nil = time.Now
	Logger Logger           // optional
	// OnSecret, when set, receives every access and refresh token IMS issues before anything else
	// sees it, so that a log masker can hide it.
	OnSecret func(secret string)
}

// Logger receives the source's log lines. Fields never contain a secret.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Source hands out IMS access tokens. It is safe for concurrent use.
type Source struct {
	cfg      Config
	tokenURL string
	grant    string
	http     *http.Client

	mu       sync.Mutex
	tok      *token // nil before the first token and after Renew dropped a refused one
	refresh  string // the refresh token in use: IMS may rotate it
	inflight *call  // the token request in progress, shared by every caller
	requests int    // token requests sent, retries included
	rotated  bool   // IMS replaced the refresh token during this run
}

type token struct {
	access          string
	renewAt, expiry time.Time // expiry zero: IMS gave no lifetime, keep until refused
}

type call struct {
	done chan struct{}
	tok  *token
	err  error
}

// New checks cfg and returns a Source. It makes no request.
func New(cfg Config) (*Source, error) {
	if strings.TrimSpace(cfg.ClientID) == "" || strings.TrimSpace(cfg.ClientSecret) == "" {
		return nil, errors.New("ims: the client id and the client secret must both be set")
	}
	u := strings.TrimSpace(cfg.URL)
	if u == "" {
		u = DefaultURL
	}
	u = strings.TrimSuffix(strings.TrimRight(u, "/"), TokenPath)
	if cfg.Scopes = normaliseScopes(cfg.Scopes); cfg.Scopes == "" {
		cfg.Scopes = DefaultScopes
	}
	if cfg.MinRetryWait <= 0 {
		cfg.MinRetryWait = defaultMinRetryWait
	}
	if cfg.MaxRetryWait < cfg.MinRetryWait {
		cfg.MaxRetryWait = max(defaultMaxRetryWait, cfg.MinRetryWait)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Source{cfg: cfg, tokenURL: u + TokenPath, grant: GrantClientCredentials, http: cfg.HTTPClient,
		refresh: cfg.RefreshToken}
	if cfg.RefreshToken != "" {
		s.grant = GrantRefreshToken
	}
	if s.http == nil {
		s.http = cleanhttp.DefaultPooledClient()
	}
	return s, nil
}

// normaliseScopes turns "openid, AdobeID frame.s2s.all" into "openid,AdobeID,frame.s2s.all": IMS
// takes a comma-separated list.
func normaliseScopes(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }), ",")
}

// TokenURL is the token endpoint in use.
func (s *Source) TokenURL() string { return s.tokenURL }

// Grant is the grant in use: GrantClientCredentials or GrantRefreshToken.
func (s *Source) Grant() string { return s.grant }

// Token returns a token valid for at least the renewal margin, requesting one when there is none or
// it is due. Callers that arrive during a request wait for its result.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if t := s.tok; t != nil && (t.expiry.IsZero() || s.cfg.Now().Before(t.renewAt)) {
		s.mu.Unlock()
		return t.access, nil
	}
	c := s.startLocked(ctx)
	s.mu.Unlock()
	return s.wait(ctx, c, true)
}

// Renew returns a token other than refused, which the API has just refused: the first caller with a
// given refused token drops it and requests a new one, later callers get that new one.
func (s *Source) Renew(ctx context.Context, refused string) (string, error) {
	s.mu.Lock()
	if s.tok != nil && s.tok.access == refused {
		s.tok = nil
	}
	if t := s.tok; t != nil && (t.expiry.IsZero() || s.cfg.Now().Before(t.renewAt)) {
		s.mu.Unlock()
		return t.access, nil // renewed since the refused request left
	}
	c := s.startLocked(ctx)
	s.mu.Unlock()
	return s.wait(ctx, c, false)
}

// Stats reports the token requests sent so far (retries included) and whether IMS rotated the
// refresh token.
func (s *Source) Stats() (requests int, refreshTokenRotated bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.rotated
}

// startLocked joins the request in flight or starts one. The request runs on ctx's values (its
// logger) but not its cancellation: other callers may be waiting for it.
func (s *Source) startLocked(ctx context.Context) *call {
	if s.inflight != nil {
		return s.inflight
	}
	c := &call{done: make(chan struct{})}
	s.inflight = c
	go s.run(context.WithoutCancel(ctx), c)
	return c
}

func (s *Source) wait(ctx context.Context, c *call, mayUseOld bool) (string, error) {
	select {
	case <-c.done:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if c.err == nil {
		return c.tok.access, nil
	}
	if mayUseOld {
		// A token due for renewal still works until it expires: a brief IMS outage need not fail
		// the call. The next call tries to renew again.
		s.mu.Lock()
		t := s.tok
		s.mu.Unlock()
		if t != nil && s.cfg.Now().Before(t.expiry) {
			s.logWarn(ctx, "Adobe IMS token renewal failed; using the current token until it expires",
				map[string]any{"error": c.err.Error(), "expires_in_s": int(t.expiry.Sub(s.cfg.Now()).Seconds())})
			return t.access, nil
		}
	}
	return "", c.err
}

func (s *Source) run(ctx context.Context, c *call) {
	ctx, cancel := context.WithTimeout(ctx, renewalTimeout)
	defer cancel()
	s.mu.Lock()
	refresh := s.refresh
	s.mu.Unlock()

	start := s.cfg.Now()
	ot, err := s.request(ctx, refresh)
	var t *token
	if err == nil {
		if s.cfg.OnSecret != nil {
			s.cfg.OnSecret(ot.AccessToken)
			if ot.RefreshToken != "" && ot.RefreshToken != refresh {
				s.cfg.OnSecret(ot.RefreshToken)
			}
		}
		t = &token{access: ot.AccessToken}
		if life := lifetime(ot); life > 0 {
			t.expiry = start.Add(life) // from when the request left: errs on the early side
			t.renewAt = t.expiry.Add(-min(MaxMargin, life/10))
		}
		s.logDebug(ctx, "obtained an Adobe IMS access token", map[string]any{
			"grant": s.grant, "expires_in_s": int(lifetime(ot).Seconds())})
	}

	s.mu.Lock()
	rotated := false
	if err == nil {
		s.tok = t
		if s.grant == GrantRefreshToken && ot.RefreshToken != "" && ot.RefreshToken != s.refresh {
			s.refresh = ot.RefreshToken
			rotated = !s.rotated
			s.rotated = true
		}
	}
	c.tok, c.err = t, err
	s.inflight = nil
	s.mu.Unlock()
	close(c.done)
	if rotated {
		s.logWarn(ctx, "Adobe IMS issued a new refresh token: it is used for the rest of this run, but the "+
			"one you stored is not updated; if IMS retires the old one, store a new refresh token", nil)
	}
}

// request sends the token request, retrying 429, 5xx and network errors with backoff.
func (s *Source) request(ctx context.Context, refresh string) (*oauth2.Token, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.http)
	retries := httpx.Retries(s.cfg.MaxRetries)
	for attempt := 0; ; attempt++ {
		s.mu.Lock()
		s.requests++
		s.mu.Unlock()
		var ot *oauth2.Token
		var err error
		if refresh == "" {
			cc := clientcredentials.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret,
				TokenURL: s.tokenURL, Scopes: []string{s.cfg.Scopes}, AuthStyle: oauth2.AuthStyleInParams}
			ot, err = cc.Token(ctx)
		} else {
			oc := oauth2.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret,
				Endpoint: oauth2.Endpoint{TokenURL: s.tokenURL, AuthStyle: oauth2.AuthStyleInParams}}
			ot, err = oc.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh}).Token()
		}
		if err == nil {
			if bad := strings.ContainsAny(ot.AccessToken, "\r\n\t "); bad || ot.AccessToken == "" {
				return nil, &Error{Kind: KindOther, URL: s.tokenURL, Grant: s.grant,
					Description: "the reply's access_token is empty or not a single word"}
			}
			return ot, nil
		}
		e := s.classify(err)
		if !e.retryable() || attempt >= retries || ctx.Err() != nil {
			return nil, e
		}
		wait := httpx.Backoff(s.cfg.MinRetryWait, s.cfg.MaxRetryWait, attempt)
		if e.retryAfter > 0 {
			wait = e.retryAfter // IMS's throttling says how long
		}
		s.logWarn(ctx, "Adobe IMS token request failed, retrying", map[string]any{
			"grant": s.grant, "status": e.Status, "attempt": attempt + 2, "wait_ms": wait.Milliseconds()})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, e
		case <-t.C:
		}
	}
}

// lifetime is the token's expires_in: oauth2 keeps the raw reply, and only computes Expiry from its
// own clock, which a test's stepped clock must not depend on.
func lifetime(t *oauth2.Token) time.Duration {
	switch v := t.Extra("expires_in").(type) {
	case float64:
		return time.Duration(v * float64(time.Second))
	case string:
		var n int64
		if _, err := fmt.Sscan(v, &n); err == nil {
			return time.Duration(n) * time.Second
		}
	}
	if !t.Expiry.IsZero() {
		return time.Until(t.Expiry).Round(time.Second)
	}
	return 0
}

func (s *Source) logDebug(ctx context.Context, msg string, f map[string]any) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.Debug(ctx, msg, f)
	}
}

func (s *Source) logWarn(ctx context.Context, msg string, f map[string]any) {
	if s.cfg.Logger != nil {
		s.cfg.Logger.Warn(ctx, msg, f)
	}
}
