package frameio

// The wire format of projects made through the API and of users with their roles (account users,
// project members), beside wire.go for the same reason: a correction to the contract is one edit here.

// Values of Project.Status (ProjectUpdateParams: active or inactive).
const (
	ProjectStatusActive   = "active"
	ProjectStatusInactive = "inactive"
)

// Project roles that SetProjectUserRole gives (UpdateUserRolesParams). A listing of a project's members
// may also show roles no call gives: owner, admin, workspace_admin.
const (
	ProjectRoleFullAccess = "full_access"
	ProjectRoleEditor     = "editor"
	ProjectRoleEditOnly   = "edit_only"
	ProjectRoleCommenter  = "commenter"
	ProjectRoleViewer     = "viewer"
)

// ProjectRoles returns the roles SetProjectUserRole gives, in the document's order (a new slice).
func ProjectRoles() []string {
	return []string{ProjectRoleFullAccess, ProjectRoleEditor, ProjectRoleEditOnly, ProjectRoleCommenter, ProjectRoleViewer}
}

// UserRole is one entry of a listing of users with their roles: an account's users (AccountUserRole:
// Role member, owner, admin or reviewer) or a project's members (UserRole: a ProjectRole* value, or owner,
// admin, workspace_admin). User.ID is "" for someone invited by email who has no Frame.io user yet;
// User.Name may be "" (null on the wire).
type UserRole struct {
	Role string `json:"role"`
	User User   `json:"user"`
}

// NewProject is what CreateProject sends. Restricted nil is left to the server's default.
type NewProject struct {
	Name       string
	Restricted *bool
}

// ProjectUpdate is what UpdateProject changes: nil fields are not sent.
type ProjectUpdate struct {
	Name       *string
	Restricted *bool
	Status     *string // ProjectStatusActive or ProjectStatusInactive
}

// projectCreateParams creates a project (ProjectParams).
type projectCreateParams struct {
	Name       string `json:"name"`
	Restricted *bool  `json:"restricted,omitempty"`
}

// params is the PATCH body of a ProjectUpdate (ProjectUpdateParams): only the fields to change.
func (u ProjectUpdate) params() map[string]any {
	out := map[string]any{}
	if u.Name != nil {
		out["name"] = *u.Name
	}
	if u.Restricted != nil {
		out["restricted"] = *u.Restricted
	}
	if u.Status != nil {
		out["status"] = *u.Status
	}
	return out
}

// roleParams sets a member's role (UpdateUserRolesParams); the reply (UpdateUserRolesResponse) has the
// same shape.
type roleParams struct {
	Role string `json:"role"`
}
