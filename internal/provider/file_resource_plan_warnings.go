package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// warnAfterPlan is the last step of ModifyPlan, deferred so that it runs on every path, the destroy
// (which returns early) included: the warnings about what the planned change deletes in Frame.io, or
// takes on trust. It only reads the request and the plan as planned.
func warnAfterPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if resp.Diagnostics.HasError() {
		return
	}
	state := priorFileModel(ctx, req.State, &resp.Diagnostics)
	if state == nil || resp.Diagnostics.HasError() {
		return // a create, or the create half of a replacement: nothing in Frame.io yet
	}
	if req.Plan.Raw.IsNull() || len(resp.RequiresReplace) > 0 {
		warnVersionsDeleted(ctx, state, !req.Plan.Raw.IsNull(), resp)
		return
	}
	var plan, config fileModel
	resp.Diagnostics.Append(resp.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if !resp.Diagnostics.HasError() {
		warnAdoptedBySize(plan, config, state, &resp.Diagnostics)
	}
}

// warnVersionsDeleted warns when a destroy or a replacement deletes a file with more than one version:
// each version goes, with what reviewers left on it. Not with on_destroy = "keep" (nothing is deleted).
// Terraform folds warnings with the same summary into one, so the summary is fixed and the detail names
// the file. A replacement that Terraform forces (-replace, replace_triggered_by) is not seen here: the
// provider plans it as an update.
func warnVersionsDeleted(ctx context.Context, state *fileModel, replace bool, resp *resource.ModifyPlanResponse) {
	ids, diags := state.versionIDList(ctx)
	resp.Diagnostics.Append(diags...)
	if len(ids) < 2 || state.keepsOnDestroy() {
		return
	}
	file := fmt.Sprintf("%s (id %s)", state.Name.ValueString(), state.ID.ValueString())
	const lost = "with every comment, annotation and approval reviewers left on them"
	const keep = "To leave the file and its versions in Frame.io instead, set on_destroy = \"keep\" and apply " +
		"that first: destroy uses the value in the state."
	if replace {
		resp.Diagnostics.AddWarning("Replacement deletes every version of a stacked file",
			fmt.Sprintf("This plan replaces %s (on_content_change = \"replace\"): it deletes the file and all %d "+
				"versions this resource uploaded (version_ids), %s, then uploads the new content as a new file. "+
				"Versions that others added to its version stack stay. To put the new content on top as a new "+
				"version instead, set on_content_change = \"new_version\". %s", file, len(ids), lost, keep))
		return
	}
	resp.Diagnostics.AddWarning("Destroy deletes every version of a stacked file",
		fmt.Sprintf("This plan destroys %s: it deletes the file and all %d versions this resource uploaded "+
			"(version_ids), %s. Versions that others added to its version stack stay. %s If the destroy "+
			"comes from a for_each key that changed with the file name (feature_v3.mov becoming "+
			"feature_v4.mov), key the resource by a name without the version and add a moved block: the new "+
			"file then becomes a new version on the same stack.", file, len(ids), lost, keep))
}
