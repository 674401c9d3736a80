package frameio

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func boolPtr(b bool) *bool { return &b }

func projectsNamed(e *emulator.Emulator, name string) []emulator.Project {
	var out []emulator.Project
	for _, p := range e.Projects() {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

func TestProjectCreateUpdateDelete(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	p, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: "Feature Film", Restricted: boolPtr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Name != "Feature Film" || p.Restricted == nil || !*p.Restricted || p.Status != ProjectStatusActive ||
		p.WorkspaceID != emulator.DefaultWorkspaceID || p.RootFolderID == "" || p.CreatedAt == "" {
		t.Fatalf("created %+v", p)
	}
	if _, err := a.GetFolder(ctx, p.RootFolderID); err != nil {
		t.Fatalf("the new project's root folder: %v", err)
	}
	got, err := a.GetProject(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("GetProject = %+v, %v; want %+v", got, err, p)
	}

	up, err := a.UpdateProject(ctx, p.ID, ProjectUpdate{Name: strPtr("Feature"), Status: strPtr(ProjectStatusInactive)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "Feature" || up.Status != ProjectStatusInactive || up.Restricted == nil || !*up.Restricted {
		t.Fatalf("updated %+v", up)
	}
	if got := (ProjectUpdate{Name: strPtr("x")}).params(); len(got) != 1 || got["name"] != "x" {
		t.Fatalf("a rename sends %v; want only the name", got)
	}
	if _, err := a.UpdateProject(ctx, p.ID, ProjectUpdate{}); err == nil || !strings.Contains(err.Error(), "nothing to update") {
		t.Fatalf("empty update: %v", err)
	}
	requireCalls(t, e, "projects.update", 1) // the empty update sent nothing

	if err := a.DeleteProject(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if !a.Deleted(p.ID) {
		t.Fatal("the deleted project is not in the ledger")
	}
	if _, err := a.GetProject(ctx, p.ID); !IsNotFound(err) {
		t.Fatalf("GetProject after delete: %v", err)
	}
	if err := a.DeleteProject(ctx, p.ID); !IsNotFound(err) {
		t.Fatalf("second delete: %v, want 404", err)
	}
}

// Refusals come back as API errors with the field at fault; nothing is made.
func TestProjectRefusals(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	_, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: ""})
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); len(ae.Errors) == 0 || ae.Errors[0].Pointer != "/data/name" {
		t.Fatalf("empty name: %+v", ae)
	}
	requireCalls(t, e, "projects.index", 0) // a clear refusal is not looked for
	_, err = a.UpdateProject(ctx, emulator.DefaultProjectID, ProjectUpdate{Status: strPtr("archived")})
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); ae.Errors[0].Pointer != "/data/status" {
		t.Fatalf("bad status: %+v", ae)
	}
	if _, err := a.CreateProject(ctx, "no-such-workspace", NewProject{Name: "x"}); !IsNotFound(err) {
		t.Fatalf("unknown workspace: %v", err)
	}
	if len(e.Projects()) != 1 {
		t.Fatalf("projects %+v after refusals", e.Projects())
	}
	if _, err := a.CreateProject(ctx, "", NewProject{Name: "x"}); err == nil || !strings.Contains(err.Error(), "workspaceID must not be empty") {
		t.Fatalf("empty workspace id: %v", err)
	}
}

func TestCreateProjectLostReplyAdopts(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			e.LoseReply("projects.create", 1, mode)
			p, err := a.CreateProject(ctxT(t), emulator.DefaultWorkspaceID, NewProject{Name: "Trailer", Restricted: boolPtr(false)})
			if err != nil {
				t.Fatal(err)
			}
			if ps := projectsNamed(e, "Trailer"); len(ps) != 1 || ps[0].ID != p.ID || p.RootFolderID != ps[0].RootFolderID {
				t.Fatalf("projects named Trailer: %+v; want exactly the one returned, %+v", ps, p)
			}
			requireCalls(t, e, "projects.create", 1) // adopted, not sent again
		})
	}
}

// A project of the same name that this client made before is not what a later create made, and one
// made elsewhere before the request is older than the request: neither is adopted.
func TestCreateProjectLostReplyIgnoresOlderProjects(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	first, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: "Dailies"})
	if err != nil {
		t.Fatal(err)
	}
	e.LoseReply("projects.create", 1, emulator.LostReplyStatus)
	second, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: "Dailies"})
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || len(projectsNamed(e, "Dailies")) != 2 {
		t.Fatalf("second create returned %s (first %s), %d projects; want the new project adopted",
			second.ID, first.ID, len(projectsNamed(e, "Dailies")))
	}
}

// Under the reading that loses the first reply of every create, two creates of one name make two
// projects, each returned once.
func TestCreateProjectUnderLoseCreateRepliesReading(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{Readings: emulator.Readings{LoseCreateReplies: true}})
	ctx := ctxT(t)
	ids := map[string]bool{}
	for i := range 2 {
		p, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: "Promo"})
		if err != nil {
			t.Fatalf("create %d: %v", i+1, err)
		}
		ids[p.ID] = true
	}
	if ps := projectsNamed(e, "Promo"); len(ps) != 2 || len(ids) != 2 {
		t.Fatalf("%d projects named Promo, %d returned ids; want 2 and 2", len(ps), len(ids))
	}
}

func TestProjectMembers(t *testing.T) {
	e := newEmu(t, emulator.Options{AccountUsers: []emulator.AccountUser{
		{Email: "ana@example.com", Name: "Ana"}, {Email: "bo@example.com"}, {Email: "cy@example.com"},
		{Email: "di@example.com"}, {Email: "invited@example.com", Invited: true},
	}})
	c := newClient(t, e)
	c.maxPageSize = 2 // six users: three pages
	a := c.ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	users, err := a.ListAccountUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 6 || users[0].User.ID != emulator.DefaultUserID || users[0].Role != "admin" ||
		users[1].User.Email != "ana@example.com" || users[1].User.Name != "Ana" || users[2].User.Name != "" ||
		users[5].User.ID != "" || users[5].User.Email != "invited@example.com" {
		t.Fatalf("account users %+v", users)
	}
	requireCalls(t, e, "account_user_roles.index", 3)
	ana, bo := users[1].User.ID, users[2].User.ID
	pid := emulator.DefaultProjectID

	for _, set := range []struct{ user, role string }{{ana, ProjectRoleEditor}, {bo, ProjectRoleViewer}, {ana, ProjectRoleCommenter}} {
		role, err := a.SetProjectUserRole(ctx, pid, set.user, set.role)
		if err != nil || role != set.role {
			t.Fatalf("SetProjectUserRole(%s, %s) = %q, %v", set.user, set.role, role, err)
		}
	}
	members, err := a.ListProjectUsers(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, m := range members {
		roles[m.User.ID] = m.Role
	}
	if len(roles) != 3 || roles[ana] != ProjectRoleCommenter || roles[bo] != ProjectRoleViewer || roles[emulator.DefaultUserID] != "owner" {
		t.Fatalf("members %v", roles)
	}

	_, err = a.SetProjectUserRole(ctx, pid, ana, "owner")
	if ae := mustAPIError(t, err, http.StatusUnprocessableEntity); ae.Errors[0].Pointer != "/data/role" {
		t.Fatalf("undocumented role: %+v", ae)
	}
	if _, err := a.SetProjectUserRole(ctx, pid, "no-such-user", ProjectRoleViewer); !IsNotFound(err) {
		t.Fatalf("unknown user: %v", err)
	}
	if err := a.RemoveProjectUser(ctx, pid, bo); err != nil {
		t.Fatal(err)
	}
	if got := e.ProjectUsers(pid); got[bo] != "" || got[ana] != ProjectRoleCommenter {
		t.Fatalf("after remove: %v", got)
	}
	if err := a.RemoveProjectUser(ctx, pid, bo); !IsNotFound(err) {
		t.Fatalf("second remove: %v, want 404", err)
	}
	if _, err := a.ListProjectUsers(ctx, "no-such-project"); !IsNotFound(err) {
		t.Fatalf("members of an unknown project: %v", err)
	}
}

// Role changes and removals are plain updates: a failure that may have taken effect is sent again.
func TestProjectMemberWritesAreRetried(t *testing.T) {
	e := newEmu(t, emulator.Options{AccountUsers: []emulator.AccountUser{{Email: "ana@example.com"}}})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	ana := e.AccountUsers(emulator.DefaultAccountID)[1].ID
	e.FailOperation("project_user_roles.update", 1, http.StatusServiceUnavailable)
	if _, err := a.SetProjectUserRole(ctx, emulator.DefaultProjectID, ana, ProjectRoleEditor); err != nil {
		t.Fatal(err)
	}
	requireCalls(t, e, "project_user_roles.update", 2)
	e.FailOperation("projects.update", 1, http.StatusBadGateway)
	if _, err := a.UpdateProject(ctx, emulator.DefaultProjectID, ProjectUpdate{Restricted: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.Project(emulator.DefaultProjectID); !p.Restricted {
		t.Fatalf("project %+v after the retried update", p)
	}
	e.FailOperation("project_permissions.delete", 1, http.StatusServiceUnavailable)
	if err := a.RemoveProjectUser(ctx, emulator.DefaultProjectID, ana); err != nil {
		t.Fatal(err)
	}
	if got := e.ProjectUsers(emulator.DefaultProjectID); got[ana] != "" {
		t.Fatalf("members %v after the retried remove", got)
	}
}

// A reply without restricted (the document's Project schema does not require it) decodes as nil, not as
// false; a lost create reply still adopts the project it made.
func TestProjectReplyWithoutRestricted(t *testing.T) {
	e := newEmu(t, emulator.Options{Readings: emulator.Readings{OmitProjectRestricted: true}})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	e.LoseReply("projects.create", 1, emulator.LostReplyStatus)
	p, err := a.CreateProject(ctx, emulator.DefaultWorkspaceID, NewProject{Name: "Feature Film", Restricted: boolPtr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Restricted != nil {
		t.Fatalf("created %+v: restricted %v, want nil (not in the reply)", p, *p.Restricted)
	}
	if got := projectsNamed(e, "Feature Film"); len(got) != 1 || !got[0].Restricted {
		t.Fatalf("projects in Frame.io: %+v; want the one restricted project the lost reply made", got)
	}
	if got, err := a.GetProject(ctx, p.ID); err != nil || got.Restricted != nil {
		t.Fatalf("GetProject = %+v, %v", got, err)
	}
}
