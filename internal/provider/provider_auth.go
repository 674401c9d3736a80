package provider

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Environment variables of the Adobe IMS credentials.
const (
	EnvClientID     = "FRAMEIO_CLIENT_ID"
	EnvClientSecret = "FRAMEIO_CLIENT_SECRET"
	EnvRefreshToken = "FRAMEIO_REFRESH_TOKEN"
	EnvScopes       = "FRAMEIO_SCOPES"
	EnvIMSURL       = "FRAMEIO_IMS_URL"
)

// authSettings is the one authentication method a configuration resolved to: a static token, or IMS
// credentials (client credentials, or a refresh token with its client).
type authSettings struct {
	token                                 string
	clientID, clientSecret, refreshToken  string
	scopes, imsURL                        string
	scopesSet                             bool   // by the configuration or FRAMEIO_SCOPES, not the default
	tokenFrom, idFrom, secretFrom, rtFrom string // where each came from, for messages
}

func (a authSettings) usesIMS() bool { return a.token == "" }

// method names the method for the log: token, client_credentials or refresh_token.
func (a authSettings) method() string {
	switch {
	case !a.usesIMS():
		return "token"
	case a.refreshToken != "":
		return ims.GrantRefreshToken
	}
	return ims.GrantClientCredentials
}

// resolveAuth picks the authentication method. The provider block decides first: if it sets token,
// the credential variables are ignored, and if it sets client_id, client_secret or refresh_token,
// FRAMEIO_TOKEN is ignored, so that a variable left in a CI environment cannot clash with an explicit
// block. With nothing in the block, the environment must hold exactly one method.
func resolveAuth(cfg providerModel, diags *diag.Diagnostics) authSettings {
	var a authSettings
	blockToken := cfg.Token.ValueString() != ""
	blockCreds := cfg.ClientID.ValueString() != "" || cfg.ClientSecret.ValueString() != "" ||
		cfg.RefreshToken.ValueString() != ""
	envCreds := os.Getenv(EnvClientID) != "" || os.Getenv(EnvClientSecret) != "" || os.Getenv(EnvRefreshToken) != ""
	switch {
	case blockToken && blockCreds:
		diags.AddAttributeError(path.Root("token"), "Conflicting Frame.io credentials",
			"The provider block sets token together with client_id, client_secret or refresh_token. Set one "+
				"method: token for an access token obtained elsewhere, or client_id and client_secret (plus "+
				"refresh_token for a user login) to let the provider obtain and renew tokens itself.")
		return a
	case !blockToken && !blockCreds && os.Getenv(EnvToken) != "" && envCreds:
		diags.AddAttributeError(path.Root("token"), "Conflicting Frame.io credentials",
			fmt.Sprintf("The environment sets %s together with %s, %s or %s. Unset one method: %s for an "+
				"access token obtained elsewhere, or %s and %s (plus %s for a user login) to let the provider "+
				"obtain and renew tokens itself.", EnvToken, EnvClientID, EnvClientSecret, EnvRefreshToken,
				EnvToken, EnvClientID, EnvClientSecret, EnvRefreshToken))
		return a
	case blockToken || !blockCreds && !envCreds:
		a.token, a.tokenFrom = setting(cfg.Token, "token", EnvToken)
	default:
		a.clientID, a.idFrom = setting(cfg.ClientID, "client_id", EnvClientID)
		a.clientSecret, a.secretFrom = setting(cfg.ClientSecret, "client_secret", EnvClientSecret)
		a.refreshToken, a.rtFrom = setting(cfg.RefreshToken, "refresh_token", EnvRefreshToken)
	}
	var scopesFrom, urlFrom string
	a.scopes, scopesFrom = setting(cfg.Scopes, "scopes", EnvScopes)
	a.imsURL, urlFrom = setting(cfg.IMSURL, "ims_url", EnvIMSURL)
	a.scopesSet = a.scopes != ""

	if a.token == "" && a.clientID == "" && a.clientSecret == "" && a.refreshToken == "" {
		diags.AddAttributeError(path.Root("client_id"), "Missing Frame.io credentials",
			fmt.Sprintf("Set client_id and client_secret in the provider block or the %s and %s environment "+
				"variables (OAuth Server-to-Server credentials from the Adobe Developer Console; the provider "+
				"obtains and renews access tokens itself), add refresh_token or %s for a user login, or set "+
				"token or %s to an access token obtained elsewhere.", EnvClientID, EnvClientSecret,
				EnvRefreshToken, EnvToken))
		return a
	}
	if strings.ContainsAny(a.token, "\r\n") {
		diags.AddAttributeError(path.Root("token"), "Invalid Frame.io token",
			fmt.Sprintf("%s contains a line break: set it to the access token alone.", a.tokenFrom))
	}
	if a.usesIMS() {
		given := strings.Join(nonEmpty(a.idFrom, a.secretFrom, a.rtFrom), " and ")
		if a.clientID == "" {
			diags.AddAttributeError(path.Root("client_id"), "Incomplete Frame.io credentials",
				fmt.Sprintf("%s is set but client_id is not: set client_id in the provider block or the %s "+
					"environment variable to the Client ID of the same Adobe Developer Console credential.", given, EnvClientID))
		}
		if a.clientSecret == "" {
			diags.AddAttributeError(path.Root("client_secret"), "Incomplete Frame.io credentials",
				fmt.Sprintf("%s is set but client_secret is not: set client_secret in the provider block or the "+
					"%s environment variable to a Client Secret of the same Adobe Developer Console credential.", given, EnvClientSecret))
		}
		if a.refreshToken != "" && a.scopesSet {
			diags.AddAttributeWarning(path.Root("scopes"), "scopes is not used with refresh_token",
				fmt.Sprintf("%s only applies to server-to-server credentials (the client-credentials grant); a "+
					"refresh token keeps the scopes of the login that issued it.", scopesFrom))
		}
	} else if a.scopesSet || a.imsURL != "" {
		diags.AddAttributeWarning(path.Root("token"), "Adobe IMS settings are not used with token",
			fmt.Sprintf("%s only apply when the provider obtains tokens itself (client_id and client_secret); "+
				"with token (%s) they are ignored.", strings.Join(nonEmpty(scopesFrom, urlFrom), " and "), a.tokenFrom))
	}
	if a.imsURL == "" {
		a.imsURL = ims.DefaultURL
	} else if err := validators.CheckHTTPSOrLoopbackURL(a.imsURL); err != nil {
		// The attribute's validator has checked a configured ims_url; this also covers the environment.
		diags.AddAttributeError(path.Root("ims_url"), "Invalid Adobe IMS URL", fmt.Sprintf("%s %s.", urlFrom, err))
	}
	if a.scopes == "" {
		a.scopes = ims.DefaultScopes
	}
	return a
}

// anyUnknown reports whether a value is unknown: it comes from a resource not yet created, and
// Terraform calls Configure again once it is known.
func anyUnknown(vs ...types.String) bool {
	for _, v := range vs {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// key identifies the credentials, so that a provider configured twice with the same ones (Terraform
// configures it for the plan and again for the apply) keeps one token source and its cached token.
func (a authSettings) key() string {
	h := sha256.New()
	for _, v := range []string{a.imsURL, a.clientID, a.clientSecret, a.refreshToken, a.scopes} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return string(h.Sum(nil))
}

// secretSet holds every secret of one provider: the configured ones and every access or refresh
// token IMS issues during the run. Log masking reads it; it only grows.
type secretSet struct {
	mu   sync.Mutex
	list []string
}

func (s *secretSet) add(v string) {
	if v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, have := range s.list {
		if have == v {
			return
		}
	}
	s.list = append(s.list, v)
}

func (s *secretSet) all() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.list...)
}

// redact replaces every secret in text with REDACTED.
func (s *secretSet) redact(text string) string {
	for _, v := range s.all() {
		text = strings.ReplaceAll(text, v, "REDACTED")
	}
	return text
}

// tokenSource returns what supplies the tokens of a, nil for a static token (frameio.Config.Token
// carries it), and the set of secrets to mask: the configured ones and every token IMS issues.
func (p *frameioProvider) tokenSource(a authSettings, retries int) (frameio.TokenSource, *secretSet, error) {
	secrets := &secretSet{}
	var tokens frameio.TokenSource
	if a.usesIMS() {
		src, s, err := p.tokens.get(a, func(secrets *secretSet) (*ims.Source, error) {
			return ims.New(ims.Config{
				URL: a.imsURL, ClientID: a.clientID, ClientSecret: a.clientSecret,
				RefreshToken: a.refreshToken, Scopes: a.scopes,
				MaxRetries: httpx.Exactly(retries),
				Logger:     tflogLogger{secrets},
				OnSecret:   secrets.add,
			})
		})
		if err != nil {
			return nil, nil, err
		}
		tokens, secrets = src, s
	}
	for _, v := range []string{a.token, a.clientSecret, a.refreshToken} {
		secrets.add(v)
	}
	return tokens, secrets, nil
}

// tokenSources keeps the IMS token source of a provider instance across Configure calls.
type tokenSources struct {
	mu      sync.Mutex
	key     string
	source  *ims.Source
	secrets *secretSet
}

// get returns the source for a (and the secret set it reports to), creating it with newSource on
// first use or when the credentials changed.
func (t *tokenSources) get(a authSettings, newSource func(*secretSet) (*ims.Source, error)) (*ims.Source, *secretSet, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k := a.key(); t.source == nil || t.key != k {
		secrets := &secretSet{}
		src, err := newSource(secrets)
		if err != nil {
			return nil, nil, err
		}
		t.key, t.source, t.secrets = k, src, secrets
	}
	return t.source, t.secrets, nil
}
