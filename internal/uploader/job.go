package uploader

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Job is one file to upload.
type Job struct {
	Reader      io.ReaderAt // the content; must hold at least Size bytes
	Size        int64       // total bytes; must equal the sum of the part sizes
	Parts       []Part      // in file order
	ContentType string      // sent as Content-Type on every part (it is part of the signature)
	// Header is sent on every part, e.g. an x-amz-acl the URLs were signed with. It must not carry
	// credentials (Authorization, Proxy-Authorization, Cookie: a pre-signed URL is its own credential
	// and storage is another party) nor the headers the uploader sets itself (Content-Type: use
	// ContentType; Content-Length, Expect, Host, Transfer-Encoding); such a job is rejected.
	Header     http.Header
	OnProgress func(Progress)
}

var (
	// ErrInvalidJob marks a job rejected before any byte was sent (bad parts, sizes or URLs).
	ErrInvalidJob = errors.New("invalid upload")
	// ErrSourceShort marks a source that delivered fewer bytes than the job declared.
	ErrSourceShort = errors.New("source file is shorter than declared size")
)

// validate checks job before anything is sent and returns the part offsets.
func validate(job Job) ([]int64, error) {
	if job.Reader == nil {
		return nil, fmt.Errorf("%w: no source reader", ErrInvalidJob)
	}
	if len(job.Parts) == 0 {
		return nil, fmt.Errorf("%w: no part URLs", ErrInvalidJob)
	}
	if job.Size <= 0 {
		return nil, fmt.Errorf("%w: size must be at least 1 byte, got %d", ErrInvalidJob, job.Size)
	}
	offsets := make([]int64, len(job.Parts))
	var sum int64
	for i, p := range job.Parts {
		if p.Size <= 0 {
			return nil, fmt.Errorf("%w: part %d of %d has size %d; every part needs at least 1 byte", ErrInvalidJob, i+1, len(job.Parts), p.Size)
		}
		if p.Size > math.MaxInt64-sum {
			return nil, fmt.Errorf("%w: part sizes overflow (at part %d of %d)", ErrInvalidJob, i+1, len(job.Parts))
		}
		u, err := url.Parse(p.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: part %d of %d: URL %q is not an absolute http(s) URL", ErrInvalidJob, i+1, len(job.Parts), httpx.RedactURL(p.URL))
		}
		offsets[i] = sum
		sum += p.Size
	}
	if err := checkHeader(job.Header); err != nil {
		return nil, err
	}
	if sum != job.Size {
		return nil, fmt.Errorf("%w: part sizes add up to %d bytes but the file size is %d bytes", ErrInvalidJob, sum, job.Size)
	}
	if n, ok := sourceSize(job.Reader); ok && n < job.Size {
		return nil, fmt.Errorf("%w: the source has %d bytes, the upload declares %d", ErrSourceShort, n, job.Size)
	}
	return offsets, nil
}

// sourceSize finds the length of common ReaderAt implementations (*os.File, *bytes.Reader,
// *io.SectionReader, *strings.Reader) so a short source fails before anything is sent.
func sourceSize(r io.ReaderAt) (int64, bool) {
	switch s := r.(type) {
	case *os.File:
		fi, err := s.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
		return fi.Size(), true
	case interface{ Size() int64 }:
		return s.Size(), true
	}
	return 0, false
}

// forbiddenHeaders may not appear in Job.Header: credentials, which must never reach storage (a
// pre-signed URL carries its own), and the headers the uploader sets itself for each attempt.
var forbiddenHeaders = []string{
	"Authorization", "Proxy-Authorization", "Cookie",
	"Content-Type", "Content-Length", "Expect", "Host", "Transfer-Encoding",
}

// checkHeader rejects a Job.Header naming a forbidden header, whatever its case.
func checkHeader(h http.Header) error {
	for k := range h {
		for _, f := range forbiddenHeaders {
			if http.CanonicalHeaderKey(k) == f {
				return fmt.Errorf("%w: header %s may not be set on part requests", ErrInvalidJob, f)
			}
		}
	}
	return nil
}
