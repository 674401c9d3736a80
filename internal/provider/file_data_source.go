package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/metadata"
)

var _ datasource.DataSourceWithConfigure = (*fileDataSource)(nil)

// NewFileDataSource returns the frameio_file data source.
func NewFileDataSource() datasource.DataSource {
	return &fileDataSource{}
}

type fileDataSource struct {
	configuredDataSource
}

type fileLookupModel struct {
	ID             types.String `tfsdk:"id"`
	FolderID       types.String `tfsdk:"folder_id"`
	Name           types.String `tfsdk:"name"`
	ProjectID      types.String `tfsdk:"project_id"`
	FileSize       types.Int64  `tfsdk:"file_size"`
	MediaType      types.String `tfsdk:"media_type"`
	Status         types.String `tfsdk:"status"`
	ViewURL        types.String `tfsdk:"view_url"`
	VersionStackID types.String `tfsdk:"version_stack_id"`
	CreatedAt      types.String `tfsdk:"created_at"`
	Metadata       types.Map    `tfsdk:"metadata"`
}

func (d *fileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (d *fileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a Frame.io file by `id`, or by `name` in a folder. A file in a version " +
			"stack is found by the name of the stack's newest version and answered with that version. Frame.io " +
			"does not keep names unique: a name that matches several files is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The file id. Exactly one of `id` and `name` must be set.",
				Optional:            true,
				Computed:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "With `folder_id`: the file name, compared exactly (case and spaces count). " +
					"Always set to the file's name.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255), stringvalidator.AlsoRequires(path.MatchRoot("folder_id"))},
			},
			"folder_id": schema.StringAttribute{
				MarkdownDescription: "With `name`: the folder to look in (only directly in it, not below). Always " +
					"set to the folder that holds the file, or its version stack.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project the file belongs to.",
				Computed:            true,
			},
			"file_size": schema.Int64Attribute{
				MarkdownDescription: "Size in bytes.",
				Computed:            true,
			},
			"media_type": schema.StringAttribute{
				MarkdownDescription: "MIME type Frame.io chose from the file name.",
				Computed:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Processing status: `created`, `uploaded` or `transcoded`.",
				Computed:            true,
			},
			"view_url": schema.StringAttribute{
				MarkdownDescription: "The file's page in the Frame.io web app.",
				Computed:            true,
			},
			"version_stack_id": schema.StringAttribute{
				MarkdownDescription: "The version stack that holds the file; null when it is not stacked.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the file was created in Frame.io (RFC 3339).",
				Computed:            true,
			},
			"metadata": schema.MapAttribute{
				MarkdownDescription: "The file's metadata values, by field name (as Frame.io shows it), as strings in " +
					"the form the `frameio_file` resource's `metadata` takes: text as is; a number `\"2.5\"`; a rating " +
					"`\"4\"`; a toggle `\"true\"` or `\"false\"`; a date `\"2026-07-17\"` or an RFC 3339 date-time " +
					"(UTC); a select field's option name (`\"Approved\"`); a multi-select's option names in the " +
					"field's order, separated by `\", \"` (`\"b-roll, interview\"`).\n\n" +
					"It holds the fields of the account that have a value on the file; fields without one are not " +
					"in it, and a file without values gives an empty map (never null). Left out, as the resource " +
					"cannot set them either: system fields of Frame.io, and user fields (`user_single`, `user_multi`), " +
					"which are not supported yet. A field whose name another field of the account shares is left " +
					"out with a warning naming the fields' ids: rename all but one in Frame.io.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *fileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m fileLookupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	account := d.data.account

	id, listed := m.ID.ValueString(), fileSpot{}
	if m.ID.IsNull() {
		var summary, detail string
		if id, listed, summary, detail = d.findByName(ctx, m.FolderID.ValueString(), m.Name.ValueString()); id == "" {
			resp.Diagnostics.AddAttributeError(path.Root("name"), summary, detail)
			return
		}
	}
	f, err := account.GetFile(ctx, id)
	if frameio.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Frame.io file not found",
			lookupNotFound("file", "id", id, account.ID()))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file", explainAPIError(err).Error())
		return
	}
	spot, err := d.holder(ctx, f, listed)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io file",
			fmt.Sprintf("Reading what holds file %s: %s", f.ID, explainAPIError(err)))
		return
	}
	m.ID = types.StringValue(f.ID)
	setIfUnset(&m.Name, f.Name)
	setIfUnset(&m.FolderID, spot.folderID)
	m.ProjectID = types.StringValue(f.ProjectID)
	m.FileSize = types.Int64Value(f.FileSize)
	m.MediaType = types.StringValue(f.MediaType)
	m.Status = types.StringValue(f.Status)
	m.ViewURL = types.StringValue(f.ViewURL)
	m.CreatedAt = types.StringValue(f.CreatedAt)
	m.VersionStackID = types.StringNull()
	if spot.stackID != "" {
		m.VersionStackID = types.StringValue(spot.stackID)
	}
	values, err := d.metadataOf(ctx, f, &resp.Diagnostics)
	if err != nil {
		resp.Diagnostics.AddAttributeError(metadataPath, "Cannot read the metadata of the Frame.io file",
			fmt.Sprintf("metadata: %s", explainAPIError(err)))
		return
	}
	var diags diag.Diagnostics
	m.Metadata, diags = types.MapValueFrom(ctx, types.StringType, values)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// metadataOf returns the values file holds by field name (metadata.Named), and warns about those left
// out. Reads cost nothing extra where they can: the file's reply carries its values (include=metadata),
// and the account's field definitions, listed once per provider process, are needed only for a file
// that has values.
func (d *fileDataSource) metadataOf(ctx context.Context, f *frameio.File, diags *diag.Diagnostics) (map[string]string, error) {
	held, err := d.data.heldMetadata(ctx, f)
	if err != nil || !slices.ContainsFunc(held, func(v frameio.MetadataField) bool { return v.IsSet() }) {
		return map[string]string{}, err
	}
	fields, err := d.data.metadataFields(ctx)
	if err != nil {
		return nil, err
	}
	values, omitted := metadata.Named(fields.defs, held)
	if len(omitted) > 0 {
		lines := make([]string, len(omitted))
		for i, e := range omitted {
			lines[i] = "- " + e.Error()
		}
		diags.AddAttributeWarning(metadataPath, "Metadata values left out",
			fmt.Sprintf("File %s has values that metadata leaves out:\n%s", f.ID, strings.Join(lines, "\n")))
	}
	return values, nil
}

// fileSpot is where a file is: the folder that holds it or its version stack, and that stack ("" when
// the file is not stacked).
type fileSpot struct{ folderID, stackID string }

// holder returns where file f is. listed is where the by-name lookup's listing showed it (zero for a
// lookup by id): a file whose parent is still the one listed costs no call. Otherwise a stacked file's
// parent is its stack, which version_stacks.show (100 calls a minute) tells from a folder:
// GetVersionStack answers 404 for a folder's id, whatever the service's reading.
func (d *fileDataSource) holder(ctx context.Context, f *frameio.File, listed fileSpot) (fileSpot, error) {
	parent := listed.stackID
	if parent == "" {
		parent = listed.folderID
	}
	if parent != "" && f.ParentID == parent {
		return listed, nil
	}
	stack, err := d.data.account.GetVersionStack(ctx, f.ParentID)
	switch {
	case err == nil:
		return fileSpot{folderID: stack.ParentID, stackID: stack.ID}, nil
	case frameio.IsNotFound(err):
		return fileSpot{folderID: f.ParentID}, nil
	}
	return fileSpot{}, err
}

// findByName returns the id of the one file named name directly in folder, and where the listing shows
// it, or "" with the error to show. A version stack counts by its newest version, which it answers with.
func (d *fileDataSource) findByName(ctx context.Context, folder, name string) (id string, at fileSpot, summary, detail string) {
	children, err := d.data.account.ListFolderChildren(ctx, folder)
	if frameio.IsNotFound(err) {
		return "", at, "Frame.io folder not found", lookupNotFound("folder", "folder_id", folder, d.data.account.ID())
	}
	if err != nil {
		return "", at, "Cannot look up the Frame.io file",
			fmt.Sprintf("Listing folder %s: %s", folder, explainAPIError(err))
	}
	var all []candidate
	stackOf := map[string]string{} // a stack's newest version: its stack
	for _, c := range children {
		switch {
		case c.Type == frameio.AssetTypeFile:
			all = append(all, candidate{id: c.ID, name: c.Name})
		case c.Type == frameio.AssetTypeVersionStack && c.HeadVersion != nil && c.HeadVersion.ID != "":
			all = append(all, candidate{id: c.HeadVersion.ID, name: c.HeadVersion.Name, detail: "newest version in stack " + c.ID})
			stackOf[c.HeadVersion.ID] = c.ID
		}
	}
	found := matching(all, name)
	what := fmt.Sprintf("File %q in folder %s", name, folder)
	switch len(found) {
	case 0:
		return "", at, "Frame.io file not found", notFoundAmong(what, name, "file of that name", all)
	case 1:
		return found[0].id, fileSpot{folderID: folder, stackID: stackOf[found[0].id]}, "", ""
	}
	return "", at, "Ambiguous Frame.io file name", ambiguous(what, "files", found,
		"Rename or remove all but one of them in Frame.io, or look the file up by id.")
}
