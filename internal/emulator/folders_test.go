package emulator

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestFoldersCRUDAndPagination(t *testing.T) {
	t.Parallel()
	// Off: it creates folders (3/s) and pages through listings (5/s) faster than their limits on a clock
	// that does not move; TestRateLimits covers enforcement.
	e := newTest(t, fast(Options{NoRateLimits: true}))
	fp := acct(e) + "/folders/"
	r := call(t, e, "POST", fp+root(e)+"/folders", map[string]any{"data": map[string]any{"name": "A"}})
	wantStatus(t, r, 201)
	a := r.data()
	if a["type"] != "folder" || a["parent_id"] != root(e) || a["project_id"] != DefaultProjectID || a["view_url"] == nil {
		t.Fatalf("folder %s", r.raw)
	}
	aid := a["id"].(string)
	r = call(t, e, "PATCH", fp+aid, map[string]any{"data": map[string]any{"name": "A2"}})
	wantStatus(t, r, 200)
	if r.data()["name"] != "A2" {
		t.Fatal("rename")
	}
	b := call(t, e, "POST", fp+root(e)+"/folders", map[string]any{"data": map[string]any{"name": "B"}}).data()["id"].(string)
	wantStatus(t, call(t, e, "PATCH", fp+b+"/move", map[string]any{"data": map[string]any{"parent_id": aid}}), 200)
	r = call(t, e, "PATCH", fp+aid+"/move", map[string]any{"data": map[string]any{"parent_id": b}})
	if r.status != 422 {
		t.Fatalf("move into own child: %d", r.status)
	}

	// 3 folders + 4 files in A, listed in creation order, 2 per page.
	var want []string
	for i := 0; i < 7; i++ {
		if i%2 == 0 && i < 6 {
			want = append(want, call(t, e, "POST", fp+aid+"/folders", map[string]any{"data": map[string]any{"name": fmt.Sprint("f", i)}}).data()["id"].(string))
		} else {
			want = append(want, createUpload(t, e, aid, fmt.Sprint("file", i, ".txt"), 1).id)
		}
	}
	want = append([]string{b}, want...)
	collect := func(path string) []string {
		var ids []string
		for page := 0; path != ""; page++ {
			r := call(t, e, "GET", path, nil)
			wantStatus(t, r, 200)
			for _, x := range r.body["data"].([]any) {
				ids = append(ids, x.(map[string]any)["id"].(string))
			}
			next, _ := r.body["links"].(map[string]any)["next"].(string)
			if next != "" && (strings.Contains(next, "page_size") || !strings.HasPrefix(next, "/v4/")) {
				t.Fatalf("next link %q", next)
			}
			path = ""
			if next != "" {
				path = next + "&page_size=2"
			}
			if page > 20 {
				t.Fatal("pagination does not end")
			}
		}
		return ids
	}
	if got := collect(fp + aid + "/children?page_size=2"); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("children %v, want %v", got, want)
	}
	files := collect(fp + aid + "/files?page_size=2")
	folders := collect(fp + aid + "/folders?page_size=2")
	if len(files) != 4 || len(folders) != 4 {
		t.Fatalf("files %d folders %d", len(files), len(folders))
	}
	// The type filter of children takes one kind or a comma-separated list (the documented example
	// is "file,folder,version_stack").
	for q, n := range map[string]int{"type=file": 4, "type=folder": 4, "type=file,folder": 8,
		"type=file,%20folder,version_stack": 8, "type=version_stack": 0, "type=": 8} {
		r := call(t, e, "GET", fp+aid+"/children?"+q, nil)
		wantStatus(t, r, 200)
		if got := len(r.body["data"].([]any)); got != n {
			t.Errorf("children?%s: %d items, want %d", q, got, n)
		}
	}
	for _, q := range []string{"type=asset", "type=file,asset", "type=file,"} {
		if r := call(t, e, "GET", fp+aid+"/children?"+q, nil); r.status != 422 || r.errPointer() != "/type" {
			t.Errorf("children?%s: %d %s", q, r.status, r.raw)
		}
	}
	r = call(t, e, "GET", fp+aid+"/files?include_total_count=true", nil)
	if r.body["total_count"] != float64(4) || r.body["links"].(map[string]any)["next"] != nil {
		t.Fatalf("total: %s", r.raw)
	}
	for _, q := range []string{"page_size=0", "page_size=501", "page_size=x", "after=garbage"} {
		if r := call(t, e, "GET", fp+aid+"/files?"+q, nil); r.status != 422 {
			t.Errorf("%s: %d", q, r.status)
		}
	}
	if r := call(t, e, "GET", "/v4/accounts?page_size=101", nil); r.status != 422 {
		t.Errorf("accounts page_size 101: %d", r.status)
	}

	// Delete A: everything below goes.
	r = call(t, e, "DELETE", fp+aid, nil)
	if r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("delete: %d %q", r.status, r.raw)
	}
	wantStatus(t, call(t, e, "GET", fp+b, nil), 404)
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+files[0], nil), 404)
	if len(e.Files()) != 0 || len(e.Folders()) != 1 {
		t.Fatalf("left: %v %v", e.Files(), e.Folders())
	}
	wantStatus(t, call(t, e, "DELETE", fp+root(e), nil), 403)
	wantStatus(t, call(t, e, "GET", fp+root(e), nil), 200)
}

func TestFileRenameMoveDelete(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.png", 10)
	p := acct(e) + "/files/" + u.id
	r := call(t, e, "PATCH", p, map[string]any{"data": map[string]any{"name": "b.png"}})
	wantStatus(t, r, 200)
	d := r.data()
	for k, v := range map[string]any{"name": "b.png", "type": "file", "file_size": float64(10), "media_type": "image/png", "status": "created", "project_id": DefaultProjectID, "parent_id": root(e)} {
		if d[k] != v {
			t.Errorf("%s = %v, want %v", k, d[k], v)
		}
	}
	if _, ok := d["upload_urls"]; ok {
		t.Error("upload_urls in a show/update reply")
	}
	wantStatus(t, call(t, e, "PATCH", p, map[string]any{"data": map[string]any{"file_size": 3}}), 422)
	dest, _ := e.AddFolder("", "dest")
	r = call(t, e, "PATCH", p+"/move", map[string]any{"data": map[string]any{"parent_id": dest}})
	wantStatus(t, r, 200)
	if r.data()["parent_id"] != dest {
		t.Fatal("move")
	}
	wantStatus(t, call(t, e, "PATCH", p+"/move", map[string]any{"data": map[string]any{"parent_id": newID()}}), 404)
	r = call(t, e, "DELETE", p, nil)
	if r.status != 204 {
		t.Fatalf("delete %d", r.status)
	}
	wantStatus(t, call(t, e, "GET", p, nil), 404)
	if res := putPart(t, u.parts[0].url, u.mediaType, make([]byte, 10), nil); res.status != 404 || res.code != "NoSuchUpload" {
		t.Fatalf("PUT to deleted upload: %d %s", res.status, res.body)
	}
}

func TestOutOfBandHelpers(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 1)
	fid, err := e.AddFolder(root(e), "side")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.RenameFile(u.id, "renamed.txt"); err != nil {
		t.Fatal(err)
	}
	if err := e.MoveFile(u.id, fid); err != nil {
		t.Fatal(err)
	}
	d := call(t, e, "GET", acct(e)+"/files/"+u.id, nil).data()
	if d["name"] != "renamed.txt" || d["parent_id"] != fid {
		t.Fatalf("%v", d)
	}
	r := call(t, e, "GET", acct(e)+"/folders/"+fid+"/files", nil)
	if len(r.body["data"].([]any)) != 1 {
		t.Fatalf("list %s", r.raw)
	}
	fs := e.Folders()
	if len(fs) != 2 || fs[0].ID != root(e) || fs[0].ParentID != "" || fs[1] != (Folder{ID: fid, Name: "side", ParentID: root(e)}) {
		t.Fatalf("folders %+v", fs)
	}
	if err := e.DeleteFile(u.id); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+u.id, nil), 404)
	for _, err := range []error{e.DeleteFile(u.id), e.RenameFile("x", "y"), e.MoveFile("x", fid), e.MoveFile(u.id, "nope")} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("err %v", err)
		}
	}
	if _, err := e.AddFolder("nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddFolder: %v", err)
	}
	if _, ok := e.File(u.id); ok {
		t.Error("File() after delete")
	}
}
