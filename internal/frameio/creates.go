package frameio

import (
	"context"
	"fmt"
)

// The creates of folders, files and version stacks (a share's is in shares.go). Each makes at most one
// object whatever replies are lost: after a failure that may have taken effect it looks for what it made
// (lostreply.go), each in the listing that shows it.

// CreateFolder creates a folder named name in folder parentID. After a lost reply it adopts the folder of
// that name the request made (listed among parentID's folders).
func (a *AccountClient) CreateFolder(ctx context.Context, parentID, name string) (*Folder, error) {
	return createOnce(ctx, a, createSpec[Folder]{
		op: opCreateFolder, ids: []string{a.id, parentID}, key: "folder\n" + parentID + "\n" + name,
		create: func(ctx context.Context) (*Folder, error) {
			return one[Folder](ctx, a.c, opCreateFolder, nameParams{Name: name}, a.id, parentID)
		},
		look: func(ctx context.Context) ([]Folder, error) {
			folders, err := a.ListFolderFolders(ctx, parentID)
			return keep(folders, func(f Folder) bool { return f.Name == name }), err
		},
	})
}

// CreateLocalUpload creates a file in folderID and returns it with its pre-signed part URLs
// (File.UploadURLs). The server rejects fileSize < 1 (422).
//
// A file whose create reply was lost cannot be adopted: its part URLs were in the reply, and nothing
// else hands them out. The file of that name and size the request made is deleted, and the create made
// again.
func (a *AccountClient) CreateLocalUpload(ctx context.Context, folderID, name string, fileSize int64) (*File, error) {
	return createOnce(ctx, a, createSpec[File]{
		op: opCreateLocalUpload, ids: []string{a.id, folderID}, key: "file\n" + folderID + "\n" + name,
		create: func(ctx context.Context) (*File, error) {
			return one[File](ctx, a.c, opCreateLocalUpload, localUploadParams{Name: name, FileSize: fileSize}, a.id, folderID)
		},
		look: func(ctx context.Context) ([]File, error) {
			files, err := a.ListFolderFiles(ctx, folderID)
			return keep(files, func(f File) bool { return inFolder(f, folderID) && f.Name == name && f.FileSize == fileSize }), err
		},
		settle: func(ctx context.Context, found []File) (*File, error) {
			for _, f := range found {
				if err := a.DeleteFile(ctx, f.ID); err != nil && !IsNotFound(err) {
					return nil, &undoError{id: f.ID, err: err}
				}
				a.c.warn(ctx, "deleted the file a local upload create made before its reply was lost", map[string]any{"file_id": f.ID})
			}
			return nil, nil // create again
		},
	})
}

// CreateRemoteUpload creates a file in folderID that Frame.io fetches from sourceURL. After a lost reply
// it adopts the file of that name the request made (listed among folderID's files): Frame.io fetches it
// all the same.
func (a *AccountClient) CreateRemoteUpload(ctx context.Context, folderID, name, sourceURL string) (*File, error) {
	return createOnce(ctx, a, createSpec[File]{
		op: opCreateRemote, ids: []string{a.id, folderID}, key: "file\n" + folderID + "\n" + name,
		create: func(ctx context.Context) (*File, error) {
			return one[File](ctx, a.c, opCreateRemote, remoteUploadParams{Name: name, SourceURL: sourceURL}, a.id, folderID)
		},
		look: func(ctx context.Context) ([]File, error) {
			files, err := a.ListFolderFiles(ctx, folderID)
			return keep(files, func(f File) bool { return inFolder(f, folderID) && f.Name == name }), err
		},
	})
}

// inFolder reports whether f sits directly in folderID, as a file a create just made does. The API
// document does not say whether folders/{id}/files lists the files of the folder's version stacks too
// (their parent is the stack); our reading: it may, and an earlier version of the same name is never
// what a create made.
func inFolder(f File, folderID string) bool { return f.ParentID == folderID }

// CreateVersionStack stacks files of folder folderID as versions of one asset, in the order given:
// fileIDs[0] is the oldest (bottom), the last one the newest (top, the stack's head). The server takes
// 2 to 10 unique ids of files directly in that folder (not already in a stack).
//
// After a lost reply the files themselves say whether the request took effect: when each has for parent
// one new version stack in folderID, that stack is the one the request made, and it is adopted.
func (a *AccountClient) CreateVersionStack(ctx context.Context, folderID string, fileIDs []string) (*VersionStack, error) {
	for i, id := range fileIDs {
		if err := validateID(fmt.Sprintf("fileIDs[%d]", i), id); err != nil {
			return nil, err
		}
	}
	if len(fileIDs) == 0 {
		return nil, fmt.Errorf("frameio: fileIDs must not be empty")
	}
	return createOnce(ctx, a, createSpec[VersionStack]{
		op: opCreateStack, ids: []string{a.id, folderID}, key: "stack\n" + folderID + "\n" + fileIDs[0],
		create: func(ctx context.Context) (*VersionStack, error) {
			return one[VersionStack](ctx, a.c, opCreateStack, versionStackParams{FileIDs: fileIDs}, a.id, folderID)
		},
		look: func(ctx context.Context) ([]VersionStack, error) { return a.stackOf(ctx, folderID, fileIDs) },
	})
}

// stackOf returns the version stack in folderID that holds every one of fileIDs, if there is one.
func (a *AccountClient) stackOf(ctx context.Context, folderID string, fileIDs []string) ([]VersionStack, error) {
	newest, err := a.GetFile(ctx, fileIDs[len(fileIDs)-1])
	if err != nil {
		return nil, err
	}
	if newest.ParentID == "" || newest.ParentID == folderID {
		return nil, nil // not stacked
	}
	stack, err := a.GetVersionStack(ctx, newest.ParentID)
	if IsNotFound(err) {
		return nil, nil // its parent is another folder, not a stack
	}
	if err != nil || stack.ParentID != folderID {
		return nil, err
	}
	for _, id := range fileIDs[:len(fileIDs)-1] {
		f, err := a.GetFile(ctx, id)
		if err != nil || f.ParentID != stack.ID {
			return nil, err
		}
	}
	return []VersionStack{*stack}, nil
}

// keep returns the items that match.
func keep[T any](items []T, match func(T) bool) []T {
	var out []T
	for _, it := range items {
		if match(it) {
			out = append(out, it)
		}
	}
	return out
}
