package ims

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// maxSnippet is how many bytes of a reply body without an error_description an Error quotes.
const maxSnippet = 200

// Kind says what a failed token request points at, so that a caller can name the setting to check.
type Kind int

const (
	KindOther        Kind = iota // an unexpected reply
	KindClient                   // invalid_client / unauthorized_client: the client id or secret
	KindScope                    // invalid_scope: the scopes asked for are not granted to the client
	KindRefreshToken             // invalid_grant / invalid_token on the refresh grant: expired, revoked or replaced
	KindUnreachable              // no reply: DNS, connection, TLS, timeout
	KindUnavailable              // 429 or 5xx, still so after the retries
)

// Error is a failed token request. Its text never holds a secret: IMS's own description is kept, with
// the client secret and the refresh token scrubbed should IMS echo them.
type Error struct {
	Kind        Kind
	Grant       string // GrantClientCredentials or GrantRefreshToken
	URL         string // the token endpoint
	Status      int    // HTTP status of IMS's reply; 0 when none arrived
	Code        string // IMS's "error", e.g. invalid_client
	Description string // IMS's "error_description", or a snippet of a reply that had none
	Err         error  // the network error, for KindUnreachable

	retryAfter time.Duration
	canRetry   bool
}

// Error renders e.g. `ims: client_credentials token request to https://ims-na1.adobelogin.com/ims/token/v3:
// 400 Bad Request: invalid_client: invalid client_id parameter`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("ims: " + e.Grant + " token request to " + e.URL)
	if e.Kind == KindUnreachable {
		b.WriteString(" got no reply")
		if e.Err != nil {
			b.WriteString(": " + e.Err.Error())
		}
		return b.String()
	}
	if e.Status != 0 {
		b.WriteString(": " + strconv.Itoa(e.Status))
		if t := http.StatusText(e.Status); t != "" {
			b.WriteString(" " + t)
		}
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) retryable() bool { return e.canRetry }

// classify turns what oauth2 returned into an *Error.
func (s *Source) classify(err error) *Error {
	e := &Error{Kind: KindOther, Grant: s.grant, URL: s.tokenURL}
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		e.Code, e.Description = re.ErrorCode, re.ErrorDescription
		if re.Response != nil {
			e.Status = re.Response.StatusCode
			if d, ok := httpx.RetryAfter(re.Response.Header, time.Now()); ok {
				e.retryAfter = d
			}
		}
		if e.Code == "" && e.Description == "" {
			// Scrub before cutting: a secret split by the cut would no longer match.
			e.Description = httpx.Snippet(s.scrub(string(re.Body)), maxSnippet)
		}
		e.Kind = s.kindOf(e.Status, e.Code)
		e.canRetry = e.Kind == KindUnavailable
	case errors.As(err, &ue):
		e.Kind, e.Err = KindUnreachable, ue.Err
		// retryablehttp's default policy knows which transport errors are permanent (TLS
		// verification, bad scheme, too many redirects).
		e.canRetry, _ = retryablehttp.DefaultRetryPolicy(context.Background(), nil, ue)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		e.Kind, e.Err = KindUnreachable, err
	default:
		e.Description = err.Error() // oauth2's own: a reply it could not parse, no access_token
	}
	e.Description = s.scrub(e.Description)
	if e.Err != nil {
		e.Err = errors.New(s.scrub(e.Err.Error()))
	}
	return e
}

func (s *Source) kindOf(status int, code string) Kind {
	switch code {
	case "invalid_client", "unauthorized_client":
		return KindClient
	case "invalid_scope":
		return KindScope
	case "invalid_grant", "invalid_token":
		if s.grant == GrantRefreshToken {
			return KindRefreshToken
		}
		return KindClient
	}
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return KindUnavailable
	case status == http.StatusUnauthorized:
		return KindClient
	}
	return KindOther
}

func (s *Source) scrub(text string) string {
	text = httpx.RedactSecret(text, s.cfg.ClientSecret)
	s.mu.Lock()
	refresh := s.refresh
	s.mu.Unlock()
	text = httpx.RedactSecret(text, s.cfg.RefreshToken)
	return httpx.RedactSecret(text, refresh)
}
