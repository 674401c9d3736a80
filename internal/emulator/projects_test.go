package emulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func projectsURL(e *Emulator) string {
	return acct(e) + "/workspaces/" + e.Options().WorkspaceID + "/projects"
}

func projectURL(e *Emulator, id string) string { return acct(e) + "/projects/" + id }

// createProject creates a project in the first workspace through the API and returns its reply data.
func createProject(t testing.TB, e *Emulator, d map[string]any) map[string]any {
	t.Helper()
	r := call(t, e, "POST", projectsURL(e), map[string]any{"data": d})
	wantStatus(t, r, http.StatusCreated)
	return r.data()
}

func TestProjectLifecycle(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clk := clockOf(t, e)
	p := createProject(t, e, map[string]any{"name": "Feature Film", "restricted": true})
	id, rootID := p["id"].(string), p["root_folder_id"].(string)
	if p["name"] != "Feature Film" || p["restricted"] != true || p["status"] != "active" ||
		p["workspace_id"] != e.Options().WorkspaceID || rootID == "" || p["created_at"] != p["updated_at"] {
		t.Fatalf("created %v", p)
	}
	// Its root folder is there, in the project; it is listed in its workspace and shown by id.
	f := call(t, e, "GET", acct(e)+"/folders/"+rootID, nil)
	wantStatus(t, f, 200)
	if f.data()["project_id"] != id || f.data()["parent_id"] != nil {
		t.Fatalf("root folder %v", f.data())
	}
	if ids := listIDs(t, e, projectsURL(e)); !equalIDs(ids, e.Options().ProjectID, id) {
		t.Fatalf("workspace lists %v", ids)
	}
	// A folder can be made in it.
	wantStatus(t, call(t, e, "POST", acct(e)+"/folders/"+rootID+"/folders", folderBody("Dailies")), 201)

	// Update: each field on its own, updated_at moves.
	clk.Advance(time.Minute)
	r := call(t, e, "PATCH", projectURL(e, id), map[string]any{"data": map[string]any{"name": "Feature"}})
	wantStatus(t, r, 200)
	if d := r.data(); d["name"] != "Feature" || d["restricted"] != true || d["status"] != "active" || d["updated_at"] == p["updated_at"] {
		t.Fatalf("after rename %v", d)
	}
	r = call(t, e, "PATCH", projectURL(e, id), map[string]any{"data": map[string]any{"restricted": false, "status": "inactive"}})
	wantStatus(t, r, 200)
	if d := r.data(); d["name"] != "Feature" || d["restricted"] != false || d["status"] != "inactive" {
		t.Fatalf("after update %v", d)
	}
	if got, _ := e.Project(id); got.Name != "Feature" || got.Restricted || got.Status != "inactive" || got.RootFolderID != rootID {
		t.Fatalf("Project(%s) = %+v", id, got)
	}
	show := call(t, e, "GET", projectURL(e, id), nil)
	wantStatus(t, show, 200)
	if show.data()["status"] != "inactive" {
		t.Fatalf("show %v", show.data())
	}

	// Delete: the project and its tree are gone.
	wantStatus(t, call(t, e, "DELETE", projectURL(e, id), nil), http.StatusNoContent)
	wantStatus(t, call(t, e, "GET", projectURL(e, id), nil), 404)
	wantStatus(t, call(t, e, "GET", acct(e)+"/folders/"+rootID, nil), 404)
	wantStatus(t, call(t, e, "DELETE", projectURL(e, id), nil), 404)
	if _, ok := e.Project(id); ok || len(e.Projects()) != 1 {
		t.Fatalf("projects after delete: %+v", e.Projects())
	}
}

// Deleting a project deletes everything in it, its shares included (the emulator's reading).
func TestProjectDeleteTakesItsContent(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	p, err := e.AddProject(e.Options().WorkspaceID, "Doomed")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.AddFolder(p.RootFolderID, "Sub")
	if err != nil {
		t.Fatal(err)
	}
	u := createUpload(t, e, sub, "a.mov", 10)
	r := call(t, e, "POST", acct(e)+"/projects/"+p.ID+"/shares", map[string]any{"data": map[string]any{
		"type": "asset", "name": "s", "access": "public", "asset_ids": []string{u.id}}})
	wantStatus(t, r, 201)
	kept := createUpload(t, e, root(e), "kept.mov", 10) // in another project
	wantStatus(t, call(t, e, "DELETE", projectURL(e, p.ID), nil), http.StatusNoContent)
	if _, ok := e.File(u.id); ok {
		t.Fatal("the project's file survived its delete")
	}
	if _, ok := e.File(kept.id); !ok {
		t.Fatal("another project's file was deleted")
	}
	for _, f := range e.Folders() {
		if f.ID == sub || f.ID == p.RootFolderID {
			t.Fatalf("folder %s survived the project's delete", f.ID)
		}
	}
	if len(e.Shares()) != 0 {
		t.Fatalf("shares left: %+v", e.Shares())
	}
}

func TestProjectValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // more creates than 10 a minute
	cases := []struct {
		name    string
		method  string
		path    string
		body    any
		status  int
		pointer string
	}{
		{"create without name", "POST", projectsURL(e), map[string]any{"data": map[string]any{"restricted": true}}, 422, "/data/name"},
		{"create empty name", "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": ""}}, 422, "/data/name"},
		{"create name too long", "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": string256()}}, 422, "/data/name"},
		{"create unknown field", "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": "a", "status": "active"}}, 422, "/data/status"},
		{"create restricted not boolean", "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": "a", "restricted": "yes"}}, 422, "/data/restricted"},
		{"create in unknown workspace", "POST", acct(e) + "/workspaces/nope/projects", map[string]any{"data": map[string]any{"name": "a"}}, 404, ""},
		{"update bad status", "PATCH", projectURL(e, e.Options().ProjectID), map[string]any{"data": map[string]any{"status": "archived"}}, 422, "/data/status"},
		{"update empty name", "PATCH", projectURL(e, e.Options().ProjectID), map[string]any{"data": map[string]any{"name": ""}}, 422, "/data/name"},
		{"update unknown field", "PATCH", projectURL(e, e.Options().ProjectID), map[string]any{"data": map[string]any{"description": "x"}}, 422, "/data/description"},
		{"update unknown project", "PATCH", projectURL(e, "nope"), map[string]any{"data": map[string]any{"name": "x"}}, 404, ""},
		{"delete unknown project", "DELETE", projectURL(e, "nope"), nil, 404, ""},
	}
	for _, c := range cases {
		r := call(t, e, c.method, c.path, c.body)
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %q, want %d %q (%s)", c.name, r.status, r.errPointer(), c.status, c.pointer, r.raw)
		}
	}
	// A workspace of another account is not found through this one.
	acc2 := e.AddAccount("Other")
	ws2, err := e.AddWorkspace(acc2, "W")
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "POST", acct(e)+"/workspaces/"+ws2+"/projects", map[string]any{"data": map[string]any{"name": "a"}}), 404)
	// Nothing was made by the refused calls; the default project is unchanged.
	if ps := e.Projects(); len(ps) != 1 || ps[0].Name != "Emulated Project" || ps[0].Status != "active" {
		t.Fatalf("projects after refused calls: %+v", ps)
	}
}

func string256() string { return strings.Repeat("x", 256) }

// projects.create and projects.update are limited to 10 a minute, delete to 60.
func TestProjectRateLimits(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clk := clockOf(t, e)
	for range 10 {
		wantStatus(t, call(t, e, "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": "p"}}), 201)
	}
	r := call(t, e, "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": "p"}})
	wantStatus(t, r, http.StatusTooManyRequests)
	if r.header.Get("x-ratelimit-limit") != "10" || r.header.Get("x-ratelimit-window") != "60000" {
		t.Fatalf("429 headers %v", r.header)
	}
	clk.Advance(6 * time.Second) // one call's worth of the bucket drains
	wantStatus(t, call(t, e, "POST", projectsURL(e), map[string]any{"data": map[string]any{"name": "p"}}), 201)
	if got := call(t, e, "DELETE", projectURL(e, "nope"), nil); got.header.Get("x-ratelimit-limit") != "60" {
		t.Fatalf("delete headers %v", got.header)
	}
}

// Under LoseCreateReplies the first attempt of a project create takes effect and its reply is lost.
func TestProjectCreateUnderLoseCreateReplies(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Readings: Readings{LoseCreateReplies: true}}))
	body := map[string]any{"data": map[string]any{"name": "Lost"}}
	wantStatus(t, call(t, e, "POST", projectsURL(e), body), http.StatusBadGateway)
	if ps := e.Projects(); len(ps) != 2 || ps[1].Name != "Lost" {
		t.Fatalf("projects %+v: the create whose reply was lost did not take effect", ps)
	}
	wantStatus(t, call(t, e, "POST", projectsURL(e), body), 201)
}

func TestProjectOutOfBandChanges(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	id := e.Options().ProjectID
	if err := e.RenameProject(id, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if err := e.SetProjectStatus(id, "inactive"); err != nil {
		t.Fatal(err)
	}
	if err := e.SetProjectRestricted(id, true); err != nil {
		t.Fatal(err)
	}
	d := call(t, e, "GET", projectURL(e, id), nil).data()
	if d["name"] != "Renamed" || d["status"] != "inactive" || d["restricted"] != true {
		t.Fatalf("show after out-of-band changes: %v", d)
	}
	if err := e.SetProjectStatus(id, "archived"); err == nil {
		t.Fatal("an undocumented status was accepted")
	}
	if err := e.DeleteProject(id); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", projectURL(e, id), nil), 404)
	for _, err := range []error{e.RenameProject(id, "x"), e.DeleteProject(id), e.SetProjectStatus(id, "active")} {
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("change of a deleted project: %v", err)
		}
	}
}
