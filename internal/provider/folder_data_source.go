package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	_ datasource.DataSourceWithConfigure      = (*folderDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*folderDataSource)(nil)
)

// NewFolderDataSource returns the frameio_folder data source.
func NewFolderDataSource() datasource.DataSource {
	return &folderDataSource{}
}

type folderDataSource struct {
	configuredDataSource
}

type folderLookupModel struct {
	ID           types.String `tfsdk:"id"`
	Path         types.String `tfsdk:"path"`
	ProjectID    types.String `tfsdk:"project_id"`
	RootFolderID types.String `tfsdk:"root_folder_id"`
	Name         types.String `tfsdk:"name"`
	ParentID     types.String `tfsdk:"parent_id"`
	ViewURL      types.String `tfsdk:"view_url"`
}

func (d *folderDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_folder"
}

func (d *folderDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a Frame.io folder by `id`, or by its `path` of folder names under a project's " +
			"root folder, so that a configuration can upload into a folder made in the web app without a " +
			"hard-coded id. Frame.io does not keep names unique: a path segment that matches several folders is " +
			"an error that lists their ids, and one that matches none is an error that names it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The folder id. Exactly one of `id` and `path` must be set.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("path")),
				},
			},
			"path": schema.StringAttribute{
				MarkdownDescription: "Folder names from the project's root folder down, separated by `/`, e.g. " +
					"`Deliverables/2026-11/Reel 1`. Names are compared exactly (case and spaces count). A leading or " +
					"trailing `/` is ignored; a folder whose name contains `/` cannot be reached by path (use `id`). " +
					"Needs `project_id` or `root_folder_id`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "With `path`: the project whose root folder the path starts from (or set " +
					"`root_folder_id`). Always set to the folder's project.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"root_folder_id": schema.StringAttribute{
				MarkdownDescription: "With `path`, instead of `project_id`: the folder the path starts from, " +
					"usually `data.frameio_project.x.root_folder_id` (saves a request) but any folder works.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("project_id")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The folder name.",
				Computed:            true,
			},
			"parent_id": schema.StringAttribute{
				MarkdownDescription: "The folder that holds this one; null for a project's root folder.",
				Computed:            true,
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The folder's page in the Frame.io web app.",
				Computed:            true,
			},
		},
	}
}

// ValidateConfig: a path needs a starting point, an id must not have one.
func (d *folderDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m folderLookupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	start := !m.ProjectID.IsNull() || !m.RootFolderID.IsNull()
	switch {
	case !m.Path.IsNull() && !start:
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Missing project_id or root_folder_id",
			"A path is looked up under a project's root folder: set project_id (e.g. data.frameio_project.x.id) or "+
				"root_folder_id (e.g. data.frameio_project.x.root_folder_id).")
	case !m.ID.IsNull() && start:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "project_id and root_folder_id go with path",
			"A folder looked up by id needs no starting point: remove project_id and root_folder_id, or look it up by path.")
	}
	if m.Path.IsUnknown() || m.Path.IsNull() {
		return
	}
	if _, err := splitFolderPath(m.Path.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("path"), "Invalid folder path", err.Error())
	}
}

// splitFolderPath splits "Deliverables/2026-11/Reel 1" into its names. Outer slashes are ignored; an
// empty segment ("a//b") is an error, since no folder has an empty name.
func splitFolderPath(p string) ([]string, error) {
	trimmed := strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
	if trimmed == "" {
		return nil, fmt.Errorf("path %q names no folder. For a project's root folder use the root_folder_id of "+
			"data.frameio_project.", p)
	}
	names := strings.Split(trimmed, "/")
	for i, n := range names {
		if n == "" {
			return nil, fmt.Errorf("path %q has an empty name at segment %d (two slashes in a row).", p, i+1)
		}
	}
	return names, nil
}

func (d *folderDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m folderLookupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	account := d.data.account

	var id string
	if !m.ID.IsNull() {
		id = m.ID.ValueString()
	} else {
		found, summary, detail := d.resolvePath(ctx, &m)
		if found == "" {
			resp.Diagnostics.AddAttributeError(path.Root("path"), summary, detail)
			return
		}
		id = found
	}
	f, err := account.GetFolder(ctx, id)
	if frameio.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Frame.io folder not found",
			lookupNotFound("folder", "id", id, account.ID()))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io folder", explainAPIError(err).Error())
		return
	}
	m.ID = types.StringValue(f.ID)
	m.Name = types.StringValue(f.Name)
	m.ParentID = types.StringNull()
	if f.ParentID != "" {
		m.ParentID = types.StringValue(f.ParentID)
	}
	m.ViewURL = types.StringValue(f.ViewURL)
	setIfUnset(&m.ProjectID, f.ProjectID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// resolvePath walks m.Path from its starting folder, one listing per segment, and returns the id of the
// folder it names, or "" with the error to show.
func (d *folderDataSource) resolvePath(ctx context.Context, m *folderLookupModel) (id, summary, detail string) {
	account := d.data.account
	names, err := splitFolderPath(m.Path.ValueString())
	if err != nil {
		return "", "Invalid folder path", err.Error()
	}
	current := m.RootFolderID.ValueString()
	where := fmt.Sprintf("folder %s", current)
	if current == "" {
		project, err := account.GetProject(ctx, m.ProjectID.ValueString())
		if err != nil {
			return "", "Cannot read the Frame.io project",
				fmt.Sprintf("Reading project %q, where path %q starts: %s", m.ProjectID.ValueString(),
					m.Path.ValueString(), explainAPIError(err))
		}
		current = project.RootFolderID
		where = fmt.Sprintf("the root folder of project %q (%s)", project.Name, current)
	}
	what := fmt.Sprintf("Folder path %q", m.Path.ValueString())
	for i, name := range names {
		folders, err := account.ListFolderFolders(ctx, current)
		if err != nil {
			return "", "Cannot look up the Frame.io folder path",
				fmt.Sprintf("%s: listing the folders in %s: %s", what, where, explainAPIError(err))
		}
		all := make([]candidate, len(folders))
		for j, f := range folders {
			all[j] = candidate{id: f.ID, name: f.Name, detail: "created " + f.CreatedAt}
		}
		found := matching(all, name)
		switch len(found) {
		case 0:
			return "", "Frame.io folder not found", notFoundAmong(what,
				name, fmt.Sprintf("folder named %q (segment %d) in %s", name, i+1, where), all)
		case 1:
		default:
			return "", "Ambiguous Frame.io folder path", ambiguous(fmt.Sprintf("%s: %q (segment %d) in %s",
				what, name, i+1, where), "folders", found,
				"Rename or remove all but one of them in Frame.io, or look the folder up by id.")
		}
		current = found[0].id
		where = fmt.Sprintf("%q (%s)", name, current)
	}
	return current, "", ""
}
