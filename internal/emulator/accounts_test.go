package emulator

import (
	"errors"
	"net/http"
	"testing"
)

// listIDs returns the ids of a one-page list reply, failing unless it is 200 with no next page.
func listIDs(t *testing.T, e *Emulator, path string) []string {
	t.Helper()
	r := call(t, e, "GET", path, nil)
	wantStatus(t, r, http.StatusOK)
	if next := r.body["links"].(map[string]any)["next"]; next != nil {
		t.Fatalf("%s: unexpected next page %v", path, next)
	}
	var ids []string
	for _, x := range r.body["data"].([]any) {
		ids = append(ids, x.(map[string]any)["id"].(string))
	}
	return ids
}

func equalIDs(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestSeveralAccountsWorkspacesAndProjects(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	o := e.Options()
	acc2 := e.AddAccount("Second Account")
	ws2, err := e.AddWorkspace(o.AccountID, "Marketing")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := e.AddProject(ws2, "Trailer")
	if err != nil {
		t.Fatal(err)
	}
	ws3, err := e.AddWorkspace(acc2, "Other")
	if err != nil {
		t.Fatal(err)
	}
	p3, err := e.AddProject(ws3, "Elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	if p2.AccountID != o.AccountID || p2.WorkspaceID != ws2 || p2.RootFolderID == "" || p3.AccountID != acc2 {
		t.Fatalf("AddProject = %+v, %+v", p2, p3)
	}
	if _, err := e.AddWorkspace("nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("AddWorkspace to an unknown account: %v", err)
	}
	if _, err := e.AddProject("nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("AddProject to an unknown workspace: %v", err)
	}

	if got := listIDs(t, e, "/v4/accounts"); !equalIDs(got, o.AccountID, acc2) {
		t.Fatalf("accounts = %v", got)
	}
	if got := listIDs(t, e, acct(e)+"/workspaces"); !equalIDs(got, o.WorkspaceID, ws2) {
		t.Fatalf("workspaces = %v", got)
	}
	if got := listIDs(t, e, "/v4/accounts/"+acc2+"/workspaces"); !equalIDs(got, ws3) {
		t.Fatalf("workspaces of the second account = %v", got)
	}
	if got := listIDs(t, e, acct(e)+"/projects"); !equalIDs(got, o.ProjectID, p2.ID) {
		t.Fatalf("account projects = %v", got)
	}
	if got := listIDs(t, e, acct(e)+"/workspaces/"+ws2+"/projects"); !equalIDs(got, p2.ID) {
		t.Fatalf("workspace projects = %v", got)
	}

	r := call(t, e, "GET", acct(e)+"/workspaces/"+ws2, nil)
	wantStatus(t, r, http.StatusOK)
	if d := r.data(); d["name"] != "Marketing" || d["account_id"] != o.AccountID {
		t.Fatalf("workspace %s", r.raw)
	}
	r = call(t, e, "GET", acct(e)+"/projects/"+p2.ID, nil)
	wantStatus(t, r, http.StatusOK)
	if d := r.data(); d["name"] != "Trailer" || d["root_folder_id"] != p2.RootFolderID || d["workspace_id"] != ws2 {
		t.Fatalf("project %s", r.raw)
	}

	// Everything is scoped by the account of the path.
	for _, path := range []string{
		acct(e) + "/workspaces/" + ws3,
		acct(e) + "/workspaces/" + ws3 + "/projects",
		acct(e) + "/projects/" + p3.ID,
		acct(e) + "/folders/" + p3.RootFolderID,
		"/v4/accounts/" + acc2 + "/folders/" + o.RootFolderID,
		"/v4/accounts/unknown/projects",
	} {
		wantStatus(t, call(t, e, "GET", path, nil), http.StatusNotFound)
	}
	wantStatus(t, call(t, e, "GET", "/v4/accounts/"+acc2+"/folders/"+p3.RootFolderID, nil), http.StatusOK)
}

func TestFoldersBelongToTheirProject(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	o := e.Options()
	p2, err := e.AddProject(o.WorkspaceID, "Second")
	if err != nil {
		t.Fatal(err)
	}
	fp := acct(e) + "/folders/"
	r := call(t, e, "POST", fp+p2.RootFolderID+"/folders", map[string]any{"data": map[string]any{"name": "In 2"}})
	wantStatus(t, r, http.StatusCreated)
	in2 := r.data()
	if in2["project_id"] != p2.ID || in2["view_url"] != "https://next.frame.io/project/"+p2.ID+"/view/"+in2["id"].(string) {
		t.Fatalf("folder of the second project %s", r.raw)
	}
	up := createUpload(t, e, in2["id"].(string), "a.txt", 1)
	r = call(t, e, "GET", acct(e)+"/files/"+up.id, nil)
	if r.data()["project_id"] != p2.ID {
		t.Fatalf("file of the second project %s", r.raw)
	}
	in1 := call(t, e, "POST", fp+o.RootFolderID+"/folders", map[string]any{"data": map[string]any{"name": "In 1"}}).data()["id"].(string)

	r = call(t, e, "PATCH", fp+in1+"/move", map[string]any{"data": map[string]any{"parent_id": in2["id"]}})
	if r.status != http.StatusUnprocessableEntity || r.errPointer() != "/data/parent_id" {
		t.Fatalf("move into another project: %d %s", r.status, r.raw)
	}
	for _, id := range []string{o.RootFolderID, p2.RootFolderID} {
		wantStatus(t, call(t, e, "DELETE", fp+id, nil), http.StatusForbidden)
		wantStatus(t, call(t, e, "PATCH", fp+id+"/move", map[string]any{"data": map[string]any{"parent_id": in1}}), http.StatusForbidden)
	}
}

func TestFolderOutOfBandChanges(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	a, _ := e.AddFolder("", "A")
	b, _ := e.AddFolder(a, "B")
	c, _ := e.AddFolder("", "C")
	up := createUpload(t, e, b, "x.txt", 1)

	if err := e.RenameFolder(a, "A2"); err != nil {
		t.Fatal(err)
	}
	if err := e.MoveFolder(b, c); err != nil {
		t.Fatal(err)
	}
	r := call(t, e, "GET", acct(e)+"/folders/"+b, nil)
	if r.data()["parent_id"] != c {
		t.Fatalf("moved %s", r.raw)
	}
	if call(t, e, "GET", acct(e)+"/folders/"+a, nil).data()["name"] != "A2" {
		t.Fatal("rename")
	}
	if err := e.DeleteFolder(c); err != nil {
		t.Fatal(err)
	}
	// Deleting a folder deletes what is in it, however deep.
	for _, p := range []string{"/folders/" + c, "/folders/" + b, "/files/" + up.id} {
		wantStatus(t, call(t, e, "GET", acct(e)+p, nil), http.StatusNotFound)
	}
	for _, err := range []error{
		e.RenameFolder("nope", "x"), e.MoveFolder("nope", ""), e.MoveFolder(a, "nope"),
		e.DeleteFolder("nope"), e.DeleteFolder(root(e)), e.MoveFolder(root(e), a),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("want ErrNotFound, got %v", err)
		}
	}
}
