package emulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func projectUserURL(e *Emulator, projectID, userID string) string {
	return acct(e) + "/projects/" + projectID + "/users/" + userID
}

func roleBody(role any) map[string]any { return map[string]any{"data": map[string]any{"role": role}} }

// userRoles maps user id -> role of a one-page listing of users with roles ("" for an id of null, the
// invited).
func userRoles(t *testing.T, e *Emulator, path string) map[string]string {
	t.Helper()
	r := call(t, e, "GET", path, nil)
	wantStatus(t, r, 200)
	if r.body["links"].(map[string]any)["next"] != nil {
		t.Fatalf("%s: unexpected next page", path)
	}
	out := map[string]string{}
	for _, x := range r.body["data"].([]any) {
		item := x.(map[string]any)
		id, _ := item["user"].(map[string]any)["id"].(string)
		out[id] = item["role"].(string)
	}
	return out
}

func TestAccountUsers(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{AccountUsers: []AccountUser{
		{Email: "ana@example.com", Name: "Ana"},
		{Email: "bo@example.com", Role: "reviewer"},
		{Email: "gone@example.com", Name: "Gone", Deactivated: true},
		{Email: "new@example.com", Invited: true},
	}}))
	users := e.AccountUsers(e.Options().AccountID)
	if len(users) != 5 || users[0].ID != DefaultUserID || users[1].Email != "ana@example.com" || users[1].ID == "" ||
		users[1].Role != "member" || users[4].ID != "" {
		t.Fatalf("AccountUsers = %+v", users)
	}
	r := call(t, e, "GET", acct(e)+"/users", nil)
	wantStatus(t, r, 200)
	data := r.body["data"].([]any)
	if len(data) != 4 { // the deactivated user is left out
		t.Fatalf("listed %d users, want 4: %s", len(data), r.raw)
	}
	first := data[0].(map[string]any)
	if u := first["user"].(map[string]any); first["role"] != "admin" || u["id"] != DefaultUserID || u["email"] != "emulator@example.com" {
		t.Fatalf("first user %v", first)
	}
	bo := data[2].(map[string]any)["user"].(map[string]any)
	if bo["name"] != nil || data[2].(map[string]any)["role"] != "reviewer" || bo["active"] != true {
		t.Fatalf("bo %v", data[2])
	}
	invited := data[3].(map[string]any)["user"].(map[string]any)
	if invited["id"] != nil || invited["email"] != "new@example.com" || invited["active"] != false {
		t.Fatalf("invited %v", invited)
	}
	if roles := userRoles(t, e, acct(e)+"/users?include_deactivated=true"); len(roles) != 5 {
		t.Fatalf("with include_deactivated: %v", roles)
	}
	// Pages of the documented cursor kind.
	p1 := call(t, e, "GET", acct(e)+"/users?page_size=3", nil)
	wantStatus(t, p1, 200)
	next, _ := p1.body["links"].(map[string]any)["next"].(string)
	if len(p1.body["data"].([]any)) != 3 || !strings.Contains(next, "after=") {
		t.Fatalf("page 1: %s", p1.raw)
	}
	p2 := call(t, e, "GET", next, nil)
	wantStatus(t, p2, 200)
	if len(p2.body["data"].([]any)) != 1 || p2.body["links"].(map[string]any)["next"] != nil {
		t.Fatalf("page 2: %s", p2.raw)
	}
	// Bad query values; another account's users are its own.
	for _, q := range []string{"include_deactivated=maybe", "sort=age", "page_size=101"} {
		if r := call(t, e, "GET", acct(e)+"/users?"+q, nil); r.status != 422 {
			t.Errorf("?%s: %d %s", q, r.status, r.raw)
		}
	}
	acc2 := e.AddAccount("Other")
	if _, err := e.AddAccountUser(acc2, AccountUser{Email: "x@example.com"}); err != nil {
		t.Fatal(err)
	}
	if roles := userRoles(t, e, "/v4/accounts/"+acc2+"/users"); len(roles) != 2 {
		t.Fatalf("second account lists %v", roles)
	}
	if _, err := e.AddAccountUser("nope", AccountUser{Email: "x@example.com"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("AddAccountUser to an unknown account: %v", err)
	}
	if _, err := e.AddAccountUser(acc2, AccountUser{Email: "x@example.com", Role: "boss"}); err == nil {
		t.Fatal("an undocumented account role was accepted")
	}
}

func TestProjectUserRoles(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{AccountUsers: []AccountUser{{Email: "ana@example.com"}, {Email: "bo@example.com"}}}))
	users := e.AccountUsers(e.Options().AccountID)
	ana, bo := users[1].ID, users[2].ID
	pid := e.Options().ProjectID
	list := acct(e) + "/projects/" + pid + "/users"
	if roles := userRoles(t, e, list); len(roles) != 1 || roles[DefaultUserID] != "owner" {
		t.Fatalf("a new project lists %v, want its creator as owner", roles)
	}
	// Not a member yet: added with the given role. Then changed in place.
	r := call(t, e, "PATCH", projectUserURL(e, pid, ana), roleBody("editor"))
	wantStatus(t, r, 200)
	if r.data()["role"] != "editor" {
		t.Fatalf("reply %s", r.raw)
	}
	wantStatus(t, call(t, e, "PATCH", projectUserURL(e, pid, bo), roleBody("viewer")), 200)
	wantStatus(t, call(t, e, "PATCH", projectUserURL(e, pid, ana), roleBody("commenter")), 200)
	if roles := userRoles(t, e, list); len(roles) != 3 || roles[ana] != "commenter" || roles[bo] != "viewer" {
		t.Fatalf("listing %v", roles)
	}
	if got := e.ProjectUsers(pid); got[ana] != "commenter" || got[DefaultUserID] != "owner" {
		t.Fatalf("ProjectUsers = %v", got)
	}
	// Remove: gone from the listing; a second remove is 404.
	wantStatus(t, call(t, e, "DELETE", projectUserURL(e, pid, bo), nil), http.StatusNoContent)
	if roles := userRoles(t, e, list); len(roles) != 2 || roles[bo] != "" {
		t.Fatalf("after remove %v", roles)
	}
	r = call(t, e, "DELETE", projectUserURL(e, pid, bo), nil)
	wantStatus(t, r, 404)
	if !strings.Contains(r.errDetail(), "not a member") {
		t.Fatalf("second remove: %s", r.raw)
	}
}

func TestProjectUserRolesValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true, // more updates than 10 a minute
		AccountUsers: []AccountUser{{Email: "ana@example.com"}, {Email: "gone@example.com", Deactivated: true}}}))
	users := e.AccountUsers(e.Options().AccountID)
	ana, gone := users[1].ID, users[2].ID
	acc2 := e.AddAccount("Other")
	stranger, err := e.AddAccountUser(acc2, AccountUser{Email: "s@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	pid := e.Options().ProjectID
	cases := []struct {
		name    string
		method  string
		path    string
		body    any
		status  int
		pointer string
	}{
		{"undocumented role", "PATCH", projectUserURL(e, pid, ana), roleBody("owner"), 422, "/data/role"},
		{"role of another case", "PATCH", projectUserURL(e, pid, ana), roleBody("Editor"), 422, "/data/role"},
		{"role not a string", "PATCH", projectUserURL(e, pid, ana), roleBody(3), 422, "/data/role"},
		{"no role", "PATCH", projectUserURL(e, pid, ana), map[string]any{"data": map[string]any{}}, 422, "/data/role"},
		{"unknown field", "PATCH", projectUserURL(e, pid, ana), map[string]any{"data": map[string]any{"role": "viewer", "email": "x"}}, 422, "/data/email"},
		{"unknown user", "PATCH", projectUserURL(e, pid, "nope"), roleBody("viewer"), 404, ""},
		{"user of another account", "PATCH", projectUserURL(e, pid, stranger.ID), roleBody("viewer"), 404, ""},
		{"deactivated user", "PATCH", projectUserURL(e, pid, gone), roleBody("viewer"), 422, ""},
		{"the owner", "PATCH", projectUserURL(e, pid, DefaultUserID), roleBody("viewer"), 409, ""},
		{"unknown project", "PATCH", projectUserURL(e, "nope", ana), roleBody("viewer"), 404, ""},
		{"remove a user who is not a member", "DELETE", projectUserURL(e, pid, ana), nil, 404, ""},
		{"remove an unknown user", "DELETE", projectUserURL(e, pid, "nope"), nil, 404, ""},
		{"remove the owner", "DELETE", projectUserURL(e, pid, DefaultUserID), nil, 409, ""},
		{"list an unknown project", "GET", acct(e) + "/projects/nope/users", nil, 404, ""},
	}
	for _, c := range cases {
		r := call(t, e, c.method, c.path, c.body)
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %q, want %d %q (%s)", c.name, r.status, r.errPointer(), c.status, c.pointer, r.raw)
		}
	}
	if got := e.ProjectUsers(pid); len(got) != 1 {
		t.Fatalf("refused calls changed the members: %v", got)
	}
}

// project_user_roles.update is limited to 10 a minute; the listings to 100.
func TestProjectUserRoleRateLimit(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{AccountUsers: []AccountUser{{Email: "ana@example.com"}}}))
	ana := e.AccountUsers(e.Options().AccountID)[1].ID
	url := projectUserURL(e, e.Options().ProjectID, ana)
	for range 10 {
		wantStatus(t, call(t, e, "PATCH", url, roleBody("viewer")), 200)
	}
	wantStatus(t, call(t, e, "PATCH", url, roleBody("viewer")), http.StatusTooManyRequests)
	clockOf(t, e).Advance(6 * time.Second)
	wantStatus(t, call(t, e, "PATCH", url, roleBody("editor")), 200)
	if r := call(t, e, "GET", acct(e)+"/users", nil); r.header.Get("x-ratelimit-limit") != "100" {
		t.Fatalf("account users headers %v", r.header)
	}
}

// The web app's changes: a role changed or a member removed behind the API's back.
func TestProjectUserOutOfBandChanges(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{AccountUsers: []AccountUser{{Email: "ana@example.com"}}}))
	ana := e.AccountUsers(e.Options().AccountID)[1].ID
	pid := e.Options().ProjectID
	list := acct(e) + "/projects/" + pid + "/users"
	if err := e.SetProjectUserRole(pid, ana, "full_access"); err != nil {
		t.Fatal(err)
	}
	if roles := userRoles(t, e, list); roles[ana] != "full_access" {
		t.Fatalf("after SetProjectUserRole: %v", roles)
	}
	if err := e.RemoveProjectUser(pid, ana); err != nil {
		t.Fatal(err)
	}
	if roles := userRoles(t, e, list); roles[ana] != "" {
		t.Fatalf("after RemoveProjectUser: %v", roles)
	}
	for _, err := range []error{
		e.RemoveProjectUser(pid, ana), e.SetProjectUserRole(pid, "nope", "viewer"), e.SetProjectUserRole("nope", ana, "viewer"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("out-of-band change of an unknown member: %v", err)
		}
	}
	if e.ProjectUsers("nope") != nil {
		t.Fatal("ProjectUsers of an unknown project")
	}
}
