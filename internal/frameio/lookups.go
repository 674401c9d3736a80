package frameio

import "context"

// Listings used to find things by name: workspaces, projects, and the folders and files of a folder.
// Names are not unique in Frame.io, so these return every entry and leave the choice to the caller.

// ListWorkspaces returns every workspace of an account the token can see (all pages).
func (c *Client) ListWorkspaces(ctx context.Context, accountID string) ([]Workspace, error) {
	return listAll[Workspace](ctx, c, epListWorkspaces, accountID)
}

// GetWorkspace returns a workspace.
func (c *Client) GetWorkspace(ctx context.Context, accountID, workspaceID string) (*Workspace, error) {
	return one[Workspace](ctx, c, epShowWorkspace, nil, accountID, workspaceID)
}

// ListProjects returns every project of a workspace (all pages).
func (c *Client) ListProjects(ctx context.Context, accountID, workspaceID string) ([]Project, error) {
	return listAll[Project](ctx, c, epListProjects, accountID, workspaceID)
}

// ListAccountProjects returns every project of an account the token has access to, across its
// workspaces (all pages).
func (c *Client) ListAccountProjects(ctx context.Context, accountID string) ([]Project, error) {
	return listAll[Project](ctx, c, epListAcctProjects, accountID)
}

// ListFolderFolders returns the folders directly in a folder (all pages).
func (c *Client) ListFolderFolders(ctx context.Context, accountID, folderID string) ([]Folder, error) {
	return listAll[Folder](ctx, c, epListFolders, accountID, folderID)
}

// ListFolderFiles returns the files directly in a folder (all pages). A file in a version stack is not
// listed (its parent is the stack): ListFolderChildren lists the stack.
func (c *Client) ListFolderFiles(ctx context.Context, accountID, folderID string) ([]File, error) {
	return listAll[File](ctx, c, epListFiles, accountID, folderID)
}
