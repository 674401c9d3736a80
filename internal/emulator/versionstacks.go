package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"
)

// Version stacks: files stacked as the versions of one asset, oldest (bottom) first, the last one the
// head. A stacked file's parent_id is the stack's id; the stack's parent_id is its folder.
//
// Where the OpenAPI document is silent, the emulator takes the strictest reading (a client that copes
// with it copes with the other readings too):
//   - A stack left with one file stays a stack (that file keeps the stack as parent_id;
//     Readings.OneFileStackDissolves puts it back in the folder and removes the stack); a stack left
//     with no file (its last file deleted or moved out) is gone: show, children, move are 404.
//   - The stack's name is the head file's name when the stack is created, and then its own: renaming a
//     file or putting a new one on top does not change it (the copy example shows a stack named
//     "asset (1).png" whose head is "asset.png"; no operation renames a stack).
//   - files.move into a stack puts the file on top (it becomes the head), from any folder, also a file
//     already in that stack; the 2..10 limit is create's, a stack may grow beyond 10 by moves.
//   - A folder's files listing (files.list) shows files whose parent is the folder, so not stacked ones
//     (Readings.FolderFilesListStacked shows them too); its children listing shows the stack in their
//     place.
//   - A stack's children are listed bottom to top (the order of create's file_ids), which the document
//     does not state; Readings.StackChildrenNewestFirst lists them top to bottom.

// versionStack is the server-side state of a stack.
type versionStack struct {
	id, name, parentID string
	seq                int64
	files              []string // oldest (bottom) first; the last one is the head
	createdAt          time.Time
	updatedAt          time.Time
}

// VersionStack is a snapshot of a stored version stack.
type VersionStack struct {
	ID        string
	Name      string
	ParentID  string   // the folder
	FileIDs   []string // oldest (bottom) first; the last one is the head
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (s *versionStack) snapshot() VersionStack {
	return VersionStack{ID: s.id, Name: s.name, ParentID: s.parentID, FileIDs: append([]string(nil), s.files...),
		CreatedAt: s.createdAt, UpdatedAt: s.updatedAt}
}

func (e *Emulator) stackJSON(s *versionStack, now time.Time) map[string]any {
	var head any // never null while the stack exists: an empty stack is removed
	if len(s.files) > 0 {
		head = e.fileJSON(e.files[s.files[len(s.files)-1]], now)
	}
	return map[string]any{
		"id":           s.id,
		"name":         s.name,
		"parent_id":    s.parentID,
		"project_id":   e.projectIDOfLocked(s.id),
		"type":         "version_stack",
		"view_url":     e.viewURL(s.id),
		"head_version": head,
		"created_at":   ts(s.createdAt),
		"updated_at":   ts(s.updatedAt),
	}
}

// getStackLocked looks a stack up; called with e.mu held.
func (e *Emulator) getStackLocked(id string) (*versionStack, *httpError) {
	s, ok := e.stacks[id]
	if !ok {
		return nil, notFound("version stack", id)
	}
	return s, nil
}

// Create's limits on file_ids (VersionStackCreateParams: minItems 2, maxItems 10, uniqueItems).
const (
	minStackFiles = 2
	maxStackFiles = 10
)

// createStackLocked stacks the files ids (oldest first) of folder parentID. Every id must name a file
// whose parent is that folder ("Files must exist in the parent directory identified in the path"): an
// unknown id and a file elsewhere (in another folder or a stack) are both 422 at its index.
func (e *Emulator) createStackLocked(parentID string, ids []string) (*versionStack, *httpError) {
	const ptr = "/data/file_ids"
	if n := len(ids); n < minStackFiles || n > maxStackFiles {
		return nil, invalid(ptr, fmt.Sprintf("file_ids must have %d to %d items, got %d", minStackFiles, maxStackFiles, n))
	}
	seen := map[string]bool{}
	for i, id := range ids {
		p := fmt.Sprintf("%s/%d", ptr, i)
		if seen[id] {
			return nil, invalid(p, fmt.Sprintf("file_ids must be unique: %q is listed twice", id))
		}
		seen[id] = true
		if f, ok := e.files[id]; !ok || f.parentID != parentID {
			return nil, invalid(p, fmt.Sprintf("file %q is not a file in folder %q", id, parentID))
		}
	}
	now := e.now().UTC()
	e.seq++
	s := &versionStack{id: newID(), name: e.files[ids[len(ids)-1]].name, parentID: parentID, seq: e.seq,
		createdAt: now, updatedAt: now}
	e.stacks[s.id] = s
	for _, id := range ids {
		f := e.files[id]
		s.files = append(s.files, id)
		f.parentID = s.id
		f.updatedAt = now
	}
	return s, nil
}

// unstackLocked takes f out of its stack, if it is in one; a stack left empty is removed, and so is one
// left with one file under Readings.OneFileStackDissolves.
func (e *Emulator) unstackLocked(f *file, now time.Time) {
	s, ok := e.stacks[f.parentID]
	if !ok {
		return
	}
	for i, id := range s.files {
		if id == f.id {
			s.files = append(s.files[:i], s.files[i+1:]...)
			break
		}
	}
	s.updatedAt = now
	f.parentID = s.parentID
	switch {
	case len(s.files) == 0:
		delete(e.stacks, s.id)
	case len(s.files) == 1 && e.readings.get().OneFileStackDissolves:
		e.ghostLocked(s.parentID, "version_stack", listItem{s.seq, e.stackJSON(s, now)})
		last := e.files[s.files[0]]
		last.parentID, last.updatedAt = s.parentID, now
		s.files = nil
		delete(e.stacks, s.id)
	}
}

// moveFileLocked moves f into folder or stack dest: into a stack, f goes on top (it becomes the head).
func (e *Emulator) moveFileLocked(f *file, dest string) *httpError {
	s, isStack := e.stacks[dest]
	if !isStack {
		if _, herr := e.getFolderLocked(dest); herr != nil {
			return herr
		}
	}
	now := e.now().UTC()
	e.unstackLocked(f, now)
	f.parentID = dest
	f.updatedAt = now
	if isStack {
		if _, ok := e.stacks[s.id]; !ok { // f was the last file of s: it is a stack again
			e.stacks[s.id] = s
		}
		s.files = append(s.files, f.id)
		s.updatedAt = now
	}
	return nil
}

// deleteStackLocked deletes a stack and its files (its folder is being deleted).
func (e *Emulator) deleteStackLocked(s *versionStack) {
	e.ghostLocked(s.parentID, "version_stack", listItem{s.seq, e.stackJSON(s, e.now())})
	for _, id := range s.files {
		if f := e.files[id]; f != nil {
			f.parentID = "" // not unstacked one by one: the whole stack goes
			e.deleteFileLocked(id)
		}
	}
	delete(e.stacks, s.id)
}

// ---- handlers ----

func (e *Emulator) hStackCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"file_ids", kArray, true})
	if herr != nil {
		return 0, nil, herr
	}
	raw := d["file_ids"].([]any)
	ids := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			return 0, nil, invalid(fmt.Sprintf("/data/file_ids/%d", i), "Invalid string. Got: "+jsonType(v))
		}
		ids[i] = s
	}
	return e.withAnyFolder(r, func(parent *folder) (int, any, *httpError) {
		s, herr := e.createStackLocked(parent.id, ids)
		if herr != nil {
			return 0, nil, herr
		}
		e.unlistLocked(s.id)
		return http.StatusCreated, data(e.stackJSON(s, e.now())), nil
	})
}

func (e *Emulator) hStackShow(r *http.Request) (int, any, *httpError) {
	if mode := e.readings.get().StackShowOfFolder; mode != StackShowOfFolderNotFound {
		if status, body, herr, ok := e.stackShowOfFolder(r.PathValue("version_stack_id"), mode); ok {
			return status, body, herr
		}
	}
	return e.withStack(r, func(s *versionStack) (int, any, *httpError) {
		return 200, data(e.withMetadataLocked(r, e.stackJSON(s, e.now()))), nil
	})
}

// stackShowOfFolder answers version_stacks.show for id the way mode says when id is a folder's
// (Readings.StackShowOfFolder); ok is false when it is not.
func (e *Emulator) stackShowOfFolder(id string, mode StackShowOfFolderMode) (status int, body any, herr *httpError, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, found := e.folders[id]
	switch {
	case !found:
		return 0, nil, nil, false
	case mode == StackShowOfFolderAnswered:
		return 200, data(e.folderJSON(f)), nil, true
	}
	return 0, nil, &httpError{status: http.StatusUnprocessableEntity, title: "Invalid value",
		detail: fmt.Sprintf("%q is a folder, not a version stack", id)}, true
}

// hStackChildren lists the files of a stack, bottom to top, or top to bottom with
// Readings.StackChildrenNewestFirst (page_size 1..100, RequestPageSize).
func (e *Emulator) hStackChildren(r *http.Request) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withStack(r, func(s *versionStack) (int, any, *httpError) {
		now := e.now()
		ids := slices.Clone(s.files)
		if e.readings.get().StackChildrenNewestFirst {
			slices.Reverse(ids)
		}
		items := make([]listItem, len(ids))
		for i, id := range ids {
			items[i] = listItem{int64(i + 1), e.withMetadataLocked(r, e.fileJSON(e.files[id], now))} // the cursor counts positions
		}
		return 200, pageReply(r, items, size, after, total), nil
	})
}

// hStackList lists the stacks in a folder, in creation order (page_size 1..500, AssetRequestPageSize).
func (e *Emulator) hStackList(r *http.Request) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 500)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withAnyFolder(r, func(parent *folder) (int, any, *httpError) {
		now := e.now()
		items := e.listedLocked(e.stacksInLocked(parent.id, now), now)
		return 200, pageReply(r, e.itemsWithMetadataLocked(r, items), size, after, total), nil
	})
}

// stacksInLocked returns the stacks in folder parent, in creation order, with those deleted but still
// listed (Readings.ListingLag).
func (e *Emulator) stacksInLocked(parent string, now time.Time) []listItem {
	items := e.ghostsInLocked(parent, map[string]bool{"version_stack": true}, now)
	for _, s := range e.stacks {
		if s.parentID == parent {
			items = append(items, listItem{s.seq, e.stackJSON(s, now)})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	return items
}

// hStackMove moves a stack, with its files, into a folder (VersionStackMoveParams: a folder id).
func (e *Emulator) hStackMove(r *http.Request) (int, any, *httpError) {
	dest, herr := decodeMove(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withStack(r, func(s *versionStack) (int, any, *httpError) {
		if _, isStack := e.stacks[dest]; isStack {
			return 0, nil, invalid("/data/parent_id", "a version stack can only be moved into a folder")
		}
		if _, herr := e.getFolderLocked(dest); herr != nil {
			return 0, nil, herr
		}
		now := e.now()
		s.parentID = dest
		s.updatedAt = now.UTC()
		return 200, data(e.stackJSON(s, now)), nil
	})
}

// ---- inspection and out-of-band changes ----

// Stack returns a snapshot of a version stack; false when there is none (never was, or emptied).
func (e *Emulator) Stack(id string) (VersionStack, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.stacks[id]
	if !ok {
		return VersionStack{}, false
	}
	return s.snapshot(), true
}

// Stacks returns snapshots of all version stacks in creation order.
func (e *Emulator) Stacks() []VersionStack {
	e.mu.Lock()
	defer e.mu.Unlock()
	ss := make([]*versionStack, 0, len(e.stacks))
	for _, s := range e.stacks {
		ss = append(ss, s)
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].seq < ss[j].seq })
	out := make([]VersionStack, len(ss))
	for i, s := range ss {
		out[i] = s.snapshot()
	}
	return out
}

// StackFiles stacks files of folder folderID ("" = the root folder), oldest first, as someone would in
// the web app, with the rules of the API's create (2 to 10 unique files, all directly in that folder).
func (e *Emulator) StackFiles(folderID string, fileIDs ...string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if folderID == "" {
		folderID = e.opts.RootFolderID
	}
	if _, ok := e.folders[folderID]; !ok {
		return "", fmt.Errorf("folder %q: %w", folderID, ErrNotFound)
	}
	s, herr := e.createStackLocked(folderID, fileIDs)
	if herr != nil {
		return "", fmt.Errorf("emulator: stacking files: %s", herr.detail)
	}
	return s.id, nil
}

// AddFileToStack puts a new file with content on top of a stack, as a web-app upload of a new version:
// the file is complete and transcoded at once (created and landed the processing and transcode delays
// ago), in the stack's folder's project, with the stack as parent. The content is kept in memory
// (only its hash in Discard mode). It returns the new file's id.
func (e *Emulator) AddFileToStack(stackID, name string, content []byte) (string, error) {
	if len(content) == 0 {
		return "", fmt.Errorf("emulator: AddFileToStack %q: empty content (file_size must be at least 1)", name)
	}
	if herr := checkName(name); herr != nil {
		return "", fmt.Errorf("emulator: AddFileToStack: %s", herr.detail)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.stacks[stackID]
	if !ok {
		return "", fmt.Errorf("version stack %q: %w", stackID, ErrNotFound)
	}
	f := e.webAppFileLocked(s.parentID, name, content)
	if herr := e.moveFileLocked(f, s.id); herr != nil { // cannot fail: s exists
		return "", herr
	}
	return f.id, nil
}

// AddFileVersion uploads a new version of file fileID as the web app does: on top of its stack, or, for
// a file not in a stack, in a new stack of the two (the file at the bottom). The new file is complete
// and transcoded, as with AddFileToStack. It returns the stack's id and the new file's.
func (e *Emulator) AddFileVersion(fileID, name string, content []byte) (stackID, newID string, err error) {
	e.mu.Lock()
	f, ok := e.files[fileID]
	var parent string
	if ok {
		parent = f.parentID
	}
	_, stacked := e.stacks[parent]
	e.mu.Unlock()
	switch {
	case !ok:
		return "", "", fmt.Errorf("file %q: %w", fileID, ErrNotFound)
	case stacked:
		newID, err = e.AddFileToStack(parent, name, content)
		return parent, newID, err
	}
	if len(content) == 0 {
		return "", "", fmt.Errorf("emulator: AddFileVersion %q: empty content (file_size must be at least 1)", name)
	}
	if herr := checkName(name); herr != nil {
		return "", "", fmt.Errorf("emulator: AddFileVersion: %s", herr.detail)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	nf := e.webAppFileLocked(parent, name, content)
	s, herr := e.createStackLocked(parent, []string{fileID, nf.id})
	if herr != nil {
		delete(e.files, nf.id) // never listed: no trace to leave
		return "", "", fmt.Errorf("emulator: stacking a new version on %q: %s", fileID, herr.detail)
	}
	return s.id, nf.id, nil
}

// webAppFileLocked adds a complete file with content to folder or stack parent, as a web-app upload:
// landed the processing and transcode delays ago. The content is kept in memory (only its hash in
// Discard mode).
func (e *Emulator) webAppFileLocked(parent, name string, content []byte) *file {
	landed := e.now().Add(-(e.opts.ProcessingDelay + e.opts.TranscodeDelay))
	f := e.newFileLocked(parent, name, landed)
	sum := sha256.Sum256(content)
	p := &part{size: int64(len(content)), received: true, sha256: hex.EncodeToString(sum[:])}
	if !e.opts.Discard {
		p.data = bytes.Clone(content)
	}
	f.parts = []*part{p}
	f.size, f.bytesReceived, f.sha256, f.landedAt = p.size, p.size, p.sha256, landed
	return f
}
