package emulator

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Remote uploads are limited to 50 GB.
const maxRemoteSize = 50_000_000_000

// Local uploads: file_size 1 .. 5 TB.
const maxLocalSize = 5_000_000_000_000

type apiHandler func(r *http.Request, ids []string) (status int, body any, herr *httpError)

// route maps a request to a route name (the OpenAPI operationId, which is also the rate-limit key: limits
// are per endpoint), its handler and the unescaped path ids.
func (e *Emulator) route(r *http.Request) (name string, h apiHandler, ids []string, herr *httpError) {
	raw := strings.TrimPrefix(r.URL.EscapedPath(), "/v4")
	raw = strings.TrimPrefix(raw, "/")
	var segs []string
	if raw != "" {
		for _, s := range strings.Split(raw, "/") {
			u, err := url.PathUnescape(s)
			if err != nil {
				return "", nil, nil, errf(http.StatusBadRequest, "", "invalid path escape %q", s)
			}
			segs = append(segs, u)
		}
	}
	m := r.Method
	match := func(pattern string) bool {
		ps := strings.Split(pattern, "/")
		if len(ps) != len(segs) {
			return false
		}
		ids = ids[:0]
		for i, p := range ps {
			if p == "*" {
				if segs[i] == "" {
					return false
				}
				ids = append(ids, segs[i])
			} else if p != segs[i] {
				return false
			}
		}
		return true
	}
	type rt struct {
		method, pattern, name string
		h                     apiHandler
	}
	routes := []rt{
		{"GET", "me", "users.show", e.hMe},
		{"GET", "accounts", "accounts.index", e.hAccounts},
		{"GET", "accounts/*/workspaces", "workspaces.index", e.hWorkspaces},
		{"GET", "accounts/*/projects", "account_projects.index", e.hProjects},
		{"GET", "accounts/*/workspaces/*/projects", "projects.index", e.hWorkspaceProjects},
		{"GET", "accounts/*/projects/*", "projects.show", e.hProject},
		{"GET", "accounts/*/folders/*", "folders.show", e.hFolderShow},
		{"PATCH", "accounts/*/folders/*", "folders.update", e.hFolderUpdate},
		{"DELETE", "accounts/*/folders/*", "folders.delete", e.hFolderDelete},
		{"PATCH", "accounts/*/folders/*/move", "folders.move", e.hFolderMove},
		{"GET", "accounts/*/folders/*/folders", "folders.list", e.hFolderFolders},
		{"POST", "accounts/*/folders/*/folders", "folders.create", e.hFolderCreate},
		{"GET", "accounts/*/folders/*/children", "folders.index", e.hFolderChildren},
		{"GET", "accounts/*/folders/*/files", "files.list", e.hFolderFiles},
		{"POST", "accounts/*/folders/*/files/local_upload", "files.create_local_upload", e.hLocalUpload},
		{"POST", "accounts/*/folders/*/files/remote_upload", "files.create_remote_upload", e.hRemoteUpload},
		{"GET", "accounts/*/files/*", "files.show", e.hFileShow},
		{"PATCH", "accounts/*/files/*", "files.update", e.hFileUpdate},
		{"DELETE", "accounts/*/files/*", "files.delete", e.hFileDelete},
		{"PATCH", "accounts/*/files/*/move", "files.move", e.hFileMove},
		{"GET", "accounts/*/files/*/status", "files.show_file_upload_status", e.hFileStatus},
	}
	for _, x := range routes {
		if x.method == m && match(x.pattern) {
			return x.name, x.h, append([]string(nil), ids...), nil
		}
	}
	return "", nil, nil, &httpError{status: http.StatusNotFound, title: "Not Found",
		detail: fmt.Sprintf("No route found for %s %s", m, r.URL.EscapedPath())}
}

func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	name, h, ids, herr := e.route(r)
	// Authentication (the older error shape for a malformed header).
	auth := r.Header.Get("Authorization")
	scheme, tok, found := strings.Cut(auth, " ")
	var authErr func()
	switch {
	case herr != nil:
	case auth == "":
		authErr = func() { writeError(w, http.StatusUnauthorized, "Unauthorized", "Missing Authorization header", "") }
	case !found || !strings.EqualFold(scheme, "Bearer") || tok == "" || strings.ContainsAny(tok, " \t"):
		authErr = func() {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"detail": "Malformed token."}})
		}
	case tok != e.opts.Token:
		authErr = func() { writeError(w, http.StatusUnauthorized, "Unauthorized", "Invalid or expired token", "") }
	}
	// Rate-limit headers on every reply; only authenticated, routable calls fill the bucket.
	counted := herr == nil && authErr == nil
	e.mu.Lock()
	ok, lim, remaining := e.takeLocked(name, time.Now(), e.rateLimits, counted)
	e.mu.Unlock()
	w.Header().Set("x-ratelimit-limit", strconv.Itoa(lim.n))
	w.Header().Set("x-ratelimit-remaining", strconv.Itoa(remaining))
	w.Header().Set("x-ratelimit-window", strconv.FormatInt(lim.window.Milliseconds(), 10))
	if herr != nil {
		writeHTTPError(w, herr)
		return
	}
	if authErr != nil {
		authErr()
		return
	}

	// Injected faults, then the real rate limit.
	e.mu.Lock()
	var fault *httpError
	var retry time.Duration
	switch {
	case e.rateLimitNext > 0:
		e.rateLimitNext--
		retry = e.rateLimitRetry
		fault = &httpError{status: http.StatusTooManyRequests, title: "Too Many Requests", detail: "Too many requests (injected)"}
	case e.failAPI > 0:
		e.failAPI--
		fault = &httpError{status: e.failAPIStatus, detail: "Injected failure"}
	}
	e.mu.Unlock()
	if fault == nil && !ok {
		fault = &httpError{status: http.StatusTooManyRequests, title: "Too Many Requests",
			detail: fmt.Sprintf("Rate limit of %d calls per %s exceeded", lim.n, lim.window)}
	}
	if fault != nil {
		if fault.status == http.StatusTooManyRequests {
			w.Header().Set("x-ratelimit-remaining", "0")
			if retry > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
			}
		}
		writeHTTPError(w, fault)
		return
	}

	if len(ids) > 0 && ids[0] != e.opts.AccountID { // every route with ids starts with the account
		writeHTTPError(w, notFound("account", ids[0]))
		return
	}
	status, body, herr := h(r, ids)
	if herr != nil {
		writeHTTPError(w, herr)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, body)
}

func writeHTTPError(w http.ResponseWriter, h *httpError) {
	writeError(w, h.status, h.title, h.detail, h.pointer)
}

// ---- JSON shapes ----

func (e *Emulator) viewURL(id string) string {
	return "https://next.frame.io/project/" + e.opts.ProjectID + "/view/" + id
}

func (e *Emulator) fileJSON(f *file, now time.Time) map[string]any {
	return map[string]any{
		"id":         f.id,
		"name":       f.name,
		"parent_id":  f.parentID,
		"project_id": e.opts.ProjectID,
		"type":       "file",
		"file_size":  f.size,
		"media_type": f.mediaType,
		"status":     f.status(now, e.opts),
		"view_url":   e.viewURL(f.id),
		"created_at": ts(f.createdAt),
		"updated_at": ts(f.updatedAt),
	}
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
		"project_id":    e.opts.ProjectID,
		"type":          "folder",
		"view_url":      e.viewURL(f.id),
		"cover_file_id": nil,
		"created_at":    ts(f.createdAt),
		"updated_at":    ts(f.updatedAt),
	}
}

func (e *Emulator) projectJSON() map[string]any {
	return map[string]any{
		"id":             e.opts.ProjectID,
		"name":           e.opts.ProjectName,
		"root_folder_id": e.opts.RootFolderID,
		"workspace_id":   e.opts.WorkspaceID,
		"status":         "active",
		"description":    nil, // required, nullable
		"restricted":     false,
		"storage":        0,
		"view_url":       "https://next.frame.io/project/" + e.opts.ProjectID + "/",
		"created_at":     ts(e.createdAt),
		"updated_at":     ts(e.createdAt),
	}
}

func data(v any) map[string]any { return map[string]any{"data": v} }

// ---- handlers: identity, accounts, projects ----

func (e *Emulator) hMe(r *http.Request, _ []string) (int, any, *httpError) {
	return 200, data(map[string]any{
		"id": "6f1f2b0e-0000-4000-8000-0000000000d1", "name": "Emulated User",
		"email": "emulator@example.com", "avatar_url": nil,
	}), nil
}

func (e *Emulator) hAccounts(r *http.Request, _ []string) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, map[string]any{"data": []any{map[string]any{
		"id": e.opts.AccountID, "display_name": "Emulated Account", "roles": []string{"admin"},
		"storage_limit": nil, "storage_usage": 0, "image": nil,
		"created_at": ts(e.createdAt), "updated_at": ts(e.createdAt),
	}}, "links": map[string]any{"next": nil}}, nil
}

func (e *Emulator) hWorkspaces(r *http.Request, _ []string) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, map[string]any{"data": []any{map[string]any{
		"id": e.opts.WorkspaceID, "name": "Emulated Workspace", "account_id": e.opts.AccountID,
		"created_at": ts(e.createdAt), "updated_at": ts(e.createdAt),
	}}, "links": map[string]any{"next": nil}}, nil
}

func (e *Emulator) hProjects(r *http.Request, _ []string) (int, any, *httpError) {
	if herr := checkPageParams(r, 100); herr != nil {
		return 0, nil, herr
	}
	return 200, map[string]any{"data": []any{e.projectJSON()}, "links": map[string]any{"next": nil}}, nil
}

func (e *Emulator) hWorkspaceProjects(r *http.Request, ids []string) (int, any, *httpError) {
	if ids[1] != e.opts.WorkspaceID {
		return 0, nil, notFound("workspace", ids[1])
	}
	return e.hProjects(r, ids)
}

func (e *Emulator) hProject(r *http.Request, ids []string) (int, any, *httpError) {
	if ids[1] != e.opts.ProjectID {
		return 0, nil, notFound("project", ids[1])
	}
	return 200, data(e.projectJSON()), nil
}

// ---- folders ----

func (e *Emulator) hFolderShow(r *http.Request, ids []string) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.folders[ids[1]]
	if !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	return 200, data(e.folderJSON(f)), nil
}

func (e *Emulator) hFolderCreate(r *http.Request, ids []string) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	name := d["name"].(string)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.folders[ids[1]]; !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	return http.StatusCreated, data(e.folderJSON(e.addFolderLocked(ids[1], name))), nil
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

func (e *Emulator) hFolderUpdate(r *http.Request, ids []string) (int, any, *httpError) {
	name, hasName, herr := decodeRename(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.folders[ids[1]]
	if !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	if hasName {
		f.name = name
		f.updatedAt = time.Now().UTC()
	}
	return 200, data(e.folderJSON(f)), nil
}

func (e *Emulator) hFolderDelete(r *http.Request, ids []string) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.folders[ids[1]]; !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	if ids[1] == e.opts.RootFolderID {
		return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "The root folder of a project cannot be deleted"}
	}
	e.deleteFolderLocked(ids[1])
	return http.StatusNoContent, nil, nil
}

// decodeMove reads the body of a folder or file move, whose only field is the required parent_id.
func decodeMove(r *http.Request) (string, *httpError) {
	d, herr := decodeData(r, fieldSpec{"parent_id", kString, true})
	if herr != nil {
		return "", herr
	}
	return d["parent_id"].(string), nil
}

func (e *Emulator) hFolderMove(r *http.Request, ids []string) (int, any, *httpError) {
	dest, herr := decodeMove(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.folders[ids[1]]
	if !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	if f.id == e.opts.RootFolderID {
		return 0, nil, &httpError{status: http.StatusForbidden, title: "Forbidden", detail: "The root folder of a project cannot be moved"}
	}
	if _, ok := e.folders[dest]; !ok {
		return 0, nil, notFound("folder", dest)
	}
	for p := dest; p != ""; p = e.folders[p].parentID {
		if p == f.id {
			return 0, nil, errf(http.StatusUnprocessableEntity, "/data/parent_id", "cannot move a folder into itself or its descendants")
		}
	}
	f.parentID = dest
	f.updatedAt = time.Now().UTC()
	return 200, data(e.folderJSON(f)), nil
}

// listItem is one entry of a listing, ordered by creation.
type listItem struct {
	seq int64
	v   map[string]any
}

func (e *Emulator) hFolderFolders(r *http.Request, ids []string) (int, any, *httpError) {
	return e.list(r, ids, true, false)
}

func (e *Emulator) hFolderFiles(r *http.Request, ids []string) (int, any, *httpError) {
	return e.list(r, ids, false, true)
}

func (e *Emulator) hFolderChildren(r *http.Request, ids []string) (int, any, *httpError) {
	// type is a filter: one kind or a comma-separated list of them ("file,folder,version_stack" is the
	// documented example).
	folders, files := true, true
	if t := r.URL.Query().Get("type"); t != "" {
		folders, files = false, false
		for _, k := range strings.Split(t, ",") {
			switch strings.TrimSpace(k) {
			case "folder":
				folders = true
			case "file":
				files = true
			case "version_stack": // not modelled: there are none
			default:
				return 0, nil, errf(http.StatusUnprocessableEntity, "/type", "Invalid value for type: %q", t)
			}
		}
	}
	return e.list(r, ids, folders, files)
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

func (e *Emulator) list(r *http.Request, ids []string, folders, files bool) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 500)
	if herr != nil {
		return 0, nil, herr
	}
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.folders[ids[1]]; !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	var items []listItem
	if folders {
		for _, f := range e.folders {
			if f.parentID == ids[1] {
				items = append(items, listItem{f.seq, e.folderJSON(f)})
			}
		}
	}
	if files {
		for _, f := range e.files {
			if f.parentID == ids[1] {
				items = append(items, listItem{f.seq, e.fileJSON(f, now)})
			}
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
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
	return 200, body, nil
}

// ---- files ----

func (e *Emulator) hLocalUpload(r *http.Request, ids []string) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true}, fieldSpec{"file_size", kInt, true})
	if herr != nil {
		return 0, nil, herr
	}
	name, size := d["name"].(string), d["file_size"].(int64)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	if size < 1 {
		return 0, nil, &httpError{status: 422, title: "Invalid value", detail: fmt.Sprintf("%d is smaller than inclusive minimum 1", size), pointer: "/data/file_size"}
	}
	if size > maxLocalSize {
		return 0, nil, &httpError{status: 422, title: "Invalid value", detail: fmt.Sprintf("%d is larger than inclusive maximum %d", size, int64(maxLocalSize)), pointer: "/data/file_size"}
	}
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.folders[ids[1]]; !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	f := e.newFileLocked(ids[1], name, now)
	f.size = size
	f.uploadID = newID()
	f.expiresAt = now.Add(e.opts.URLExpiry)
	e.uploads[f.uploadID] = f
	base := e.baseURL
	var urls []any
	for i, ps := range partSizes(size, e.opts.PartSize) {
		f.parts = append(f.parts, &part{size: ps})
		urls = append(urls, map[string]any{"size": ps, "url": base + e.presign(f.uploadID, i+1, now)})
	}
	v := e.fileJSON(f, now)
	v["upload_urls"] = urls
	return http.StatusCreated, data(v), nil
}

func (e *Emulator) newFileLocked(parent, name string, now time.Time) *file {
	e.seq++
	f := &file{
		id: newID(), name: name, parentID: parent, mediaType: mediaType(name),
		seq: e.seq, createdAt: now.UTC(), updatedAt: now.UTC(),
	}
	e.files[f.id] = f
	return f
}

func (e *Emulator) hRemoteUpload(r *http.Request, ids []string) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true}, fieldSpec{"source_url", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	name, src := d["name"].(string), d["source_url"].(string)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return 0, nil, &httpError{status: 422, title: "Invalid value", detail: "source_url must be an absolute http(s) URL", pointer: "/data/source_url"}
	}
	now := time.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.folders[ids[1]]; !ok {
		return 0, nil, notFound("folder", ids[1])
	}
	f := e.newFileLocked(ids[1], name, now)
	f.remote = true
	f.sourceURL = src
	e.bg.Add(1)
	go e.fetchRemote(f, src)
	return http.StatusAccepted, map[string]any{
		"data":  e.fileJSON(f, now),
		"links": map[string]any{"status": "/v4/accounts/" + url.PathEscape(e.opts.AccountID) + "/files/" + f.id + "/status"},
	}, nil
}

func (e *Emulator) getFile(id string) (*file, *httpError) {
	f, ok := e.files[id]
	if !ok {
		return nil, notFound("file", id)
	}
	return f, nil
}

func (e *Emulator) hFileShow(r *http.Request, ids []string) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, herr := e.getFile(ids[1])
	if herr != nil {
		return 0, nil, herr
	}
	return 200, data(e.fileJSON(f, time.Now())), nil
}

func (e *Emulator) hFileUpdate(r *http.Request, ids []string) (int, any, *httpError) {
	name, hasName, herr := decodeRename(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f, herr := e.getFile(ids[1])
	if herr != nil {
		return 0, nil, herr
	}
	if hasName {
		f.name = name
		f.updatedAt = time.Now().UTC()
	}
	return 200, data(e.fileJSON(f, time.Now())), nil
}

func (e *Emulator) hFileDelete(r *http.Request, ids []string) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, herr := e.getFile(ids[1]); herr != nil {
		return 0, nil, herr
	}
	e.deleteFileLocked(ids[1])
	return http.StatusNoContent, nil, nil
}

func (e *Emulator) hFileMove(r *http.Request, ids []string) (int, any, *httpError) {
	dest, herr := decodeMove(r)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f, herr := e.getFile(ids[1])
	if herr != nil {
		return 0, nil, herr
	}
	if _, ok := e.folders[dest]; !ok {
		return 0, nil, notFound("folder", dest)
	}
	f.parentID = dest
	f.updatedAt = time.Now().UTC()
	return 200, data(e.fileJSON(f, time.Now())), nil
}

func (e *Emulator) hFileStatus(r *http.Request, ids []string) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, herr := e.getFile(ids[1])
	if herr != nil {
		return 0, nil, herr
	}
	now := time.Now()
	var uploadedAt, completedAt any
	if f.landed() && !now.Before(f.landedAt) {
		uploadedAt = ts(f.landedAt)
	}
	complete := f.completeAt(now, e.opts)
	if complete {
		completedAt = ts(f.landedAt.Add(e.opts.ProcessingDelay))
	}
	return 200, data(map[string]any{
		"id":                  f.id,
		"filetype":            f.mediaType,
		"upload_complete":     complete,
		"upload_failed":       f.uploadFailedAt(now, e.opts),
		"uploaded_at":         uploadedAt,
		"upload_completed_at": completedAt,
	}), nil
}
