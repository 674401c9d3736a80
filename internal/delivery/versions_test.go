package delivery

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// firstVersion uploads a file into the root folder and returns it as the Head a caller would hold.
func (env *testEnv) firstVersion(src string) Head {
	env.t.Helper()
	f := env.upload(src)
	return Head{ID: f.ID, FolderID: env.root(), VersionNumber: 1}
}

// addVersion stacks src on top of head, in folderID, and fails the test on error.
func (env *testEnv) addVersion(head Head, src, folderID string) VersionResult {
	env.t.Helper()
	res, err := env.d.AddVersion(ctxT(env.t), env.versionSpec(head, src, folderID))
	if err != nil {
		env.t.Fatalf("AddVersion(%s): %v", src, err)
	}
	return res
}

func (env *testEnv) versionSpec(head Head, src, folderID string) VersionSpec {
	content := env.local(src)
	content.FolderID = folderID
	return VersionSpec{Head: head, Content: content}
}

// headAfter is the Head a caller holds after res.
func headAfter(res VersionResult) Head {
	return Head{ID: res.Upload.File.ID, FolderID: res.FolderID, VersionStackID: res.Stack.ID, VersionNumber: res.Number}
}

func requireStack(t *testing.T, e *emulator.Emulator, id, folderID string, fileIDs ...string) {
	t.Helper()
	s, ok := e.Stack(id)
	if !ok || s.ParentID != folderID || !slices.Equal(s.FileIDs, fileIDs) {
		t.Fatalf("stack %s = %+v (found %v); want files %v in folder %s", id, s, ok, fileIDs, folderID)
	}
}

func TestAddVersionCreatesStackThenStacksOnIt(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 20)
	v1 := env.firstVersion(src)

	writeRandomFile(t, dir, "cut.mov", 20_000, 21)
	res := env.addVersion(v1, src, env.root())
	v2 := res.Upload.File
	if res.Stack == nil || res.Number != 2 || res.HeadID != v2.ID || res.FolderID != env.root() ||
		res.Estimated != nil || res.MovedHead != nil {
		t.Fatalf("first new version: %+v; want version 2 and head of a new stack in the root folder", res)
	}
	requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, v2.ID)

	// The next new version goes into the existing stack, and the file moves to another folder first.
	finals, err := env.e.AddFolder(env.root(), "Finals")
	if err != nil {
		t.Fatal(err)
	}
	writeRandomFile(t, dir, "cut.mov", 20_000, 22)
	res = env.addVersion(headAfter(res), src, finals)
	v3 := res.Upload.File
	if res.MovedHead == nil || res.MovedHead.ID != v2.ID || res.Number != 3 || res.HeadID != v3.ID || res.FolderID != finals {
		t.Fatalf("second new version: %+v; want the head moved to Finals first, then version 3 on top", res)
	}
	requireStack(t, env.e, res.Stack.ID, finals, v1.ID, v2.ID, v3.ID)
	if len(env.e.Stacks()) != 1 {
		t.Fatalf("%d stacks, want the one", len(env.e.Stacks()))
	}
}

func TestAddVersionStackCreateFailsDiscardsNewFile(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 30)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 31)
	env.refuse("version_stacks.create")

	_, err := env.d.AddVersion(ctxT(t), env.versionSpec(v1, src, env.root()))
	var serr *StackError
	if !errors.As(err, &serr) || serr.FileID == "" || serr.Kept() || !frameio.IsStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v; want a *StackError (503) whose new file was deleted", err)
	}
	if !strings.Contains(err.Error(), "stacking the new version "+serr.FileID+" on top of file "+v1.ID) {
		t.Fatalf("err = %q; want it to name both files", err)
	}
	env.requireContents(sha1)
	if f, _ := env.e.File(v1.ID); f.ParentID != env.root() || len(env.e.Stacks()) != 0 {
		t.Fatalf("head %+v, %d stacks; want the head untouched, unstacked", f, len(env.e.Stacks()))
	}
}

func TestAddVersionMoveIntoStackFailsAndCleanupFails(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 40)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 41)
	res := env.addVersion(v1, src, env.root())
	v2 := res.Upload.File.ID
	writeRandomFile(t, dir, "cut.mov", 20_000, 42)
	env.refuse("files.move", "files.delete")

	_, err := env.d.AddVersion(ctxT(t), env.versionSpec(headAfter(res), src, env.root()))
	var serr *StackError
	if !errors.As(err, &serr) || !serr.Kept() || !strings.Contains(err.Error(), "moving the new version "+serr.FileID+" into version stack") {
		t.Fatalf("err = %v; want a *StackError whose new file could not be deleted", err)
	}
	requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, v2)
	if f, ok := env.e.File(serr.FileID); !ok || f.ParentID != env.root() {
		t.Fatalf("the undeletable new file %s should be left in the folder: %+v", serr.FileID, f)
	}
}

func TestAddVersionHeadMoveFailsUploadsNothing(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 50)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 51)
	const missing = "00000000-0000-4000-8000-00000000beef"

	res, err := env.d.AddVersion(ctxT(t), env.versionSpec(v1, src, missing))
	var herr *HeadError
	if !errors.As(err, &herr) || !strings.Contains(err.Error(), "folder_id: cannot move the file to folder "+missing) {
		t.Fatalf("err = %v; want a *HeadError naming the folder", err)
	}
	if res.MovedHead != nil || res.Upload.File != nil {
		t.Fatalf("result %+v; want no move and no upload", res)
	}
	env.requireContents(sha1)
}

func TestAddVersionUploadFailsLeavesHead(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 60)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 61)
	env.e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden)

	_, err := env.d.AddVersion(ctxT(t), env.versionSpec(v1, src, env.root()))
	var uerr *UploadError
	if !errors.As(err, &uerr) || uerr.FileID == "" || uerr.Kept() {
		t.Fatalf("err = %v; want an *UploadError whose half-made file was deleted", err)
	}
	env.requireContents(sha1)
}

func TestAddVersionEstimatesWhenStackReadFails(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 70)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 71)
	// Stacking the first time reads no stack before; only the read back after it is refused.
	env.refuse("version_stacks.show", "version_stacks.index")

	res := env.addVersion(v1, src, env.root())
	if res.Estimated == nil || res.Number != 2 || res.HeadID != res.Upload.File.ID || res.Stack == nil || res.FolderID != env.root() {
		t.Fatalf("result %+v; want estimates (version 2, head the new file) and the reason", res)
	}
	requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, res.Upload.File.ID)
}

func TestVersionNumberByCreationTime(t *testing.T) {
	at := func(s int) string { return time.Date(2026, 7, 1, 12, 0, s, 0, time.UTC).Format(time.RFC3339Nano) }
	// Listed newest first, as a reading of the document allows: the list order must not matter.
	children := []frameio.File{
		{ID: "v3", CreatedAt: at(3)},
		{ID: "v2b", CreatedAt: at(2)},
		{ID: "v2a", CreatedAt: at(2)}, // same instant: by id
		{ID: "v1", CreatedAt: at(1)},
		{ID: "odd", CreatedAt: "not a time"},
	}
	for id, want := range map[string]int64{"v1": 1, "v2a": 2, "v2b": 3, "v3": 4, "odd": 5, "unlisted": 6} {
		if got := VersionNumber(id, children); got != want {
			t.Errorf("VersionNumber(%s) = %d, want %d", id, got, want)
		}
	}
}

// Stack children listed newest first (a reading the document allows): the numbers still count from the
// oldest.
func TestAddVersionNumbersWithNewestFirstListing(t *testing.T) {
	clk := emulator.NewTestClock()
	env := newEnv(t, emulator.Options{Clock: clk, Readings: emulator.Readings{StackChildrenNewestFirst: true}})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 90)
	head := env.firstVersion(src)
	for n := int64(2); n <= 3; n++ {
		clk.Advance(time.Second) // distinct creation times, as uploads minutes apart have
		writeRandomFile(t, dir, "cut.mov", 20_000, 90+uint64(n))
		res := env.addVersion(head, src, env.root())
		if res.Number != n || res.Estimated != nil {
			t.Fatalf("version %d: result %+v; want number %d, read from the stack", n, res, n)
		}
		head = headAfter(res)
	}
}
