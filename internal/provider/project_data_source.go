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
	data *providerData
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
		MarkdownDescription: "Looks up a Frame.io project by id, most often to get the `root_folder_id` " +
			"that top-level uploads go to.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The project id.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The project name.",
				Computed:            true,
			},
			"root_folder_id": schema.StringAttribute{
				MarkdownDescription: "The id of the project's root folder, where top-level files and folders live.",
				Computed:            true,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The id of the workspace that holds the project.",
				Computed:            true,
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The project's page in the Frame.io web app.",
				Computed:            true,
			},
		},
	}
}

func (d *projectDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *projectDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m projectModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)

	project, err := d.data.client.GetProject(ctx, d.data.accountID, m.ID.ValueString())
	if frameio.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Frame.io project not found",
			fmt.Sprintf("No project with id %q in account %q. Check the id (it is in the project's URL in the "+
				"Frame.io web app) and that the token can see that account.", m.ID.ValueString(), d.data.accountID))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io project", explainAPIError(err).Error())
		return
	}
	m.Name = types.StringValue(project.Name)
	m.RootFolderID = types.StringValue(project.RootFolderID)
	m.WorkspaceID = types.StringValue(project.WorkspaceID)
	m.ViewURL = types.StringValue(project.ViewURL)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
