package emulator

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// stackTest is an emulator on a TestClock with helpers that step the clock 6 s before every API call,
// so that the documented limits (version_stacks.create and .move: 10 a minute) never bite.
type stackTest struct {
	t *testing.T
	e *Emulator
}

func newStackTest(t *testing.T) stackTest {
	t.Helper()
	return stackTest{t, newTest(t, fast(Options{}))}
}

func (s stackTest) call(method, path string, body any) reply {
	s.t.Helper()
	clockOf(s.t, s.e).Advance(6 * time.Second)
	return call(s.t, s.e, method, path, body)
}

// file creates a file (a local upload, no content needed) in folder and returns its id.
func (s stackTest) file(folder, name string) string {
	s.t.Helper()
	clockOf(s.t, s.e).Advance(6 * time.Second)
	return createUpload(s.t, s.e, folder, name, 1).id
}

func (s stackTest) folder(name string) string {
	s.t.Helper()
	id, err := s.e.AddFolder("", name)
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

func stackBody(ids ...any) map[string]any {
	return map[string]any{"data": map[string]any{"file_ids": ids}}
}

func (s stackTest) create(folder string, ids ...any) reply {
	s.t.Helper()
	return s.call("POST", acct(s.e)+"/folders/"+folder+"/version_stacks", stackBody(ids...))
}

// ids follows path's links.next to the last page and returns the ids in order.
func (s stackTest) ids(path string) []string {
	s.t.Helper()
	var out []string
	for page := 0; path != ""; page++ {
		r := s.call("GET", path, nil)
		wantStatus(s.t, r, 200)
		out = append(out, idsOf(r)...)
		next, _ := r.body["links"].(map[string]any)["next"].(string)
		if next != "" && !strings.HasPrefix(next, "/v4/") {
			s.t.Fatalf("next link %q", next)
		}
		path = next
		if page > 20 {
			s.t.Fatal("pagination does not end")
		}
	}
	return out
}

func TestVersionStackCreateShowAndListings(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo := s.folder("cuts")
	a, b, c := s.file(fo, "cut_v1.mov"), s.file(fo, "cut_v2.mov"), s.file(fo, "cut_v3.mov")
	loose := s.file(fo, "notes.txt")

	r := s.create(fo, a, b, c)
	wantStatus(t, r, 201)
	d := r.data()
	sid, _ := d["id"].(string)
	head, _ := d["head_version"].(map[string]any)
	if sid == "" || d["type"] != "version_stack" || d["parent_id"] != fo || d["name"] != "cut_v3.mov" ||
		d["project_id"] != DefaultProjectID || d["view_url"] == nil || d["created_at"] == nil || d["updated_at"] == nil ||
		head == nil || head["id"] != c || head["parent_id"] != sid || head["type"] != "file" {
		t.Fatalf("created %s", r.raw)
	}
	show := s.call("GET", acct(e)+"/version_stacks/"+sid, nil)
	wantStatus(t, show, 200)
	if !reflect.DeepEqual(show.data(), d) {
		t.Fatalf("show %s\ncreate %s", show.raw, r.raw)
	}
	for _, id := range []string{a, b, c} {
		if got := s.call("GET", acct(e)+"/files/"+id, nil).data()["parent_id"]; got != sid {
			t.Errorf("file %s parent_id %v, want the stack", id, got)
		}
		if f, _ := e.File(id); f.ParentID != sid {
			t.Errorf("File(%s).ParentID = %q", id, f.ParentID)
		}
	}
	if st, ok := e.Stack(sid); !ok || st.ParentID != fo || st.Name != "cut_v3.mov" || !reflect.DeepEqual(st.FileIDs, []string{a, b, c}) {
		t.Fatalf("Stack() = %+v, %v", st, ok)
	}

	// Children, bottom to top, in pages of 2.
	children := acct(e) + "/version_stacks/" + sid + "/children"
	p1 := s.call("GET", children+"?page_size=2&include_total_count=true", nil)
	wantStatus(t, p1, 200)
	next, _ := p1.body["links"].(map[string]any)["next"].(string)
	if len(p1.body["data"].([]any)) != 2 || p1.body["total_count"] != float64(3) || next == "" || strings.Contains(next, "page_size") {
		t.Fatalf("children page 1 %s", p1.raw)
	}
	p2 := s.call("GET", next+"&page_size=2", nil)
	if got := append(idsOf(p1), idsOf(p2)...); !reflect.DeepEqual(got, []string{a, b, c}) || p2.body["links"].(map[string]any)["next"] != nil {
		t.Fatalf("children %v, last page %s", got, p2.raw)
	}
	for _, q := range []string{"?page_size=0", "?page_size=101", "?after=nope"} {
		if r := s.call("GET", children+q, nil); r.status != 422 || r.errPointer() != "/"+strings.Split(q[1:], "=")[0] {
			t.Errorf("children%s: %d %s", q, r.status, r.raw)
		}
	}

	// The folder shows the stack in place of its files; the files listing has only the loose file.
	fp := acct(e) + "/folders/" + fo
	if got := s.ids(fp + "/children"); !reflect.DeepEqual(got, []string{loose, sid}) { // creation order
		t.Errorf("children %v, want [loose file, stack]", got)
	}
	kids := s.call("GET", fp+"/children?type=version_stack", nil)
	if ks := kids.body["data"].([]any); len(ks) != 1 || ks[0].(map[string]any)["type"] != "version_stack" ||
		ks[0].(map[string]any)["head_version"].(map[string]any)["id"] != c {
		t.Errorf("children?type=version_stack %s", kids.raw)
	}
	if got := s.ids(fp + "/children?type=file,folder"); !reflect.DeepEqual(got, []string{loose}) {
		t.Errorf("children?type=file,folder %v", got)
	}
	if got := s.ids(fp + "/files"); !reflect.DeepEqual(got, []string{loose}) {
		t.Errorf("files %v", got)
	}
	if got := s.ids(fp + "/version_stacks"); !reflect.DeepEqual(got, []string{sid}) {
		t.Errorf("version_stacks %v", got)
	}
	if r := s.call("GET", fp+"/version_stacks?page_size=501", nil); r.status != 422 || r.errPointer() != "/page_size" {
		t.Errorf("version_stacks?page_size=501: %d %s", r.status, r.raw)
	}
	for _, p := range []string{"/version_stacks/nope", "/version_stacks/nope/children", "/folders/nope/version_stacks"} {
		wantStatus(t, s.call("GET", acct(e)+p, nil), 404)
	}
	// A stack is not a folder: nothing can be uploaded or created in it directly.
	wantStatus(t, s.call("POST", acct(e)+"/folders/"+sid+"/files/local_upload",
		map[string]any{"data": map[string]any{"name": "x.mov", "file_size": 1}}), 404)
	wantStatus(t, s.call("GET", acct(e)+"/folders/"+sid, nil), 404)
}

func idsOf(r reply) []string {
	var out []string
	for _, x := range r.body["data"].([]any) {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

// TestVersionStackCreateIsStrict: every bad request is refused with the pointer of the culprit, and
// leaves nothing behind.
func TestVersionStackCreateIsStrict(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo, other := s.folder("a"), s.folder("b")
	var ids []any
	for i := 0; i < 11; i++ {
		ids = append(ids, s.file(fo, fmt.Sprintf("v%d.mov", i)))
	}
	elsewhere := s.file(other, "x.mov")
	stacked := []any{s.file(other, "s1.mov"), s.file(other, "s2.mov")}
	if _, err := e.StackFiles(other, stacked[0].(string), stacked[1].(string)); err != nil {
		t.Fatal(err)
	}
	path := acct(e) + "/folders/" + fo + "/version_stacks"
	for _, c := range []struct {
		name    string
		body    any
		status  int
		pointer string
	}{
		{"no data", map[string]any{}, 422, "/data"},
		{"no file_ids", map[string]any{"data": map[string]any{}}, 422, "/data/file_ids"},
		{"unknown field", map[string]any{"data": map[string]any{"file_ids": ids[:2], "name": "x"}}, 422, "/data/name"},
		{"file_ids not an array", map[string]any{"data": map[string]any{"file_ids": ids[0]}}, 422, "/data/file_ids"},
		{"file_ids null", map[string]any{"data": map[string]any{"file_ids": nil}}, 422, "/data/file_ids"},
		{"one file", stackBody(ids[0]), 422, "/data/file_ids"},
		{"no file", stackBody(), 422, "/data/file_ids"},
		{"eleven files", stackBody(ids...), 422, "/data/file_ids"},
		{"a number", stackBody(ids[0], 7), 422, "/data/file_ids/1"},
		{"a duplicate", stackBody(ids[0], ids[1], ids[0]), 422, "/data/file_ids/2"},
		{"an unknown file", stackBody(ids[0], "nope"), 422, "/data/file_ids/1"},
		{"an empty id", stackBody("", ids[0]), 422, "/data/file_ids/0"},
		{"a file of another folder", stackBody(ids[0], elsewhere), 422, "/data/file_ids/1"},
		{"a file already stacked", stackBody(stacked[1], ids[0]), 422, "/data/file_ids/0"},
		{"a folder id", stackBody(ids[0], other), 422, "/data/file_ids/1"},
		{"malformed JSON", `{"data":`, 400, ""},
	} {
		r := s.call("POST", path, c.body)
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s, want %d at %q", c.name, r.status, r.raw, c.status, c.pointer)
		}
	}
	wantStatus(t, s.call("POST", acct(e)+"/folders/nope/version_stacks", stackBody(ids[0], ids[1])), 404)
	if st := e.Stacks(); len(st) != 1 {
		t.Fatalf("stacks after refused creates: %+v", st)
	}
	for _, id := range ids {
		if f, _ := e.File(id.(string)); f.ParentID != fo {
			t.Fatalf("file %s moved by a refused create: %+v", id, f)
		}
	}
	// Ten is the most create takes.
	wantStatus(t, s.create(fo, ids[:10]...), 201)
}

// TestVersionStackFileMoves: files.move into a stack puts the file on top; out of it takes it off; a
// stack keeps its last file, and is gone when that one leaves too.
func TestVersionStackFileMoves(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo, other := s.folder("a"), s.folder("b")
	a, b := s.file(fo, "v1.mov"), s.file(fo, "v2.mov")
	c := s.file(other, "v3.mov") // a new version may come from any folder
	sid := s.create(fo, a, b).data()["id"].(string)
	move := func(id, dest string) reply {
		t.Helper()
		return s.call("PATCH", acct(e)+"/files/"+id+"/move", map[string]any{"data": map[string]any{"parent_id": dest}})
	}
	head := func() any {
		t.Helper()
		r := s.call("GET", acct(e)+"/version_stacks/"+sid, nil)
		wantStatus(t, r, 200)
		return r.data()["head_version"].(map[string]any)["id"]
	}
	stackFiles := func() []string {
		st, _ := e.Stack(sid)
		return st.FileIDs
	}

	r := move(c, sid)
	wantStatus(t, r, 200)
	if r.data()["parent_id"] != sid || head() != c || !reflect.DeepEqual(stackFiles(), []string{a, b, c}) {
		t.Fatalf("after moving v3 on top: %s, head %v, files %v", r.raw, head(), stackFiles())
	}
	if got := s.ids(acct(e) + "/version_stacks/" + sid + "/children"); !reflect.DeepEqual(got, []string{a, b, c}) {
		t.Fatalf("children %v", got)
	}
	// Moving a file of the stack onto it again puts it on top.
	wantStatus(t, move(a, sid), 200)
	if head() != a || !reflect.DeepEqual(stackFiles(), []string{b, c, a}) {
		t.Fatalf("restacked: head %v files %v", head(), stackFiles())
	}
	// Out to a folder: the file leaves the stack and shows in the folder.
	r = move(a, other)
	if r.status != 200 || r.data()["parent_id"] != other || head() != c {
		t.Fatalf("move out: %s head %v", r.raw, head())
	}
	if got := s.ids(acct(e) + "/folders/" + other + "/children"); !reflect.DeepEqual(got, []string{a}) {
		t.Fatalf("other's children %v", got)
	}
	wantStatus(t, move(b, other), 200)
	// One file left: still a stack (strictest reading), with that file as head.
	if head() != c || !reflect.DeepEqual(stackFiles(), []string{c}) {
		t.Fatalf("one left: head %v files %v", head(), stackFiles())
	}
	if f, _ := e.File(c); f.ParentID != sid {
		t.Fatalf("the last file's parent %q", f.ParentID)
	}
	// Bad destinations change nothing.
	if r := move(c, "nope"); r.status != 404 {
		t.Fatalf("move to unknown: %d %s", r.status, r.raw)
	}
	if r := s.call("PATCH", acct(e)+"/files/"+c+"/move", map[string]any{"data": map[string]any{}}); r.status != 422 || r.errPointer() != "/data/parent_id" {
		t.Fatalf("move without parent_id: %d %s", r.status, r.raw)
	}
	// The last file out: the stack is gone.
	wantStatus(t, move(c, fo), 200)
	if _, ok := e.Stack(sid); ok {
		t.Fatal("empty stack still there")
	}
	for _, p := range []string{"/version_stacks/" + sid, "/version_stacks/" + sid + "/children"} {
		wantStatus(t, s.call("GET", acct(e)+p, nil), 404)
	}
	wantStatus(t, move(c, sid), 404)
	if got := s.ids(acct(e) + "/folders/" + fo + "/children"); !reflect.DeepEqual(got, []string{c}) {
		t.Fatalf("folder children after the stack emptied %v", got)
	}
}

// TestVersionStackDeletes: deleting a file takes it out of its stack (the one below becomes head);
// deleting the last one removes the stack; deleting the folder removes its stacks and their files.
func TestVersionStackDeletes(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo := s.folder("a")
	a, b, c := s.file(fo, "v1.mov"), s.file(fo, "v2.mov"), s.file(fo, "v3.mov")
	sid := s.create(fo, a, b, c).data()["id"].(string)
	del := func(id string) { t.Helper(); wantStatus(t, s.call("DELETE", acct(e)+"/files/"+id, nil), 204) }

	del(c)
	if st, _ := e.Stack(sid); !reflect.DeepEqual(st.FileIDs, []string{a, b}) {
		t.Fatalf("after deleting the head: %+v", st)
	}
	if h := s.call("GET", acct(e)+"/version_stacks/"+sid, nil).data()["head_version"].(map[string]any)["id"]; h != b {
		t.Fatalf("head %v, want v2", h)
	}
	del(a)
	del(b)
	if _, ok := e.Stack(sid); ok {
		t.Fatal("stack with no file left")
	}
	wantStatus(t, s.call("GET", acct(e)+"/version_stacks/"+sid, nil), 404)

	x, y := s.file(fo, "x1.mov"), s.file(fo, "x2.mov")
	sid2, err := e.StackFiles(fo, x, y)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, s.call("DELETE", acct(e)+"/folders/"+fo, nil), 204)
	if _, ok := e.Stack(sid2); ok {
		t.Fatal("stack of a deleted folder")
	}
	for _, id := range []string{x, y} {
		if _, ok := e.File(id); ok {
			t.Fatalf("file %s of a deleted folder's stack", id)
		}
	}
}

func TestVersionStackMove(t *testing.T) {
	t.Parallel()
	s := newStackTest(t)
	e := s.e
	fo, dest := s.folder("a"), s.folder("b")
	a, b := s.file(fo, "v1.mov"), s.file(fo, "v2.mov")
	sid := s.create(fo, a, b).data()["id"].(string)
	other, _ := e.StackFiles(fo, s.file(fo, "o1.mov"), s.file(fo, "o2.mov"))
	path := acct(e) + "/version_stacks/" + sid + "/move"
	body := func(v any) map[string]any { return map[string]any{"data": map[string]any{"parent_id": v}} }

	r := s.call("PATCH", path, body(dest))
	wantStatus(t, r, 200)
	if r.data()["parent_id"] != dest || r.data()["head_version"].(map[string]any)["parent_id"] != sid {
		t.Fatalf("moved %s", r.raw)
	}
	if got := s.ids(acct(e) + "/folders/" + dest + "/children"); !reflect.DeepEqual(got, []string{sid}) {
		t.Fatalf("destination children %v", got)
	}
	if got := s.ids(acct(e) + "/folders/" + fo + "/version_stacks"); !reflect.DeepEqual(got, []string{other}) {
		t.Fatalf("source stacks %v", got)
	}
	for _, c := range []struct {
		name    string
		body    any
		status  int
		pointer string
	}{
		{"into a stack", body(other), 422, "/data/parent_id"},
		{"into a file", body(a), 404, ""},
		{"no parent_id", map[string]any{"data": map[string]any{}}, 422, "/data/parent_id"},
		{"parent_id a number", body(3), 422, "/data/parent_id"},
		{"unknown field", map[string]any{"data": map[string]any{"parent_id": fo, "name": "x"}}, 422, "/data/name"},
	} {
		if r := s.call("PATCH", path, c.body); r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s", c.name, r.status, r.raw)
		}
	}
	wantStatus(t, s.call("PATCH", acct(e)+"/version_stacks/nope/move", body(fo)), 404)
	if st, _ := e.Stack(sid); st.ParentID != dest {
		t.Fatalf("refused moves moved the stack: %+v", st)
	}
}
