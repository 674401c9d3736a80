package frameio

// This file holds every Frame.io V4 wire-format specific the client relies on: paths, the JSON
// envelope, field names, error shapes, headers and page sizes. A correction to the API contract
// (the Frame.io V4 API guide and the published OpenAPI document) should be one edit here.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// ---------------------------------------------------------------------------------------------
// Objects

// Account is an entry of GET /v4/accounts.
type Account struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
}

// User is the reply of GET /v4/me. Name may be null on the wire; it decodes to "".
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Project is a Frame.io project. RootFolderID is where a project's top-level uploads go.
type Project struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	RootFolderID string `json:"root_folder_id"`
	WorkspaceID  string `json:"workspace_id"`
	Status       string `json:"status"`
	ViewURL      string `json:"view_url"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
}

// Workspace is a Frame.io workspace: the level between an account and its projects.
type Workspace struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// Folder is a Frame.io folder (Type "folder").
type Folder struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ParentID  string `json:"parent_id"`
	ProjectID string `json:"project_id"`
	Type      string `json:"type"`
	ViewURL   string `json:"view_url"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// File is a Frame.io file (Type "file"). Status goes created -> uploaded -> transcoded.
// UploadURLs is only filled by CreateLocalUpload.
type File struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	ParentID   string      `json:"parent_id"`
	ProjectID  string      `json:"project_id"`
	Type       string      `json:"type"`
	MediaType  string      `json:"media_type"`
	Status     string      `json:"status"`
	ViewURL    string      `json:"view_url"`
	CreatedAt  string      `json:"created_at"`
	UpdatedAt  string      `json:"updated_at"`
	FileSize   int64       `json:"file_size"`
	UploadURLs []UploadURL `json:"upload_urls,omitempty"`
}

// UploadURL is one pre-signed part URL of a local upload: part i is the next Size bytes of the
// file. The URL is a secret until it expires: never log it.
type UploadURL struct {
	Size int64  `json:"size"`
	URL  string `json:"url"`
}

// UnmarshalJSON decodes a File leniently where the OpenAPI schema allows it: file_size may be any
// integral JSON number (1137444, 1137444.0, 1.137444e6; see wireInt); null or absent fields stay zero.
func (f *File) UnmarshalJSON(b []byte) error {
	type plain File // no UnmarshalJSON: no recursion
	aux := struct {
		*plain
		FileSize wireInt `json:"file_size"` // shadows plain.FileSize
	}{plain: (*plain)(f), FileSize: wireInt(f.FileSize)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	f.FileSize = int64(aux.FileSize)
	return nil
}

// UnmarshalJSON decodes an UploadURL; size may be any integral JSON number (see wireInt).
func (u *UploadURL) UnmarshalJSON(b []byte) error {
	type plain UploadURL
	aux := struct {
		*plain
		Size wireInt `json:"size"`
	}{plain: (*plain)(u), Size: wireInt(u.Size)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	u.Size = int64(aux.Size)
	return nil
}

// wireInt is a byte count of a reply. The schema says "integer"; JSON (and OpenAPI 3.1 / JSON Schema
// since draft 6) also counts 1137444.0 and 1.137444e6 as that integer, and serializers that go
// through a float64 write such forms. Any integral number up to 2^53 (exact in a float64; Frame.io's
// limit is 5e12) is accepted; fractions, strings and booleans are errors. null leaves the value alone.
type wireInt int64

func (n *wireInt) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = wireInt(i)
		return nil
	}
	if s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		if x, err := strconv.ParseFloat(s, 64); err == nil && x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
			*n = wireInt(int64(x))
			return nil
		}
	}
	return fmt.Errorf("%s is not an integer", s)
}

// VersionStack is a Frame.io version stack (Type "version_stack"): files stacked as versions of one
// asset, oldest at the bottom. ParentID is the folder the stack is in; a stacked file's own parent_id
// is the stack's id. HeadVersion is the newest (top) file; the schema of the show and create replies
// allows it to be null. The document does not say whether Name follows the head file's name (its
// examples disagree), and no operation renames a stack: do not rely on it.
type VersionStack struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ParentID    string `json:"parent_id"`
	ProjectID   string `json:"project_id"`
	Type        string `json:"type"`
	ViewURL     string `json:"view_url"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	HeadVersion *File  `json:"head_version"`
}

// UploadStatus is the reply of the upload-status endpoint.
type UploadStatus struct {
	ID                string  `json:"id"`
	FileType          string  `json:"filetype"`
	UploadComplete    bool    `json:"upload_complete"`
	UploadFailed      bool    `json:"upload_failed"`
	UploadedAt        *string `json:"uploaded_at"`
	UploadCompletedAt *string `json:"upload_completed_at"`
}

// Asset is one child of a folder: a file, a folder or a version stack (see the Asset* constants).
// HeadVersion is set for a version stack only (its newest file; the schema allows null).
type Asset struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	ParentID    string `json:"parent_id"`
	HeadVersion *File  `json:"head_version,omitempty"`
}

// Values of Asset.Type, Folder.Type and File.Type.
const (
	AssetTypeFile         = "file"
	AssetTypeFolder       = "folder"
	AssetTypeVersionStack = "version_stack"
)

// Values of File.Status.
const (
	FileStatusCreated    = "created"
	FileStatusUploaded   = "uploaded"
	FileStatusTranscoded = "transcoded"
)

// ---------------------------------------------------------------------------------------------
// Request bodies (each sent wrapped as {"data": ...})

type nameParams struct {
	Name string `json:"name"`
}

type moveParams struct {
	ParentID string `json:"parent_id"`
}

type localUploadParams struct {
	Name     string `json:"name"`
	FileSize int64  `json:"file_size"`
}

type remoteUploadParams struct {
	Name      string `json:"name"`
	SourceURL string `json:"source_url"`
}

// versionStackParams creates a stack: file ids oldest (bottom) first, 2 to 10, all in the folder.
type versionStackParams struct {
	FileIDs []string `json:"file_ids"`
}

// ---------------------------------------------------------------------------------------------
// Envelopes

// requestEnvelope wraps every request body.
type requestEnvelope struct {
	Data any `json:"data"`
}

// replyEnvelope unwraps a single-object reply.
type replyEnvelope struct {
	Data json.RawMessage `json:"data"`
}

// pageEnvelope is one page of a list reply.
type pageEnvelope[T any] struct {
	Data  []T `json:"data"`
	Links struct {
		Next *string `json:"next"`
	} `json:"links"`
}

// ---------------------------------------------------------------------------------------------
// Pagination

const (
	queryPageSize = "page_size"
	// defaultPageSize is used for every list but those in assetListings: the general limit is 1..100.
	defaultPageSize = 100
	// maxAssetPageSize is the largest page_size of the listings of a folder's content
	// (AssetRequestPageSize, 1..500), used for those in assetListings.
	maxAssetPageSize = 500
	// maxPages guards against a server that keeps handing out next links.
	maxPages = 100000
)

// assetListings are the lists that take maxAssetPageSize: a folder's files and subfolders (the read
// cache lists whole folders). The children listing (folders.index) also allows 500 but stays at the
// general size: its limit is per minute, and its callers list small folders.
var assetListings = map[string]bool{"files.list": true, "folders.list": true}

// ---------------------------------------------------------------------------------------------
// Headers

const (
	headerAuthorization      = "Authorization"
	headerAccept             = "Accept"
	headerContentType        = "Content-Type"
	headerUserAgent          = "User-Agent"
	headerRateLimitLimit     = "X-Ratelimit-Limit"
	headerRateLimitRemaining = "X-Ratelimit-Remaining"
	headerRateLimitWindow    = "X-Ratelimit-Window" // milliseconds
	mimeJSON                 = "application/json"
	bearerPrefix             = "Bearer "
)

// ---------------------------------------------------------------------------------------------
// Errors

// errorReply covers both error shapes: {"errors":[{title,detail,source:{pointer}}]} and the older
// {"error":{"detail":...}} (Error may also be a plain string), plus a lone "message".
type errorReply struct {
	Errors []struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Source *struct {
			Pointer string `json:"pointer"`
		} `json:"source"`
	} `json:"errors"`
	Error   json.RawMessage `json:"error"`
	Message string          `json:"message"`
}

// details converts a decoded error reply to ErrorDetails (empty when nothing was recognised).
func (r *errorReply) details() []ErrorDetail {
	var out []ErrorDetail
	for _, e := range r.Errors {
		d := ErrorDetail{Title: e.Title, Detail: e.Detail}
		if e.Source != nil {
			d.Pointer = e.Source.Pointer
		}
		if d != (ErrorDetail{}) {
			out = append(out, d)
		}
	}
	if len(r.Error) > 0 && string(r.Error) != "null" {
		var obj struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		var s string
		switch {
		case json.Unmarshal(r.Error, &obj) == nil && (obj.Title != "" || obj.Detail != ""):
			out = append(out, ErrorDetail{Title: obj.Title, Detail: obj.Detail})
		case json.Unmarshal(r.Error, &s) == nil && s != "":
			out = append(out, ErrorDetail{Detail: s})
		}
	}
	if len(out) == 0 && r.Message != "" {
		out = append(out, ErrorDetail{Detail: r.Message})
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// Endpoints

// endpoint is one API operation. name is the OpenAPI operationId, which is also the rate-limit bucket
// (limits are per endpoint, not per resource); path is the OpenAPI path, whose {parameters} take the
// path-escaped ids in order; args name those ids in "must not be empty" errors (the Go argument
// names, which may differ from the OpenAPI ones: a new folder's parent is {folder_id}).
type endpoint struct {
	name   string
	method string
	path   string
	args   []string
}

// endpoints is every operation the client can call, in declaration order. newEndpoint appends to it,
// so the ep* variables below are the one list and Operations cannot miss one.
var endpoints []endpoint

func newEndpoint(name, method, path string, args ...string) endpoint {
	e := endpoint{name: name, method: method, path: path, args: args}
	endpoints = append(endpoints, e)
	return e
}

var (
	epListAccounts      = newEndpoint("accounts.index", "GET", "/v4/accounts")
	epMe                = newEndpoint("users.show", "GET", "/v4/me")
	epShowProject       = newEndpoint("projects.show", "GET", "/v4/accounts/{account_id}/projects/{project_id}", "accountID", "projectID")
	epListWorkspaces    = newEndpoint("workspaces.index", "GET", "/v4/accounts/{account_id}/workspaces", "accountID")
	epShowWorkspace     = newEndpoint("workspaces.show", "GET", "/v4/accounts/{account_id}/workspaces/{workspace_id}", "accountID", "workspaceID")
	epListProjects      = newEndpoint("projects.index", "GET", "/v4/accounts/{account_id}/workspaces/{workspace_id}/projects", "accountID", "workspaceID")
	epListAcctProjects  = newEndpoint("account_projects.index", "GET", "/v4/accounts/{account_id}/projects", "accountID")
	epListFolders       = newEndpoint("folders.list", "GET", "/v4/accounts/{account_id}/folders/{folder_id}/folders", "accountID", "folderID")
	epListFiles         = newEndpoint("files.list", "GET", "/v4/accounts/{account_id}/folders/{folder_id}/files", "accountID", "folderID")
	epCreateFolder      = newEndpoint("folders.create", "POST", "/v4/accounts/{account_id}/folders/{folder_id}/folders", "accountID", "parentID")
	epShowFolder        = newEndpoint("folders.show", "GET", "/v4/accounts/{account_id}/folders/{folder_id}", "accountID", "folderID")
	epUpdateFolder      = newEndpoint("folders.update", "PATCH", "/v4/accounts/{account_id}/folders/{folder_id}", "accountID", "folderID")
	epMoveFolder        = newEndpoint("folders.move", "PATCH", "/v4/accounts/{account_id}/folders/{folder_id}/move", "accountID", "folderID")
	epDeleteFolder      = newEndpoint("folders.delete", "DELETE", "/v4/accounts/{account_id}/folders/{folder_id}", "accountID", "folderID")
	epFolderChildren    = newEndpoint("folders.index", "GET", "/v4/accounts/{account_id}/folders/{folder_id}/children", "accountID", "folderID")
	epCreateLocalUpload = newEndpoint("files.create_local_upload", "POST", "/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload", "accountID", "folderID")
	epCreateRemote      = newEndpoint("files.create_remote_upload", "POST", "/v4/accounts/{account_id}/folders/{folder_id}/files/remote_upload", "accountID", "folderID")
	epShowFile          = newEndpoint("files.show", "GET", "/v4/accounts/{account_id}/files/{file_id}", "accountID", "fileID")
	epUpdateFile        = newEndpoint("files.update", "PATCH", "/v4/accounts/{account_id}/files/{file_id}", "accountID", "fileID")
	epMoveFile          = newEndpoint("files.move", "PATCH", "/v4/accounts/{account_id}/files/{file_id}/move", "accountID", "fileID")
	epDeleteFile        = newEndpoint("files.delete", "DELETE", "/v4/accounts/{account_id}/files/{file_id}", "accountID", "fileID")
	epUploadStatus      = newEndpoint("files.show_file_upload_status", "GET", "/v4/accounts/{account_id}/files/{file_id}/status", "accountID", "fileID")
	epCreateStack       = newEndpoint("version_stacks.create", "POST", "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks", "accountID", "folderID")
	epShowStack         = newEndpoint("version_stacks.show", "GET", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}", "accountID", "stackID")
	epStackChildren     = newEndpoint("version_stacks.index", "GET", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}/children", "accountID", "stackID")
	epMoveStack         = newEndpoint("version_stacks.move", "PATCH", "/v4/accounts/{account_id}/version_stacks/{version_stack_id}/move", "accountID", "stackID")
	epListShares        = newEndpoint("shares.index", "GET", "/v4/accounts/{account_id}/projects/{project_id}/shares", "accountID", "projectID")
	epCreateShare       = newEndpoint("shares.create", "POST", "/v4/accounts/{account_id}/projects/{project_id}/shares", "accountID", "projectID")
	epShowShare         = newEndpoint("shares.show", "GET", "/v4/accounts/{account_id}/shares/{share_id}", "accountID", "shareID")
	epUpdateShare       = newEndpoint("shares.update", "PATCH", "/v4/accounts/{account_id}/shares/{share_id}", "accountID", "shareID")
	epDeleteShare       = newEndpoint("shares.delete", "DELETE", "/v4/accounts/{account_id}/shares/{share_id}", "accountID", "shareID")
	epAddShareAsset     = newEndpoint("shares.add_asset", "POST", "/v4/accounts/{account_id}/shares/{share_id}/assets", "accountID", "shareID")
	epRemoveShareAsset  = newEndpoint("shares.remove_asset", "DELETE", "/v4/accounts/{account_id}/shares/{share_id}/assets/{asset_id}", "accountID", "shareID", "assetID")
	epListReviewers     = newEndpoint("shares.list_reviewers", "GET", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "accountID", "shareID")
	epAddReviewers      = newEndpoint("shares.add_reviewers", "POST", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "accountID", "shareID")
	epRemoveReviewers   = newEndpoint("shares.remove_reviewers", "DELETE", "/v4/accounts/{account_id}/shares/{share_id}/reviewers", "accountID", "shareID")
)

// Operation is one API operation the client can call, as the OpenAPI document names it.
type Operation struct {
	ID     string // operationId, e.g. "files.show"
	Method string // e.g. "GET"
	Path   string // OpenAPI form: "/v4/accounts/{account_id}/files/{file_id}"
}

// Operations returns every operation the client can call, for tests that compare the client with
// the OpenAPI document and the emulator's routes.
func Operations() []Operation {
	out := make([]Operation, len(endpoints))
	for i, e := range endpoints {
		out[i] = Operation{ID: e.name, Method: e.method, Path: e.path}
	}
	return out
}

// build validates the ids and returns the escaped path: each {parameter} of the path, in order,
// replaced by the path-escaped id.
func (e endpoint) build(ids ...string) (string, error) {
	if len(ids) != len(e.args) {
		return "", fmt.Errorf("frameio: %s: internal error: %d ids for %d path arguments", e.name, len(ids), len(e.args))
	}
	var b strings.Builder
	rest := e.path
	for i, id := range ids {
		if err := validateID(e.args[i], id); err != nil {
			return "", err
		}
		open, end := strings.IndexByte(rest, '{'), strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			return "", fmt.Errorf("frameio: %s: internal error: path %s has fewer than %d parameters", e.name, e.path, len(ids))
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(id))
		rest = rest[end+1:]
	}
	if strings.ContainsAny(rest, "{}") {
		return "", fmt.Errorf("frameio: %s: internal error: path %s has more than %d parameters", e.name, e.path, len(ids))
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
