package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	_ resource.ResourceWithConfigure      = (*metadataFieldResource)(nil)
	_ resource.ResourceWithImportState    = (*metadataFieldResource)(nil)
	_ resource.ResourceWithValidateConfig = (*metadataFieldResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*metadataFieldResource)(nil)
)

// NewMetadataFieldResource returns the frameio_metadata_field resource.
func NewMetadataFieldResource() resource.Resource {
	return &metadataFieldResource{}
}

// Default timeouts of frameio_metadata_field: one call each, but creates and updates are limited to 10 a
// minute, so many fields wait their turn.
const (
	defaultMetadataFieldCreateTimeout = 10 * time.Minute
	defaultMetadataFieldUpdateTimeout = 10 * time.Minute
	defaultMetadataFieldDeleteTimeout = 5 * time.Minute
)

// Defaults of the field_configuration properties the API requires: a number's scale, a rating's
// highest value, a date's display format (not an attribute: the web app shows it).
const (
	defaultScale         = 0
	defaultMaxValue      = 5
	defaultDisplayFormat = "local"
)

type metadataFieldResource struct {
	configuredResource
}

type metadataFieldModel struct {
	ID        types.String   `tfsdk:"id"`
	Name      types.String   `tfsdk:"name"`
	FieldType types.String   `tfsdk:"field_type"`
	Options   types.List     `tfsdk:"options"`
	OptionIDs types.Map      `tfsdk:"option_ids"`
	Scale     types.Int64    `tfsdk:"scale"`
	MaxValue  types.Int64    `tfsdk:"max_value"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r *metadataFieldResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_metadata_field"
}

// selectType reports whether fields of type t take options.
func selectType(t string) bool {
	return t == frameio.FieldTypeSelect || t == frameio.FieldTypeSelectMulti
}

func (r *metadataFieldResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom metadata field of the Frame.io account (Settings → Metadata in the web app): " +
			"its name, type and, for a select field, its options. Files carry values of the account's fields. " +
			"Deleting a field deletes its value on every file of the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The Frame.io field definition id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The field's name (1 to %d characters), as files and the web app "+
					"show it. Changing it renames the field in place; its values stay.", frameio.MaxFieldNameLength),
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, frameio.MaxFieldNameLength)},
			},
			"field_type": schema.StringAttribute{
				MarkdownDescription: "The kind of value the field holds: `text`, `long_text`, `number`, `rating`, " +
					"`toggle`, `date`, `select` (one option) or `select_multi` (several). `user_single` and " +
					"`user_multi` are not supported yet. Frame.io cannot change a field's type: changing it " +
					"replaces the field, and the values files had for it are lost.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(frameio.FieldTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"options": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("The options of a `select` or `select_multi` field, in the order the "+
					"web app lists them (1 to %d names, each once; names are compared without regard to case). "+
					"Required for those types, refused for the others. Changing them updates the field in place "+
					"(`option_ids` is read back after the apply: Frame.io may give kept options new ids), and files "+
					"lose the options that are removed.",
					frameio.MaxFieldOptions),
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.SizeBetween(1, frameio.MaxFieldOptions),
					listvalidator.ValueStringsAre(stringvalidator.LengthBetween(1, frameio.MaxFieldNameLength)),
				},
			},
			"option_ids": schema.MapAttribute{
				MarkdownDescription: "The id Frame.io gave each option of a select field, by option name (metadata " +
					"values name options by id). Null for the other types.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"scale": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("A `number` field's decimal places (0 to 3; unset means %d). Refused "+
					"for the other types. Changed in place.", defaultScale),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 3)},
			},
			"max_value": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("A `rating` field's highest value (1 to 5; unset means %d). Refused "+
					"for the other types. Changed in place.", defaultMaxValue),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 5)},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("%s for a create. Defaults to %s.", timeoutDuration, minutes(defaultMetadataFieldCreateTimeout)),
				UpdateDescription: fmt.Sprintf("%s for an update. Defaults to %s.", timeoutDuration, minutes(defaultMetadataFieldUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("%s for a delete. Defaults to %s.", timeoutDuration, minutes(defaultMetadataFieldDeleteTimeout)),
			}, "How long create, update and delete may take, waits for Frame.io's rate limits (10 creates and 10 "+
				"updates a minute) and retries included, before they are cancelled."),
		},
	}
}

// ValidateConfig refuses, at plan time, what the field's type cannot take.
func (r *metadataFieldResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg metadataFieldModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.FieldType.IsUnknown() || cfg.FieldType.IsNull() {
		return
	}
	t := cfg.FieldType.ValueString()
	if t == frameio.FieldTypeUserSingle || t == frameio.FieldTypeUserMulti {
		resp.Diagnostics.AddAttributeError(path.Root("field_type"), "Cannot use this Frame.io field type yet",
			fmt.Sprintf("field_type %q: user fields (user_single, user_multi) are not supported yet by this "+
				"provider. Create them in the Frame.io web app, or use another type.", t))
		return
	}
	switch {
	case selectType(t) && cfg.Options.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("options"), "Missing options of the Frame.io select field",
			fmt.Sprintf("A %s field needs options: set options to the names to choose from, e.g. "+
				`options = ["Draft", "Final"].`, t))
	case !selectType(t) && !cfg.Options.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("options"), "Cannot set options on this Frame.io field",
			fmt.Sprintf("Only select and select_multi fields have options; this one is %s. Remove options, or "+
				`set field_type = "select".`, t))
	}
	if t != frameio.FieldTypeNumber && !cfg.Scale.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("scale"), "Cannot set scale on this Frame.io field",
			fmt.Sprintf("Only number fields have a scale; this one is %s. Remove scale.", t))
	}
	if t != frameio.FieldTypeRating && !cfg.MaxValue.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("max_value"), "Cannot set max_value on this Frame.io field",
			fmt.Sprintf("Only rating fields have a max_value; this one is %s. Remove max_value.", t))
	}
	if names, known := listStrings(cfg.Options); known {
		seen := map[string]string{}
		for _, n := range names {
			if first, dup := seen[strings.ToLower(n)]; dup {
				resp.Diagnostics.AddAttributeError(path.Root("options"), "Option listed twice",
					fmt.Sprintf("%q and %q are the same option (option names are compared without regard to case): "+
						"keep one of them.", first, n))
			}
			seen[strings.ToLower(n)] = n
		}
	}
}

// ModifyPlan keeps option_ids from the state while the options stay, and leaves them unknown when the
// options change (Frame.io gives new options new ids; some readings renew them all).
func (r *metadataFieldResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan metadataFieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.data.planMetadataField(ctx, plan) // the files of this plan check their values against it (file_metadata.go)
	ids := types.MapUnknown(types.StringType)
	switch {
	case plan.FieldType.IsUnknown():
	case !selectType(plan.FieldType.ValueString()):
		ids = types.MapNull(types.StringType)
	case !req.State.Raw.IsNull():
		var state metadataFieldModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.FieldType.Equal(plan.FieldType) && state.Options.Equal(plan.Options) && !state.OptionIDs.IsNull() {
			ids = state.OptionIDs
		}
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("option_ids"), ids)...)
}

func (r *metadataFieldResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// configFor is the field_configuration of a create: what the type requires, from the plan or its default.
func (m *metadataFieldModel) configFor(ctx context.Context, diags *diag.Diagnostics) *frameio.FieldConfiguration {
	switch t := m.FieldType.ValueString(); t {
	case frameio.FieldTypeSelect, frameio.FieldTypeSelectMulti:
		return &frameio.FieldConfiguration{Options: m.fieldOptions(ctx, diags)}
	case frameio.FieldTypeNumber:
		scale := int64OrDefault(m.Scale, defaultScale)
		return &frameio.FieldConfiguration{Scale: &scale}
	case frameio.FieldTypeRating:
		maxValue := int64OrDefault(m.MaxValue, defaultMaxValue)
		return &frameio.FieldConfiguration{MaxValue: &maxValue}
	case frameio.FieldTypeDate:
		format := defaultDisplayFormat
		return &frameio.FieldConfiguration{DisplayFormat: &format}
	}
	return nil
}

func (m *metadataFieldModel) fieldOptions(ctx context.Context, diags *diag.Diagnostics) []frameio.FieldOption {
	var names []string
	diags.Append(m.Options.ElementsAs(ctx, &names, false)...)
	opts := make([]frameio.FieldOption, len(names))
	for i, n := range names {
		opts[i] = frameio.FieldOption{DisplayName: n}
	}
	return opts
}

// apply copies the definition Frame.io holds into the model, so that a change made in the web app shows
// in the next plan (which puts it back). A number's scale and a rating's max_value stay null while they
// are the default that null means.
func (m *metadataFieldModel) apply(d *frameio.FieldDefinition) {
	m.ID = types.StringValue(d.ID)
	m.Name = types.StringValue(d.Name)
	m.FieldType = types.StringValue(d.FieldType)
	m.Options, m.OptionIDs = types.ListNull(types.StringType), types.MapNull(types.StringType)
	if selectType(d.FieldType) {
		names := make([]attr.Value, len(d.FieldConfiguration.Options))
		ids := make(map[string]attr.Value, len(d.FieldConfiguration.Options))
		for i, o := range d.FieldConfiguration.Options {
			names[i] = types.StringValue(o.DisplayName)
			ids[o.DisplayName] = types.StringValue(o.ID)
		}
		m.Options = types.ListValueMust(types.StringType, names)
		m.OptionIDs = types.MapValueMust(types.StringType, ids)
	}
	m.Scale = configuredOrDefault(m.Scale, d.FieldType == frameio.FieldTypeNumber, d.FieldConfiguration.Scale, defaultScale)
	m.MaxValue = configuredOrDefault(m.MaxValue, d.FieldType == frameio.FieldTypeRating, d.FieldConfiguration.MaxValue, defaultMaxValue)
}

// applyComputed copies what only Frame.io knows into the model: the id, and a select field's option ids
// when the plan left them unknown. Create and Update use it alone: the configured name, options, scale
// and max_value stay as planned whatever the reply says of them (a reply that leaves one out or writes
// it otherwise would fail the apply with "Provider produced inconsistent result"); Read reports any
// difference as drift.
func (m *metadataFieldModel) applyComputed(d *frameio.FieldDefinition) {
	m.ID = types.StringValue(d.ID)
	if !m.OptionIDs.IsUnknown() {
		return // null for a type without options, or kept from the state (ModifyPlan)
	}
	if !selectType(m.FieldType.ValueString()) {
		m.OptionIDs = types.MapNull(types.StringType)
		return
	}
	ids := make(map[string]attr.Value, len(d.FieldConfiguration.Options))
	for _, o := range d.FieldConfiguration.Options {
		ids[o.DisplayName] = types.StringValue(o.ID)
	}
	m.OptionIDs = types.MapValueMust(types.StringType, ids)
}

// configuredOrDefault is the value of an integer property for the state: null when the type has none,
// and kept null while Frame.io holds the default that null means.
func configuredOrDefault(cur types.Int64, applies bool, got *int, def int) types.Int64 {
	if !applies {
		return types.Int64Null()
	}
	v := def
	if got != nil {
		v = *got
	}
	if cur.IsNull() && v == def {
		return types.Int64Null()
	}
	return types.Int64Value(int64(v))
}

func (r *metadataFieldResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan metadataFieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultMetadataFieldCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	cfg := plan.configFor(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	d, err := r.data.account.CreateFieldDefinition(ctx, frameio.NewFieldDefinition{
		Name: plan.Name.ValueString(), FieldType: plan.FieldType.ValueString(), Config: cfg})
	if err != nil {
		addErrorAt(&resp.Diagnostics, fieldErrorAttribute(err), "Cannot create the Frame.io metadata field",
			fmt.Sprintf("Creating %s field %q in account %s: %s%s", plan.FieldType.ValueString(), plan.Name.ValueString(),
				r.data.account.ID(), explainAPIError(err), timeoutHint(ctx, "create", timeout)))
		return
	}
	tflog.Debug(ctx, "created metadata field", map[string]any{"field_definition_id": d.ID})
	plan.applyComputed(d)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(storeFieldCreated(ctx, resp.Private, time.Now())...)
}

// fieldCreatedKey is the private-state key of the time (the provider's clock) the field was created by
// this provider. The state has no created_at, and a listing, the only read of a definition, may lag
// behind a create: while the field is fresh (see fresh), Read looks for a missing one again before it
// drops it from the state (and the next apply makes a duplicate).
const fieldCreatedKey = "created"

type fieldCreated struct {
	At string `json:"at"` // RFC 3339
}

func storeFieldCreated(ctx context.Context, w privateStateWriter, at time.Time) diag.Diagnostics {
	raw, _ := json.Marshal(fieldCreated{At: at.UTC().Format(time.RFC3339Nano)}) // one string field always marshals
	return w.SetKey(ctx, fieldCreatedKey, raw)
}

// loadFieldCreated returns the time stored by storeFieldCreated, or null (an imported field, a state
// written before the marker existed).
func loadFieldCreated(ctx context.Context, p privateStateReader) types.String {
	var c fieldCreated
	if p == nil {
		return types.StringNull()
	}
	raw, diags := p.GetKey(ctx, fieldCreatedKey)
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &c) != nil || c.At == "" {
		return types.StringNull()
	}
	return types.StringValue(c.At)
}

func (r *metadataFieldResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state metadataFieldModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)
	// One listing of the account's fields serves every Read of the run (frameio metadata.go). A field
	// this provider created moments ago is looked for in a new listing before it counts as deleted.
	id := state.ID.ValueString()
	d, err := r.data.account.ReadFieldDefinition(ctx, id)
	d, err = readAfterWrite(ctx, loadFieldCreated(ctx, req.Private), d, err, func(ctx context.Context) (*frameio.FieldDefinition, error) {
		return r.data.account.ReadFieldDefinitionAgain(ctx, id)
	})
	if frameio.IsNotFound(err) {
		// Deleted in the web app: the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Frame.io metadata field",
			fmt.Sprintf("Reading field %s: %s", state.ID.ValueString(), explainAPIError(err)))
		return
	}
	state.apply(d)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update renames the field and changes its options, scale or max_value in place (one call); a change
// of the timeouts alone changes only the state.
func (r *metadataFieldResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state metadataFieldModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultMetadataFieldUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	u, changed := fieldUpdate(ctx, &plan, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !changed {
		plan.OptionIDs = state.OptionIDs
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	id := state.ID.ValueString()
	d, err := r.data.account.UpdateFieldDefinition(ctx, id, u)
	if err != nil {
		addErrorAt(&resp.Diagnostics, fieldErrorAttribute(err), "Cannot update the Frame.io metadata field",
			fmt.Sprintf("Updating field %s (%q): %s%s", id, state.Name.ValueString(), explainAPIError(err),
				timeoutHint(ctx, "update", timeout)))
		return
	}
	plan.applyComputed(d)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// fieldErrorAttribute is the attribute a failed create or update is about: the one whose value Frame.io
// refused (by the error's JSON pointer), name for a 409 without one (a name the account's fields already
// use), else none.
func fieldErrorAttribute(err error) string {
	if attr := pointedAttribute(err, "name", "field_type", "options", "scale", "max_value"); attr != "" {
		return attr
	}
	if hasStatus(err, http.StatusConflict) {
		return "name"
	}
	return ""
}

// fieldUpdate is the update that takes the field from state to plan, and whether there is one.
func fieldUpdate(ctx context.Context, plan, state *metadataFieldModel, diags *diag.Diagnostics) (frameio.FieldDefinitionUpdate, bool) {
	u := frameio.FieldDefinitionUpdate{FieldType: plan.FieldType.ValueString()}
	cfg := &frameio.FieldConfiguration{}
	changed, cfgChanged := false, false
	if !plan.Name.Equal(state.Name) {
		name := plan.Name.ValueString()
		u.Name, changed = &name, true
	}
	if selectType(u.FieldType) && !plan.Options.Equal(state.Options) {
		cfg.Options, cfgChanged = plan.fieldOptions(ctx, diags), true
	}
	if u.FieldType == frameio.FieldTypeNumber && int64OrDefault(plan.Scale, defaultScale) != int64OrDefault(state.Scale, defaultScale) {
		scale := int64OrDefault(plan.Scale, defaultScale)
		cfg.Scale, cfgChanged = &scale, true
	}
	if u.FieldType == frameio.FieldTypeRating && int64OrDefault(plan.MaxValue, defaultMaxValue) != int64OrDefault(state.MaxValue, defaultMaxValue) {
		maxValue := int64OrDefault(plan.MaxValue, defaultMaxValue)
		cfg.MaxValue, cfgChanged = &maxValue, true
	}
	if cfgChanged {
		u.Config = cfg
	}
	return u, changed || cfgChanged
}

func (r *metadataFieldResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state metadataFieldModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultMetadataFieldDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	id := state.ID.ValueString()
	if err := r.data.account.DeleteFieldDefinition(ctx, id); err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot delete the Frame.io metadata field",
			fmt.Sprintf("Deleting field %s (%q): %s%s", id, state.Name.ValueString(), explainAPIError(err),
				timeoutHint(ctx, "delete", timeout)))
	}
}

// listStrings returns the elements of a known list; ok is false when it is null, unknown or holds an
// unknown.
func listStrings(l types.List) (out []string, ok bool) {
	if l.IsNull() || l.IsUnknown() {
		return nil, false
	}
	for _, v := range l.Elements() {
		s, isStr := v.(types.String)
		if !isStr || s.IsUnknown() || s.IsNull() {
			return nil, false
		}
		out = append(out, s.ValueString())
	}
	return out, true
}
