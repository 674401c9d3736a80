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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
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

// Values of on_content_change.
const (
	onChangeNewVersion = "new_version"
	onChangeReplace    = "replace"
)

// Values of on_destroy.
const (
	onDestroyDelete = "delete"
	onDestroyKeep   = "keep"
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
	configuredResource
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

	OnContentChange types.String `tfsdk:"on_content_change"`
	OnDestroy       types.String `tfsdk:"on_destroy"`
	VersionStackID  types.String `tfsdk:"version_stack_id"`
	VersionNumber   types.Int64  `tfsdk:"version_number"`
	VersionIDs      types.List   `tfsdk:"version_ids"`
	HeadVersionID   types.String `tfsdk:"head_version_id"`

	// Which object source_url names (file_source_remote.go).
	SourceVersion     types.String `tfsdk:"source_version"`
	SourceURLIdentity types.String `tfsdk:"source_url_identity"`

	// Values of metadata fields by name (file_metadata.go).
	Metadata types.Map `tfsdk:"metadata"`
}

func (r *fileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (r *fileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A file (media asset) in a Frame.io folder, uploaded from a local `source` path with a " +
			"chunked, parallel upload, or fetched by Frame.io from a `source_url`. Apply returns only once Frame.io " +
			"reports the upload complete. New content becomes a new version on top of the file in a Frame.io version " +
			"stack, so the earlier versions keep their comments (`on_content_change`); a rename or a move is done " +
			"in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io file id of the newest version this resource uploaded. It changes " +
					"when new content is uploaded as a new version.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"folder_id": schema.StringAttribute{
				MarkdownDescription: "The folder the file lives in (a project's `root_folder_id` for top level). " +
					"For a file in a version stack, the folder that holds the stack. Changing it moves the file, or " +
					"its whole version stack, in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The file name shown in Frame.io (1 to 255 characters). Defaults to the base " +
					"name of `source`, or the last path segment of `source_url`. Changing it renames the file (the " +
					"version in `id`) in place; a new version is uploaded under the planned name.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "Path of a local file to upload. Exactly one of `source` and `source_url` must " +
					"be set. Its content is identified by `source_sha256`: new content is uploaded as a new version (or " +
					"replaces the file, see `on_content_change`); a new path with the same content changes nothing " +
					"in Frame.io.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("source"), path.MatchRoot("source_url")),
				},
			},
			"source_sha256": schema.StringAttribute{
				MarkdownDescription: "Hex SHA-256 of the content of `source`, in either case. Leave it unset and the provider " +
					"computes it: on create, from the bytes it uploads (the plan shows it as known after apply); " +
					"on later plans, by streaming the file, cached by size and modification time so an unchanged " +
					"file is not read again. New content plans a new version (or a replacement), with the new hash " +
					"known after apply. Set it (e.g. to `filesha256(...)` or a value from your build) to make it the " +
					"trusted content identity and skip hashing; a change counts as new content.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					validators.SHA256Hex(),
					stringvalidator.ConflictsWith(path.MatchRoot("source_url")),
				},
			},
			"source_url": schema.StringAttribute{
				MarkdownDescription: "URL that Frame.io fetches the file from (a remote upload, up to 50 GB). " +
					"`https://`, or `http://` for loopback hosts only; it must be reachable from the internet, so a " +
					"loopback or private host is refused unless `base_url` is loopback too (the emulator). " +
					"Sensitive, as a pre-signed URL is a credential: plans show `(sensitive value)`, and " +
					"`source_url_identity` shows which object it names. Only a new object is new content (see " +
					"`on_content_change`): a new scheme, host, port or path, or a new query parameter other than " +
					"the signing parameters of S3, CloudFront, Google Cloud Storage and Azure; the same object " +
					"signed again is only recorded, in place. Frame.io cannot watch the content behind a URL: " +
					"change the URL, or `source_version`, for new content.",
				Optional:  true,
				Sensitive: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					validators.HTTPSOrLoopbackURL(),
				},
				// Whether a new URL is new content is decided in ModifyPlan (see sourceURLNewContent): it
				// depends on on_content_change, and an attribute plan modifier cannot undo a replacement.
			},
			"source_version": schema.StringAttribute{
				MarkdownDescription: "A version of the content behind `source_url` that you choose, e.g. a " +
					"release tag or a build number. Any change of it (set, changed or removed) is new content " +
					"(see `on_content_change`). Set, it also makes the query string of `source_url` count for " +
					"nothing: only the scheme, host, port and path of the URL and `source_version` then identify " +
					"the content, for URLs signed in a way the provider does not recognise.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("source")),
				},
			},
			"source_url_identity": schema.StringAttribute{
				MarkdownDescription: "Which object `source_url` names, without its signature, readable in plans " +
					"(`source_url` is sensitive): the scheme, host and path, then the parameters other than the " +
					"signing ones (none when `source_version` is set), sorted, with the values of those whose " +
					"names suggest a credential (`token`, `key`, `secret`, ...) shown as `REDACTED`. Null for a " +
					"local `source`.",
				Computed: true,
				// Planned in ModifyPlan from source_url and source_version (sourceURLIdentityOf).
			},
			"on_content_change": schema.StringAttribute{
				MarkdownDescription: "What new content (a new `source_sha256`, a new object at `source_url`, a new " +
					"`source_version`, a switch between `source` and `source_url`) does: `new_version` (default) " +
					"uploads it as a new file and stacks it on top of the current one in a Frame.io version stack, " +
					"in place: the earlier versions, with their comments, annotations and approvals, stay. " +
					"`replace` plans a replacement: the file is deleted, with everything reviewers left on it, and " +
					"a new one is uploaded. Must be known at plan time.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(onChangeNewVersion),
				Validators: []validator.String{stringvalidator.OneOf(onChangeNewVersion, onChangeReplace)},
			},
			"on_destroy": schema.StringAttribute{
				MarkdownDescription: "What destroying the resource does in Frame.io: `delete` (default) deletes every " +
					"version this resource uploaded (`version_ids`), with the comments, annotations and approvals on " +
					"them; `keep` leaves the file and all its versions in Frame.io and only removes them from the " +
					"state (as `deletion_policy = \"ABANDON\"` does for `google_storage_bucket_object`). It also applies to the old file of a " +
					"replacement. Destroy uses the value in the state: set it and apply before the destroy (e.g. " +
					"before removing the resource, or its key from a `for_each`).",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(onDestroyDelete),
				Validators: []validator.String{stringvalidator.OneOf(onDestroyDelete, onDestroyKeep)},
			},
			"version_stack_id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io version stack that holds the file; null while the file is not " +
					"stacked (one version).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"version_number": schema.Int64Attribute{
				MarkdownDescription: "Position of `id` in its version stack as Frame.io numbers versions, 1 being " +
					"the oldest; 1 when the file is not stacked. The versions are counted in order of creation " +
					"(`created_at`, then id), not in the order Frame.io lists them: the API does not document that order.",
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"version_ids": schema.ListAttribute{
				MarkdownDescription: "The file ids of every version this resource uploaded (or adopted by import), " +
					"oldest first; the last is `id`. Destroy deletes exactly these.",
				ElementType:   types.StringType,
				Computed:      true,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"head_version_id": schema.StringAttribute{
				MarkdownDescription: "The newest version in Frame.io: `id`, unless someone put a newer version on " +
					"top of it (e.g. in the web app). Such a version is not undone; the next new content goes on top " +
					"of it.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"wait_for": schema.StringAttribute{
				MarkdownDescription: "What each upload (the create, and each new version before it is stacked) " +
					"waits for: `upload` (default) until Frame.io reports the upload complete, or `transcode` until " +
					"the file's `status` is also `transcoded` (playable proxies ready). Frame.io transcodes video, audio " +
					"and images only: for any other media type (`application/zip`, `text/plain`, `application/pdf`, ...) " +
					"`transcode` waits for the upload only, and the apply warns.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(waitForUpload),
				Validators: []validator.String{stringvalidator.OneOf(waitForUpload, waitForTranscode)},
			},
			"file_size": schema.Int64Attribute{
				MarkdownDescription: "Size of the file in bytes, as Frame.io reports it. For a local `source`, the plan " +
					"of a create or a new version already shows the size of the file to upload; if the file's size " +
					"changes between plan and apply, the apply stops before uploading it (plan again).",
				Computed:      true,
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
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
			"metadata": metadataAttribute(),
			"timeouts": fileTimeoutsAttribute(ctx),
		},
	}
}

// fileTimeoutsAttribute is the timeouts attribute, described with this resource's defaults.
func fileTimeoutsAttribute(ctx context.Context) schema.Attribute {
	return timeoutsAttribute(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: fmt.Sprintf("%s for the calls and the wait_for wait of every upload (the create and "+
			"each new version): creating the file in Frame.io, waiting for it to be processed, reading it back. The "+
			"time its bytes are being sent does not count: a transfer is ended only when it stops making progress, "+
			"never because it is long. A wait that runs out keeps the uploaded file, with a warning, and the next "+
			"apply waits again. Defaults to %s.", timeoutDuration, minutes(defaultCreateTimeout)),
		UpdateDescription: fmt.Sprintf("%s for a rename, a move and the stacking of a new version. Defaults to %s.",
			timeoutDuration, minutes(defaultUpdateTimeout)),
		DeleteDescription: fmt.Sprintf("%s for a delete. Defaults to %s. Delete reads it from state, so a new "+
			"value applies once an apply has saved it.", timeoutDuration, minutes(defaultDeleteTimeout)),
	}, "How long create, update and delete may take before they are cancelled. "+
		"`create` does not count the time an upload's bytes are being sent (a transfer is ended only when it "+
		"stops moving), so a large file on a slow link is not cut by a total. An upload whose bytes could not "+
		"all be sent deletes the incomplete file; an upload whose bytes are all in Frame.io is never deleted: "+
		"when only the wait for processing (`wait_for`) runs out, or the file cannot be read back, it is "+
		"recorded in the state with a warning, and the next apply waits for it again instead of uploading it again.")
}

// applyServerFile copies what Frame.io knows about the file into the model, so that changes made out of
// band (rename, move) show as drift. folder_id comes from the file's placement (applyPlacement): a
// stacked file's parent is its stack, not a folder.
func (m *fileModel) applyServerFile(f *frameio.File) {
	m.ID = types.StringValue(f.ID)
	m.Name = types.StringValue(f.Name)
	m.FileSize = types.Int64Value(f.FileSize)
	m.MediaType = types.StringValue(f.MediaType)
	m.Status = types.StringValue(f.Status)
	m.ViewURL = types.StringValue(f.ViewURL)
	m.ProjectID = types.StringValue(f.ProjectID)
	m.CreatedAt = types.StringValue(f.CreatedAt)
	if m.WaitFor.IsNull() || m.WaitFor.IsUnknown() {
		m.WaitFor = types.StringValue(waitForUpload)
	}
	if m.OnContentChange.IsNull() || m.OnContentChange.IsUnknown() {
		m.OnContentChange = types.StringValue(onChangeNewVersion)
	}
	if m.OnDestroy.IsNull() || m.OnDestroy.IsUnknown() {
		m.OnDestroy = types.StringValue(onDestroyDelete) // a state written before on_destroy existed
	}
	// Derived from state: a state written before the attribute existed gets it on refresh, not as drift.
	m.SourceURLIdentity = sourceURLIdentityOf(m.SourceURL, m.SourceVersion)
}

// keepsOnDestroy reports whether destroying the resource leaves its files in Frame.io. Only the state's
// value counts: at destroy there may be no configuration left (a key dropped from a for_each).
func (m *fileModel) keepsOnDestroy() bool {
	return m.OnDestroy.ValueString() == onDestroyKeep
}

// fillUnknownFromServer sets the computed values that the plan left unknown from the server's reply.
// Values known in the plan are kept: Terraform requires the applied state to match them.
func (m *fileModel) fillUnknownFromServer(f *frameio.File) {
	setIfUnset(&m.ID, f.ID)
	setIfUnset(&m.Name, f.Name)
	setIfUnset(&m.MediaType, f.MediaType)
	setIfUnset(&m.Status, f.Status)
	setIfUnset(&m.ViewURL, f.ViewURL)
	setIfUnset(&m.ProjectID, f.ProjectID)
	setIfUnset(&m.CreatedAt, f.CreatedAt)
	setInt64IfUnset(&m.FileSize, f.FileSize)
	if m.SourceURLIdentity.IsUnknown() {
		m.SourceURLIdentity = sourceURLIdentityOf(m.SourceURL, m.SourceVersion) // source_url was unknown at plan
	}
}
