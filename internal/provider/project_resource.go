package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	_ resource.ResourceWithConfigure   = (*projectResource)(nil)
	_ resource.ResourceWithImportState = (*projectResource)(nil)
)

// NewProjectResource returns the frameio_project resource.
func NewProjectResource() resource.Resource {
	return &projectResource{}
}

// Default timeouts of frameio_project. Creates and updates are limited to 10 a minute: many projects in
// one apply wait their turn.
const (
	defaultProjectCreateTimeout = 5 * time.Minute
	defaultProjectUpdateTimeout = 15 * time.Minute
	defaultProjectDeleteTimeout = 5 * time.Minute
)

type projectResource struct {
	configuredResource
}

type projectResourceModel struct {
	ID           types.String   `tfsdk:"id"`
	WorkspaceID  types.String   `tfsdk:"workspace_id"`
	Name         types.String   `tfsdk:"name"`
	Restricted   types.Bool     `tfsdk:"restricted"`
	Status       types.String   `tfsdk:"status"`
	RootFolderID types.String   `tfsdk:"root_folder_id"`
	ViewURL      types.String   `tfsdk:"view_url"`
	CreatedAt    types.String   `tfsdk:"created_at"`
	ForceDestroy types.Bool     `tfsdk:"force_destroy"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *projectResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (r *projectResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Frame.io project in a workspace, with its root folder (`root_folder_id`), where its " +
			"`frameio_folder` and `frameio_file` resources go. A rename, `restricted` and `status` change in place. " +
			"Destroy refuses to delete a project that still holds anything this configuration does not manage " +
			"(see `force_destroy`). Add people with `frameio_project_user`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io project id.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The workspace that holds the project (e.g. `data.frameio_workspace.x.id`). " +
					"Frame.io cannot move a project to another workspace: changing it replaces the project, " +
					"which destroy refuses while the project holds content (see `force_destroy`).",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The project name (1 to 255 characters). Frame.io does not keep names unique: " +
					"two projects of a workspace may share one. Changing it renames the project in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"restricted": schema.BoolAttribute{
				MarkdownDescription: "Whether the project is restricted: only the people added to it see it, not " +
					"everyone in its workspace. Defaults to `false`; a change is made in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`active` (the default) or `inactive`, Frame.io's project status; a change " +
					"is made in place. Frame.io creates every project active: an `inactive` project is created, " +
					"then set inactive.",
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(frameio.ProjectStatusActive),
				Validators: []validator.String{
					stringvalidator.OneOf(frameio.ProjectStatusActive, frameio.ProjectStatusInactive),
				},
			},
			"root_folder_id": schema.StringAttribute{
				MarkdownDescription: "The id of the project's root folder: the `parent_id` of its top-level " +
					"`frameio_folder` resources and the `folder_id` of its top-level files.",
				Computed:      true,
				PlanModifiers: stable,
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The project's page in the Frame.io web app.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the project was created in Frame.io (RFC 3339).",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Deleting a project in Frame.io deletes everything in it. By default (`false`) " +
					"destroy refuses to delete a project whose root folder still holds files, version stacks or " +
					"folders this configuration does not manage, and lists them; what it manages in the project is " +
					"destroyed first, so a project emptied by the same apply is deleted normally. Set `true` to " +
					"delete the project with whatever is in it. Destroy reads it from the state: apply the change " +
					"before destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("%s for a create (and setting an inactive status). Defaults to %s: "+
					"Frame.io allows 10 creates a minute.", timeoutDuration, minutes(defaultProjectCreateTimeout)),
				UpdateDescription: fmt.Sprintf("%s for a rename or a change of restricted or status. Defaults to %s: "+
					"Frame.io allows 10 of them a minute.", timeoutDuration, minutes(defaultProjectUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("%s for a delete, the check that the project is empty included. "+
					"Defaults to %s. Delete reads it from state, so a new value applies once an apply has saved it.",
					timeoutDuration, minutes(defaultProjectDeleteTimeout)),
			}, "How long create, update and delete may take, waits for Frame.io's rate limits and retries "+
				"included, before they are cancelled."),
		},
	}
}

func (r *projectResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}

// apply copies what Frame.io knows about the project into the model (Read), so that a change made out of
// band shows in the next plan (which puts it back). A property the reply leaves out keeps the model's
// value: restricted is not required by the document's Project schema, and a reply without it says
// nothing about it (after an import, when nothing is known, it is the default, false).
func (m *projectResourceModel) apply(p *frameio.Project) {
	m.applyComputed(p)
	if p.WorkspaceID != "" {
		m.WorkspaceID = types.StringValue(p.WorkspaceID)
	}
	if p.Name != "" {
		m.Name = types.StringValue(p.Name)
	}
	if p.Restricted != nil {
		m.Restricted = types.BoolValue(*p.Restricted)
	} else if m.Restricted.IsNull() || m.Restricted.IsUnknown() {
		m.Restricted = types.BoolValue(false)
	}
	if p.Status != "" {
		m.Status = types.StringValue(p.Status)
	}
}

// applyComputed copies what only Frame.io knows (the computed attributes) into the model. Create and
// Update use it alone: the configured name, restricted and status stay as planned, whatever the reply
// says of them (a reply that leaves one out or writes it otherwise would fail the apply with "Provider
// produced inconsistent result"); Read reports any difference as drift.
func (m *projectResourceModel) applyComputed(p *frameio.Project) {
	m.ID = types.StringValue(p.ID)
	m.RootFolderID = types.StringValue(p.RootFolderID)
	m.ViewURL = types.StringValue(p.ViewURL)
	m.CreatedAt = types.StringValue(p.CreatedAt)
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false)
	}
}

func (r *projectResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan projectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultProjectCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	name, workspace, restricted := plan.Name.ValueString(), plan.WorkspaceID.ValueString(), plan.Restricted.ValueBool()
	p, err := r.data.account.CreateProject(ctx, workspace, frameio.NewProject{Name: name, Restricted: &restricted})
	if err != nil {
		addErrorAt(&resp.Diagnostics, projectCreateErrorAttribute(err), "Cannot create the Frame.io project",
			fmt.Sprintf("Creating project %q in workspace %s: %s%s%s", name, workspace, explainAPIError(err),
				timeoutHint(ctx, "create", timeout), workspaceHint(err)))
		return
	}
	tflog.Info(ctx, "project created", map[string]any{"project_id": p.ID, "root_folder_id": p.RootFolderID})
	// Frame.io creates every project active; an inactive one is set so right after.
	if want := plan.Status.ValueString(); p.Status != want {
		updated, err := r.data.account.UpdateProject(ctx, p.ID, frameio.ProjectUpdate{Status: &want})
		if err != nil {
			// The project exists: keep it in the state (Terraform marks it tainted and replaces it next
			// time; it is new, so nothing in it is lost) rather than leave it unmanaged, with the status it has.
			plan.applyComputed(p)
			plan.Status = types.StringValue(p.Status)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddAttributeError(path.Root("status"), "Cannot set the status of the new Frame.io project",
				fmt.Sprintf("Project %q (%s) was created; setting its status to %q failed: %s%s", name, p.ID, want,
					explainAPIError(err), timeoutHint(ctx, "create", timeout)))
			return
		}
		p = updated
	}
	plan.applyComputed(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// projectCreateErrorAttribute is the attribute a failed create is about: the one whose value Frame.io
// refused (by the error's JSON pointer), workspace_id for a workspace Frame.io does not have, else none
// (a 429, a 5xx, a lost reply).
func projectCreateErrorAttribute(err error) string {
	if attr := pointedAttribute(err, "name", "restricted"); attr != "" {
		return attr
	}
	if workspaceHint(err) != "" {
		return "workspace_id"
	}
	return ""
}

// workspaceHint explains a 404 on a project's workspace: the usual cause is an id of another account.
// After a create whose reply was lost, the 404 is the lookup's, in the workspace's listing.
func workspaceHint(err error) string {
	var u *frameio.UncertainCreateError
	if !frameio.IsNotFound(err) && !(errors.As(err, &u) && frameio.IsNotFound(u.LookErr)) {
		return ""
	}
	return "\n\nCheck workspace_id: it must be the id of a workspace in the provider's account_id (the " +
		"frameio_workspace data source finds it by name)."
}

func (r *projectResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state projectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	get := func(ctx context.Context) (*frameio.Project, error) { return r.data.account.GetProject(ctx, id) }
	p, err := get(ctx)
	p, err = readAfterWrite(ctx, state.CreatedAt, p, err, get)
	if frameio.IsNotFound(err) {
		// Deleted out of band: the next plan creates it again.
		tflog.Info(ctx, "project not found: removed from the state", map[string]any{"project_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io project",
			fmt.Sprintf("Reading project %s: %s", id, explainAPIError(err)))
		return
	}
	state.apply(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update renames the project and changes restricted and status in place, in one call. force_destroy and
// timeouts alone change only the state.
func (r *projectResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state projectResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultProjectUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	u, attr := projectChanges(plan, state)
	if attr == "" {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	p, err := r.data.account.UpdateProject(ctx, id, u)
	if err != nil {
		// The attribute the error's JSON pointer names, else the first one the update changes.
		if pointed := pointedAttribute(err, "name", "restricted", "status"); pointed != "" {
			attr = pointed
		}
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Cannot update the Frame.io project",
			fmt.Sprintf("Updating project %s: %s%s", id, explainAPIError(err), timeoutHint(ctx, "update", timeout)))
		return
	}
	plan.applyComputed(p)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// projectChanges is the update from state to plan, and the first attribute it changes ("" for none:
// nothing to send).
func projectChanges(plan, state projectResourceModel) (u frameio.ProjectUpdate, attr string) {
	note := func(a string) {
		if attr == "" {
			attr = a
		}
	}
	if name := plan.Name.ValueString(); name != state.Name.ValueString() {
		u.Name = &name
		note("name")
	}
	if restricted := plan.Restricted.ValueBool(); restricted != state.Restricted.ValueBool() {
		u.Restricted = &restricted
		note("restricted")
	}
	if status := plan.Status.ValueString(); status != state.Status.ValueString() {
		u.Status = &status
		note("status")
	}
	return u, attr
}

// Delete deletes the project unless its root folder still holds something and force_destroy is off (the
// rule of frameio_folder: destroy_guard.go).
func (r *projectResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultProjectDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	hint := func() string { return timeoutHint(ctx, "delete", timeout) }
	if !state.ForceDestroy.ValueBool() {
		root := state.RootFolderID.ValueString()
		if root == "" { // not recorded (a state written by hand): ask Frame.io
			p, err := r.data.account.GetProject(ctx, id)
			if frameio.IsNotFound(err) {
				return // already gone
			}
			if err != nil {
				resp.Diagnostics.AddError("Cannot delete the Frame.io project",
					fmt.Sprintf("Reading project %s before deleting it: %s%s", id, explainAPIError(err), hint()))
				return
			}
			root = p.RootFolderID
		}
		target := destroyTarget{kind: "project", resourceType: "frameio_project", name: state.Name.ValueString(), id: id,
			contentOf: root}
		if ok, gone := clearedForDelete(ctx, r.data.account, target, hint, &resp.Diagnostics); !ok || gone {
			return // refused, failed, or already gone (with its root folder)
		}
	}
	if err := r.data.account.DeleteProject(ctx, id); err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io project",
			fmt.Sprintf("Deleting project %s: %s%s", id, explainAPIError(err), hint()))
	}
}
