package uploader

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// PartError is the failure of one part. Upload returns at most one, wrapped with the upload's context;
// find it with errors.As. Its text names the part, the HTTP status and the S3 error code, and never
// contains a pre-signed URL's query string.
type PartError struct {
	Part       int    // 1-based part number
	Parts      int    // number of parts in the upload (0 if unknown)
	StatusCode int    // HTTP status of the last attempt; 0 when there was no response
	Code       string // S3 error code from the XML body, e.g. AccessDenied, SignatureDoesNotMatch
	Message    string // S3 error message from the XML body
	Attempts   int    // attempts made for this part
	Err        error  // underlying cause (network error, short source, ...); URLs in it are redacted
}

func (e *PartError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "part %d", e.Part)
	if e.Parts > 0 {
		fmt.Fprintf(&b, " of %d", e.Parts)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.StatusCode, http.StatusText(e.StatusCode))
		if e.Code != "" || e.Message != "" {
			b.WriteString(" (")
			if e.Code != "" {
				b.WriteString("S3 " + e.Code)
			}
			if e.Message != "" {
				if e.Code != "" {
					b.WriteString(": ")
				}
				b.WriteString(e.Message)
			}
			b.WriteString(")")
		}
		if e.Attempts > 1 {
			fmt.Fprintf(&b, " after %d attempts", e.Attempts)
		}
		b.WriteString(": ")
		b.WriteString(e.explain())
	} else if e.Attempts > 1 {
		fmt.Fprintf(&b, ": gave up after %d attempts", e.Attempts)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return httpx.RedactString(b.String())
}

func (e *PartError) Unwrap() error { return e.Err }

// URLRejected reports whether storage refused the pre-signed URL itself (expired, bad signature,
// forbidden). Retrying with the same URL cannot help; a new upload (new URLs) is needed.
func (e *PartError) URLRejected() bool {
	switch e.StatusCode {
	case http.StatusForbidden:
		return true
	case http.StatusBadRequest:
		switch e.Code {
		case "ExpiredToken", "AuthorizationQueryParametersError", "InvalidToken", "TokenRefreshRequired":
			return true
		}
	}
	return false
}

func (e *PartError) explain() string {
	switch {
	case e.URLRejected():
		return "the pre-signed URL was rejected (expired or not valid); a new upload with fresh URLs is needed"
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return "storage answered with a redirect, which is not followed for pre-signed URLs"
	case e.StatusCode == http.StatusNotFound:
		return "storage does not know this upload (aborted or expired); a new upload is needed"
	case e.StatusCode >= 400 && e.StatusCode < 500:
		return "storage rejected the part"
	default:
		return "storage kept failing"
	}
}

// s3Error is the XML body S3 sends with an error status.
type s3Error struct {
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

const maxErrorBody = 8 << 10

// readS3Error reads at most maxErrorBody bytes of an error response and extracts the S3 code and
// message. A body that is not S3 XML yields a short plain-text message instead.
func readS3Error(r io.Reader) (code, msg string) {
	data, _ := io.ReadAll(io.LimitReader(r, maxErrorBody))
	var se s3Error
	if err := xml.Unmarshal(data, &se); err == nil && (se.Code != "" || se.Message != "") {
		return clean(se.Code, 64), clean(se.Message, 300)
	}
	text := strings.TrimSpace(string(data))
	if text == "" || strings.HasPrefix(text, "<") {
		return "", ""
	}
	return "", clean(text, 300)
}

// clean makes server-supplied text safe and short for an error message: redacted first, so that the
// cut cannot leave part of a signature behind.
func clean(s string, max int) string {
	return httpx.Snippet(httpx.RedactString(s), max)
}

// retryableStatus reports whether a failed status (with its S3 code) is worth another attempt.
func retryableStatus(status int, code string) bool {
	switch {
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests, status >= 500:
		return status != http.StatusNotImplemented // 501: S3 does not support what we sent; permanent
	}
	switch code {
	case "RequestTimeout", "SlowDown", "Throttling", "ThrottlingException", "RequestThrottled",
		"InternalError", "ServiceUnavailable", "PriorRequestNotComplete", "IncompleteBody":
		return true
	}
	return false
}

// retryableNetError reports whether an error from the HTTP client (no response) is transient. Almost all
// are (resets, EOFs, timeouts, refused connections during a restart); certificate problems are not.
func retryableNetError(err error) bool {
	var (
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		certInvalid x509.CertificateInvalidError
		verifyErr   *tls.CertificateVerificationError
	)
	if errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &certInvalid) || errors.As(err, &verifyErr) {
		return false
	}
	return true
}

// redactErr returns err with any *url.Error's URL redacted, so that even errors.Unwrap chains do not
// carry the signature.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: httpx.RedactURL(ue.URL), Err: ue.Err}
	}
	return err
}
