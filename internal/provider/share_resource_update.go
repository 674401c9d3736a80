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
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Update changes the share in place, narrowing before it opens, so that a failure half way leaves the
// share no more open than the old or the new configuration, whichever is more open on each count:
//
//  1. narrow: remove assets, remove reviewers (while the share is still secure), then one PATCH of what
//     closes it (public to secure, a passphrase set or changed, an expiration set or brought forward,
//     downloading turned off), with the name and description;
//  2. open: one PATCH of what opens it (secure to public, the passphrase removed, the expiration removed
//     or moved later, downloading turned on), then add assets, then invite reviewers (once it is secure).
//
// On a failure, the state records the steps that were done, so that the next plan shows only what is
// left. For a moment the share may hold none of its assets (all of them replaced): less open than both.
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
		if u.passphraseSent {
			resp.Diagnostics.Append(storeSharePrivate(ctx, resp.Private, config)...)
		}
		resp.Diagnostics.AddError("Cannot update the Frame.io share", fmt.Sprintf("%s. The state records the "+
			"changes made before the failure; the next plan shows the rest.\n\n%s", u.step,
			shareErrorDetail(withTimeoutOf(ctx, err, "update", timeout), secrets)))
		return
	}
	if plan.Enabled.IsUnknown() || plan.Passphrase.IsUnknown() || plan.DownloadingEnabled.IsUnknown() {
		s := u.last
		if s == nil {
			var err error
			if s, err = r.data.account.GetShare(ctx, u.id); err != nil {
				resp.Diagnostics.Append(resp.State.Set(ctx, &u.cur)...)
				resp.Diagnostics.AddError("Cannot read the updated Frame.io share",
					shareErrorDetail(withTimeoutOf(ctx, err, "update", timeout), secrets))
				return
			}
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
	// last is the reply of the last PATCH (nil: none). Asset and reviewer calls do not change what
	// Update reads from it (enabled, downloading, passphrase).
	last           *frameio.Share
	passphraseSent bool // a PATCH set or removed the passphrase
}

func (u *shareUpdate) run(ctx context.Context, plan *shareModel, state shareModel) error {
	addRev, removeRev, err := u.reviewerChanges(ctx, *plan, state)
	if err != nil {
		return err
	}
	want, _ := setStrings(plan.AssetIDs)
	have, _ := setStrings(state.AssetIDs)
	narrow, open := splitShareUpdate(*plan, state)

	if err := u.removeAssets(ctx, have, diffExact(have, want)); err != nil {
		return err
	}
	if err := u.removeReviewers(ctx, removeRev, state.Access.ValueString() == frameio.ShareAccessSecure); err != nil {
		return err
	}
	if err := u.patch(ctx, narrow, *plan, "Narrowing the share's settings"); err != nil {
		return err
	}
	if err := u.patch(ctx, open, *plan, "Opening the share's settings"); err != nil {
		return err
	}
	if err := u.addAssets(ctx, diffExact(want, have)); err != nil {
		return err
	}
	return u.inviteReviewers(ctx, addRev, plan.Message.ValueString())
}

// reviewerChanges are the reviewers to invite and to remove: managed when configured (even empty); the
// ones Frame.io has are in state, or, when they were not managed before, read now.
func (u *shareUpdate) reviewerChanges(ctx context.Context, plan, state shareModel) (add, remove []string, err error) {
	if plan.Reviewers.IsNull() {
		return nil, nil, nil
	}
	have, _ := setStrings(state.Reviewers)
	if state.Reviewers.IsNull() && state.Access.ValueString() == frameio.ShareAccessSecure {
		u.step = "Reading the current reviewers"
		if err := u.r.readReviewers(ctx, &u.cur, frameio.ShareAccessSecure); err != nil {
			return nil, nil, err
		}
		have, _ = setStrings(u.cur.Reviewers)
	}
	want, _ := setStrings(plan.Reviewers)
	u.cur.Reviewers = stringSet(have)
	return diffFold(want, have), diffFold(have, want), nil
}

func (u *shareUpdate) removeReviewers(ctx context.Context, emails []string, secure bool) error {
	if len(emails) == 0 || !secure {
		return nil
	}
	u.step = fmt.Sprintf("Removing %d reviewers", len(emails))
	n, err := u.r.data.account.RemoveShareReviewers(ctx, u.id, emails)
	u.setReviewers(without(u.reviewers(), emails[:n]))
	return err
}

func (u *shareUpdate) inviteReviewers(ctx context.Context, emails []string, message string) error {
	if len(emails) == 0 {
		return nil
	}
	u.step = fmt.Sprintf("Inviting %d reviewers", len(emails))
	n, err := u.r.data.account.AddShareReviewers(ctx, u.id, emails, message)
	u.setReviewers(append(u.reviewers(), emails[:n]...))
	return err
}

// patch sends one PATCH of the share's settings, if it has any, and records what Frame.io then holds.
func (u *shareUpdate) patch(ctx context.Context, upd frameio.ShareUpdate, plan shareModel, step string) error {
	if upd == (frameio.ShareUpdate{}) {
		return nil
	}
	u.step = step
	s, err := u.r.data.account.UpdateShare(ctx, u.id, upd)
	if err != nil {
		return err
	}
	if upd.Passphrase != nil {
		// What was sent is what Frame.io holds, unless the reply says otherwise (applyServerShare).
		u.cur.Passphrase, u.passphraseSent = types.StringNull(), true
		if *upd.Passphrase != "" {
			u.cur.Passphrase = types.StringValue(*upd.Passphrase)
		}
	}
	if upd.Expiration != nil {
		u.cur.Expiration = plan.Expiration // the configured spelling, kept when Frame.io names the same time
	}
	u.cur.applyServerShare(s)
	if s.Access == frameio.ShareAccessPublic && !u.cur.Reviewers.IsNull() {
		u.setReviewers(nil) // a public share has no reviewers
	}
	u.last = s
	return nil
}

// removeAssets and addAssets change the assets one call each. An asset already gone counts as removed;
// one already in the share (an import cannot know which are) counts as added.
func (u *shareUpdate) removeAssets(ctx context.Context, have, remove []string) error {
	cur := slices.Clone(have)
	defer func() { u.cur.AssetIDs = stringSet(cur) }()
	for _, id := range remove {
		u.step = fmt.Sprintf("Removing asset %s", id)
		if _, err := u.r.data.account.RemoveShareAsset(ctx, u.id, id); err != nil && !frameio.IsNotFound(err) {
			return err
		}
		cur = without(cur, []string{id})
	}
	return nil
}

func (u *shareUpdate) addAssets(ctx context.Context, add []string) error {
	cur, _ := setStrings(u.cur.AssetIDs)
	defer func() { u.cur.AssetIDs = stringSet(cur) }()
	for _, id := range add {
		u.step = fmt.Sprintf("Adding asset %s", id)
		if _, err := u.r.data.account.AddShareAsset(ctx, u.id, id); err != nil && !frameio.IsStatus(err, http.StatusConflict) {
			return err
		}
		cur = append(cur, id)
	}
	return nil
}

func (u *shareUpdate) reviewers() []string {
	s, _ := setStrings(u.cur.Reviewers)
	return s
}

func (u *shareUpdate) setReviewers(emails []string) { u.cur.Reviewers = stringSet(emails) }

// splitShareUpdate is the PATCH that turns state's settings into plan's, split in what narrows the share
// (sent first) and what opens it (sent last). The name and the description, neither narrowing nor
// opening, go with the first PATCH that is sent anyway. A planned unknown passphrase is a removal (see
// ModifyPlan).
func splitShareUpdate(plan, state shareModel) (narrow, open frameio.ShareUpdate) {
	null := "" // ShareUpdate sends "" as null
	if !plan.Access.Equal(state.Access) {
		side(&narrow, &open, plan.Access.ValueString() == frameio.ShareAccessSecure).Access = stringPtr(plan.Access)
	}
	if !plan.DownloadingEnabled.IsUnknown() && !plan.DownloadingEnabled.Equal(state.DownloadingEnabled) {
		side(&narrow, &open, !plan.DownloadingEnabled.ValueBool()).DownloadingEnabled = boolPtr(plan.DownloadingEnabled)
	}
	if !sameInstant(plan.Expiration, state.Expiration) {
		side(&narrow, &open, expiresSooner(plan.Expiration, state.Expiration)).Expiration = nullAsEmpty(plan.Expiration, &null)
	}
	switch {
	case plan.Passphrase.IsUnknown():
		open.Passphrase = &null
	case !plan.Passphrase.Equal(state.Passphrase):
		side(&narrow, &open, !plan.Passphrase.IsNull()).Passphrase = nullAsEmpty(plan.Passphrase, &null)
	}
	neutral := &open
	if narrow != (frameio.ShareUpdate{}) || open == (frameio.ShareUpdate{}) {
		neutral = &narrow
	}
	if !plan.Name.Equal(state.Name) {
		neutral.Name = stringPtr(plan.Name)
	}
	if !plan.Description.Equal(state.Description) {
		neutral.Description = nullAsEmpty(plan.Description, &null)
	}
	return narrow, open
}

// side is narrow when narrows, else open.
func side(narrow, open *frameio.ShareUpdate, narrows bool) *frameio.ShareUpdate {
	if narrows {
		return narrow
	}
	return open
}

// expiresSooner reports whether the planned expiration closes the link sooner than the current one: a
// time set where there was none, or an earlier one. Unparsable values count as sooner (narrow first).
func expiresSooner(plan, state types.String) bool {
	switch {
	case plan.IsNull() || plan.IsUnknown():
		return false
	case state.IsNull():
		return true
	}
	p, errP := validators.ParseRFC3339(plan.ValueString())
	s, errS := validators.ParseRFC3339(state.ValueString())
	return errP != nil || errS != nil || p.Before(s)
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
