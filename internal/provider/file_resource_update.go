package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

func (r *fileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.logContext(ctx)
	// Until a step succeeds, the state is what Frame.io holds: an error never records a planned change
	// that did not happen.
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// An update may change the stack (a new version on top, a move): the next Read takes it as it finds it.
	resp.Diagnostics.Append(storeStackSeen(ctx, resp.Private, nil)...)

	if plan.ID.IsUnknown() {
		// ModifyPlan leaves id unknown exactly when new content is planned as a new version.
		r.updateWithNewVersion(ctx, req, &plan, &state, timeout, resp)
		return
	}
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pending := stillPending(ctx, &state, req.Private)
	if !plan.Name.Equal(state.Name) || !plan.FolderID.Equal(state.FolderID) || pending {
		file, err := r.renameAndMove(opCtx, &plan, &state, resp)
		if err != nil {
			resp.Diagnostics.AddError("Cannot update the Frame.io file", explainAPIError(err).Error())
			return
		}
		if pending {
			// An earlier apply kept the file before Frame.io processed it: wait for it now (no new upload).
			resumed, ok := r.resumeWait(ctx, &plan, &state, req, resp)
			if !ok {
				return
			}
			if resumed != nil {
				file.Status = resumed.Status
			}
		}
		plan.fillUnknownFromServer(file)
	}
	// Otherwise nothing the plan left unknown changes in Frame.io (a change of metadata, wait_for,
	// on_destroy, timeouts or the path of the same content): no read of the file.
	nullIfUnknown(&plan.SourceSHA256)
	r.updateMetadata(opCtx, &plan, &state, resp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// updateMetadata writes what the plan changes in metadata: the values that differ from the state, and
// a clear of each field no longer in the map. On failure the state keeps the metadata it had (the rest
// of the update is kept), with an error: the next plan shows the change again.
func (r *fileResource) updateMetadata(ctx context.Context, plan, state *fileModel, resp *resource.UpdateResponse) {
	want, _ := metadataMap(plan.Metadata)
	had, _ := metadataMap(state.Metadata)
	set, cleared := metadataChanges(want, had)
	if len(set) == 0 && len(cleared) == 0 {
		return
	}
	project := plan.ProjectID.ValueString()
	if project == "" {
		project = state.ProjectID.ValueString()
	}
	if err := r.writeMetadata(ctx, project, plan.ID.ValueString(), set, cleared); err != nil {
		plan.Metadata = state.Metadata
		resp.Diagnostics.AddAttributeError(metadataPath, "Cannot update the metadata of the Frame.io file",
			fmt.Sprintf("metadata: %s\n\nThe file's other changes are applied; its metadata is recorded as it "+
				"was, so the next apply tries again.", explainAPIError(err)))
	}
}

// renameAndMove applies the planned name and folder_id, the only in-place changes Frame.io supports. A
// rename that succeeds is saved in state at once, so a move that fails afterwards does not lose it.
func (r *fileResource) renameAndMove(ctx context.Context, plan, state *fileModel, resp *resource.UpdateResponse) (*frameio.File, error) {
	file, err := r.data.account.GetFile(ctx, state.ID.ValueString())
	if err != nil {
		return nil, err
	}
	if !plan.Name.Equal(state.Name) {
		if file, err = r.rename(ctx, file, plan.Name.ValueString()); err != nil {
			return nil, err
		}
		state.applyServerFile(file)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
	if !plan.FolderID.Equal(state.FolderID) {
		return r.data.delivery.Move(ctx, file, state.head(), plan.FolderID.ValueString())
	}
	return file, nil
}

// rename renames the file itself (the version in id). Frame.io has no rename for a version stack, and
// its OpenAPI document does not say whether a stack's name follows its head's (its examples disagree):
// the stack's own name is left to Frame.io.
func (r *fileResource) rename(ctx context.Context, file *frameio.File, name string) (*frameio.File, error) {
	renamed, err := r.data.account.RenameFile(ctx, file.ID, name)
	if err != nil {
		return nil, fmt.Errorf("name: cannot rename the file to %q: %w", name, err)
	}
	return renamed, nil
}
