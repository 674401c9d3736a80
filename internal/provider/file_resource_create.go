package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Create and the upload: the delivery package does the work (create, upload, wait, read back, and the
// cleanup of a half-made file); this file maps the plan to its Spec and its Result or error to the
// state and the diagnostics.

func (r *fileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.logContext(ctx)

	var trusted types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("source_sha256"), &trusted)...)
	// timeouts.create bounds the calls and the waits, not the byte transfer: the upload engine ends a
	// transfer that stops moving, never one that progresses (delivery.Spec.Timeout).
	spec := plan.uploadSpec(trusted.ValueString())
	spec.Timeout = timeout
	res, err := r.data.delivery.Upload(ctx, spec)
	recordUpload(ctx, &plan, res, resp.Private, &resp.Diagnostics)
	if err != nil {
		failCreate(ctx, res, err, timeout, &plan, resp)
		return
	}
	recordUnsettled(ctx, res, plan.WaitFor.ValueString(), timeout, resp.Private, &resp.Diagnostics)
	plan.fillUnknownFromServer(res.File)
	plan.setFirstVersion(res.File)
	// The file is in Frame.io: record it before the metadata is written, so that nothing can lose it.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.createMetadata(ctx, &plan, res.File, timeout, resp)
}

// createMetadata writes the planned metadata on a new file. A failure is a warning, not an error: an
// error would taint the uploaded file, and the next apply would delete it and upload it again. The
// state records the planned values (Terraform requires them), and the next refresh reads what Frame.io
// holds, so the next plan shows the values not written as a change, which the next apply writes.
func (r *fileResource) createMetadata(ctx context.Context, plan *fileModel, file *frameio.File, timeout time.Duration,
	resp *resource.CreateResponse) {
	if err := r.writePlannedMetadata(ctx, plan, file, timeout); err != nil {
		resp.Diagnostics.AddAttributeWarning(metadataPath, "Metadata not written",
			fmt.Sprintf("metadata: file %s (%s) was uploaded and is kept, but its metadata values could not be "+
				"written: %s\n\nThe next plan reads the values Frame.io holds and shows those missing as a change "+
				"to metadata; the next apply writes them.", file.Name, file.ID, explainAPIError(err)))
	}
}

// uploadSpec is the planned content, to be uploaded as a new file into the planned folder: the work of
// a create, and of each new version. trustedHash is the caller's source_sha256 from the configuration,
// "" when the provider computes it.
func (m *fileModel) uploadSpec(trustedHash string) delivery.Spec {
	return delivery.Spec{
		FolderID:         m.FolderID.ValueString(),
		Name:             m.Name.ValueString(),
		Source:           m.Source.ValueString(),
		SourceURL:        m.SourceURL.ValueString(),
		TrustedSHA256:    trustedHash,
		WaitForTranscode: m.WaitFor.ValueString() == waitForTranscode,
		Size:             m.FileSize.ValueInt64(), // the planned size (planSourceSize), 0 when unknown
	}
}

// recordUpload records what an upload learnt, even when a later step failed: the hash of the local bytes
// sent (the planned source_sha256, and the private-state cache that spares the next plan a re-hash), and
// a wait_for = "transcode" that settled at "uploaded".
func recordUpload(ctx context.Context, plan *fileModel, res delivery.Result, private privateStateWriter, diags *diag.Diagnostics) {
	if res.Untranscoded != nil {
		warnNoTranscode(res.Untranscoded, diags)
	}
	if res.SHA256 == "" {
		return
	}
	plan.SourceSHA256 = types.StringValue(res.SHA256)
	diags.Append(storeSourceCache(ctx, private, newSourceCache(plan.Source.ValueString(), res.SourceInfo, res.SHA256))...)
}

// withTimeoutHint is the cause of a failed upload, naming the timeout to raise when the upload's
// deadline ended it, and for a wait on Frame.io's processing, which wait.
func withTimeoutHint(e *delivery.UploadError, timeout time.Duration) error {
	var werr *delivery.WaitError
	switch {
	case !e.TimedOut:
		return e.Err
	case errors.As(e.Err, &werr) && werr.Transcode:
		return fmt.Errorf("%w. The upload is complete; timeouts.create is %s: raise it, or set wait_for = \"upload\" "+
			"to finish once the upload is complete, without waiting for the transcode", e.Err, timeout)
	case errors.As(e.Err, &werr):
		return fmt.Errorf("%w. timeouts.create is %s: raise it; Frame.io takes longer to process larger files", e.Err, timeout)
	}
	return fmt.Errorf("%w (timeouts.create is %s; raise it for slow calls or long processing: the time the bytes are being sent does not count)", e.Err, timeout)
}

// failCreate reports a failed create. The delivery has deleted the file Frame.io already held; if even
// that failed, the file goes into state, so Terraform marks it tainted and replaces it: no orphan.
func failCreate(ctx context.Context, res delivery.Result, err error, timeout time.Duration, plan *fileModel,
	resp *resource.CreateResponse) {
	const summary = "Cannot create the Frame.io file"
	var uerr *delivery.UploadError
	if !errors.As(err, &uerr) {
		resp.Diagnostics.AddError(summary, explainAPIError(err).Error())
		return
	}
	cause := explainAPIError(withTimeoutHint(uerr, timeout))
	switch {
	case uerr.FileID == "":
		resp.Diagnostics.AddError(summary, cause.Error())
	case !uerr.Kept():
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete file %s was deleted from Frame.io; "+
			"nothing was left behind.", cause, uerr.FileID))
	default:
		plan.fillUnknownFromServer(res.File)
		plan.setFirstVersion(res.File)
		nullIfUnknown(&plan.SourceSHA256)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete file %s could not be deleted (%s); it is "+
			"kept in state as tainted and will be replaced on the next apply.", cause, uerr.FileID, uerr.CleanupErr))
	}
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
