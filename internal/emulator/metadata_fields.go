package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Account field definitions (custom metadata fields): list, create, update, delete. Values are in
// metadata_values.go, inspection and out-of-band changes in metadata_oob.go.
//
// Where the OpenAPI document is silent, the emulator takes the strictest reading:
//   - Names are unique in the account (409 Conflict on create and update; Readings.DuplicateFieldNamesOK
//     allows duplicates), compared case-insensitively.
//   - An update's field_type names the definition's type; another type is 422 (/data/field_type): the
//     update schemas are per type, and nothing says a type can change.
//   - An update's field_configuration changes the properties it gives; options, when given, replace the
//     list: an option whose display_name was already an option keeps its id, the others get new ids, and
//     file values naming a dropped option lose it (Readings.SelectOptionsRenewIDs gives every option a
//     new id, and so every value loses its options). Option display names are 1..250 characters
//     (the document gives no limit) and unique in the field (case-insensitive).
//   - Deleting a definition deletes its values on every file. A definition that is not mutable (a system
//     field, made with AddFieldDefinition) cannot be changed or deleted (403).
//   - Listing order without sort: creation order.

// fieldTypes are the field types of the document (FieldDefinition's discriminator).
var fieldTypes = []string{"text", "long_text", "select", "select_multi", "rating", "number", "toggle", "date",
	"user_single", "user_multi"}

// maxFieldName is the maxLength of a definition's name; maxOptions that of a select's options.
const (
	maxFieldName = 250
	maxOptions   = 50
)

// fieldDef is the server-side state of an account field definition.
type fieldDef struct {
	id, accountID, name, fieldType string
	mutable                        bool
	seq                            int64
	config                         map[string]any // field_configuration without options, as decoded (json.Number)
	options                        []selectOption // select and select_multi
	createdAt, updatedAt           time.Time
	listingMisses                  int // Readings.NewFieldListingMisses: listings still to leave it out of
}

type selectOption struct {
	id, name string
	color    *string
}

func isSelect(fieldType string) bool { return fieldType == "select" || fieldType == "select_multi" }
func isUsers(fieldType string) bool  { return fieldType == "user_single" || fieldType == "user_multi" }

// cfgProp is one property of a type's field_configuration.
type cfgProp struct {
	kind     kind // kString, kInt, kBool, kArray (options and custom_members, checked on their own)
	enum     []string
	min, max int64
	required bool // on create
}

// fieldConfigs are the field_configuration properties of each type (the *DefinitionParams schemas); a
// type absent from it (text, long_text) takes no field_configuration.
var fieldConfigs = map[string]map[string]cfgProp{
	"toggle": {"color": {kind: kString}},
	"number": {
		"scale":         {kind: kInt, min: 0, max: 3, required: true},
		"number_format": {kind: kString, enum: []string{"bitrate", "bits", "duration", "framerate", "frequency", "storage", "timecode"}},
	},
	"rating": {
		"max_value": {kind: kInt, min: 0, max: 5, required: true},
		"style":     {kind: kString, enum: []string{"star", "heart", "thumbs_up"}},
		"color":     {kind: kString},
	},
	"date": {
		"display_format":   {kind: kString, enum: []string{"local", "friendly", "usa", "euro", "iso"}, required: true},
		"display_timezone": {kind: kBool},
		"include_time":     {kind: kBool},
		"time_format":      {kind: kString, enum: []string{"twelve_hour", "twenty_four_hour"}},
	},
	"select":       selectConfig,
	"select_multi": selectConfig,
	"user_single":  usersConfig,
	"user_multi":   usersConfig,
}

var selectConfig = map[string]cfgProp{
	"enable_add_new": {kind: kBool},
	"options":        {kind: kArray, required: true},
}

var usersConfig = map[string]cfgProp{
	"custom_members":      {kind: kArray},
	"member_options_type": {kind: kString, enum: []string{"all_project_members", "custom"}, required: true},
	"notify_members":      {kind: kBool, required: true},
}

// configDefaults are the documented defaults a reply shows for properties not given.
var configDefaults = map[string]map[string]any{
	"date":         {"display_timezone": false, "include_time": false, "time_format": "twelve_hour"},
	"select":       {"enable_add_new": true},
	"select_multi": {"enable_add_new": true},
	"user_single":  {"custom_members": []any{}},
	"user_multi":   {"custom_members": []any{}},
}

// fieldSpecs are the fields of a create or update's data object.
var fieldSpecs = []fieldSpec{
	{"name", kString, false},
	{"field_type", kString, true},
	{"field_configuration", kObject, false},
}

// checkFieldName enforces 1..250 characters.
func checkFieldName(name string) *httpError {
	switch n := utf8.RuneCountInString(name); {
	case n < 1:
		return invalid("/data/name", "String length is smaller than the minimum of 1")
	case n > maxFieldName:
		return invalid("/data/name", fmt.Sprintf("String length is larger than the maximum of %d", maxFieldName))
	}
	return nil
}

func checkFieldType(t string) *httpError {
	if !slices.Contains(fieldTypes, t) {
		return invalid("/data/field_type", fmt.Sprintf("Invalid value for field_type: %q (one of %s)", t, strings.Join(fieldTypes, ", ")))
	}
	return nil
}

// fieldConfig is a checked field_configuration: the plain properties and, for a select, its options'
// display names and colours (nil when not given).
type fieldConfig struct {
	props   map[string]any
	options []selectOption // ids not yet given
	hasOpts bool
}

// checkFieldConfig validates a field_configuration of fieldType (raw nil: none given); create says
// whether required properties must be there.
func checkFieldConfig(fieldType string, raw map[string]any, present, create bool) (fieldConfig, *httpError) {
	const ptr = "/data/field_configuration"
	props, typed := fieldConfigs[fieldType]
	out := fieldConfig{props: map[string]any{}}
	if !typed {
		if present {
			return out, invalid(ptr, fmt.Sprintf("Unexpected field: field_configuration (a %s field has none)", fieldType))
		}
		return out, nil
	}
	if !present {
		for _, p := range props {
			if p.required && create {
				return out, invalid(ptr, "Missing field: field_configuration")
			}
		}
		return out, nil
	}
	for _, k := range sortedKeys(raw) {
		if _, ok := props[k]; !ok {
			return out, invalid(ptr+"/"+k, "Unexpected field: "+k)
		}
	}
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		p := props[k]
		v, ok := raw[k]
		pp := ptr + "/" + k
		if !ok {
			if p.required && create {
				return out, invalid(pp, "Missing field: "+k)
			}
			continue
		}
		switch {
		case k == "options":
			opts, herr := checkOptions(v, pp)
			if herr != nil {
				return out, herr
			}
			out.options, out.hasOpts = opts, true
			continue
		case k == "custom_members":
			if herr := checkMembers(v, pp); herr != nil {
				return out, herr
			}
		default:
			if herr := checkCfgValue(p, v, pp); herr != nil {
				return out, herr
			}
		}
		out.props[k] = v
	}
	if fieldType == "user_single" || fieldType == "user_multi" {
		if out.props["member_options_type"] == "custom" && out.props["custom_members"] == nil && create {
			return out, invalid(ptr+"/custom_members", "custom_members is required when member_options_type is custom")
		}
	}
	return out, nil
}

// checkCfgValue checks one plain property against its spec.
func checkCfgValue(p cfgProp, v any, ptr string) *httpError {
	switch p.kind {
	case kString:
		s, ok := v.(string)
		if !ok {
			return invalid(ptr, "Invalid string. Got: "+jsonType(v))
		}
		if p.enum != nil && !slices.Contains(p.enum, s) {
			return invalid(ptr, fmt.Sprintf("Invalid value %q (one of %s)", s, strings.Join(p.enum, ", ")))
		}
	case kInt:
		n, ok := v.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			return invalid(ptr, "Invalid integer. Got: "+jsonType(v))
		}
		if i < p.min || i > p.max {
			return invalid(ptr, fmt.Sprintf("Value %d is outside %d..%d", i, p.min, p.max))
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return invalid(ptr, "Invalid boolean. Got: "+jsonType(v))
		}
	}
	return nil
}

// checkOptions reads a select's options: 1..50 objects {display_name, color?}, names unique.
func checkOptions(v any, ptr string) ([]selectOption, *httpError) {
	arr, ok := v.([]any)
	if !ok {
		return nil, invalid(ptr, "Invalid array. Got: "+jsonType(v))
	}
	if n := len(arr); n < 1 || n > maxOptions {
		return nil, invalid(ptr, fmt.Sprintf("options must have 1 to %d items, got %d", maxOptions, n))
	}
	out := make([]selectOption, 0, len(arr))
	seen := map[string]bool{}
	for i, item := range arr {
		ip := fmt.Sprintf("%s/%d", ptr, i)
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, invalid(ip, "Invalid object. Got: "+jsonType(item))
		}
		for _, k := range sortedKeys(obj) {
			if k != "display_name" && k != "color" {
				return nil, invalid(ip+"/"+k, "Unexpected field: "+k)
			}
		}
		name, ok := obj["display_name"].(string)
		switch {
		case obj["display_name"] == nil:
			return nil, invalid(ip+"/display_name", "Missing field: display_name")
		case !ok:
			return nil, invalid(ip+"/display_name", "Invalid string. Got: "+jsonType(obj["display_name"]))
		case utf8.RuneCountInString(name) < 1 || utf8.RuneCountInString(name) > maxFieldName:
			return nil, invalid(ip+"/display_name", fmt.Sprintf("display_name must have 1 to %d characters", maxFieldName))
		case seen[strings.ToLower(name)]:
			return nil, invalid(ip+"/display_name", fmt.Sprintf("option %q is listed twice", name))
		}
		seen[strings.ToLower(name)] = true
		o := selectOption{name: name}
		if c, has := obj["color"]; has {
			s, ok := c.(string)
			if !ok {
				return nil, invalid(ip+"/color", "Invalid string. Got: "+jsonType(c))
			}
			o.color = &s
		}
		out = append(out, o)
	}
	return out, nil
}

// checkMembers reads custom_members: 1.. objects {id, type}.
func checkMembers(v any, ptr string) *httpError {
	arr, ok := v.([]any)
	if !ok {
		return invalid(ptr, "Invalid array. Got: "+jsonType(v))
	}
	if len(arr) < 1 {
		return invalid(ptr, "custom_members must have at least 1 item")
	}
	for i, item := range arr {
		if herr := checkUserRef(item, fmt.Sprintf("%s/%d", ptr, i)); herr != nil {
			return herr
		}
	}
	return nil
}

// checkUserRef checks a {id, type} user reference: the emulator knows one user and no groups.
func checkUserRef(item any, ptr string) *httpError {
	obj, ok := item.(map[string]any)
	if !ok {
		return invalid(ptr, "Invalid object. Got: "+jsonType(item))
	}
	for _, k := range sortedKeys(obj) {
		if k != "id" && k != "type" {
			return invalid(ptr+"/"+k, "Unexpected field: "+k)
		}
	}
	id, _ := obj["id"].(string)
	typ, _ := obj["type"].(string)
	switch {
	case typ != "user" && typ != "account_user_group":
		return invalid(ptr+"/type", fmt.Sprintf("Invalid value for type: %v (user or account_user_group)", obj["type"]))
	case typ == "user" && id != emulatorUserID:
		return invalid(ptr+"/id", fmt.Sprintf("user %v is not a member of the account", obj["id"]))
	case typ == "account_user_group":
		return invalid(ptr+"/id", fmt.Sprintf("user group %v is not a group of the account", obj["id"]))
	}
	return nil
}

// ---- JSON ----

func (e *Emulator) fieldDefJSON(d *fieldDef) map[string]any {
	cfg := map[string]any{}
	for k, v := range configDefaults[d.fieldType] {
		cfg[k] = v
	}
	for k, v := range d.config {
		cfg[k] = v
	}
	if isSelect(d.fieldType) {
		opts := make([]any, len(d.options))
		for i, o := range d.options {
			opts[i] = map[string]any{"id": o.id, "display_name": o.name, "color": nullable(o.color)}
		}
		cfg["options"] = opts
	}
	return map[string]any{
		"id":                  d.id,
		"name":                d.name,
		"field_type":          d.fieldType,
		"field_configuration": cfg,
		"mutable":             d.mutable,
		"creator_id":          emulatorUserID,
		"created_at":          ts(d.createdAt),
		"updated_at":          ts(d.updatedAt),
	}
}

// ---- lookups ----

// fieldDefInAccountLocked looks up definition id in the request's account.
func (e *Emulator) fieldDefInAccountLocked(r *http.Request, id string) (*fieldDef, *httpError) {
	d := e.fieldDefs[id]
	if d == nil || d.accountID != r.PathValue("account_id") {
		return nil, notFound("field definition", id)
	}
	return d, nil
}

// fieldNameTakenLocked reports whether another definition of the account has name (case-insensitive).
func (e *Emulator) fieldNameTakenLocked(accountID, name, exceptID string) bool {
	if e.readings.get().DuplicateFieldNamesOK {
		return false
	}
	for _, d := range e.fieldDefs {
		if d.accountID == accountID && d.id != exceptID && strings.EqualFold(d.name, name) {
			return true
		}
	}
	return false
}

// addFieldDefLocked stores a new definition.
func (e *Emulator) addFieldDefLocked(accountID, name, fieldType string, cfg fieldConfig, mutable bool) *fieldDef {
	now := e.now().UTC()
	e.seq++
	d := &fieldDef{id: newID(), accountID: accountID, name: name, fieldType: fieldType, mutable: mutable,
		seq: e.seq, config: cfg.props, createdAt: now, updatedAt: now}
	for _, o := range cfg.options {
		o.id = newID()
		d.options = append(d.options, o)
	}
	e.fieldDefs[d.id] = d
	return d
}

// setOptionsLocked replaces d's options: kept names keep their ids (unless Readings.SelectOptionsRenewIDs),
// and values naming a dropped option lose it.
func (e *Emulator) setOptionsLocked(d *fieldDef, opts []selectOption) {
	renew := e.readings.get().SelectOptionsRenewIDs
	old := map[string]string{}
	for _, o := range d.options {
		old[strings.ToLower(o.name)] = o.id
	}
	kept := map[string]bool{}
	next := make([]selectOption, len(opts))
	for i, o := range opts {
		if id, ok := old[strings.ToLower(o.name)]; ok && !renew {
			o.id = id
		} else {
			o.id = newID()
		}
		kept[o.id] = true
		next[i] = o
	}
	d.options = next
	for _, vals := range e.metaValues {
		ids, ok := vals[d.id].([]string)
		if !ok {
			continue
		}
		ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !kept[id] })
		if len(ids) == 0 {
			delete(vals, d.id)
		} else {
			vals[d.id] = ids
		}
	}
}

// deleteFieldDefLocked deletes a definition and its values on every file.
func (e *Emulator) deleteFieldDefLocked(d *fieldDef) {
	delete(e.fieldDefs, d.id)
	for _, vals := range e.metaValues {
		delete(vals, d.id)
	}
}

// ---- handlers ----

// hFieldDefList lists the account's definitions (page_size 1..100; sort, filters and include=creator
// as documented).
func (e *Emulator) hFieldDefList(r *http.Request) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	q := r.URL.Query()
	sortBy := q.Get("sort")
	if sortBy != "" && !slices.Contains([]string{"name_asc", "created_at_asc", "name_desc", "created_at_desc"}, sortBy) {
		return 0, nil, errf(http.StatusUnprocessableEntity, "/sort", "Invalid value for sort: %q", sortBy)
	}
	if inc := q.Get("include"); inc != "" && inc != "creator" {
		return 0, nil, errf(http.StatusUnprocessableEntity, "/include", "Invalid value for include: %q (creator)", inc)
	}
	excludeImmutable := false
	for _, f := range []string{"filters[exclude_immutable]", "filters[exclude_inactive]"} {
		if v := q.Get(f); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return 0, nil, errf(http.StatusUnprocessableEntity, "/"+f, "Invalid boolean %q", v)
			}
			if f == "filters[exclude_immutable]" {
				excludeImmutable = b
			}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	account := r.PathValue("account_id")
	var defs []*fieldDef
	for _, d := range e.fieldDefs {
		if d.accountID == account && d.listingMisses > 0 {
			d.listingMisses-- // Readings.NewFieldListingMisses: not listed yet
			continue
		}
		if d.accountID == account && (d.mutable || !excludeImmutable) {
			defs = append(defs, d)
		}
	}
	sortFieldDefs(defs, sortBy)
	items := make([]listItem, len(defs))
	for i, d := range defs {
		v := e.fieldDefJSON(d)
		if q.Get("include") == "creator" {
			v["creator"] = reviewerJSON(emulatorUserEmail)
		}
		items[i] = listItem{int64(i + 1), v} // the cursor counts positions in the chosen order
	}
	return 200, pageReply(r, items, size, after, total), nil
}

func sortFieldDefs(defs []*fieldDef, by string) {
	sort.Slice(defs, func(i, j int) bool {
		a, b := defs[i], defs[j]
		switch by {
		case "name_asc":
			return strings.ToLower(a.name) < strings.ToLower(b.name) || strings.EqualFold(a.name, b.name) && a.seq < b.seq
		case "name_desc":
			return strings.ToLower(a.name) > strings.ToLower(b.name) || strings.EqualFold(a.name, b.name) && a.seq < b.seq
		case "created_at_desc":
			return a.seq > b.seq
		}
		return a.seq < b.seq
	})
}

func (e *Emulator) hFieldDefCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpecs...)
	if herr != nil {
		return 0, nil, herr
	}
	name, hasName := d["name"].(string)
	if !hasName {
		return 0, nil, invalid("/data/name", "Missing field: name")
	}
	fieldType := d["field_type"].(string)
	if herr := checkFieldType(fieldType); herr != nil {
		return 0, nil, herr
	}
	if herr := checkFieldName(name); herr != nil {
		return 0, nil, herr
	}
	raw, present := d["field_configuration"].(map[string]any)
	cfg, herr := checkFieldConfig(fieldType, raw, present, true)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	account := r.PathValue("account_id")
	if e.fieldNameTakenLocked(account, name, "") {
		return 0, nil, errf(http.StatusConflict, "/data/name", "a field named %q already exists in the account", name)
	}
	def := e.addFieldDefLocked(account, name, fieldType, cfg, true)
	def.listingMisses = e.readings.get().NewFieldListingMisses
	return http.StatusCreated, data(e.fieldDefJSON(def)), nil
}

func (e *Emulator) hFieldDefUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpecs...)
	if herr != nil {
		return 0, nil, herr
	}
	fieldType := d["field_type"].(string)
	if herr := checkFieldType(fieldType); herr != nil {
		return 0, nil, herr
	}
	name, hasName := d["name"].(string)
	if hasName {
		if herr := checkFieldName(name); herr != nil {
			return 0, nil, herr
		}
	}
	raw, present := d["field_configuration"].(map[string]any)
	cfg, herr := checkFieldConfig(fieldType, raw, present, false)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	def, herr := e.fieldDefInAccountLocked(r, r.PathValue("field_definition_id"))
	switch {
	case herr != nil:
		return 0, nil, herr
	case !def.mutable:
		return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "A system field cannot be changed"}
	case def.fieldType != fieldType:
		return 0, nil, invalid("/data/field_type", fmt.Sprintf("field_type %q is not the field's type (%s): a field's type cannot change", fieldType, def.fieldType))
	case hasName && e.fieldNameTakenLocked(def.accountID, name, def.id):
		return 0, nil, errf(http.StatusConflict, "/data/name", "a field named %q already exists in the account", name)
	}
	// Every check has passed: apply all or nothing.
	if hasName {
		def.name = name
	}
	for k, v := range cfg.props {
		def.config[k] = v
	}
	if cfg.hasOpts {
		e.setOptionsLocked(def, cfg.options)
	}
	def.updatedAt = e.now().UTC()
	return 200, data(e.fieldDefJSON(def)), nil
}

func (e *Emulator) hFieldDefDelete(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	def, herr := e.fieldDefInAccountLocked(r, r.PathValue("field_definition_id"))
	switch {
	case herr != nil:
		return 0, nil, herr
	case !def.mutable:
		return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "A system field cannot be deleted"}
	}
	e.deleteFieldDefLocked(def)
	return http.StatusNoContent, nil, nil
}
