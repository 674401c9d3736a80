package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Update changes the share in place, in an order that keeps every step valid: reviewers leave while the
// share is still secure, then the fields change (one PATCH), then assets are added before others are
// removed (so the share is never empty; removals first only when the share would exceed 100), and
// reviewers are invited last, once the share is secure. On a failure, the state records the steps that
// were done, so that the next plan shows only what is left.
func (r *shareResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config shareModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultShareUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx, secrets := r.shareLogContext(ctx, plan, state)

	u := &shareUpdate{r: r, id: state.ID.ValueString(), cur: state}
	u.cur.ProjectID, u.cur.Message, u.cur.Timeouts = plan.ProjectID, plan.Message, plan.Timeouts
	if err := u.run(ctx, &plan, state); err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &u.cur)...)
		resp.Diagnostics.AddError("Cannot update the Frame.io share", fmt.Sprintf("%s. The state records the "+
			"changes made before the failure; the next plan shows the rest.\n\n%s", u.step,
			shareErrorDetail(withTimeoutOf(ctx, err, "update", timeout), secrets)))
		return
	}
	if plan.Enabled.IsUnknown() || plan.Passphrase.IsUnknown() || plan.DownloadingEnabled.IsUnknown() {
		s, err := r.data.account.GetShare(ctx, u.id)
		if err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &u.cur)...)
			resp.Diagnostics.AddError("Cannot read the updated Frame.io share",
				shareErrorDetail(withTimeoutOf(ctx, err, "update", timeout), secrets))
			return
		}
		plan.fillFromServer(s)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(storeSharePrivate(ctx, resp.Private, config)...)
}

// shareUpdate carries one Update: cur is what Frame.io holds, step by step; step names the failing one.
type shareUpdate struct {
	r    *shareResource
	id   string
	cur  shareModel
	step string
}

func (u *shareUpdate) run(ctx context.Context, plan *shareModel, state shareModel) error {
	c := u.r.data.account
	wasSecure := state.Access.ValueString() == frameio.ShareAccessSecure

	// Reviewers: managed when configured (even empty); the ones Frame.io has are in state, or, when
	// they were not managed before, read now.
	var addRev, removeRev []string
	if !plan.Reviewers.IsNull() {
		have, _ := setStrings(state.Reviewers)
		if state.Reviewers.IsNull() && wasSecure {
			u.step = "Reading the current reviewers"
			if err := u.r.readReviewers(ctx, &u.cur, frameio.ShareAccessSecure); err != nil {
				return err
			}
			have, _ = setStrings(u.cur.Reviewers)
		}
		want, _ := setStrings(plan.Reviewers)
		addRev, removeRev = diffFold(want, have), diffFold(have, want)
		u.cur.Reviewers = stringSet(have)
	}
	if len(removeRev) > 0 && wasSecure {
		u.step = fmt.Sprintf("Removing %d reviewers", len(removeRev))
		n, err := c.RemoveShareReviewers(ctx, u.id, removeRev)
		u.setReviewers(without(u.reviewers(), removeRev[:n]))
		if err != nil {
			return err
		}
	}

	if upd, ok := shareUpdateOf(*plan, state); ok {
		u.step = "Updating the share's settings"
		s, err := c.UpdateShare(ctx, u.id, upd)
		if err != nil {
			return err
		}
		u.cur.Name, u.cur.Access, u.cur.Expiration, u.cur.Description = plan.Name, plan.Access, plan.Expiration, plan.Description
		u.cur.applyServerShare(s)
		u.cur.Expiration = serverExpiration(plan.Expiration, s.Expiration)
		plan.fillFromServer(s)
		if s.Access == frameio.ShareAccessPublic && !u.cur.Reviewers.IsNull() {
			u.setReviewers(nil) // a public share has no reviewers
		}
	}

	if err := u.updateAssets(ctx, *plan, state); err != nil {
		return err
	}

	if len(addRev) > 0 {
		u.step = fmt.Sprintf("Inviting %d reviewers", len(addRev))
		n, err := c.AddShareReviewers(ctx, u.id, addRev, plan.Message.ValueString())
		u.setReviewers(append(u.reviewers(), addRev[:n]...))
		if err != nil {
			return err
		}
	}
	return nil
}

// updateAssets adds and removes assets one call each. An asset already in the share (an import cannot
// know which are) counts as added; one already gone counts as removed.
func (u *shareUpdate) updateAssets(ctx context.Context, plan, state shareModel) error {
	c := u.r.data.account
	want, _ := setStrings(plan.AssetIDs)
	have, _ := setStrings(state.AssetIDs)
	add, remove := diffExact(want, have), diffExact(have, want)
	cur := slices.Clone(have)
	defer func() { u.cur.AssetIDs = stringSet(cur) }()
	addAll := func() error {
		for _, id := range add {
			u.step = fmt.Sprintf("Adding asset %s", id)
			if _, err := c.AddShareAsset(ctx, u.id, id); err != nil && !frameio.IsStatus(err, http.StatusConflict) {
				return err
			}
			cur = append(cur, id)
		}
		return nil
	}
	removeAll := func() error {
		for _, id := range remove {
			u.step = fmt.Sprintf("Removing asset %s", id)
			if _, err := c.RemoveShareAsset(ctx, u.id, id); err != nil && !frameio.IsNotFound(err) {
				return err
			}
			cur = without(cur, []string{id})
		}
		return nil
	}
	first, second := addAll, removeAll
	if len(have)+len(add) > frameio.MaxShareAssets {
		first, second = removeAll, addAll
	}
	if err := first(); err != nil {
		return err
	}
	return second()
}

func (u *shareUpdate) reviewers() []string {
	s, _ := setStrings(u.cur.Reviewers)
	return s
}

func (u *shareUpdate) setReviewers(emails []string) { u.cur.Reviewers = stringSet(emails) }

// shareUpdateOf is the PATCH that turns state's settings into plan's, and whether there is anything to
// send. A planned unknown passphrase is a removal (see ModifyPlan).
func shareUpdateOf(plan, state shareModel) (frameio.ShareUpdate, bool) {
	var u frameio.ShareUpdate
	null := "" // ShareUpdate sends "" as null
	if !plan.Name.Equal(state.Name) {
		u.Name = stringPtr(plan.Name)
	}
	if !plan.Access.Equal(state.Access) {
		u.Access = stringPtr(plan.Access)
	}
	if !plan.DownloadingEnabled.IsUnknown() && !plan.DownloadingEnabled.Equal(state.DownloadingEnabled) {
		u.DownloadingEnabled = boolPtr(plan.DownloadingEnabled)
	}
	if !sameInstant(plan.Expiration, state.Expiration) {
		u.Expiration = nullAsEmpty(plan.Expiration, &null)
	}
	if !plan.Description.Equal(state.Description) {
		u.Description = nullAsEmpty(plan.Description, &null)
	}
	switch {
	case plan.Passphrase.IsUnknown():
		u.Passphrase = &null
	case !plan.Passphrase.Equal(state.Passphrase):
		u.Passphrase = nullAsEmpty(plan.Passphrase, &null)
	}
	return u, u != (frameio.ShareUpdate{})
}

// nullAsEmpty is v's value, or empty ("", which ShareUpdate sends as null) when v is null.
func nullAsEmpty(v types.String, empty *string) *string {
	if v.IsNull() {
		return empty
	}
	return stringPtr(v)
}

// diffFold is the emails of a that are not in b, without regard to case.
func diffFold(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) }) {
			out = append(out, x)
		}
	}
	return out
}

// diffExact is the ids of a that are not in b.
func diffExact(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// without is a minus the items of b (emails compared without regard to case; ids never differ by case).
func without(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(x string) bool {
		return slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) })
	})
}
