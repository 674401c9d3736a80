package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The Adobe IMS token endpoint, POST /ims/token/v3, as the provider's ims_url reaches it. It is not a
// Frame.io API operation (another host in production): it has no rate-limit class and is not listed
// by Routes, like the pre-signed part URLs.
//
// Form-encoded grants (client id and secret as form fields):
//
//	grant_type=client_credentials&client_id&client_secret&scope=openid,AdobeID,frame.s2s.all
//	grant_type=refresh_token&client_id&client_secret&refresh_token
//
// 200 {"access_token","token_type":"bearer","expires_in"} (plus "refresh_token" on the refresh grant).
// Errors as IMS gives them, {"error","error_description"}: an unknown client_id 400 invalid_client, a
// wrong client_secret 401 invalid_client, a scope the client is not granted 400 invalid_scope, an
// unknown or retired refresh token 400 invalid_grant, another grant 400 unsupported_grant_type, a
// missing field or a body that is not form-encoded 400 invalid_request, another method 405.
//
// The API accepts Options.Token (a token obtained elsewhere) and every access token issued here until
// it expires (by Options.Clock); a client-credentials token must carry frame.s2s.all. Any other token
// gets the documented 401.

const imsTokenPath = "/ims/token/v3"

// Defaults of IMSOptions.
const (
	DefaultClientID      = "emulator-client-id"
	DefaultClientSecret  = "emulator-client-secret"
	DefaultRefreshToken  = "emulator-refresh-token"
	DefaultIMSScopes     = "openid,AdobeID,frame.s2s.all"
	DefaultTokenLifetime = 24 * time.Hour
	s2sScope             = "frame.s2s.all"
)

// IMSOptions configures the IMS token endpoint. Zero values pick the defaults above.
type IMSOptions struct {
	ClientID     string
	ClientSecret string
	RefreshToken string // a user's refresh token, accepted by the refresh-token grant
	Scopes       string // comma-separated scopes the client is granted

	// TokenLifetime is the expires_in of issued access tokens, in whole seconds (at least one).
	TokenLifetime time.Duration

	// RotateRefreshTokens makes every refresh grant answer with a new refresh token and retire the one
	// it used, as IMS may: a client must use the new one from then on. The same as
	// Readings.RotateRefreshTokens (which SetReadings changes at runtime); either turns it on.
	RotateRefreshTokens bool
}

func (o IMSOptions) withDefaults() IMSOptions {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.ClientID, DefaultClientID)
	def(&o.ClientSecret, DefaultClientSecret)
	def(&o.RefreshToken, DefaultRefreshToken)
	def(&o.Scopes, DefaultIMSScopes)
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = DefaultTokenLifetime
	}
	o.TokenLifetime = max(o.TokenLifetime.Truncate(time.Second), time.Second)
	return o
}

// imsState is what the token endpoint remembers. It has its own lock: the API's auth check reads it on
// every call and needs nothing else of the emulator's state.
type imsState struct {
	mu       sync.Mutex
	tokens   map[string]imsToken
	current  string // the refresh token in force ("" = Options.IMS.RefreshToken)
	requests int
	issued   int
	secrets  []string
}

type imsToken struct {
	expiry time.Time
	s2s    bool // a client-credentials token with frame.s2s.all, or a user's token
}

// IMSRequests is the number of requests the token endpoint received, whatever their outcome.
func (e *Emulator) IMSRequests() int {
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	return e.ims.requests
}

// IMSTokensIssued is the number of access tokens the token endpoint issued.
func (e *Emulator) IMSTokensIssued() int {
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	return e.ims.issued
}

// IMSSecrets returns every access and refresh token the endpoint issued, for tests that check none of
// them leaks into a log or a state file.
func (e *Emulator) IMSSecrets() []string {
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	return append([]string(nil), e.ims.secrets...)
}

// RevokeIMSTokens makes every access token issued so far invalid, as if IMS had revoked them: the API
// refuses them with 401 although they have not expired.
func (e *Emulator) RevokeIMSTokens() {
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	clear(e.ims.tokens)
}

// imsAccepts reports whether tok is an access token the endpoint issued that is still valid at now.
func (e *Emulator) imsAccepts(tok string, now time.Time) bool {
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	t, ok := e.ims.tokens[tok]
	return ok && t.s2s && now.Before(t.expiry)
}

type imsError struct {
	status      int
	code, descr string
}

// serveIMS serves the token endpoint (operation OpIMSToken); injected faults come first.
func (e *Emulator) serveIMS(w http.ResponseWriter, r *http.Request) {
	setOp(w, OpIMSToken)
	e.ims.mu.Lock()
	e.ims.requests++
	e.ims.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	switch f := e.faults.take(OpIMSToken, false); {
	case f == nil:
		e.grantIMS(w, r)
	case f.kind == faultFail:
		if f.retryAfter > 0 {
			w.Header().Set("Retry-After", retryAfterSeconds(f.retryAfter))
		}
		writeJSON(w, f.status, map[string]string{"error": "server_error", "error_description": "injected failure"})
	case f.kind == faultStall:
		e.stall(w, r)
	case f.kind == faultReset:
		resetMidRequest(w, r)
	default:
		e.grantIMS(&discardReply{}, r)
		lostReply(w, f.mode)
	}
}

// grantIMS answers a token request.
func (e *Emulator) grantIMS(w http.ResponseWriter, r *http.Request) {
	reply, ierr := e.imsGrant(r, e.opts.IMS)
	if ierr != nil {
		writeJSON(w, ierr.status, map[string]string{"error": ierr.code, "error_description": ierr.descr})
		return
	}
	writeJSON(w, http.StatusOK, reply)
}

func (e *Emulator) imsGrant(r *http.Request, o IMSOptions) (map[string]any, *imsError) {
	bad := func(code, descr string) *imsError { return &imsError{http.StatusBadRequest, code, descr} }
	if r.Method != http.MethodPost {
		return nil, &imsError{http.StatusMethodNotAllowed, "invalid_request", "method not allowed: use POST"}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil, bad("invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return nil, bad("invalid_request", "the body is not a valid form")
	}
	f := r.PostForm // the credentials are form fields, never query parameters
	switch {
	case f.Get("client_id") == "":
		return nil, bad("invalid_request", "missing client_id parameter")
	case f.Get("client_id") != o.ClientID:
		return nil, bad("invalid_client", "invalid client_id parameter")
	case f.Get("client_secret") != o.ClientSecret:
		return nil, &imsError{http.StatusUnauthorized, "invalid_client", "invalid client_secret parameter"}
	}
	now := e.now()
	e.ims.mu.Lock()
	defer e.ims.mu.Unlock()
	reply := map[string]any{"token_type": "bearer", "expires_in": int64(o.TokenLifetime / time.Second)}
	switch f.Get("grant_type") {
	case "client_credentials":
		scopes := strings.FieldsFunc(f.Get("scope"), func(r rune) bool { return r == ',' || r == ' ' })
		if len(scopes) == 0 {
			return nil, bad("invalid_scope", "missing scope parameter")
		}
		s2s := false
		for _, s := range scopes {
			if !hasScope(o.Scopes, s) {
				return nil, bad("invalid_scope", "invalid scope ("+s+")")
			}
			s2s = s2s || s == s2sScope
		}
		reply["access_token"] = e.issueLocked(imsToken{expiry: now.Add(o.TokenLifetime), s2s: s2s})
	case "refresh_token":
		rt := f.Get("refresh_token")
		cur := e.ims.current
		if cur == "" {
			cur = o.RefreshToken
		}
		switch {
		case rt == "":
			return nil, bad("invalid_request", "missing refresh_token parameter")
		case rt != cur:
			return nil, bad("invalid_grant", "invalid refresh_token: expired, revoked or replaced")
		}
		reply["access_token"] = e.issueLocked(imsToken{expiry: now.Add(o.TokenLifetime), s2s: true})
		if e.readings.get().RotateRefreshTokens {
			cur = "ims-rt-" + randomHex()
			e.ims.current = cur
			e.ims.secrets = append(e.ims.secrets, cur)
		}
		reply["refresh_token"] = cur
	case "":
		return nil, bad("invalid_request", "missing grant_type parameter")
	default:
		return nil, bad("unsupported_grant_type", "unsupported grant_type "+strconv.Quote(f.Get("grant_type")))
	}
	return reply, nil
}

// issueLocked records and returns a new access token; e.ims.mu is held.
func (e *Emulator) issueLocked(t imsToken) string {
	if e.ims.tokens == nil {
		e.ims.tokens = map[string]imsToken{}
	}
	tok := "ims-at-" + randomHex()
	e.ims.tokens[tok] = t
	e.ims.issued++
	e.ims.secrets = append(e.ims.secrets, tok)
	return tok
}

func hasScope(list, s string) bool {
	for _, g := range strings.Split(list, ",") {
		if strings.TrimSpace(g) == s {
			return true
		}
	}
	return false
}

func randomHex() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
