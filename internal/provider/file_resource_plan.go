package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// ModifyPlan plans what the schema's plan modifiers cannot: the default name, the content identity of a
// local source (which reads the file), what new content does (on_content_change) and what an in-place
// update changes. Stable computed values keep their state through UseStateForUnknown.
//
// New content is either a new version, in place, with the new file's values unknown (id among them,
// which is how Update knows), or a replacement. On a replacement Terraform plans the new object again
// with no prior state (state == nil here), so every computed value of the new file is unknown, as on a
// create.
func (r *fileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	defer warnAfterPlan(ctx, req, resp) // last, on every path: what the plan deletes or takes on trust
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
	// The metadata names fields of the account and values they can hold (file_metadata.go).
	r.planMetadata(ctx, config, &resp.Diagnostics)
	var changed tfpath.Paths // the attributes that make the content new
	if config.SourceURL.IsNull() {
		if planLocalContent(ctx, &plan, config, state, req.Private, resp) {
			changed = append(changed, tfpath.Root("source_sha256"))
		}
	} else {
		plan.SourceSHA256 = types.StringNull() // Frame.io fetches the URL; there are no local bytes to hash
		if config.SourceURL.IsUnknown() {
			// It may turn out null at apply, source then being the one: its hash is the configured one,
			// or not known yet.
			plan.SourceSHA256 = config.SourceSHA256
			if config.SourceSHA256.IsNull() {
				plan.SourceSHA256 = types.StringUnknown()
			}
		}
		r.checkSourceURLFetchable(config.SourceURL, &resp.Diagnostics)
	}
	plan.SourceURLIdentity = sourceURLIdentityOf(config.SourceURL, config.SourceVersion)
	if sourceURLNewContent(ctx, req, plan, config, state, &resp.Diagnostics) {
		changed = append(changed, tfpath.Root("source_url"))
	}
	if sourceVersionChanged(config, state) {
		changed = append(changed, tfpath.Root("source_version"))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if len(changed) > 0 {
		planContentChange(&plan, changed, resp)
	}
	planPendingWait(ctx, &plan, state, req.Private, len(changed) > 0) // file_resource_pending.go
	planUpdateSideEffects(&plan, state)
	planSourceSize(&plan, config, state == nil)
	resp.Diagnostics.Append(r.data.tally(fileWork(&plan, state), metadataWriteOf(&plan, state))...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planSourceSize shows the size of a local source in the plan of an upload (a create, or a new
// version), which a reviewer of a long apply wants to see. Known at plan, it must hold at apply: the
// upload refuses a file whose size is no longer the planned one (delivery.Spec.Size) before creating
// anything, and Terraform stops an apply whose plan, made again, shows another size ("inconsistent
// final plan"): a source rewritten between plan and apply needs a new plan. A missing or unreadable
// source leaves it unknown (the other checks report it).
func planSourceSize(plan *fileModel, config fileModel, creating bool) {
	if !creating && !plan.ID.IsUnknown() {
		return // neither a create nor a new version: nothing is uploaded
	}
	if config.Source.IsNull() || config.Source.IsUnknown() || !config.SourceURL.IsNull() {
		return
	}
	info, err := os.Stat(config.Source.ValueString())
	if err != nil || !info.Mode().IsRegular() || info.Size() < 1 {
		return
	}
	plan.FileSize = types.Int64Value(info.Size())
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
				fmt.Sprintf("name: source_url %q has no file name in its path; set name explicitly.",
					httpx.RedactURL(config.SourceURL.ValueString())))
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

// planContentChange plans new content as on_content_change says: a replacement, or a new version in
// place whose file's values are unknown until apply uploads it. project_id stays: the new version goes
// into the same folder (planUpdateSideEffects handles a folder change).
func planContentChange(plan *fileModel, changed tfpath.Paths, resp *resource.ModifyPlanResponse) {
	switch {
	case plan.OnContentChange.IsUnknown():
		resp.Diagnostics.AddAttributeError(tfpath.Root("on_content_change"), "on_content_change unknown at plan time",
			"on_content_change: the content changed, and this value decides whether that is a new version or a "+
				"replacement, so it must be known at plan time. Use a literal or a variable, not a value computed "+
				"during apply.")
	case plan.OnContentChange.ValueString() == onChangeReplace:
		resp.RequiresReplace = append(resp.RequiresReplace, changed...)
	default:
		plan.ID = types.StringUnknown()
		plan.FileSize = types.Int64Unknown()
		plan.MediaType = types.StringUnknown()
		plan.Status = types.StringUnknown()
		plan.ViewURL = types.StringUnknown()
		plan.CreatedAt = types.StringUnknown()
		plan.VersionStackID = types.StringUnknown()
		plan.VersionNumber = types.Int64Unknown()
		plan.VersionIDs = types.ListUnknown(types.StringType)
		plan.HeadVersionID = types.StringUnknown()
	}
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

// planLocalContent plans source_sha256 for a local source and reports whether the content changed
// (Frame.io cannot change a file's content in place: see planContentChange). A known planned value must
// hold at apply, so whatever cannot be known now stays unknown.
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
		warnSourceMissing(p, state != nil, plan.OnContentChange.ValueString(), &resp.Diagnostics)
		return state != nil
	}
	info, err := delivery.StatSource(p)
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
//
// Hex case is not content. The hash is planned exactly as configured (a configured value must reach the
// state unchanged), and compared without regard to case, so that a Get-FileHash value in upper case
// after a filesha256() one in lower case is the same content: at most an update in place that records
// the new spelling, never a new version. A custom string type with semantic equality would not do
// more: the framework consults semantic equality when it stores what Read, Create or Update return,
// not when it plans, and the planned value must be the configured one either way.
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
		return !validators.SameSHA256(state.SourceSHA256.ValueString(), config.SourceSHA256.ValueString())
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
	case validators.SameSHA256(state.SourceSHA256.ValueString(), cache.SHA256):
		// The state may hold a configured upper-case hash from before source_sha256 was removed from the
		// configuration: same content, so keep it rather than plan a change of spelling.
		plan.SourceSHA256 = state.SourceSHA256
		return false
	default:
		return true // new content: the planned hash stays unknown until apply uploads it
	}
}

// warnSourceMissing warns about a source that does not exist at plan time. Not an error: another
// resource may write it during apply. The text says what the apply will do either way.
func warnSourceMissing(p string, exists bool, onChange string, diags *diag.Diagnostics) {
	const expected = "That is expected when another resource writes it during apply."
	switch {
	case !exists:
		diags.AddAttributeWarning(tfpath.Root("source"), "Source file missing at plan time",
			fmt.Sprintf("source: %s does not exist at plan time. %s Otherwise create it before applying: the "+
				"apply would fail on the missing file, creating nothing in Frame.io and nothing in the state.", p, expected))
	case onChange == onChangeReplace:
		diags.AddAttributeWarning(tfpath.Root("source"), "Source file missing: the Frame.io file will be replaced",
			fmt.Sprintf("source: %s does not exist at plan time, so its content cannot be compared with the "+
				"uploaded file and the file is planned for replacement (on_content_change = \"replace\"). %s If it "+
				"was deleted by mistake, restore it before applying: the apply would delete the Frame.io file, with "+
				"its comments, and then fail (lifecycle { create_before_destroy = true } keeps the old file until "+
				"the new one is uploaded).", p, expected))
	default:
		diags.AddAttributeWarning(tfpath.Root("source"), "Source file missing: a new version is planned",
			fmt.Sprintf("source: %s does not exist at plan time, so its content cannot be compared with the "+
				"uploaded file and a new version is planned. %s If it was deleted by mistake, restore it and plan "+
				"again: applying this plan would fail on the missing file (the Frame.io file and its versions stay "+
				"as they are), or upload a restored identical file as a new version.", p, expected))
	}
}
