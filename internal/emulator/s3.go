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

// s3Err is a rejected part PUT: the S3 XML error to reply.
type s3Err struct {
	status    int
	code, msg string
	bodyRead  bool // the body was already read (or failed while reading): do not drain it
	closeConn bool // close the connection after the reply
}

// rejectS3 drains the body (unless already read) and sends an S3 XML error.
func rejectS3(w http.ResponseWriter, r *http.Request, x *s3Err) {
	if x.closeConn {
		w.Header().Set("Connection", "close")
	}
	if !x.bodyRead {
		drain(w, r)
	}
	writeS3Error(w, x.status, x.code, x.msg, r.URL.Path)
}

const sigMismatch = "The request signature we calculated does not match the signature you provided. Check your key and signing method."

const noSuchUpload = "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."

// serveS3 serves a part PUT (operation OpPutPart), with the checks S3 makes, roughly in its order.
// Injected faults come after the path is understood and before anything else is checked.
func (e *Emulator) serveS3(w http.ResponseWriter, r *http.Request) {
	setOp(w, OpPutPart)
	w.Header().Set("x-amz-request-id", strings.ToUpper(newID()[:16]))
	w.Header().Set("Server", "AmazonS3")
	uploadID, partNum, x := parsePartPath(r)
	if x != nil {
		rejectS3(w, r, x)
		return
	}
	switch f := e.faults.take(OpPutPart, false); {
	case f == nil:
		e.servePart(w, r, uploadID, partNum)
	case f.kind == faultFail:
		if f.retryAfter > 0 {
			w.Header().Set("Retry-After", retryAfterSeconds(f.retryAfter))
		}
		rejectS3(w, r, injectedS3Error(f.status))
	case f.kind == faultStall:
		e.stall(w, r)
	case f.kind == faultReset:
		resetMidRequest(w, r)
	default:
		e.servePart(&discardReply{}, r, uploadID, partNum)
		lostS3Reply(w, r, f.mode)
	}
}

// servePart checks and stores one part PUT and answers it.
func (e *Emulator) servePart(w http.ResponseWriter, r *http.Request, uploadID string, partNum int) {
	now := e.now()
	x := checkRequestForm(r)
	if x == nil {
		x = e.checkSignature(r, now)
	}
	if x != nil {
		rejectS3(w, r, x)
		return
	}
	f, size, mediaType, x := e.lookupPart(uploadID, partNum, now)
	if x == nil {
		x = checkPartHeaders(r, mediaType, size)
	}
	if x != nil {
		rejectS3(w, r, x)
		return
	}
	p, x := e.receivePart(r, uploadID, partNum, size)
	if x == nil {
		x = e.recordPart(f, partNum, p)
	}
	if x != nil {
		rejectS3(w, r, x)
		return
	}
	w.Header().Set("ETag", `"`+p.md5+`"`)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// lostS3Reply answers a part PUT whose reply is lost (LoseReply), as a gateway in front of storage
// would, or not at all.
func lostS3Reply(w http.ResponseWriter, r *http.Request, mode LostReplyMode) {
	switch mode {
	case LostReplyCut:
		cutConnection(w)
	case LostReplyGatewayTimeout:
		writeS3Error(w, http.StatusGatewayTimeout, "GatewayTimeout", "The upstream server did not answer in time (injected)", r.URL.Path)
	default:
		writeS3Error(w, http.StatusBadGateway, "BadGateway", "The upstream server's reply was lost (injected)", r.URL.Path)
	}
}

// parsePartPath reads /s3/{uploadID}/{part} of a PUT.
func parsePartPath(r *http.Request) (uploadID string, partNum int, x *s3Err) {
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/s3/"), "/")
	if len(segs) != 2 || segs[0] == "" {
		return "", 0, &s3Err{status: http.StatusNotFound, code: "NoSuchKey", msg: "The specified key does not exist."}
	}
	partNum, err := strconv.Atoi(segs[1])
	if err != nil || partNum < 1 || partNum > maxParts {
		return "", 0, &s3Err{status: http.StatusBadRequest, code: "InvalidArgument", msg: "Part number must be an integer between 1 and 10000, inclusive"}
	}
	if r.Method != http.MethodPut {
		return "", 0, &s3Err{status: http.StatusMethodNotAllowed, code: "MethodNotAllowed", msg: "The specified method is not allowed against this resource."}
	}
	return segs[0], partNum, nil
}

// injectedS3Error is the S3 error of a part PUT failed by FailOperation: the code S3 answers with that
// status. A 403 is the one a client holding a URL it was given meets: the URL has expired.
func injectedS3Error(status int) *s3Err {
	x := &s3Err{status: status, code: "InternalError", msg: "We encountered an internal error. Please try again."}
	switch status {
	case http.StatusServiceUnavailable:
		x.code, x.msg = "SlowDown", "Please reduce your request rate."
	case http.StatusForbidden:
		x.code, x.msg = "AccessDenied", "Request has expired"
	case http.StatusBadRequest:
		x.code, x.msg = "RequestTimeout", "Your socket connection to the server was not read from or written to within the timeout period."
	}
	x.msg += " (injected)"
	return x
}

// checkRequestForm rejects what S3 refuses before looking at the signature: a chunked body, or a
// second auth mechanism next to the query signature.
func checkRequestForm(r *http.Request) *s3Err {
	for _, te := range r.TransferEncoding {
		if strings.EqualFold(te, "chunked") {
			return &s3Err{status: http.StatusNotImplemented, code: "NotImplemented", msg: "A header you provided implies functionality that is not implemented (Transfer-Encoding: chunked)."}
		}
	}
	if r.Header.Get("Authorization") != "" {
		return &s3Err{status: http.StatusBadRequest, code: "InvalidArgument", msg: "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"}
	}
	return nil
}

// checkSignature verifies the query signature of the part URL and that it has not expired at now.
func (e *Emulator) checkSignature(r *http.Request, now time.Time) *s3Err {
	mismatch := &s3Err{status: http.StatusForbidden, code: "SignatureDoesNotMatch", msg: sigMismatch}
	q := r.URL.Query()
	date, exp, sig := q.Get("X-Amz-Date"), q.Get("X-Amz-Expires"), q.Get("X-Amz-Signature")
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" || sig == "" || date == "" || exp == "" ||
		!hmac.Equal([]byte(sig), []byte(e.sign(r.URL.Path, date, exp))) {
		return mismatch
	}
	signedAt, err1 := time.Parse(amzDateFormat, date)
	secs, err2 := strconv.Atoi(exp)
	if err1 != nil || err2 != nil {
		return mismatch
	}
	if now.After(signedAt.Add(time.Duration(secs) * time.Second)) {
		return &s3Err{status: http.StatusForbidden, code: "AccessDenied", msg: "Request has expired"}
	}
	return nil
}

// lookupPart finds the upload, the size of the part and the media type the PUT must declare; an
// upload that is gone, complete or failed is NoSuchUpload.
func (e *Emulator) lookupPart(uploadID string, partNum int, now time.Time) (f *file, size int64, mediaType string, x *s3Err) {
	e.mu.Lock()
	defer e.mu.Unlock()
	gone := &s3Err{status: http.StatusNotFound, code: "NoSuchUpload", msg: noSuchUpload}
	f = e.uploads[uploadID]
	switch {
	case f == nil:
		return nil, 0, "", gone
	case partNum > len(f.parts):
		// Also the URLs an ExtraPartURLs answer hands out past the end of the file: nothing may go there.
		return nil, 0, "", &s3Err{status: http.StatusBadRequest, code: "InvalidArgument",
			msg: fmt.Sprintf("Part number out of range for this upload: parts 1 to %d cover its %d bytes", len(f.parts), f.size)}
	case f.completeAt(now, e.opts) || f.uploadFailedAt(now, e.opts):
		return nil, 0, "", gone
	}
	return f, f.parts[partNum-1].size, f.mediaType, nil
}

// checkPartHeaders checks the signed headers (x-amz-acl, Content-Type) and the Content-Length
// against the part size.
func checkPartHeaders(r *http.Request, mediaType string, size int64) *s3Err {
	if r.Header.Get("x-amz-acl") != "private" || r.Header.Get("Content-Type") != mediaType {
		return &s3Err{status: http.StatusForbidden, code: "SignatureDoesNotMatch", msg: sigMismatch}
	}
	if r.Header.Get("Content-Length") == "" {
		return &s3Err{status: http.StatusLengthRequired, code: "MissingContentLength", msg: "You must provide the Content-Length HTTP header."}
	}
	if r.ContentLength < size {
		return &s3Err{status: http.StatusBadRequest, code: "EntityTooSmall", msg: fmt.Sprintf("Your proposed upload is smaller than the part size: Content-Length %d, part size %d.", r.ContentLength, size)}
	}
	if r.ContentLength > size {
		return &s3Err{status: http.StatusBadRequest, code: "EntityTooLarge", msg: fmt.Sprintf("Your proposed upload exceeds the part size: Content-Length %d, part size %d.", r.ContentLength, size)}
	}
	return nil
}

// receivedPart is a part body that was read in full.
type receivedPart struct {
	sha256, md5 string // hex
	path        string // StorageDir mode: the part file
	data        []byte // memory mode
}

// receivePart streams the body (at most SetBandwidth bytes/s) through the hashes into the sink of the
// storage mode: a part file in StorageDir, memory, or nothing with Discard.
func (e *Emulator) receivePart(r *http.Request, uploadID string, partNum int, size int64) (*receivedPart, *s3Err) {
	bandwidth, _, _ := e.settings.get()
	var body io.Reader = r.Body
	if bandwidth > 0 { // real time, not the Clock: it paces real bytes on a real connection
		body = &throttled{r: r.Body, rate: bandwidth, start: time.Now(), ctx: r.Context()}
	}
	storageErr := func(err error, bodyRead bool) *s3Err {
		return &s3Err{status: http.StatusInternalServerError, code: "InternalError", msg: "storage: " + err.Error(), bodyRead: bodyRead}
	}
	shaH, md5H := sha256.New(), md5.New()
	sink := io.Writer(io.Discard) // reassigned to other writers below
	var tmp *os.File
	var mem *bytes.Buffer
	switch {
	case e.opts.Discard:
	case e.opts.StorageDir != "":
		var err error
		tmp, err = os.CreateTemp(e.opts.StorageDir, uploadID+"-"+strconv.Itoa(partNum)+"-*.tmp")
		if err != nil {
			return nil, storageErr(err, false)
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
	n, err := io.CopyBuffer(io.MultiWriter(sink, shaH, md5H), body, make([]byte, 256<<10))
	if err == nil && n != size {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		cleanup()
		return nil, &s3Err{status: http.StatusBadRequest, code: "IncompleteBody", bodyRead: true, closeConn: true,
			msg: fmt.Sprintf("You did not provide the number of bytes specified by the Content-Length HTTP header (got %d of %d).", n, size)}
	}
	p := &receivedPart{sha256: hex.EncodeToString(shaH.Sum(nil)), md5: hex.EncodeToString(md5H.Sum(nil))}
	if mem != nil {
		p.data = mem.Bytes()
	}
	if tmp != nil {
		p.path = filepath.Join(e.opts.StorageDir, fmt.Sprintf("%s.part%05d", uploadID, partNum))
		if err := tmp.Close(); err != nil {
			cleanup()
			return nil, storageErr(err, true)
		}
		if err := os.Rename(tmp.Name(), p.path); err != nil {
			cleanup()
			return nil, storageErr(err, true)
		}
	}
	return p, nil
}

// recordPart stores a received part in its upload, unless the file was deleted meanwhile.
func (e *Emulator) recordPart(f *file, partNum int, p *receivedPart) *s3Err {
	e.mu.Lock()
	defer e.mu.Unlock()
	if f.deleted {
		removeQuiet(p.path)
		return &s3Err{status: http.StatusNotFound, code: "NoSuchUpload", msg: noSuchUpload, bodyRead: true}
	}
	fp := f.parts[partNum-1]
	fp.received = true
	fp.sha256 = p.sha256
	fp.path = p.path
	fp.data = p.data
	e.partLandedLocked(f)
	return nil
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
