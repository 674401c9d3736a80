package frameio

// The typed methods of folders, files and version stacks: each sends its operation of the registry
// (registry.go) in the account of its AccountClient.

import (
	"context"
)

// GetProject returns a project.
func (a *AccountClient) GetProject(ctx context.Context, projectID string) (*Project, error) {
	return one[Project](ctx, a.c, opShowProject, nil, a.id, projectID)
}

// GetFolder returns a folder.
func (a *AccountClient) GetFolder(ctx context.Context, folderID string) (*Folder, error) {
	return one[Folder](ctx, a.c, opShowFolder, nil, a.id, folderID)
}

// RenameFolder sets a folder's name.
func (a *AccountClient) RenameFolder(ctx context.Context, folderID, name string) (*Folder, error) {
	return one[Folder](ctx, a.c, opUpdateFolder, nameParams{Name: name}, a.id, folderID)
}

// MoveFolder moves a folder into folder parentID.
func (a *AccountClient) MoveFolder(ctx context.Context, folderID, parentID string) (*Folder, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[Folder](ctx, a.c, opMoveFolder, moveParams{ParentID: parentID}, a.id, folderID)
}

// DeleteFolder deletes a folder (and its content). A folder deleted, or found gone (404), is recorded
// for Deleted.
func (a *AccountClient) DeleteFolder(ctx context.Context, folderID string) error {
	return a.deleted(folderID, a.c.call(ctx, opDeleteFolder, nil, nil, a.id, folderID))
}

// GetFile returns a file.
func (a *AccountClient) GetFile(ctx context.Context, fileID string) (*File, error) {
	return one[File](ctx, a.c, opShowFile, nil, a.id, fileID)
}

// RenameFile sets a file's name.
func (a *AccountClient) RenameFile(ctx context.Context, fileID, name string) (*File, error) {
	return one[File](ctx, a.c, opUpdateFile, nameParams{Name: name}, a.id, fileID)
}

// MoveFile moves a file into folder (or version stack) parentID.
func (a *AccountClient) MoveFile(ctx context.Context, fileID, parentID string) (*File, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[File](ctx, a.c, opMoveFile, moveParams{ParentID: parentID}, a.id, fileID)
}

// DeleteFile deletes a file. A file deleted, or found gone (404), is recorded for Deleted.
func (a *AccountClient) DeleteFile(ctx context.Context, fileID string) error {
	return a.deleted(fileID, a.c.call(ctx, opDeleteFile, nil, nil, a.id, fileID))
}

// deleted records id in the ledger when err says it is gone, and returns err.
func (a *AccountClient) deleted(id string, err error) error {
	if err == nil || IsNotFound(err) {
		a.c.reads.ledger.noteDeleted(id)
	}
	return err
}

// GetUploadStatus returns the upload status of a file.
func (a *AccountClient) GetUploadStatus(ctx context.Context, fileID string) (*UploadStatus, error) {
	return one[UploadStatus](ctx, a.c, opUploadStatus, nil, a.id, fileID)
}

// GetVersionStack returns a version stack with its head (newest) version.
func (a *AccountClient) GetVersionStack(ctx context.Context, stackID string) (*VersionStack, error) {
	return one[VersionStack](ctx, a.c, opShowStack, nil, a.id, stackID)
}

// ListFolderVersionStacks returns every version stack directly in a folder, each with its head
// (newest) version, across pages.
func (a *AccountClient) ListFolderVersionStacks(ctx context.Context, folderID string) ([]VersionStack, error) {
	return listAll[VersionStack](ctx, a.c, opListStacks, a.id, folderID)
}

// ListVersionStackChildren returns every file in a version stack, across pages. The document does not
// state their order; use GetVersionStack's HeadVersion for the newest one.
func (a *AccountClient) ListVersionStackChildren(ctx context.Context, stackID string) ([]File, error) {
	return listAll[File](ctx, a.c, opStackChildren, a.id, stackID)
}

// MoveVersionStack moves a version stack, with all its files, into folder parentID.
func (a *AccountClient) MoveVersionStack(ctx context.Context, stackID, parentID string) (*VersionStack, error) {
	if err := validateID("parentID", parentID); err != nil {
		return nil, err
	}
	return one[VersionStack](ctx, a.c, opMoveStack, moveParams{ParentID: parentID}, a.id, stackID)
}
