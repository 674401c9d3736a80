package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// Metadata values of files: metadata.show, include=metadata on the file replies and listings, and
// metadata.bulk_update, the only write.
//
// Where the OpenAPI document is silent, the emulator takes the strictest reading:
//   - A value is stored per file (not per version stack); a new version starts with none.
//   - metadata.show lists only the fields that have a value unless show_null=true, which lists every
//     field of the account (null, or [] for list types, when unset). include=metadata lists the same as
//     metadata.show without show_null; Readings.MetadataListsNulls lists every field there too.
//   - Values by type: text and long_text a string; number a number with at most the field's scale of
//     decimal places; rating an integer 1..max_value; toggle a boolean; date an RFC 3339 date-time or a
//     YYYY-MM-DD date; select a list of at most one option id, select_multi a list of distinct option
//     ids; user_single and user_multi lists of {id, type} (at most one for user_single). null (and []
//     for list types) clears a value. Anything else is 422 with the pointer of the value.
//   - Dates are answered as the document's example writes them ("2026-07-17 21:34:21.954509Z": a space,
//     not a T), in UTC.
//   - bulk_update is all or nothing: a file id that is not a file of the project (unknown, a folder, a
//     version stack or another project's file), a field of another account, a field listed twice, a
//     system field (mutable false) or a bad value is 422 naming it, and nothing changes. It answers 204.

// Bulk update limits (BulkUpdateMetadataParams).
const maxBulkItems = 100

// dateReplyLayout is the format of the document's DateValue example.
const dateReplyLayout = "2006-01-02 15:04:05.000000Z"

// userRef is a stored user value.
type userRef struct{ id, typ string }

// wantsMetadata reports whether the request's include parameter (a comma-separated list) asks for
// metadata. Other include values are accepted and ignored.
func wantsMetadata(r *http.Request) bool {
	for _, v := range r.URL.Query()["include"] {
		for _, k := range strings.Split(v, ",") {
			if strings.TrimSpace(k) == "metadata" {
				return true
			}
		}
	}
	return false
}

// withMetadataLocked returns v (a file, or a version stack with its head_version) with the metadata
// of the file added when the request asks for it; v itself is not changed (listings of deleted assets
// keep their entries).
func (e *Emulator) withMetadataLocked(r *http.Request, v map[string]any) map[string]any {
	if v == nil || !wantsMetadata(r) {
		return v
	}
	nulls := e.readings.get().MetadataListsNulls
	switch v["type"] {
	case "file":
		out := maps.Clone(v)
		id, _ := v["id"].(string)
		out["metadata"] = e.metadataJSONLocked(id, nulls)
		return out
	case "version_stack":
		if head, ok := v["head_version"].(map[string]any); ok {
			out := maps.Clone(v)
			out["head_version"] = e.withMetadataLocked(r, head)
			return out
		}
	}
	return v
}

// itemsWithMetadataLocked applies withMetadataLocked to every item of a listing.
func (e *Emulator) itemsWithMetadataLocked(r *http.Request, items []listItem) []listItem {
	if !wantsMetadata(r) {
		return items
	}
	out := make([]listItem, len(items))
	for i, it := range items {
		out[i] = listItem{it.seq, e.withMetadataLocked(r, it.v)}
	}
	return out
}

// metadataJSONLocked is the metadata list of file id (MetadataField items), in the order of the
// account's field definitions; nulls lists the fields without a value too.
func (e *Emulator) metadataJSONLocked(fileID string, nulls bool) []any {
	vals := e.metaValues[fileID]
	account := ""
	if p := e.dir.projects[e.projectIDOfLocked(fileID)]; p != nil {
		account = e.accountOfProjectLocked(p)
	}
	out := []any{}
	for _, d := range e.fieldDefsOfLocked(account) {
		v, has := vals[d.id]
		if !has && !nulls {
			continue
		}
		out = append(out, e.metadataFieldJSON(d, v))
	}
	return out
}

// fieldDefsOfLocked returns the account's definitions in creation order.
func (e *Emulator) fieldDefsOfLocked(account string) []*fieldDef {
	var defs []*fieldDef
	for _, d := range e.fieldDefs {
		if d.accountID == account {
			defs = append(defs, d)
		}
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].seq < defs[j].seq })
	return defs
}

// metadataFieldJSON is one MetadataField: the definition and the stored value v (nil when unset).
func (e *Emulator) metadataFieldJSON(d *fieldDef, v any) map[string]any {
	out := map[string]any{
		"field_definition_id":   d.id,
		"field_definition_name": d.name,
		"field_type":            d.fieldType,
		"mutable":               d.mutable,
	}
	switch {
	case isSelect(d.fieldType):
		opts := make([]any, len(d.options))
		byID := map[string]selectOption{}
		for i, o := range d.options {
			opts[i] = map[string]any{"id": o.id, "display_name": o.name}
			byID[o.id] = o
		}
		out["field_options"] = opts
		value := []any{}
		ids, _ := v.([]string)
		for _, id := range ids {
			value = append(value, map[string]any{"id": id, "display_name": byID[id].name})
		}
		out["value"] = value
	case isUsers(d.fieldType):
		mt, _ := d.config["member_options_type"].(string)
		out["member_options_type"] = mt
		members, _ := d.config["custom_members"].([]any)
		if members == nil || mt != "custom" {
			members = []any{}
		}
		out["custom_members"] = members
		value := []any{}
		refs, _ := v.([]userRef)
		for _, u := range refs {
			value = append(value, map[string]any{"id": u.id, "type": u.typ})
		}
		out["value"] = value
	case d.fieldType == "date":
		if t, ok := v.(time.Time); ok {
			out["value"] = t.UTC().Format(dateReplyLayout)
		} else {
			out["value"] = nil
		}
	default:
		out["value"] = v
	}
	return out
}

// ---- value checks ----

// checkValue checks value v for definition d and returns it as stored (nil: clear the value).
func checkValue(d *fieldDef, v any, ptr string) (any, *httpError) {
	if v == nil {
		return nil, nil
	}
	switch d.fieldType {
	case "text", "long_text":
		s, ok := v.(string)
		if !ok {
			return nil, invalid(ptr, fmt.Sprintf("Invalid string for %s field %q. Got: %s", d.fieldType, d.name, jsonType(v)))
		}
		return s, nil
	case "toggle":
		b, ok := v.(bool)
		if !ok {
			return nil, invalid(ptr, fmt.Sprintf("Invalid boolean for toggle field %q. Got: %s", d.name, jsonType(v)))
		}
		return b, nil
	case "number":
		return checkNumber(d, v, ptr)
	case "rating":
		return checkRating(d, v, ptr)
	case "date":
		return checkDate(d, v, ptr)
	case "select", "select_multi":
		return checkSelectValue(d, v, ptr)
	case "user_single", "user_multi":
		return checkUsersValue(d, v, ptr)
	}
	return nil, invalid(ptr, "unknown field type "+d.fieldType)
}

func checkNumber(d *fieldDef, v any, ptr string) (any, *httpError) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, invalid(ptr, fmt.Sprintf("Invalid number for number field %q. Got: %s", d.name, jsonType(v)))
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, invalid(ptr, fmt.Sprintf("Invalid number %s for number field %q", n, d.name))
	}
	scale, _ := d.config["scale"].(json.Number).Int64()
	if decimals(n.String()) > int(scale) {
		return nil, invalid(ptr, fmt.Sprintf("%s has more than %d decimal places, the scale of number field %q", n, scale, d.name))
	}
	return f, nil
}

// decimals counts the decimal places of a JSON number's text ("1.50" has 2, "1e-2" has 2).
func decimals(s string) int {
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	_, frac, _ := strings.Cut(mant, ".")
	n := len(frac)
	if hasExp {
		var x int
		_, _ = fmt.Sscanf(exp, "%d", &x)
		n -= x
	}
	return max(n, 0)
}

func checkRating(d *fieldDef, v any, ptr string) (any, *httpError) {
	n, ok := v.(json.Number)
	i, err := n.Int64()
	if !ok || err != nil {
		return nil, invalid(ptr, fmt.Sprintf("Invalid integer for rating field %q. Got: %s", d.name, jsonType(v)))
	}
	maxValue, _ := d.config["max_value"].(json.Number).Int64()
	if i < 1 || i > maxValue {
		return nil, invalid(ptr, fmt.Sprintf("rating %d is outside 1..%d, the range of rating field %q", i, maxValue, d.name))
	}
	return i, nil
}

func checkDate(d *fieldDef, v any, ptr string) (any, *httpError) {
	s, ok := v.(string)
	if !ok {
		return nil, invalid(ptr, fmt.Sprintf("Invalid date-time for date field %q. Got: %s", d.name, jsonType(v)))
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Truncate(time.Microsecond), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return nil, invalid(ptr, fmt.Sprintf("Invalid date-time %q for date field %q: RFC 3339 or YYYY-MM-DD expected", s, d.name))
}

func checkSelectValue(d *fieldDef, v any, ptr string) (any, *httpError) {
	arr, ok := v.([]any)
	if !ok {
		return nil, invalid(ptr, fmt.Sprintf("Invalid array for %s field %q: a list of option ids. Got: %s", d.fieldType, d.name, jsonType(v)))
	}
	if d.fieldType == "select" && len(arr) > 1 {
		return nil, invalid(ptr, fmt.Sprintf("select field %q takes at most one option, got %d", d.name, len(arr)))
	}
	ids := make([]string, 0, len(arr))
	for i, item := range arr {
		ip := fmt.Sprintf("%s/%d", ptr, i)
		id, ok := item.(string)
		switch {
		case !ok:
			return nil, invalid(ip, "Invalid string (an option id). Got: "+jsonType(item))
		case !slices.ContainsFunc(d.options, func(o selectOption) bool { return o.id == id }):
			return nil, invalid(ip, fmt.Sprintf("%q is not an option of field %q", id, d.name))
		case slices.Contains(ids, id):
			return nil, invalid(ip, fmt.Sprintf("option %q is listed twice", id))
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return ids, nil
}

func checkUsersValue(d *fieldDef, v any, ptr string) (any, *httpError) {
	arr, ok := v.([]any)
	if !ok {
		return nil, invalid(ptr, fmt.Sprintf("Invalid array for %s field %q: a list of {id, type}. Got: %s", d.fieldType, d.name, jsonType(v)))
	}
	if d.fieldType == "user_single" && len(arr) > 1 {
		return nil, invalid(ptr, fmt.Sprintf("user_single field %q takes at most one user, got %d", d.name, len(arr)))
	}
	var refs []userRef
	for i, item := range arr {
		ip := fmt.Sprintf("%s/%d", ptr, i)
		if herr := checkUserRef(item, ip); herr != nil {
			return nil, herr
		}
		obj := item.(map[string]any)
		u := userRef{id: obj["id"].(string), typ: obj["type"].(string)}
		if slices.Contains(refs, u) {
			return nil, invalid(ip, fmt.Sprintf("user %q is listed twice", u.id))
		}
		refs = append(refs, u)
	}
	if len(refs) == 0 {
		return nil, nil
	}
	return refs, nil
}

// ---- handlers ----

func (e *Emulator) hMetadataShow(r *http.Request) (int, any, *httpError) {
	nulls := false
	if v := r.URL.Query().Get("show_null"); v != "" {
		switch v {
		case "true":
			nulls = true
		case "false":
		default:
			return 0, nil, errf(http.StatusUnprocessableEntity, "/show_null", "Invalid boolean %q", v)
		}
	}
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		return 200, data(map[string]any{"file_id": f.id, "metadata": e.metadataJSONLocked(f.id, nulls)}), nil
	})
}

// bulkValue is one checked item of a bulk update.
type bulkValue struct {
	def *fieldDef
	raw any
	ptr string
}

func (e *Emulator) hMetadataBulkUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"file_ids", kArray, true}, fieldSpec{"values", kArray, true})
	if herr != nil {
		return 0, nil, herr
	}
	rawIDs, rawValues := d["file_ids"].([]any), d["values"].([]any)
	if n := len(rawIDs); n < 1 || n > maxBulkItems {
		return 0, nil, invalid("/data/file_ids", fmt.Sprintf("file_ids must have 1 to %d items, got %d", maxBulkItems, n))
	}
	if n := len(rawValues); n < 1 || n > maxBulkItems {
		return 0, nil, invalid("/data/values", fmt.Sprintf("values must have 1 to %d items, got %d", maxBulkItems, n))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	ids, herr := e.bulkFileIDsLocked(p.id, rawIDs)
	if herr != nil {
		return 0, nil, herr
	}
	items, herr := e.bulkValuesLocked(r.PathValue("account_id"), rawValues)
	if herr != nil {
		return 0, nil, herr
	}
	stored := make([]any, len(items))
	for i, it := range items {
		if stored[i], herr = checkValue(it.def, it.raw, it.ptr); herr != nil {
			return 0, nil, herr
		}
	}
	// Every check has passed: apply all or nothing.
	for _, id := range ids {
		for i, it := range items {
			e.setValueLocked(id, it.def.id, stored[i])
		}
	}
	return http.StatusNoContent, nil, nil
}

// bulkFileIDsLocked checks file_ids: distinct files of project projectID.
func (e *Emulator) bulkFileIDsLocked(projectID string, raw []any) ([]string, *httpError) {
	ids := make([]string, len(raw))
	for i, v := range raw {
		p := fmt.Sprintf("/data/file_ids/%d", i)
		id, ok := v.(string)
		switch {
		case !ok:
			return nil, invalid(p, "Invalid string. Got: "+jsonType(v))
		case slices.Contains(ids[:i], id):
			return nil, invalid(p, fmt.Sprintf("file %q is listed twice", id))
		case e.files[id] == nil || e.projectIDOfLocked(id) != projectID:
			return nil, invalid(p, fmt.Sprintf("%q is not a file of project %q", id, projectID))
		}
		ids[i] = id
	}
	return ids, nil
}

// bulkValuesLocked checks the shape of values: {field_definition_id, value} of distinct, mutable
// fields of the account (the values themselves are checked by checkValue).
func (e *Emulator) bulkValuesLocked(account string, raw []any) ([]bulkValue, *httpError) {
	out := make([]bulkValue, len(raw))
	seen := map[string]bool{}
	for i, item := range raw {
		p := fmt.Sprintf("/data/values/%d", i)
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, invalid(p, "Invalid object. Got: "+jsonType(item))
		}
		for _, k := range sortedKeys(obj) {
			if k != "field_definition_id" && k != "value" {
				return nil, invalid(p+"/"+k, "Unexpected field: "+k)
			}
		}
		if _, has := obj["value"]; !has {
			return nil, invalid(p+"/value", "Missing field: value")
		}
		rawID, has := obj["field_definition_id"]
		id, ok := rawID.(string)
		def := e.fieldDefs[id]
		switch {
		case !has:
			return nil, invalid(p+"/field_definition_id", "Missing field: field_definition_id")
		case !ok:
			return nil, invalid(p+"/field_definition_id", "Invalid string. Got: "+jsonType(rawID))
		case def == nil || def.accountID != account:
			return nil, invalid(p+"/field_definition_id", fmt.Sprintf("%q is not a field of the account", id))
		case !def.mutable:
			return nil, invalid(p+"/field_definition_id", fmt.Sprintf("field %q is a system field: its values cannot be updated", def.name))
		case seen[id]:
			return nil, invalid(p+"/field_definition_id", fmt.Sprintf("field %q is listed twice", def.name))
		}
		seen[id] = true
		out[i] = bulkValue{def: def, raw: obj["value"], ptr: p + "/value"}
	}
	return out, nil
}

// setValueLocked stores (or, for nil, clears) the value of field fieldID on file fileID.
func (e *Emulator) setValueLocked(fileID, fieldID string, v any) {
	vals := e.metaValues[fileID]
	if v == nil {
		delete(vals, fieldID)
		return
	}
	if vals == nil {
		vals = map[string]any{}
		e.metaValues[fileID] = vals
	}
	vals[fieldID] = v
}
