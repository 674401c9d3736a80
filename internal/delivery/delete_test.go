package delivery

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stackOfTwo uploads two versions of a file, stacked, and returns their ids (oldest first) and the stack.
func (env *testEnv) stackOfTwo() ([]string, string) {
	env.t.Helper()
	dir := env.t.TempDir()
	src, _ := writeRandomFile(env.t, dir, "cut.mov", 20_000, 80)
	v1 := env.firstVersion(src)
	writeRandomFile(env.t, dir, "cut.mov", 20_000, 81)
	res := env.addVersion(v1, src, env.root())
	return []string{v1.ID, res.Upload.File.ID}, res.Stack.ID
}

// deletedIDs lists the file ids the emulator was asked to delete, in order.
func deletedIDs(e *emulator.Emulator) []string {
	var ids []string
	for _, r := range e.Requests() {
		if r.Method == http.MethodDelete {
			ids = append(ids, r.Path[strings.LastIndex(r.Path, "/")+1:])
		}
	}
	return ids
}

func TestDeleteVersionsNewestFirstKeepsOthers(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	ids, stack := env.stackOfTwo()
	other, err := env.e.AddFileToStack(stack, "cut_editor.mov", []byte("the editor's cut"))
	if err != nil {
		t.Fatal(err)
	}

	kept, err := env.d.DeleteVersions(ctxT(t), ids, stack)
	if err != nil || len(kept) != 1 || kept[0].ID != other || kept[0].Name != "cut_editor.mov" {
		t.Fatalf("DeleteVersions = %+v, %v; want the editor's version reported as kept", kept, err)
	}
	if got := deletedIDs(env.e); !slices.Equal(got, []string{ids[1], ids[0]}) {
		t.Fatalf("deleted %v, want newest first %v", got, []string{ids[1], ids[0]})
	}
	if files := env.e.Files(); len(files) != 1 || files[0].ID != other {
		t.Fatalf("Frame.io holds %+v; want only the editor's version", files)
	}
}

func TestDeleteVersionsAlreadyGone(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	ids, stack := env.stackOfTwo()
	if err := env.e.DeleteFile(ids[1]); err != nil { // deleted out of band
		t.Fatal(err)
	}
	if kept, err := env.d.DeleteVersions(ctxT(t), ids, stack); err != nil || len(kept) != 0 {
		t.Fatalf("DeleteVersions = %+v, %v; want a version already gone to be fine", kept, err)
	}
	if files := env.e.Files(); len(files) != 0 {
		t.Fatalf("%d files left", len(files))
	}
}

func TestDeleteVersionsFailures(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	ids, stack := env.stackOfTwo()

	// The stack cannot be listed: nothing is deleted, as the versions of others are not known.
	env.refuse("version_stacks.show", "version_stacks.index")
	_, err := env.d.DeleteVersions(ctxT(t), ids, stack)
	var lerr *StackListError
	if !errors.As(err, &lerr) || lerr.StackID != stack || len(deletedIDs(env.e)) != 0 {
		t.Fatalf("err = %v, deletes %v; want a *StackListError and no delete", err, deletedIDs(env.e))
	}

	// Deletes refused: every version is tried, and each failure reported, newest first.
	env.e.ClearFaults()
	env.refuse("files.delete")
	_, err = env.d.DeleteVersions(ctxT(t), ids, stack)
	var derr *DeleteError
	if !errors.As(err, &derr) || len(derr.Failed) != 2 || derr.Failed[0].ID != ids[1] || derr.Failed[1].ID != ids[0] {
		t.Fatalf("err = %v; want a *DeleteError for both versions, newest first", err)
	}
	if len(env.e.Files()) != 2 {
		t.Fatalf("%d files left, want both", len(env.e.Files()))
	}
}
