package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

type imsReply struct {
	status int
	body   map[string]any
}

// imsPost posts form to the token endpoint.
func imsPost(t *testing.T, e *Emulator, form url.Values) imsReply {
	t.Helper()
	resp, err := httpc.Post(e.URL()+imsTokenPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := imsReply{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		t.Fatalf("token reply is not JSON: %v: %s", err, raw)
	}
	return r
}

func clientCredentials(o IMSOptions) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {o.ClientID},
		"client_secret": {o.ClientSecret}, "scope": {DefaultIMSScopes}}
}

func (r imsReply) wantError(t *testing.T, status int, code string) {
	t.Helper()
	if r.status != status || r.body["error"] != code || r.body["error_description"] == "" {
		t.Errorf("reply %d %v, want %d with error %q and a description", r.status, r.body, status, code)
	}
}

func TestIMSClientCredentialsTokenWorksUntilItExpires(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{IMS: IMSOptions{TokenLifetime: 90 * time.Second}}))
	r := imsPost(t, e, clientCredentials(e.Options().IMS))
	tok, _ := r.body["access_token"].(string)
	if r.status != http.StatusOK || tok == "" || r.body["token_type"] != "bearer" || r.body["expires_in"] != float64(90) {
		t.Fatalf("token reply %d %v", r.status, r.body)
	}
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok), http.StatusOK)

	clockOf(t, e).Advance(89 * time.Second)
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok), http.StatusOK)
	clockOf(t, e).Advance(time.Second)
	expired := callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok)
	wantStatus(t, expired, http.StatusUnauthorized)
	if expired.errDetail() == "" {
		t.Errorf("401 without the documented errors[].detail: %s", expired.raw)
	}
	if e.IMSRequests() != 1 || e.IMSTokensIssued() != 1 {
		t.Errorf("requests %d, issued %d; want 1 and 1", e.IMSRequests(), e.IMSTokensIssued())
	}
	// The static token still works alongside.
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), http.StatusOK)
}

func TestIMSErrorsAsIMSGivesThem(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{IMS: IMSOptions{Scopes: "openid,AdobeID"}}))
	o := e.Options().IMS
	with := func(k, v string) url.Values {
		f := clientCredentials(o)
		f.Set("scope", "openid,AdobeID")
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	imsPost(t, e, with("client_id", "someone-else")).wantError(t, 400, "invalid_client")
	imsPost(t, e, with("client_secret", "wrong")).wantError(t, 401, "invalid_client")
	imsPost(t, e, with("scope", DefaultIMSScopes)).wantError(t, 400, "invalid_scope") // not granted frame.s2s.all
	imsPost(t, e, with("scope", "")).wantError(t, 400, "invalid_scope")
	imsPost(t, e, with("grant_type", "password")).wantError(t, 400, "unsupported_grant_type")
	imsPost(t, e, with("grant_type", "")).wantError(t, 400, "invalid_request")
	imsPost(t, e, with("client_id", "")).wantError(t, 400, "invalid_request")
	imsPost(t, e, with("grant_type", "refresh_token")).wantError(t, 400, "invalid_request")

	// Credentials in the query string, or a JSON body, are not a form.
	resp, err := httpc.Post(e.URL()+imsTokenPath+"?"+clientCredentials(o).Encode(), "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("JSON body: %d, want 400", resp.StatusCode)
	}

	// A token without frame.s2s.all is issued (IMS grants what it was asked) but the API refuses it.
	r := imsPost(t, e, with("scope", "openid,AdobeID"))
	tok, _ := r.body["access_token"].(string)
	if r.status != 200 || tok == "" {
		t.Fatalf("token reply %d %v", r.status, r.body)
	}
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok), http.StatusUnauthorized)
	if n := e.IMSTokensIssued(); n != 1 {
		t.Errorf("issued %d tokens, want 1 (errors issue none)", n)
	}
	if n := e.IMSRequests(); n != 10 {
		t.Errorf("counted %d token requests, want 10", n)
	}
}

func TestIMSRefreshGrantRotatesRefreshTokens(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{IMS: IMSOptions{RotateRefreshTokens: true}}))
	o := e.Options().IMS
	refresh := func(rt string) imsReply {
		return imsPost(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {o.ClientID},
			"client_secret": {o.ClientSecret}, "refresh_token": {rt}})
	}
	r := refresh(DefaultRefreshToken)
	next, _ := r.body["refresh_token"].(string)
	tok, _ := r.body["access_token"].(string)
	if r.status != 200 || tok == "" || next == "" || next == DefaultRefreshToken {
		t.Fatalf("refresh reply %d %v: want an access token and a new refresh token", r.status, r.body)
	}
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok), http.StatusOK)
	refresh(DefaultRefreshToken).wantError(t, 400, "invalid_grant") // retired by the rotation
	if r := refresh(next); r.status != 200 {
		t.Errorf("the rotated refresh token: %d %v", r.status, r.body)
	}
	if s := e.IMSSecrets(); len(s) != 4 {
		t.Errorf("IMSSecrets has %d entries, want 2 access and 2 refresh tokens", len(s))
	}

	e.RevokeIMSTokens()
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, "Bearer "+tok), http.StatusUnauthorized)
}

func TestIMSIsNoAPIRoute(t *testing.T) {
	t.Parallel()
	for _, rt := range Routes() {
		if strings.HasPrefix(rt.Pattern, "/ims") {
			t.Errorf("the IMS endpoint is listed as an API route: %+v", rt)
		}
	}
	e := newTest(t, fast(Options{}))
	resp, err := httpc.Get(e.URL() + imsTokenPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("x-ratelimit-limit") != "" {
		t.Errorf("GET: %d with rate-limit headers %q, want 405 without", resp.StatusCode, resp.Header.Get("x-ratelimit-limit"))
	}
}
