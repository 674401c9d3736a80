package frameio

import "context"

// Listings used to find things: accounts, workspaces, projects, and the content of a folder. Names are
// not unique in Frame.io, so these return every entry and leave the choice to the caller. Each page
// asks for the page size of the operation's registry entry (registry.go).

// ListAccounts returns every account the token can see (all pages).
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	return listAll[Account](ctx, c, opListAccounts)
}

// OnlyAccount returns the account the token sees when it sees exactly one (ok), and every account it
// sees either way, for a caller that infers the account rather than asks for it.
func (c *Client) OnlyAccount(ctx context.Context) (only Account, seen []Account, ok bool, err error) {
	seen, err = c.ListAccounts(ctx)
	if err != nil || len(seen) != 1 {
		return Account{}, seen, false, err
	}
	return seen[0], seen, true, nil
}

// ListWorkspaces returns every workspace of an account the token can see (all pages).
func (a *AccountClient) ListWorkspaces(ctx context.Context) ([]Workspace, error) {
	return listAll[Workspace](ctx, a.c, opListWorkspaces, a.id)
}

// GetWorkspace returns a workspace.
func (a *AccountClient) GetWorkspace(ctx context.Context, workspaceID string) (*Workspace, error) {
	return one[Workspace](ctx, a.c, opShowWorkspace, nil, a.id, workspaceID)
}

// ListProjects returns every project of a workspace (all pages).
func (a *AccountClient) ListProjects(ctx context.Context, workspaceID string) ([]Project, error) {
	return listAll[Project](ctx, a.c, opListProjects, a.id, workspaceID)
}

// ListAccountProjects returns every project of an account the token has access to, across its
// workspaces (all pages).
func (a *AccountClient) ListAccountProjects(ctx context.Context) ([]Project, error) {
	return listAll[Project](ctx, a.c, opListAcctProjects, a.id)
}

// ListFolderFolders returns the folders directly in a folder (all pages).
func (a *AccountClient) ListFolderFolders(ctx context.Context, folderID string) ([]Folder, error) {
	return listAll[Folder](ctx, a.c, opListFolders, a.id, folderID)
}

// ListFolderFiles returns the files directly in a folder (all pages). A file in a version stack is not
// listed (its parent is the stack): ListFolderChildren lists the stack.
func (a *AccountClient) ListFolderFiles(ctx context.Context, folderID string) ([]File, error) {
	return listAll[File](ctx, a.c, opListFiles, a.id, folderID)
}

// ListFolderChildren returns every child (file, folder, version stack) of a folder, across pages.
func (a *AccountClient) ListFolderChildren(ctx context.Context, folderID string) ([]Asset, error) {
	return listAll[Asset](ctx, a.c, opFolderChildren, a.id, folderID)
}
