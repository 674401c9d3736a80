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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/planmodifiers"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Default operation timeouts. Create is long on purpose: multi-gigabyte uploads must not be killed by
// a short default (a lesson from peer providers).
const (
	defaultCreateTimeout = 60 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// Values of wait_for.
const (
	waitForUpload    = "upload"
	waitForTranscode = "transcode"
)

var (
	_ resource.ResourceWithConfigure   = (*fileResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*fileResource)(nil)
	_ resource.ResourceWithImportState = (*fileResource)(nil)
)

// NewFileResource returns the frameio_file resource.
func NewFileResource() resource.Resource {
	return &fileResource{}
}

type fileResource struct {
	data *providerData
}

type fileModel struct {
	ID           types.String   `tfsdk:"id"`
	FolderID     types.String   `tfsdk:"folder_id"`
	Name         types.String   `tfsdk:"name"`
	Source       types.String   `tfsdk:"source"`
	SourceSHA256 types.String   `tfsdk:"source_sha256"`
	SourceURL    types.String   `tfsdk:"source_url"`
	WaitFor      types.String   `tfsdk:"wait_for"`
	FileSize     types.Int64    `tfsdk:"file_size"`
	MediaType    types.String   `tfsdk:"media_type"`
	Status       types.String   `tfsdk:"status"`
	ViewURL      types.String   `tfsdk:"view_url"`
	ProjectID    types.String   `tfsdk:"project_id"`
	CreatedAt    types.String   `tfsdk:"created_at"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

func (r *fileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (r *fileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A file (media asset) in a Frame.io folder, uploaded from a local `source` path with a " +
			"chunked, parallel upload, or fetched by Frame.io from a `source_url`. Apply returns only once Frame.io " +
			"reports the upload complete. New content means a new file (Frame.io cannot change content in place); " +
			"a rename or a move is done in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io file id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"folder_id": schema.StringAttribute{
				MarkdownDescription: "The folder the file lives in (a project's `root_folder_id` for top level). " +
					"Changing it moves the file in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The file name shown in Frame.io (1 to 255 characters). Defaults to the base " +
					"name of `source`, or the last path segment of `source_url`. Changing it renames the file in place.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Path of a local file to upload. Exactly one of `source` and `source_url` must " +
					"be set. Its content is identified by `source_sha256`: new content replaces the file; a new path " +
					"with the same content changes nothing in Frame.io.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("source"), path.MatchRoot("source_url")),
				},
			},
			"source_sha256": schema.StringAttribute{
				MarkdownDescription: "Hex SHA-256 of the content of `source`. Leave it unset and the provider " +
					"computes it: on create, from the bytes it uploads (the plan shows it as known after apply); " +
					"on later plans, by streaming the file, cached by size and modification time so an unchanged " +
					"file is not read again. New content plans a replacement, with the new hash known after apply. " +
					"Set it (e.g. to `filesha256(...)` or a value from your build) to make it the trusted content " +
					"identity and skip hashing; a change replaces the file.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					validators.SHA256Hex(),
					stringvalidator.ConflictsWith(path.MatchRoot("source_url")),
				},
			},
			"source_url": schema.StringAttribute{
				MarkdownDescription: "URL that Frame.io fetches the file from (a remote upload, up to 50 GB). " +
					"`https://`, or `http://` for loopback hosts only. Frame.io cannot watch the content behind a URL: " +
					"change the URL (or use `replace_triggered_by`) to upload new content. Changing it replaces the file.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					validators.HTTPSOrLoopbackURL(),
				},
				PlanModifiers: []planmodifier.String{
					// A file adopted by import has neither source in state: setting source_url records it.
					planmodifiers.RequiresReplaceUnlessAdopted(path.Root("source"), path.Root("source_url")),
				},
			},
			"wait_for": schema.StringAttribute{
				MarkdownDescription: "What create waits for: `upload` (default) until Frame.io reports the upload " +
					"complete, or `transcode` until the file's `status` is also `transcoded` (playable proxies ready).",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(waitForUpload),
				Validators: []validator.String{stringvalidator.OneOf(waitForUpload, waitForTranscode)},
			},
			"file_size": schema.Int64Attribute{
				MarkdownDescription: "Size of the file in bytes, as Frame.io reports it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"media_type": schema.StringAttribute{
				MarkdownDescription: "MIME type Frame.io chose from the file name.",
				Computed:            true,
				// Unknown again when the name changes: see planUpdateSideEffects.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Processing status in Frame.io: `created`, `uploaded` or `transcoded`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The file's page in the Frame.io web app.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project the file belongs to.",
				Computed:            true,
				// Unknown again when folder_id changes: see planUpdateSideEffects.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the file was created in Frame.io (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

// timeoutsAttribute is the framework's timeouts attribute, described with this resource's defaults.
func timeoutsAttribute(ctx context.Context) schema.Attribute {
	// Plain text: the framework sets these as Description, which is not rendered as Markdown.
	const duration = `A duration such as "30s" or "2h45m" (units s, m, h)`
	attr := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("%s for the whole create: upload and the wait_for wait. Defaults to %s; "+
			"raise it for very large files or slow links.", duration, minutes(defaultCreateTimeout)),
		UpdateDescription: fmt.Sprintf("%s for a rename or a move. Defaults to %s.", duration, minutes(defaultUpdateTimeout)),
		DeleteDescription: fmt.Sprintf("%s for a delete. Defaults to %s. Delete reads it from state, so a new "+
			"value applies once an apply has saved it.", duration, minutes(defaultDeleteTimeout)),
	})
	nested, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		return attr // a future timeouts module may change the type; the descriptions above still apply
	}
	nested.MarkdownDescription = "How long create, update and delete may take before they are cancelled. " +
		"A create that times out deletes the incomplete file."
	return nested
}

// minutes formats d as Terraform users write it, e.g. "60m".
func minutes(d time.Duration) string {
	return fmt.Sprintf("%dm", int(d/time.Minute))
}

func (r *fileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *fileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for"), waitForUpload)...)
}

func (r *fileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)

	file, err := r.data.client.GetFile(ctx, r.data.accountID, state.ID.ValueString())
	if frameio.IsNotFound(err) {
		// Deleted out of band: drop it so the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file",
			fmt.Sprintf("Reading file %s: %s", state.ID.ValueString(), explainAPIError(err)))
		return
	}
	state.applyServerFile(file)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *fileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(r.data.logContext(ctx), timeout)
	defer cancel()

	file, err := r.renameAndMove(ctx, &plan, &state, resp)
	if err != nil {
		resp.Diagnostics.AddError("Cannot update the Frame.io file", explainAPIError(err).Error())
		return
	}
	plan.fillUnknownFromServer(file)
	nullIfUnknown(&plan.SourceSHA256)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// renameAndMove applies the planned name and folder_id, the only in-place changes Frame.io supports. A
// rename that succeeds is saved in state at once, so a move that fails afterwards does not lose it.
func (r *fileResource) renameAndMove(ctx context.Context, plan, state *fileModel, resp *resource.UpdateResponse) (*frameio.File, error) {
	accountID, id := r.data.accountID, state.ID.ValueString()
	file, err := r.data.client.GetFile(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	if !plan.Name.Equal(state.Name) {
		file, err = r.data.client.RenameFile(ctx, accountID, id, plan.Name.ValueString())
		if err != nil {
			return nil, fmt.Errorf("name: cannot rename the file to %q: %w", plan.Name.ValueString(), err)
		}
		state.applyServerFile(file)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
	if !plan.FolderID.Equal(state.FolderID) {
		file, err = r.data.client.MoveFile(ctx, accountID, id, plan.FolderID.ValueString())
		if err != nil {
			return nil, fmt.Errorf("folder_id: cannot move the file to folder %s; check that the folder exists in "+
				"account %s: %w", plan.FolderID.ValueString(), accountID, err)
		}
	}
	return file, nil
}

func (r *fileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state fileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(r.data.logContext(ctx), timeout)
	defer cancel()

	err := r.data.client.DeleteFile(ctx, r.data.accountID, state.ID.ValueString())
	if err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io file",
			fmt.Sprintf("Deleting file %s: %s", state.ID.ValueString(), explainAPIError(err)))
	}
}

// applyServerFile copies what Frame.io knows about the file into the model, so that changes made out of
// band (rename, move) show as drift.
func (m *fileModel) applyServerFile(f *frameio.File) {
	m.ID = types.StringValue(f.ID)
	m.Name = types.StringValue(f.Name)
	m.FolderID = types.StringValue(f.ParentID)
	m.FileSize = types.Int64Value(f.FileSize)
	m.MediaType = types.StringValue(f.MediaType)
	m.Status = types.StringValue(f.Status)
	m.ViewURL = types.StringValue(f.ViewURL)
	m.ProjectID = types.StringValue(f.ProjectID)
	m.CreatedAt = types.StringValue(f.CreatedAt)
	if m.WaitFor.IsNull() || m.WaitFor.IsUnknown() {
		m.WaitFor = types.StringValue(waitForUpload)
	}
}

// fillUnknownFromServer sets the computed values that the plan left unknown from the server's reply.
// Values known in the plan are kept: Terraform requires the applied state to match them.
func (m *fileModel) fillUnknownFromServer(f *frameio.File) {
	setIfUnknown(&m.ID, f.ID)
	setIfUnknown(&m.Name, f.Name)
	setIfUnknown(&m.MediaType, f.MediaType)
	setIfUnknown(&m.Status, f.Status)
	setIfUnknown(&m.ViewURL, f.ViewURL)
	setIfUnknown(&m.ProjectID, f.ProjectID)
	setIfUnknown(&m.CreatedAt, f.CreatedAt)
	setInt64IfUnknown(&m.FileSize, f.FileSize)
}
