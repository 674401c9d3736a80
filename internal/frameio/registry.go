package frameio

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The operation registry: every API operation the client calls, declared once with all the client
// knows of it. The typed methods (api.go, lookups.go, shares.go) send it, the pacer paces it by its
// limit, a list asks for its page size, and a write tells the read cache what it may have changed.
// Adding an operation is one entry here and its typed method.

// operation is one API operation.
type operation struct {
	// id is the OpenAPI operationId, which is also the rate-limit bucket (limits are per endpoint, not
	// per resource).
	id     string
	method string
	// path is the OpenAPI path. A path under /v4/accounts/{account_id}/ is account-scoped: the
	// AccountClient fills in its account; the other {parameters} take the path-escaped ids in order.
	path string
	// args name the ids after the account in "must not be empty" errors (the Go argument names, which
	// may differ from the OpenAPI ones: a new folder's parent is {folder_id}).
	args []string
	// limit is the documented rate limit: the "Rate Limits:" line of the operation in the OpenAPI
	// document (checked by internal/testonly/apicontract). The limits of replies override it when they differ.
	limit RateLimit
	// pageSize is the page_size a list asks for; 0 for an operation that returns one object.
	pageSize int
	// changes is what a call may change, for the read cache; every method but GET must declare it.
	changes effect
	// query is the fixed query string of every call (e.g. "include=metadata"), kept on every page of a
	// list (links.next does not repeat it).
	query string
	// create marks an operation that makes a new object each time it takes effect: nothing in the API
	// makes it idempotent. The transport does not send it again after a failure that may have taken
	// effect (a 5xx, a cut connection, a timeout); its typed method looks for what it made instead
	// (create.go). The other writes (PATCH of a name, DELETE, adding an asset) keep plain retries.
	create bool
}

// effect is what a call of an operation may change among what the read cache (readcache.go) serves.
type effect int

const (
	// readOnly: a GET changes nothing.
	readOnly effect = iota
	// changesNamed: the call may change the assets it names (the ids of its path but the account, and the
	// parent or files of its body; see assetNamer): listings of those containers, and those entries in
	// any listing, made before the call are not served again.
	changesNamed
	// changesTree: the call may change what any listing of the tree below shows (a folder moved or
	// deleted, a stack moved): every listing made before it is dropped.
	changesTree
	// changesNoAsset: the call writes something no listing of assets shows (a share).
	changesNoAsset
)

// Page sizes, from the OpenAPI parameters page_size: RequestPageSize (1..100) for most lists,
// AssetRequestPageSize (1..500) for the listings of a folder's content.
const (
	generalPageSize = 100
	// assetPageSize is used for a folder's files, subfolders and version stacks (the read cache lists whole folders:
	// a folder of 1,000 files is two calls). The children listing (folders.index) also allows 500 but
	// stays at the general size: its limit is per minute, and its callers list small folders.
	assetPageSize = 500
)

func perSecond(n int) RateLimit { return RateLimit{N: n, Window: time.Second} }
func perMinute(n int) RateLimit { return RateLimit{N: n, Window: time.Minute} }

// registry is every operation the client can call, in declaration order. register appends to it, so
// the op* variables below are the one list and Operations cannot miss one.
var registry []*operation

func register(op operation) *operation {
	registry = append(registry, &op)
	return &op
}

const (
	get, post, patch, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
	accountPath           = "/v4/accounts/{account_id}"
)

var (
	opListAccounts = register(operation{id: "accounts.index", method: get, path: "/v4/accounts",
		limit: perMinute(100), pageSize: generalPageSize})
	opMe = register(operation{id: "users.show", method: get, path: "/v4/me",
		limit: perMinute(100)})

	// Workspaces and projects.
	opShowProject = register(operation{id: "projects.show", method: get, path: accountPath + "/projects/{project_id}",
		args: []string{"projectID"}, limit: perMinute(100)})
	opListWorkspaces = register(operation{id: "workspaces.index", method: get, path: accountPath + "/workspaces",
		limit: perMinute(100), pageSize: generalPageSize})
	opShowWorkspace = register(operation{id: "workspaces.show", method: get, path: accountPath + "/workspaces/{workspace_id}",
		args: []string{"workspaceID"}, limit: perMinute(100)})
	opListProjects = register(operation{id: "projects.index", method: get, path: accountPath + "/workspaces/{workspace_id}/projects",
		args: []string{"workspaceID"}, limit: perMinute(100), pageSize: generalPageSize})
	opListAcctProjects = register(operation{id: "account_projects.index", method: get, path: accountPath + "/projects",
		limit: perMinute(100), pageSize: generalPageSize})

	// Folders.
	opListFolders = register(operation{id: "folders.list", method: get, path: accountPath + "/folders/{folder_id}/folders",
		args: []string{"folderID"}, limit: perSecond(5), pageSize: assetPageSize})
	// The reads of files ask for their metadata values (include=metadata), so that a Read of a file's
	// metadata costs no call of its own.
	opListFiles = register(operation{id: "files.list", method: get, path: accountPath + "/folders/{folder_id}/files",
		args: []string{"folderID"}, limit: perSecond(5), pageSize: assetPageSize, query: includeMetadata})
	opCreateFolder = register(operation{id: "folders.create", method: post, path: accountPath + "/folders/{folder_id}/folders",
		args: []string{"parentID"}, limit: perSecond(3), changes: changesNamed, create: true})
	opShowFolder = register(operation{id: "folders.show", method: get, path: accountPath + "/folders/{folder_id}",
		args: []string{"folderID"}, limit: perMinute(100)})
	opUpdateFolder = register(operation{id: "folders.update", method: patch, path: accountPath + "/folders/{folder_id}",
		args: []string{"folderID"}, limit: perMinute(10), changes: changesNamed})
	opMoveFolder = register(operation{id: "folders.move", method: patch, path: accountPath + "/folders/{folder_id}/move",
		args: []string{"folderID"}, limit: perMinute(10), changes: changesTree})
	opDeleteFolder = register(operation{id: "folders.delete", method: del, path: accountPath + "/folders/{folder_id}",
		args: []string{"folderID"}, limit: perMinute(60), changes: changesTree})
	opFolderChildren = register(operation{id: "folders.index", method: get, path: accountPath + "/folders/{folder_id}/children",
		args: []string{"folderID"}, limit: perMinute(100), pageSize: generalPageSize})

	// Files.
	opCreateLocalUpload = register(operation{id: "files.create_local_upload", method: post,
		path: accountPath + "/folders/{folder_id}/files/local_upload", args: []string{"folderID"},
		limit: perSecond(5), changes: changesNamed, create: true})
	opCreateRemote = register(operation{id: "files.create_remote_upload", method: post,
		path: accountPath + "/folders/{folder_id}/files/remote_upload", args: []string{"folderID"},
		limit: perSecond(5), changes: changesNamed, create: true})
	opShowFile = register(operation{id: "files.show", method: get, path: accountPath + "/files/{file_id}",
		args: []string{"fileID"}, limit: perSecond(10), query: includeMetadata})
	opUpdateFile = register(operation{id: "files.update", method: patch, path: accountPath + "/files/{file_id}",
		args: []string{"fileID"}, limit: perMinute(100), changes: changesNamed})
	opMoveFile = register(operation{id: "files.move", method: patch, path: accountPath + "/files/{file_id}/move",
		args: []string{"fileID"}, limit: perMinute(100), changes: changesNamed})
	opDeleteFile = register(operation{id: "files.delete", method: del, path: accountPath + "/files/{file_id}",
		args: []string{"fileID"}, limit: perMinute(100), changes: changesNamed})
	opUploadStatus = register(operation{id: "files.show_file_upload_status", method: get, path: accountPath + "/files/{file_id}/status",
		args: []string{"fileID"}, limit: perSecond(5)})

	// Version stacks.
	opCreateStack = register(operation{id: "version_stacks.create", method: post, path: accountPath + "/folders/{folder_id}/version_stacks",
		args: []string{"folderID"}, limit: perMinute(10), changes: changesNamed, create: true})
	// version_stacks.list lists a folder's stacks with their head versions, 500 a page at 5 per second:
	// the read cache refreshes stacked files from it instead of show and index (100 per minute each).
	opListStacks = register(operation{id: "version_stacks.list", method: get, path: accountPath + "/folders/{folder_id}/version_stacks",
		args: []string{"folderID"}, limit: perSecond(5), pageSize: assetPageSize, query: includeMetadata})
	opShowStack = register(operation{id: "version_stacks.show", method: get, path: accountPath + "/version_stacks/{version_stack_id}",
		args: []string{"stackID"}, limit: perMinute(100), query: includeMetadata})
	opStackChildren = register(operation{id: "version_stacks.index", method: get,
		path: accountPath + "/version_stacks/{version_stack_id}/children", args: []string{"stackID"},
		limit: perMinute(100), pageSize: generalPageSize, query: includeMetadata})
	opMoveStack = register(operation{id: "version_stacks.move", method: patch, path: accountPath + "/version_stacks/{version_stack_id}/move",
		args: []string{"stackID"}, limit: perMinute(10), changes: changesTree})

	// Shares (review links).
	opListShares = register(operation{id: "shares.index", method: get, path: accountPath + "/projects/{project_id}/shares",
		args: []string{"projectID"}, limit: perMinute(100), pageSize: generalPageSize})
	opCreateShare = register(operation{id: "shares.create", method: post, path: accountPath + "/projects/{project_id}/shares",
		args: []string{"projectID"}, limit: perMinute(10), changes: changesNoAsset, create: true})
	opShowShare = register(operation{id: "shares.show", method: get, path: accountPath + "/shares/{share_id}",
		args: []string{"shareID"}, limit: perMinute(100)})
	opUpdateShare = register(operation{id: "shares.update", method: patch, path: accountPath + "/shares/{share_id}",
		args: []string{"shareID"}, limit: perMinute(10), changes: changesNoAsset})
	opDeleteShare = register(operation{id: "shares.delete", method: del, path: accountPath + "/shares/{share_id}",
		args: []string{"shareID"}, limit: perMinute(60), changes: changesNoAsset})
	opAddShareAsset = register(operation{id: "shares.add_asset", method: post, path: accountPath + "/shares/{share_id}/assets",
		args: []string{"shareID"}, limit: perMinute(10), changes: changesNoAsset})
	opRemoveShareAsset = register(operation{id: "shares.remove_asset", method: del,
		path: accountPath + "/shares/{share_id}/assets/{asset_id}", args: []string{"shareID", "assetID"},
		limit: perMinute(10), changes: changesNoAsset})
	opListReviewers = register(operation{id: "shares.list_reviewers", method: get, path: accountPath + "/shares/{share_id}/reviewers",
		args: []string{"shareID"}, limit: perMinute(10), pageSize: generalPageSize})
	opAddReviewers = register(operation{id: "shares.add_reviewers", method: post, path: accountPath + "/shares/{share_id}/reviewers",
		args: []string{"shareID"}, limit: perMinute(10), changes: changesNoAsset})
	opRemoveReviewers = register(operation{id: "shares.remove_reviewers", method: del, path: accountPath + "/shares/{share_id}/reviewers",
		args: []string{"shareID"}, limit: perMinute(10), changes: changesNoAsset})

	// Metadata: the account's field definitions (no show operation: a definition is read from the list),
	// a file's values, and the one write of values. A definition's writes change no listing of assets
	// (the client's list of definitions is remade after them: metadata.go); a bulk update changes the
	// values the listings of its files show (changesNamed, with its file ids).
	opListFieldDefs = register(operation{id: "metadata.field_definitions.index", method: get,
		path: accountPath + "/metadata/field_definitions", limit: perMinute(100), pageSize: generalPageSize})
	opCreateFieldDef = register(operation{id: "metadata.field_definitions.create", method: post,
		path: accountPath + "/metadata/field_definitions", limit: perMinute(10), changes: changesNoAsset, create: true})
	opUpdateFieldDef = register(operation{id: "metadata.field_definitions.update", method: patch,
		path: accountPath + "/metadata/field_definitions/{field_definition_id}", args: []string{"fieldDefinitionID"},
		limit: perMinute(10), changes: changesNoAsset})
	opDeleteFieldDef = register(operation{id: "metadata.field_definitions.delete", method: del,
		path: accountPath + "/metadata/field_definitions/{field_definition_id}", args: []string{"fieldDefinitionID"},
		limit: perMinute(60), changes: changesNoAsset})
	opShowMetadata = register(operation{id: "metadata.show", method: get, path: accountPath + "/files/{file_id}/metadata",
		args: []string{"fileID"}, limit: perMinute(100)})
	// bulk_update sets the same values on every file it names: sent again, it sets them again, so the
	// transport's plain retries are safe (not a create).
	opBulkUpdateMetadata = register(operation{id: "metadata.bulk_update", method: patch,
		path: accountPath + "/projects/{project_id}/metadata/values", args: []string{"projectID"},
		limit: perMinute(10), changes: changesNamed})
)

// includeMetadata is the query of the reads of files that also return their metadata values.
const includeMetadata = "include=metadata"

// Operation is one API operation the client can call, as the OpenAPI document names it.
type Operation struct {
	ID     string // operationId, e.g. "files.show"
	Method string // e.g. "GET"
	Path   string // OpenAPI form: "/v4/accounts/{account_id}/files/{file_id}"
}

// Operations returns every operation the client can call, for tests that compare the client with
// the OpenAPI document and the emulator's routes.
func Operations() []Operation {
	out := make([]Operation, len(registry))
	for i, op := range registry {
		out[i] = Operation{ID: op.id, Method: op.method, Path: op.path}
	}
	return out
}

// RateLimit is a documented rate limit: N calls per Window, per endpoint and account user.
type RateLimit struct {
	N      int
	Window time.Duration
}

// RateLimits returns the documented limit the client paces each operation by (a copy), for tests that
// compare it with the OpenAPI document.
func RateLimits() map[string]RateLimit { return maps.Clone(documentedLimits()) }

// documentedLimits is the registry's limits by operationId, made on first use (after every register).
var documentedLimits = sync.OnceValue(func() map[string]RateLimit {
	out := make(map[string]RateLimit, len(registry))
	for _, op := range registry {
		out[op.id] = op.limit
	}
	return out
})

// accountScoped reports whether the operation's path starts with the account: its first id is the
// AccountClient's.
func (op *operation) accountScoped() bool { return strings.HasPrefix(op.path, accountPath+"/") }

// argNames names every id of the path, the account's included.
func (op *operation) argNames() []string {
	if op.accountScoped() {
		return append([]string{"accountID"}, op.args...)
	}
	return op.args
}

// assetNamer is a request body that names assets a write changes besides those of its path: where
// assets go (a move's parent) or which assets it takes (a stack's files).
type assetNamer interface {
	namedAssets() []string
}

// namedIDs are the ids a call of op names, for the read cache: those of its path but the account, and
// those its body names (assetNamer).
func (op *operation) namedIDs(body any, ids []string) []string {
	var out []string
	if op.accountScoped() && len(ids) > 0 {
		ids = ids[1:]
	}
	out = append(out, ids...)
	if b, ok := body.(assetNamer); ok {
		out = append(out, b.namedAssets()...)
	}
	return out
}

// build validates the ids (the account's first, for an account-scoped operation) and returns the
// escaped path: each {parameter} of the path, in order, replaced by the path-escaped id.
func (op *operation) build(ids ...string) (string, error) {
	names := op.argNames()
	if len(ids) != len(names) {
		return "", fmt.Errorf("frameio: %s: internal error: %d ids for %d path arguments", op.id, len(ids), len(names))
	}
	var b strings.Builder
	rest := op.path
	for i, id := range ids {
		if err := validateID(names[i], id); err != nil {
			return "", err
		}
		open, end := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return "", fmt.Errorf("frameio: %s: internal error: path %s has fewer than %d parameters", op.id, op.path, len(ids))
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(id))
		rest = rest[end+1:]
	}
	if strings.ContainsAny(rest, "{}") {
		return "", fmt.Errorf("frameio: %s: internal error: path %s has more than %d parameters", op.id, op.path, len(ids))
	}
	b.WriteString(rest)
	return b.String(), nil
}

// validateID rejects ids that cannot name a resource. Anything else is path-escaped, so ids like
// "adobe:abc|2" are fine.
func validateID(arg, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return fmt.Errorf("frameio: %s must not be empty", arg)
	case id == "." || id == "..":
		return fmt.Errorf("frameio: %s %q is not a valid id", arg, id)
	}
	return nil
}
