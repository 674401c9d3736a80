package frameio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// TokenSource supplies the bearer token of each request. Token is called before every request, so it
// must be cheap when it holds a valid token; it must be safe for concurrent use. The client never
// logs what it returns.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// RenewingTokenSource is a TokenSource that can replace a token the API refused. When a request gets
// a 401, the client calls Renew with the refused token once and sends the request again with the
// token Renew returns: a token can be revoked, or expire earlier than its issuer said.
type RenewingTokenSource interface {
	TokenSource
	Renew(ctx context.Context, refused string) (string, error)
}

// StaticToken is a token obtained elsewhere. It cannot be renewed: when it expires, calls fail with
// a 401.
type StaticToken string

func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// RefusedAfterRenewalError is the 401 of a request that was sent again with a renewed token and
// refused again: the token source works, but the API does not accept what it issues (a missing
// scope, credentials of another organisation).
type RefusedAfterRenewalError struct {
	Err *APIError
}

func (e *RefusedAfterRenewalError) Error() string {
	return e.Err.Error() + " (also with a renewed token)"
}
func (e *RefusedAfterRenewalError) Unwrap() error { return e.Err }

// IsRefusedAfterRenewal reports whether err is (or wraps) a RefusedAfterRenewalError.
func IsRefusedAfterRenewal(err error) bool {
	var r *RefusedAfterRenewalError
	return errors.As(err, &r)
}

// checkToken rejects a token that cannot go into an Authorization header.
func checkToken(tok string) error {
	if strings.TrimSpace(tok) == "" {
		return errors.New("the access token is empty")
	}
	if strings.ContainsAny(tok, "\r\n") {
		return errors.New("the access token contains a line break")
	}
	return nil
}

// sendAuthorized gets a token, sends the request and, when the API refuses the token (401) and the
// source can renew, sends it once more with a renewed token. The renewal is outside the retry budget,
// so that max_retries = 0 still renews. It returns the last reply (body unread), the token it carried
// and whether it was renewed.
func (c *Client) sendAuthorized(ctx context.Context, op *operation, u *url.URL, payload []byte, stats *callStats) (*http.Response, string, bool, error) {
	method, path := op.method, u.EscapedPath()
	tok, err := c.tokens.Token(ctx)
	if err == nil {
		err = checkToken(tok)
	}
	if err != nil {
		return nil, "", false, fmt.Errorf("frameio: %s %s: getting an access token: %w", method, path, err)
	}
	resp, err := c.send(ctx, op, u, payload, tok, stats)
	r, canRenew := c.tokens.(RenewingTokenSource)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !canRenew {
		return resp, tok, false, err
	}
	drain(resp.Body)
	if c.logger != nil {
		c.logger.Warn(ctx, "frameio API refused the access token, renewing it", map[string]any{
			"method": method, "path": path, "status": resp.StatusCode})
	}
	if tok, err = r.Renew(ctx, tok); err == nil {
		err = checkToken(tok)
	}
	if err != nil {
		return nil, "", true, fmt.Errorf("frameio: %s %s: 401 Unauthorized; renewing the access token: %w", method, path, err)
	}
	resp, err = c.send(ctx, op, u, payload, tok, stats)
	return resp, tok, true, err
}
