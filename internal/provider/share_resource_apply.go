package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Create makes the share with its assets in one call, then invites the reviewers (10 a call). The share
// exists from the first call on, and its link may already be on its way to the client: a failure
// inviting reviewers does not fail the create (which would taint the share, and the next apply would
// replace it, link and all). It warns instead; the next refresh reads which reviewers Frame.io has, and
// the next apply invites the others, in place.
func (r *shareResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config shareModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultShareCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx, secrets := r.shareLogContext(ctx, plan)

	assets, _ := setStrings(plan.AssetIDs)
	s, err := r.data.account.CreateShare(ctx, plan.ProjectID.ValueString(), frameio.NewShare{
		Name: plan.Name.ValueString(), Access: plan.Access.ValueString(), AssetIDs: assets,
		DownloadingEnabled: boolPtr(plan.DownloadingEnabled), Expiration: stringPtr(plan.Expiration),
		Passphrase: stringPtr(plan.Passphrase), Description: stringPtr(plan.Description),
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the Frame.io share",
			shareErrorDetail(withTimeoutOf(ctx, err, "create", timeout), secrets))
		return
	}
	plan.fillFromServer(s)
	tflog.Info(ctx, "share created", map[string]any{"share_id": s.ID, "name": s.Name, "access": s.Access, "assets": len(assets)})

	if emails, _ := setStrings(plan.Reviewers); len(emails) > 0 {
		if n, err := r.data.account.AddShareReviewers(ctx, s.ID, emails, plan.Message.ValueString()); err != nil {
			// The state records the planned reviewers, as Terraform requires of a configured value (any
			// other value is an inconsistent result, which taints); the next refresh reads the real ones.
			resp.Diagnostics.AddWarning("Reviewers not invited yet", fmt.Sprintf("The share %s was created "+
				"(short_url %s) and %d of %d reviewers were invited; inviting the others failed. The share is "+
				"kept, not replaced: the next terraform plan or apply reads which reviewers it has, and the apply "+
				"invites the others, in place.\n\n%s", s.ID, s.ShortURL, n, len(emails), shareErrorDetail(withTimeoutOf(ctx, err, "create", timeout), secrets)))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(storeSharePrivate(ctx, resp.Private, config)...)
}

// Read reports what Frame.io holds. A share deleted in Frame.io leaves the state (the next plan creates
// it again). asset_ids, project_id and message cannot be read back and are kept as they are.
func (r *shareResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state shareModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, secrets := r.shareLogContext(ctx, state)
	s, err := r.data.account.GetShare(ctx, state.ID.ValueString())
	if frameio.IsNotFound(err) {
		tflog.Warn(ctx, "share deleted outside Terraform; it will be created again", map[string]any{"share_id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io share", shareErrorDetail(err, secrets))
		return
	}
	state.applyServerShare(s)
	// Reviewers are read when Terraform manages them, and once after an import (asset_ids still null).
	if !state.Reviewers.IsNull() || state.AssetIDs.IsNull() {
		if err := r.readReviewers(ctx, &state, s.Access); err != nil {
			resp.Diagnostics.AddError("Cannot read the reviewers of the Frame.io share", shareErrorDetail(err, secrets))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// readReviewers sets m.Reviewers to the share's reviewers, spelled as m had them where they match
// without regard to case. A public share has none (null after an import, else empty).
func (r *shareResource) readReviewers(ctx context.Context, m *shareModel, access string) error {
	if access != frameio.ShareAccessSecure {
		if m.AssetIDs.IsNull() {
			m.Reviewers = types.SetNull(types.StringType)
		} else {
			m.Reviewers = stringSet(nil)
		}
		return nil
	}
	list, err := r.data.account.ListShareReviewers(ctx, m.ID.ValueString())
	if err != nil {
		return err
	}
	known, _ := setStrings(m.Reviewers)
	emails := make([]string, 0, len(list))
	for _, rv := range list {
		email := rv.Email
		if i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, email) }); i >= 0 {
			email = known[i]
		}
		emails = append(emails, email)
	}
	m.Reviewers = stringSet(emails)
	return nil
}

// Delete deletes the share (the shared assets stay). Already gone is success.
func (r *shareResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state shareModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultShareDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx, secrets := r.shareLogContext(ctx, state)
	err := r.data.account.DeleteShare(ctx, state.ID.ValueString())
	if err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io share",
			shareErrorDetail(withTimeoutOf(ctx, err, "delete", timeout), secrets))
		return
	}
	tflog.Info(ctx, "share deleted", map[string]any{"share_id": state.ID.ValueString()})
}

// applyServerShare copies what Frame.io reports into m, so that changes made in the web app show as
// drift. An expiration that names the same time as m's keeps m's spelling.
func (m *shareModel) applyServerShare(s *frameio.Share) {
	m.ID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	m.Access = types.StringValue(s.Access)
	m.DownloadingEnabled = types.BoolValue(s.DownloadingEnabled)
	m.Description = types.StringPointerValue(s.Description)
	if s.PassphraseReported {
		m.Passphrase = types.StringPointerValue(s.Passphrase)
	} // else: the reply says nothing of it, and m keeps the one configured or reported before
	m.ShortURL = types.StringValue(s.ShortURL)
	m.Enabled = types.BoolValue(s.Enabled)
	m.CreatedAt = types.StringValue(s.CreatedAt)
	m.Expiration = serverExpiration(m.Expiration, s.Expiration)
}

// fillFromServer sets the values the plan left unknown from a reply; known planned values stay, as
// Terraform requires.
func (m *shareModel) fillFromServer(s *frameio.Share) {
	setIfUnset(&m.ID, s.ID)
	setIfUnset(&m.ShortURL, s.ShortURL)
	setIfUnset(&m.CreatedAt, s.CreatedAt)
	if m.Enabled.IsUnknown() {
		m.Enabled = types.BoolValue(s.Enabled)
	}
	if m.DownloadingEnabled.IsUnknown() {
		m.DownloadingEnabled = types.BoolValue(s.DownloadingEnabled)
	}
	if m.Passphrase.IsUnknown() {
		// Not configured: the one Frame.io generated when the reply says so, else null (not known).
		m.Passphrase = types.StringPointerValue(s.Passphrase)
	}
}

// serverExpiration is the expiration to record: known's when it names the same time as Frame.io's
// reply, otherwise the reply's, in UTC.
func serverExpiration(known types.String, got *string) types.String {
	if got == nil {
		return types.StringNull()
	}
	t, err := validators.ParseRFC3339(*got)
	if err != nil {
		return types.StringValue(*got)
	}
	if sameInstant(known, types.StringValue(*got)) {
		return known
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}

// shareLogContext masks the passphrases of ms in the logs of ctx and returns them, for scrubbing errors.
func (r *shareResource) shareLogContext(ctx context.Context, ms ...shareModel) (context.Context, []string) {
	secrets := shareSecrets(ms...)
	return tflog.MaskLogStrings(r.data.logContext(ctx), secrets...), secrets
}

// shareSecrets are the passphrases of the models: masked in logs and scrubbed from errors.
func shareSecrets(ms ...shareModel) []string {
	var out []string
	for _, m := range ms {
		if p := m.Passphrase.ValueString(); p != "" && !m.Passphrase.IsUnknown() {
			out = append(out, p)
		}
	}
	return out
}

// shareErrorDetail explains a failed call, names the attribute Frame.io refused, and never repeats a
// passphrase.
func shareErrorDetail(err error, secrets []string) string {
	msg := explainAPIError(err).Error()
	var ae *frameio.APIError
	if errors.As(err, &ae) {
		for _, d := range ae.Errors {
			if hint := sharePointerHint(d.Pointer); hint != "" {
				msg += "\n\n" + hint
				break
			}
		}
		if ae.StatusCode == 404 && strings.HasSuffix(ae.Path, "/shares") {
			msg += "\n\nCheck project_id: Frame.io has no such project in this account."
		}
	}
	for _, s := range secrets {
		msg = httpx.RedactSecret(msg, s)
	}
	return msg
}

// sharePointerHint names the attribute behind a JSON pointer of a refused request, and its rule.
func sharePointerHint(pointer string) string {
	switch {
	case strings.HasPrefix(pointer, "/data/asset_id"):
		return "Check asset_ids: 1 to 100 ids of files, folders or version stacks of the project in project_id."
	case pointer == "/data/expiration":
		return "Check expiration: an RFC 3339 time in the future."
	case pointer == "/data/description":
		return "Check description: 1 to 640 characters; Frame.io takes it only on accounts with custom branded shares."
	case pointer == "/data/name":
		return "Check name: 1 to 175 characters, not only white space, no line breaks."
	case pointer == "/data/passphrase":
		return "Check passphrase: at most 255 characters."
	case strings.HasPrefix(pointer, "/data/reviewers"):
		return `Check reviewers: email addresses, on a share with access = "secure".`
	}
	return ""
}

func stringPtr(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

func boolPtr(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}
