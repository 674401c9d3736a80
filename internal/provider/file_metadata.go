package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/metadata"
	"github.com/frameio/terraform-provider-frameio/internal/metadatawriter"
)

// The metadata attribute of frameio_file: values of the account's metadata fields, by field name, as
// strings (internal/metadata converts them per field type). Only the fields in the map are managed:
// Read reports drift for those alone, and values set in the web app on other fields are left alone.
//
// Values are written with metadata.bulk_update (10 calls a minute, up to 100 files a call) through the
// provider's one writer (internal/metadatawriter), which coalesces the files of a run that set the same
// values into shared calls. Reads cost nothing extra: the reads of files ask for include=metadata, and
// metadata.show is called only for a file whose read did not carry its values.

var metadataPath = path.Root("metadata")

func metadataAttribute() schema.Attribute {
	return schema.MapAttribute{
		MarkdownDescription: "Values of the account's metadata fields on the file, by field name (as Frame.io " +
			"shows it, case-sensitive), as strings converted by the field's type: text as is; a number " +
			"(`\"2.5\"`, at most the field's decimal places); a rating `\"1\"` to its maximum; a toggle " +
			"`\"true\"` or `\"false\"`; a date `\"2026-07-17\"` or an RFC 3339 date-time; a select field's " +
			"option by its name (`\"Approved\"`); a multi-select's option names separated by commas " +
			"(`\"b-roll, interview\"`) or as a JSON list (`jsonencode([...])`) for names holding a comma. " +
			"`\"\"` means no value. User fields are not supported yet. A value the field cannot hold, or a name " +
			"no field of the account has, is an error at plan time.\n\n" +
			"Only the fields in the map are managed: values set in the web app on other fields are left " +
			"alone, and drift is reported for these fields only. A field removed from the map has its value " +
			"cleared in Frame.io. The values are set on the file in `id` (the newest version this resource " +
			"uploaded): a new version gets them too; a change of the map alone is an update in place, with no " +
			"new version.\n\n" +
			"Frame.io writes metadata with one operation, 10 calls a minute, each setting the same values on up to " +
			"100 files: files of one apply that set the same values share calls. Terraform applies at most " +
			"`-parallelism` resources at once (10 by default), so a call carries at most that many files: " +
			"for many files, raise `-parallelism` (e.g. `terraform apply -parallelism=100`). See the " +
			"performance guide.\n\n" +
			"If the upload succeeds but the values cannot be written, the file is kept (a warning on create, an " +
			"error on update) and the next plan shows the values Frame.io lacks as a change. After an import " +
			"the state has no metadata: a configured map is planned as an update, which writes it.",
		ElementType: types.StringType,
		Optional:    true,
		Validators: []validator.Map{
			mapvalidator.KeysAre(stringvalidator.LengthAtLeast(1)),
			mapvalidator.NoNullValues(),
		},
	}
}

// plannedFields are the metadata fields frameio_metadata_field resources plan to create or change in
// this run, by their planned name: a file that sets a value of such a field is checked against the
// planned definition, since the account does not have it yet, or not as planned (Terraform plans a
// field before the files that refer to it).
type plannedFields struct {
	mu     sync.Mutex
	byName map[string]plannedField
}

type plannedField struct {
	field        metadata.Field
	optionsKnown bool // false: a select field whose options are not known at plan; its values are not checked
}

// planMetadataField records the field a frameio_metadata_field plan makes (metadata_field_resource.go).
func (d *providerData) planMetadataField(ctx context.Context, m metadataFieldModel) {
	if d == nil || m.Name.IsUnknown() || m.Name.IsNull() || m.FieldType.IsUnknown() {
		return
	}
	f := metadata.Field{Name: m.Name.ValueString(), Type: m.FieldType.ValueString(),
		Scale: int64OrDefault(m.Scale, defaultScale), MaxRating: int64OrDefault(m.MaxValue, defaultMaxValue)}
	known := true
	if selectType(f.Type) {
		names, ok := listStrings(m.Options)
		known = ok
		f.Options = map[string]string{}
		for _, n := range names {
			f.Options[n] = "(planned)" // ids are Frame.io's, made at apply
		}
		f.OptionOrder = names
	}
	d.planned.mu.Lock()
	defer d.planned.mu.Unlock()
	if d.planned.byName == nil {
		d.planned.byName = map[string]plannedField{}
	}
	d.planned.byName[f.Name] = plannedField{field: f, optionsKnown: known}
}

func (d *providerData) plannedField(name string) (plannedField, bool) {
	d.planned.mu.Lock()
	defer d.planned.mu.Unlock()
	f, ok := d.planned.byName[name]
	return f, ok
}

// fieldSet is the account's field definitions, found by name.
type fieldSet struct {
	defs []frameio.FieldDefinition
}

// metadataFields returns the account's field definitions: one listing per provider process (the
// client's), listed again after a field definition is written through it.
func (d *providerData) metadataFields(ctx context.Context) (fieldSet, error) {
	defs, err := d.account.ReadFieldDefinitions(ctx)
	if err != nil {
		return fieldSet{}, fmt.Errorf("listing the account's metadata fields: %w", err)
	}
	return fieldSet{defs: defs}, nil
}

// noFieldError is a name no field of the account has.
type noFieldError struct{ text string }

func (e *noFieldError) Error() string { return e.text }

func isNoField(err error) bool {
	var nf *noFieldError
	return errors.As(err, &nf)
}

// find returns the field named name; the errors say what to change.
func (s fieldSet) find(name string) (*frameio.FieldDefinition, metadata.Field, error) {
	var found []*frameio.FieldDefinition
	for i := range s.defs {
		if s.defs[i].Name == name {
			found = append(found, &s.defs[i])
		}
	}
	switch {
	case len(found) == 0:
		return nil, metadata.Field{}, &noFieldError{fmt.Sprintf("the account has no metadata field named %q%s. Its fields: %s",
			name, s.caseHint(name), s.names())}
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, d := range found {
			ids[i] = d.ID
		}
		return nil, metadata.Field{}, &metadata.SharedNameError{Name: name, IDs: ids}
	}
	d := found[0]
	switch {
	case !d.Mutable:
		return nil, metadata.Field{}, fmt.Errorf("%q is a system field of Frame.io: its values cannot be set", name)
	case !metadata.Supported(d.FieldType):
		return nil, metadata.Field{}, fmt.Errorf("%q is a %s field, whose values frameio_file cannot set yet", name, d.FieldType)
	}
	return d, metadata.FieldOf(d), nil
}

// caseHint suggests a field whose name differs from name only in case.
func (s fieldSet) caseHint(name string) string {
	for _, d := range s.defs {
		if strings.EqualFold(d.Name, name) {
			return fmt.Sprintf(" (names are case-sensitive: did you mean %q?)", d.Name)
		}
	}
	return ""
}

// names lists the fields whose values can be set, for an error.
func (s fieldSet) names() string {
	var names []string
	for _, d := range s.defs {
		if d.Mutable && metadata.Supported(d.FieldType) {
			names = append(names, fmt.Sprintf("%q (%s)", d.Name, d.FieldType))
		}
	}
	if len(names) == 0 {
		return "none that frameio_file can set"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// metadataMap is a known map of known strings as a Go map; nil when null or unknown (known is false
// when the map or one of its values is unknown).
func metadataMap(m types.Map) (values map[string]string, known bool) {
	if m.IsNull() {
		return nil, true
	}
	if m.IsUnknown() {
		return nil, false
	}
	out := make(map[string]string, len(m.Elements()))
	known = true
	for k, v := range m.Elements() {
		s, ok := v.(types.String)
		if !ok || s.IsUnknown() {
			known = false
			continue
		}
		out[k] = s.ValueString()
	}
	return out, known
}

// planMetadata checks the configured metadata at plan time: each name a field of the account (or one a
// frameio_metadata_field plans to create), each value one the field can hold. Unknown values are
// checked when they are known (the plan made again at apply).
func (r *fileResource) planMetadata(ctx context.Context, config fileModel, diags *diag.Diagnostics) {
	if config.Metadata.IsNull() || config.Metadata.IsUnknown() || r.data == nil || r.data.account == nil {
		return
	}
	fields, err := r.data.metadataFields(ctx)
	if err != nil {
		diags.AddAttributeError(metadataPath, "Cannot check the metadata of the Frame.io file",
			fmt.Sprintf("metadata: %s", explainAPIError(err)))
		return
	}
	for _, k := range sortedKeys(config.Metadata.Elements()) {
		v, ok := config.Metadata.Elements()[k].(types.String)
		if !ok || v.IsUnknown() || v.IsNull() {
			continue
		}
		p := metadataPath.AtMapKey(k)
		// A field planned in this run is checked as planned: it may not exist yet, or not with the
		// options the value names.
		planned, ok := r.data.plannedField(k)
		f := planned.field
		if ok && !planned.optionsKnown {
			continue
		}
		if !ok {
			if _, f, err = fields.find(k); err != nil {
				diags.AddAttributeError(p, "Unknown metadata field", fmt.Sprintf("metadata[%q]: %s.", k, err))
				continue
			}
		}
		if _, err := metadata.ToAPI(f, v.ValueString()); err != nil {
			diags.AddAttributeError(p, "Invalid metadata value", fmt.Sprintf("metadata[%q]: %s.", k, err))
		}
	}
}

// metadataValues converts the values of set, and a clear of each field of cleared, to the writer's
// values, with the account's field definitions as they are now (apply: a field planned in this run has
// been created).
func (r *fileResource) metadataValues(ctx context.Context, set map[string]string, cleared []string) ([]metadatawriter.Value, error) {
	fields, err := r.data.metadataFields(ctx)
	if err != nil {
		return nil, err
	}
	var out []metadatawriter.Value
	for _, k := range sortedKeys(set) {
		d, f, err := fields.find(k)
		if err != nil {
			return nil, fmt.Errorf("metadata[%q]: %w", k, err)
		}
		v, err := metadata.ToAPI(f, set[k])
		if err != nil {
			return nil, fmt.Errorf("metadata[%q]: %w", k, err)
		}
		out = append(out, metadatawriter.Value{FieldID: d.ID, Value: v})
	}
	for _, k := range cleared {
		d, _, err := fields.find(k)
		if isNoField(err) {
			continue // the field is gone, and its values with it
		}
		if err != nil {
			return nil, fmt.Errorf("metadata[%q]: %w", k, err)
		}
		out = append(out, metadatawriter.Value{FieldID: d.ID, Value: nil})
	}
	return out, nil
}

// writeMetadata sets values on file fileID of project projectID through the provider's writer, which
// shares the call with the other files of this run that set the same values; it returns when the call
// carrying the file succeeded or failed.
func (r *fileResource) writeMetadata(ctx context.Context, projectID, fileID string, set map[string]string, cleared []string) error {
	values, err := r.metadataValues(ctx, set, cleared)
	if err != nil || len(values) == 0 {
		return err
	}
	return r.data.metadata.Submit(ctx, projectID, fileID, values)
}

// writePlannedMetadata sets the planned values on a file new to Frame.io (a create's, or a new version's,
// which starts with none), within timeout. Nothing to set is no call.
func (r *fileResource) writePlannedMetadata(ctx context.Context, plan *fileModel, file *frameio.File, timeout time.Duration) error {
	want, _ := metadataMap(plan.Metadata)
	set := settingValues(want)
	if len(set) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return r.writeMetadata(ctx, file.ProjectID, file.ID, set, nil)
}

// settingValues is the values of m that set something ("" is no value: nothing to write on a new file).
func settingValues(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// metadataChanges is what an update in place writes: the values that differ from the state, and the
// fields the plan no longer manages (cleared).
func metadataChanges(plan, state map[string]string) (set map[string]string, cleared []string) {
	set = map[string]string{}
	for k, v := range plan {
		if old, ok := state[k]; !ok || old != v {
			set[k] = v
		}
	}
	for _, k := range sortedKeys(state) {
		if _, ok := plan[k]; !ok && state[k] != "" {
			cleared = append(cleared, k)
		}
	}
	return set, cleared
}

// refreshMetadata replaces the state's managed values with those file holds in Frame.io, where they
// differ: values read from the file's own reply (include=metadata), or, when the reply carried none,
// from metadata.show. A value equal to the state's in another spelling ("2.50" for "2.5") keeps the
// state's. Unmanaged fields are not looked at.
func (r *fileResource) refreshMetadata(ctx context.Context, state *fileModel, file *frameio.File) error {
	managed, known := metadataMap(state.Metadata)
	if managed == nil || !known {
		return nil
	}
	held, err := r.data.heldMetadata(ctx, file)
	if err != nil {
		return err
	}
	fields, err := r.data.metadataFields(ctx)
	if err != nil {
		return err
	}
	out := make(map[string]attr.Value, len(managed))
	for k, v := range managed {
		out[k] = types.StringValue(heldValue(fields, held, k, v))
	}
	state.Metadata = types.MapValueMust(types.StringType, out)
	return nil
}

// heldMetadata is the values file holds: those of its own reply (include=metadata), or, when the reply
// carried none, metadata.show's.
func (d *providerData) heldMetadata(ctx context.Context, file *frameio.File) ([]frameio.MetadataField, error) {
	if file.Metadata != nil {
		return file.Metadata, nil
	}
	held, err := d.account.FileMetadata(ctx, file.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of file %s: %w", file.ID, err)
	}
	return held, nil
}

// heldValue is the value of field name that Frame.io holds, as the state should record it: want (the
// state's) when Frame.io holds the same value; "" when it holds none (or the field is gone).
func heldValue(fields fieldSet, held []frameio.MetadataField, name, want string) string {
	d, f, err := fields.find(name)
	if isNoField(err) {
		return ""
	}
	if err != nil {
		return want // ambiguous, or not settable: nothing to compare; the plan reports it
	}
	got := ""
	for i := range held {
		if held[i].FieldDefinitionID != d.ID {
			continue
		}
		s, set, err := metadata.FromAPI(f, held[i].Value)
		if err != nil {
			return want // a value the conversion cannot read: not reported as drift
		}
		if set {
			got = s
		}
	}
	if c, err := metadata.Canonical(f, want); err == nil && c == got {
		return want
	}
	return got
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
