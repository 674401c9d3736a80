package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*accountsDataSource)(nil)

// NewAccountsDataSource returns the frameio_accounts data source.
func NewAccountsDataSource() datasource.DataSource {
	return &accountsDataSource{}
}

type accountsDataSource struct {
	accountFreeDataSource
}

type accountsModel struct {
	Accounts types.List `tfsdk:"accounts"`
}

var accountAttrTypes = map[string]attr.Type{"id": types.StringType, "display_name": types.StringType}

func (d *accountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_accounts"
}

func (d *accountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Frame.io accounts the provider's credentials can see, e.g. to find the " +
			"`account_id` to configure. It needs no `account_id`: it works when the credentials see several " +
			"accounts and none is configured, where every other resource and data source fails with the list.",
		Attributes: map[string]schema.Attribute{
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "Every account the token can see, in the order Frame.io lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The account id.",
							Computed:            true,
						},
						"display_name": schema.StringAttribute{
							MarkdownDescription: "The account's name as Frame.io shows it.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *accountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.configured(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	accounts, err := d.data.client.ListAccounts(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the Frame.io accounts", explainAPIError(err).Error())
		return
	}
	objType := types.ObjectType{AttrTypes: accountAttrTypes}
	elems := make([]attr.Value, len(accounts))
	for i, a := range accounts {
		obj, diags := types.ObjectValue(accountAttrTypes, map[string]attr.Value{
			"id": types.StringValue(a.ID), "display_name": types.StringValue(a.DisplayName),
		})
		resp.Diagnostics.Append(diags...)
		elems[i] = obj
	}
	list, diags := types.ListValue(objType, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &accountsModel{Accounts: list})...)
}
