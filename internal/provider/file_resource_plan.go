package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

var (
	sha256Pattern  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	httpURLPattern = regexp.MustCompile(`^(?i)https?://[^/]`)
)

// sourceCacheKey is the private-state key of the (size, mtime, sha256) cache of the local source, so an
// unchanged multi-gigabyte file is not hashed again on every plan. Private state is invisible in plans.
const sourceCacheKey = "source_cache"

type sourceCache struct {
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	ModTimeNS int64  `json:"mtime_ns"`
	SHA256    string `json:"sha256"`
}

func (c sourceCache) matches(p string, info fs.FileInfo) bool {
	return c.SHA256 != "" && c.Path == p && c.Size == info.Size() && c.ModTimeNS == info.ModTime().UnixNano()
}

// privateState is the subset of the framework's private state API used here.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateStateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func loadSourceCache(ctx context.Context, p privateState) sourceCache {
	var c sourceCache
	if p == nil {
		return c
	}
	raw, diags := p.GetKey(ctx, sourceCacheKey)
	if diags.HasError() || len(raw) == 0 {
		return c
	}
	_ = json.Unmarshal(raw, &c) // a corrupt cache only costs a re-hash
	return c
}

func storeSourceCache(ctx context.Context, w privateStateWriter, c sourceCache) diag.Diagnostics {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil
	}
	return w.SetKey(ctx, sourceCacheKey, raw)
}

// hashSource returns the SHA-256 of the file at p, from the cache when size and mtime still match.
func hashSource(ctx context.Context, p string, info fs.FileInfo, cache sourceCache) (sourceCache, error) {
	if cache.matches(p, info) {
		return cache, nil
	}
	tflog.Info(ctx, "hashing source file", map[string]any{"source": p, "size": info.Size()})
	sum, size, err := uploader.HashFile(ctx, p)
	if err != nil {
		return sourceCache{}, err
	}
	return sourceCache{Path: p, Size: size, ModTimeNS: info.ModTime().UnixNano(), SHA256: sum}, nil
}

// statSource checks that p is a regular, non-empty, readable file and returns its info. The error names
// the attribute and says what to do.
func statSource(p string) (fs.FileInfo, error) {
	info, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("source: %s does not exist; point source at a file to upload (relative paths "+
			"are relative to the directory Terraform runs in; path.module helps)", p)
	case err != nil:
		return nil, fmt.Errorf("source: cannot read %s: %v", p, err)
	case info.IsDir():
		return nil, fmt.Errorf("source: %s is a directory; point source at a file (use for_each with fileset() "+
			"to upload every file of a directory)", p)
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("source: %s is not a regular file (%s); point source at a regular file", p, info.Mode().Type())
	case info.Size() == 0:
		return nil, fmt.Errorf("source: %s is empty; Frame.io cannot store an empty file (file_size must be at "+
			"least 1 byte)", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("source: cannot open %s: %v; check its permissions", p, err)
	}
	_ = f.Close()
	return info, nil
}

func (r *fileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var sourceURL types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, tfpath.Root("source_url"), &sourceURL)...)
	if sourceURL.IsNull() || sourceURL.IsUnknown() {
		return
	}
	if err := checkSourceURL(sourceURL.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source_url"), "Invalid source_url", err.Error())
	}
}

// checkSourceURL accepts https URLs, and http only for loopback hosts.
func checkSourceURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("source_url %q is not an absolute http(s) URL", raw)
	}
	if u.Scheme == "http" && !frameio.IsLoopbackHost(u.Hostname()) {
		return fmt.Errorf("source_url %q uses plain http; use https (plain http is accepted only for loopback hosts)", raw)
	}
	return nil
}

// nameFromURL is the decoded last path segment of a URL, or "" when there is none.
func nameFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	base := path.Base(u.Path)
	if base == "/" || base == "." {
		return ""
	}
	return base
}

func (r *fileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	var state *fileModel
	if !req.State.Raw.IsNull() {
		state = &fileModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	planDefaultName(&plan, config, &resp.Diagnostics)
	replace := false
	if config.SourceURL.IsNull() {
		replace = r.planLocalContent(ctx, &plan, config, state, req.Private, resp)
	} else {
		plan.SourceSHA256 = types.StringNull()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if replace {
		resp.RequiresReplace = append(resp.RequiresReplace, tfpath.Root("source_sha256"))
	}
	if sourceURLReplaces(state, config.SourceURL) {
		replace = true
		resp.RequiresReplace = append(resp.RequiresReplace, tfpath.Root("source_url"))
	}
	planComputed(&plan, state, replace)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// sourceURLReplaces reports whether a change of source_url needs a new file: a different URL may serve
// different content, which Frame.io cannot swap in place. A file adopted by import (no source of either
// kind in state) just records its URL.
func sourceURLReplaces(state *fileModel, configURL types.String) bool {
	if state == nil || configURL.Equal(state.SourceURL) {
		return false
	}
	adopted := state.SourceURL.IsNull() && state.Source.IsNull()
	return !adopted || configURL.IsUnknown()
}

// planDefaultName fills name from source or source_url when the configuration leaves it out.
func planDefaultName(plan *fileModel, config fileModel, diags *diag.Diagnostics) {
	if !config.Name.IsNull() {
		return
	}
	switch {
	case config.Source.IsUnknown() || config.SourceURL.IsUnknown():
		plan.Name = types.StringUnknown()
	case !config.Source.IsNull():
		plan.Name = types.StringValue(filepath.Base(config.Source.ValueString()))
	case !config.SourceURL.IsNull():
		name := nameFromURL(config.SourceURL.ValueString())
		if name == "" {
			diags.AddAttributeError(tfpath.Root("name"), "Missing file name",
				fmt.Sprintf("name: source_url %q has no file name in its path; set name explicitly.", config.SourceURL.ValueString()))
			return
		}
		plan.Name = types.StringValue(name)
	}
}

// planLocalContent plans source_sha256 (and file_size on create) for a local source and reports whether
// the content changed, which means a replacement: Frame.io cannot change a file's content in place.
// A known planned value must hold at apply, so whatever cannot be known now stays unknown.
func (r *fileResource) planLocalContent(ctx context.Context, plan *fileModel, config fileModel, state *fileModel,
	prior privateState, resp *resource.ModifyPlanResponse) bool {
	src := config.Source
	if !config.SourceSHA256.IsNull() {
		// The caller's hash is the trusted content identity.
		plan.SourceSHA256 = config.SourceSHA256
		if state == nil {
			return false
		}
		if config.SourceSHA256.IsUnknown() {
			return true
		}
		if state.SourceSHA256.IsNull() {
			return !sameSizeAsState(src, state)
		}
		return !state.SourceSHA256.Equal(config.SourceSHA256)
	}

	plan.SourceSHA256 = types.StringUnknown()
	if src.IsUnknown() {
		return state != nil // e.g. a path made by another resource in this apply: content unknowable now
	}
	if _, err := os.Stat(src.ValueString()); errors.Is(err, fs.ErrNotExist) {
		// Possibly written by another resource during this apply; Create checks it again.
		if state != nil {
			resp.Diagnostics.AddAttributeWarning(tfpath.Root("source"), "Source file missing: the Frame.io file will be replaced",
				fmt.Sprintf("source: %s does not exist at plan time, so its content cannot be compared with the "+
					"uploaded file and the file is planned for replacement. That is expected when another resource "+
					"writes it during apply. If it was deleted by mistake, restore it before applying: the apply "+
					"would delete the Frame.io file and then fail (lifecycle { create_before_destroy = true } keeps "+
					"the old file until the new one is uploaded).", src.ValueString()))
		}
		return state != nil
	}
	info, err := statSource(src.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source"), "Invalid source file", err.Error())
		return false
	}
	if state == nil {
		// A create (or the create half of a replace, which Terraform plans with no prior state): the hash
		// stays unknown, and Create records the hash of the bytes it actually uploads. A hash known now could
		// be contradicted by a file rewritten before apply ("inconsistent final plan").
		return false
	}
	cache, err := hashSource(ctx, src.ValueString(), info, loadSourceCache(ctx, prior))
	if err != nil {
		resp.Diagnostics.AddAttributeError(tfpath.Root("source"), "Cannot hash the source file",
			fmt.Sprintf("source: hashing %s failed: %v", src.ValueString(), err))
		return false
	}
	resp.Diagnostics.Append(storeSourceCache(ctx, resp.Private, cache)...)

	switch {
	case state.SourceSHA256.IsNull():
		// Adopted by import (or switched from source_url): Frame.io has no content hash to compare with,
		// so the size decides. Same size: record the hash in place, no re-upload.
		if state.FileSize.ValueInt64() != cache.Size {
			return true
		}
		plan.SourceSHA256 = types.StringValue(cache.SHA256)
		return false
	case state.SourceSHA256.ValueString() == cache.SHA256:
		plan.SourceSHA256 = state.SourceSHA256
		return false
	default:
		return true // new content: the planned hash stays unknown until apply uploads it
	}
}

func sameSizeAsState(src types.String, state *fileModel) bool {
	if src.IsUnknown() || src.IsNull() {
		return false
	}
	info, err := os.Stat(src.ValueString())
	return err == nil && info.Size() == state.FileSize.ValueInt64()
}

// planComputed decides the computed attributes: unknown when the file is created or replaced, else the
// state's values, unknown only where the planned change can alter them.
func planComputed(plan *fileModel, state *fileModel, replace bool) {
	if state == nil || replace {
		plan.ID = types.StringUnknown()
		plan.MediaType = types.StringUnknown()
		plan.Status = types.StringUnknown()
		plan.ViewURL = types.StringUnknown()
		plan.ProjectID = types.StringUnknown()
		plan.CreatedAt = types.StringUnknown()
		plan.FileSize = types.Int64Unknown()
		return
	}
	plan.ID = state.ID
	plan.FileSize = state.FileSize
	plan.ViewURL = state.ViewURL
	plan.CreatedAt = state.CreatedAt
	plan.Status = state.Status
	plan.MediaType = state.MediaType
	plan.ProjectID = state.ProjectID
	if !plan.Name.Equal(state.Name) {
		plan.MediaType = types.StringUnknown() // Frame.io derives it from the name
	}
	if !plan.FolderID.Equal(state.FolderID) {
		plan.ProjectID = types.StringUnknown()
	}
}
