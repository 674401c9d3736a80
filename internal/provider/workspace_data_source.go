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

var _ datasource.DataSourceWithConfigure = (*workspaceDataSource)(nil)

// NewWorkspaceDataSource returns the frameio_workspace data source.
func NewWorkspaceDataSource() datasource.DataSource {
	return &workspaceDataSource{}
}

type workspaceDataSource struct {
	configuredDataSource
}

type workspaceModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	AccountID types.String `tfsdk:"account_id"`
	CreatedAt types.String `tfsdk:"created_at"`
}

func (d *workspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *workspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a workspace of the provider's account by `id` or by `name`, e.g. to find " +
			"a project by name within it. A name that matches several workspaces is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The workspace id. Exactly one of `id` and `name` must be set.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The workspace name, compared exactly (case and spaces count). Always set to " +
					"the workspace's name.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account that holds the workspace.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the workspace was created (RFC 3339).",
				Computed:            true,
			},
		},
	}
}

func (d *workspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m workspaceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	account := d.data.account

	var ws *frameio.Workspace
	if m.ID.IsNull() {
		all, err := account.ListWorkspaces(ctx)
		if err != nil {
			resp.Diagnostics.AddError("Cannot look up the Frame.io workspace", explainAPIError(err).Error())
			return
		}
		cands := make([]candidate, len(all))
		for i, w := range all {
			cands[i] = candidate{id: w.ID, name: w.Name, detail: "created " + w.CreatedAt}
		}
		name := m.Name.ValueString()
		what := fmt.Sprintf("Workspace name %q", name)
		switch found := matching(cands, name); len(found) {
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Frame.io workspace not found",
				notFoundAmong(what, name, fmt.Sprintf("workspace named %q in account %s", name, account.ID()), cands))
			return
		case 1:
			for i := range all {
				if all[i].ID == found[0].id {
					ws = &all[i]
				}
			}
		default:
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Ambiguous Frame.io workspace name",
				ambiguous(what, "workspaces", found, "Rename all but one of them in Frame.io, or look the workspace up by id."))
			return
		}
	} else {
		var err error
		ws, err = account.GetWorkspace(ctx, m.ID.ValueString())
		if frameio.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Frame.io workspace not found",
				lookupNotFound("workspace", "id", m.ID.ValueString(), account.ID()))
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Cannot read the Frame.io workspace", explainAPIError(err).Error())
			return
		}
	}
	m.ID = types.StringValue(ws.ID)
	setIfUnset(&m.Name, ws.Name)
	m.AccountID = types.StringValue(ws.AccountID)
	m.CreatedAt = types.StringValue(ws.CreatedAt)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
