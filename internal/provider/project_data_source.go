package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var _ datasource.DataSourceWithConfigure = (*projectDataSource)(nil)

// NewProjectDataSource returns the frameio_project data source.
func NewProjectDataSource() datasource.DataSource {
	return &projectDataSource{}
}

type projectDataSource struct {
	configuredDataSource
}

type projectModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	RootFolderID types.String `tfsdk:"root_folder_id"`
	WorkspaceID  types.String `tfsdk:"workspace_id"`
	ViewURL      types.String `tfsdk:"view_url"`
}

func (d *projectDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}

func (d *projectDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a Frame.io project by `id` or by `name`, most often to get the " +
			"`root_folder_id` that top-level folders and uploads go to. Frame.io does not keep project names " +
			"unique: a name that matches several projects is an error that lists their ids (narrow it with " +
			"`workspace_id`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The project id. Exactly one of `id` and `name` must be set.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The project name, compared exactly (case and spaces count): within " +
					"`workspace_id` when it is set, else across the account. Always set to the project's name.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"root_folder_id": schema.StringAttribute{
				MarkdownDescription: "The id of the project's root folder, where top-level files and folders live.",
				Computed:            true,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "With `name`: the workspace to look in (e.g. `data.frameio_workspace.x.id`). " +
					"Always set to the workspace that holds the project.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The project's page in the Frame.io web app.",
				Computed:            true,
			},
		},
	}
}

func (d *projectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m projectModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)

	var project *frameio.Project
	if m.ID.IsNull() {
		var summary, detail string
		if project, summary, detail = d.findByName(ctx, m.Name.ValueString(), m.WorkspaceID.ValueString()); project == nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), summary, detail)
			return
		}
	} else {
		var err error
		project, err = d.data.account.GetProject(ctx, m.ID.ValueString())
		if frameio.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Frame.io project not found",
				lookupNotFound("project", "id", m.ID.ValueString(), d.data.account.ID()))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the Frame.io project", explainAPIError(err).Error())
			return
		}
	}
	m.ID = types.StringValue(project.ID)
	setIfUnset(&m.Name, project.Name)
	setIfUnset(&m.WorkspaceID, project.WorkspaceID)
	m.RootFolderID = types.StringValue(project.RootFolderID)
	m.ViewURL = types.StringValue(project.ViewURL)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// findByName returns the one project named name, in workspace when it is set, else in the account; or
// nil with the error to show.
func (d *projectDataSource) findByName(ctx context.Context, name, workspace string) (*frameio.Project, string, string) {
	var projects []frameio.Project
	var err error
	where := fmt.Sprintf("project named %q in account %s", name, d.data.account.ID())
	if workspace != "" {
		where = fmt.Sprintf("project named %q in workspace %s", name, workspace)
		projects, err = d.data.account.ListProjects(ctx, workspace)
	} else {
		projects, err = d.data.account.ListAccountProjects(ctx)
	}
	if frameio.IsNotFound(err) && workspace != "" {
		return nil, "Frame.io workspace not found", lookupNotFound("workspace", "workspace_id", workspace, d.data.account.ID())
	}
	if err != nil {
		return nil, "Cannot look up the Frame.io project", fmt.Sprintf("Listing projects: %s", explainAPIError(err))
	}
	all := make([]candidate, len(projects))
	for i, p := range projects {
		all[i] = candidate{id: p.ID, name: p.Name, detail: "workspace " + p.WorkspaceID}
	}
	found := matching(all, name)
	what := fmt.Sprintf("Project name %q", name)
	switch len(found) {
	case 0:
		return nil, "Frame.io project not found", notFoundAmong(what, name, where, all)
	case 1:
		for i := range projects {
			if projects[i].ID == found[0].id {
				return &projects[i], "", ""
			}
		}
	}
	fix := "Set workspace_id to the workspace of the one you mean, or look the project up by id."
	if workspace != "" {
		fix = "Rename all but one of them in Frame.io, or look the project up by id."
	}
	return nil, "Ambiguous Frame.io project name", ambiguous(what, "projects", found, fix)
}
