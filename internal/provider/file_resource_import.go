package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Import: the state starts from the file id alone; Read fills in the rest and adopts the file as the one
// version the resource manages (applyPlacement). Frame.io holds no content hash, so the first plan after
// the import settles source_sha256: from the configuration when it is set there, else by the size of
// the local source (planTrustedHash, planComputedHash), with a warning (warnAdoptedBySize).

func (r *fileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for"), waitForUpload)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("on_content_change"), onChangeNewVersion)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("on_destroy"), onDestroyDelete)...)
}

// adoptedBySize reports whether this plan takes an imported file to hold the content of the local
// source only because the sizes are equal: the state has no hash and never had a source_url, the
// configuration gives no source_sha256, and the plan recorded the local file's hash in place.
func adoptedBySize(plan, config fileModel, state *fileModel) bool {
	return state != nil && state.SourceSHA256.IsNull() && state.SourceURL.IsNull() &&
		config.SourceSHA256.IsNull() && !config.Source.IsNull() && !config.Source.IsUnknown() &&
		!plan.ID.IsUnknown() && !plan.SourceSHA256.IsNull() && !plan.SourceSHA256.IsUnknown()
}

// warnAdoptedBySize says that an imported file is adopted on the strength of its size: a file of the
// same size with other bytes would not be noticed. A plan with an import block shows it next to the
// import; after `terraform import`, the next plan does. The configuration's source_sha256 settles it.
func warnAdoptedBySize(plan, config fileModel, state *fileModel, diags *diag.Diagnostics) {
	if !adoptedBySize(plan, config, state) {
		return
	}
	diags.AddAttributeWarning(path.Root("source_sha256"), "Imported file adopted by its size",
		fmt.Sprintf("source_sha256: Frame.io holds no content hash for the imported file %s (id %s, %d bytes). "+
			"The local source %s has the same size, so it is taken to hold the same content: its SHA-256 %s is "+
			"recorded in place and nothing is uploaded. A different file of exactly the same size would go "+
			"unnoticed. To settle it, set source_sha256 in the configuration to the SHA-256 of the content "+
			"delivered to Frame.io (e.g. from your render or delivery records) before applying: that value is "+
			"recorded instead and this warning goes. Once it is in the state you may remove it from the "+
			"configuration: later plans hash the local source and upload a new version if it differs.",
			state.Name.ValueString(), state.ID.ValueString(), state.FileSize.ValueInt64(), config.Source.ValueString(),
			plan.SourceSHA256.ValueString()))
}
