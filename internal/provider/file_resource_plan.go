package provider

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan plans what the schema's plan modifiers cannot: the default name, the content identity of a
// local source (which reads the file) and what an in-place update changes. Stable computed values keep
// their state through UseStateForUnknown, and source_url's own plan modifier decides its replacement.
//
// On a replacement Terraform plans the new object again with no prior state (state == nil here), so
// every computed value of the new file is unknown, as on a create.
func (r *fileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	state := priorFileModel(ctx, req.State, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	planDefaultName(&plan, config, &resp.Diagnostics)
	if config.SourceURL.IsNull() {
		if planLocalContent(ctx, &plan, config, state, req.Private, resp) {
			resp.RequiresReplace = append(resp.RequiresReplace, tfpath.Root("source_sha256"))
		}
	} else {
		plan.SourceSHA256 = types.StringNull() // Frame.io fetches the URL; there are no local bytes to hash
	}
	if resp.Diagnostics.HasError() {
		return
	}
	planUpdateSideEffects(&plan, state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// priorFileModel is the prior state, or nil on a create.
func priorFileModel(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) *fileModel {
	if state.Raw.IsNull() {
		return nil
	}
	var m fileModel
	diags.Append(state.Get(ctx, &m)...)
	return &m
}

// planDefaultName fills name from source or source_url when the configuration leaves it out.
func planDefaultName(plan *fileModel, config fileModel, diags *diag.Diagnostics) {
	if !config.Name.IsNull() {
		return
	}
	switch {
	case config.Source.IsUnknown() || config.SourceURL.IsUnknown():
		plan.Name = types.StringUnknown()
	case !config.Source.IsNull():
		plan.Name = types.StringValue(filepath.Base(config.Source.ValueString()))
	case !config.SourceURL.IsNull():
		name := nameFromURL(config.SourceURL.ValueString())
		if name == "" {
			diags.AddAttributeError(tfpath.Root("name"), "Missing file name",
				fmt.Sprintf("name: source_url %q has no file name in its path; set name explicitly.", config.SourceURL.ValueString()))
			return
		}
		plan.Name = types.StringValue(name)
	}
}

// nameFromURL is the decoded last path segment of a URL, or "" when there is none.
func nameFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	base := path.Base(u.Path)
	if base == "/" || base == "." {
		return ""
	}
	return base
}

// planUpdateSideEffects marks unknown the computed values that an in-place update changes: Frame.io
// derives media_type from the name and project_id from the folder. It runs after planDefaultName,
// because the planned name is only settled there.
func planUpdateSideEffects(plan, state *fileModel) {
	if state == nil {
		return
	}
	if !plan.Name.Equal(state.Name) {
		plan.MediaType = types.StringUnknown()
	}
	if !plan.FolderID.Equal(state.FolderID) {
		plan.ProjectID = types.StringUnknown()
	}
}

// planLocalContent plans source_sha256 for a local source and reports whether the content changed,
// which means a replacement: Frame.io cannot change a file's content in place. A known planned value
// must hold at apply, so whatever cannot be known now stays unknown.
func planLocalContent(ctx context.Context, plan *fileModel, config fileModel, state *fileModel,
	prior privateStateReader, resp *resource.ModifyPlanResponse) bool {
	if !config.SourceSHA256.IsNull() {
		return planTrustedHash(plan, config, state)
	}
	plan.SourceSHA256 = types.StringUnknown()
	src := config.Source
	if src.IsUnknown() {
		return state != nil // e.g. a path made by another resource in this apply: content unknowable now
	}
	p := src.ValueString()
	if sourceMissing(p) {
		if state != nil {
			warnSourceMissing(p, &resp.Diagnostics)
		}
		return state != nil
	}
	info, err := statSource(p)
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source"), "Invalid source file", err.Error())
		return false
	}
	if state == nil {
		// A create (or the create half of a replace): the hash stays unknown, and Create records the hash
		// of the bytes it actually uploads. A hash known now could be contradicted by a file rewritten
		// before apply ("inconsistent final plan").
		return false
	}
	cache, err := hashSource(ctx, p, info, loadSourceCache(ctx, prior))
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source"), "Cannot hash the source file",
			fmt.Sprintf("source: hashing %s failed: %v", p, err))
		return false
	}
	resp.Diagnostics.Append(storeSourceCache(ctx, resp.Private, cache)...)
	return planComputedHash(plan, state, cache)
}

// planTrustedHash plans a source_sha256 set in the configuration: the caller's hash is the trusted
// content identity, and the file is not read except for its size on an imported file.
func planTrustedHash(plan *fileModel, config fileModel, state *fileModel) bool {
	plan.SourceSHA256 = config.SourceSHA256
	switch {
	case state == nil:
		return false
	case config.SourceSHA256.IsUnknown():
		return true
	case state.SourceSHA256.IsNull():
		return !sourceHasStateSize(config.Source, state) // adopted by import: the size decides
	default:
		return !state.SourceSHA256.Equal(config.SourceSHA256)
	}
}

// planComputedHash compares the hash of the file on disk with the state and reports a content change.
func planComputedHash(plan *fileModel, state *fileModel, cache sourceCache) bool {
	switch {
	case state.SourceSHA256.IsNull():
		// Adopted by import (or switched from source_url): Frame.io has no content hash to compare with,
		// so the size decides. Same size: record the hash in place, no re-upload.
		if state.FileSize.ValueInt64() != cache.Size {
			return true
		}
		plan.SourceSHA256 = types.StringValue(cache.SHA256)
		return false
	case state.SourceSHA256.ValueString() == cache.SHA256:
		plan.SourceSHA256 = state.SourceSHA256
		return false
	default:
		return true // new content: the planned hash stays unknown until apply uploads it
	}
}

func warnSourceMissing(p string, diags *diag.Diagnostics) {
	diags.AddAttributeWarning(tfpath.Root("source"), "Source file missing: the Frame.io file will be replaced",
		fmt.Sprintf("source: %s does not exist at plan time, so its content cannot be compared with the "+
			"uploaded file and the file is planned for replacement. That is expected when another resource "+
			"writes it during apply. If it was deleted by mistake, restore it before applying: the apply "+
			"would delete the Frame.io file and then fail (lifecycle { create_before_destroy = true } keeps "+
			"the old file until the new one is uploaded).", p))
}
