package frameio

import (
	"context"
	"errors"
)

// Projects made, changed and deleted through the API, account users, and the members of projects with
// their roles.

// CreateProject creates a project in workspace workspaceID, with its root folder. After a lost reply it
// adopts the project of that name (and restricted, when set) the request made, found among the
// workspace's projects (lostreply.go): a second project nobody manages would stay otherwise.
func (a *AccountClient) CreateProject(ctx context.Context, workspaceID string, p NewProject) (*Project, error) {
	params := projectCreateParams{Name: p.Name, Restricted: p.Restricted}
	return createOnce(ctx, a, createSpec[Project]{
		op: opCreateProject, ids: []string{a.id, workspaceID}, key: "project\n" + workspaceID + "\n" + p.Name,
		create: func(ctx context.Context) (*Project, error) {
			return one[Project](ctx, a.c, opCreateProject, params, a.id, workspaceID)
		},
		look: func(ctx context.Context) ([]Project, error) {
			projects, err := a.ListProjects(ctx, workspaceID)
			return keep(projects, func(x Project) bool {
				// A reply without restricted (not required) matches either way.
				return x.Name == p.Name && (p.Restricted == nil || x.Restricted == nil || *x.Restricted == *p.Restricted)
			}), err
		},
	})
}

// UpdateProject changes the fields set in u. An empty update is an error, and nothing is sent.
func (a *AccountClient) UpdateProject(ctx context.Context, projectID string, u ProjectUpdate) (*Project, error) {
	p := u.params()
	if len(p) == 0 {
		return nil, errors.New("frameio: UpdateProject: nothing to update")
	}
	return one[Project](ctx, a.c, opUpdateProject, p, a.id, projectID)
}

// DeleteProject deletes a project. The document does not say what becomes of what the project holds:
// expect it to be deleted with it. A project deleted, or found gone (404), is recorded for Deleted.
func (a *AccountClient) DeleteProject(ctx context.Context, projectID string) error {
	return a.deleted(projectID, a.c.call(ctx, opDeleteProject, nil, nil, a.id, projectID))
}

// ListAccountUsers returns every (active) user of the account with their account role, across pages.
func (a *AccountClient) ListAccountUsers(ctx context.Context) ([]UserRole, error) {
	return listAll[UserRole](ctx, a.c, opListAccountUsers, a.id)
}

// ListProjectUsers returns every member of a project with their project role, across pages.
func (a *AccountClient) ListProjectUsers(ctx context.Context, projectID string) ([]UserRole, error) {
	return listAll[UserRole](ctx, a.c, opListProjectUsers, a.id, projectID)
}

// SetProjectUserRole gives user userID the role in project projectID (one of ProjectRoles), adding them
// to the project when they are not a member yet, and returns the role the reply states. Setting the role
// a member has already is harmless, so the call is retried like any update.
func (a *AccountClient) SetProjectUserRole(ctx context.Context, projectID, userID, role string) (string, error) {
	r, err := one[roleParams](ctx, a.c, opSetProjectUserRole, roleParams{Role: role}, a.id, projectID, userID)
	if err != nil {
		return "", err
	}
	return r.Role, nil
}

// RemoveProjectUser takes user userID out of project projectID.
func (a *AccountClient) RemoveProjectUser(ctx context.Context, projectID, userID string) error {
	return a.c.call(ctx, opRemoveProjectUser, nil, nil, a.id, projectID, userID)
}
