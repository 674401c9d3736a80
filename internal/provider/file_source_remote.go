package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/planmodifiers"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// The remote `source_url` at plan time: Frame.io fetches the URL itself (delivery's remote upload), so a
// URL it cannot reach is refused before anything is created. The delivery checks again at apply, with
// the same rule (delivery.Options.CheckSourceURL).
//
// A source_url is often pre-signed, and a CI job signs the same object again on every run: what counts
// as new content is the object the URL names (validators.SourceURLIdentity), or source_version, not the
// URL's text. The URL itself is sensitive; source_url_identity shows the object in plans.

// checkSourceURLFetchable refuses, at plan, a source_url that Frame.io cannot fetch from the internet
// (a loopback or private host) unless the provider talks to a local emulator. It needs the configured
// provider; when the provider configuration is not known yet, the delivery checks again at apply.
func (r *fileResource) checkSourceURLFetchable(sourceURL types.String, diags *diag.Diagnostics) {
	if r.data == nil || sourceURL.IsNull() || sourceURL.IsUnknown() {
		return
	}
	if err := validators.CheckFetchableBy(sourceURL.ValueString(), r.data.account.Client().BaseURL()); err != nil {
		diags.AddAttributeError(tfpath.Root("source_url"), "source_url not reachable by Frame.io",
			fmt.Sprintf("source_url %s.", err))
	}
}

// sourceURLIdentityOf is the source_url_identity of a URL under a source_version: null without a URL,
// unknown while either is unknown. It depends on nothing else, so a value known at plan holds at apply.
func sourceURLIdentityOf(sourceURL, version types.String) types.String {
	switch {
	case sourceURL.IsNull():
		return types.StringNull()
	case sourceURL.IsUnknown() || version.IsUnknown():
		return types.StringUnknown()
	}
	id, ok := validators.SourceURLIdentity(sourceURL.ValueString(), version.IsNull())
	if !ok {
		return types.StringValue(httpx.RedactURL(sourceURL.ValueString())) // the validator reports it
	}
	return types.StringValue(id.Shown)
}

// sameSourceObject reports whether the configured source_url names the object the state's did, under
// the same source_version: a URL signed again, or spelled differently.
func sameSourceObject(config, state fileModel) bool {
	if config.SourceURL.IsNull() || config.SourceURL.IsUnknown() || state.SourceURL.IsNull() ||
		config.SourceVersion.IsUnknown() || !config.SourceVersion.Equal(state.SourceVersion) {
		return false
	}
	withQuery := config.SourceVersion.IsNull()
	a, okA := validators.SourceURLIdentity(config.SourceURL.ValueString(), withQuery)
	b, okB := validators.SourceURLIdentity(state.SourceURL.ValueString(), withQuery)
	return okA && okB && a.Key == b.Key
}

// sourceURLNewContent reports whether source_url brings new content: a URL of another object, or a
// switch between source and source_url. The same object signed again is only recorded, in place. On a
// file adopted by import (neither in state) a known URL is only recorded too: that is what
// RequiresReplaceUnlessAdopted decides; it runs here rather than on the attribute because an
// attribute's replacement cannot be undone when on_content_change asks for a new version instead.
func sourceURLNewContent(ctx context.Context, req resource.ModifyPlanRequest, plan, config fileModel, state *fileModel,
	diags *diag.Diagnostics) bool {
	if state == nil || sameSourceObject(config, *state) {
		return false
	}
	var resp planmodifier.StringResponse
	planmodifiers.RequiresReplaceUnlessAdopted(tfpath.Root("source"), tfpath.Root("source_url")).PlanModifyString(ctx,
		planmodifier.StringRequest{
			Path: tfpath.Root("source_url"), Config: req.Config, ConfigValue: config.SourceURL,
			Plan: req.Plan, PlanValue: plan.SourceURL, State: req.State, StateValue: state.SourceURL,
		}, &resp)
	diags.Append(resp.Diagnostics...)
	return resp.RequiresReplace
}

// sourceVersionChanged reports whether source_version, the user's own trigger, changed: set, changed,
// removed, or unknown at plan. On a file adopted by import (no source in state) it is only recorded.
func sourceVersionChanged(config fileModel, state *fileModel) bool {
	switch {
	case state == nil, state.Source.IsNull() && state.SourceURL.IsNull():
		return false
	case config.SourceVersion.IsUnknown():
		return true
	}
	return !config.SourceVersion.Equal(state.SourceVersion)
}
