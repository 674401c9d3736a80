package emulator

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Route is one Frame.io API route the emulator serves.
type Route struct {
	Method      string // GET, POST, PATCH, DELETE
	Pattern     string // OpenAPI path template, e.g. /v4/accounts/{account_id}/files/{file_id}
	OperationID string // the OpenAPI operationId, which is also the rate-limit bucket (limits are per endpoint)
}

// apiHandler serves one route. Path ids come from r.PathValue (already unescaped); the account id has
// been checked by serveAPI.
type apiHandler func(e *Emulator, r *http.Request) (status int, body any, herr *httpError)

// routeTable is every API route, in the order of the OpenAPI operations it models. Wildcard names are
// those of the OpenAPI document.
var routeTable = []struct {
	Route
	h apiHandler
}{
	{Route{"GET", "/v4/me", "users.show"}, (*Emulator).hMe},
	{Route{"GET", "/v4/accounts", "accounts.index"}, (*Emulator).hAccounts},
	{Route{"GET", "/v4/accounts/{account_id}/workspaces", "workspaces.index"}, (*Emulator).hWorkspaces},
	{Route{"GET", "/v4/accounts/{account_id}/workspaces/{workspace_id}", "workspaces.show"}, (*Emulator).hWorkspace},
	{Route{"GET", "/v4/accounts/{account_id}/projects", "account_projects.index"}, (*Emulator).hProjects},
	{Route{"GET", "/v4/accounts/{account_id}/workspaces/{workspace_id}/projects", "projects.index"}, (*Emulator).hWorkspaceProjects},
	{Route{"GET", "/v4/accounts/{account_id}/projects/{project_id}", "projects.show"}, (*Emulator).hProject},
	{Route{"GET", "/v4/accounts/{account_id}/folders/{folder_id}", "folders.show"}, (*Emulator).hFolderShow},
	{Route{"PATCH", "/v4/accounts/{account_id}/folders/{folder_id}", "folders.update"}, (*Emulator).hFolderUpdate},
	{Route{"DELETE", "/v4/accounts/{account_id}/folders/{folder_id}", "folders.delete"}, (*Emulator).hFolderDelete},
	{Route{"PATCH", "/v4/accounts/{account_id}/folders/{folder_id}/move", "folders.move"}, (*Emulator).hFolderMove},
	{Route{"GET", "/v4/accounts/{account_id}/folders/{folder_id}/folders", "folders.list"}, (*Emulator).hFolderFolders},
	{Route{"POST", "/v4/accounts/{account_id}/folders/{folder_id}/folders", "folders.create"}, (*Emulator).hFolderCreate},
	{Route{"GET", "/v4/accounts/{account_id}/folders/{folder_id}/children", "folders.index"}, (*Emulator).hFolderChildren},
	{Route{"GET", "/v4/accounts/{account_id}/folders/{folder_id}/files", "files.list"}, (*Emulator).hFolderFiles},
	{Route{"POST", "/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload", "files.create_local_upload"}, (*Emulator).hLocalUpload},
	{Route{"POST", "/v4/accounts/{account_id}/folders/{folder_id}/files/remote_upload", "files.create_remote_upload"}, (*Emulator).hRemoteUpload},
	{Route{"GET", "/v4/accounts/{account_id}/files/{file_id}", "files.show"}, (*Emulator).hFileShow},
	{Route{"PATCH", "/v4/accounts/{account_id}/files/{file_id}", "files.update"}, (*Emulator).hFileUpdate},
	{Route{"DELETE", "/v4/accounts/{account_id}/files/{file_id}", "files.delete"}, (*Emulator).hFileDelete},
	{Route{"PATCH", "/v4/accounts/{account_id}/files/{file_id}/move", "files.move"}, (*Emulator).hFileMove},
	{Route{"GET", "/v4/accounts/{account_id}/files/{file_id}/status", "files.show_file_upload_status"}, (*Emulator).hFileStatus},
	{Route{"GET", "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks", "version_stacks.list"}, (*Emulator).hStackList},
	{Route{"POST", "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks", "version_stacks.create"}, (*Emulator).hStackCreate},
	{Route{"GET", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}", "version_stacks.show"}, (*Emulator).hStackShow},
	{Route{"GET", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}/children", "version_stacks.index"}, (*Emulator).hStackChildren},
	{Route{"PATCH", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}/move", "version_stacks.move"}, (*Emulator).hStackMove},
	{Route{"GET", "/v4/accounts/{account_id}/projects/{project_id}/shares", "shares.index"}, (*Emulator).hShareList},
	{Route{"POST", "/v4/accounts/{account_id}/projects/{project_id}/shares", "shares.create"}, (*Emulator).hShareCreate},
	{Route{"GET", "/v4/accounts/{account_id}/shares/{share_id}", "shares.show"}, (*Emulator).hShareShow},
	{Route{"PATCH", "/v4/accounts/{account_id}/shares/{share_id}", "shares.update"}, (*Emulator).hShareUpdate},
	{Route{"DELETE", "/v4/accounts/{account_id}/shares/{share_id}", "shares.delete"}, (*Emulator).hShareDelete},
	{Route{"POST", "/v4/accounts/{account_id}/shares/{share_id}/assets", "shares.add_asset"}, (*Emulator).hShareAddAsset},
	{Route{"DELETE", "/v4/accounts/{account_id}/shares/{share_id}/assets/{asset_id}", "shares.remove_asset"}, (*Emulator).hShareRemoveAsset},
	{Route{"GET", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "shares.list_reviewers"}, (*Emulator).hShareReviewers},
	{Route{"POST", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "shares.add_reviewers"}, (*Emulator).hShareAddReviewers},
	{Route{"DELETE", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "shares.remove_reviewers"}, (*Emulator).hShareRemoveReviewers},
	{Route{"GET", "/v4/accounts/{account_id}/metadata/field_definitions", "metadata.field_definitions.index"}, (*Emulator).hFieldDefList},
	{Route{"POST", "/v4/accounts/{account_id}/metadata/field_definitions", "metadata.field_definitions.create"}, (*Emulator).hFieldDefCreate},
	{Route{"PATCH", "/v4/accounts/{account_id}/metadata/field_definitions/{field_definition_id}", "metadata.field_definitions.update"}, (*Emulator).hFieldDefUpdate},
	{Route{"DELETE", "/v4/accounts/{account_id}/metadata/field_definitions/{field_definition_id}", "metadata.field_definitions.delete"}, (*Emulator).hFieldDefDelete},
	{Route{"GET", "/v4/accounts/{account_id}/files/{file_id}/metadata", "metadata.show"}, (*Emulator).hMetadataShow},
	{Route{"PATCH", "/v4/accounts/{account_id}/projects/{project_id}/metadata/values", "metadata.bulk_update"}, (*Emulator).hMetadataBulkUpdate},
}

// Routes returns every API route the emulator serves, in a stable order (a copy). The pre-signed S3
// part URLs and the served directory are not API routes and are not listed.
func Routes() []Route {
	out := make([]Route, len(routeTable))
	for i, rt := range routeTable {
		out[i] = rt.Route
	}
	return out
}

// apiRoute is a route as served: its handler and rate limit bound at construction.
type apiRoute struct {
	Route
	limit      RateLimit
	h          apiHandler
	hasAccount bool // the path starts with /v4/accounts/{account_id}: the account must exist
}

// newAPIMux builds the /v4 router once. Every path that matches no route (and every route called with
// another method: a known route with another method is 404, not 405) goes to the "/" fallback.
func (e *Emulator) newAPIMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range routeTable {
		lim, ok := rateLimits[rt.OperationID]
		if !ok {
			panic("emulator: no rate limit for " + rt.OperationID) // caught by TestEveryRouteHasARateLimit
		}
		route := &apiRoute{Route: rt.Route, limit: lim, h: rt.h,
			hasAccount: strings.Contains(rt.Pattern, "{account_id}")}
		mux.HandleFunc(rt.Method+" "+rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
			if r.Method != route.Method { // a GET pattern also matches HEAD
				e.serveAPI(w, r, nil)
				return
			}
			e.serveAPI(w, r, route)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { e.serveAPI(w, r, nil) })
	return mux
}

// routeAPI hands a /v4 request to the router. ServeMux would redirect a path that is not canonical
// (".", ".." or empty segments); the API has no such routes, so those are 404 like any unknown route.
func (e *Emulator) routeAPI(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.EscapedPath(); p != cleanPath(p) {
		e.serveAPI(w, r, nil)
		return
	}
	e.api.ServeHTTP(w, r)
}

// cleanPath is ServeMux's canonical form of a path: path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// serveAPI serves an API call; route is nil when nothing matched. Order of checks: route, then
// authentication, then injected faults, then the rate limit, then the account, then the handler.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request, route *apiRoute) {
	var herr *httpError
	op, lim := "", unroutedLimit
	if route == nil {
		herr = &httpError{status: http.StatusNotFound, title: "Not Found",
			detail: "No route found for " + r.Method + " " + r.URL.EscapedPath()}
	} else {
		op, lim = route.OperationID, e.settings.scaled(route.limit)
		setOp(w, op)
		herr = e.authenticate(r)
	}

	// Rate-limit headers on every reply; only authenticated, routable calls fill the bucket.
	ok, remaining := true, lim.N
	if route != nil {
		_, _, enforce := e.settings.get()
		e.mu.Lock()
		ok, remaining = e.takeLocked(op, lim, e.now(), enforce, herr == nil)
		e.mu.Unlock()
	}
	w.Header().Set("x-ratelimit-limit", strconv.Itoa(lim.N))
	w.Header().Set("x-ratelimit-remaining", strconv.Itoa(remaining))
	w.Header().Set("x-ratelimit-window", strconv.FormatInt(lim.Window.Milliseconds(), 10))
	if herr != nil {
		writeHTTPError(w, herr)
		return
	}

	f := e.faults.take(op, true)
	switch {
	case f != nil && f.kind == faultFail:
		writeAPIFault(w, f)
	case f != nil && f.kind == faultStall:
		e.stall(w, r)
	case f != nil && f.kind == faultReset:
		resetMidRequest(w, r)
	case !ok:
		w.Header().Set("x-ratelimit-remaining", "0")
		writeError(w, http.StatusTooManyRequests, "Too Many Requests",
			fmt.Sprintf("Rate limit of %d calls per %s exceeded", lim.N, lim.Window), "")
	case f != nil && f.kind == faultLose:
		e.serveRoute(&discardReply{}, r, route)
		lostReply(w, f.mode)
	default:
		if first, mode := e.firstCreateAttempt(op, r); first { // Readings.LoseCreateReplies
			e.serveRoute(&discardReply{}, r, route)
			lostReply(w, mode)
			return
		}
		e.serveRoute(w, r, route)
	}
}

// serveRoute runs the route's handler on a call that passed every check before it, and writes its reply.
func (e *Emulator) serveRoute(w http.ResponseWriter, r *http.Request, route *apiRoute) {
	if a := r.PathValue("account_id"); route.hasAccount && !e.hasAccount(a) {
		writeHTTPError(w, notFound("account", a))
		return
	}
	status, body, herr := route.h(e, r)
	switch {
	case herr != nil:
		writeHTTPError(w, herr)
	case status == http.StatusNoContent:
		w.WriteHeader(status)
	default:
		writeJSON(w, status, body)
	}
}

// writeAPIFault answers an injected failure (FailOperation).
func writeAPIFault(w http.ResponseWriter, f *fault) {
	if f.retryAfter > 0 {
		w.Header().Set("Retry-After", retryAfterSeconds(f.retryAfter))
	}
	detail := "Injected failure"
	if f.status == http.StatusTooManyRequests {
		w.Header().Set("x-ratelimit-remaining", "0")
		detail = "Too many requests (injected)"
	}
	if f.detail != "" {
		detail = f.detail
	}
	writeError(w, f.status, http.StatusText(f.status), detail, f.pointer)
}

// authenticate checks the bearer token. A malformed header gets the older error shape, which
// writeHTTPError sends when the error is errMalformedToken.
func (e *Emulator) authenticate(r *http.Request) *httpError {
	auth := r.Header.Get("Authorization")
	scheme, tok, found := strings.Cut(auth, " ")
	switch {
	case auth == "":
		return &httpError{status: http.StatusUnauthorized, title: "Unauthorized", detail: "Missing Authorization header"}
	case !found || !strings.EqualFold(scheme, "Bearer") || tok == "" || strings.ContainsAny(tok, " \t"):
		return errMalformedToken
	case tok != e.opts.Token && !e.imsAccepts(tok, e.now()): // an IMS token that expired gets the same reply
		return &httpError{status: http.StatusUnauthorized, title: "Unauthorized", detail: "Invalid or expired token"}
	}
	return nil
}

// errMalformedToken is the reply to a malformed Authorization header, in the older
// {"error":{"detail":...}} shape the service still uses for it.
var errMalformedToken = &httpError{status: http.StatusUnauthorized, detail: "Malformed token."}

// retryAfterSeconds formats d as a Retry-After value: whole seconds, rounded up.
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

func writeHTTPError(w http.ResponseWriter, h *httpError) {
	if h == errMalformedToken {
		writeJSON(w, h.status, map[string]any{"error": map[string]any{"detail": h.detail}})
		return
	}
	writeError(w, h.status, h.title, h.detail, h.pointer)
}
