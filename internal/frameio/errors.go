package frameio

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// APIError is a non-2xx reply from the Frame.io API (after any retries).
type APIError struct {
	StatusCode int
	Method     string
	Path       string // request path only, never the query string
	Errors     []ErrorDetail

	// What the client knew of the call, for a report that says what to do: the operation (its OpenAPI
	// operationId, which RateLimits is keyed by), the credential that made it (Config.Credential), how
	// many times it was sent (retries included, a renewed token's resend not) and how long that took.
	Operation  string
	Credential string
	Attempts   int
	Elapsed    time.Duration
}

// ErrorDetail is one entry of the reply's error list. For a reply that is not a recognised JSON
// error, Detail holds a short snippet of the body.
type ErrorDetail struct {
	Title   string
	Detail  string
	Pointer string // JSON pointer into the request, e.g. /data/name
}

// Error renders e.g.
// "frameio: POST /v4/accounts/x/folders/y/files/local_upload: 422 Unprocessable Entity: file_size: must be at least 1 (/data/file_size)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("frameio: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	sep := ": "
	for _, d := range e.Errors {
		s := d.String()
		if s == "" {
			continue
		}
		b.WriteString(sep)
		b.WriteString(s)
		sep = "; "
	}
	return b.String()
}

// String renders one detail: the detail (or title when there is none), then the pointer.
func (d ErrorDetail) String() string {
	msg := d.Detail
	if msg == "" {
		msg = d.Title
	}
	if d.Pointer != "" {
		if msg == "" {
			return d.Pointer
		}
		return msg + " (" + d.Pointer + ")"
	}
	return msg
}

// IsNotFound reports whether err is (or wraps) an APIError with status 404.
func IsNotFound(err error) bool { return IsStatus(err, http.StatusNotFound) }

// IsStatus reports whether err is (or wraps) an APIError with the given status code.
func IsStatus(err error, code int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == code
}

const maxSnippet = 200

// newAPIError builds the APIError for a reply. Every text is scrubbed of secret (the caller's token)
// and of URL queries and signing parameters, since a server may echo a pre-signed URL back.
func newAPIError(method, path string, status int, body []byte, secret string) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		var r errorReply
		if json.Unmarshal(trimmed, &r) == nil {
			e.Errors = r.details()
		}
	}
	if len(e.Errors) == 0 && len(trimmed) > 0 {
		// Scrub before cutting: a secret split by the cut would no longer match.
		e.Errors = []ErrorDetail{{Detail: httpx.Snippet(scrub(string(trimmed), secret), maxSnippet)}}
	}
	for i := range e.Errors {
		e.Errors[i].Title = scrub(e.Errors[i].Title, secret)
		e.Errors[i].Detail = scrub(e.Errors[i].Detail, secret)
		e.Errors[i].Pointer = scrub(e.Errors[i].Pointer, secret)
	}
	return e
}

// scrub removes the token and any pre-signed URL query or signing parameter from server text.
func scrub(s, secret string) string {
	return httpx.RedactString(httpx.RedactSecret(s, secret))
}
