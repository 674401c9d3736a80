package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Webhook operations are one or two calls each, but creates and updates are limited to 10 a minute:
// the defaults leave room to wait for the limit.
const (
	defaultWebhookCreateTimeout = 10 * time.Minute
	defaultWebhookUpdateTimeout = 10 * time.Minute
	defaultWebhookDeleteTimeout = 5 * time.Minute
)

var (
	_ resource.ResourceWithConfigure   = (*webhookResource)(nil)
	_ resource.ResourceWithImportState = (*webhookResource)(nil)
)

// NewWebhookResource returns the frameio_webhook resource.
func NewWebhookResource() resource.Resource {
	return &webhookResource{}
}

type webhookResource struct {
	configuredResource
}

type webhookModel struct {
	ID          types.String   `tfsdk:"id"`
	WorkspaceID types.String   `tfsdk:"workspace_id"`
	Name        types.String   `tfsdk:"name"`
	URL         types.String   `tfsdk:"url"`
	Events      types.Set      `tfsdk:"events"`
	Active      types.Bool     `tfsdk:"active"`
	Secret      types.String   `tfsdk:"secret"`
	CreatedAt   types.String   `tfsdk:"created_at"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (r *webhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

// eventList is the events for a description: `file.created`, `file.deleted`, ...
func eventList() string {
	events := frameio.WebhookEvents()
	for i, ev := range events {
		events[i] = "`" + ev + "`"
	}
	return strings.Join(events, ", ")
}

func (r *webhookResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Frame.io webhook: Frame.io sends the `events` of a workspace (a file ready, a " +
			"comment, a share viewed, ...) to `url`, each request signed with the webhook's `secret`. Name, " +
			"url, events and `active` change in place; only `workspace_id` replaces the webhook (and with it " +
			"the secret). Changes made in the web app show as drift and are put back; a webhook deleted there " +
			"is created again. The `secret` is known only from the create: Frame.io never shows it again, so " +
			"Terraform keeps it in the state (protect the state), and after `terraform import` it is null.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The webhook id.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The workspace whose events are sent (`data.frameio_workspace.x.id`). Changing it " +
					"replaces the webhook: a new webhook, with a new `secret`.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The webhook's name, shown in Frame.io (1 to %d characters). "+
					"Changed in place.", frameio.MaxWebhookName),
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, frameio.MaxWebhookName)},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Where Frame.io sends the events: an absolute `https://` URL of "+
					"at most %d characters, on a host Frame.io can reach from the internet. Plain `http://` is "+
					"refused at plan for every host, loopback included (Frame.io would send the events across the "+
					"internet in clear), and so are `localhost`, loopback, private and link-local addresses "+
					"(Frame.io could never deliver there). Changed in place; the secret stays. The URL is not "+
					"sensitive: if it carries a credential of the receiver, pass it in from a sensitive variable.",
					validators.MaxWebhookURL),
				Required:   true,
				Validators: []validator.String{validators.WebhookURL()},
			},
			"events": schema.SetAttribute{
				MarkdownDescription: "The events to send, at least one, among those Frame.io documents: " +
					eventList() + ". Any other name is a plan-time error. Changed in place.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(frameio.WebhookEvents()...)),
				},
			},
			"active": schema.BoolAttribute{
				MarkdownDescription: "Whether Frame.io sends events. Defaults to `true`; set `false` to pause the " +
					"webhook without losing it (or its secret). Changed in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The signing secret of the webhook's requests: the receiver checks each " +
					"request's signature with it, to trust that Frame.io sent it. Sensitive: never logged, shown " +
					"in plans as `(sensitive value)`. Frame.io shows it only once, in the reply to the create, so " +
					"Terraform keeps it from then on, in the state: protect the state (an encrypted remote " +
					"backend, restricted access), since whoever reads it can forge events the receiver trusts. " +
					"Hand it to the receiver through a sensitive output or straight into a secret store. Null " +
					"after `terraform import` (Frame.io does not show it again): to get a known secret, replace " +
					"the webhook (`terraform apply -replace`). Not changed by in-place updates.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: stable, // the state's value, null after an import included: nothing can change it
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the webhook was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("%s for a create. Defaults to %s: Frame.io allows 10 creates a "+
					"minute.", timeoutDuration, minutes(defaultWebhookCreateTimeout)),
				UpdateDescription: fmt.Sprintf("%s for an update. Defaults to %s: Frame.io allows 10 updates a "+
					"minute.", timeoutDuration, minutes(defaultWebhookUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("%s for a delete. Defaults to %s. Delete reads it from state, so a "+
					"new value applies once an apply has saved it.", timeoutDuration, minutes(defaultWebhookDeleteTimeout)),
			}, "How long create, update and delete may take, waits for Frame.io's rate limits and retries "+
				"included, before they are cancelled."),
		},
	}
}

// ImportState adopts a webhook by "<workspace_id>/<webhook_id>" or by its id alone. The document's
// Webhook schema marks workspace_id nullable and not required, so a reply may not say which workspace
// the webhook is in: with the id alone, Read then refuses the import (see requireWorkspace) rather than
// leave workspace_id null, which the configured value (RequiresReplace) would plan to replace, losing
// the secret. Its secret is not known (Frame.io shows it at creation only): it stays null.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if ws, hook, ok := strings.Cut(req.ID, "/"); ok {
		if ws == "" || hook == "" || strings.Contains(hook, "/") {
			resp.Diagnostics.AddError("Cannot import the Frame.io webhook", fmt.Sprintf("Import id %q: give the "+
				"webhook's id, or <workspace_id>/<webhook_id>.", req.ID))
			return
		}
		id = hook
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("workspace_id"), ws)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// Create makes the webhook with its name, url and events (the one reply that carries the secret), then
// pauses it when active is false: a new webhook is active, and the create takes no active.
func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultWebhookCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)

	events, _ := setStrings(plan.Events)
	w, err := r.data.account.CreateWebhook(ctx, plan.WorkspaceID.ValueString(), frameio.NewWebhook{
		Name: plan.Name.ValueString(), URL: plan.URL.ValueString(), Events: events,
	})
	if err != nil {
		var uerr *frameio.UncertainCreateError
		if errors.As(err, &uerr) && uerr.MadeID != "" {
			// A lost reply made a webhook that could not be deleted: its secret is unknown. It is kept in
			// the state, tainted by the error, so that the next apply replaces it rather than leaving it.
			plan.ID, plan.Secret, plan.CreatedAt = types.StringValue(uerr.MadeID), types.StringNull(), types.StringNull()
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		addWebhookError(&resp.Diagnostics, "Cannot create the Frame.io webhook", err,
			webhookErrorDetail(withTimeoutOf(ctx, err, "create", timeout), nil))
		return
	}
	ctx = r.learnSecret(ctx, w.Secret)
	plan.ID, plan.CreatedAt = types.StringValue(w.ID), types.StringValue(w.CreatedAt)
	plan.Secret = types.StringValue(w.Secret)
	if w.Secret == "" {
		plan.Secret = types.StringNull()
		resp.Diagnostics.AddWarning("Frame.io did not send the webhook's secret", fmt.Sprintf("The reply that "+
			"created webhook %s carried no signing secret, and Frame.io shows it nowhere else: secret is null. To "+
			"get one, replace the webhook (terraform apply -replace=...).", w.ID))
	}
	tflog.Info(ctx, "webhook created", map[string]any{"webhook_id": w.ID, "name": w.Name, "events": len(events)})

	if !plan.Active.ValueBool() {
		off := false
		if _, err := r.data.account.UpdateWebhook(ctx, w.ID, frameio.WebhookUpdate{Active: &off}); err != nil {
			// The webhook exists and sends events: the state records it as it is, and the error taints it, so
			// the next apply replaces it (it is new: nobody relies on it or its secret yet).
			plan.Active = types.BoolValue(true)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddError("Cannot pause the new Frame.io webhook", fmt.Sprintf("Webhook %s was created "+
				"(active: Frame.io makes every new webhook active), then setting active = false failed. It is kept in "+
				"the state and marked for replacement.\n\n%s", w.ID,
				webhookErrorDetail(withTimeoutOf(ctx, err, "create", timeout), []string{w.Secret})))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read reports what Frame.io holds, so that changes made in the web app show as drift. A webhook deleted
// in Frame.io leaves the state (the next plan creates it again). The secret is kept: no reply carries it.
func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.learnSecret(r.data.logContext(ctx), state.Secret.ValueString())
	id := state.ID.ValueString()
	w, err := r.data.account.GetWebhook(ctx, id)
	w, err = readAfterWrite(ctx, state.CreatedAt, w, err, func(ctx context.Context) (*frameio.Webhook, error) {
		return r.data.account.GetWebhook(ctx, id)
	})
	if frameio.IsNotFound(err) {
		tflog.Warn(ctx, "webhook deleted outside Terraform; it will be created again", map[string]any{"webhook_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io webhook",
			fmt.Sprintf("Reading webhook %s: %s", id, webhookErrorDetail(err, secretsOf(state))))
		return
	}
	state.apply(w)
	if state.WorkspaceID.IsNull() {
		// Only after an import by id alone of a webhook whose reply does not name its workspace (a
		// created webhook's state has the configured one, kept while replies leave it out: apply).
		resp.Diagnostics.AddAttributeError(path.Root("workspace_id"), "Cannot import the Frame.io webhook without its workspace",
			fmt.Sprintf("Frame.io's reply for webhook %s does not say which workspace it is in, and workspace_id "+
				"cannot be left unknown (a value set later would replace the webhook and lose its secret). Import "+
				"it as <workspace_id>/<webhook_id>, e.g. terraform import frameio_webhook.x <workspace_id>/%s "+
				"(data.frameio_workspace finds a workspace's id by name).", id, id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends what changed in one PATCH: name, url, events, active. The secret stays.
func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultWebhookUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.learnSecret(r.data.logContext(ctx), state.Secret.ValueString())

	u, changed := webhookChanges(plan, state)
	plan.ID, plan.Secret, plan.CreatedAt = state.ID, state.Secret, state.CreatedAt
	if changed { // else only timeouts changed: nothing to send
		if _, err := r.data.account.UpdateWebhook(ctx, state.ID.ValueString(), u); err != nil {
			addWebhookError(&resp.Diagnostics, "Cannot update the Frame.io webhook", err, fmt.Sprintf("Updating webhook %s: %s",
				state.ID.ValueString(), webhookErrorDetail(withTimeoutOf(ctx, err, "update", timeout), secretsOf(state))))
			return
		}
		tflog.Info(ctx, "webhook updated", map[string]any{"webhook_id": state.ID.ValueString()})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// webhookChanges is the PATCH that takes the webhook from state to plan: only the fields that differ;
// changed is false when none does.
func webhookChanges(plan, state webhookModel) (u frameio.WebhookUpdate, changed bool) {
	if !plan.Name.Equal(state.Name) {
		u.Name = stringPtr(plan.Name)
	}
	if !plan.URL.Equal(state.URL) {
		u.URL = stringPtr(plan.URL)
	}
	if !plan.Events.Equal(state.Events) {
		u.Events, _ = setStrings(plan.Events)
	}
	if !plan.Active.Equal(state.Active) {
		u.Active = boolPtr(plan.Active)
	}
	return u, u.Name != nil || u.URL != nil || u.Events != nil || u.Active != nil
}

// Delete deletes the webhook. Already gone is success.
func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultWebhookDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.learnSecret(r.data.logContext(ctx), state.Secret.ValueString())
	id := state.ID.ValueString()
	if err := r.data.account.DeleteWebhook(ctx, id); err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io webhook", fmt.Sprintf("Deleting webhook %s: %s", id,
			webhookErrorDetail(withTimeoutOf(ctx, err, "delete", timeout), secretsOf(state))))
		return
	}
	tflog.Info(ctx, "webhook deleted", map[string]any{"webhook_id": id})
}

// apply copies what Frame.io reports into m. A field the reply leaves out (active and workspace_id are not
// required) keeps m's value; the secret is never in a reply and stays as it is.
func (m *webhookModel) apply(w *frameio.Webhook) {
	m.ID = types.StringValue(w.ID)
	m.Name = types.StringValue(w.Name)
	m.URL = types.StringValue(w.URL)
	m.Events = stringSet(w.Events)
	if w.Active != nil {
		m.Active = types.BoolValue(*w.Active)
	} else if m.Active.IsNull() || m.Active.IsUnknown() {
		m.Active = types.BoolValue(true) // after an import, when the reply does not say: Frame.io's default
	}
	if w.WorkspaceID != "" {
		m.WorkspaceID = types.StringValue(w.WorkspaceID)
	}
	if w.CreatedAt != "" {
		m.CreatedAt = types.StringValue(w.CreatedAt)
	}
}

// learnSecret makes every later log line of ctx, and of the provider's API client, mask secret.
func (r *webhookResource) learnSecret(ctx context.Context, secret string) context.Context {
	if secret == "" {
		return ctx
	}
	r.data.secrets.add(secret)
	return tflog.MaskLogStrings(ctx, secret)
}

// secretsOf is the webhook's secret, when known: scrubbed from error texts.
func secretsOf(m webhookModel) []string {
	if s := m.Secret.ValueString(); s != "" {
		return []string{s}
	}
	return nil
}

// webhookErrorDetail explains a failed call, says which rule a refused value broke, and never repeats the
// secret. It reads every API error of err: a create whose reply was lost carries the lookup's too, and a
// workspace that does not exist may only show in that one.
func webhookErrorDetail(err error, secrets []string) string {
	msg := explainAPIError(err).Error()
	hint, noWorkspace := "", false
	eachAPIError(err, func(ae *frameio.APIError) {
		for _, d := range ae.Errors {
			if h := webhookPointerHint(d.Pointer); h != "" && hint == "" {
				hint = h
			}
		}
		noWorkspace = noWorkspace || ae.StatusCode == 404 && strings.HasSuffix(ae.Path, "/webhooks")
	})
	if hint != "" {
		msg += "\n\n" + hint
	}
	if noWorkspace {
		msg += "\n\nCheck workspace_id: Frame.io has no such workspace in this account (data.frameio_workspace " +
			"finds one by name)."
	}
	for _, s := range secrets {
		msg = httpx.RedactSecret(msg, s)
	}
	return msg
}

// addWebhookError adds an error about the attribute whose value Frame.io refused (or whose workspace it
// does not have), when err names one; else about the resource.
func addWebhookError(diags *diag.Diagnostics, title string, err error, detail string) {
	attr := ""
	eachAPIError(err, func(ae *frameio.APIError) {
		for _, d := range ae.Errors {
			if a := webhookAttributeOf(d.Pointer); a != "" && attr == "" {
				attr = a
			}
		}
		if attr == "" && ae.StatusCode == 404 && strings.HasSuffix(ae.Path, "/webhooks") {
			attr = "workspace_id"
		}
	})
	if attr == "" {
		diags.AddError(title, detail)
		return
	}
	diags.AddAttributeError(path.Root(attr), title, detail)
}

// webhookAttributeOf is the attribute of a refused request field, by its JSON pointer ("" for none).
func webhookAttributeOf(pointer string) string {
	field, _, _ := strings.Cut(strings.TrimPrefix(pointer, "/data/"), "/")
	switch field {
	case "name", "url", "events", "active":
		return field
	}
	return ""
}

// eachAPIError calls visit with every *frameio.APIError in err's tree, in order.
func eachAPIError(err error, visit func(*frameio.APIError)) {
	if ae, ok := err.(*frameio.APIError); ok {
		visit(ae)
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if next := u.Unwrap(); next != nil {
			eachAPIError(next, visit)
		}
	case interface{ Unwrap() []error }:
		for _, next := range u.Unwrap() {
			eachAPIError(next, visit)
		}
	}
}

// webhookPointerHint gives the rule of the attribute behind a JSON pointer of a refused request.
func webhookPointerHint(pointer string) string {
	switch {
	case pointer == "/data/url":
		return "Check url: an absolute https:// URL, at most 2000 characters, that Frame.io can reach."
	case strings.HasPrefix(pointer, "/data/events"):
		return "Check events: at least one, each once, among: " + strings.Join(frameio.WebhookEvents(), ", ") + "."
	case pointer == "/data/name":
		return fmt.Sprintf("Check name: 1 to %d characters.", frameio.MaxWebhookName)
	}
	return ""
}
