package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	_ resource.ResourceWithConfigure   = (*folderResource)(nil)
	_ resource.ResourceWithImportState = (*folderResource)(nil)
)

// NewFolderResource returns the frameio_folder resource.
func NewFolderResource() resource.Resource {
	return &folderResource{}
}

// Default timeouts of frameio_folder. Each operation is one or two API calls, but it waits its turn in
// the client's pacing (a large tree at a high -parallelism queues behind the documented limits) and
// retries with backoff. Renames and moves are limited to 10 a minute, so a tree of a hundred waits
// minutes for them: update gets the longest default.
const (
	defaultFolderCreateTimeout = 5 * time.Minute
	defaultFolderUpdateTimeout = 15 * time.Minute
	defaultFolderDeleteTimeout = 5 * time.Minute
)

type folderResource struct {
	configuredResource
}

type folderModel struct {
	ID           types.String   `tfsdk:"id"`
	Name         types.String   `tfsdk:"name"`
	ParentID     types.String   `tfsdk:"parent_id"`
	ProjectID    types.String   `tfsdk:"project_id"`
	ViewURL      types.String   `tfsdk:"view_url"`
	CreatedAt    types.String   `tfsdk:"created_at"`
	ForceDestroy types.Bool     `tfsdk:"force_destroy"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *folderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_folder"
}

func (r *folderResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A folder in a Frame.io project. Nest folders by setting `parent_id` to another " +
			"`frameio_folder`'s `id` to build a whole delivery tree; a rename or a move is done in place. " +
			"Destroy refuses to delete a folder that still holds anything this configuration does not manage " +
			"(see `force_destroy`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io folder id.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The folder name (1 to 255 characters). Frame.io does not keep names unique: " +
					"two folders of one parent may share a name. Changing it renames the folder in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "The folder that holds this one: a project's `root_folder_id` for a top-level " +
					"folder, or another folder's `id`. Changing it moves the folder, with everything in it, in place " +
					"(within the same project).",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project the folder belongs to.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The folder's page in the Frame.io web app.",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the folder was created in Frame.io (RFC 3339).",
				Computed:            true,
				PlanModifiers:       stable,
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "Deleting a folder in Frame.io deletes everything in it. By default (`false`) " +
					"destroy refuses to delete a folder that still holds files, version stacks or folders this " +
					"configuration does not manage, and lists them; what it manages in the folder is destroyed " +
					"first, so a folder emptied by the same apply is deleted normally. Set `true` to delete the " +
					"folder with whatever is in it. Destroy reads it from the state: apply the change before " +
					"destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("%s for a create. Defaults to %s.", timeoutDuration,
					minutes(defaultFolderCreateTimeout)),
				UpdateDescription: fmt.Sprintf("%s for a rename and a move. Defaults to %s: Frame.io allows 10 "+
					"of them a minute, and a large tree waits its turn.", timeoutDuration, minutes(defaultFolderUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("%s for a delete, the check that the folder is empty included. "+
					"Defaults to %s. Delete reads it from state, so a new value applies once an apply has saved it.",
					timeoutDuration, minutes(defaultFolderDeleteTimeout)),
			}, "How long create, update and delete may take, waits for Frame.io's rate limits and retries "+
				"included, before they are cancelled."),
		},
	}
}

func (r *folderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), false)...)
}

// apply copies what Frame.io knows about the folder into the model, so that a rename or a move made out
// of band shows in the next plan (which puts it back).
func (m *folderModel) apply(f *frameio.Folder) {
	m.ID = types.StringValue(f.ID)
	m.Name = types.StringValue(f.Name)
	m.ParentID = types.StringValue(f.ParentID)
	m.ProjectID = types.StringValue(f.ProjectID)
	m.ViewURL = types.StringValue(f.ViewURL)
	m.CreatedAt = types.StringValue(f.CreatedAt)
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false)
	}
}

func (r *folderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan folderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultFolderCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	f, err := r.data.account.CreateFolder(ctx, plan.ParentID.ValueString(), plan.Name.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("parent_id"), "Cannot create the Frame.io folder",
			fmt.Sprintf("Creating folder %q in folder %s: %s%s%s", plan.Name.ValueString(), plan.ParentID.ValueString(),
				explainAPIError(err), timeoutHint(ctx, "create", timeout), parentHint(err)))
		return
	}
	plan.apply(f)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// parentHint explains a 404 on a folder's parent: the usual cause is an id of another account or project.
func parentHint(err error) string {
	if !frameio.IsNotFound(err) {
		return ""
	}
	return "\n\nCheck parent_id: it must be the id of a folder (or a project's root_folder_id) in the provider's " +
		"account_id."
}

func (r *folderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state folderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)
	// Read cache (frameio readcache.go): the listing of the parent's folders, else the folder's own GET.
	f, err := r.data.account.ReadFolder(ctx, state.ParentID.ValueString(), state.ID.ValueString())
	f, err = readAfterWrite(ctx, state.CreatedAt, f, err, func(ctx context.Context) (*frameio.Folder, error) {
		return r.data.account.GetFolder(ctx, state.ID.ValueString())
	})
	if frameio.IsNotFound(err) {
		// Deleted out of band (itself or with a parent): the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io folder",
			fmt.Sprintf("Reading folder %s: %s", state.ID.ValueString(), explainAPIError(err)))
		return
	}
	state.apply(f)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update renames and moves in place. force_destroy alone changes only the state.
func (r *folderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state folderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultFolderUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	var f *frameio.Folder
	if name := plan.Name.ValueString(); name != state.Name.ValueString() {
		var err error
		if f, err = r.data.account.RenameFolder(ctx, id, name); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Cannot rename the Frame.io folder",
				fmt.Sprintf("Renaming folder %s to %q: %s%s", id, name, explainAPIError(err),
					timeoutHint(ctx, "update", timeout)))
			return
		}
	}
	if parent := plan.ParentID.ValueString(); parent != state.ParentID.ValueString() {
		moved, err := r.data.account.MoveFolder(ctx, id, parent)
		if err != nil {
			if f != nil { // the rename is done: keep it in the state, so the next plan only moves
				state.apply(f)
				resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			}
			resp.Diagnostics.AddAttributeError(path.Root("parent_id"), "Cannot move the Frame.io folder",
				fmt.Sprintf("Moving folder %s into folder %s: %s%s%s", id, parent, explainAPIError(err),
					timeoutHint(ctx, "update", timeout), parentHint(err)))
			return
		}
		f = moved
	}
	if f == nil {
		var err error
		if f, err = r.data.account.GetFolder(ctx, id); err != nil {
			resp.Diagnostics.AddError("Cannot read the Frame.io folder",
				fmt.Sprintf("Reading folder %s: %s%s", id, explainAPIError(err), timeoutHint(ctx, "update", timeout)))
			return
		}
	}
	plan.apply(f)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete deletes the folder unless it still holds something and force_destroy is off. What this
// configuration manages in the folder depends on it, so Terraform destroyed it before; whatever is left
// was put there some other way, and deleting the folder would delete it too.
func (r *folderResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state folderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultFolderDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	if !state.ForceDestroy.ValueBool() {
		// What this apply destroyed in the folder may still be listed for a moment: not unmanaged content.
		target := destroyTarget{kind: "folder", resourceType: "frameio_folder", name: state.Name.ValueString(), id: id, contentOf: id}
		ok, gone := clearedForDelete(ctx, r.data.account, target, func() string { return timeoutHint(ctx, "delete", timeout) },
			&resp.Diagnostics)
		if !ok || gone {
			return // refused, failed, or already gone
		}
	}
	if err := r.data.account.DeleteFolder(ctx, id); err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io folder",
			fmt.Sprintf("Deleting folder %s: %s%s", id, explainAPIError(err), timeoutHint(ctx, "delete", timeout)))
	}
}
