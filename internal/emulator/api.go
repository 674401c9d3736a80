// Package emulator is an in-memory Frame.io V4 API and pre-signed S3 emulator served over real HTTP.
//
// It is used by the tests and by `make demo`. It deliberately does not import internal/frameio: it is
// written from the published contract so that it does not share the client's mistakes. No production
// package imports it.
package emulator

import (
	"net/http"
	"time"
)

// Options configures an Emulator. Zero values pick the documented defaults.
type Options struct {
	Token        string // bearer token every API call must carry; default DefaultToken
	AccountID    string // default DefaultAccountID
	WorkspaceID  string // default DefaultWorkspaceID
	ProjectID    string // default DefaultProjectID
	ProjectName  string // default "Emulated Project"
	RootFolderID string // default DefaultRootFolderID

	PartSize        int64         // target part size for local uploads; default 20_000_000 bytes
	ProcessingDelay time.Duration // after the last part lands, before upload_complete; default 200ms
	TranscodeDelay  time.Duration // after upload_complete, before status "transcoded"; default 200ms
	URLExpiry       time.Duration // validity of pre-signed part URLs; default 1h

	RateLimits bool // enforce the documented per-endpoint rate limits (429 when exceeded)

	StorageDir string // when set, file content is written to files in this directory, not held in memory
	Discard    bool   // keep only byte counts and SHA-256, never the content (benchmarks)

	Bandwidth int64         // per-connection cap for S3 part bodies in bytes/s; 0 = unlimited
	Latency   time.Duration // added before every reply

	Logf func(format string, args ...any) // optional request log sink (never receives signatures)

	// ServeDir, when set, is served read-only (GET/HEAD, no auth) under /files/, e.g. as the source of
	// remote uploads: source_url = URL() + "/files/<name>".
	ServeDir string
}

// Defaults used when Options leaves a field empty.
const (
	DefaultToken        = "emulator-token"
	DefaultAccountID    = "6f1f2b0e-0000-4000-8000-00000000acc1"
	DefaultWorkspaceID  = "6f1f2b0e-0000-4000-8000-0000000000a1"
	DefaultProjectID    = "6f1f2b0e-0000-4000-8000-0000000000b1"
	DefaultRootFolderID = "6f1f2b0e-0000-4000-8000-0000000000c1"
	DefaultPartSize     = 20_000_000
)

// File is a snapshot of a stored file for test inspection.
type File struct {
	ID             string
	Name           string
	ParentID       string
	ProjectID      string
	MediaType      string
	Status         string // created, uploaded, transcoded
	Size           int64  // declared file_size
	BytesReceived  int64  // bytes of parts accepted so far
	PartSizes      []int64
	SHA256         string // hex SHA-256 of the assembled content, set once all parts arrived
	UploadComplete bool
	UploadFailed   bool
	Remote         bool
	SourceURL      string
	CreatedAt      time.Time
}

// Folder is a snapshot of a stored folder.
type Folder struct {
	ID       string
	Name     string
	ParentID string
}

// Request is one logged request. Path never includes the query string (signatures stay out of logs).
type Request struct {
	Method string
	Path   string
	Header http.Header
	Status int
	S3     bool // a pre-signed part URL, not the Frame.io API

	RawPath       string        // r.URL.EscapedPath(): the path as sent, still percent-encoded
	ContentLength int64         // r.ContentLength (-1 when unknown, e.g. chunked)
	Duration      time.Duration // time to serve, latency included
}
