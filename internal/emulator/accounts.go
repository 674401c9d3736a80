package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Identity, accounts, workspaces and projects. Options names the first of each (the defaults every
// test uses); AddAccount, AddWorkspace and AddProject add more, so that lookups by name meet several
// accounts, duplicate names and projects in other workspaces. The token sees every account.

type account struct {
	id, name  string
	seq       int64
	createdAt time.Time
}

type workspace struct {
	id, name, accountID string
	seq                 int64
	createdAt           time.Time
}

type project struct {
	id, name, workspaceID, rootFolderID string
	seq                                 int64
	createdAt, updatedAt                time.Time
	restricted                          bool
	status                              string             // active or inactive
	members                             map[string]*member // user id -> project role (users.go)
}

// directory holds the accounts, workspaces and projects, guarded by Emulator.mu. seq orders listings
// by creation; it is its own counter so that adding a project does not shift asset sequences.
type directory struct {
	seq        int64
	accounts   map[string]*account
	workspaces map[string]*workspace
	projects   map[string]*project
	byRoot     map[string]*project                // root folder id -> project
	users      map[string]map[string]*accountUser // account id -> user id -> account user (users.go)
}

// Project is a snapshot of a project, as AddProject and Projects return it.
type Project struct {
	ID, Name, WorkspaceID, AccountID, RootFolderID string
	Restricted                                     bool
	Status                                         string // active or inactive
}

// initDirectory creates the account, workspace and project of Options with the project's root folder;
// called by New.
func (e *Emulator) initDirectory(now time.Time) {
	e.dir = directory{
		accounts:   map[string]*account{},
		workspaces: map[string]*workspace{},
		projects:   map[string]*project{},
		byRoot:     map[string]*project{},
		users:      map[string]map[string]*accountUser{},
	}
	o := e.opts
	e.addAccountLocked(o.AccountID, "Emulated Account", now)
	for _, u := range o.AccountUsers {
		e.addAccountUserLocked(o.AccountID, u)
	}
	e.addWorkspaceLocked(o.WorkspaceID, o.AccountID, "Emulated Workspace", now)
	e.addProjectLocked(o.ProjectID, o.WorkspaceID, o.ProjectName, o.RootFolderID, now)
}

func (e *Emulator) addAccountLocked(id, name string, now time.Time) *account {
	e.dir.seq++
	a := &account{id: id, name: name, seq: e.dir.seq, createdAt: now}
	e.dir.accounts[id] = a
	e.addAccountUserLocked(id, AccountUser{ID: DefaultUserID, Email: defaultUserEmail, Name: defaultUserName, Role: "admin"})
	return a
}

func (e *Emulator) addWorkspaceLocked(id, accountID, name string, now time.Time) *workspace {
	e.dir.seq++
	w := &workspace{id: id, name: name, accountID: accountID, seq: e.dir.seq, createdAt: now}
	e.dir.workspaces[id] = w
	return w
}

func (e *Emulator) addProjectLocked(id, workspaceID, name, rootID string, now time.Time) *project {
	e.dir.seq++
	p := &project{id: id, name: name, workspaceID: workspaceID, rootFolderID: rootID, seq: e.dir.seq,
		createdAt: now, updatedAt: now, status: "active",
		// Its creator (the token's user) is its owner, listed among its members.
		members: map[string]*member{DefaultUserID: {role: roleOwner, seq: e.nextMemberSeqLocked()}}}
	e.dir.projects[id] = p
	e.dir.byRoot[rootID] = p
	e.folders[rootID] = &folder{id: rootID, name: "root", createdAt: now, updatedAt: now}
	return p
}

// AddAccount adds an account the token can see and returns its id.
func (e *Emulator) AddAccount(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addAccountLocked(newID(), name, e.now().UTC()).id
}

// AddWorkspace adds a workspace to an account and returns its id.
func (e *Emulator) AddWorkspace(accountID, name string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir.accounts[accountID] == nil {
		return "", fmt.Errorf("account %q: %w", accountID, ErrNotFound)
	}
	return e.addWorkspaceLocked(newID(), accountID, name, e.now().UTC()).id, nil
}

// AddProject adds a project, with its own root folder, to a workspace.
func (e *Emulator) AddProject(workspaceID, name string) (Project, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.dir.workspaces[workspaceID]
	if w == nil {
		return Project{}, fmt.Errorf("workspace %q: %w", workspaceID, ErrNotFound)
	}
	p := e.addProjectLocked(newID(), workspaceID, name, newID(), e.now().UTC())
	return e.projectSnapshotLocked(p), nil
}

// hasAccount reports whether the token can see account id (serveAPI: other accounts are 404).
func (e *Emulator) hasAccount(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dir.accounts[id] != nil
}

// projectOfFolderLocked is the project a folder belongs to (found through its root folder), or nil.
func (e *Emulator) projectOfFolderLocked(id string) *project {
	for range len(e.folders) + 1 { // a parent chain is never longer; guards against a cycle
		f := e.folders[id]
		switch {
		case f == nil:
			return nil
		case f.parentID == "":
			return e.dir.byRoot[f.id]
		}
		id = f.parentID
	}
	return nil
}

// projectIDOfLocked is the id of the project that holds asset id (a folder, file or version stack), or
// Options.ProjectID for an asset not (or no longer) placed.
func (e *Emulator) projectIDOfLocked(id string) string {
	folderID := id
	if f := e.files[id]; f != nil {
		folderID = f.parentID
	}
	if s := e.stacks[folderID]; s != nil {
		folderID = s.parentID
	}
	if p := e.projectOfFolderLocked(folderID); p != nil {
		return p.id
	}
	return e.opts.ProjectID
}

// accountOfProjectLocked is the account a project belongs to ("" if unknown).
func (e *Emulator) accountOfProjectLocked(p *project) string {
	if w := e.dir.workspaces[p.workspaceID]; w != nil {
		return w.accountID
	}
	return ""
}

// ---- JSON ----

func data(v any) map[string]any { return map[string]any{"data": v} }

// onePage is a list reply with no further page.
func onePage(items ...any) map[string]any {
	return map[string]any{"data": items, "links": map[string]any{"next": nil}}
}

func (e *Emulator) projectJSON(p *project) map[string]any {
	out := map[string]any{
		"id":             p.id,
		"name":           p.name,
		"root_folder_id": p.rootFolderID,
		"workspace_id":   p.workspaceID,
		"status":         p.status,
		"description":    nil, // required, nullable
		"restricted":     p.restricted,
		"storage":        0,
		"view_url":       "https://next.frame.io/project/" + p.id + "/",
		"created_at":     ts(p.createdAt),
		"updated_at":     ts(p.updatedAt),
	}
	if e.readings.get().OmitProjectRestricted {
		delete(out, "restricted") // not required in the document's Project schema
	}
	return out
}

func (e *Emulator) workspaceJSON(w *workspace) map[string]any {
	return map[string]any{
		"id": w.id, "name": w.name, "account_id": w.accountID,
		"created_at": ts(w.createdAt), "updated_at": ts(w.createdAt),
	}
}

// ---- handlers ----

func (e *Emulator) hMe(*http.Request) (int, any, *httpError) {
	return 200, data(map[string]any{
		"id": DefaultUserID, "name": defaultUserName, "email": defaultUserEmail, "avatar_url": nil,
	}), nil
}

// directoryPage is one page of directory entries (ordered by seq), as pageReply cuts them.
func directoryPage(r *http.Request, items []listItem) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	return 200, pageReply(r, items, size, after, total), nil
}

func (e *Emulator) hAccounts(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	var items []listItem
	for _, a := range e.dir.accounts {
		items = append(items, listItem{a.seq, map[string]any{
			"id": a.id, "display_name": a.name, "roles": []string{"admin"},
			"storage_limit": nil, "storage_usage": 0, "image": nil,
			"created_at": ts(a.createdAt), "updated_at": ts(a.createdAt),
		}})
	}
	return directoryPage(r, items)
}

func (e *Emulator) hWorkspaces(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	acc := r.PathValue("account_id")
	var items []listItem
	for _, w := range e.dir.workspaces {
		if w.accountID == acc {
			items = append(items, listItem{w.seq, e.workspaceJSON(w)})
		}
	}
	return directoryPage(r, items)
}

// workspaceLocked is the workspace of the path, which must be in the path's account.
func (e *Emulator) workspaceLocked(r *http.Request) (*workspace, *httpError) {
	id := r.PathValue("workspace_id")
	w := e.dir.workspaces[id]
	if w == nil || w.accountID != r.PathValue("account_id") {
		return nil, notFound("workspace", id)
	}
	return w, nil
}

func (e *Emulator) hWorkspace(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w, herr := e.workspaceLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	return 200, data(e.workspaceJSON(w)), nil
}

// projectsPage lists the projects of the path's account, only those of workspace ws when it is set.
func (e *Emulator) projectsPage(r *http.Request, ws string) (int, any, *httpError) {
	acc := r.PathValue("account_id")
	var items []listItem
	for _, p := range e.dir.projects {
		if e.accountOfProjectLocked(p) == acc && (ws == "" || p.workspaceID == ws) {
			items = append(items, listItem{p.seq, e.projectJSON(p)})
		}
	}
	return directoryPage(r, items)
}

func (e *Emulator) hProjects(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.projectsPage(r, "")
}

func (e *Emulator) hWorkspaceProjects(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w, herr := e.workspaceLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.projectsPage(r, w.id)
}

func (e *Emulator) hProject(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := r.PathValue("project_id")
	p := e.dir.projects[id]
	if p == nil || e.accountOfProjectLocked(p) != r.PathValue("account_id") {
		return 0, nil, notFound("project", id)
	}
	return 200, data(e.projectJSON(p)), nil
}
