package provider

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// readCache serves the Reads of one provider process (one plan, one apply) from listings: the first
// Read of a file in a folder lists the folder's files (files.list, 500 a page, 5 calls/s), and every
// other Read of a file in that folder is answered from that listing instead of its own GET
// .../files/{id} (files.show, 10 calls/s). A plan over 1,000 files in one folder is then two calls,
// not a thousand. Files in a version stack are found in the stack's listing the same way, and
// frameio_folder Reads in their parent's listing of folders (folders.list).
//
// Reads of one container that arrive while its listing is in flight wait for it instead of each
// listing. A file the listing does not show (moved, deleted or stacked since, or not listed yet), a
// listing that failed, and a Read with no container known (an import) fall back to the single GET and
// its 404 rule: the cache only ever saves calls, it never decides that something is gone.
//
// Writes through the provider keep it honest: the client reports every write (frameio.Config.Changed)
// with the ids it named, and an entry or listing named by a write made after its listing started is
// not served again (a folder's listing is made again; a file falls back to its GET). Moving or deleting
// a folder or moving a stack can change what every listing of the tree below shows: all are dropped.
// Nothing outlives the process: the next plan lists afresh.
type readCache struct {
	client    *frameio.Client
	accountID string

	mu      sync.Mutex
	gen     uint64              // counts writes; a listing records the value when it started
	floor   uint64              // listings started before this generation are all stale
	lists   map[string]*listing // by kind and container id
	touched map[string]uint64   // id -> generation of the last write that named it
}

// Kinds of listing, the key prefix of readCache.lists.
const (
	listFolderFiles   = "files:"
	listStackFiles    = "stack:"
	listFolderFolders = "folders:"
)

type listing struct {
	gen     uint64
	done    chan struct{} // closed when files/folders/err are set
	files   []frameio.File
	folders []frameio.Folder
	err     error
}

// newReadCache returns an empty cache; Configure sets client and accountID once both are known (the
// client needs forget first).
func newReadCache() *readCache {
	return &readCache{lists: map[string]*listing{}, touched: map[string]uint64{}}
}

// File returns file fileID as the listing of its container shows it: version stack stackID when not
// empty, else folder folderID. Errors are those of GET .../files/{id} (frameio.IsNotFound: deleted),
// or of ctx.
func (c *readCache) File(ctx context.Context, folderID, stackID, fileID string) (*frameio.File, error) {
	kind, container := listFolderFiles, folderID
	if stackID != "" {
		kind, container = listStackFiles, stackID
	}
	if container != "" && fileID != "" {
		l, err := c.listing(ctx, kind, container)
		if err != nil {
			return nil, err
		}
		if f := c.fileIn(l, fileID); f != nil {
			if f.ParentID == "" {
				f.ParentID = container // the listing is of its parent
			}
			return f, nil
		}
		tflog.Debug(ctx, "file not in its container's listing: reading it alone",
			map[string]any{"file_id": fileID, "container_id": container, "listing_failed": l.err != nil})
	}
	return c.client.GetFile(ctx, c.accountID, fileID)
}

// StackChildren returns the files of version stack stackID, as ListVersionStackChildren does, from the
// listing File made (or makes) of the stack. A listing that failed is made again without the cache.
func (c *readCache) StackChildren(ctx context.Context, stackID string) ([]frameio.File, error) {
	l, err := c.listing(ctx, listStackFiles, stackID)
	if err != nil {
		return nil, err
	}
	if l.err != nil {
		return c.client.ListVersionStackChildren(ctx, c.accountID, stackID)
	}
	return append([]frameio.File(nil), l.files...), nil
}

// Folder returns folder folderID as the listing of folder parentID shows it, else (not there, listing
// failed, no parent known) GET .../folders/{id}.
func (c *readCache) Folder(ctx context.Context, parentID, folderID string) (*frameio.Folder, error) {
	if parentID != "" && folderID != "" {
		l, err := c.listing(ctx, listFolderFolders, parentID)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		fresh := l.err == nil && c.touched[folderID] <= l.gen
		c.mu.Unlock()
		for _, f := range l.folders {
			if fresh && f.ID == folderID {
				if f.ParentID == "" {
					f.ParentID = parentID
				}
				return &f, nil
			}
		}
	}
	return c.client.GetFolder(ctx, c.accountID, folderID)
}

// fileIn returns a copy of file id from l when l holds it and no write has named it since.
func (c *readCache) fileIn(l *listing, id string) *frameio.File {
	if l.err != nil {
		return nil
	}
	c.mu.Lock()
	fresh := c.touched[id] <= l.gen
	c.mu.Unlock()
	if !fresh {
		return nil
	}
	for i := range l.files {
		if l.files[i].ID == id {
			f := l.files[i]
			return &f
		}
	}
	return nil
}

// listing returns the finished listing of kind for container, making it when there is none or the
// one there is stale, and waiting for it when another Read is making it. Its own error is in
// listing.err; the error returned is only ctx's.
func (c *readCache) listing(ctx context.Context, kind, container string) (*listing, error) {
	key := kind + container
	c.mu.Lock()
	l := c.lists[key]
	if l != nil && !c.staleLocked(l, kind, container) {
		c.mu.Unlock()
		select {
		case <-l.done:
			return l, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	l = &listing{gen: c.gen, done: make(chan struct{})}
	c.lists[key] = l
	c.mu.Unlock()

	switch kind {
	case listFolderFiles:
		l.files, l.err = c.client.ListFolderFiles(ctx, c.accountID, container)
	case listStackFiles:
		l.files, l.err = c.client.ListVersionStackChildren(ctx, c.accountID, container)
	case listFolderFolders:
		l.folders, l.err = c.client.ListFolderFolders(ctx, c.accountID, container)
	}
	if l.err != nil {
		tflog.Debug(ctx, "listing failed: reads fall back to one call each",
			map[string]any{"container_id": container, "error": l.err.Error()})
	}
	close(l.done)
	return l, nil
}

// staleLocked reports whether a write since l started may have changed what it shows: the container
// itself, a tree-wide change, or, for a stack, whose listing is also its order of versions, any file in
// it. (A folder's files are checked one by one when read: one renamed file does not cost a listing.)
func (c *readCache) staleLocked(l *listing, kind, container string) bool {
	if l.gen < c.floor || c.touched[container] > l.gen {
		return true
	}
	select {
	case <-l.done:
		if errors.Is(l.err, context.Canceled) || errors.Is(l.err, context.DeadlineExceeded) {
			return true // the Read that made it gave up; the next one lists again
		}
	default:
	}
	if kind != listStackFiles {
		return false
	}
	select {
	case <-l.done:
	default:
		return false
	}
	for _, f := range l.files {
		if c.touched[f.ID] > l.gen {
			return true
		}
	}
	return false
}

// forget is frameio.Config.Changed: what a write named is not served from listings made before it.
func (c *readCache) forget(ch frameio.Change) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ch.IDs {
		c.touched[id] = c.gen
	}
	switch ch.Operation {
	case "folders.delete", "folders.move", "version_stacks.move":
		c.floor = c.gen
	}
}
