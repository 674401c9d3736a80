package provider

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/delivery"
)

// The local `source` at plan time: whether it exists, and the private-state cache of its SHA-256 (the
// checks and the hashing themselves are delivery.StatSource and delivery.HashFile, which the upload uses too).

// sourceMissing reports whether p does not exist. At plan time that is not an error: another resource
// may write the file during the same apply, and Create checks it again with delivery.StatSource.
func sourceMissing(p string) bool {
	_, err := os.Stat(p)
	return errors.Is(err, fs.ErrNotExist)
}

// sourceHasStateSize reports whether the local source exists now with the size recorded in state.
func sourceHasStateSize(src types.String, state *fileModel) bool {
	if src.IsUnknown() || src.IsNull() {
		return false
	}
	info, err := os.Stat(src.ValueString())
	return err == nil && info.Size() == state.FileSize.ValueInt64()
}

// sourceCacheKey is the private-state key of the (size, mtime, sha256) cache of the local source, so an
// unchanged multi-gigabyte file is not hashed again on every plan. Private state is invisible in plans.
const sourceCacheKey = "source_cache"

type sourceCache struct {
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	ModTimeNS int64  `json:"mtime_ns"`
	SHA256    string `json:"sha256"`
}

// newSourceCache records sum as the hash of the file at p as it was when info was taken.
func newSourceCache(p string, info fs.FileInfo, sum string) sourceCache {
	return sourceCache{Path: p, Size: info.Size(), ModTimeNS: info.ModTime().UnixNano(), SHA256: sum}
}

func (c sourceCache) matches(p string, info fs.FileInfo) bool {
	return c.SHA256 != "" && c.Path == p && c.Size == info.Size() && c.ModTimeNS == info.ModTime().UnixNano()
}

// privateStateReader and privateStateWriter are the halves of the framework's private state API used
// here; requests hold a reader, responses a writer.
type privateStateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateStateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func loadSourceCache(ctx context.Context, p privateStateReader) sourceCache {
	var c sourceCache
	if p == nil {
		return c
	}
	raw, diags := p.GetKey(ctx, sourceCacheKey)
	if diags.HasError() || len(raw) == 0 {
		return c
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		tflog.Debug(ctx, "ignoring an unreadable source hash cache", map[string]any{"error": err.Error()})
		return sourceCache{} // a corrupt cache only costs a re-hash
	}
	return c
}

func storeSourceCache(ctx context.Context, w privateStateWriter, c sourceCache) diag.Diagnostics {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil // four plain fields always marshal; a failure would only cost a re-hash
	}
	return w.SetKey(ctx, sourceCacheKey, raw)
}

// hashSource returns the SHA-256 of the file at p, from the cache when size and mtime still match.
func hashSource(ctx context.Context, p string, info fs.FileInfo, cache sourceCache) (sourceCache, error) {
	if cache.matches(p, info) {
		return cache, nil
	}
	tflog.Info(ctx, "hashing source file", map[string]any{"source": p, "size": info.Size()})
	sum, size, err := delivery.HashFile(ctx, p)
	if err != nil {
		return sourceCache{}, err
	}
	return sourceCache{Path: p, Size: size, ModTimeNS: info.ModTime().UnixNano(), SHA256: sum}, nil
}
