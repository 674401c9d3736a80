package frameio

import (
	"bytes"
	"encoding/json"
)

// The wire format of metadata: account field definitions (FieldDefinition, CreateFieldDefinitionParams,
// UpdateFieldDefinitionParams), a file's values (MetadataField, as metadata.show and include=metadata
// return them) and the bulk update of values (BulkUpdateMetadataParams).

// Field types (FieldDefinition.FieldType).
const (
	FieldTypeText        = "text"
	FieldTypeLongText    = "long_text"
	FieldTypeNumber      = "number"
	FieldTypeRating      = "rating"
	FieldTypeToggle      = "toggle"
	FieldTypeDate        = "date"
	FieldTypeSelect      = "select"
	FieldTypeSelectMulti = "select_multi"
	FieldTypeUserSingle  = "user_single"
	FieldTypeUserMulti   = "user_multi"
)

// FieldTypes are the field types of the document, in its order.
var FieldTypes = []string{FieldTypeText, FieldTypeLongText, FieldTypeSelect, FieldTypeSelectMulti, FieldTypeRating,
	FieldTypeNumber, FieldTypeToggle, FieldTypeDate, FieldTypeUserMulti, FieldTypeUserSingle}

// Limits of the document: a bulk update names 1..100 files and 1..100 values; a select field has 1..50
// options; a field's name is 1..250 characters.
const (
	MaxBulkMetadataFiles  = 100
	MaxBulkMetadataValues = 100
	MaxFieldOptions       = 50
	MaxFieldNameLength    = 250
)

// FieldDefinition is an account's custom metadata field. Mutable is false for system fields, whose
// values cannot be written.
type FieldDefinition struct {
	ID                 string             `json:"id"`
	Name               string             `json:"name"`
	FieldType          string             `json:"field_type"`
	Mutable            bool               `json:"mutable"`
	CreatorID          string             `json:"creator_id"`
	CreatedAt          string             `json:"created_at"`
	UpdatedAt          string             `json:"updated_at"`
	FieldConfiguration FieldConfiguration `json:"field_configuration"`
}

// OptionIDs returns a select field's option ids by display name (nil for other types).
func (d *FieldDefinition) OptionIDs() map[string]string {
	if len(d.FieldConfiguration.Options) == 0 {
		return nil
	}
	out := make(map[string]string, len(d.FieldConfiguration.Options))
	for _, o := range d.FieldConfiguration.Options {
		out[o.DisplayName] = o.ID
	}
	return out
}

// FieldConfiguration is a field's field_configuration: which properties apply depends on the type
// (options and enable_add_new: select, select_multi; scale and number_format: number; max_value, style
// and color: rating; color: toggle; display_format, display_timezone, include_time, time_format: date;
// member_options_type, notify_members, custom_members: user_single, user_multi; none: text, long_text).
// Unset properties are not sent.
type FieldConfiguration struct {
	Options      []FieldOption `json:"options,omitempty"`
	EnableAddNew *bool         `json:"enable_add_new,omitempty"`

	Scale        *int    `json:"scale,omitempty"`
	NumberFormat *string `json:"number_format,omitempty"`

	MaxValue *int    `json:"max_value,omitempty"`
	Style    *string `json:"style,omitempty"`
	Color    *string `json:"color,omitempty"`

	DisplayFormat   *string `json:"display_format,omitempty"`
	DisplayTimezone *bool   `json:"display_timezone,omitempty"`
	IncludeTime     *bool   `json:"include_time,omitempty"`
	TimeFormat      *string `json:"time_format,omitempty"`

	MemberOptionsType *string   `json:"member_options_type,omitempty"`
	NotifyMembers     *bool     `json:"notify_members,omitempty"`
	CustomMembers     []UserRef `json:"custom_members,omitempty"`
}

// FieldOption is one option of a select field. ID is the server's (set in replies, never sent).
type FieldOption struct {
	ID          string  `json:"id,omitempty"`
	DisplayName string  `json:"display_name"`
	Color       *string `json:"color,omitempty"`
}

// UserRef is a user (Type "user") or a user group ("account_user_group") in a user field.
type UserRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// NewFieldDefinition is what CreateFieldDefinition makes.
type NewFieldDefinition struct {
	Name      string
	FieldType string
	// Config is the field_configuration: required by the API for select, select_multi (options),
	// number (scale), rating (max_value), date (display_format), user_single and user_multi; nil sends none.
	Config *FieldConfiguration
}

// FieldDefinitionUpdate is what UpdateFieldDefinition changes. FieldType is the field's type (the
// API requires it and a field's type cannot change); nil fields are not sent. Config.Options, when
// set, replace the options: an option keeps its id when its display name stays (a reading: see
// UpdateFieldDefinition).
type FieldDefinitionUpdate struct {
	FieldType string
	Name      *string
	Config    *FieldConfiguration
}

// fieldDefinitionParams is the body of a create or an update.
type fieldDefinitionParams struct {
	Name      *string             `json:"name,omitempty"`
	FieldType string              `json:"field_type"`
	Config    *FieldConfiguration `json:"field_configuration,omitempty"`
}

// requestConfig is c as a request sends it: options without their ids (the API takes none).
func requestConfig(c *FieldConfiguration) *FieldConfiguration {
	if c == nil {
		return nil
	}
	out := *c
	if c.Options != nil {
		out.Options = make([]FieldOption, len(c.Options))
		for i, o := range c.Options {
			out.Options[i] = FieldOption{DisplayName: o.DisplayName, Color: o.Color}
		}
	}
	return &out
}

// MetadataField is one field's value on a file (MetadataField of the document), as metadata.show and
// the reads of files with include=metadata return it. Value is the JSON value as sent: a string
// (text, long_text, and date, e.g. "2026-07-17 21:34:21.954509Z"), a number (number, rating), a
// boolean (toggle), a list of {id, display_name} (select, select_multi) or of {id, type} (user_single,
// user_multi), or null. A field without a value may be absent or listed with null (or []).
type MetadataField struct {
	FieldDefinitionID   string          `json:"field_definition_id"`
	FieldDefinitionName string          `json:"field_definition_name"`
	FieldType           string          `json:"field_type"`
	Mutable             bool            `json:"mutable"`
	Value               json.RawMessage `json:"value"`
	FieldOptions        []FieldOption   `json:"field_options,omitempty"`
}

// IsSet reports whether the field has a value: not absent, null or an empty list.
func (m *MetadataField) IsSet() bool {
	v := bytes.TrimSpace(m.Value)
	if len(v) == 0 || string(v) == "null" {
		return false
	}
	var list []json.RawMessage
	if json.Unmarshal(v, &list) == nil {
		return len(list) > 0
	}
	return true
}

// OptionIDs returns the option ids of a select or select_multi value, in order (nil when unset or not
// a list of options).
func (m *MetadataField) OptionIDs() []string {
	var opts []FieldOption
	if json.Unmarshal(m.Value, &opts) != nil {
		return nil
	}
	var ids []string
	for _, o := range opts {
		ids = append(ids, o.ID)
	}
	return ids
}

// fileMetadata is metadata.show's data.
type fileMetadata struct {
	FileID   string          `json:"file_id"`
	Metadata []MetadataField `json:"metadata"`
}

// MetadataValue is one value of a bulk update: the field, and its value as the API takes it (sent as
// is): a string (text, long_text; a date as RFC 3339), a number (number, rating), a bool (toggle),
// a []string of option ids (select: at most one; select_multi), a []UserRef (user_single: at most one;
// user_multi), or nil to clear the value.
type MetadataValue struct {
	FieldDefinitionID string `json:"field_definition_id"`
	Value             any    `json:"value"`
}

// bulkMetadataParams is the body of metadata.bulk_update.
type bulkMetadataParams struct {
	FileIDs []string        `json:"file_ids"`
	Values  []MetadataValue `json:"values"`
}

// namedAssets: a bulk update changes the metadata of its files (assetNamer).
func (p bulkMetadataParams) namedAssets() []string { return p.FileIDs }
