package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Folders: show, create, rename, delete, move, and the three listings of a folder's content. A folder
// belongs to the project whose root folder it is under, and is only found through that project's
// account. Root folders (parent_id null) cannot be deleted or moved; a folder cannot be moved into
// another project. Deleting a folder deletes everything in it.

// viewURL is the web-app page of asset id (a folder, file or version stack); called with e.mu held.
func (e *Emulator) viewURL(id string) string {
	return "https://next.frame.io/project/" + e.projectIDOfLocked(id) + "/view/" + id
}

func (e *Emulator) folderJSON(f *folder) map[string]any {
	var parent any
	if f.parentID != "" {
		parent = f.parentID
	}
	return map[string]any{
		"id":            f.id,
		"name":          f.name,
		"parent_id":     parent,
		"project_id":    e.projectIDOfLocked(f.id),
		"type":          "folder",
		"view_url":      e.viewURL(f.id),
		"cover_file_id": nil,
		"created_at":    ts(f.createdAt),
		"updated_at":    ts(f.updatedAt),
	}
}

// getFolderLocked looks a folder up; called with e.mu held.
func (e *Emulator) getFolderLocked(id string) (*folder, *httpError) {
	f, ok := e.folders[id]
	if !ok {
		return nil, notFound("folder", id)
	}
	return f, nil
}

// folderInAccountLocked looks up folder id as seen through the request's account: a folder of a
// project in another account is 404, as it is for the service. Called with e.mu held.
func (e *Emulator) folderInAccountLocked(r *http.Request, id string) (*folder, *httpError) {
	f, herr := e.getFolderLocked(id)
	if herr != nil {
		return nil, herr
	}
	if p := e.projectOfFolderLocked(f.id); p == nil || e.accountOfProjectLocked(p) != r.PathValue("account_id") {
		return nil, notFound("folder", id)
	}
	return f, nil
}

func (e *Emulator) hFolderShow(r *http.Request) (int, any, *httpError) {
	return e.withFolder(r, func(f *folder) (int, any, *httpError) {
		return 200, data(e.folderJSON(f)), nil
	})
}

func (e *Emulator) hFolderCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	name := d["name"].(string)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	return e.withFolder(r, func(parent *folder) (int, any, *httpError) {
		f := e.addFolderLocked(parent.id, name)
		e.unlistLocked(f.id)
		return http.StatusCreated, data(e.folderJSON(f)), nil
	})
}

// decodeRename reads the body of a folder or file update, whose only field is an optional, valid name.
func decodeRename(r *http.Request) (name string, hasName bool, herr *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, false})
	if herr != nil {
		return "", false, herr
	}
	name, hasName = d["name"].(string)
	if hasName {
		herr = checkName(name)
	}
	return name, hasName, herr
}

func (e *Emulator) hFolderUpdate(r *http.Request) (int, any, *httpError) {
	name, hasName, herr := decodeRename(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withFolder(r, func(f *folder) (int, any, *httpError) {
		if hasName {
			f.name = name
			f.updatedAt = e.now().UTC()
		}
		return 200, data(e.folderJSON(f)), nil
	})
}

func (e *Emulator) hFolderDelete(r *http.Request) (int, any, *httpError) {
	return e.withFolder(r, func(f *folder) (int, any, *httpError) {
		if f.parentID == "" {
			return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "The root folder of a project cannot be deleted"}
		}
		e.deleteFolderLocked(f.id)
		return http.StatusNoContent, nil, nil
	})
}

// decodeMove reads the body of a folder or file move, whose only field is the required parent_id.
func decodeMove(r *http.Request) (string, *httpError) {
	d, herr := decodeData(r, fieldSpec{"parent_id", kString, true})
	if herr != nil {
		return "", herr
	}
	return d["parent_id"].(string), nil
}

func (e *Emulator) hFolderMove(r *http.Request) (int, any, *httpError) {
	dest, herr := decodeMove(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withFolder(r, func(f *folder) (int, any, *httpError) {
		if f.parentID == "" {
			return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "The root folder of a project cannot be moved"}
		}
		if _, herr := e.folderInAccountLocked(r, dest); herr != nil {
			return 0, nil, herr
		}
		if e.projectOfFolderLocked(dest) != e.projectOfFolderLocked(f.id) {
			return 0, nil, errf(http.StatusUnprocessableEntity, "/data/parent_id", "cannot move a folder into another project")
		}
		for p := dest; p != ""; p = e.folders[p].parentID {
			if p == f.id {
				return 0, nil, errf(http.StatusUnprocessableEntity, "/data/parent_id", "cannot move a folder into itself or its descendants")
			}
		}
		f.parentID = dest
		f.updatedAt = e.now().UTC()
		return 200, data(e.folderJSON(f)), nil
	})
}

// ---- listings ----

func (e *Emulator) hFolderFolders(r *http.Request) (int, any, *httpError) {
	return e.list(r, true, false, false, false)
}

// hFolderFiles lists the files whose parent is the folder: stacked files are in their stack, unless
// Readings.FolderFilesListStacked lists them here too.
func (e *Emulator) hFolderFiles(r *http.Request) (int, any, *httpError) {
	return e.list(r, false, true, false, e.readings.get().FolderFilesListStacked)
}

func (e *Emulator) hFolderChildren(r *http.Request) (int, any, *httpError) {
	// type is a filter: one kind or a comma-separated list of them ("file,folder,version_stack" is the
	// documented example).
	folders, files, stacks := true, true, true
	if t := r.URL.Query().Get("type"); t != "" {
		folders, files, stacks = false, false, false
		for _, k := range strings.Split(t, ",") {
			switch strings.TrimSpace(k) {
			case "folder":
				folders = true
			case "file":
				files = true
			case "version_stack":
				stacks = true
			default:
				return 0, nil, errf(http.StatusUnprocessableEntity, "/type", "Invalid value for type: %q", t)
			}
		}
	}
	return e.list(r, folders, files, stacks, false)
}

// pageParams validates page_size / after / include_total_count.
func pageParams(r *http.Request, max int) (size int, after int64, total bool, herr *httpError) {
	q := r.URL.Query()
	size = 50
	if v := q.Get("page_size"); v != "" || q.Has("page_size") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > max {
			return 0, 0, false, errf(http.StatusUnprocessableEntity, "/page_size", "page_size must be an integer from 1 to %d, got %q", max, v)
		}
		size = n
	}
	if q.Has("after") {
		a := q.Get("after")
		b, err := base64.RawURLEncoding.DecodeString(a)
		var n int64
		if err == nil {
			n, err = strconv.ParseInt(strings.TrimPrefix(string(b), "seq:"), 10, 64)
		}
		if err != nil || !strings.HasPrefix(string(b), "seq:") {
			return 0, 0, false, errf(http.StatusUnprocessableEntity, "/after", "Invalid cursor %q", a)
		}
		after = n
	}
	if v := q.Get("include_total_count"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, 0, false, errf(http.StatusUnprocessableEntity, "/include_total_count", "Invalid boolean %q", v)
		}
		total = b
	}
	return size, after, total, nil
}

func checkPageParams(r *http.Request, max int) *httpError {
	_, _, _, herr := pageParams(r, max)
	return herr
}

func cursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.FormatInt(seq, 10)))
}

// listItem is one entry of a listing, ordered by creation.
type listItem struct {
	seq int64
	v   map[string]any
}

// list replies one page of the folders, files and/or version stacks in the folder of the path, in
// creation order. Stacked files are not listed (their stack is) unless stackedFiles: then the files of
// the folder's stacks are listed too, in creation order among the others, each with its stack as
// parent_id.
func (e *Emulator) list(r *http.Request, folders, files, stacks, stackedFiles bool) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 500)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withFolder(r, func(parent *folder) (int, any, *httpError) {
		now := e.now()
		items := e.childrenLocked(parent.id, folders, files, stacks, now)
		if stackedFiles {
			items = append(items, e.stackedFilesInLocked(parent.id, now)...)
			sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
		}
		items = e.listedLocked(items, now)
		return 200, pageReply(r, e.itemsWithMetadataLocked(r, items), size, after, total), nil
	})
}

// stackedFilesInLocked lists the files of the version stacks in folder parent.
func (e *Emulator) stackedFilesInLocked(parent string, now time.Time) []listItem {
	var items []listItem
	for _, s := range e.stacks {
		if s.parentID != parent {
			continue
		}
		for _, id := range s.files {
			items = append(items, listItem{e.files[id].seq, e.fileJSON(e.files[id], now)})
		}
	}
	return items
}

// pageReply is one page of items (ordered by seq): those after the cursor, at most size of them.
func pageReply(r *http.Request, items []listItem, size int, after int64, total bool) map[string]any {
	count := len(items)
	start := sort.Search(len(items), func(i int) bool { return items[i].seq > after })
	items = items[start:]
	var next any
	if len(items) > size {
		items = items[:size]
		next = r.URL.EscapedPath() + "?after=" + cursor(items[size-1].seq)
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	body := map[string]any{"data": out, "links": map[string]any{"next": next}}
	if total {
		body["total_count"] = count
	}
	return body
}

// childrenLocked returns the folders, files and/or version stacks directly in parent, in creation order,
// with those deleted but still listed (Readings.ListingLag).
func (e *Emulator) childrenLocked(parent string, folders, files, stacks bool, now time.Time) []listItem {
	var items []listItem
	if folders {
		for _, f := range e.folders {
			if f.parentID == parent {
				items = append(items, listItem{f.seq, e.folderJSON(f)})
			}
		}
	}
	if files {
		for _, f := range e.files {
			if f.parentID == parent {
				items = append(items, listItem{f.seq, e.fileJSON(f, now)})
			}
		}
	}
	if stacks {
		items = append(items, e.stacksInLocked(parent, now)...)
	}
	items = append(items, e.ghostsInLocked(parent, map[string]bool{"folder": folders, "file": files}, now)...)
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	return items
}

// ---- out-of-band changes (drift tests) ----

// RenameFolder renames a folder as if someone did it in the web app.
func (e *Emulator) RenameFolder(id, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.folders[id]
	if !ok {
		return fmt.Errorf("folder %q: %w", id, ErrNotFound)
	}
	f.name = name
	f.updatedAt = e.now().UTC()
	return nil
}

// MoveFolder moves a folder into folder parentID ("" = the default project's root folder).
func (e *Emulator) MoveFolder(id, parentID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if parentID == "" {
		parentID = e.opts.RootFolderID
	}
	f, ok := e.folders[id]
	if !ok || f.parentID == "" {
		return fmt.Errorf("folder %q: %w", id, ErrNotFound)
	}
	if _, ok := e.folders[parentID]; !ok {
		return fmt.Errorf("folder %q: %w", parentID, ErrNotFound)
	}
	f.parentID = parentID
	f.updatedAt = e.now().UTC()
	return nil
}

// DeleteFolder deletes a folder with everything in it, as the web app does.
func (e *Emulator) DeleteFolder(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.folders[id]
	if !ok || f.parentID == "" {
		return fmt.Errorf("folder %q: %w", id, ErrNotFound)
	}
	e.deleteFolderLocked(id)
	return nil
}
