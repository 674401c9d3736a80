package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// An upload kept before Frame.io finished processing it. A file whose bytes are all in Frame.io is never
// deleted because the wait for processing (or transcoding) ran past timeouts.create, or because reading
// it back failed (delivery.Result.Unsettled): the apply records it in the state with a warning, not an
// error, so it is not tainted. When the wait did not end, a private-state marker names the file; while
// it is there and the refreshed status is not yet what wait_for waits for, the plan is an update in
// place (status unknown) whose apply resumes the wait (delivery.Resume): no new version, no new upload.
// Read drops the marker once the file has settled.

// pendingWaitKey is the private-state key of the marker.
const pendingWaitKey = "pending_wait"

type pendingWait struct {
	FileID string `json:"file_id"` // the version whose wait did not end
}

func loadPendingWait(ctx context.Context, p privateStateReader) (pendingWait, bool) {
	var w pendingWait
	if p == nil {
		return w, false
	}
	raw, diags := p.GetKey(ctx, pendingWaitKey)
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &w) != nil || w.FileID == "" {
		return pendingWait{}, false
	}
	return w, true
}

func storePendingWait(ctx context.Context, w privateStateWriter, fileID string) diag.Diagnostics {
	raw, _ := json.Marshal(pendingWait{FileID: fileID}) // one string field always marshals
	return w.SetKey(ctx, pendingWaitKey, raw)
}

func clearPendingWait(ctx context.Context, w privateStateWriter) diag.Diagnostics {
	return w.SetKey(ctx, pendingWaitKey, nil)
}

// settledFor reports whether a file of this status and media type is what wait_for waits for: upload
// complete (status past "created"), and with "transcode" transcoded too, unless Frame.io does not
// transcode its media type.
func settledFor(waitFor, status, mediaType string) bool {
	if status == "" || status == "created" {
		return false
	}
	return waitFor != waitForTranscode || status == "transcoded" || !delivery.Transcodes(mediaType)
}

// stillPending reports whether the state's file is one whose wait an apply left unfinished and which
// has not settled since (by the refreshed status).
func stillPending(ctx context.Context, m *fileModel, private privateStateReader) bool {
	w, ok := loadPendingWait(ctx, private)
	return ok && w.FileID == m.ID.ValueString() &&
		!settledFor(m.WaitFor.ValueString(), m.Status.ValueString(), m.MediaType.ValueString())
}

// planPendingWait plans the resumed wait: status unknown, an update in place. Not when new content is
// planned: the new version's own upload and wait supersede it.
func planPendingWait(ctx context.Context, plan, state *fileModel, private privateStateReader, contentChanged bool) {
	if state == nil || contentChanged || !stillPending(ctx, state, private) {
		return
	}
	plan.Status = types.StringUnknown()
}

// forgetSettledWait drops the marker in Read once the file settled, or when it names another version.
func forgetSettledWait(ctx context.Context, state *fileModel, req resource.ReadRequest, resp *resource.ReadResponse) {
	if _, ok := loadPendingWait(ctx, req.Private); ok && !stillPending(ctx, state, req.Private) {
		resp.Diagnostics.Append(clearPendingWait(ctx, resp.Private)...)
	}
}

// resumeWait waits again, in Update, for a file an earlier apply kept before it settled, bounded by
// timeouts.create, and returns it as read back. ok is false when the wait ended in an error (reported).
func (r *fileResource) resumeWait(ctx context.Context, plan, state *fileModel, req resource.UpdateRequest,
	resp *resource.UpdateResponse) (*frameio.File, bool) {
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return nil, false
	}
	id := state.ID.ValueString()
	tflog.Info(ctx, "resuming the wait for a file an earlier apply kept before Frame.io processed it", map[string]any{"file_id": id})
	res, err := r.data.delivery.Resume(ctx, id, plan.WaitFor.ValueString() == waitForTranscode, timeout)
	if err != nil {
		var uerr *delivery.UploadError
		detail := explainAPIError(err).Error()
		if errors.As(err, &uerr) && uerr.FileID != "" && !uerr.Kept() {
			detail += fmt.Sprintf("\n\nThe broken file %s was deleted from Frame.io; the next apply uploads it again.", id)
		}
		resp.Diagnostics.AddError("Frame.io did not finish processing the file", detail)
		return nil, false
	}
	recordUnsettled(ctx, res, plan.WaitFor.ValueString(), timeout, resp.Private, &resp.Diagnostics)
	if res.Untranscoded != nil {
		warnNoTranscode(res.Untranscoded, &resp.Diagnostics)
	}
	if res.File == nil || res.File.Status == "" {
		return nil, true // not read back: the state keeps what it had
	}
	return res.File, true
}

// recordUnsettled records what an upload that was kept unsettled needs: a warning, and the marker when
// the wait did not end (cleared otherwise).
func recordUnsettled(ctx context.Context, res delivery.Result, waitFor string, timeout time.Duration,
	private privateStateWriter, diags *diag.Diagnostics) {
	u := res.Unsettled
	if u == nil || res.File == nil {
		diags.Append(clearPendingWait(ctx, private)...)
		return
	}
	if !u.Waiting {
		diags.Append(clearPendingWait(ctx, private)...)
		diags.AddWarning("Upload complete; the file could not be read back",
			fmt.Sprintf("The upload of %s (file %s) is complete, but reading the file back failed: %s. It is kept and "+
				"recorded in the state as Frame.io described it when it was created; the next refresh reads it again.",
				res.File.Name, res.File.ID, explainAPIError(u.Err)))
		return
	}
	diags.Append(storePendingWait(ctx, private, res.File.ID)...)
	what := "the upload complete"
	if waitFor == waitForTranscode {
		what = "the file transcoded"
	}
	diags.AddAttributeWarning(path.Root("timeouts"), "Upload kept before Frame.io finished processing it",
		fmt.Sprintf("Every byte of %s (file %s) is in Frame.io, but Frame.io had not reported %s when the wait "+
			"ended (timeouts.create is %s): %s.\n\nThe file is kept and recorded in the state (status %q), not "+
			"deleted. The next plan shows an update in place whose apply waits for it again; it does not upload "+
			"it again. Raise timeouts.create to wait longer within one apply.",
			res.File.Name, res.File.ID, what, timeout, explainAPIError(u.Err), res.File.Status))
}
