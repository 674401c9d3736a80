package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// New content as a new version: Frame.io cannot change a file's content, so the new bytes become a new
// file in the same folder, stacked on top of the current one in a version stack. The earlier versions
// keep their comments, annotations and approvals.

// updateWithNewVersion uploads the planned content as a new file and stacks it on top of the current
// head. Until the stacking succeeds the state stays the current head, untouched in Frame.io, and a
// half-made new file is deleted: a failure loses nothing and the next apply tries again.
//
// The upload is bounded by timeouts.create, like any upload; the move and the stacking by updateTimeout.
func (r *fileResource) updateWithNewVersion(ctx context.Context, req resource.UpdateRequest, plan, state *fileModel,
	updateTimeout time.Duration, resp *resource.UpdateResponse) {
	uploadTimeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	var trusted types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("source_sha256"), &trusted)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// The current head, moved first when folder_id changes too: the new version is uploaded where the
	// current one will be. The move is in place and saved at once.
	moveCtx, cancelMove := context.WithTimeout(ctx, updateTimeout)
	defer cancelMove()
	current, err := r.data.account.GetFile(moveCtx, state.ID.ValueString())
	if err == nil && !plan.FolderID.Equal(state.FolderID) {
		if current, err = r.moveTo(moveCtx, current, state, plan.FolderID.ValueString()); err == nil {
			state.applyServerFile(current)
			state.FolderID = plan.FolderID
			resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot upload the new version", fmt.Sprintf("%s\n\nNothing was uploaded; the "+
			"current version %s is unchanged.", explainAPIError(err), state.ID.ValueString()))
		return
	}

	uploadCtx, cancelUpload := context.WithTimeout(ctx, uploadTimeout)
	defer cancelUpload()
	newFile, err := r.uploadNewFile(uploadCtx, plan, trusted.ValueString(), resp.Private, &resp.Diagnostics)
	if err != nil {
		r.discardNewVersion(ctx, newFile, withTimeoutHint(uploadCtx, err, uploadTimeout), state, resp)
		return
	}
	tflog.Info(ctx, "new version uploaded", map[string]any{"file_id": newFile.ID, "on_top_of": current.ID})

	stackCtx, cancelStack := context.WithTimeout(ctx, updateTimeout)
	defer cancelStack()
	stack, err := r.stackOnTop(stackCtx, current, state, newFile, plan.FolderID.ValueString())
	if err != nil {
		r.discardNewVersion(ctx, newFile, err, state, resp)
		return
	}

	// The new version is in Frame.io and stacked: from here on the state follows it, whatever else fails.
	ids, d := state.versionIDList(ctx)
	resp.Diagnostics.Append(d...)
	if len(ids) == 0 {
		ids = []string{state.ID.ValueString()}
	}
	plan.fillUnknownFromServer(newFile)
	plan.VersionIDs = stringList(append(ids, newFile.ID))
	nullIfUnknown(&plan.SourceSHA256)
	// Read the stack again after the stacking: its head changed.
	var p placement
	fresh, err := r.data.account.GetVersionStack(stackCtx, stack.ID)
	if err == nil {
		p, err = r.readStack(stackCtx, fresh)
	}
	if err != nil {
		// Numbering needs the stack's files. Estimate it rather than fail an upload that succeeded; the
		// next refresh corrects it.
		resp.Diagnostics.AddWarning("New version uploaded; version details not read",
			fmt.Sprintf("The new version %s is on top of version stack %s, but reading the stack back failed (%s). "+
				"version_number and head_version_id are estimates until the next refresh.", newFile.ID, stack.ID,
				explainAPIError(err)))
		p = placement{folderID: plan.FolderID.ValueString(), stack: stack}
	}
	resp.Diagnostics.Append(plan.applyPlacement(ctx, newFile.ID, p)...)
	if err != nil {
		plan.VersionNumber = types.Int64Value(state.VersionNumber.ValueInt64() + 1)
		plan.HeadVersionID = plan.ID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// stackOnTop puts newFile on top of current's version stack, creating the stack the first time (both
// files are in folderID then), and returns the stack.
func (r *fileResource) stackOnTop(ctx context.Context, current *frameio.File, state *fileModel,
	newFile *frameio.File, folderID string) (*frameio.VersionStack, error) {
	stack, err := r.parentStack(ctx, current, state)
	if err != nil {
		return nil, err
	}
	if stack == nil {
		stack, err = r.data.account.CreateVersionStack(ctx, folderID, []string{current.ID, newFile.ID})
		if err != nil {
			return nil, fmt.Errorf("stacking the new version %s on top of file %s in folder %s: %w",
				newFile.ID, current.ID, folderID, err)
		}
		tflog.Info(ctx, "version stack created", map[string]any{"version_stack_id": stack.ID})
		return stack, nil
	}
	if _, err := r.data.account.MoveFile(ctx, newFile.ID, stack.ID); err != nil {
		return nil, fmt.Errorf("moving the new version %s into version stack %s: %w", newFile.ID, stack.ID, err)
	}
	return stack, nil
}

// discardNewVersion reports a failed new version and deletes the file it left in Frame.io, if any. The
// state is already the current head (Update set it), so the next apply tries again.
func (r *fileResource) discardNewVersion(ctx context.Context, newFile *frameio.File, cause error, state *fileModel,
	resp *resource.UpdateResponse) {
	const summary = "Cannot upload the new version"
	kept := fmt.Sprintf("The current version %s is unchanged and still in the state: the next apply tries again.",
		state.ID.ValueString())
	cause = explainAPIError(cause)
	if newFile == nil || newFile.ID == "" {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\n%s", cause, kept))
		return
	}
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	delErr := r.data.account.DeleteFile(cleanupCtx, newFile.ID)
	if delErr == nil || frameio.IsNotFound(delErr) {
		tflog.Info(ctx, "deleted the incomplete new version", map[string]any{"file_id": newFile.ID})
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete new version %s was deleted from "+
			"Frame.io. %s", cause, newFile.ID, kept))
		return
	}
	resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete new version %s could not be deleted "+
		"(%s) and is not in the state: delete it in Frame.io. %s", cause, newFile.ID, explainAPIError(delErr), kept))
}

func (r *fileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
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
	// Versions that someone else put into the stack are not this resource's to delete: list them first
	// (the stack may go away with the last of ours) to say which stay.
	var others []string
	if stackID := state.VersionStackID.ValueString(); stackID != "" {
		children, err := r.data.account.ListVersionStackChildren(ctx, stackID)
		if err != nil && !frameio.IsNotFound(err) {
			resp.Diagnostics.AddError("Cannot delete the Frame.io file", fmt.Sprintf("Listing the versions in "+
				"version stack %s: %s. Nothing was deleted.", stackID, explainAPIError(err)))
			return
		}
		for _, f := range children {
			if !slices.Contains(ids, f.ID) {
				others = append(others, fmt.Sprintf("%s (%s)", f.ID, f.Name))
			}
		}
	}
	// Newest first: an interrupted destroy leaves the oldest versions, and the next one finishes it
	// (a version already gone is not an error).
	var failed []string
	for _, id := range slices.Backward(ids) {
		if err := r.data.account.DeleteFile(ctx, id); err != nil && !frameio.IsNotFound(err) {
			failed = append(failed, fmt.Sprintf("%s: %s", id, explainAPIError(err)))
		}
	}
	if len(failed) > 0 {
		resp.Diagnostics.AddError("Cannot delete the Frame.io file", fmt.Sprintf("Deleting the versions this "+
			"resource uploaded failed for:\n%s\nThe resource stays in the state; run destroy again.", strings.Join(failed, "\n")))
		return
	}
	if len(others) > 0 {
		resp.Diagnostics.AddWarning("Versions uploaded by others were kept",
			fmt.Sprintf("Destroy deleted the %d versions this resource uploaded. Version stack %s also holds "+
				"versions that others added (e.g. in the Frame.io web app); they were not deleted and stay in "+
				"Frame.io: %s.", len(ids), state.VersionStackID.ValueString(), strings.Join(others, ", ")))
	}
}
