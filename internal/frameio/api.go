package frameio

// The typed methods of folders, files and version stacks: each sends its operation of the registry
// (registry.go) in the account of its AccountClient.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// GetProject returns a project.
func (a *AccountClient) GetProject(ctx context.Context, projectID string) (*Project, error) {
	return one[Project](ctx, a.c, opShowProject, nil, a.id, projectID)
}

// GetFolder returns a folder.
func (a *AccountClient) GetFolder(ctx context.Context, folderID string) (*Folder, error) {
	f, err := one[Folder](ctx, a.c, opShowFolder, nil, a.id, folderID)
	if err == nil && !isType(f.Type, AssetTypeFolder) {
		return nil, a.wrongType(opShowFolder, folderID, f.Type, AssetTypeFolder)
	}
	return f, err
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
	f, err := one[File](ctx, a.c, opShowFile, nil, a.id, fileID)
	if err == nil && !isType(f.Type, AssetTypeFile) {
		return nil, a.wrongType(opShowFile, fileID, f.Type, AssetTypeFile)
	}
	return f, err
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
//
// Reading of what the API document leaves open: it does not say what version_stacks.show answers for
// a folder's id (its replies include 400, 404 and 422), and callers ask it "is this parent a stack?".
// Taken: 404; 200 with the folder itself (told apart by its type, as in GetFile); and 400 or 422, told
// from a bad request by folders.show answering for the same id (one more call, only on that path). Each
// is the 404 of an id that names no version stack (IsNotFound).
func (a *AccountClient) GetVersionStack(ctx context.Context, stackID string) (*VersionStack, error) {
	stack, err := one[VersionStack](ctx, a.c, opShowStack, nil, a.id, stackID)
	switch {
	case err == nil && !isType(stack.Type, AssetTypeVersionStack):
		return nil, a.wrongType(opShowStack, stackID, stack.Type, AssetTypeVersionStack)
	case IsStatus(err, http.StatusBadRequest) || IsStatus(err, http.StatusUnprocessableEntity):
		if _, ferr := a.GetFolder(ctx, stackID); ferr == nil {
			return nil, a.wrongType(opShowStack, stackID, AssetTypeFolder, AssetTypeVersionStack)
		}
	}
	return stack, err
}

// isType reports whether an asset reply's type is want. Reading: the document does not say whether a
// show of one kind of asset answers for the id of another (files, folders and version stacks share one
// id space, AssetCommon); a service that looks any asset up by id would answer with the other asset,
// whose type (required by AssetCommon) tells it apart. A reply without a type is taken as want.
func isType(got, want string) bool { return got == "" || got == want }

// wrongType is the 404 of op for id, which names an asset of type got rather than want: for the
// caller, no asset of that kind has the id.
func (a *AccountClient) wrongType(op *operation, id, got, want string) error {
	p, _ := op.build(a.id, id)
	kind := strings.ReplaceAll(want, "_", " ")
	return &APIError{StatusCode: http.StatusNotFound, Method: op.method, Path: p, Operation: op.id,
		Errors: []ErrorDetail{{Title: "Not a " + kind, Detail: fmt.Sprintf("%s is a %s, not a %s", id, got, kind)}}}
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
