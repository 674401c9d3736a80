package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Unit tests of the local source's home (file_source_local.go): no Terraform, no emulator.

func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), (3<<20)/16+7) // not a multiple of the buffer
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	h, n, err := hashFile(context.Background(), p)
	if err != nil || h != hex.EncodeToString(sum[:]) || n != int64(len(data)) {
		t.Fatalf("hashFile = %s, %d, %v; want %x, %d", h, n, err, sum, len(data))
	}

	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if h, n, err := hashFile(context.Background(), empty); err != nil || n != 0 || h != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("empty: %s %d %v", h, n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := hashFile(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
	if _, _, err := hashFile(context.Background(), filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing: err = %v", err)
	}
}

func TestStatSource(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.mov")
	empty := filepath.Join(dir, "empty.mov")
	if err := os.WriteFile(ok, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if info, err := statSource(ok); err != nil || info.Size() != 1 {
		t.Fatalf("statSource(ok) = %v, %v", info, err)
	}
	for p, want := range map[string]string{
		dir:                            "is a directory; point source at a file",
		empty:                          "is empty; Frame.io cannot store an empty file",
		filepath.Join(dir, "nope.mov"): "nope.mov does not exist; point source at a file",
	} {
		_, err := statSource(p)
		if err == nil || !strings.HasPrefix(err.Error(), "source: ") || !strings.Contains(err.Error(), want) {
			t.Errorf("statSource(%s) = %v, want a source: error containing %q", p, err, want)
		}
	}
	if !sourceMissing(filepath.Join(dir, "nope.mov")) || sourceMissing(ok) || sourceMissing(dir) {
		t.Error("sourceMissing must be true only for a path that does not exist")
	}

	state := &fileModel{FileSize: types.Int64Value(1)}
	if !sourceHasStateSize(types.StringValue(ok), state) {
		t.Error("a 1-byte file must match a state file_size of 1")
	}
	for _, src := range []types.String{types.StringValue(empty), types.StringValue(filepath.Join(dir, "nope.mov")),
		types.StringUnknown(), types.StringNull()} {
		if sourceHasStateSize(src, state) {
			t.Errorf("sourceHasStateSize(%s) = true, want false", src)
		}
	}
}

// memPrivate is an in-memory private state.
type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return m[key], nil
}

func (m memPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	m[key] = value
	return nil
}

func TestSourceCache(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.mov")
	if err := os.WriteFile(p, []byte("first"), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}

	if c := loadSourceCache(ctx, nil); c.matches(p, info) {
		t.Fatal("no private state must mean no cache")
	}
	priv := memPrivate{sourceCacheKey: []byte("{not json")}
	if c := loadSourceCache(ctx, priv); c != (sourceCache{}) {
		t.Fatalf("corrupt cache read as %+v", c)
	}

	// A cache hit returns the cached hash without reading the file, whatever its content now is.
	const fake = "0000000000000000000000000000000000000000000000000000000000000000"
	if diags := storeSourceCache(ctx, priv, newSourceCache(p, info, fake)); diags.HasError() {
		t.Fatal(diags)
	}
	got, err := hashSource(ctx, p, info, loadSourceCache(ctx, priv))
	if err != nil || got.SHA256 != fake {
		t.Fatalf("cache hit = %+v, %v; want the cached hash", got, err)
	}

	// A new modification time is a miss: the file is hashed again.
	later := info.ModTime().Add(time.Second)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	info2, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err = hashSource(ctx, p, info2, loadSourceCache(ctx, priv))
	sum := sha256.Sum256([]byte("first"))
	if err != nil || got.SHA256 != hex.EncodeToString(sum[:]) || got.Size != 5 || got.ModTimeNS != later.UnixNano() {
		t.Fatalf("cache miss = %+v, %v; want a fresh hash", got, err)
	}
	// Another path with the same size and time is a miss too.
	if (newSourceCache(p, info2, fake)).matches(p+"x", info2) {
		t.Fatal("a cache entry must only match its own path")
	}
}
