package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
// waitTranscode, the file transcoded, or settled as "uploaded" with a warning in diags when its media
// type is one Frame.io does not transcode). It stops on upload_failed or when ctx ends
// (timeouts.create). Every transition is logged at INFO.
func (r *fileResource) waitForUpload(ctx context.Context, fileID string, waitTranscode bool, diags *diag.Diagnostics) error {
	interval := pollInitialInterval
	last := ""
	start := time.Now()
	for {
		state, done, err := r.pollOnce(ctx, fileID, waitTranscode, diags)
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
func (r *fileResource) pollOnce(ctx context.Context, fileID string, waitTranscode bool, diags *diag.Diagnostics) (string, bool, error) {
	status, err := r.data.account.GetUploadStatus(ctx, fileID)
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
	file, err := r.data.account.GetFile(ctx, fileID)
	if err != nil {
		return "", false, fmt.Errorf("reading file %s while waiting for transcoding: %w", fileID, err)
	}
	if file.Status != statusTranscoded && !transcodes(file.MediaType) {
		warnNoTranscode(file, diags)
		return "status " + file.Status + " (" + file.MediaType + " is not transcoded)", true, nil
	}
	return "status " + file.Status, file.Status == statusTranscoded, nil
}

// transcodes reports whether Frame.io makes playable proxies of a media type, which is what moves a
// file's status on to "transcoded". The API documents transcodes for video and images only (renditions
// such as video_h264_180 and thumbnails); audio plays in the web app too. Nothing promises one for other
// types (archives, text, subtitles, PDF, ...): waiting for it could last until timeouts.create.
func transcodes(mediaType string) bool {
	major, _, _ := strings.Cut(mediaType, "/")
	return major == "video" || major == "audio" || major == "image"
}

// warnNoTranscode explains why a create with wait_for = "transcode" returned at "uploaded". A plan-time
// error is not possible: Frame.io chooses media_type from the name only once the file exists.
func warnNoTranscode(file *frameio.File, diags *diag.Diagnostics) {
	mediaType := file.MediaType
	if mediaType == "" {
		mediaType = "(none given)"
	}
	diags.AddAttributeWarning(path.Root("wait_for"), "wait_for = \"transcode\" settled at \"uploaded\"",
		fmt.Sprintf("wait_for: %s has media type %s, which Frame.io does not transcode (it makes playable "+
			"proxies of video, audio and image files only), so its status will not become \"transcoded\" "+
			"(it is %q). The create waited for the upload to complete, as wait_for = \"upload\" does. Set "+
			"wait_for = \"upload\" (the default) for such files to drop this warning.", file.Name, mediaType, file.Status))
}
