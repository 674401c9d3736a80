package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/planmodifiers"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// Share operations are quick, but the documented limits (10 creates, updates or asset changes a minute)
// can make a large apply wait its turn: the defaults leave room for that.
const (
	defaultShareCreateTimeout = 10 * time.Minute
	defaultShareUpdateTimeout = 10 * time.Minute
	defaultShareDeleteTimeout = 5 * time.Minute
)

var (
	_ resource.ResourceWithConfigure      = (*shareResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*shareResource)(nil)
	_ resource.ResourceWithImportState    = (*shareResource)(nil)
	_ resource.ResourceWithValidateConfig = (*shareResource)(nil)
)

// NewShareResource returns the frameio_share resource.
func NewShareResource() resource.Resource {
	return &shareResource{}
}

type shareResource struct {
	configuredResource
}

type shareModel struct {
	ID                 types.String   `tfsdk:"id"`
	ProjectID          types.String   `tfsdk:"project_id"`
	Name               types.String   `tfsdk:"name"`
	Access             types.String   `tfsdk:"access"`
	AssetIDs           types.Set      `tfsdk:"asset_ids"`
	DownloadingEnabled types.Bool     `tfsdk:"downloading_enabled"`
	Expiration         types.String   `tfsdk:"expiration"`
	Description        types.String   `tfsdk:"description"`
	Passphrase         types.String   `tfsdk:"passphrase"`
	Reviewers          types.Set      `tfsdk:"reviewers"`
	Message            types.String   `tfsdk:"message"`
	ShortURL           types.String   `tfsdk:"short_url"`
	Enabled            types.Bool     `tfsdk:"enabled"`
	CreatedAt          types.String   `tfsdk:"created_at"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

// shareNameChars: no line breaks (the API's rule), and at least one character that is not white space.
var (
	shareNameNoBreaks = regexp.MustCompile(`^[^\n\r\v\f\x{85}\x{2028}\x{2029}]*$`)
	shareNameNotBlank = regexp.MustCompile(`\S`)
)

func (r *shareResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_share"
}

func (r *shareResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Frame.io share: a review link (`short_url`) to files, folders or version stacks of a " +
			"project, public or for invited reviewers only. Everything Frame.io lets an API change is changed in " +
			"place; only `project_id` replaces the share (and with it the link). Frame.io has no operation that " +
			"lists the assets of a share, so `asset_ids` is what Terraform put in it: assets added or removed in " +
			"the web app do not show as drift.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The share id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project whose assets are shared. Changing it replaces the share (a new " +
					"link). Frame.io does not report a share's project: after `terraform import`, the configured " +
					"value is checked against the project's shares and recorded in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{
					planmodifiers.RequiresReplaceUnlessAdopted(path.Root("asset_ids")),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The share's name, shown to reviewers: 1 to 175 characters, at least one " +
					"that is not white space, no line breaks.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 175),
					stringvalidator.RegexMatches(shareNameNoBreaks, "must not contain line breaks"),
					stringvalidator.RegexMatches(shareNameNotBlank, "must contain a character that is not white space"),
				},
			},
			"access": schema.StringAttribute{
				MarkdownDescription: "`public`: anyone with the link (and the `passphrase`, if any) can review. " +
					"`secure`: only the invited `reviewers` (and members of the project) can. Changed in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(frameio.ShareAccessPublic, frameio.ShareAccessSecure)},
			},
			"asset_ids": schema.SetAttribute{
				MarkdownDescription: "The ids of the files, folders and version stacks to share, 1 to 100, all in " +
					"`project_id`. Share a version stack (`frameio_file.x.version_stack_id`) or a folder, rather " +
					"than a file id, for the share to show new versions or new files as they arrive. Changes add " +
					"and remove assets in place. Frame.io cannot list a share's assets, so this is what Terraform " +
					"added: changes made in the web app are not seen.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, frameio.MaxShareAssets),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"downloading_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether reviewers may download the shared files. Frame.io's default when " +
					"not set.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"expiration": schema.StringAttribute{
				MarkdownDescription: "When the link stops working, as an RFC 3339 timestamp such as " +
					"`2030-01-31T18:00:00Z` (compared as a time: any offset works). Pass a fixed time in, e.g. " +
					"from a variable: `timeadd(timestamp(), ...)` would change on every plan. A new value must " +
					"lie in the future: a past one is a plan-time error. Once the time has passed, plans warn " +
					"that the link has expired (`enabled` is false). Unset: no expiry.",
				Optional:   true,
				Validators: []validator.String{validators.RFC3339()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "A description shown with the share (1 to 640 characters). Frame.io accepts " +
					"it only on accounts with custom branded shares.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 640)},
			},
			"passphrase": schema.StringAttribute{
				MarkdownDescription: "A passphrase reviewers must enter to open the link. Sensitive: never " +
					"logged, shown in plans as `(sensitive value)`. A configured passphrase is recorded from the " +
					"configuration, not from Frame.io's replies. When not set, this holds what Frame.io reports: " +
					"null, or the passphrase it generates on accounts that require one (hand it to the client with " +
					"a sensitive output), if its replies carry it (else null). Removing a passphrase you had set " +
					"asks Frame.io to remove it.",
				Optional:   true,
				Computed:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 255)},
				// What null means is decided in ModifyPlan: it depends on who set the passphrase in state.
			},
			"reviewers": schema.SetAttribute{
				MarkdownDescription: "Email addresses of the people invited to review a `secure` share (a plan-time " +
					"error on a `public` one). Frame.io sends each new reviewer an invitation with `message`. " +
					"Compared without regard to case. Set (even to `[]`) and the reviewers are exactly these: " +
					"reviewers added in the web app show as drift and are removed. Leave unset to manage " +
					"reviewers in the web app only (Terraform then neither reads nor changes them). Added and " +
					"removed in place, 10 per call.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(validators.Email())},
			},
			"message": schema.StringAttribute{
				MarkdownDescription: "The text of the invitation Frame.io emails to reviewers when they are added. " +
					"Changing it changes nothing in Frame.io (invitations already sent stay as they were); it is " +
					"used for reviewers added later.",
				Optional: true,
			},
			"short_url": schema.StringAttribute{
				MarkdownDescription: "The review link to send to the client, e.g. `https://f.io/AbC123xy`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the link works, as Frame.io reports it (false once `expiration` " +
					"has passed).",
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the share was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("How long a create (with its reviewers) may take, waits for the "+
					"rate limit included. Defaults to %s.", minutes(defaultShareCreateTimeout)),
				UpdateDescription: fmt.Sprintf("How long an update may take, waits for the rate limit included. "+
					"Defaults to %s.", minutes(defaultShareUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("How long a delete may take. Defaults to %s.", minutes(defaultShareDeleteTimeout)),
			}),
		},
	}
}

// ImportState adopts a share by its id. Frame.io cannot report its project or its assets: both stay null
// until the next apply records the configured values (see project_id and asset_ids).
func (r *shareResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// ValidateConfig checks the rules between attributes, at plan time.
func (r *shareResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg shareModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Reviewers.IsNull() || cfg.Reviewers.IsUnknown() {
		return
	}
	emails, known := setStrings(cfg.Reviewers)
	if cfg.Access.ValueString() == frameio.ShareAccessPublic && len(cfg.Reviewers.Elements()) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("reviewers"), "Reviewers on a public share",
			`Only a secure share has reviewers: anyone with the link can open a public one. Set access = "secure" `+
				"to invite these reviewers, or remove reviewers.")
	}
	if !known {
		return
	}
	seen := map[string]string{}
	for _, e := range emails {
		if first, dup := seen[strings.ToLower(e)]; dup {
			resp.Diagnostics.AddAttributeError(path.Root("reviewers"), "Reviewer listed twice",
				fmt.Sprintf("%q and %q are the same reviewer (email addresses are compared without regard to case): "+
					"keep one of them.", first, e))
		}
		seen[strings.ToLower(e)] = e
	}
}

// setStrings returns the elements of a known set; ok is false when an element is unknown.
func setStrings(s types.Set) (out []string, ok bool) {
	for _, v := range s.Elements() {
		str, isStr := v.(types.String)
		if !isStr || str.IsUnknown() {
			return nil, false
		}
		out = append(out, str.ValueString())
	}
	return out, true
}

// stringSet makes a set value of ss.
func stringSet(ss []string) types.Set {
	elems := make([]attr.Value, len(ss))
	for i, s := range ss {
		elems[i] = types.StringValue(s)
	}
	return types.SetValueMust(types.StringType, elems)
}
