package emulator

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
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

	api    *http.ServeMux // the /v4 routes, built once by New
	remote *http.Client   // fetches remote_upload sources

	srv     *http.Server
	ln      net.Listener
	baseURL string

	mu       sync.Mutex
	seq      int64
	dir      directory // accounts, workspaces, projects (accounts.go)
	folders  map[string]*folder
	files    map[string]*file
	stacks   map[string]*versionStack
	shares   map[string]*share
	uploads  map[string]*file // upload id (in the part URLs) -> file
	requests []Request
	buckets  map[string]*bucket
	ims      imsState // the IMS token endpoint's tokens (ims.go), under its own lock

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

	sharePassphraseRequired bool
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
	now := opts.Clock.Now().UTC()
	e := &Emulator{
		opts:       opts,
		key:        key,
		ctx:        ctx,
		cancel:     cancel,
		folders:    map[string]*folder{},
		files:      map[string]*file{},
		stacks:     map[string]*versionStack{},
		shares:     map[string]*share{},
		uploads:    map[string]*file{},
		buckets:    map[string]*bucket{},
		bandwidth:  opts.Bandwidth,
		latency:    opts.Latency,
		rateLimits: !opts.NoRateLimits,
		createdAt:  now,
	}
	e.initDirectory(now) // with the project's root folder
	e.api = e.newAPIMux()
	e.remote = newRemoteClient(opts.AllowPrivateRemoteURLs)
	return e
}

// now is the time of the modelled world (see Clock).
func (e *Emulator) now() time.Time { return e.opts.Clock.Now() }

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
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	o.IMS = o.IMS.withDefaults()
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
	// Real time, not the Clock: Start and Duration measure the request on the wire (overlap of
	// concurrent part PUTs, latency), which stepping a TestClock must not distort.
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
	if latency > 0 { // a real wait, like the network delay it models: a Clock cannot step it
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
	case strings.HasPrefix(r.URL.Path, "/s/"):
		e.serveShareLink(rec, r)
	case r.URL.Path == imsTokenPath:
		e.serveIMS(rec, r)
	case r.URL.Path == "/v4" || strings.HasPrefix(r.URL.Path, "/v4/"):
		e.routeAPI(rec, r)
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
