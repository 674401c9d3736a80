package frameio

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestVersionStackLifecycle drives the four version stack calls, and files.move onto a stack, against
// the emulator over HTTP. It stays within the documented limits (create and move: 10 a minute).
func TestVersionStackLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	c.maxPageSize = 2 // the children of a 3-file stack take two pages
	ctx := ctxT(t)
	a := c.ForAccount(emulator.DefaultAccountID)

	fo, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "cuts")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"cut_v1.mov", "cut_v2.mov", "cut_v3.mov"} {
		f, err := a.CreateLocalUpload(ctx, fo.ID, name, 1)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
	}

	vs, err := a.CreateVersionStack(ctx, fo.ID, ids[:2])
	if err != nil {
		t.Fatal(err)
	}
	if vs.ID == "" || vs.Type != AssetTypeVersionStack || vs.ParentID != fo.ID || vs.ProjectID != emulator.DefaultProjectID ||
		vs.Name != "cut_v2.mov" || vs.ViewURL == "" || vs.CreatedAt == "" || vs.UpdatedAt == "" {
		t.Fatalf("created %+v", vs)
	}
	if h := vs.HeadVersion; h == nil || h.ID != ids[1] || h.ParentID != vs.ID || h.Type != AssetTypeFile || h.Name != "cut_v2.mov" {
		t.Fatalf("head %+v", vs.HeadVersion)
	}
	got, err := a.GetVersionStack(ctx, vs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.HeadVersion == nil || got.HeadVersion.Metadata == nil {
		t.Fatalf("show's head has no metadata (include=metadata): %+v", got.HeadVersion)
	}
	got.HeadVersion.Metadata = nil // the create's reply carries none
	if !reflect.DeepEqual(got, vs) {
		t.Fatalf("show %+v\ncreate %+v", got, vs)
	}

	// A new version on top: files.move with the stack as parent.
	f, err := a.MoveFile(ctx, ids[2], vs.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.ParentID != vs.ID {
		t.Fatalf("moved file %+v", f)
	}
	if got, err = a.GetVersionStack(ctx, vs.ID); err != nil || got.HeadVersion == nil || got.HeadVersion.ID != ids[2] {
		t.Fatalf("head after the move: %+v, %v", got, err)
	}
	kids, err := a.ListVersionStackChildren(ctx, vs.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kidIDs []string
	for _, k := range kids {
		kidIDs = append(kidIDs, k.ID)
		if k.ParentID != vs.ID || k.Type != AssetTypeFile || k.MediaType != "video/quicktime" {
			t.Errorf("child %+v", k)
		}
	}
	if !reflect.DeepEqual(kidIDs, ids) {
		t.Fatalf("children %v, want %v", kidIDs, ids)
	}
	if n := len(apiRequests(e, "/children")); n != 2 {
		t.Fatalf("children pages requested: %d, want 2", n)
	}

	// The folder lists the stack, not its files.
	assets, err := a.ListFolderChildren(ctx, fo.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The stack carries its newest file, the one moved on top above.
	if len(assets) == 1 && assets[0].HeadVersion != nil && assets[0].HeadVersion.ID == ids[2] {
		assets[0].HeadVersion = nil
	}
	if want := []Asset{{ID: vs.ID, Name: "cut_v2.mov", Type: AssetTypeVersionStack, ParentID: fo.ID}}; !reflect.DeepEqual(assets, want) {
		t.Fatalf("folder children %+v", assets)
	}

	// Move the whole stack.
	dest, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "delivered")
	if err != nil {
		t.Fatal(err)
	}
	moved, err := a.MoveVersionStack(ctx, vs.ID, dest.ID)
	if err != nil {
		t.Fatal(err)
	}
	if moved.ID != vs.ID || moved.ParentID != dest.ID || moved.HeadVersion == nil || moved.HeadVersion.ID != ids[2] {
		t.Fatalf("moved %+v", moved)
	}
	if st, ok := e.Stack(vs.ID); !ok || st.ParentID != dest.ID || !reflect.DeepEqual(st.FileIDs, ids) {
		t.Fatalf("emulator stack %+v", st)
	}
}

// TestVersionStackErrors: the server's refusals come back as APIErrors that name the field; ids the
// client can tell are invalid are refused before any request.
func TestVersionStackErrors(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	a, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID
	f, err := a.CreateLocalUpload(ctx, root, "a.mov", 1)
	if err != nil {
		t.Fatal(err)
	}

	_, err = a.CreateVersionStack(ctx, root, []string{f.ID})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 422 || len(ae.Errors) == 0 || ae.Errors[0].Pointer != "/data/file_ids" {
		t.Fatalf("one file: %v", err)
	}
	_, err = a.CreateVersionStack(ctx, root, []string{f.ID, "not-a-file"})
	if !errors.As(err, &ae) || ae.StatusCode != 422 || ae.Errors[0].Pointer != "/data/file_ids/1" {
		t.Fatalf("unknown file: %v", err)
	}
	if _, err := a.GetVersionStack(ctx, "nope"); !IsNotFound(err) {
		t.Fatalf("show unknown: %v", err)
	}
	if _, err := a.ListVersionStackChildren(ctx, "nope"); !IsNotFound(err) {
		t.Fatalf("children of unknown: %v", err)
	}
	if _, err := a.MoveVersionStack(ctx, "nope", root); !IsNotFound(err) {
		t.Fatalf("move unknown: %v", err)
	}

	e.ResetRequests()
	for _, tc := range []struct {
		err error
		arg string
	}{
		{func() error { _, err := a.CreateVersionStack(ctx, root, []string{f.ID, " "}); return err }(), "fileIDs[1]"},
		{func() error { _, err := a.CreateVersionStack(ctx, "", []string{f.ID, f.ID}); return err }(), "folderID"},
		{func() error { _, err := a.GetVersionStack(ctx, ".."); return err }(), "stackID"},
		{func() error { _, err := a.ListVersionStackChildren(ctx, ""); return err }(), "stackID"},
		{func() error { _, err := a.MoveVersionStack(ctx, "vs", ""); return err }(), "parentID"},
		{func() error { _, err := a.MoveVersionStack(ctx, "", root); return err }(), "stackID"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.arg) {
			t.Errorf("err = %v, want one naming %s", tc.err, tc.arg)
		}
	}
	if n := len(apiRequests(e, "")); n != 0 {
		t.Fatalf("%d requests sent for invalid ids", n)
	}
}

// TestGetVersionStackOfAFolder: whatever version_stacks.show answers for a folder's id (404, the folder
// itself, 422), GetVersionStack answers 404, so that "is this parent a stack?" has one answer. A 422
// for an id that folders.show does not know either stays the service's 422.
func TestGetVersionStackOfAFolder(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	a := c.ForAccount(emulator.DefaultAccountID)
	v1, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "v1.mov", 1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "v2.mov", 1)
	if err != nil {
		t.Fatal(err)
	}
	stack, err := a.CreateVersionStack(ctx, emulator.DefaultRootFolderID, []string{v1.ID, v2.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []emulator.StackShowOfFolderMode{emulator.StackShowOfFolderNotFound,
		emulator.StackShowOfFolderAnswered, emulator.StackShowOfFolderUnprocessable} {
		e.SetReadings(emulator.Readings{StackShowOfFolder: mode})
		got, err := a.GetVersionStack(ctx, emulator.DefaultRootFolderID)
		if !IsNotFound(err) || got != nil {
			t.Errorf("%v: a folder's id: %+v %v, want a 404", mode, got, err)
		}
		if got, err := a.GetVersionStack(ctx, stack.ID); err != nil || got.ID != stack.ID {
			t.Errorf("%v: the stack: %+v %v", mode, got, err)
		}
	}
	e.FailOperation("version_stacks.show", 1, 422)
	if _, err := a.GetVersionStack(ctx, v1.ID); !IsStatus(err, 422) {
		t.Errorf("a 422 for an id that is no folder: %v, want the 422", err)
	}
}
