package frameio

import (
	"context"
	"fmt"
)

// ListAccounts returns every account the token can see (all pages).
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	return listAll[Account](ctx, c, epListAccounts)
}

// Me returns the user the token belongs to.
func (c *Client) Me(ctx context.Context) (*User, error) {
	return one[User](ctx, c, epMe, nil)
}

// GetProject returns a project.
func (c *Client) GetProject(ctx context.Context, accountID, projectID string) (*Project, error) {
	return one[Project](ctx, c, epShowProject, nil, accountID, projectID)
}

// CreateFolder creates a folder named name in folder parentID.
func (c *Client) CreateFolder(ctx context.Context, accountID, parentID, name string) (*Folder, error) {
	return one[Folder](ctx, c, epCreateFolder, nameParams{Name: name}, accountID, parentID)
}

// GetFolder returns a folder.
func (c *Client) GetFolder(ctx context.Context, accountID, folderID string) (*Folder, error) {
	return one[Folder](ctx, c, epShowFolder, nil, accountID, folderID)
}

// RenameFolder sets a folder's name.
func (c *Client) RenameFolder(ctx context.Context, accountID, folderID, name string) (*Folder, error) {
	return one[Folder](ctx, c, epUpdateFolder, nameParams{Name: name}, accountID, folderID)
}

// MoveFolder moves a folder into folder parentID.
func (c *Client) MoveFolder(ctx context.Context, accountID, folderID, parentID string) (*Folder, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[Folder](ctx, c, epMoveFolder, moveParams{ParentID: parentID}, accountID, folderID)
}

// DeleteFolder deletes a folder (and its content).
func (c *Client) DeleteFolder(ctx context.Context, accountID, folderID string) error {
	return c.call(ctx, epDeleteFolder, nil, nil, accountID, folderID)
}

// ListFolderChildren returns every child (file, folder, version stack) of a folder, across pages.
func (c *Client) ListFolderChildren(ctx context.Context, accountID, folderID string) ([]Asset, error) {
	return listAll[Asset](ctx, c, epFolderChildren, accountID, folderID)
}

// CreateLocalUpload creates a file in folderID and returns it with its pre-signed part URLs
// (File.UploadURLs). The server rejects fileSize < 1 (422).
func (c *Client) CreateLocalUpload(ctx context.Context, accountID, folderID, name string, fileSize int64) (*File, error) {
	return one[File](ctx, c, epCreateLocalUpload, localUploadParams{Name: name, FileSize: fileSize}, accountID, folderID)
}

// CreateRemoteUpload creates a file in folderID that Frame.io fetches from sourceURL.
func (c *Client) CreateRemoteUpload(ctx context.Context, accountID, folderID, name, sourceURL string) (*File, error) {
	return one[File](ctx, c, epCreateRemote, remoteUploadParams{Name: name, SourceURL: sourceURL}, accountID, folderID)
}

// GetFile returns a file.
func (c *Client) GetFile(ctx context.Context, accountID, fileID string) (*File, error) {
	return one[File](ctx, c, epShowFile, nil, accountID, fileID)
}

// RenameFile sets a file's name.
func (c *Client) RenameFile(ctx context.Context, accountID, fileID, name string) (*File, error) {
	return one[File](ctx, c, epUpdateFile, nameParams{Name: name}, accountID, fileID)
}

// MoveFile moves a file into folder (or version stack) parentID.
func (c *Client) MoveFile(ctx context.Context, accountID, fileID, parentID string) (*File, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[File](ctx, c, epMoveFile, moveParams{ParentID: parentID}, accountID, fileID)
}

// DeleteFile deletes a file.
func (c *Client) DeleteFile(ctx context.Context, accountID, fileID string) error {
	return c.call(ctx, epDeleteFile, nil, nil, accountID, fileID)
}

// GetUploadStatus returns the upload status of a file.
func (c *Client) GetUploadStatus(ctx context.Context, accountID, fileID string) (*UploadStatus, error) {
	return one[UploadStatus](ctx, c, epUploadStatus, nil, accountID, fileID)
}

// CreateVersionStack stacks files of folder folderID as versions of one asset, in the order given:
// fileIDs[0] is the oldest (bottom), the last one the newest (top, the stack's head). The server takes
// 2 to 10 unique ids of files directly in that folder (not already in a stack).
func (c *Client) CreateVersionStack(ctx context.Context, accountID, folderID string, fileIDs []string) (*VersionStack, error) {
	for i, id := range fileIDs {
		if err := validateID(fmt.Sprintf("fileIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	return one[VersionStack](ctx, c, epCreateStack, versionStackParams{FileIDs: fileIDs}, accountID, folderID)
}

// GetVersionStack returns a version stack with its head (newest) version.
func (c *Client) GetVersionStack(ctx context.Context, accountID, stackID string) (*VersionStack, error) {
	return one[VersionStack](ctx, c, epShowStack, nil, accountID, stackID)
}

// ListVersionStackChildren returns every file in a version stack, across pages. The document does not
// state their order; use GetVersionStack's HeadVersion for the newest one.
func (c *Client) ListVersionStackChildren(ctx context.Context, accountID, stackID string) ([]File, error) {
	return listAll[File](ctx, c, epStackChildren, accountID, stackID)
}

// MoveVersionStack moves a version stack, with all its files, into folder parentID.
func (c *Client) MoveVersionStack(ctx context.Context, accountID, stackID, parentID string) (*VersionStack, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[VersionStack](ctx, c, epMoveStack, moveParams{ParentID: parentID}, accountID, stackID)
}

// one runs a single-object operation and returns its decoded data.
func one[T any](ctx context.Context, c *Client, ep endpoint, body any, ids ...string) (*T, error) {
	var out T
	if err := c.call(ctx, ep, body, &out, ids...); err != nil {
		return nil, err
	}
	return &out, nil
}
