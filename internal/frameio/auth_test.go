package frameio

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
)

// imsClient returns a client whose tokens come from the emulator's IMS endpoint, and the source.
func imsClient(t *testing.T, e *emulator.Emulator, scopes string, mod ...func(*Config)) (*Client, *ims.Source) {
	t.Helper()
	o := e.Options().IMS
	src, err := ims.New(ims.Config{URL: e.URL(), ClientID: o.ClientID, ClientSecret: o.ClientSecret, Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return newClient(t, e, append([]func(*Config){func(c *Config) { c.Token, c.TokenSource = "", src }}, mod...)...), src
}

func TestTokenSourceIsLazyAndShared(t *testing.T) {
	t.Parallel()
	e := newEmu(t, emulator.Options{})
	c, _ := imsClient(t, e, "")
	if n := e.IMSRequests(); n != 0 {
		t.Fatalf("%d token requests before the first API call, want none", n)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Me(ctxT(t)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.IMSRequests(); n != 1 {
		t.Errorf("20 parallel calls made %d token requests, want 1", n)
	}
}

func TestRefusedTokenIsRenewedOnceForAllCallers(t *testing.T) {
	t.Parallel()
	e := newEmu(t, emulator.Options{})
	// No retries: the renewal after a 401 is not a retry and must still happen.
	c, _ := imsClient(t, e, "", func(c *Config) { c.MaxRetries = httpx.NoRetries })
	if _, err := c.Me(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	e.RevokeIMSTokens() // refused from now on although not expired
	e.ResetRequests()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Me(ctxT(t)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.IMSTokensIssued(); n != 2 {
		t.Errorf("%d tokens issued, want 2: one renewal for the ten callers refused together", n)
	}
	refused := 0
	for _, r := range apiRequests(e, "/v4/me") {
		if r.Status == http.StatusUnauthorized {
			refused++
		}
	}
	if refused < 1 || refused > 10 {
		t.Errorf("%d calls refused, want 1..10 (each refused call is sent once more)", refused)
	}
}

func TestTokenRefusedAfterRenewalSaysSo(t *testing.T) {
	t.Parallel()
	e := newEmu(t, emulator.Options{})
	c, _ := imsClient(t, e, "openid,AdobeID") // IMS issues it, Frame.io needs frame.s2s.all
	_, err := c.Me(ctxT(t))
	if !IsStatus(err, http.StatusUnauthorized) || !IsRefusedAfterRenewal(err) {
		t.Fatalf("err = %v, want a 401 refused after renewal", err)
	}
	if n := e.IMSTokensIssued(); n != 2 {
		t.Errorf("%d tokens issued, want 2 (the first and one renewal, no loop)", n)
	}
	for _, s := range e.IMSSecrets() {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error holds an issued token: %v", err)
		}
	}
}

func TestStaticTokenIsNotRenewed(t *testing.T) {
	t.Parallel()
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e, func(c *Config) { c.Token = "expired-elsewhere" })
	_, err := c.Me(ctxT(t))
	if !IsStatus(err, http.StatusUnauthorized) || IsRefusedAfterRenewal(err) {
		t.Fatalf("err = %v, want a plain 401", err)
	}
	if n := len(apiRequests(e, "/v4/me")); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if _, err := New(Config{BaseURL: e.URL(), Token: "t", TokenSource: StaticToken("t")}); err == nil {
		t.Error("New accepted both Token and TokenSource")
	}
}

func TestTokenSourceErrorEndsTheCall(t *testing.T) {
	t.Parallel()
	e := newEmu(t, emulator.Options{})
	o := e.Options().IMS
	src, err := ims.New(ims.Config{URL: e.URL(), ClientID: o.ClientID, ClientSecret: "wrong-secret"})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, e, func(c *Config) { c.Token, c.TokenSource = "", src })
	_, err = c.Me(ctxT(t))
	var ie *ims.Error
	if !errors.As(err, &ie) || ie.Kind != ims.KindClient || !strings.Contains(err.Error(), "getting an access token") {
		t.Fatalf("err = %v, want the IMS error", err)
	}
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("error holds the client secret: %v", err)
	}
	for _, r := range apiRequests(e, "") {
		if strings.HasPrefix(r.Path, "/v4") {
			t.Errorf("API request sent without a token: %s %s", r.Method, r.Path)
		}
	}
}
