package uploader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

const hashBufferSize = 1 << 20

// HashFile returns the hex SHA-256 and the length of the file at path. It streams the file through a
// 1 MiB buffer (memory use does not depend on the file size), opens its own handle (so it can run
// alongside an upload of the same file) and stops with ctx.Err() when ctx is cancelled.
func HashFile(ctx context.Context, path string) (sha256hex string, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	buf := make([]byte, hashBufferSize)
	for {
		if err := ctx.Err(); err != nil {
			return "", size, fmt.Errorf("hashing %s: %w", path, err)
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
			return "", size, fmt.Errorf("hashing %s: %w", path, rerr)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}
