package frameio

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func ptr[T any](v T) *T { return &v }

func selectConfig(names ...string) *FieldConfiguration {
	c := &FieldConfiguration{}
	for _, n := range names {
		c.Options = append(c.Options, FieldOption{DisplayName: n})
	}
	return c
}

// TestFieldDefinitionLifecycle drives the field definition calls against the emulator over HTTP, and
// ReadFieldDefinition's one listing per Client, made again after a write.
func TestFieldDefinitionLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	a := c.ForAccount(emulator.DefaultAccountID)

	sel, err := a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Stage", FieldType: FieldTypeSelect, Config: selectConfig("Draft", "Final")})
	if err != nil {
		t.Fatal(err)
	}
	opts := sel.OptionIDs()
	if sel.ID == "" || sel.FieldType != FieldTypeSelect || !sel.Mutable || len(opts) != 2 || opts["Draft"] == "" || opts["Final"] == "" {
		t.Fatalf("created %+v", sel)
	}
	num, err := a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Score", FieldType: FieldTypeNumber,
		Config: &FieldConfiguration{Scale: ptr(0)}})
	if err != nil {
		t.Fatal(err)
	}
	if num.FieldConfiguration.Scale == nil || *num.FieldConfiguration.Scale != 0 {
		t.Fatalf("scale 0 not sent or not read back: %+v", num.FieldConfiguration)
	}

	// Two Reads, one listing.
	for _, id := range []string{sel.ID, num.ID} {
		if got, err := a.ReadFieldDefinition(ctx, id); err != nil || got.ID != id {
			t.Fatalf("read %s: %+v %v", id, got, err)
		}
	}
	if n := len(e.Calls("metadata.field_definitions.index")); n != 1 {
		t.Errorf("%d listings for two Reads, want 1", n)
	}

	// Update: rename, new options from the earlier reply (ids are not sent); Draft keeps its id.
	newOpts := []FieldOption{sel.FieldConfiguration.Options[0], {DisplayName: "Review"}}
	up, err := a.UpdateFieldDefinition(ctx, sel.ID, FieldDefinitionUpdate{FieldType: FieldTypeSelect, Name: ptr("Phase"),
		Config: &FieldConfiguration{Options: newOpts}})
	if err != nil {
		t.Fatal(err)
	}
	if got := up.OptionIDs(); up.Name != "Phase" || got["Draft"] != opts["Draft"] || got["Review"] == "" {
		t.Fatalf("updated %+v", up)
	}
	// The next Read lists again and sees the new name.
	if got, err := a.ReadFieldDefinition(ctx, sel.ID); err != nil || got.Name != "Phase" {
		t.Fatalf("read after update: %+v %v", got, err)
	}
	if n := len(e.Calls("metadata.field_definitions.index")); n != 2 {
		t.Errorf("%d listings, want 2 (one again after the update)", n)
	}
	// A type change is refused by the API, with the pointer.
	_, err = a.UpdateFieldDefinition(ctx, sel.ID, FieldDefinitionUpdate{FieldType: FieldTypeText, Name: ptr("X")})
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); len(ae.Errors) == 0 || ae.Errors[0].Pointer != "/data/field_type" {
		t.Errorf("type change: %v", err)
	}
	if _, err := a.UpdateFieldDefinition(ctx, sel.ID, FieldDefinitionUpdate{Name: ptr("X")}); err == nil {
		t.Error("an update without FieldType was sent")
	}

	if err := a.DeleteFieldDefinition(ctx, sel.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReadFieldDefinition(ctx, sel.ID); !IsNotFound(err) {
		t.Errorf("read after delete: %v, want a 404", err)
	}
	mustAPIError(t, a.DeleteFieldDefinition(ctx, sel.ID), http.StatusNotFound)
	if all, err := a.ListFieldDefinitions(ctx); err != nil || len(all) != 1 || all[0].ID != num.ID {
		t.Errorf("list %+v %v", all, err)
	}
}

// TestFieldDefinitionCreateRefused: a 422 is the API's word, with its pointer, and nothing is made.
func TestFieldDefinitionCreateRefused(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	_, err := a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Stage", FieldType: FieldTypeSelect})
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); ae.Errors[0].Pointer != "/data/field_configuration" {
		t.Errorf("pointer %q", ae.Errors[0].Pointer)
	}
	_, err = a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Notes", FieldType: FieldTypeText, Config: &FieldConfiguration{}})
	mustAPIError(t, err, http.StatusUnprocessableEntity)
	if n := len(e.FieldDefinitions()); n != 0 {
		t.Errorf("%d definitions made", n)
	}
	if n := len(e.Calls("metadata.field_definitions.create")); n != 2 {
		t.Errorf("%d creates sent, want 2 (a refusal is not sent again)", n)
	}
}

// TestFieldDefinitionCreateLostReply: a create whose reply is lost after it took effect adopts what it
// made, once, in every mode.
func TestFieldDefinitionCreateLostReply(t *testing.T) {
	for name, mode := range map[string]emulator.LostReplyMode{"status": emulator.LostReplyStatus,
		"timeout": emulator.LostReplyGatewayTimeout, "cut": emulator.LostReplyCut} {
		t.Run(name, func(t *testing.T) {
			e := newEmu(t, emulator.Options{})
			a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
			e.LoseReply("metadata.field_definitions.create", 1, mode)
			d, err := a.CreateFieldDefinition(ctxT(t), NewFieldDefinition{Name: "Stage", FieldType: FieldTypeSelect,
				Config: selectConfig("Draft")})
			if err != nil {
				t.Fatal(err)
			}
			defs := e.FieldDefinitions()
			if len(defs) != 1 || defs[0].ID != d.ID || d.OptionIDs()["Draft"] != defs[0].Options[0].ID {
				t.Fatalf("adopted %+v; stored %+v", d, defs)
			}
			if n := len(e.Calls("metadata.field_definitions.create")); n != 1 {
				t.Errorf("%d creates sent, want 1", n)
			}
		})
	}
}

// metaEnv is an emulator with two files in the root folder and a text and a select field.
type metaEnv struct {
	e          *emulator.Emulator
	c          *Client
	a          *AccountClient
	f1, f2     string
	text, sel  string
	draft, fin string
}

func newMetaEnv(t *testing.T, opts emulator.Options) metaEnv {
	t.Helper()
	e := newEmu(t, opts)
	c := newClient(t, e)
	a := c.ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	env := metaEnv{e: e, c: c, a: a}
	for i, name := range []string{"a.mov", "b.mov"} {
		f, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, name, 1)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			env.f1 = f.ID
		} else {
			env.f2 = f.ID
		}
	}
	text, err := a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Notes", FieldType: FieldTypeText})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := a.CreateFieldDefinition(ctx, NewFieldDefinition{Name: "Stage", FieldType: FieldTypeSelect, Config: selectConfig("Draft", "Final")})
	if err != nil {
		t.Fatal(err)
	}
	env.text, env.sel, env.draft, env.fin = text.ID, sel.ID, sel.OptionIDs()["Draft"], sel.OptionIDs()["Final"]
	return env
}

// valueOf returns the metadata field named fieldID in list (nil when absent).
func valueOf(list []MetadataField, fieldID string) *MetadataField {
	for i := range list {
		if list[i].FieldDefinitionID == fieldID {
			return &list[i]
		}
	}
	return nil
}

// TestBulkUpdateMetadataAndReads: values written by a bulk update are read back by metadata.show and
// by every read of files (include=metadata), listings across pages included; a Read after the update
// is not served from a listing made before it.
func TestBulkUpdateMetadataAndReads(t *testing.T) {
	env := newMetaEnv(t, emulator.Options{})
	a, ctx := env.a, ctxT(t)
	env.c.maxPageSize = 1 // two pages: include=metadata must stay on the second

	// A Read before the update lists the folder.
	if f, err := a.ReadFile(ctx, emulator.DefaultRootFolderID, "", env.f1); err != nil || len(f.Metadata) != 0 {
		t.Fatalf("read before: %+v %v", f, err)
	}
	err := a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1, env.f2},
		[]MetadataValue{{FieldDefinitionID: env.text, Value: "hello"}, {FieldDefinitionID: env.sel, Value: []string{env.fin}}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, list []MetadataField) {
		t.Helper()
		text, sel := valueOf(list, env.text), valueOf(list, env.sel)
		if text == nil || string(text.Value) != `"hello"` || sel == nil || !sel.IsSet() ||
			strings.Join(sel.OptionIDs(), ",") != env.fin || len(sel.FieldOptions) != 2 {
			t.Errorf("%s: metadata %+v", what, list)
		}
	}
	f, err := a.ReadFile(ctx, emulator.DefaultRootFolderID, "", env.f1)
	if err != nil {
		t.Fatal(err)
	}
	check("ReadFile after the update", f.Metadata)
	m, err := a.FileMetadata(ctx, env.f2)
	if err != nil {
		t.Fatal(err)
	}
	check("FileMetadata", m)
	if f, err = a.GetFile(ctx, env.f2); err != nil {
		t.Fatal(err)
	}
	check("GetFile", f.Metadata)
	files, err := a.ListFolderFiles(ctx, emulator.DefaultRootFolderID)
	if err != nil || len(files) != 2 {
		t.Fatalf("list %+v %v", files, err)
	}
	for _, f := range files {
		check("ListFolderFiles "+f.Name, f.Metadata)
	}

	// Stacked: the children and the stacks listing's head carry it too.
	stack, err := a.CreateVersionStack(ctx, emulator.DefaultRootFolderID, []string{env.f1, env.f2})
	if err != nil {
		t.Fatal(err)
	}
	kids, err := a.ReadVersionStackChildren(ctx, stack.ID)
	if err != nil || len(kids) != 2 {
		t.Fatalf("children %+v %v", kids, err)
	}
	check("stack children", kids[1].Metadata)
	stacks, err := a.ListFolderVersionStacks(ctx, emulator.DefaultRootFolderID)
	if err != nil || len(stacks) != 1 || stacks[0].HeadVersion == nil {
		t.Fatalf("stacks %+v %v", stacks, err)
	}
	check("stack head", stacks[0].HeadVersion.Metadata)

	// Clearing: nil and an empty list.
	err = a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1},
		[]MetadataValue{{FieldDefinitionID: env.text, Value: nil}, {FieldDefinitionID: env.sel, Value: []string{}}})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := a.FileMetadata(ctx, env.f1); err != nil || len(m) != 0 {
		t.Errorf("after clearing: %+v %v", m, err)
	}
}

// TestBulkUpdateMetadataRefused: what the client can tell is wrong is not sent; what the API refuses
// comes back with its pointer; nothing changes either way.
func TestBulkUpdateMetadataRefused(t *testing.T) {
	env := newMetaEnv(t, emulator.Options{})
	a, ctx := env.a, ctxT(t)
	many := make([]string, MaxBulkMetadataFiles+1)
	for i := range many {
		many[i] = "f"
	}
	one := []MetadataValue{{FieldDefinitionID: env.text, Value: "x"}}
	for name, call := range map[string]func() error{
		"no files":   func() error { return a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, nil, one) },
		"101 files":  func() error { return a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, many, one) },
		"no values":  func() error { return a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1}, nil) },
		"empty id":   func() error { return a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{""}, one) },
		"no project": func() error { return a.BulkUpdateMetadata(ctx, "", []string{env.f1}, one) },
		"field twice": func() error {
			return a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1}, append(one, one...))
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := len(env.e.Calls("metadata.bulk_update")); n != 0 {
		t.Errorf("%d bulk updates sent, want 0", n)
	}
	err := a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1},
		[]MetadataValue{{FieldDefinitionID: env.text, Value: "x"}, {FieldDefinitionID: env.sel, Value: []string{"Draft"}}})
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); ae.Errors[0].Pointer != "/data/values/1/value/0" {
		t.Errorf("pointer %q", ae.Errors[0].Pointer)
	}
	if got := env.e.FileMetadata(env.f1); len(got) != 0 {
		t.Errorf("values after a refused update: %v", got)
	}
}

// TestBulkUpdateMetadataRetried: bulk_update is not a create: a 503 and a lost reply are sent again
// (the same values, set again), and the values are there once.
func TestBulkUpdateMetadataRetried(t *testing.T) {
	env := newMetaEnv(t, emulator.Options{})
	a, ctx := env.a, ctxT(t)
	env.e.FailOperation("metadata.bulk_update", 1, http.StatusServiceUnavailable)
	env.e.LoseReply("metadata.bulk_update", 1, emulator.LostReplyStatus)
	err := a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{env.f1}, []MetadataValue{{FieldDefinitionID: env.sel, Value: []string{env.draft}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(env.e.Calls("metadata.bulk_update")); n != 3 {
		t.Errorf("%d calls, want 3 (503, lost reply, success)", n)
	}
	if got := env.e.FileMetadata(env.f1)[env.sel]; len(got.([]string)) != 1 || got.([]string)[0] != env.draft {
		t.Errorf("value %v", got)
	}
}

// TestReadFieldDefinitionSeesOutOfBandChanges: a new Client (a new provider process) sees what the web
// app changed; one listing serves every Read of a Client.
func TestReadFieldDefinitionSeesOutOfBandChanges(t *testing.T) {
	env := newMetaEnv(t, emulator.Options{})
	if err := env.e.RenameFieldDefinition(env.sel, "Phase"); err != nil {
		t.Fatal(err)
	}
	if err := env.e.DeleteFieldDefinition(env.text); err != nil {
		t.Fatal(err)
	}
	a := newClient(t, env.e).ForAccount(emulator.DefaultAccountID)
	ctx := context.Background()
	if d, err := a.ReadFieldDefinition(ctx, env.sel); err != nil || d.Name != "Phase" {
		t.Errorf("renamed: %+v %v", d, err)
	}
	if _, err := a.ReadFieldDefinition(ctx, env.text); !IsNotFound(err) {
		t.Errorf("deleted: %v, want a 404", err)
	}
	env.e.FailOperation("metadata.field_definitions.index", 1, http.StatusForbidden)
	b := newClient(t, env.e).ForAccount(emulator.DefaultAccountID)
	if _, err := b.ReadFieldDefinition(ctx, env.sel); !IsStatus(err, http.StatusForbidden) {
		t.Errorf("failed listing: %v", err)
	}
	if d, err := b.ReadFieldDefinition(ctx, env.sel); err != nil || d.ID != env.sel {
		t.Errorf("a failed listing is made again: %+v %v", d, err)
	}
}
