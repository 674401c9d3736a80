// Package frameio is a small client for the parts of the Frame.io V4 REST API the Terraform provider
// needs: accounts, the current user, projects, folders, files (including creating uploads), version
// stacks and shares (review links).
//
// It knows nothing of Terraform. Requests go through go-retryablehttp: 429, 5xx (except 501) and
// network errors are retried with exponential backoff and jitter, honouring Retry-After; other
// 4xx are never retried. Every non-2xx reply ends as an *APIError (also after retries run out).
// A create (an operation that makes a new object) is not sent again after a failure that may have
// taken effect: its typed method looks for what it made and adopts it (create.go).
// Every attempt has a response deadline (deadline.go); an attempt that times out is retried for
// GET, DELETE and PATCH, never for a create.
// The bearer token is only ever put in the Authorization header; it never appears in errors or
// log fields. It comes from a TokenSource (auth.go): a request refused with 401 is sent once more
// with a renewed token when the source can renew.
//
// Every operation is an entry of the registry (registry.go): its path, rate limit, page size and what
// it may change. Account-scoped operations are methods of AccountClient (ForAccount); the Read* methods
// answer from listings kept per Client (readcache.go). Wire-format specifics (envelope, field names)
// live in wire.go.
package frameio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	retryablehttp "github.com/hashicorp/go-retryablehttp"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Defaults applied by New.
const (
	DefaultBaseURL      = "https://api.frame.io"
	DefaultMinRetryWait = 500 * time.Millisecond
	DefaultMaxRetryWait = 30 * time.Second
	DefaultUserAgent    = "terraform-provider-frameio"

	maxReplyBytes = 32 << 20
	maxErrorBytes = 64 << 10
)

// Config configures a Client.
type Config struct {
	BaseURL string // e.g. https://api.frame.io (no /v4); trailing slash tolerated
	Token   string // bearer access token obtained elsewhere; or set TokenSource
	// TokenSource supplies (and may renew) the token of each request, e.g. from Adobe IMS credentials.
	TokenSource TokenSource
	MaxRetries  int    // retries for 429/5xx/network errors, resolved by httpx.Retries (0: default, < 0: none)
	UserAgent   string // default DefaultUserAgent
	HTTPClient  *http.Client
	// MinRetryWait and MaxRetryWait bound the backoff; defaults 500ms and 30s.
	MinRetryWait, MaxRetryWait time.Duration
	// RequestTimeout is the response deadline of each attempt of a call (deadline.go): no reply
	// headers, or no reply bytes, for this long fails the attempt. 0 means DefaultRequestTimeout, < 0
	// none.
	RequestTimeout time.Duration
	Logger         Logger // optional
	// Credential names the kind of credential the calls carry (a label of the caller's choosing, never a
	// secret); every APIError repeats it, so that whoever reports the error can say which one to fix.
	Credential string
}

// Logger receives the client's log lines. Fields never contain the token, query strings or
// pre-signed URLs.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Client talks to the Frame.io V4 API. It is safe for concurrent use.
type Client struct {
	base       *url.URL // scheme://host[/prefix], no trailing slash
	tokens     TokenSource
	userAgent  string
	maxRetries int
	minWait    time.Duration
	maxWait    time.Duration
	logger     Logger
	credential string
	http       *http.Client
	pacer      *pacer
	reads      *readCache // listings that answer the Read* methods; every write invalidates it
	// maxPageSize, when > 0, caps the page size of every list (tests use it to make pages without
	// creating hundreds of objects); otherwise each list asks for its registry page size.
	maxPageSize int
}

// New validates cfg and returns a Client. BaseURL must be an absolute http(s) URL; plain http is
// only accepted for loopback hosts (127.0.0.0/8, ::1, localhost). A trailing slash and a trailing
// "/v4" are tolerated. An empty BaseURL means DefaultBaseURL.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	tokens := cfg.TokenSource
	switch {
	case tokens != nil && cfg.Token != "":
		return nil, errors.New("frameio: set Token or TokenSource, not both")
	case tokens == nil:
		if err := checkToken(cfg.Token); err != nil {
			return nil, fmt.Errorf("frameio: Token: %w", err)
		}
		tokens = StaticToken(cfg.Token)
	}
	c := &Client{
		base:       base,
		tokens:     tokens,
		userAgent:  cfg.UserAgent,
		maxRetries: httpx.Retries(cfg.MaxRetries),
		minWait:    cfg.MinRetryWait,
		maxWait:    cfg.MaxRetryWait,
		logger:     cfg.Logger,
		credential: cfg.Credential,
		http:       cfg.HTTPClient,
		pacer:      newPacer(time.Now),
		reads:      newReadCache(),
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.minWait <= 0 {
		c.minWait = DefaultMinRetryWait
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxRetryWait
	}
	if c.maxWait < c.minWait {
		c.maxWait = c.minWait
	}
	if c.http == nil {
		c.http = cleanhttp.DefaultPooledClient()
	}
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = DefaultRequestTimeout
	}
	if timeout > 0 {
		c.http = withResponseDeadline(c.http, timeout)
	}
	return c, nil
}

// BaseURL returns the normalised base URL (no trailing slash, no /v4).
func (c *Client) BaseURL() string { return c.base.String() }

// debug logs a line when a Logger is set.
func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Debug(ctx, msg, fields)
	}
}

// ---------------------------------------------------------------------------------------------
// Core request machinery

// call runs one single-object operation: body (may be nil) is wrapped in {"data":...}, and the
// reply's data is decoded into out (may be nil, e.g. for 204). ids are those of the path, the
// account's first for an account-scoped operation.
func (c *Client) call(ctx context.Context, op *operation, body, out any, ids ...string) error {
	p, err := op.build(ids...)
	if err != nil {
		return err
	}
	var payload []byte
	if body != nil {
		payload, err = json.Marshal(requestEnvelope{Data: body})
		if err != nil {
			return fmt.Errorf("frameio: %s %s: encoding request: %w", op.method, p, err)
		}
	}
	u := c.resolve(p)
	u.RawQuery = op.query
	reply, err := c.do(ctx, op, u, payload)
	// Whether it succeeded or not: a write that failed may still have taken effect.
	c.reads.written(op.changes, op.namedIDs(body, ids))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return decodeData(op.method, u.EscapedPath(), reply, out)
}

// one runs a single-object operation and returns its decoded data.
func one[T any](ctx context.Context, c *Client, op *operation, body any, ids ...string) (*T, error) {
	var out T
	if err := c.call(ctx, op, body, &out, ids...); err != nil {
		return nil, err
	}
	return &out, nil
}

func decodeData(method, path string, reply []byte, out any) error {
	if len(bytes.TrimSpace(reply)) == 0 {
		return fmt.Errorf("frameio: %s %s: empty reply", method, path)
	}
	if err := checkReplyItems(reply); err != nil {
		return fmt.Errorf("frameio: %s %s: %w", method, path, err)
	}
	var env replyEnvelope
	if err := json.Unmarshal(reply, &env); err != nil {
		return fmt.Errorf("frameio: %s %s: decoding reply: %w", method, path, err)
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return fmt.Errorf("frameio: %s %s: reply has no data", method, path)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("frameio: %s %s: decoding reply data: %w", method, path, err)
	}
	return nil
}

// resolve returns the absolute URL of an escaped API path ("/v4/...").
func (c *Client) resolve(escapedPath string) *url.URL {
	u := *c.base
	raw := c.base.EscapedPath() + escapedPath
	if pu, err := url.Parse(raw); err == nil {
		u.Path, u.RawPath = pu.Path, pu.RawPath
	} else {
		u.Path, u.RawPath = raw, ""
	}
	u.RawQuery = ""
	return &u
}

// do sends one API request (with retries) and returns the body of a 2xx reply; any other reply
// becomes an *APIError.
func (c *Client) do(ctx context.Context, op *operation, u *url.URL, payload []byte) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	method, path := op.method, u.EscapedPath()
	release, err := c.pacer.wait(ctx, op.id)
	if err != nil {
		return nil, fmt.Errorf("frameio: %s %s: %w", method, path, err)
	}
	stats := &callStats{start: time.Now()}
	resp, tok, renewed, err := c.sendAuthorized(ctx, op, u, payload, stats)
	release()
	if err != nil {
		return nil, err
	}
	defer drain(resp.Body)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
		apiErr := newAPIError(method, path, resp.StatusCode, b, tok)
		apiErr.Operation, apiErr.Credential = op.id, c.credential
		apiErr.Attempts, apiErr.Elapsed = stats.attempts, time.Since(stats.start)
		if renewed && resp.StatusCode == http.StatusUnauthorized {
			return nil, &RefusedAfterRenewalError{Err: apiErr}
		}
		return nil, apiErr
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("frameio: %s %s: reading reply: %w", method, path, transportError(err))
	}
	if len(b) > maxReplyBytes {
		return nil, fmt.Errorf("frameio: %s %s: reply larger than %d bytes", method, path, maxReplyBytes)
	}
	return b, nil
}

// send makes one request with token tok, retries included, and returns the last reply (its body
// still to be read and closed) or the error that ended the attempts.
func (c *Client) send(ctx context.Context, op *operation, u *url.URL, payload []byte, tok string, stats *callStats) (*http.Response, error) {
	method, path := op.method, u.EscapedPath()
	var body any
	if payload != nil {
		body = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("frameio: %s %s: %v", method, path, err)
	}
	req.Header.Set(headerAuthorization, bearerPrefix+tok)
	req.Header.Set(headerAccept, mimeJSON)
	req.Header.Set(headerUserAgent, c.userAgent)
	if payload != nil || method == http.MethodPost || method == http.MethodPatch {
		req.Header.Set(headerContentType, mimeJSON)
	}

	st := &callState{c: c, ctx: ctx, method: method, path: path, bucket: op.id, token: tok, stats: stats, create: op.create}
	rc := &retryablehttp.Client{
		HTTPClient:      c.http,
		Logger:          nil, // our own logging below; retryablehttp's would print URLs
		RetryWaitMin:    c.minWait,
		RetryWaitMax:    c.maxWait,
		RetryMax:        c.maxRetries,
		CheckRetry:      st.checkRetry,
		Backoff:         st.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  st.requestHook,
		ResponseLogHook: st.responseHook,
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			drain(resp.Body)
		}
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = ctxErr
		}
		if IsResponseTimeout(err) && !idempotent(method) {
			return nil, fmt.Errorf("frameio: %s %s: %w; it was not sent again: it may have taken effect", method, path, transportError(err))
		}
		return nil, fmt.Errorf("frameio: %s %s: %w", method, path, transportError(err))
	}
	return resp, nil
}

// transportError strips the *url.Error wrapper (its text repeats the full URL, query included).
func transportError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

func drain(b io.ReadCloser) {
	if b == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(b, 1<<20))
	_ = b.Close()
}

// callState carries one call's identity into the retry hooks, for logging.
type callState struct {
	c      *Client
	ctx    context.Context
	method string
	path   string
	bucket string
	token  string // scrubbed from logged errors
	stats  *callStats
	create bool // a create: retried only when it surely did not take effect (create.go)

	start   time.Time
	attempt int   // 1-based attempt number of the request in flight
	lastErr error // network error of the last attempt, if any
}

func (s *callState) requestHook(_ retryablehttp.Logger, _ *http.Request, i int) {
	s.attempt = i + 1
	s.start = time.Now()
	s.stats.attempts = s.attempt
}

// callStats is what one call's sending did, for its APIError: the attempts of its last send (a resend
// with a renewed token starts again at 1) and when the first began.
type callStats struct {
	start    time.Time
	attempts int
}

func (s *callState) responseHook(_ retryablehttp.Logger, resp *http.Response) {
	s.c.pacer.observe(s.bucket, resp.Header)
	if s.c.logger != nil {
		s.c.logger.Debug(s.ctx, "frameio API request", map[string]any{
			"method":      s.method,
			"path":        s.path,
			"status":      resp.StatusCode,
			"attempt":     s.attempt,
			"duration_ms": time.Since(s.start).Milliseconds(),
		})
	}
}

func (s *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	s.lastErr = err
	// An attempt is over, with a reply or without: calls waiting for this class's first reply need
	// not wait for the retries too (pacer.go).
	s.c.pacer.heard(s.bucket)
	if s.create {
		return checkCreateRetry(ctx, resp, err)
	}
	return s.c.checkRetry(ctx, s.method, resp, err)
}

func (s *callState) backoff(_, _ time.Duration, attemptNum int, resp *http.Response) time.Duration {
	// The retry waits its backoff, then for a slot of its class, so it does not jump the queue of
	// paced calls.
	wait := s.c.pacer.after(s.bucket, s.c.backoff(attemptNum, resp))
	if s.c.logger != nil {
		f := map[string]any{
			"method":  s.method,
			"path":    s.path,
			"attempt": attemptNum + 1, // retry number
			"wait_ms": wait.Milliseconds(),
		}
		if resp != nil {
			f["status"] = resp.StatusCode
		} else {
			f["status"] = 0
			if s.lastErr != nil {
				f["error"] = httpx.RedactSecret(transportError(s.lastErr).Error(), s.token)
			}
		}
		s.c.logger.Warn(s.ctx, "frameio API request failed, retrying", f)
	}
	return wait
}
