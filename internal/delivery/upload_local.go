package delivery

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

// localSource is a local file opened for its upload, as it was before the upload.
type localSource struct {
	path   string
	f      *os.File
	before fs.FileInfo
}

// createLocal checks and opens the source and creates the local upload (Frame.io's reply carries the
// part URLs). The caller closes the source.
func (d *Delivery) createLocal(ctx context.Context, spec Spec) (*frameio.File, *localSource, error) {
	src := spec.Source
	before, err := StatSource(src)
	if err != nil {
		return nil, nil, err
	}
	if spec.Size > 0 && before.Size() != spec.Size {
		return nil, nil, fmt.Errorf("source: %s is %d bytes now, %d when it was planned: it changed since the "+
			"plan, and nothing was uploaded. Plan again once the file is final", src, before.Size(), spec.Size)
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, nil, fmt.Errorf("source: cannot open %s: %v", src, err)
	}
	file, err := d.account.CreateLocalUpload(ctx, spec.FolderID, spec.Name, before.Size())
	if err != nil {
		_ = f.Close()
		err = fmt.Errorf("creating the upload of %s in folder %s: %w", src, spec.FolderID, err)
		var uc *frameio.UncertainCreateError
		if errors.As(err, &uc) && uc.MadeID != "" {
			// A lost reply made a file that could not be deleted: hand it on as the half-made file,
			// for the cleanup (or the caller) to deal with.
			return &frameio.File{ID: uc.MadeID, Name: spec.Name, ParentID: spec.FolderID}, nil, err
		}
		return nil, nil, err
	}
	return file, &localSource{path: src, f: f, before: before}, nil
}

// sendLocal streams the parts of src to file's part URLs and returns the hex SHA-256 of the bytes sent.
// It hashes the file alongside the upload (trusted, when set, is taken instead), so the hash describes
// the bytes actually sent, and refuses a file that changed while it was sent: the bytes in Frame.io would
// match neither the old nor the new file.
func (d *Delivery) sendLocal(ctx context.Context, src *localSource, file *frameio.File, trusted string) (string, error) {
	// Hash alongside the upload: both read the same file (mostly from the page cache), so the upload
	// takes about as long as the slower of the two rather than their sum.
	hashCtx, stopHash := context.WithCancel(ctx)
	defer stopHash() // also ends the hashing when the upload fails
	hashDone := hashAlongside(hashCtx, src.path, trusted)

	if err := d.uploadParts(ctx, src.f, src.before.Size(), file); err != nil {
		return "", err
	}
	hash := <-hashDone
	if hash.err != nil {
		return "", fmt.Errorf("source: hashing %s: %w", src.path, hash.err)
	}
	if changedSince(src.path, src.before) {
		return "", fmt.Errorf("source: %s changed while it was uploading; the upload was discarded. Run "+
			"terraform apply again once the file is final", src.path)
	}
	return hash.sum, nil
}

type hashResult struct {
	sum string
	err error
}

// hashAlongside hashes the file at p in the background, or hands back trusted at once when set.
func hashAlongside(ctx context.Context, p, trusted string) <-chan hashResult {
	done := make(chan hashResult, 1)
	if trusted != "" {
		done <- hashResult{sum: trusted}
		return done
	}
	go func() {
		sum, _, err := HashFile(ctx, p)
		done <- hashResult{sum: sum, err: err}
	}()
	return done
}

// changedSince reports whether the file at p is no longer the one before describes (size or mtime).
func changedSince(p string, before fs.FileInfo) bool {
	after, err := os.Stat(p)
	return err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime())
}

// uploadParts streams the file to the pre-signed part URLs and logs progress at INFO.
func (d *Delivery) uploadParts(ctx context.Context, f *os.File, size int64, file *frameio.File) error {
	parts := make([]uploader.Part, len(file.UploadURLs))
	for i, u := range file.UploadURLs {
		parts[i] = uploader.Part{URL: u.URL, Size: u.Size}
	}
	d.log(ctx, "info", "upload started", map[string]any{
		"file_id": file.ID, "name": file.Name, "size": size, "parts": len(parts), "concurrency": d.concurrency,
	})
	start := time.Now()
	err := d.uploader.Upload(ctx, uploader.Job{
		Reader:      f,
		Size:        size,
		Parts:       parts,
		ContentType: file.MediaType,
		// Frame.io signs its part URLs for this header; without it storage refuses the part.
		Header:     http.Header{"X-Amz-Acl": {"private"}},
		OnProgress: func(p uploader.Progress) { d.logProgress(ctx, file.Name, p) },
	})
	if err != nil {
		return partsFailed(file.Name, err)
	}
	elapsed := time.Since(start)
	d.log(ctx, "info", "upload finished", map[string]any{
		"file_id": file.ID, "name": file.Name, "bytes": size, "seconds": elapsed.Seconds(),
		"mb_per_s": float64(size) / 1e6 / max(elapsed.Seconds(), 1e-9),
	})
	return nil
}

// partsFailed words a failed part upload. Refused part URLs get their own error, which says what
// happened once: the engine's text would say "uploading" twice and the rejection in its own words.
func partsFailed(name string, err error) error {
	var pe *uploader.PartError
	if errors.As(err, &pe) && pe.URLRejected() {
		return &PartURLsError{Name: name, Part: pe.Part, Parts: pe.Parts, Status: pe.StatusCode, Code: pe.Code,
			Message: pe.Message, Err: pe}
	}
	return fmt.Errorf("uploading %s: %w", name, err)
}

func (d *Delivery) logProgress(ctx context.Context, name string, p uploader.Progress) {
	fields := map[string]any{
		"name": name, "bytes": p.BytesDone, "total": p.Total,
		"percent":  fmt.Sprintf("%.1f", 100*float64(p.BytesDone)/float64(max(p.Total, 1))),
		"mb_per_s": fmt.Sprintf("%.1f", p.BytesPerSecond/1e6),
		"parts":    fmt.Sprintf("%d/%d", p.PartsDone, p.PartsTotal),
	}
	if p.BytesPerSecond > 0 && p.BytesDone < p.Total {
		remaining := float64(p.Total-p.BytesDone) / p.BytesPerSecond
		fields["eta"] = time.Duration(remaining * float64(time.Second)).Round(time.Second).String()
	}
	d.log(ctx, "info", "upload progress", fields)
}
