package delivery

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Status polling: Frame.io has no "upload complete" call; it stitches the parts and processes the file on
// its own, and the status endpoint (5 requests/s per user) turns upload_complete true some time later.
const (
	pollInitialInterval = 500 * time.Millisecond
	pollMaxInterval     = 5 * time.Second
	pollGrowth          = 1.5
)

// statusTranscoded is the file status once Frame.io has made its playable proxies.
const statusTranscoded = "transcoded"

// notFoundGrace is how long a 404 from the status endpoint right after the create counts as "not
// there yet": Frame.io is eventually consistent, and a new file may not be visible to every reader at once.
const notFoundGrace = 15 * time.Second

// waitForUpload polls the upload status until Frame.io reports the upload complete (and, with
// waitTranscode, the file transcoded, or settled as "uploaded" when its media type is one Frame.io does
// not transcode: that file is returned, for the caller to warn). It stops on upload_failed or when ctx
// ends (the caller's timeout). Every transition is logged at INFO.
func (d *Delivery) waitForUpload(ctx context.Context, fileID string, waitTranscode bool) (*frameio.File, error) {
	interval := pollInitialInterval
	last := ""
	start := time.Now()
	for {
		p, err := d.pollOnce(ctx, fileID, waitTranscode)
		if frameio.IsNotFound(err) && time.Since(start) < notFoundGrace {
			p, err = poll{state: "not visible yet"}, nil
		}
		if err != nil && ctx.Err() != nil {
			return nil, waitTimedOut(ctx, fileID, start, cmp.Or(p.state, last))
		}
		if err != nil {
			return nil, err
		}
		if p.state != last {
			d.log(ctx, "info", "upload status", map[string]any{"file_id": fileID, "state": p.state})
			last = p.state
		}
		if p.done {
			return p.untranscoded, nil
		}
		select {
		case <-ctx.Done():
			return nil, waitTimedOut(ctx, fileID, start, last)
		case <-time.After(interval):
		}
		interval = min(time.Duration(float64(interval)*pollGrowth), pollMaxInterval)
	}
}

// waitTimedOut is the error of a wait that ctx ended, last the state it had seen. Past upload_complete
// (a "status ..." state), the wait was for the transcode.
func waitTimedOut(ctx context.Context, fileID string, start time.Time, last string) error {
	transcode := last == "upload_complete" || strings.HasPrefix(last, "status ")
	return &WaitError{FileID: fileID, Transcode: transcode, Waited: time.Since(start), LastState: last, Err: ctx.Err()}
}

// poll is what one status read found: a short state name for the log, whether waiting is over, and
// the file when it settled without a transcode.
type poll struct {
	state        string
	done         bool
	untranscoded *frameio.File
}

// pollOnce reads the status once.
func (d *Delivery) pollOnce(ctx context.Context, fileID string, waitTranscode bool) (poll, error) {
	status, err := d.account.GetUploadStatus(ctx, fileID)
	if err != nil {
		return poll{}, fmt.Errorf("reading the upload status of file %s: %w", fileID, err)
	}
	switch {
	case status.UploadFailed:
		return poll{state: "failed"}, &uploadFailedError{fileID: fileID}
	case !status.UploadComplete:
		return poll{state: "uploading"}, nil
	case !waitTranscode:
		return poll{state: "upload_complete", done: true}, nil
	}
	file, err := d.account.GetFile(ctx, fileID)
	if err != nil {
		return poll{state: "upload_complete"}, fmt.Errorf("reading file %s while waiting for transcoding: %w", fileID, err)
	}
	if file.Status != statusTranscoded && !Transcodes(file.MediaType) {
		return poll{state: "status " + file.Status + " (" + file.MediaType + " is not transcoded)", done: true,
			untranscoded: file}, nil
	}
	return poll{state: "status " + file.Status, done: file.Status == statusTranscoded}, nil
}

// Transcodes reports whether Frame.io makes playable proxies of a media type, which is what moves a
// file's status on to "transcoded". The API documents transcodes for video and images only (renditions
// such as video_h264_180 and thumbnails); audio plays in the web app too. Nothing promises one for other
// types (archives, text, subtitles, PDF, ...): waiting for it could last until the caller's timeout.
func Transcodes(mediaType string) bool {
	major, _, _ := strings.Cut(mediaType, "/")
	return major == "video" || major == "audio" || major == "image"
}

// uploadFailedError is Frame.io reporting upload_failed: the file is broken, unlike a wait that did not
// end, which leaves a file that may still complete.
type uploadFailedError struct{ fileID string }

func (e *uploadFailedError) Error() string {
	return fmt.Sprintf("upload failed: Frame.io reports the upload of file %s failed (upload_failed); for a "+
		"source_url, Frame.io could not fetch the URL: check that it is reachable from the internet and returns "+
		"the file", e.fileID)
}

// readBackTries is how many times readBack reads a file that fails otherwise than with a 404 (each read
// already retried by the client).
const readBackTries = 3

// readBack reads a file right after its upload. A 404 within notFoundGrace is Frame.io not showing the
// new file to every reader yet, and is read again (read-after-write); any other failure is tried
// readBackTries times in all.
func (d *Delivery) readBack(ctx context.Context, fileID string) (*frameio.File, error) {
	start := time.Now()
	wait := pollInitialInterval
	for try := 1; ; try++ {
		f, err := d.account.GetFile(ctx, fileID)
		if err == nil {
			return f, nil
		}
		notYet := frameio.IsNotFound(err) && time.Since(start) < notFoundGrace
		if !notYet && try >= readBackTries {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait = min(wait*2, pollMaxInterval)
	}
}

// budget is a timeout that runs only while the delivery is not sending bytes (Spec.Timeout): the byte
// transfer is bounded by the upload engine's inactivity deadline instead.
type budget struct {
	d      time.Duration
	start  time.Time
	paused time.Duration // time spent sending bytes so far
}

func newBudget(d time.Duration) *budget { return &budget{d: d, start: time.Now()} }

// ctx is parent bounded by what is left of the budget.
func (b *budget) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	if b.d <= 0 {
		return context.WithCancel(parent)
	}
	return context.WithDeadline(parent, b.deadline())
}

func (b *budget) deadline() time.Time { return b.start.Add(b.d + b.paused) }

// excluding runs fn (the byte transfer) without spending the budget.
func (b *budget) excluding(fn func() error) error {
	start := time.Now()
	defer func() { b.paused += time.Since(start) }()
	return fn()
}

// expired reports whether the budget ran out.
func (b *budget) expired() bool { return b.d > 0 && !time.Now().Before(b.deadline()) }
