// Package delivery delivers files to Frame.io: it uploads local files and remote URLs, waits until
// Frame.io has processed them, stacks new content on top of earlier versions, and deletes what it
// delivered. Every failure after Frame.io holds a file is cleaned up, or the file is handed back to
// the caller so that nothing is lost.
//
// It is plain Go: it knows nothing of Terraform (no plans, states or diagnostics). The provider maps
// its configuration to a Spec and the Result or the typed errors back to state and diagnostics, so the
// workflow and its failure paths can be tested without a Terraform CLI.
package delivery

import (
	"context"
	"net/http"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

// cleanupTimeout bounds the delete of a half-made file after a failure; it runs even when the
// operation's own context was cancelled or timed out, which is the common reason for the cleanup.
const cleanupTimeout = time.Minute

// DefaultStallTimeout is how long a part may move no byte before its attempt fails and is retried.
const DefaultStallTimeout = uploader.DefaultStallTimeout

// LogFunc receives log lines: level is "debug", "info" or "warn". Fields never hold a pre-signed URL's
// query string. A caller adapts it to its own logger (the provider to tflog).
type LogFunc func(ctx context.Context, level, msg string, fields map[string]any)

// Options configures a Delivery. The zero value is usable.
type Options struct {
	// Concurrency caps the part PUTs in flight across every upload of this Delivery (the provider's
	// upload_concurrency); 0 means uploader.DefaultConcurrency.
	Concurrency int
	// MaxRetries is the retry count per part after the first attempt, resolved as httpx.Retries does
	// (0 = default, < 0 = none); a caller whose 0 means "none" passes httpx.Exactly(n).
	MaxRetries int
	// StallTimeout fails an attempt of a part when no byte of it moved for this long (0:
	// DefaultStallTimeout, < 0: none); a stalled part is retried. There is no total bound on a part.
	StallTimeout time.Duration
	// MinBackoff and MaxBackoff bound the waits between attempts of a part (uploader defaults when 0).
	MinBackoff, MaxBackoff time.Duration
	// ProgressInterval spaces the progress lines of one upload (uploader default when 0).
	ProgressInterval time.Duration
	// CheckSourceURL, when set, refuses a source_url that Frame.io cannot fetch, before any request is
	// made. It is the caller's rule (the provider shares it with its plan-time check); nil checks nothing.
	CheckSourceURL func(rawURL string) error
	// Log receives the delivery's own lines (upload started and finished, progress, status changes,
	// cleanups); nil drops them.
	Log LogFunc
	// EngineLog receives the upload engine's per-part lines; nil drops them.
	EngineLog LogFunc
}

// Delivery delivers files into one Frame.io account. It is safe for concurrent use: all its uploads
// share one concurrency limit.
type Delivery struct {
	// account is the only way to Frame.io: every call is d.account.X(ctx, ...).
	account *frameio.AccountClient

	uploader       *uploader.Uploader
	concurrency    int
	checkSourceURL func(string) error
	logf           LogFunc
}

// New returns a Delivery into the account of account. It owns its upload engine, built from opts.
func New(account *frameio.AccountClient, opts Options) *Delivery {
	concurrency := opts.Concurrency
	if concurrency <= 0 {
		concurrency = uploader.DefaultConcurrency
	}
	return &Delivery{
		account:        account,
		concurrency:    concurrency,
		checkSourceURL: opts.CheckSourceURL,
		logf:           opts.Log,
		uploader: uploader.New(uploader.Options{
			HTTPClient:       &http.Client{Transport: uploader.NewTransport(concurrency)},
			Limiter:          uploader.NewLimiter(concurrency),
			MaxRetries:       opts.MaxRetries,
			StallTimeout:     opts.StallTimeout,
			MinBackoff:       opts.MinBackoff,
			MaxBackoff:       opts.MaxBackoff,
			ProgressInterval: opts.ProgressInterval,
			Logf:             opts.EngineLog,
		}),
	}
}

func (d *Delivery) log(ctx context.Context, level, msg string, fields map[string]any) {
	if d.logf != nil {
		d.logf(ctx, level, msg, fields)
	}
}

// discard deletes a half-made file after a failure, with its own deadline so that it runs even when
// ctx has ended. A file already gone counts as deleted. It returns why the file is still there.
func (d *Delivery) discard(ctx context.Context, fileID, what string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	err := d.account.DeleteFile(ctx, fileID)
	if err != nil && !frameio.IsNotFound(err) {
		return err
	}
	d.log(ctx, "info", "deleted the "+what, map[string]any{"file_id": fileID})
	return nil
}
