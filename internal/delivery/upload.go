package delivery

import (
	"context"
	"errors"
	"io/fs"

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
}

// Upload creates the file, sends its content (or has Frame.io fetch the URL), waits until Frame.io
// reports the upload complete (and transcoded, with WaitForTranscode), and reads the file back. ctx
// bounds all of it.
//
// Any error is an *UploadError. When it happens after Frame.io created the file, the half-made file is
// deleted; when even that fails, Result.File holds it and UploadError.Leftover says why.
func (d *Delivery) Upload(ctx context.Context, spec Spec) (Result, error) {
	res, err := d.upload(ctx, spec)
	if err == nil {
		return res, nil
	}
	return d.failUpload(ctx, res, err)
}

// upload is Upload without the cleanup. On error, res.File is the file Frame.io already holds, if any.
func (d *Delivery) upload(ctx context.Context, spec Spec) (Result, error) {
	var res Result
	var err error
	if spec.SourceURL == "" {
		res, err = d.createLocal(ctx, spec)
	} else {
		res.File, err = d.createRemote(ctx, spec)
	}
	if err != nil {
		return res, err
	}
	if res.Untranscoded, err = d.waitForUpload(ctx, res.File.ID, spec.WaitForTranscode); err != nil {
		return res, err
	}
	fresh, err := d.account.GetFile(ctx, res.File.ID)
	if err != nil {
		return res, err
	}
	res.File = fresh
	return res, nil
}

// failUpload deletes the file a failed upload left, and keeps it in the result when it cannot.
func (d *Delivery) failUpload(ctx context.Context, res Result, cause error) (Result, error) {
	uerr := &UploadError{Err: cause, TimedOut: errors.Is(ctx.Err(), context.DeadlineExceeded)}
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
