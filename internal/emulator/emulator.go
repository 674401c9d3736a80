package emulator

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Emulator is an in-memory Frame.io V4 API plus a pre-signed S3 part endpoint. It is an http.Handler;
// Start also serves it on a real listener. All methods are safe for concurrent use.
//
// Routes: /v4/... is the Frame.io API (bearer token required), /s3/{uploadID}/{partNumber}?X-Amz-... are the
// pre-signed part URLs handed out by the local_upload call, /files/... serves Options.ServeDir (if set).
//
// Its parts: the modelled service (state, state.go), the HTTP side (server.go, routes.go and a file per
// resource), injected faults (faults.go), the readings of what the API document leaves open
// (readings.go), runtime settings (settings.go), the request log (requestlog.go) and the IMS token
// endpoint (ims.go).
type Emulator struct {
	state // the modelled service, under state.mu

	opts Options
	key  []byte // HMAC key for the pre-signed URLs, random per emulator

	ctx    context.Context // cancelled by Close: stops remote fetches and stalled calls
	cancel context.CancelFunc
	bg     sync.WaitGroup

	api    *http.ServeMux // the /v4 routes, built once by New
	remote *http.Client   // fetches remote_upload sources

	srv     *http.Server
	ln      net.Listener
	baseURL atomic.Pointer[string] // set by Start, or from the first request's Host

	faults   faults
	readings readingsState
	settings settings
	log      requestLog
	ims      imsState // the IMS token endpoint's tokens (ims.go)

	createdAt time.Time
}

// New returns an Emulator that is not listening: use it as an http.Handler (the base URL of the part URLs
// is then taken from the request's Host), or call Start instead.
func New(opts Options) *Emulator {
	opts = withDefaults(opts)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	ctx, cancel := context.WithCancel(context.Background())
	now := opts.Clock.Now().UTC()
	e := &Emulator{
		state:     newState(),
		opts:      opts,
		key:       key,
		ctx:       ctx,
		cancel:    cancel,
		createdAt: now,
	}
	e.settings.bandwidth, e.settings.latency, e.settings.rateLimits = opts.Bandwidth, opts.Latency, !opts.NoRateLimits
	e.readings.set(opts.Readings)
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
	if o.IMS.RotateRefreshTokens {
		o.Readings.RotateRefreshTokens = true
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
	base := "http://" + ln.Addr().String()
	e.baseURL.Store(&base)
	e.srv = &http.Server{Handler: e, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing slash, no /v4). Empty for an Emulator
// made by New that has not seen a request yet.
func (e *Emulator) URL() string {
	if p := e.baseURL.Load(); p != nil {
		return *p
	}
	return ""
}

// Close stops the listener (if any), stalled calls, remote fetches and background hashing. Content
// already written to Options.StorageDir stays there.
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

// Options returns the effective options (defaults filled in; Readings as at New: see Readings).
func (e *Emulator) Options() Options { return e.opts }

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
