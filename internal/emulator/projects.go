package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
)

// Projects through the API: create (in a workspace, with its root folder), update (name, restricted,
// status) and delete; show and the listings are in accounts.go.
//
// Where the document is silent, the emulator's reading:
//   - deleting a project deletes everything in it (its folders, files, version stacks and shares), as
//     deleting a folder does, whatever it holds: nothing in the document says a project must be empty
//     first. This is the reading a client must guard against (frameio_project's force_destroy);
//   - an inactive project is only marked so: reads and writes of its content behave as in an active one;
//   - restricted is only recorded: who may see a restricted project is not modelled;
//   - names are not unique: two projects of a workspace may share one;
//   - listings of projects do not lag behind creates and deletes (Readings.ListingLag is about assets).

// projectStatuses are the documented values of a project's status.
var projectStatuses = []string{"active", "inactive"}

func (e *Emulator) projectSnapshotLocked(p *project) Project {
	return Project{ID: p.id, Name: p.name, WorkspaceID: p.workspaceID, AccountID: e.accountOfProjectLocked(p),
		RootFolderID: p.rootFolderID, Restricted: p.restricted, Status: p.status}
}

// hProjectCreate creates a project in the workspace of the path, with its root folder (projects.create).
func (e *Emulator) hProjectCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true}, fieldSpec{"restricted", kBool, false})
	if herr != nil {
		return 0, nil, herr
	}
	name := d["name"].(string)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	w, herr := e.workspaceLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	p := e.addProjectLocked(newID(), w.id, name, newID(), e.now().UTC())
	p.restricted, _ = d["restricted"].(bool)
	return http.StatusCreated, data(e.projectJSON(p)), nil
}

// hProjectUpdate changes a project's name, restricted and status, each optional (projects.update).
func (e *Emulator) hProjectUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, false}, fieldSpec{"restricted", kBool, false},
		fieldSpec{"status", kString, false})
	if herr != nil {
		return 0, nil, herr
	}
	if name, ok := d["name"].(string); ok {
		if herr := checkName(name); herr != nil {
			return 0, nil, herr
		}
	}
	if status, ok := d["status"].(string); ok && !slices.Contains(projectStatuses, status) {
		return 0, nil, invalid("/data/status", fmt.Sprintf("Invalid value for status: %q; must be active or inactive", status))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	if name, ok := d["name"].(string); ok {
		p.name = name
	}
	if restricted, ok := d["restricted"].(bool); ok {
		p.restricted = restricted
	}
	if status, ok := d["status"].(string); ok {
		p.status = status
	}
	if len(d) > 0 {
		p.updatedAt = e.now().UTC()
	}
	return 200, data(e.projectJSON(p)), nil
}

// hProjectDelete deletes a project with everything in it (projects.delete; see the reading above).
func (e *Emulator) hProjectDelete(r *http.Request) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.deleteProjectLocked(p)
	return http.StatusNoContent, nil, nil
}

// deleteProjectLocked deletes a project, its tree and its shares.
func (e *Emulator) deleteProjectLocked(p *project) {
	e.deleteFolderLocked(p.rootFolderID)
	for id, s := range e.shares {
		if s.projectID == p.id {
			delete(e.shares, id)
		}
	}
	delete(e.dir.byRoot, p.rootFolderID)
	delete(e.dir.projects, p.id)
}

// ---- inspection and out-of-band changes (drift tests) ----

// Projects returns every project of every account, in creation order.
func (e *Emulator) Projects() []Project {
	e.mu.Lock()
	defer e.mu.Unlock()
	ps := make([]*project, 0, len(e.dir.projects))
	for _, p := range e.dir.projects {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].seq < ps[j].seq })
	out := make([]Project, len(ps))
	for i, p := range ps {
		out[i] = e.projectSnapshotLocked(p)
	}
	return out
}

// Project returns a snapshot of one project.
func (e *Emulator) Project(id string) (Project, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[id]
	if p == nil {
		return Project{}, false
	}
	return e.projectSnapshotLocked(p), true
}

// RenameProject renames a project as if someone did it in the web app.
func (e *Emulator) RenameProject(id, name string) error {
	return e.changeProject(id, func(p *project) { p.name = name })
}

// SetProjectStatus sets a project's status ("active" or "inactive") as the web app would.
func (e *Emulator) SetProjectStatus(id, status string) error {
	if !slices.Contains(projectStatuses, status) {
		return fmt.Errorf("project status %q: want active or inactive", status)
	}
	return e.changeProject(id, func(p *project) { p.status = status })
}

// SetProjectRestricted restricts a project, or lifts the restriction, as the web app would.
func (e *Emulator) SetProjectRestricted(id string, restricted bool) error {
	return e.changeProject(id, func(p *project) { p.restricted = restricted })
}

func (e *Emulator) changeProject(id string, change func(*project)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[id]
	if p == nil {
		return fmt.Errorf("project %q: %w", id, ErrNotFound)
	}
	change(p)
	p.updatedAt = e.now().UTC()
	return nil
}

// DeleteProject deletes a project with everything in it, as the web app does.
func (e *Emulator) DeleteProject(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.dir.projects[id]
	if p == nil {
		return fmt.Errorf("project %q: %w", id, ErrNotFound)
	}
	e.deleteProjectLocked(p)
	return nil
}
