package emulator

import "time"

// Options configures an Emulator. Zero values pick the documented defaults.
type Options struct {
	Token        string // bearer token every API call must carry; default DefaultToken
	AccountID    string // default DefaultAccountID
	WorkspaceID  string // default DefaultWorkspaceID
	ProjectID    string // default DefaultProjectID
	ProjectName  string // default "Emulated Project"
	RootFolderID string // default DefaultRootFolderID

	// AccountUsers are users of the first account besides the token's own (DefaultUserID), in this
	// order: those that account_user_roles.index lists and projects can be shared with (users.go).
	AccountUsers []AccountUser

	PartSize        int64         // target part size for local uploads; default 20_000_000 bytes
	ProcessingDelay time.Duration // after the last part lands, before upload_complete; default 200ms, negative = none
	TranscodeDelay  time.Duration // after upload_complete, before status "transcoded"; default 200ms, negative = none
	URLExpiry       time.Duration // validity of pre-signed part URLs (X-Amz-Expires, whole seconds); default 1h

	// NominalPartSize answers local uploads the way the OpenAPI document's example does: every
	// upload_urls size is PartSize, so the last one can be larger than what remains of the file, and
	// that last part is accepted with just the remaining bytes. Off: the sizes add up exactly to
	// file_size, as in the upload guide's example.
	NominalPartSize bool
	// ExtraPartURLs, with NominalPartSize, adds this many URLs after the last part, past the end of the
	// file; a PUT to one is rejected.
	ExtraPartURLs int

	// NoRateLimits turns off enforcement of the documented per-endpoint rate limits. They are enforced
	// by default (429 when exceeded, as the service does), so every test meets them unless it opts out.
	NoRateLimits bool

	// AllowPrivateRemoteURLs lets remote uploads fetch from loopback, private and link-local hosts, which
	// the service (fetching from the internet) can never reach: for tests and demos serving sources on
	// 127.0.0.1. Off: such a source_url is refused.
	AllowPrivateRemoteURLs bool

	StorageDir string // when set, file content is written to files in this directory, not held in memory
	Discard    bool   // keep only byte counts and SHA-256, never the content (benchmarks); wins over StorageDir

	Bandwidth int64         // per-connection cap for S3 part bodies in bytes/s; 0 = unlimited
	Latency   time.Duration // added before every reply

	Logf func(format string, args ...any) // optional request log sink (never receives signatures)

	// Clock, when set, is the time of everything modelled (delays, upload status, URL dates and expiry,
	// timestamps, rate-limit buckets); a *TestClock lets a test step over a delay. nil = real time.
	Clock Clock

	// IMS configures the Adobe IMS token endpoint (ims.go): credentials, scopes, token lifetime.
	IMS IMSOptions

	// Readings choose the emulator's answers where the API document leaves them open (readings.go);
	// the zero value is the strict default reading, Pessimistic() the preset for a second test run.
	Readings Readings

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
