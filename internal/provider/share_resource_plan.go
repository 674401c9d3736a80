package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// sharePrivateKey holds, in private state, what the share's state alone cannot say: whether the
// passphrase in state was set by the configuration (then removing it from the configuration removes it
// in Frame.io) or by Frame.io (then it is only reported).
const sharePrivateKey = "share"

type sharePrivate struct {
	PassphraseConfigured bool `json:"passphrase_configured"`
}

func loadSharePrivate(ctx context.Context, p privateStateReader) sharePrivate {
	var out sharePrivate
	if b, diags := p.GetKey(ctx, sharePrivateKey); !diags.HasError() && len(b) > 0 {
		_ = json.Unmarshal(b, &out) // unreadable: as if nothing was recorded
	}
	return out
}

func storeSharePrivate(ctx context.Context, w privateStateWriter, config shareModel) diag.Diagnostics {
	b, _ := json.Marshal(sharePrivate{PassphraseConfigured: !config.Passphrase.IsNull()})
	return w.SetKey(ctx, sharePrivateKey, b)
}

// ModifyPlan checks expiration against the clock, decides what an unset passphrase means, and checks the
// project of an imported share.
func (r *shareResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config shareModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *shareModel
	if !req.State.Raw.IsNull() {
		state = &shareModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	planExpiration(&plan, state, time.Now(), &resp.Diagnostics)
	if state != nil && config.Passphrase.IsNull() {
		// Not configured: keep what Frame.io reported, unless the configuration set it before and no
		// longer does; then Update asks Frame.io to remove it, and reports what Frame.io has after that.
		plan.Passphrase = state.Passphrase
		if loadSharePrivate(ctx, req.Private).PassphraseConfigured && !state.Passphrase.IsNull() {
			plan.Passphrase = types.StringUnknown()
		}
	}
	if state != nil && state.ProjectID.IsNull() && !plan.ProjectID.IsUnknown() && r.data != nil {
		r.checkAdoptedProject(r.data.logContext(ctx), state.ID.ValueString(), plan.ProjectID.ValueString(), &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.data.tally(shareWork(&plan, state), metadataWrite{})...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planExpiration refuses a new expiration that has already passed, warns about a share whose unchanged
// expiration has passed, and plans enabled as unknown when the expiration changes (Frame.io decides it).
func planExpiration(plan, state *shareModel, now time.Time, diags *diag.Diagnostics) {
	exp := plan.Expiration
	if exp.IsUnknown() {
		if state != nil {
			plan.Enabled = types.BoolUnknown()
		}
		return
	}
	changed := state == nil || !sameInstant(exp, state.Expiration)
	if changed && state != nil {
		plan.Enabled = types.BoolUnknown()
	}
	if exp.IsNull() {
		return
	}
	t, err := validators.ParseRFC3339(exp.ValueString())
	if err != nil || t.After(now) {
		return // the attribute's validator reports a malformed value
	}
	if changed {
		diags.AddAttributeError(path.Root("expiration"), "Share expiration in the past",
			fmt.Sprintf("expiration %s has already passed (it is now %s): a share link cannot be made to expire in "+
				"the past. Set a future time, e.g. %s, or remove expiration for a link that does not expire.",
				exp.ValueString(), now.UTC().Format(time.RFC3339), now.Add(30*24*time.Hour).UTC().Format(time.RFC3339)))
		return
	}
	diags.AddAttributeWarning(path.Root("expiration"), "Share link expired",
		fmt.Sprintf("The share %q expired at %s: its link no longer opens. Set a later expiration to open it "+
			"again, or remove expiration.", plan.Name.ValueString(), exp.ValueString()))
}

// sameInstant reports whether two expiration values name the same time (or are both null): Frame.io
// answers in UTC with microseconds, whatever form the configuration used.
func sameInstant(a, b types.String) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return a.IsNull() == b.IsNull() && a.IsUnknown() == b.IsUnknown()
	}
	ta, errA := validators.ParseRFC3339(a.ValueString())
	tb, errB := validators.ParseRFC3339(b.ValueString())
	if errA != nil || errB != nil {
		return a.ValueString() == b.ValueString()
	}
	return ta.Equal(tb)
}

// checkAdoptedProject: an imported share is recorded under the configured project only if it is one of
// that project's shares (Frame.io does not report a share's project; listing the project's shares is
// the only way to tell).
func (r *shareResource) checkAdoptedProject(ctx context.Context, shareID, projectID string, diags *diag.Diagnostics) {
	shares, err := r.data.account.ListShares(ctx, projectID)
	if err != nil {
		diags.AddAttributeError(path.Root("project_id"), "Cannot check the project of the imported share",
			fmt.Sprintf("Listing the shares of project %s: %s", projectID, explainAPIError(err)))
		return
	}
	if !slices.ContainsFunc(shares, func(s frameio.Share) bool { return s.ID == shareID }) {
		diags.AddAttributeError(path.Root("project_id"), "Imported share is not in this project",
			fmt.Sprintf("The share %s is not one of the shares of project %s. Set project_id to the project the "+
				"share belongs to (a share cannot be moved to another project).", shareID, projectID))
	}
}
