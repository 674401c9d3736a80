package emulator

import "net/http"

// Identity, accounts, workspaces and projects: one of each, fixed by Options.

func data(v any) map[string]any { return map[string]any{"data": v} }

// onePage is a list reply with no further page.
func onePage(items ...any) map[string]any {
	return map[string]any{"data": items, "links": map[string]any{"next": nil}}
}

func (e *Emulator) projectJSON() map[string]any {
	return map[string]any{
		"id":             e.opts.ProjectID,
		"name":           e.opts.ProjectName,
		"root_folder_id": e.opts.RootFolderID,
		"workspace_id":   e.opts.WorkspaceID,
		"status":         "active",
		"description":    nil, // required, nullable
		"restricted":     false,
		"storage":        0,
		"view_url":       "https://next.frame.io/project/" + e.opts.ProjectID + "/",
		"created_at":     ts(e.createdAt),
		"updated_at":     ts(e.createdAt),
	}
}

func (e *Emulator) hMe(*http.Request) (int, any, *httpError) {
	return 200, data(map[string]any{
		"id": "6f1f2b0e-0000-4000-8000-0000000000d1", "name": "Emulated User",
		"email": "emulator@example.com", "avatar_url": nil,
	}), nil
}

func (e *Emulator) hAccounts(r *http.Request) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, onePage(map[string]any{
		"id": e.opts.AccountID, "display_name": "Emulated Account", "roles": []string{"admin"},
		"storage_limit": nil, "storage_usage": 0, "image": nil,
		"created_at": ts(e.createdAt), "updated_at": ts(e.createdAt),
	}), nil
}

func (e *Emulator) hWorkspaces(r *http.Request) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, onePage(map[string]any{
		"id": e.opts.WorkspaceID, "name": "Emulated Workspace", "account_id": e.opts.AccountID,
		"created_at": ts(e.createdAt), "updated_at": ts(e.createdAt),
	}), nil
}

func (e *Emulator) hProjects(r *http.Request) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, onePage(e.projectJSON()), nil
}

func (e *Emulator) hWorkspaceProjects(r *http.Request) (int, any, *httpError) {
	if id := r.PathValue("workspace_id"); id != e.opts.WorkspaceID {
		return 0, nil, notFound("workspace", id)
	}
	return e.hProjects(r)
}

func (e *Emulator) hProject(r *http.Request) (int, any, *httpError) {
	if id := r.PathValue("project_id"); id != e.opts.ProjectID {
		return 0, nil, notFound("project", id)
	}
	return 200, data(e.projectJSON()), nil
}
