package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// New content as a new version, and Delete of every version. The delivery package does the work
// (delivery.AddVersion, delivery.DeleteVersions); this file maps state and plan to it and its outcome
// back, each outcome in one state write.

// updateWithNewVersion uploads the planned content as a new file and stacks it on top of the current
// head. Until the stacking succeeds the state stays the current head, untouched in Frame.io (apart from
// a move to the planned folder, which is done first and kept), and a half-made new file is deleted: a
// failure loses nothing and the next apply tries again.
//
// The upload's calls and wait are bounded by timeouts.create, like any upload's (not its byte transfer);
// the move and the stacking by updateTimeout.
func (r *fileResource) updateWithNewVersion(ctx context.Context, req resource.UpdateRequest, plan, state *fileModel,
	updateTimeout time.Duration, resp *resource.UpdateResponse) {
	uploadTimeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	var trusted types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("source_sha256"), &trusted)...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := r.data.delivery.AddVersion(ctx, delivery.VersionSpec{
		Head:          state.head(),
		Content:       plan.uploadSpec(trusted.ValueString()),
		UploadTimeout: uploadTimeout,
		StepTimeout:   updateTimeout,
	})
	recordUpload(ctx, plan, res.Upload, resp.Private, &resp.Diagnostics)
	if res.MovedHead != nil {
		// The move of the current head is done in place: the state follows it whatever failed after.
		state.applyServerFile(res.MovedHead)
		state.FolderID = plan.FolderID
	}
	if err != nil {
		reportNewVersionError(err, state.ID.ValueString(), uploadTimeout, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	recordUnsettled(ctx, res.Upload, plan.WaitFor.ValueString(), uploadTimeout, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(plan.applyNewVersion(ctx, state, res)...)
	r.newVersionMetadata(ctx, plan, res.Upload.File, updateTimeout, resp)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// newVersionMetadata writes the managed metadata on a new version: Frame.io keeps values per file, and
// a new version starts with none. On failure the new version is kept (it is stacked: nothing is lost)
// and recorded with no metadata, which is what it holds, with an error: the next apply writes it.
func (r *fileResource) newVersionMetadata(ctx context.Context, plan *fileModel, file *frameio.File, timeout time.Duration,
	resp *resource.UpdateResponse) {
	if err := r.writePlannedMetadata(ctx, plan, file, timeout); err != nil {
		plan.Metadata = types.MapNull(types.StringType)
		resp.Diagnostics.AddAttributeError(metadataPath, "Cannot write the metadata of the new version",
			fmt.Sprintf("metadata: the new version %s is uploaded and stacked, but its metadata values could not be "+
				"written: %s\n\nThe new version is kept, recorded with no metadata: the next apply writes it.",
				file.ID, explainAPIError(err)))
	}
}

// head is the version the state manages, as the delivery package takes it.
func (m *fileModel) head() delivery.Head {
	return delivery.Head{
		ID:             m.ID.ValueString(),
		FolderID:       m.FolderID.ValueString(),
		VersionStackID: m.VersionStackID.ValueString(),
		VersionNumber:  m.VersionNumber.ValueInt64(),
	}
}

// applyNewVersion records the new version, stacked on top of the one in state: the plan's unknowns
// from the new file, and where it sits. Version details the delivery could only estimate are warned
// about; the next refresh corrects them.
func (m *fileModel) applyNewVersion(ctx context.Context, state *fileModel, res delivery.VersionResult) diag.Diagnostics {
	var diags diag.Diagnostics
	newFile := res.Upload.File
	ids, d := state.versionIDList(ctx)
	diags.Append(d...)
	if len(ids) == 0 {
		ids = []string{state.ID.ValueString()}
	}
	m.fillUnknownFromServer(newFile)
	m.VersionIDs = stringList(append(ids, newFile.ID))
	nullIfUnknown(&m.SourceSHA256)
	m.FolderID = types.StringValue(res.FolderID)
	m.VersionStackID = types.StringValue(res.Stack.ID)
	m.HeadVersionID = types.StringValue(res.HeadID)
	m.VersionNumber = types.Int64Value(res.Number)
	if res.Estimated != nil {
		diags.AddWarning("New version uploaded; version details not read",
			fmt.Sprintf("The new version %s is on top of version stack %s, but reading the stack back failed (%s). "+
				"version_number and head_version_id are estimates until the next refresh.", newFile.ID, res.Stack.ID,
				explainAPIError(res.Estimated)))
	}
	return diags
}

// reportNewVersionError reports a failed new version and what became of the file it left in Frame.io.
// The state is the current head, so the next apply tries again.
func reportNewVersionError(err error, currentID string, uploadTimeout time.Duration, diags *diag.Diagnostics) {
	const summary = "Cannot upload the new version"
	var herr *delivery.HeadError
	if errors.As(err, &herr) {
		diags.AddError(summary, fmt.Sprintf("%s\n\nNothing was uploaded; the current version %s is unchanged.",
			explainAPIError(herr.Err), currentID))
		return
	}
	cause, left := err, delivery.Leftover{}
	var uerr *delivery.UploadError
	var serr *delivery.StackError
	switch {
	case errors.As(err, &uerr):
		cause, left = withTimeoutHint(uerr, uploadTimeout), uerr.Leftover
	case errors.As(err, &serr):
		cause, left = serr.Err, serr.Leftover
	}
	cause = explainAPIError(cause)
	kept := fmt.Sprintf("The current version %s is unchanged and still in the state: the next apply tries again.", currentID)
	switch {
	case left.FileID == "":
		diags.AddError(summary, fmt.Sprintf("%s\n\n%s", cause, kept))
	case !left.Kept():
		diags.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete new version %s was deleted from Frame.io. %s",
			cause, left.FileID, kept))
	default:
		diags.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete new version %s could not be deleted (%s) and is "+
			"not in the state: delete it in Frame.io. %s", cause, left.FileID, explainAPIError(left.CleanupErr), kept))
	}
}

func (r *fileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.keepsOnDestroy() {
		// Forget, do not delete: the framework removes the resource from the state when Delete returns
		// without an error. Nothing is asked of Frame.io.
		tflog.Info(ctx, "on_destroy = \"keep\": the file and its versions stay in Frame.io, no longer managed",
			map[string]any{"file_id": state.ID.ValueString(), "name": state.Name.ValueString()})
		return
	}
	if !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(r.data.logContext(ctx), timeout)
	defer cancel()

	ids, d := state.versionIDList(ctx)
	resp.Diagnostics.Append(d...)
	if id := state.ID.ValueString(); !slices.Contains(ids, id) {
		ids = append(ids, id)
	}
	stackID := state.VersionStackID.ValueString()
	kept, err := r.data.delivery.DeleteVersions(ctx, ids, stackID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete the Frame.io file", deleteErrorText(err))
		return
	}
	if len(kept) > 0 {
		others := make([]string, len(kept))
		for i, f := range kept {
			others[i] = fmt.Sprintf("%s (%s)", f.ID, f.Name)
		}
		resp.Diagnostics.AddWarning("Versions uploaded by others were kept",
			fmt.Sprintf("Destroy deleted the %d versions this resource uploaded. Version stack %s also holds "+
				"versions that others added (e.g. in the Frame.io web app); they were not deleted and stay in "+
				"Frame.io: %s.", len(ids), stackID, strings.Join(others, ", ")))
	}
}

// deleteErrorText says what a failed Delete did: nothing (the stack could not be listed), or not all.
func deleteErrorText(err error) string {
	var lerr *delivery.StackListError
	var derr *delivery.DeleteError
	switch {
	case errors.As(err, &lerr):
		return fmt.Sprintf("Listing the versions in version stack %s: %s. Nothing was deleted.", lerr.StackID,
			explainAPIError(lerr.Err))
	case errors.As(err, &derr):
		failed := make([]string, len(derr.Failed))
		for i, f := range derr.Failed {
			failed[i] = fmt.Sprintf("%s: %s", f.ID, explainAPIError(f.Err))
		}
		return fmt.Sprintf("Deleting the versions this resource uploaded failed for:\n%s\nThe resource stays in "+
			"the state; run destroy again.", strings.Join(failed, "\n"))
	}
	return explainAPIError(err).Error()
}
