package frameio

// This file holds the Frame.io V4 wire format the client relies on: the JSON envelope, field names,
// error shapes and headers; each operation's path, limit and page size is its entry in registry.go. A
// correction to the API contract (the Frame.io V4 API guide and the published OpenAPI document) should
// be one edit here or there.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
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

// Project is a Frame.io project. RootFolderID is where a project's top-level uploads go. Status is
// ProjectStatusActive or ProjectStatusInactive.
type Project struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	RootFolderID string `json:"root_folder_id"`
	WorkspaceID  string `json:"workspace_id"`
	Restricted   *bool  `json:"restricted"` // not required by the document's Project schema: nil when left out
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
// UploadURLs is only filled by CreateLocalUpload. Metadata holds the file's metadata values where the
// read asked for them (include=metadata: GetFile, ListFolderFiles, the version stack reads and the Read*
// methods that use them); nil where it did not (writes' replies) or the reply carried none.
type File struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	ParentID   string          `json:"parent_id"`
	ProjectID  string          `json:"project_id"`
	Type       string          `json:"type"`
	MediaType  string          `json:"media_type"`
	Status     string          `json:"status"`
	ViewURL    string          `json:"view_url"`
	CreatedAt  string          `json:"created_at"`
	UpdatedAt  string          `json:"updated_at"`
	FileSize   int64           `json:"file_size"`
	UploadURLs []UploadURL     `json:"upload_urls,omitempty"`
	Metadata   []MetadataField `json:"metadata,omitempty"`
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

// namedAssets: a move changes where its asset goes (assetNamer).
func (p moveParams) namedAssets() []string { return []string{p.ParentID} }

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

// namedAssets: a new stack takes its files out of the folder (assetNamer).
func (p versionStackParams) namedAssets() []string { return p.FileIDs }

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
	queryPageSize = "page_size" // each list's page size is in its registry entry (registry.go)
	// maxPages guards against a server that keeps handing out next links.
	maxPages = 100000
)

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
