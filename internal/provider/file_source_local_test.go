package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Unit tests of the local source at plan time (file_source_local.go): no Terraform, no emulator.

// The checks of the source itself (delivery.StatSource) and its hashing (delivery.HashFile) are tested
// in the delivery package; these are the plan-time helpers around them.
func TestSourceMissing(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.mov")
	empty := filepath.Join(dir, "empty.mov")
	if err := os.WriteFile(ok, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
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
