package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Account users and the members of projects: account_user_roles.index lists an account's users;
// project_user_roles.index lists a project's members with their roles, project_user_roles.update sets
// a member's role (adding the user when they are not a member yet, as the operation's description says)
// and project_permissions.delete removes a member.
//
// Every account lists the token's user (DefaultUserID, /v4/me) as an admin, and every project lists
// it as its owner (it created the project). Options.AccountUsers seeds more users into the first
// account; AddAccountUser adds users to any account at runtime.
//
// Where the document is silent, the emulator takes the strict reading:
//   - a user_id that is not a user of the project's account is 404; so is removing a user who is not a
//     member of the project (nothing to remove);
//   - a deactivated user cannot be added to a project (422, no pointer: the path names them);
//   - the owner's role cannot be changed and the owner cannot be removed (409): no documented role
//     takes it over;
//   - the roles a workspace gives are not modelled: a project lists only the users added to it.

// Project roles that project_user_roles.update takes (UpdateUserRolesParams), and the owner's, which
// only a listing shows.
var settableProjectRoles = []string{"full_access", "editor", "edit_only", "commenter", "viewer"}

const roleOwner = "owner"

// accountRoles are the documented roles of AccountUserRole.
var accountRoles = []string{"member", "owner", "admin", "reviewer"}

// The token's user: /v4/me, a user of every account, the owner of every project.
const (
	DefaultUserID    = "6f1f2b0e-0000-4000-8000-0000000000d1"
	defaultUserName  = "Emulated User"
	defaultUserEmail = "emulator@example.com"
)

// AccountUser is a user of an account, as Options.AccountUsers seeds them, AddAccountUser adds them and
// AccountUsers returns them.
type AccountUser struct {
	ID    string // "" = a new id
	Email string
	Name  string // "" is listed as null
	// Role is the account role: member (the default), owner, admin or reviewer.
	Role string
	// Deactivated users are listed only with include_deactivated=true and cannot be added to a project.
	Deactivated bool
	// Invited is someone invited by email who has no Frame.io user yet: listed with id null, so that no
	// call can name them. ID is ignored.
	Invited bool
}

// accountUser is the server-side state of an account's user; guarded by Emulator.mu.
type accountUser struct {
	AccountUser
	seq int64
}

// member is a user's place in a project.
type member struct {
	role string
	seq  int64
}

func (e *Emulator) nextMemberSeqLocked() int64 {
	e.dir.seq++
	return e.dir.seq
}

// addAccountUserLocked adds u to account accountID (which must exist) and returns it with its id.
func (e *Emulator) addAccountUserLocked(accountID string, u AccountUser) AccountUser {
	if u.Role == "" {
		u.Role = "member"
	}
	key := u.ID
	switch {
	case u.Invited:
		u.ID = ""
		key = "invited:" + strings.ToLower(u.Email) // never a path id: lookups skip invited users
	case key == "":
		u.ID = newID()
		key = u.ID
	}
	users := e.dir.users[accountID]
	if users == nil {
		users = map[string]*accountUser{}
		e.dir.users[accountID] = users
	}
	e.dir.seq++
	users[key] = &accountUser{AccountUser: u, seq: e.dir.seq}
	return u
}

// AddAccountUser adds a user to an account, as an invitation accepted in the web app would, and returns
// it with its id (a new one when u.ID is ""; "" for an Invited user).
func (e *Emulator) AddAccountUser(accountID string, u AccountUser) (AccountUser, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir.accounts[accountID] == nil {
		return AccountUser{}, fmt.Errorf("account %q: %w", accountID, ErrNotFound)
	}
	if u.Role != "" && !slices.Contains(accountRoles, u.Role) {
		return AccountUser{}, fmt.Errorf("account role %q: want one of %s", u.Role, strings.Join(accountRoles, ", "))
	}
	return e.addAccountUserLocked(accountID, u), nil
}

// AccountUsers returns the users of an account in the order they were added, the token's user first.
func (e *Emulator) AccountUsers(accountID string) []AccountUser {
	e.mu.Lock()
	defer e.mu.Unlock()
	us := e.sortedUsersLocked(accountID)
	out := make([]AccountUser, len(us))
	for i, u := range us {
		out[i] = u.AccountUser
	}
	return out
}

func (e *Emulator) sortedUsersLocked(accountID string) []*accountUser {
	var us []*accountUser
	for _, u := range e.dir.users[accountID] {
		us = append(us, u)
	}
	sort.Slice(us, func(i, j int) bool { return us[i].seq < us[j].seq })
	return us
}

// userLocked is user id of account accountID, or nil (unknown, or an invitation with no user yet).
func (e *Emulator) userLocked(accountID, id string) *accountUser {
	u := e.dir.users[accountID][id]
	if u == nil || u.Invited {
		return nil
	}
	return u
}

// ProjectUsers returns the members of a project: user id -> role (nil for an unknown project).
func (e *Emulator) ProjectUsers(projectID string) map[string]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[projectID]
	if p == nil {
		return nil
	}
	out := make(map[string]string, len(p.members))
	for id, m := range p.members {
		out[id] = m.role
	}
	return out
}

// SetProjectUserRole gives a user of the project's account a role in the project, as someone would in
// the web app (adding them if needed). Any role of the listing is allowed, owner and admin included.
func (e *Emulator) SetProjectUserRole(projectID, userID, role string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[projectID]
	if p == nil {
		return fmt.Errorf("project %q: %w", projectID, ErrNotFound)
	}
	if e.userLocked(e.accountOfProjectLocked(p), userID) == nil {
		return fmt.Errorf("user %q: %w", userID, ErrNotFound)
	}
	e.setMemberLocked(p, userID, role)
	return nil
}

// RemoveProjectUser takes a user out of a project, as someone would in the web app.
func (e *Emulator) RemoveProjectUser(projectID, userID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[projectID]
	if p == nil || p.members[userID] == nil {
		return fmt.Errorf("member %q of project %q: %w", userID, projectID, ErrNotFound)
	}
	delete(p.members, userID)
	return nil
}

func (e *Emulator) setMemberLocked(p *project, userID, role string) {
	if m := p.members[userID]; m != nil {
		m.role = role
		return
	}
	p.members[userID] = &member{role: role, seq: e.nextMemberSeqLocked()}
}

// ---- JSON ----

func userJSON(u *accountUser) map[string]any {
	var id, name any
	if !u.Invited {
		id = u.ID
	}
	if u.Name != "" {
		name = u.Name
	}
	return map[string]any{
		"id": id, "name": name, "email": u.Email, "avatar_url": nil, "active": !u.Deactivated && !u.Invited,
		"adobe_user_id": nil,
	}
}

// ---- handlers ----

// userListParams checks the query of the two user listings: include_deactivated (a boolean) and sort
// (one of the documented values; the order itself is not modelled: lists are in the order users were
// added).
func userListParams(r *http.Request) (includeDeactivated bool, herr *httpError) {
	q := r.URL.Query()
	if q.Has("include_deactivated") {
		b, err := strconv.ParseBool(q.Get("include_deactivated"))
		if err != nil {
			return false, errf(http.StatusUnprocessableEntity, "/include_deactivated", "Invalid boolean %q", q.Get("include_deactivated"))
		}
		includeDeactivated = b
	}
	if q.Has("sort") {
		switch q.Get("sort") {
		case "role_asc", "role_desc", "name_asc", "name_desc", "email_asc", "email_desc":
		default:
			return false, errf(http.StatusUnprocessableEntity, "/sort", "Invalid value for sort: %q", q.Get("sort"))
		}
	}
	return includeDeactivated, nil
}

// hAccountUsers lists the users of the account (account_user_roles.index).
func (e *Emulator) hAccountUsers(r *http.Request) (int, any, *httpError) {
	all, herr := userListParams(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	var items []listItem
	for _, u := range e.sortedUsersLocked(r.PathValue("account_id")) {
		if u.Deactivated && !all {
			continue
		}
		items = append(items, listItem{u.seq, map[string]any{"role": u.Role, "user": userJSON(u)}})
	}
	return directoryPage(r, items)
}

// hProjectUsers lists the members of the project with their roles (project_user_roles.index).
func (e *Emulator) hProjectUsers(r *http.Request) (int, any, *httpError) {
	all, herr := userListParams(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	acc := e.accountOfProjectLocked(p)
	var items []listItem
	for id, m := range p.members {
		u := e.userLocked(acc, id)
		if u == nil || u.Deactivated && !all {
			continue
		}
		items = append(items, listItem{m.seq, map[string]any{"role": m.role, "user": userJSON(u)}})
	}
	return directoryPage(r, items)
}

// memberLocked looks up the project and the user of the path: the user must be a user of the project's
// account (404 otherwise).
func (e *Emulator) memberLocked(r *http.Request) (*project, *accountUser, *httpError) {
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return nil, nil, herr
	}
	id := r.PathValue("user_id")
	u := e.userLocked(e.accountOfProjectLocked(p), id)
	if u == nil {
		return nil, nil, notFound("user", id)
	}
	return p, u, nil
}

// hProjectUserUpdate sets a user's role in the project, adding them when they are not a member yet
// (project_user_roles.update).
func (e *Emulator) hProjectUserUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"role", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	role := d["role"].(string)
	if !slices.Contains(settableProjectRoles, role) {
		return 0, nil, invalid("/data/role", fmt.Sprintf("Invalid value for role: %q; must be one of %s", role,
			strings.Join(settableProjectRoles, ", ")))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, u, herr := e.memberLocked(r)
	switch {
	case herr != nil:
		return 0, nil, herr
	case u.Deactivated:
		return 0, nil, invalid("", fmt.Sprintf("user %q is deactivated in this account", u.ID))
	case p.members[u.ID] != nil && p.members[u.ID].role == roleOwner:
		return 0, nil, &httpError{status: http.StatusConflict, title: "Conflict", detail: "the project owner's role cannot be changed"}
	}
	e.setMemberLocked(p, u.ID, role)
	return 200, data(map[string]any{"role": role}), nil
}

// hProjectUserDelete removes a member from the project (project_permissions.delete).
func (e *Emulator) hProjectUserDelete(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, u, herr := e.memberLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	m := p.members[u.ID]
	switch {
	case m == nil:
		return 0, nil, &httpError{status: http.StatusNotFound, title: "Not Found",
			detail: fmt.Sprintf("user %q is not a member of project %q", u.ID, p.id)}
	case m.role == roleOwner:
		return 0, nil, &httpError{status: http.StatusConflict, title: "Conflict", detail: "the project owner cannot be removed"}
	}
	delete(p.members, u.ID)
	return http.StatusNoContent, nil, nil
}
