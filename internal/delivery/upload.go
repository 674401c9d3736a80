package delivery

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Spec is one file to deliver.
type Spec struct {
	FolderID string // where the new file goes
	Name     string // its name in Frame.io

	// Exactly one of Source (a local path) and SourceURL (a URL Frame.io fetches) is set.
	Source    string
	SourceURL string

	// TrustedSHA256 is the caller's hex SHA-256 of Source, taken as the content identity without
	// reading the file; "" hashes the bytes sent, alongside the upload.
	TrustedSHA256 string

	// WaitForTranscode waits until the file is transcoded too, not only until the upload is complete.
	WaitForTranscode bool

	// Timeout bounds the steps of the delivery that are not the byte transfer, together: the create call,
	// the wait for processing (and transcoding) and the read back. The time the parts are being sent does
	// not count: the upload engine ends a transfer that stops making progress, never one that is moving,
	// so a large file on a slow link is not cut by a total that depends on its size. 0: ctx alone.
	Timeout time.Duration
	// Size is the size of Source that a plan showed (0 when none did): a file of another size is
	// refused before anything is created, so that the size shown is the size uploaded.
	Size int64
}

// Result is a delivered file.
type Result struct {
	// File is the file as read back after the wait. On failure it is the half-made file when it could
	// not be deleted, so the caller can keep track of it (nil otherwise).
	File *frameio.File

	// SHA256 is, for a local Source, the hex SHA-256 of the bytes sent (TrustedSHA256 when given), and
	// SourceInfo the file as it was before the upload (the upload checked it did not change since).
	// Empty for a SourceURL, and when the upload failed before the content was sent.
	SHA256     string
	SourceInfo fs.FileInfo

	// Untranscoded, with WaitForTranscode, is the file as read when the wait settled at "uploaded"
	// because Frame.io does not transcode its media type; nil otherwise. Callers warn about it.
	Untranscoded *frameio.File

	// Unsettled is set when the file was delivered (every byte sent, or the fetch of the URL accepted by
	// Frame.io) but not seen through: the wait for processing did not end, or the file could not be read
	// back. Such a file is kept, never deleted; File holds what is known of it.
	Unsettled *Unsettled
}

// Unsettled says why a delivered file was not seen through.
type Unsettled struct {
	Err error
	// Waiting is set when the wait for processing (or transcoding) did not end (timed out, or could not
	// read the status): Resume waits again. Otherwise the wait ended and only the read back failed.
	Waiting bool
}

// Upload creates the file, sends its content (or has Frame.io fetch the URL), waits until Frame.io
// reports the upload complete (and transcoded, with WaitForTranscode), and reads the file back. ctx
// bounds all of it, spec.Timeout all but the byte transfer.
//
// Any error is an *UploadError: the file could not be created, its bytes could not all be sent, or
// Frame.io reports the upload failed. The half-made file is then deleted; when even that fails,
// Result.File holds it and UploadError.Leftover says why. A file whose bytes are all in Frame.io is never
// deleted: when only the wait or the read back fails, Upload succeeds with Result.Unsettled set.
func (d *Delivery) Upload(ctx context.Context, spec Spec) (Result, error) {
	b := newBudget(spec.Timeout)
	res, err := d.deliver(ctx, spec, b)
	if err == nil {
		res, err = d.settle(ctx, res, res.File.ID, spec.WaitForTranscode, b)
	}
	if err == nil {
		return res, nil
	}
	return d.failUpload(ctx, res, err, b.expired())
}

// Resume waits again for a file that an Upload left unsettled while waiting (Unsettled.Waiting), for
// timeout at most, then reads it back. Its outcome is Upload's: Result.Unsettled set again when the wait
// does not end, an *UploadError (and the file deleted) when Frame.io reports the upload failed.
func (d *Delivery) Resume(ctx context.Context, fileID string, waitTranscode bool, timeout time.Duration) (Result, error) {
	b := newBudget(timeout)
	res, err := d.settle(ctx, Result{File: &frameio.File{ID: fileID}}, fileID, waitTranscode, b)
	if err != nil {
		return d.failUpload(ctx, res, err, b.expired())
	}
	return res, nil
}

// deliver creates the file and sends its content, or has Frame.io fetch the URL. On error, res.File is
// the file Frame.io already holds, if any.
func (d *Delivery) deliver(ctx context.Context, spec Spec, b *budget) (Result, error) {
	stepCtx, cancel := b.ctx(ctx)
	defer cancel()
	if spec.SourceURL != "" {
		file, err := d.createRemote(stepCtx, spec)
		return Result{File: file}, err
	}
	file, src, err := d.createLocal(stepCtx, spec)
	if err != nil {
		return Result{File: file}, err // file: what a lost reply made, if it could not be undone
	}
	defer src.f.Close()
	res := Result{File: file}
	err = b.excluding(func() error {
		var err error
		res.SHA256, err = d.sendLocal(ctx, src, file, spec.TrustedSHA256)
		return err
	})
	if err != nil {
		res.SHA256 = ""
		return res, err
	}
	res.SourceInfo = src.before
	return res, nil
}

// settle waits for Frame.io to process the delivered file and reads it back. Only a reported upload
// failure is an error: a wait or a read that does not end well leaves the file in res, Unsettled.
func (d *Delivery) settle(ctx context.Context, res Result, fileID string, waitTranscode bool, b *budget) (Result, error) {
	stepCtx, cancel := b.ctx(ctx)
	defer cancel()
	untranscoded, err := d.waitForUpload(stepCtx, fileID, waitTranscode)
	var failed *uploadFailedError
	switch {
	case errors.As(err, &failed):
		return res, err
	case err != nil:
		res.Unsettled = &Unsettled{Err: err, Waiting: true}
		d.log(ctx, "warn", "upload kept before Frame.io finished processing it", map[string]any{"file_id": fileID, "error": err.Error()})
		// What the file is now, for the caller's record; the wait's own deadline may be over.
		readCtx, cancelRead := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancelRead()
		if fresh, err := d.account.GetFile(readCtx, fileID); err == nil {
			res.File = fresh
		}
		return res, nil
	}
	res.Untranscoded = untranscoded
	fresh, err := d.readBack(stepCtx, fileID)
	if err != nil {
		res.Unsettled = &Unsettled{Err: fmt.Errorf("reading file %s back after its upload: %w", fileID, err)}
		d.log(ctx, "warn", "upload complete, but reading the file back failed; it is kept", map[string]any{"file_id": fileID, "error": err.Error()})
		if untranscoded != nil {
			res.File = untranscoded
		}
		return res, nil
	}
	res.File = fresh
	return res, nil
}

// failUpload deletes the file a failed upload left, and keeps it in the result when it cannot. timedOut
// says whether a deadline ended the upload.
func (d *Delivery) failUpload(ctx context.Context, res Result, cause error, timedOut bool) (Result, error) {
	uerr := &UploadError{Err: cause, TimedOut: timedOut || errors.Is(ctx.Err(), context.DeadlineExceeded)}
	if res.File == nil || res.File.ID == "" {
		res.File = nil
		return res, uerr
	}
	uerr.FileID = res.File.ID
	if uerr.CleanupErr = d.discard(ctx, res.File.ID, "incomplete file after a failed upload"); uerr.CleanupErr == nil {
		res.File = nil
	}
	return res, uerr
}
