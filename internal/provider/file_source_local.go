package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// This file is the home of the local `source`: the checks a file must pass before it is uploaded (used at
// plan and again at create), its streaming SHA-256, and the private-state cache of that hash.

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

// sourceMissing reports whether p does not exist. At plan time that is not an error: another resource
// may write the file during the same apply, and Create checks it again with statSource.
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

// hashBufferSize is the read size of hashFile: large enough for disk throughput, small enough that
// memory does not depend on the file size.
const hashBufferSize = 1 << 20

// hashFile returns the hex SHA-256 and the length of the file at p. It streams the file through one
// buffer, opens its own handle (so it can run alongside an upload of the same file) and stops with
// ctx.Err() when ctx is cancelled.
func hashFile(ctx context.Context, p string) (sha256hex string, size int64, err error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, hashBufferSize)
	for {
		if err := ctx.Err(); err != nil {
			return "", size, fmt.Errorf("hashing %s: %w", p, err)
		}
		n, rerr := f.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return "", size, fmt.Errorf("hashing %s: %w", p, rerr)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
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
	sum, size, err := hashFile(ctx, p)
	if err != nil {
		return sourceCache{}, err
	}
	return sourceCache{Path: p, Size: size, ModTimeNS: info.ModTime().UnixNano(), SHA256: sum}, nil
}
