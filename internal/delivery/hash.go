package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// The streaming SHA-256 of a local source: the content identity the provider compares between plans
// and records for the bytes an upload sent.

// hashBufferSize is the read size of HashFile: large enough for disk throughput, small enough that
// memory does not depend on the file size.
const hashBufferSize = 1 << 20

// HashFile returns the hex SHA-256 and the length of the file at p. It streams the file through one
// buffer, opens its own handle (so it can run alongside an upload of the same file) and stops with
// ctx.Err() when ctx is cancelled.
func HashFile(ctx context.Context, p string) (sha256hex string, size int64, err error) {
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
