package delivery

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The errors below are what a caller needs to word its own report: what failed (Err, which wraps the
// client's or the engine's error for errors.As), and what became of the file Frame.io already held
// for the failed delivery (Leftover). Find them with errors.As.

// Leftover is the file a failed delivery left in Frame.io, if any, and whether the cleanup removed it.
type Leftover struct {
	// FileID is the half-made file; "" when Frame.io holds no file for the failed delivery.
	FileID string
	// CleanupErr says why FileID could not be deleted; nil when it was deleted (or was gone already).
	CleanupErr error
}

// Kept reports whether the half-made file is still in Frame.io.
func (l Leftover) Kept() bool { return l.FileID != "" && l.CleanupErr != nil }

func (l Leftover) describe() string {
	switch {
	case l.FileID == "":
		return ""
	case l.CleanupErr == nil:
		return fmt.Sprintf(" (the incomplete file %s was deleted)", l.FileID)
	}
	return fmt.Sprintf(" (the incomplete file %s could not be deleted: %v)", l.FileID, l.CleanupErr)
}

// UploadError is a failed Upload (or the upload step of AddVersion).
type UploadError struct {
	Err error
	Leftover
	// TimedOut is set when the upload's deadline ended it, so the caller can name the timeout to raise.
	TimedOut bool
}

func (e *UploadError) Error() string { return e.Err.Error() + e.describe() }
func (e *UploadError) Unwrap() error { return e.Err }

// HeadError is an AddVersion that failed before anything was uploaded: the current version could not
// be read, or not moved to the new folder. Nothing new is in Frame.io.
type HeadError struct {
	Err error
}

func (e *HeadError) Error() string { return e.Err.Error() }
func (e *HeadError) Unwrap() error { return e.Err }

// StackError is an AddVersion whose new version was uploaded but could not be stacked on top of the
// current one; the new file was then discarded (see Leftover). The current version is unchanged.
type StackError struct {
	Err error
	Leftover
}

func (e *StackError) Error() string { return e.Err.Error() + e.describe() }
func (e *StackError) Unwrap() error { return e.Err }

// StackListError is a DeleteVersions that could not list the version stack, to tell the versions
// others added from its own. Nothing was deleted.
type StackListError struct {
	StackID string
	Err     error
}

func (e *StackListError) Error() string {
	return fmt.Sprintf("listing the versions in version stack %s: %v", e.StackID, e.Err)
}
func (e *StackListError) Unwrap() error { return e.Err }

// DeleteError is a DeleteVersions that could not delete some versions; the others were deleted.
type DeleteError struct {
	Failed []FailedDelete // newest first, as they were tried
}

// FailedDelete is one version DeleteVersions could not delete.
type FailedDelete struct {
	ID  string
	Err error
}

func (e *DeleteError) Error() string {
	lines := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		lines[i] = fmt.Sprintf("%s: %v", f.ID, f.Err)
	}
	return "deleting versions failed for: " + strings.Join(lines, "; ")
}

// Unwrap returns every cause, so errors.Is and errors.As see each.
func (e *DeleteError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		errs[i] = f.Err
	}
	return errs
}

// WaitError is a wait for Frame.io's processing that the caller's deadline ended: which wait (the upload
// to complete, or the transcode after it), for how long, and the last state seen. It wraps the context's
// error, for errors.Is, but does not repeat it: "context deadline exceeded" tells a user nothing.
type WaitError struct {
	FileID string
	// Transcode is set when the upload was complete and the wait was for the transcode.
	Transcode bool
	Waited    time.Duration
	LastState string // e.g. "uploading", "status uploaded"; "" when no status was read
	Err       error
}

func (e *WaitError) Error() string {
	what := "to finish processing the upload of file " + e.FileID
	if e.Transcode {
		what = "to finish transcoding file " + e.FileID
	}
	last := ""
	if e.LastState != "" {
		last = fmt.Sprintf(" (last state: %s)", e.LastState)
	}
	verb := "timed out"
	if errors.Is(e.Err, context.Canceled) {
		verb = "interrupted while"
	}
	return fmt.Sprintf("%s waiting for Frame.io %s after %s%s", verb, what, e.Waited.Round(time.Second), last)
}
func (e *WaitError) Unwrap() error { return e.Err }

// PartURLsError is an upload whose pre-signed part URLs storage refused: they expired (Frame.io does not
// say when they do) or are not valid. Retrying with them cannot help, and Frame.io cannot renew them: only
// a new upload gets new ones. Err is the engine's error for the part, for errors.As.
type PartURLsError struct {
	Name        string // the file's name in Frame.io
	Part, Parts int    // the refused part (1-based) and how many there are
	Status      int    // storage's HTTP status
	Code        string // storage's error code and message, when it sent them
	Message     string
	Err         error
}

func (e *PartURLsError) Error() string {
	reply := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		reply += ", " + e.Code
	}
	if e.Message != "" {
		reply += ": " + e.Message
	}
	return fmt.Sprintf("storage refused the pre-signed URL of part %d of %d of %s (%s): the part URLs Frame.io "+
		"issued for this upload have expired or are not valid, and only a new upload gets new ones",
		e.Part, e.Parts, e.Name, reply)
}
func (e *PartURLsError) Unwrap() error { return e.Err }
