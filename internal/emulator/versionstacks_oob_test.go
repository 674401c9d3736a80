package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"testing"
)

// TestVersionStackName: the stack takes the head's name when created and keeps it (strictest reading:
// a client must not expect it to follow renames or new heads).
func TestVersionStackName(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo := s.folder("a")
	a, b := s.file(fo, "v1.mov"), s.file(fo, "v2.mov")
	sid := s.create(fo, a, b).data()["id"].(string)
	wantStatus(t, s.call("PATCH", acct(e)+"/files/"+b, map[string]any{"data": map[string]any{"name": "renamed.mov"}}), 200)
	if _, err := e.AddFileToStack(sid, "v3.mov", []byte("x")); err != nil {
		t.Fatal(err)
	}
	d := s.call("GET", acct(e)+"/version_stacks/"+sid, nil).data()
	if d["name"] != "v2.mov" || d["head_version"].(map[string]any)["name"] != "v3.mov" {
		t.Fatalf("stack %v", d)
	}
}

func TestVersionStackOutOfBandHelpers(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo := s.folder("a")
	a, b := s.file(fo, "v1.mov"), s.file(fo, "v2.mov")

	if _, err := e.StackFiles(fo, a); err == nil {
		t.Error("StackFiles with one file")
	}
	if _, err := e.StackFiles("nope", a, b); !errors.Is(err, ErrNotFound) {
		t.Errorf("StackFiles in an unknown folder: %v", err)
	}
	sid, err := e.StackFiles(fo, a, b)
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("version three")
	v3, err := e.AddFileToStack(sid, "v3.mov", content)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	f, ok := e.File(v3)
	if !ok || f.ParentID != sid || f.Name != "v3.mov" || f.Size != int64(len(content)) || f.SHA256 != hex.EncodeToString(sum[:]) ||
		!f.UploadComplete || f.Status != "transcoded" || f.MediaType != "video/quicktime" {
		t.Fatalf("web-app version %+v", f)
	}
	rc, err := e.Content(v3)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatalf("content %q", got)
	}
	st := s.call("GET", acct(e)+"/files/"+v3+"/status", nil).data()
	if st["upload_complete"] != true || st["upload_failed"] != false {
		t.Fatalf("status %v", st)
	}
	if stk, _ := e.Stack(sid); !reflect.DeepEqual(stk.FileIDs, []string{a, b, v3}) {
		t.Fatalf("stack %+v", stk)
	}
	// MoveFile (out of band) takes a stack too, and a folder to take a file out.
	c := s.file(fo, "v4.mov")
	if err := e.MoveFile(c, sid); err != nil {
		t.Fatal(err)
	}
	if err := e.MoveFile(a, ""); err != nil {
		t.Fatal(err)
	}
	if stk := e.Stacks(); len(stk) != 1 || !reflect.DeepEqual(stk[0].FileIDs, []string{b, v3, c}) {
		t.Fatalf("stacks %+v", stk)
	}
	if f, _ := e.File(a); f.ParentID != root(e) {
		t.Fatalf("moved out to the root: %+v", f)
	}
	// DeleteFile (out of band) unstacks too.
	if err := e.DeleteFile(v3); err != nil {
		t.Fatal(err)
	}
	if stk, _ := e.Stack(sid); !reflect.DeepEqual(stk.FileIDs, []string{b, c}) {
		t.Fatalf("after DeleteFile %+v", stk)
	}
	for _, err := range []error{
		func() error { _, err := e.AddFileToStack("nope", "x.mov", []byte("x")); return err }(),
		e.MoveFile(a, "nope"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("err %v, want ErrNotFound", err)
		}
	}
	if _, err := e.AddFileToStack(sid, "empty.mov", nil); err == nil {
		t.Error("AddFileToStack with no content")
	}
	if _, err := e.AddFileToStack(sid, "", []byte("x")); err == nil {
		t.Error("AddFileToStack with no name")
	}
}

// AddFileVersion: a web-app upload of a new version stacks a lone file under it, and goes on top of a
// stack.
func TestAddFileVersion(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo := s.folder("a")
	a := s.file(fo, "cut.mov")
	sid, v2, err := e.AddFileVersion(a, "cut_v2.mov", []byte("two"))
	if err != nil {
		t.Fatal(err)
	}
	if stk, _ := e.Stack(sid); stk.ParentID != fo || !reflect.DeepEqual(stk.FileIDs, []string{a, v2}) {
		t.Fatalf("stack %+v", stk)
	}
	if f, _ := e.File(v2); f.ParentID != sid || !f.UploadComplete || f.Size != 3 {
		t.Fatalf("new version %+v", f)
	}
	sid2, v3, err := e.AddFileVersion(a, "cut_v3.mov", []byte("three"))
	if err != nil || sid2 != sid {
		t.Fatalf("on a stacked file: stack %s, %v; want %s", sid2, err, sid)
	}
	if stk, _ := e.Stack(sid); !reflect.DeepEqual(stk.FileIDs, []string{a, v2, v3}) {
		t.Fatalf("stack %+v", stk)
	}
	if _, _, err := e.AddFileVersion("nope", "x.mov", []byte("x")); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown file: %v", err)
	}
	b := s.file(fo, "b.mov")
	if _, _, err := e.AddFileVersion(b, "b2.mov", nil); err == nil {
		t.Error("no content")
	}
	if _, _, err := e.AddFileVersion(b, "", []byte("x")); err == nil {
		t.Error("no name")
	}
	if f, _ := e.File(b); f.ParentID != fo || len(e.Stacks()) != 1 {
		t.Errorf("a refused version changed something: %+v, %d stacks", f, len(e.Stacks()))
	}
}
