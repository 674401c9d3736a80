package delivery

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
)

// Unit tests of the local source's checks and hash: no emulator.

func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), (3<<20)/16+7) // not a multiple of the buffer
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	h, n, err := HashFile(context.Background(), p)
	if err != nil || h != hex.EncodeToString(sum[:]) || n != int64(len(data)) {
		t.Fatalf("HashFile = %s, %d, %v; want %x, %d", h, n, err, sum, len(data))
	}

	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if h, n, err := HashFile(context.Background(), empty); err != nil || n != 0 || h != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("empty: %s %d %v", h, n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := HashFile(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: err = %v", err)
	}
	if _, _, err := HashFile(context.Background(), filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
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
	if info, err := StatSource(ok); err != nil || info.Size() != 1 {
		t.Fatalf("StatSource(ok) = %v, %v", info, err)
	}
	for p, want := range map[string]string{
		dir:                            "is a directory; point source at a file",
		empty:                          "is empty; Frame.io cannot store an empty file",
		filepath.Join(dir, "nope.mov"): "nope.mov does not exist; point source at a file",
	} {
		_, err := StatSource(p)
		if err == nil || !strings.HasPrefix(err.Error(), "source: ") || !strings.Contains(err.Error(), want) {
			t.Errorf("StatSource(%s) = %v, want a source: error containing %q", p, err, want)
		}
	}
}
