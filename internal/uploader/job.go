package uploader

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// Job is one file to upload.
type Job struct {
	Reader      io.ReaderAt // the content; must hold at least Size bytes
	Size        int64       // total bytes
	Parts       []Part      // in file order; their sizes must cover Size (see validate for the rule)
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

// span is one PUT the upload makes: the URL of a Part and the byte range of the file it carries.
type span struct {
	url       string
	off, size int64
}

// validate checks job before anything is sent and cuts the file into the PUTs to make.
//
// Parts are cut by their sizes, in order. Frame.io's own reference example answers a 1,137,444-byte
// file with one URL of size 20,000,000 (a nominal chunk size), and its reference uploader sends whatever
// remains for the last part; so sizes may overshoot the file: the part that reaches the end carries
// exactly the remaining bytes, and URLs past the end are not used. Sizes that fall short of the file
// cannot be completed by any PUT and fail here.
func validate(job Job) ([]span, error) {
	if job.Reader == nil {
		return nil, fmt.Errorf("%w: no source reader", ErrInvalidJob)
	}
	if len(job.Parts) == 0 {
		return nil, fmt.Errorf("%w: no part URLs", ErrInvalidJob)
	}
	if job.Size <= 0 {
		return nil, fmt.Errorf("%w: size must be at least 1 byte, got %d", ErrInvalidJob, job.Size)
	}
	var spans []span
	var off int64
	for i, p := range job.Parts {
		if p.Size <= 0 {
			return nil, fmt.Errorf("%w: part %d of %d has size %d; every part needs at least 1 byte", ErrInvalidJob, i+1, len(job.Parts), p.Size)
		}
		u, err := url.Parse(p.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: part %d of %d: URL %q is not an absolute http(s) URL", ErrInvalidJob, i+1, len(job.Parts), httpx.RedactURL(p.URL))
		}
		// job.Size-off > 0 here, so the comparison cannot overflow whatever the nominal size.
		if p.Size >= job.Size-off {
			spans = append(spans, span{url: p.URL, off: off, size: job.Size - off})
			off = job.Size
			break // any further URL lies past the end of the file
		}
		spans = append(spans, span{url: p.URL, off: off, size: p.Size})
		off += p.Size
	}
	if err := checkHeader(job.Header); err != nil {
		return nil, err
	}
	if off < job.Size {
		return nil, fmt.Errorf("%w: the %d upload URLs take %d bytes (part sizes %s) but the file has %d bytes; "+
			"the storage answer does not cover the file, nothing was sent", ErrInvalidJob, len(job.Parts), off, listSizes(job.Parts), job.Size)
	}
	if n, ok := sourceSize(job.Reader); ok && n < job.Size {
		return nil, fmt.Errorf("%w: the source has %d bytes, the upload declares %d", ErrSourceShort, n, job.Size)
	}
	return spans, nil
}

// listSizes names the part sizes for an error message: all of them when few, else the first and last.
func listSizes(parts []Part) string {
	const show = 6
	var b strings.Builder
	for i, p := range parts {
		if len(parts) > show && i == show/2 {
			fmt.Fprintf(&b, ", ... (%d more)", len(parts)-show)
		}
		if len(parts) > show && i >= show/2 && i < len(parts)-show/2 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", p.Size)
	}
	return b.String()
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
