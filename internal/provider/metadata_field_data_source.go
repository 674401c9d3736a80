package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var _ datasource.DataSourceWithConfigure = (*metadataFieldDataSource)(nil)

// NewMetadataFieldDataSource returns the frameio_metadata_field data source.
func NewMetadataFieldDataSource() datasource.DataSource {
	return &metadataFieldDataSource{}
}

type metadataFieldDataSource struct {
	configuredDataSource
}

type metadataFieldDataModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	FieldType types.String `tfsdk:"field_type"`
	Mutable   types.Bool   `tfsdk:"mutable"`
	Options   types.List   `tfsdk:"options"`
	OptionIDs types.Map    `tfsdk:"option_ids"`
}

func (d *metadataFieldDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_metadata_field"
}

func (d *metadataFieldDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a metadata field of the account by `name` (or `id`): one made in the web app, " +
			"or a system field, with its type and, for a select field, its options and their ids. A name that " +
			"matches several fields is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The field definition id. Exactly one of `id` and `name` must be set.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The field's name, compared exactly (case and spaces count). Always set to the field's name.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"field_type": schema.StringAttribute{
				MarkdownDescription: "The field's type: `text`, `long_text`, `number`, `rating`, `toggle`, `date`, " +
					"`select`, `select_multi`, `user_single` or `user_multi`.",
				Computed: true,
			},
			"mutable": schema.BoolAttribute{
				MarkdownDescription: "`false` for a system field, whose values Frame.io sets and nobody can write.",
				Computed:            true,
			},
			"options": schema.ListAttribute{
				MarkdownDescription: "A select field's option names, in order; null for the other types.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"option_ids": schema.MapAttribute{
				MarkdownDescription: "A select field's option ids by option name; null for the other types.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *metadataFieldDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m metadataFieldDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	defs, err := d.data.account.ReadFieldDefinitions(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot look up the Frame.io metadata field",
			fmt.Sprintf("Listing the metadata fields of account %s: %s", d.data.account.ID(), explainAPIError(err)))
		return
	}
	def, attrName, summary, detail := d.find(defs, m)
	if def == nil {
		resp.Diagnostics.AddAttributeError(path.Root(attrName), summary, detail)
		return
	}
	m.ID = types.StringValue(def.ID)
	setIfUnset(&m.Name, def.Name)
	m.FieldType = types.StringValue(def.FieldType)
	m.Mutable = types.BoolValue(def.Mutable)
	m.Options, m.OptionIDs = types.ListNull(types.StringType), types.MapNull(types.StringType)
	if selectType(def.FieldType) {
		names := make([]attr.Value, len(def.FieldConfiguration.Options))
		ids := make(map[string]attr.Value, len(names))
		for i, o := range def.FieldConfiguration.Options {
			names[i] = types.StringValue(o.DisplayName)
			ids[o.DisplayName] = types.StringValue(o.ID)
		}
		m.Options = types.ListValueMust(types.StringType, names)
		m.OptionIDs = types.MapValueMust(types.StringType, ids)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// find returns the one definition the configuration names, or nil with the attribute and error to show.
func (d *metadataFieldDataSource) find(defs []frameio.FieldDefinition, m metadataFieldDataModel) (*frameio.FieldDefinition, string, string, string) {
	account := d.data.account.ID()
	if !m.ID.IsNull() {
		for i := range defs {
			if defs[i].ID == m.ID.ValueString() {
				return &defs[i], "", "", ""
			}
		}
		return nil, "id", "Frame.io metadata field not found", fmt.Sprintf("No metadata field has id %s in "+
			"account %s. Check the id (a field of another account is not visible), or look the field up by name.",
			m.ID.ValueString(), account)
	}
	name := m.Name.ValueString()
	all := make([]candidate, len(defs))
	for i, f := range defs {
		all[i] = candidate{id: f.ID, name: f.Name, detail: f.FieldType}
	}
	found := matching(all, name)
	what := fmt.Sprintf("Metadata field name %q", name)
	switch len(found) {
	case 0:
		return nil, "name", "Frame.io metadata field not found",
			notFoundAmong(what, name, fmt.Sprintf("metadata field named %q in account %s", name, account), all)
	case 1:
		for i := range defs {
			if defs[i].ID == found[0].id {
				return &defs[i], "", "", ""
			}
		}
	}
	return nil, "name", "Ambiguous Frame.io metadata field name", ambiguous(what, "fields", found,
		"Rename all but one of them in Frame.io, or look the field up by id.")
}
