package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Read refreshes the file and where it sits. A file that someone stacked in the web app has the stack as
// its parent: its folder_id is the stack's folder, so the plan does not move it back out, and a newer
// version on top of it is exposed in head_version_id, not undone.
func (r *fileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)

	var listed *frameio.VersionStack // the file's stack as its folder's listing of stacks shows it
	if state.VersionStackID.ValueString() != "" {
		stack, served, err := r.readFromStackListing(ctx, &state, loadStackSeen(ctx, req.Private))
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the Frame.io file", explainAPIError(err).Error())
			return
		}
		if served {
			if head := stack.HeadVersion; head != nil && head.ID == state.ID.ValueString() {
				// A file under a newer head keeps its metadata as last seen, like the rest of it.
				if err := r.refreshMetadata(ctx, &state, head); err != nil {
					resp.Diagnostics.AddError("Cannot read the Frame.io file", explainAPIError(err).Error())
					return
				}
			}
			resp.Diagnostics.Append(storeStackSeen(ctx, resp.Private, stack)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
		listed = stack
	}
	// Read cache (readcache.go): the listing of the file's folder or stack, else its own GET.
	file, err := r.data.account.ReadFile(ctx, state.FolderID.ValueString(), state.VersionStackID.ValueString(), state.ID.ValueString())
	file, err = readAfterWrite(ctx, state.CreatedAt, file, err, func(ctx context.Context) (*frameio.File, error) {
		return r.data.account.GetFile(ctx, state.ID.ValueString())
	})
	if frameio.IsNotFound(err) {
		// Deleted out of band: drop it so the next plan creates it again.
		warnOlderVersionsUnmanaged(ctx, &state, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file",
			fmt.Sprintf("Reading file %s: %s", state.ID.ValueString(), explainAPIError(err)))
		return
	}
	p, err := r.locate(ctx, file, &state, listed)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file", explainAPIError(err).Error())
		return
	}
	state.applyServerFile(file)
	if err := r.refreshMetadata(ctx, &state, file); err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file", explainAPIError(err).Error())
		return
	}
	resp.Diagnostics.Append(state.applyPlacement(ctx, file.ID, p)...)
	forgetSettledWait(ctx, &state, req, resp) // file_resource_pending.go
	resp.Diagnostics.Append(storeStackSeen(ctx, resp.Private, p.stack)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// warnOlderVersionsUnmanaged says which earlier versions stop being managed when the newest one was
// deleted out of band: the next apply uploads the file again as a new file, and destroy no longer
// deletes them.
func warnOlderVersionsUnmanaged(ctx context.Context, state *fileModel, diags *diag.Diagnostics) {
	ids, d := state.versionIDList(ctx)
	if d.HasError() || len(ids) < 2 {
		return
	}
	diags.AddWarning("Frame.io file deleted: its earlier versions are no longer managed",
		fmt.Sprintf("File %s was deleted in Frame.io, so it is removed from the state and the next apply uploads "+
			"it again as a new file. The earlier versions this resource uploaded stay in Frame.io and are no "+
			"longer managed (destroy will not delete them): %s.", state.ID.ValueString(), strings.Join(ids[:len(ids)-1], ", ")))
}

// placement is where a file sits in Frame.io: in a folder, or in a version stack inside a folder.
type placement struct {
	folderID string
	stack    *frameio.VersionStack // nil when the file is not stacked
	children []frameio.File        // the stack's files, as Frame.io lists them
	number   int64                 // the file's version number when known without children; 0 otherwise
}

// locate finds the placement of file. known is the state, whose folder and stack spare a request in the
// common cases; listed is its stack as already read (nil if none).
func (r *fileResource) locate(ctx context.Context, file *frameio.File, known *fileModel, listed *frameio.VersionStack) (placement, error) {
	stack, err := r.parentStack(ctx, file, known, listed)
	if err != nil || stack == nil {
		return placement{folderID: file.ParentID}, err
	}
	if newlyCovered(file, known, stack) {
		return placement{folderID: stack.ParentID, stack: stack, number: max(1, known.VersionNumber.ValueInt64())}, nil
	}
	return r.readStack(ctx, stack)
}

// readStack completes a placement in stack with the stack's files, which number the versions.
func (r *fileResource) readStack(ctx context.Context, stack *frameio.VersionStack) (placement, error) {
	children, err := r.data.account.ReadVersionStackChildren(ctx, stack.ID) // read cache: one listing per stack and run
	if err != nil {
		return placement{}, fmt.Errorf("listing the versions in version stack %s: %w", stack.ID, err)
	}
	return placement{folderID: stack.ParentID, stack: stack, children: children}, nil
}

// applyPlacement records where the file with id sits: folder, stack, head and version number. A state
// without version_ids (an import) adopts the file itself as the one version this resource manages.
func (m *fileModel) applyPlacement(ctx context.Context, id string, p placement) diag.Diagnostics {
	m.FolderID = types.StringValue(p.folderID)
	m.VersionStackID = types.StringNull()
	m.HeadVersionID = types.StringValue(id)
	m.VersionNumber = types.Int64Value(1)
	if p.stack != nil {
		m.VersionStackID = types.StringValue(p.stack.ID)
		if p.stack.HeadVersion != nil && p.stack.HeadVersion.ID != "" {
			m.HeadVersionID = types.StringValue(p.stack.HeadVersion.ID)
		}
		m.VersionNumber = types.Int64Value(p.versionNumber(id))
	}
	ids, diags := m.versionIDList(ctx)
	if len(ids) == 0 {
		m.VersionIDs = stringList([]string{id})
	}
	return diags
}

// versionNumber is the number of file id in the stack: as known, or its position among the children.
func (p placement) versionNumber(id string) int64 {
	if p.number > 0 {
		return p.number
	}
	return delivery.VersionNumber(id, p.children)
}

// setFirstVersion records a newly created file as the only version: not stacked, its own head.
func (m *fileModel) setFirstVersion(f *frameio.File) {
	m.VersionStackID = types.StringNull()
	m.HeadVersionID = types.StringValue(f.ID)
	m.VersionNumber = types.Int64Value(1)
	m.VersionIDs = stringList([]string{f.ID})
}

// versionIDList is version_ids as a slice; nil when null or unknown.
func (m *fileModel) versionIDList(ctx context.Context) ([]string, diag.Diagnostics) {
	if m.VersionIDs.IsNull() || m.VersionIDs.IsUnknown() {
		return nil, nil
	}
	var ids []string
	diags := m.VersionIDs.ElementsAs(ctx, &ids, false)
	return ids, diags
}

// stringList is a known list of known strings.
func stringList(ss []string) types.List {
	elems := make([]attr.Value, len(ss))
	for i, s := range ss {
		elems[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, elems)
}
