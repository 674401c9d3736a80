package frameio

import (
	"context"
	"errors"
	"sync"
)

// The read cache serves the Read* methods of AccountClient from listings, for as long as the Client
// lives (in the provider, one process: one plan, one apply). The first ReadFile of a file in a folder
// lists the folder's files (files.list, 500 a page, 5 calls/s), and every other ReadFile in that folder
// is answered from that listing instead of its own GET .../files/{id} (files.show, 10 calls/s). A plan
// over 1,000 files in one folder is then two calls, not a thousand. Files in a version stack are found
// in the stack's listing the same way, folders (ReadFolder) in their parent's listing of folders
// (folders.list), and version stacks with their head versions (ReadVersionStack) in their folder's
// listing of stacks (version_stacks.list, 500 a page, 5 calls/s, where version_stacks.show and the
// stack's own listing are 100 calls/min each).
//
// Reads of one container that arrive while its listing is in flight wait for it instead of each
// listing. A file the listing does not show (moved, deleted or stacked since, or not listed yet), a
// listing that failed, and a Read with no container known (an import) fall back to the single GET and
// its 404 rule: the cache only ever saves calls, it never decides that something is gone.
//
// Writes through the client keep it honest: each call tells the cache what its registry entry says it
// may change (operation.changes) and the ids it named, and an entry or listing named by a write made
// after its listing started is not served again (a folder's listing is made again; a file falls back
// to its GET). Moving or deleting a folder or moving a stack can change what every listing of the tree
// below shows: all are dropped. Writes made elsewhere (the web app, another process) are not seen: the
// cache is for refreshing many objects in one run, not for a long-lived client. The Get* and List*
// methods never use it.
type readCache struct {
	mu      sync.Mutex
	gen     uint64              // counts writes; a listing records the value when it started
	floor   uint64              // listings started before this generation are all stale
	lists   map[string]*listing // by kind, account and container id
	touched map[string]uint64   // id -> generation of the last write that named it

	ledger ledger // what this Client made and deleted (ledger.go)

	fields fieldDefCache // each account's field definitions (metadata.go)
}

// Kinds of listing, the key prefix of readCache.lists.
const (
	listFolderFiles   = "files:"
	listStackFiles    = "stack:"
	listFolderFolders = "folders:"
	listFolderStacks  = "folderstacks:"
)

type listing struct {
	gen     uint64
	done    chan struct{} // closed when files/folders/stacks/err are set
	files   []File
	folders []Folder
	stacks  []VersionStack
	err     error
}

func newReadCache() *readCache {
	return &readCache{lists: map[string]*listing{}, touched: map[string]uint64{}}
}

// ReadFile returns file fileID as the listing of its container shows it (see the read cache above):
// version stack stackID when not empty, else folder folderID; the container is where the caller last
// saw the file (e.g. the state of a resource being refreshed) and may be "" when unknown. Errors are
// those of GetFile (IsNotFound: deleted), or of ctx. Use GetFile to read the file as it is now.
func (a *AccountClient) ReadFile(ctx context.Context, folderID, stackID, fileID string) (*File, error) {
	c := a.c.reads
	kind, container := listFolderFiles, folderID
	if stackID != "" {
		kind, container = listStackFiles, stackID
	}
	if container != "" && fileID != "" {
		l, err := c.listing(ctx, a, kind, container)
		if err != nil {
			return nil, err
		}
		if f := c.fileIn(l, fileID); f != nil {
			if f.ParentID == "" {
				f.ParentID = container // the listing is of its parent
			}
			return f, nil
		}
		a.c.debug(ctx, "file not in its container's listing: reading it alone",
			map[string]any{"file_id": fileID, "container_id": container, "listing_failed": l.err != nil})
	}
	return a.GetFile(ctx, fileID)
}

// ReadVersionStackChildren returns the files of version stack stackID, as ListVersionStackChildren
// does, from the listing ReadFile made (or makes) of the stack. A listing that failed is made again
// without the cache.
func (a *AccountClient) ReadVersionStackChildren(ctx context.Context, stackID string) ([]File, error) {
	l, err := a.c.reads.listing(ctx, a, listStackFiles, stackID)
	if err != nil {
		return nil, err
	}
	if l.err != nil {
		return a.ListVersionStackChildren(ctx, stackID)
	}
	return append([]File(nil), l.files...), nil
}

// ReadFolder returns folder folderID as the listing of folder parentID (where the caller last saw it;
// "" when unknown) shows it, else (not there, listing failed, no parent known) GetFolder's reply.
func (a *AccountClient) ReadFolder(ctx context.Context, parentID, folderID string) (*Folder, error) {
	c := a.c.reads
	if parentID != "" && folderID != "" {
		l, err := c.listing(ctx, a, listFolderFolders, parentID)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		fresh := l.err == nil && c.touched[folderID] <= l.gen
		c.mu.Unlock()
		fresh = fresh && !c.ledger.wasDeleted(folderID) // a lagging listing may still show it
		for _, f := range l.folders {
			if fresh && f.ID == folderID {
				if f.ParentID == "" {
					f.ParentID = parentID
				}
				return &f, nil
			}
		}
	}
	return a.GetFolder(ctx, folderID)
}

// ReadVersionStack returns version stack stackID, with its head version, as the listing of folder
// folderID's stacks shows it (where the caller last saw the stack; "" when unknown), else (not there,
// listing failed, no folder known) GetVersionStack's reply. A stack whose head a write through this
// client named since the listing (a new version moved on top, the head renamed or deleted) is read
// alone too.
func (a *AccountClient) ReadVersionStack(ctx context.Context, folderID, stackID string) (*VersionStack, error) {
	c := a.c.reads
	if folderID != "" && stackID != "" {
		l, err := c.listing(ctx, a, listFolderStacks, folderID)
		if err != nil {
			return nil, err
		}
		if s := c.stackIn(l, stackID); s != nil {
			if s.ParentID == "" {
				s.ParentID = folderID // the listing is of its folder
			}
			return s, nil
		}
	}
	return a.GetVersionStack(ctx, stackID)
}

// stackIn returns a copy of stack id from l when l holds it and no write has named it, or its head,
// since.
func (c *readCache) stackIn(l *listing, id string) *VersionStack {
	if l.err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range l.stacks {
		s := l.stacks[i]
		if s.ID != id {
			continue
		}
		if c.touched[id] > l.gen || (s.HeadVersion != nil && c.touched[s.HeadVersion.ID] > l.gen) {
			return nil
		}
		if s.HeadVersion != nil {
			head := *s.HeadVersion
			s.HeadVersion = &head
		}
		return &s
	}
	return nil
}

// fileIn returns a copy of file id from l when l holds it and no write has named it since.
func (c *readCache) fileIn(l *listing, id string) *File {
	if l.err != nil {
		return nil
	}
	c.mu.Lock()
	fresh := c.touched[id] <= l.gen
	c.mu.Unlock()
	if !fresh || c.ledger.wasDeleted(id) { // deleted by this Client: a lagging listing may still show it
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
func (c *readCache) listing(ctx context.Context, a *AccountClient, kind, container string) (*listing, error) {
	key := kind + a.id + "/" + container
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
		l.files, l.err = a.ListFolderFiles(ctx, container)
	case listStackFiles:
		l.files, l.err = a.ListVersionStackChildren(ctx, container)
	case listFolderFolders:
		l.folders, l.err = a.ListFolderFolders(ctx, container)
	case listFolderStacks:
		l.stacks, l.err = a.ListFolderVersionStacks(ctx, container)
	}
	if l.err != nil {
		a.c.debug(ctx, "listing failed: reads fall back to one call each",
			map[string]any{"container_id": container, "error": l.err.Error()})
	}
	close(l.done)
	return l, nil
}

// staleLocked reports whether a write since l started may have changed what it shows: the container
// itself, a tree-wide change, or, for a stack, whose listing is also its order of versions, any file in
// it. (A folder's files and stacks are checked one by one when read: one renamed file does not cost a
// listing.)
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

// written records a call that may have changed what effect says, naming ids: what it named is not
// served from listings made before it, and a change to the tree drops them all.
func (c *readCache) written(effect effect, ids []string) {
	if effect == readOnly || effect == changesNoAsset {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ids {
		c.touched[id] = c.gen
	}
	if effect == changesTree {
		c.floor = c.gen
	}
}
