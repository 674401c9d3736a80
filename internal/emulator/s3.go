package emulator

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

const amzDateFormat = "20060102T150405Z"

// presign returns the path and query of a part URL: /s3/{uploadID}/{part}?X-Amz-...&X-Amz-Signature=hex,
// where the signature is an HMAC-SHA256 (per-emulator random key) over method, path, date and expiry.
func (e *Emulator) presign(uploadID string, partNumber int, now time.Time) string {
	p := "/s3/" + uploadID + "/" + strconv.Itoa(partNumber)
	date := now.UTC().Format(amzDateFormat)
	exp := strconv.Itoa(int(e.opts.URLExpiry.Round(time.Second) / time.Second))
	q := url.Values{}
	q.Set("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
	q.Set("X-Amz-Credential", "EMULATORACCESSKEY/"+now.UTC().Format("20060102")+"/us-east-1/s3/aws4_request")
	q.Set("X-Amz-Date", date)
	q.Set("X-Amz-Expires", exp)
	q.Set("X-Amz-SignedHeaders", "content-type;host;x-amz-acl")
	q.Set("X-Amz-Signature", e.sign(p, date, exp))
	return p + "?" + q.Encode()
}

func (e *Emulator) sign(path, date, expires string) string {
	m := hmac.New(sha256.New, e.key)
	fmt.Fprintf(m, "PUT\n%s\n%s\n%s", path, date, expires)
	return hex.EncodeToString(m.Sum(nil))
}

type s3Error struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	Resource  string   `xml:"Resource,omitempty"`
	RequestID string   `xml:"RequestId"`
}

func writeS3Error(w http.ResponseWriter, status int, code, msg, resource string) {
	b, _ := xml.Marshal(s3Error{Code: code, Message: msg, Resource: resource, RequestID: newID()[:16]})
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(b)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(b)
}

// drain reads (and throws away) up to 64 MiB of an unwanted body so the client gets to read the error
// reply instead of a write error; beyond that the connection is closed after the reply.
func drain(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return // never asked for the body: the server closes the connection after the reply
	}
	n, _ := io.CopyN(io.Discard, r.Body, 64<<20)
	if n == 64<<20 {
		w.Header().Set("Connection", "close")
	}
}

// s3Reject drains the body and sends an S3 XML error.
func s3Reject(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	drain(w, r)
	writeS3Error(w, status, code, msg, r.URL.Path)
}

const sigMismatch = "The request signature we calculated does not match the signature you provided. Check your key and signing method."

func (e *Emulator) serveS3(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-amz-request-id", strings.ToUpper(newID()[:16]))
	w.Header().Set("Server", "AmazonS3")
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/s3/"), "/")
	if len(segs) != 2 || segs[0] == "" {
		s3Reject(w, r, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	uploadID := segs[0]
	partNum, err := strconv.Atoi(segs[1])
	if err != nil || partNum < 1 || partNum > maxParts {
		s3Reject(w, r, http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
		return
	}
	if r.Method != http.MethodPut {
		s3Reject(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		return
	}

	// Injected faults, in request order.
	e.mu.Lock()
	reset, fail := false, false
	var failStatus int
	var failRetry time.Duration
	switch {
	case e.resetParts > 0:
		e.resetParts--
		reset = true
	case e.failParts > 0:
		e.failParts--
		fail, failStatus, failRetry = true, e.failPartStatus, e.failPartRetry
	}
	bandwidth := e.bandwidth
	e.mu.Unlock()
	if reset {
		e.resetConn(w, r)
		return
	}
	if fail {
		if failRetry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((failRetry+time.Second-1)/time.Second)))
		}
		code := "InternalError"
		msg := "We encountered an internal error. Please try again."
		switch failStatus {
		case http.StatusServiceUnavailable:
			code, msg = "SlowDown", "Please reduce your request rate."
		case http.StatusForbidden:
			code, msg = "AccessDenied", "Access Denied"
		case http.StatusBadRequest:
			code, msg = "RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period."
		}
		s3Reject(w, r, failStatus, code, msg+" (injected)")
		return
	}

	// The checks S3 makes, roughly in its order.
	for _, te := range r.TransferEncoding {
		if strings.EqualFold(te, "chunked") {
			s3Reject(w, r, http.StatusNotImplemented, "NotImplemented", "A header you provided implies functionality that is not implemented (Transfer-Encoding: chunked).")
			return
		}
	}
	if r.Header.Get("Authorization") != "" {
		s3Reject(w, r, http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
		return
	}
	q := r.URL.Query()
	date, exp, sig := q.Get("X-Amz-Date"), q.Get("X-Amz-Expires"), q.Get("X-Amz-Signature")
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" || sig == "" || date == "" || exp == "" ||
		!hmac.Equal([]byte(sig), []byte(e.sign(r.URL.Path, date, exp))) {
		s3Reject(w, r, http.StatusForbidden, "SignatureDoesNotMatch", sigMismatch)
		return
	}
	signedAt, err1 := time.Parse(amzDateFormat, date)
	secs, err2 := strconv.Atoi(exp)
	if err1 != nil || err2 != nil {
		s3Reject(w, r, http.StatusForbidden, "SignatureDoesNotMatch", sigMismatch)
		return
	}
	now := time.Now()
	if now.After(signedAt.Add(time.Duration(secs) * time.Second)) {
		s3Reject(w, r, http.StatusForbidden, "AccessDenied", "Request has expired")
		return
	}
	e.mu.Lock()
	f := e.uploads[uploadID]
	var size int64
	var mt string
	done := false
	if f != nil && partNum <= len(f.parts) {
		size, mt = f.parts[partNum-1].size, f.mediaType
		done = f.completeAt(now, e.opts) || f.uploadFailedAt(now, e.opts)
	}
	e.mu.Unlock()
	if f == nil || done {
		s3Reject(w, r, http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.")
		return
	}
	if size == 0 {
		s3Reject(w, r, http.StatusBadRequest, "InvalidArgument", "Part number out of range for this upload")
		return
	}
	if r.Header.Get("x-amz-acl") != "private" || r.Header.Get("Content-Type") != mt {
		s3Reject(w, r, http.StatusForbidden, "SignatureDoesNotMatch", sigMismatch)
		return
	}
	if r.Header.Get("Content-Length") == "" {
		s3Reject(w, r, http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.")
		return
	}
	if r.ContentLength < size {
		s3Reject(w, r, http.StatusBadRequest, "EntityTooSmall", fmt.Sprintf("Your proposed upload is smaller than the part size: Content-Length %d, part size %d.", r.ContentLength, size))
		return
	}
	if r.ContentLength > size {
		s3Reject(w, r, http.StatusBadRequest, "EntityTooLarge", fmt.Sprintf("Your proposed upload exceeds the part size: Content-Length %d, part size %d.", r.ContentLength, size))
		return
	}

	// Stream the body into its sink.
	var body io.Reader = r.Body
	if bandwidth > 0 {
		body = &throttled{r: r.Body, rate: bandwidth, start: time.Now(), ctx: r.Context()}
	}
	shaH, md5H := sha256.New(), md5.New()
	sink := io.Writer(io.Discard) // reassigned to other writers below
	var tmp *os.File
	var mem *bytes.Buffer
	switch {
	case e.opts.Discard:
	case e.opts.StorageDir != "":
		tmp, err = os.CreateTemp(e.opts.StorageDir, uploadID+"-"+strconv.Itoa(partNum)+"-*.tmp")
		if err != nil {
			s3Reject(w, r, http.StatusInternalServerError, "InternalError", "storage: "+err.Error())
			return
		}
		sink = tmp
	default:
		mem = &bytes.Buffer{}
		mem.Grow(int(min(size, 64<<20)))
		sink = mem
	}
	cleanup := func() {
		if tmp != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}
	buf := make([]byte, 256<<10)
	n, err := io.CopyBuffer(io.MultiWriter(sink, shaH, md5H), body, buf)
	if err == nil && n != size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		cleanup()
		w.Header().Set("Connection", "close")
		writeS3Error(w, http.StatusBadRequest, "IncompleteBody", fmt.Sprintf("You did not provide the number of bytes specified by the Content-Length HTTP header (got %d of %d).", n, size), r.URL.Path)
		return
	}
	var final string
	if tmp != nil {
		final = filepath.Join(e.opts.StorageDir, fmt.Sprintf("%s.part%05d", uploadID, partNum))
		if err := tmp.Close(); err != nil {
			cleanup()
			writeS3Error(w, http.StatusInternalServerError, "InternalError", "storage: "+err.Error(), r.URL.Path)
			return
		}
		if err := os.Rename(tmp.Name(), final); err != nil {
			cleanup()
			writeS3Error(w, http.StatusInternalServerError, "InternalError", "storage: "+err.Error(), r.URL.Path)
			return
		}
	}

	e.mu.Lock()
	if f.deleted {
		e.mu.Unlock()
		removeQuiet(final)
		writeS3Error(w, http.StatusNotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", r.URL.Path)
		return
	}
	p := f.parts[partNum-1]
	p.received = true
	p.sha256 = hex.EncodeToString(shaH.Sum(nil))
	p.path = final
	if mem != nil {
		p.data = mem.Bytes()
	}
	e.partLandedLocked(f)
	e.mu.Unlock()

	w.Header().Set("ETag", `"`+hex.EncodeToString(md5H.Sum(nil))+`"`)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// resetConn reads a little of the body, then drops the connection with a TCP reset.
func (e *Emulator) resetConn(w http.ResponseWriter, r *http.Request) {
	want := int64(4096)
	if r.ContentLength > 0 && r.ContentLength/2 < want {
		want = r.ContentLength / 2
	}
	_, _ = io.CopyN(io.Discard, r.Body, want)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil { // e.g. HTTP/2: fall back to an abrupt error
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// throttled caps the read speed at rate bytes/s (measured from start).
type throttled struct {
	r     io.Reader
	rate  int64
	start time.Time
	n     int64
	ctx   context.Context
}

func (t *throttled) Read(p []byte) (int, error) {
	chunk := t.rate / 20
	if chunk < 1024 {
		chunk = 1024
	}
	if chunk > 64<<10 {
		chunk = 64 << 10
	}
	if int64(len(p)) > chunk {
		p = p[:chunk]
	}
	n, err := t.r.Read(p)
	t.n += int64(n)
	due := t.start.Add(time.Duration(float64(t.n) / float64(t.rate) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		select {
		case <-time.After(d):
		case <-t.ctx.Done():
			return n, t.ctx.Err()
		}
	}
	return n, err
}
