package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// What tests look at, and change as the web app would (drift tests), of field definitions and the
// metadata values of files.

// FieldDefinition is a snapshot of an account field definition.
type FieldDefinition struct {
	ID, AccountID, Name, FieldType string
	Mutable                        bool
	Options                        []FieldOption  // select and select_multi, in order
	Config                         map[string]any // field_configuration without options, as the API took it
}

// FieldOption is one option of a select field.
type FieldOption struct{ ID, Name string }

func (d *fieldDef) snapshot() FieldDefinition {
	s := FieldDefinition{ID: d.id, AccountID: d.accountID, Name: d.name, FieldType: d.fieldType, Mutable: d.mutable,
		Config: map[string]any{}}
	for k, v := range d.config {
		s.Config[k] = v
	}
	for _, o := range d.options {
		s.Options = append(s.Options, FieldOption{ID: o.id, Name: o.name})
	}
	return s
}

// FieldDefinitions returns every field definition of every account, in creation order.
func (e *Emulator) FieldDefinitions() []FieldDefinition {
	e.mu.Lock()
	defer e.mu.Unlock()
	defs := make([]*fieldDef, 0, len(e.fieldDefs))
	for _, d := range e.fieldDefs {
		defs = append(defs, d)
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].seq < defs[j].seq })
	out := make([]FieldDefinition, len(defs))
	for i, d := range defs {
		out[i] = d.snapshot()
	}
	return out
}

// FieldDefinition returns a snapshot of one field definition.
func (e *Emulator) FieldDefinition(id string) (FieldDefinition, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.fieldDefs[id]
	if !ok {
		return FieldDefinition{}, false
	}
	return d.snapshot(), true
}

// oobConfigs are the field_configuration a definition made with AddFieldDefinition gets.
var oobConfigs = map[string]map[string]any{
	"number":      {"scale": json.Number("0")},
	"rating":      {"max_value": json.Number("5")},
	"date":        {"display_format": "local"},
	"user_single": {"member_options_type": "all_project_members", "notify_members": false},
	"user_multi":  {"member_options_type": "all_project_members", "notify_members": false},
}

// AddFieldDefinition adds a field definition to account accountID ("" = Options.AccountID) as the web
// app or the service would, and returns its id: options for a select field, mutable false for a
// system field (whose values and definition the API cannot change). Names are not checked for
// uniqueness, so a test can make duplicates. Number fields get scale 0, ratings max_value 5.
func (e *Emulator) AddFieldDefinition(accountID, name, fieldType string, options []string, mutable bool) (string, error) {
	if checkFieldType(fieldType) != nil {
		return "", fmt.Errorf("emulator: unknown field type %q", fieldType)
	}
	if accountID == "" {
		accountID = e.opts.AccountID
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir.accounts[accountID] == nil {
		return "", fmt.Errorf("account %q: %w", accountID, ErrNotFound)
	}
	cfg := fieldConfig{props: map[string]any{}}
	for k, v := range oobConfigs[fieldType] {
		cfg.props[k] = v
	}
	for _, o := range options {
		cfg.options = append(cfg.options, selectOption{name: o})
	}
	return e.addFieldDefLocked(accountID, name, fieldType, cfg, mutable).id, nil
}

// RenameFieldDefinition renames a field definition as the web app would.
func (e *Emulator) RenameFieldDefinition(id, name string) error {
	return e.changeFieldDef(id, func(d *fieldDef) { d.name = name })
}

// SetFieldOptions replaces a select field's options as the web app would: an option whose name was
// already an option keeps its id (unless Readings.SelectOptionsRenewIDs), values lose dropped options.
func (e *Emulator) SetFieldOptions(id string, options []string) error {
	opts := make([]selectOption, len(options))
	for i, o := range options {
		opts[i] = selectOption{name: o}
	}
	return e.changeFieldDef(id, func(d *fieldDef) { e.setOptionsLocked(d, opts) })
}

// SetFieldConfig sets one field_configuration property of a definition (e.g. "scale" of a number
// field, as json.Number("2")) as the web app would; nil removes it.
func (e *Emulator) SetFieldConfig(id, property string, value any) error {
	return e.changeFieldDef(id, func(d *fieldDef) {
		if value == nil {
			delete(d.config, property)
		} else {
			d.config[property] = value
		}
	})
}

// DeleteFieldDefinition deletes a field definition, and its values on every file, as the web app would.
func (e *Emulator) DeleteFieldDefinition(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.fieldDefs[id]
	if !ok {
		return fmt.Errorf("field definition %q: %w", id, ErrNotFound)
	}
	e.deleteFieldDefLocked(d)
	return nil
}

func (e *Emulator) changeFieldDef(id string, change func(*fieldDef)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.fieldDefs[id]
	if !ok {
		return fmt.Errorf("field definition %q: %w", id, ErrNotFound)
	}
	change(d)
	d.updatedAt = e.now().UTC()
	return nil
}

// SetFileMetadata sets the value of field fieldID on file fileID as the web app would. value is what
// metadata.bulk_update takes (a string, number, bool, a list of option ids, a list of {"id","type"}
// maps; nil clears) and is checked the same way, system fields included.
func (e *Emulator) SetFileMetadata(fileID, fieldID string, value any) error {
	b, err := json.Marshal(value)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.files[fileID] == nil {
		return fmt.Errorf("file %q: %w", fileID, ErrNotFound)
	}
	d, ok := e.fieldDefs[fieldID]
	if !ok {
		return fmt.Errorf("field definition %q: %w", fieldID, ErrNotFound)
	}
	stored, herr := checkValue(d, v, "/value")
	if herr != nil {
		return fmt.Errorf("emulator: %s", herr.detail)
	}
	e.setValueLocked(fileID, fieldID, stored)
	return nil
}

// FileMetadata returns the values set on a file, by field definition id, in the form
// metadata.bulk_update takes them: string (text, long_text), float64 (number), int64 (rating), bool
// (toggle), an RFC 3339 string (date), []string of option ids (select, select_multi) and
// []map[string]string of {"id","type"} (user_single, user_multi). A file without values (or unknown)
// gives an empty map.
func (e *Emulator) FileMetadata(fileID string) map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]any{}
	for id, v := range e.metaValues[fileID] {
		switch x := v.(type) {
		case time.Time:
			out[id] = x.Format(time.RFC3339Nano)
		case []string:
			out[id] = append([]string(nil), x...)
		case []userRef:
			refs := make([]map[string]string, len(x))
			for i, u := range x {
				refs[i] = map[string]string{"id": u.id, "type": u.typ}
			}
			out[id] = refs
		default:
			out[id] = v
		}
	}
	return out
}
