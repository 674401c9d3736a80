package emulator

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Emulator is an in-memory Frame.io V4 API plus a pre-signed S3 part endpoint. It is an http.Handler;
// Start and NewTest also serve it on a real listener. All methods are safe for concurrent use.
//
// Routes: /v4/... is the Frame.io API (bearer token required), /s3/{uploadID}/{partNumber}?X-Amz-... are the
// pre-signed part URLs handed out by the local_upload call, /files/... serves Options.ServeDir (if set).
type Emulator struct {
	opts Options
	key  []byte // HMAC key for the pre-signed URLs, random per emulator

	ctx    context.Context // cancelled by Close: stops remote fetches
	cancel context.CancelFunc
	bg     sync.WaitGroup

	srv     *http.Server
	ln      net.Listener
	baseURL string

	mu       sync.Mutex
	seq      int64
	folders  map[string]*folder
	files    map[string]*file
	uploads  map[string]*file // upload id (in the part URLs) -> file
	requests []Request
	buckets  map[string]*bucket

	// faults and runtime settings, guarded by mu
	failParts      int
	failPartStatus int
	failPartRetry  time.Duration
	resetParts     int
	rateLimitNext  int
	rateLimitRetry time.Duration
	failAPI        int
	failAPIStatus  int
	neverComplete  bool
	uploadFails    bool
	bandwidth      int64
	latency        time.Duration
	rateLimits     bool
	createdAt      time.Time
}

type folder struct {
	id, name, parentID string
	seq                int64
	createdAt          time.Time
	updatedAt          time.Time
}

// New returns an Emulator that is not listening: use it as an http.Handler (the base URL of the part URLs
// is then taken from the request's Host), or call Start / NewTest instead.
func New(opts Options) *Emulator {
	opts = withDefaults(opts)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ctx, cancel := context.WithCancel(context.Background())
	now := time.Now().UTC()
	e := &Emulator{
		opts:       opts,
		key:        key,
		ctx:        ctx,
		cancel:     cancel,
		folders:    map[string]*folder{},
		files:      map[string]*file{},
		uploads:    map[string]*file{},
		buckets:    map[string]*bucket{},
		bandwidth:  opts.Bandwidth,
		latency:    opts.Latency,
		rateLimits: opts.RateLimits,
		createdAt:  now,
	}
	e.folders[opts.RootFolderID] = &folder{id: opts.RootFolderID, name: "root", createdAt: now, updatedAt: now}
	return e
}

func withDefaults(o Options) Options {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.Token, DefaultToken)
	def(&o.AccountID, DefaultAccountID)
	def(&o.WorkspaceID, DefaultWorkspaceID)
	def(&o.ProjectID, DefaultProjectID)
	def(&o.ProjectName, "Emulated Project")
	def(&o.RootFolderID, DefaultRootFolderID)
	if o.PartSize <= 0 {
		o.PartSize = DefaultPartSize
	}
	if o.ProcessingDelay == 0 {
		o.ProcessingDelay = 200 * time.Millisecond
	}
	if o.ProcessingDelay < 0 {
		o.ProcessingDelay = 0
	}
	if o.TranscodeDelay == 0 {
		o.TranscodeDelay = 200 * time.Millisecond
	}
	if o.TranscodeDelay < 0 {
		o.TranscodeDelay = 0
	}
	if o.URLExpiry <= 0 {
		o.URLExpiry = time.Hour
	}
	return o
}

// Start serves a new Emulator on addr ("127.0.0.1:0" picks a free port).
func Start(addr string, opts Options) (*Emulator, error) {
	e := New(opts)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		e.cancel()
		return nil, err
	}
	e.ln = ln
	e.baseURL = "http://" + ln.Addr().String()
	e.srv = &http.Server{Handler: e, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// NewTest starts an Emulator on 127.0.0.1:0 and closes it when the test ends.
func NewTest(t testing.TB, opts Options) *Emulator {
	t.Helper()
	e, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash, no /v4). Empty for an Emulator
// made by New that has not seen a request yet.
func (e *Emulator) URL() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.baseURL
}

// Close stops the listener (if any), remote fetches and background hashing. Content already written
// to Options.StorageDir stays there.
func (e *Emulator) Close() error {
	e.cancel()
	var err error
	if e.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = e.srv.Shutdown(ctx)
		cancel()
		if err != nil {
			err = e.srv.Close()
		}
	}
	e.bg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Options returns the effective options (defaults filled in).
func (e *Emulator) Options() Options { return e.opts }

// ---- faults ----

// FailNextParts makes the next n part PUTs fail with status and an S3 XML error body (Retry-After in
// whole seconds when retryAfter > 0). The request body is drained first, as after a server-side failure.
func (e *Emulator) FailNextParts(n int, status int, retryAfter time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failParts, e.failPartStatus, e.failPartRetry = n, status, retryAfter
}

// ResetNextParts makes the next n part PUTs die mid-body: the emulator reads a little of the body, then
// hijacks the connection and closes it with a TCP reset, so the client sees a reset / EOF, no reply.
func (e *Emulator) ResetNextParts(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resetParts = n
}

// RateLimitNext makes the next n authenticated API calls fail with 429 (Retry-After in whole seconds,
// rounded up, when retryAfter > 0; the real service sends none).
func (e *Emulator) RateLimitNext(n int, retryAfter time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rateLimitNext, e.rateLimitRetry = n, retryAfter
}

// FailNextAPI makes the next n authenticated API calls fail with status and an error body.
// RateLimitNext faults are consumed before these.
func (e *Emulator) FailNextAPI(n int, status int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failAPI, e.failAPIStatus = n, status
}

// SetNeverComplete(true) keeps uploads from ever reaching upload_complete (also uploads already landed
// but not yet complete). SetNeverComplete(false) lets them complete ProcessingDelay from now.
func (e *Emulator) SetNeverComplete(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.neverComplete = on
	now := time.Now()
	for _, f := range e.files {
		if on && f.landed() && !f.failedAt(now) && !f.completeAt(now, e.opts) {
			f.never = true
		}
		if !on && f.never {
			f.never = false
			f.landedAt = now
		}
	}
}

// SetUploadFails(true) makes uploads whose content lands from now on report upload_failed=true (after
// ProcessingDelay) instead of upload_complete.
func (e *Emulator) SetUploadFails(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.uploadFails = on
}

// SetBandwidth caps the speed at which each S3 part body is read, in bytes/s (0 = unlimited).
func (e *Emulator) SetBandwidth(bytesPerSec int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.bandwidth = bytesPerSec
}

// SetLatency adds d before every reply (API and S3).
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = d
}

// SetRateLimits turns enforcement of the documented per-endpoint limits on or off. The x-ratelimit-*
// headers are always sent.
func (e *Emulator) SetRateLimits(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rateLimits = on
}

// ---- inspection ----

// Files returns snapshots of all files in creation order.
func (e *Emulator) Files() []File {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	out := make([]File, 0, len(e.files))
	for _, f := range e.files {
		out = append(out, f.snapshot(now, e.opts))
	}
	sort.Slice(out, func(i, j int) bool { return e.files[out[i].ID].seq < e.files[out[j].ID].seq })
	return out
}

// File returns a snapshot of one file.
func (e *Emulator) File(id string) (File, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.files[id]
	if !ok {
		return File{}, false
	}
	return f.snapshot(time.Now(), e.opts), true
}

// Folders returns all folders in creation order, the project's root folder (ParentID "") first.
func (e *Emulator) Folders() []Folder {
	e.mu.Lock()
	defer e.mu.Unlock()
	fs := make([]*folder, 0, len(e.folders))
	for _, f := range e.folders {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].seq < fs[j].seq })
	out := make([]Folder, len(fs))
	for i, f := range fs {
		out[i] = Folder{ID: f.id, Name: f.name, ParentID: f.parentID}
	}
	return out
}

// Requests returns the requests served so far, in order of completion.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Request(nil), e.requests...)
}

// ResetRequests forgets the logged requests.
func (e *Emulator) ResetRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = nil
}

// ---- out-of-band changes ----

// ErrNotFound is returned by the out-of-band helpers for unknown ids.
var ErrNotFound = errors.New("emulator: not found")

// RenameFile renames a file as if someone did it in the web app.
func (e *Emulator) RenameFile(id, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.files[id]
	if !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	f.name = name
	f.updatedAt = time.Now().UTC()
	return nil
}

// MoveFile moves a file to another folder ("" = the root folder).
func (e *Emulator) MoveFile(id, parentID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if parentID == "" {
		parentID = e.opts.RootFolderID
	}
	f, ok := e.files[id]
	if !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	if _, ok := e.folders[parentID]; !ok {
		return fmt.Errorf("folder %q: %w", parentID, ErrNotFound)
	}
	f.parentID = parentID
	f.updatedAt = time.Now().UTC()
	return nil
}

// DeleteFile deletes a file (and its stored content).
func (e *Emulator) DeleteFile(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.files[id]; !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	e.deleteFileLocked(id)
	return nil
}

// AddFolder creates a folder under parentID ("" = the root folder) and returns its id.
func (e *Emulator) AddFolder(parentID, name string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if parentID == "" {
		parentID = e.opts.RootFolderID
	}
	if _, ok := e.folders[parentID]; !ok {
		return "", fmt.Errorf("folder %q: %w", parentID, ErrNotFound)
	}
	return e.addFolderLocked(parentID, name).id, nil
}

func (e *Emulator) addFolderLocked(parentID, name string) *folder {
	e.seq++
	now := time.Now().UTC()
	f := &folder{id: newID(), name: name, parentID: parentID, seq: e.seq, createdAt: now, updatedAt: now}
	e.folders[f.id] = f
	return f
}

func (e *Emulator) deleteFileLocked(id string) {
	f := e.files[id]
	if f == nil {
		return
	}
	delete(e.files, id)
	if f.uploadID != "" {
		delete(e.uploads, f.uploadID)
	}
	f.deleted = true
	f.removeStorage()
}

func (e *Emulator) deleteFolderLocked(id string) {
	for cid, c := range e.folders {
		if c.parentID == id && cid != id {
			e.deleteFolderLocked(cid)
		}
	}
	for fid, f := range e.files {
		if f.parentID == id {
			e.deleteFileLocked(fid)
		}
	}
	delete(e.folders, id)
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ---- HTTP plumbing ----

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// ServeHTTP dispatches to the API, the S3 part endpoint or the served directory.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	e.mu.Lock()
	if e.baseURL == "" && r.Host != "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		e.baseURL = scheme + "://" + r.Host
	}
	latency := e.latency
	e.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
		}
	}
	rec := &recorder{ResponseWriter: w}
	isS3 := strings.HasPrefix(r.URL.Path, "/s3/")
	switch {
	case isS3:
		e.serveS3(rec, r)
	case strings.HasPrefix(r.URL.Path, "/files/") && e.opts.ServeDir != "":
		http.StripPrefix("/files/", http.FileServer(http.Dir(e.opts.ServeDir))).ServeHTTP(rec, r)
	case r.URL.Path == "/v4" || strings.HasPrefix(r.URL.Path, "/v4/"):
		e.serveAPI(rec, r)
	default:
		writeError(rec, http.StatusNotFound, "Not Found", "No route found for "+r.Method+" "+r.URL.Path, "")
	}
	req := Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawPath:       r.URL.EscapedPath(),
		Header:        r.Header.Clone(),
		Status:        rec.status,
		S3:            isS3,
		ContentLength: r.ContentLength,
		Start:         start,
		Duration:      time.Since(start),
	}
	e.mu.Lock()
	e.requests = append(e.requests, req)
	e.mu.Unlock()
	if e.opts.Logf != nil {
		st := fmt.Sprint(req.Status)
		if req.Status == 0 {
			st = "reset"
		}
		e.opts.Logf("%s %s -> %s (%s)", req.Method, req.RawPath, st, req.Duration.Round(time.Millisecond))
	}
}

func removeQuiet(path string) {
	if path != "" {
		_ = os.Remove(path)
	}
}
