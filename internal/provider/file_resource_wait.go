package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Status polling: Frame.io has no "upload complete" call; it stitches the parts and processes the file on
// its own, and the status endpoint (5 requests/s per user) turns upload_complete true some time later.
const (
	pollInitialInterval = 500 * time.Millisecond
	pollMaxInterval     = 5 * time.Second
	pollGrowth          = 1.5
)

const statusTranscoded = "transcoded"

// notFoundGrace is how long a 404 from the status endpoint right after the create counts as "not
// there yet": Frame.io is eventually consistent, and a new file may not be visible to every reader at once.
const notFoundGrace = 15 * time.Second

// waitForUpload polls the upload status until Frame.io reports the upload complete (and, with
// waitTranscode, the file transcoded). It stops on upload_failed or when ctx ends (timeouts.create).
// Every transition is logged at INFO.
func (r *fileResource) waitForUpload(ctx context.Context, fileID string, waitTranscode bool) error {
	interval := pollInitialInterval
	last := ""
	start := time.Now()
	for {
		state, done, err := r.pollOnce(ctx, fileID, waitTranscode)
		if frameio.IsNotFound(err) && time.Since(start) < notFoundGrace {
			state, err = "not visible yet", nil
		}
		if err != nil {
			return err
		}
		if state != last {
			tflog.Info(ctx, "upload status", map[string]any{"file_id": fileID, "state": state})
			last = state
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out waiting for Frame.io to finish processing file %s (last state: %s): %w",
				fileID, last, ctx.Err())
		case <-time.After(interval):
		}
		interval = min(time.Duration(float64(interval)*pollGrowth), pollMaxInterval)
	}
}

// pollOnce reads the status once and returns a short state name and whether waiting is over.
func (r *fileResource) pollOnce(ctx context.Context, fileID string, waitTranscode bool) (string, bool, error) {
	status, err := r.data.client.GetUploadStatus(ctx, r.data.accountID, fileID)
	if err != nil {
		if ctx.Err() != nil {
			return "", false, fmt.Errorf("timed out waiting for Frame.io to finish the upload of file %s: %w", fileID, ctx.Err())
		}
		return "", false, fmt.Errorf("reading the upload status of file %s: %w", fileID, err)
	}
	switch {
	case status.UploadFailed:
		return "failed", false, fmt.Errorf("upload failed: Frame.io reports the upload of file %s failed (upload_failed); for a "+
			"source_url, Frame.io could not fetch the URL: check that it is reachable from the internet and "+
			"returns the file", fileID)
	case !status.UploadComplete:
		return "uploading", false, nil
	case !waitTranscode:
		return "upload_complete", true, nil
	}
	file, err := r.data.client.GetFile(ctx, r.data.accountID, fileID)
	if err != nil {
		return "", false, fmt.Errorf("reading file %s while waiting for transcoding: %w", fileID, err)
	}
	return "status " + file.Status, file.Status == statusTranscoded, nil
}
