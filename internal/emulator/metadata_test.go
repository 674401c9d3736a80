package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func fieldsURL(e *Emulator) string { return acct(e) + "/metadata/field_definitions" }

func valuesURL(e *Emulator, project string) string {
	return acct(e) + "/projects/" + project + "/metadata/values"
}

// createField creates a field definition through the API and returns its reply's data.
func createField(t testing.TB, e *Emulator, d map[string]any) map[string]any {
	t.Helper()
	r := call(t, e, "POST", fieldsURL(e), map[string]any{"data": d})
	wantStatus(t, r, http.StatusCreated)
	return r.data()
}

// optionIDs returns a select field reply's option ids by display name.
func optionIDs(t testing.TB, d map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range d["field_configuration"].(map[string]any)["options"].([]any) {
		m := o.(map[string]any)
		out[m["display_name"].(string)] = m["id"].(string)
	}
	return out
}

func bulk(fileIDs []string, values ...map[string]any) map[string]any {
	return map[string]any{"data": map[string]any{"file_ids": fileIDs, "values": values}}
}

func value(fieldID string, v any) map[string]any {
	return map[string]any{"field_definition_id": fieldID, "value": v}
}

// metadataOf returns a MetadataField list by field name.
func metadataOf(t testing.TB, list any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	items, ok := list.([]any)
	if !ok {
		t.Fatalf("metadata is %T, not a list: %v", list, list)
	}
	for _, it := range items {
		m := it.(map[string]any)
		out[m["field_definition_name"].(string)] = m
	}
	return out
}

func TestFieldDefinitionLifecycle(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	sel := createField(t, e, map[string]any{"name": "Stage", "field_type": "select",
		"field_configuration": map[string]any{"options": []any{map[string]any{"display_name": "Draft"}, map[string]any{"display_name": "Final"}}}})
	opts := optionIDs(t, sel)
	if len(opts) != 2 || opts["Draft"] == "" || opts["Final"] == "" || opts["Draft"] == opts["Final"] {
		t.Fatalf("options = %v", opts)
	}
	if sel["mutable"] != true || sel["field_configuration"].(map[string]any)["enable_add_new"] != true {
		t.Errorf("reply = %v", sel)
	}
	txt := createField(t, e, map[string]any{"name": "Notes", "field_type": "text"})
	if cfg, _ := txt["field_configuration"].(map[string]any); cfg == nil || len(cfg) != 0 {
		t.Errorf("text field_configuration = %v, want {}", txt["field_configuration"])
	}
	createField(t, e, map[string]any{"name": "Score", "field_type": "number", "field_configuration": map[string]any{"scale": 2}})

	r := call(t, e, "GET", fieldsURL(e)+"?sort=name_asc", nil)
	wantStatus(t, r, 200)
	var names []string
	for _, d := range r.body["data"].([]any) {
		names = append(names, d.(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "Notes,Score,Stage" {
		t.Errorf("sorted names = %v", names)
	}

	// Update: rename and new options; Draft keeps its id, Review is new.
	id := sel["id"].(string)
	r = call(t, e, "PATCH", fieldsURL(e)+"/"+id, map[string]any{"data": map[string]any{"field_type": "select", "name": "Phase",
		"field_configuration": map[string]any{"options": []any{map[string]any{"display_name": "Draft"}, map[string]any{"display_name": "Review"}}}}})
	wantStatus(t, r, 200)
	got := optionIDs(t, r.data())
	if r.data()["name"] != "Phase" || got["Draft"] != opts["Draft"] || got["Review"] == "" || got["Review"] == opts["Final"] {
		t.Errorf("after update: %v %v", r.data()["name"], got)
	}
	// Another type is refused.
	r = call(t, e, "PATCH", fieldsURL(e)+"/"+id, map[string]any{"data": map[string]any{"field_type": "text", "name": "X"}})
	if r.status != 422 || r.errPointer() != "/data/field_type" {
		t.Errorf("type change: %d %s", r.status, r.raw)
	}

	wantStatus(t, call(t, e, "DELETE", fieldsURL(e)+"/"+id, nil), http.StatusNoContent)
	wantStatus(t, call(t, e, "DELETE", fieldsURL(e)+"/"+id, nil), http.StatusNotFound)
	wantStatus(t, call(t, e, "PATCH", fieldsURL(e)+"/"+id, map[string]any{"data": map[string]any{"field_type": "select"}}), http.StatusNotFound)
	if _, ok := e.FieldDefinition(id); ok {
		t.Error("deleted definition still stored")
	}
}

func TestFieldDefinitionValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // some twenty creates: more than 10 a minute
	createField(t, e, map[string]any{"name": "Taken", "field_type": "text"})
	opt := func(n string) map[string]any { return map[string]any{"display_name": n} }
	for _, c := range []struct {
		name    string
		data    map[string]any
		status  int
		pointer string
	}{
		{"unknown type", map[string]any{"name": "a", "field_type": "color"}, 422, "/data/field_type"},
		{"no name", map[string]any{"field_type": "text"}, 422, "/data/name"},
		{"empty name", map[string]any{"name": "", "field_type": "text"}, 422, "/data/name"},
		{"long name", map[string]any{"name": strings.Repeat("n", 251), "field_type": "text"}, 422, "/data/name"},
		{"unknown field", map[string]any{"name": "a", "field_type": "text", "colour": "red"}, 422, "/data/colour"},
		{"config on text", map[string]any{"name": "a", "field_type": "text", "field_configuration": map[string]any{}}, 422, "/data/field_configuration"},
		{"select without config", map[string]any{"name": "a", "field_type": "select"}, 422, "/data/field_configuration"},
		{"select without options", map[string]any{"name": "a", "field_type": "select", "field_configuration": map[string]any{}}, 422, "/data/field_configuration/options"},
		{"no options", map[string]any{"name": "a", "field_type": "select_multi", "field_configuration": map[string]any{"options": []any{}}}, 422, "/data/field_configuration/options"},
		{"option twice", map[string]any{"name": "a", "field_type": "select", "field_configuration": map[string]any{"options": []any{opt("A"), opt("a")}}}, 422, "/data/field_configuration/options/1/display_name"},
		{"option id given", map[string]any{"name": "a", "field_type": "select", "field_configuration": map[string]any{"options": []any{map[string]any{"display_name": "A", "id": "x"}}}}, 422, "/data/field_configuration/options/0/id"},
		{"unknown config", map[string]any{"name": "a", "field_type": "number", "field_configuration": map[string]any{"scale": 1, "unit": "m"}}, 422, "/data/field_configuration/unit"},
		{"scale too big", map[string]any{"name": "a", "field_type": "number", "field_configuration": map[string]any{"scale": 4}}, 422, "/data/field_configuration/scale"},
		{"number without scale", map[string]any{"name": "a", "field_type": "number", "field_configuration": map[string]any{}}, 422, "/data/field_configuration/scale"},
		{"date without format", map[string]any{"name": "a", "field_type": "date", "field_configuration": map[string]any{"include_time": true}}, 422, "/data/field_configuration/display_format"},
		{"bad enum", map[string]any{"name": "a", "field_type": "rating", "field_configuration": map[string]any{"max_value": 5, "style": "smile"}}, 422, "/data/field_configuration/style"},
		{"name taken", map[string]any{"name": "TAKEN", "field_type": "toggle"}, 409, "/data/name"},
	} {
		r := call(t, e, "POST", fieldsURL(e), map[string]any{"data": c.data})
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %q, want %d %q: %s", c.name, r.status, r.errPointer(), c.status, c.pointer, r.raw)
		}
	}
	if n := len(e.FieldDefinitions()); n != 1 {
		t.Errorf("%d definitions stored, want 1 (nothing refused is made)", n)
	}
	if r := call(t, e, "GET", fieldsURL(e)+"?sort=size", nil); r.status != 422 || r.errPointer() != "/sort" {
		t.Errorf("bad sort: %d %s", r.status, r.raw)
	}
}

// metaFixture is an emulator with a file in the root folder, a stack of two files in a folder, and
// fields of several types.
type metaFixture struct {
	e                    *Emulator
	file, stack, v1, v2  string
	folder               string
	text, num, sel, date string
	multi, rating, tog   string
	opts, multiOpts      map[string]string
}

// The fixture alone makes seven creates (10 a minute); the tests of validation make dozens of calls,
// so rate limits are off (NoRateLimits) except in TestMetadataRateLimits, which steps the clock instead.
func newMetaFixture(t *testing.T, r Readings, noLimits bool) metaFixture {
	t.Helper()
	e := newTest(t, fast(Options{Readings: r, NoRateLimits: noLimits}))
	f := metaFixture{e: e, file: createUpload(t, e, root(e), "a.txt", 1).id}
	var err error
	if f.folder, err = e.AddFolder("", "shots"); err != nil {
		t.Fatal(err)
	}
	f.v1, f.v2 = createUpload(t, e, f.folder, "v1.mov", 1).id, createUpload(t, e, f.folder, "v2.mov", 1).id
	if f.stack, err = e.StackFiles(f.folder, f.v1, f.v2); err != nil {
		t.Fatal(err)
	}
	options := func(names ...string) map[string]any {
		var o []any
		for _, n := range names {
			o = append(o, map[string]any{"display_name": n})
		}
		return map[string]any{"options": o}
	}
	f.text = createField(t, e, map[string]any{"name": "Notes", "field_type": "text"})["id"].(string)
	f.num = createField(t, e, map[string]any{"name": "Score", "field_type": "number", "field_configuration": map[string]any{"scale": 1}})["id"].(string)
	sel := createField(t, e, map[string]any{"name": "Stage", "field_type": "select", "field_configuration": options("Draft", "Final")})
	f.sel, f.opts = sel["id"].(string), optionIDs(t, sel)
	multi := createField(t, e, map[string]any{"name": "Tags", "field_type": "select_multi", "field_configuration": options("a", "b", "c")})
	f.multi, f.multiOpts = multi["id"].(string), optionIDs(t, multi)
	f.date = createField(t, e, map[string]any{"name": "Due", "field_type": "date", "field_configuration": map[string]any{"display_format": "iso"}})["id"].(string)
	f.rating = createField(t, e, map[string]any{"name": "Stars", "field_type": "rating", "field_configuration": map[string]any{"max_value": 3}})["id"].(string)
	f.tog = createField(t, e, map[string]any{"name": "Approved", "field_type": "toggle"})["id"].(string)
	return f
}

func TestMetadataBulkUpdateAndReads(t *testing.T) {
	t.Parallel()
	f := newMetaFixture(t, Readings{}, true)
	e := f.e
	r := call(t, e, "PATCH", valuesURL(e, e.Options().ProjectID), bulk([]string{f.file, f.v2},
		value(f.text, "hello"), value(f.num, 2.5), value(f.sel, []string{f.opts["Final"]}),
		value(f.multi, []string{f.multiOpts["c"], f.multiOpts["a"]}), value(f.date, "2026-07-17T21:34:21Z"),
		value(f.rating, 3), value(f.tog, true)))
	wantStatus(t, r, http.StatusNoContent)

	r = call(t, e, "GET", acct(e)+"/files/"+f.file+"/metadata", nil)
	wantStatus(t, r, 200)
	if r.data()["file_id"] != f.file {
		t.Errorf("file_id = %v", r.data()["file_id"])
	}
	m := metadataOf(t, r.data()["metadata"])
	if len(m) != 7 || m["Notes"]["value"] != "hello" || m["Score"]["value"] != 2.5 || m["Stars"]["value"] != 3.0 ||
		m["Approved"]["value"] != true || m["Due"]["value"] != "2026-07-17 21:34:21.000000Z" {
		t.Errorf("metadata = %v", m)
	}
	stage := m["Stage"]["value"].([]any)
	if len(stage) != 1 || stage[0].(map[string]any)["id"] != f.opts["Final"] || stage[0].(map[string]any)["display_name"] != "Final" ||
		len(m["Stage"]["field_options"].([]any)) != 2 {
		t.Errorf("Stage = %v", m["Stage"])
	}
	if tags := m["Tags"]["value"].([]any); len(tags) != 2 || tags[0].(map[string]any)["id"] != f.multiOpts["c"] {
		t.Errorf("Tags = %v", m["Tags"])
	}

	// include=metadata on the file, the folder listings and the stack's children and head.
	for _, c := range []struct{ name, path, id string }{
		{"files.show", acct(e) + "/files/" + f.file + "?include=metadata", f.file},
		{"files.list", acct(e) + "/folders/" + root(e) + "/files?include=metadata", f.file},
		{"folders.index", acct(e) + "/folders/" + root(e) + "/children?include=creator,metadata", f.file},
		{"version_stacks.index", acct(e) + "/version_stacks/" + f.stack + "/children?include=metadata", f.v2},
		{"version_stacks.list", acct(e) + "/folders/" + f.folder + "/version_stacks?include=metadata", f.v2},
	} {
		r := call(t, e, "GET", c.path, nil)
		wantStatus(t, r, 200)
		var items []any
		if d := r.data(); d != nil {
			items = []any{d}
		} else {
			items = r.body["data"].([]any)
		}
		found := false
		for _, it := range items {
			v := it.(map[string]any)
			if h, ok := v["head_version"].(map[string]any); ok {
				v = h
			}
			if v["id"] != c.id {
				if _, has := v["metadata"]; v["type"] == "file" && !has {
					t.Errorf("%s: file %v without metadata", c.name, v["id"])
				}
				continue
			}
			found = true
			if got := metadataOf(t, v["metadata"]); got["Notes"]["value"] != "hello" || len(got) != 7 {
				t.Errorf("%s: metadata = %v", c.name, v["metadata"])
			}
		}
		if !found {
			t.Errorf("%s: %s not listed: %s", c.name, c.id, r.raw)
		}
	}
	// Without include, no metadata; the other version has none.
	if r := call(t, e, "GET", acct(e)+"/files/"+f.file, nil); r.data()["metadata"] != nil {
		t.Errorf("metadata without include: %s", r.raw)
	}
	if r := call(t, e, "GET", acct(e)+"/files/"+f.v1+"?include=metadata", nil); len(r.data()["metadata"].([]any)) != 0 {
		t.Errorf("v1 metadata = %v", r.data()["metadata"])
	}

	// null and [] clear; show_null lists every field.
	wantStatus(t, call(t, e, "PATCH", valuesURL(e, e.Options().ProjectID), bulk([]string{f.file},
		value(f.text, nil), value(f.sel, []string{}))), http.StatusNoContent)
	if got := e.FileMetadata(f.file); len(got) != 5 || got[f.text] != nil || got[f.sel] != nil {
		t.Errorf("after clearing: %v", got)
	}
	r = call(t, e, "GET", acct(e)+"/files/"+f.file+"/metadata?show_null=true", nil)
	if m := metadataOf(t, r.data()["metadata"]); len(m) != 7 || m["Notes"]["value"] != nil || len(m["Stage"]["value"].([]any)) != 0 {
		t.Errorf("show_null: %v", m)
	}
}

func TestMetadataBulkUpdateValidation(t *testing.T) {
	t.Parallel()
	f := newMetaFixture(t, Readings{}, true)
	e := f.e
	other, err := e.AddProject(DefaultWorkspaceID, "Other")
	if err != nil {
		t.Fatal(err)
	}
	foreign := createUpload(t, e, other.RootFolderID, "b.txt", 1).id
	system, err := e.AddFieldDefinition("", "Format", "text", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	many := func(n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("id-%d", i)
		}
		return ids
	}
	manyValues := make([]map[string]any, 101)
	for i := range manyValues {
		manyValues[i] = value(f.text, "x")
	}
	proj := e.Options().ProjectID
	files := []string{f.file}
	for _, c := range []struct {
		name    string
		project string
		body    any
		status  int
		pointer string
	}{
		{"no file ids", proj, bulk([]string{}, value(f.text, "x")), 422, "/data/file_ids"},
		{"101 file ids", proj, bulk(many(101), value(f.text, "x")), 422, "/data/file_ids"},
		{"no values", proj, bulk(files), 422, "/data/values"},
		{"101 values", proj, bulk(files, manyValues...), 422, "/data/values"},
		{"unknown file", proj, bulk([]string{f.file, "nope"}, value(f.text, "x")), 422, "/data/file_ids/1"},
		{"file of another project", proj, bulk([]string{foreign}, value(f.text, "x")), 422, "/data/file_ids/0"},
		{"a folder", proj, bulk([]string{f.folder}, value(f.text, "x")), 422, "/data/file_ids/0"},
		{"file twice", proj, bulk([]string{f.file, f.file}, value(f.text, "x")), 422, "/data/file_ids/1"},
		{"unknown field", proj, bulk(files, value(f.text, "x"), value("nope", "x")), 422, "/data/values/1/field_definition_id"},
		{"field twice", proj, bulk(files, value(f.text, "x"), value(f.text, "y")), 422, "/data/values/1/field_definition_id"},
		{"system field", proj, bulk(files, value(system, "x")), 422, "/data/values/0/field_definition_id"},
		{"no value", proj, bulk(files, map[string]any{"field_definition_id": f.text}), 422, "/data/values/0/value"},
		{"extra key", proj, bulk(files, map[string]any{"field_definition_id": f.text, "value": "x", "name": "Notes"}), 422, "/data/values/0/name"},
		{"text as number", proj, bulk(files, value(f.text, 3)), 422, "/data/values/0/value"},
		{"number as string", proj, bulk(files, value(f.num, "3")), 422, "/data/values/0/value"},
		{"number beyond scale", proj, bulk(files, value(f.num, 2.55)), 422, "/data/values/0/value"},
		{"rating too high", proj, bulk(files, value(f.rating, 4)), 422, "/data/values/0/value"},
		{"rating not integer", proj, bulk(files, value(f.rating, 1.5)), 422, "/data/values/0/value"},
		{"toggle as string", proj, bulk(files, value(f.tog, "true")), 422, "/data/values/0/value"},
		{"bad date", proj, bulk(files, value(f.date, "17/07/2026")), 422, "/data/values/0/value"},
		{"select as string", proj, bulk(files, value(f.sel, f.opts["Draft"])), 422, "/data/values/0/value"},
		{"select by name", proj, bulk(files, value(f.sel, []string{"Draft"})), 422, "/data/values/0/value/0"},
		{"select two", proj, bulk(files, value(f.sel, []string{f.opts["Draft"], f.opts["Final"]})), 422, "/data/values/0/value"},
		{"option of another field", proj, bulk(files, value(f.multi, []string{f.opts["Draft"]})), 422, "/data/values/0/value/0"},
		{"option twice", proj, bulk(files, value(f.multi, []string{f.multiOpts["a"], f.multiOpts["a"]})), 422, "/data/values/0/value/1"},
		{"unknown project", "nope", bulk(files, value(f.text, "x")), 404, ""},
		{"unknown top field", proj, map[string]any{"data": map[string]any{"file_ids": files, "values": []any{value(f.text, "x")}, "mode": "merge"}}, 422, "/data/mode"},
	} {
		r := call(t, e, "PATCH", valuesURL(e, c.project), c.body)
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %q, want %d %q: %s", c.name, r.status, r.errPointer(), c.status, c.pointer, r.raw)
		}
	}
	if got := e.FileMetadata(f.file); len(got) != 0 {
		t.Errorf("a refused update changed values: %v", got)
	}
	// All or nothing: a good value before a bad one is not applied either.
	r := call(t, e, "PATCH", valuesURL(e, proj), bulk(files, value(f.text, "x"), value(f.num, "bad")))
	if r.status != 422 || len(e.FileMetadata(f.file)) != 0 {
		t.Errorf("partial update: %d %v", r.status, e.FileMetadata(f.file))
	}
}

func TestMetadataOutOfBandChanges(t *testing.T) {
	t.Parallel()
	f := newMetaFixture(t, Readings{}, true)
	e := f.e
	if err := e.SetFileMetadata(f.file, f.sel, []string{f.opts["Draft"]}); err != nil {
		t.Fatal(err)
	}
	if err := e.SetFileMetadata(f.file, f.text, "web"); err != nil {
		t.Fatal(err)
	}
	if err := e.SetFileMetadata(f.file, f.sel, []string{"not-an-option"}); err == nil {
		t.Error("SetFileMetadata took an unknown option")
	}
	// Dropping Draft drops it from the value; renaming shows in the reply.
	if err := e.SetFieldOptions(f.sel, []string{"Final", "Archived"}); err != nil {
		t.Fatal(err)
	}
	if err := e.RenameFieldDefinition(f.text, "Comments"); err != nil {
		t.Fatal(err)
	}
	d, _ := e.FieldDefinition(f.sel)
	if len(d.Options) != 2 || d.Options[0].ID != f.opts["Final"] {
		t.Errorf("options = %+v", d.Options)
	}
	r := call(t, e, "GET", acct(e)+"/files/"+f.file+"/metadata", nil)
	if m := metadataOf(t, r.data()["metadata"]); len(m) != 1 || m["Comments"]["value"] != "web" {
		t.Errorf("metadata = %v", m)
	}
	if err := e.DeleteFieldDefinition(f.text); err != nil {
		t.Fatal(err)
	}
	if got := e.FileMetadata(f.file); len(got) != 0 {
		t.Errorf("values after the field was deleted: %v", got)
	}
	wantStatus(t, call(t, e, "DELETE", fieldsURL(e)+"/"+f.text, nil), http.StatusNotFound)
	// A system field cannot be changed or deleted through the API.
	sys, _ := e.AddFieldDefinition("", "Format", "text", nil, false)
	wantStatus(t, call(t, e, "DELETE", fieldsURL(e)+"/"+sys, nil), http.StatusForbidden)
	if r := call(t, e, "GET", fieldsURL(e)+"?filters[exclude_immutable]=true", nil); strings.Contains(string(r.raw), sys) {
		t.Errorf("exclude_immutable listed the system field: %s", r.raw)
	}
}

func TestMetadataReadings(t *testing.T) {
	t.Parallel()
	f := newMetaFixture(t, Readings{DuplicateFieldNamesOK: true, SelectOptionsRenewIDs: true, MetadataListsNulls: true}, true)
	e := f.e
	createField(t, e, map[string]any{"name": "Notes", "field_type": "long_text"}) // a duplicate name
	r := call(t, e, "GET", acct(e)+"/files/"+f.file+"?include=metadata", nil)
	if n := len(r.data()["metadata"].([]any)); n != 8 {
		t.Errorf("MetadataListsNulls: %d fields listed, want 8", n)
	}
	if r := call(t, e, "GET", acct(e)+"/files/"+f.file+"/metadata", nil); len(r.data()["metadata"].([]any)) != 0 {
		t.Errorf("metadata.show without show_null listed unset fields: %s", r.raw)
	}
	if err := e.SetFileMetadata(f.file, f.sel, []string{f.opts["Draft"]}); err != nil {
		t.Fatal(err)
	}
	r = call(t, e, "PATCH", fieldsURL(e)+"/"+f.sel, map[string]any{"data": map[string]any{"field_type": "select",
		"field_configuration": map[string]any{"options": []any{map[string]any{"display_name": "Draft"}}}}})
	wantStatus(t, r, 200)
	if got := optionIDs(t, r.data()); got["Draft"] == f.opts["Draft"] {
		t.Errorf("SelectOptionsRenewIDs: Draft kept its id")
	}
	if got := e.FileMetadata(f.file); got[f.sel] != nil {
		t.Errorf("value kept a renewed option: %v", got)
	}
}

func TestMetadataRateLimits(t *testing.T) {
	t.Parallel()
	f := newMetaFixture(t, Readings{}, false)
	e := f.e
	clk := clockOf(t, e)
	clk.Advance(time.Hour) // the fixture's creates drain
	statuses := make([]int, 11)
	for i := range statuses {
		statuses[i] = call(t, e, "PATCH", valuesURL(e, e.Options().ProjectID), bulk([]string{f.file}, value(f.text, "x"))).status
	}
	if statuses[9] != 204 || statuses[10] != 429 {
		t.Errorf("bulk_update statuses = %v, want 10 × 204 then 429 (10 per minute)", statuses)
	}
	if r := call(t, e, "GET", fieldsURL(e), nil); r.header.Get("x-ratelimit-limit") != "100" || r.header.Get("x-ratelimit-window") != "60000" {
		t.Errorf("index limit headers: %v", r.header)
	}
}

func TestMetadataNewFieldListingMisses(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Readings: Readings{NewFieldListingMisses: 2}, NoRateLimits: true}))
	id := createField(t, e, map[string]any{"name": "Notes", "field_type": "text"})["id"].(string)
	listed := func() bool {
		r := call(t, e, "GET", fieldsURL(e), nil)
		wantStatus(t, r, 200)
		for _, d := range r.body["data"].([]any) {
			if d.(map[string]any)["id"] == id {
				return true
			}
		}
		return false
	}
	for i, want := range []bool{false, false, true, true} {
		if got := listed(); got != want {
			t.Errorf("listing %d after the create: listed %v, want %v", i+1, got, want)
		}
	}
	if _, ok := e.FieldDefinition(id); !ok {
		t.Error("the definition is not in the emulator's state")
	}
}
