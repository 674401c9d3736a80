package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Remote uploads are limited to 50 GB.
const maxRemoteSize = 50_000_000_000

// remoteClient fetches remote_upload sources. No overall timeout: sources may be large.
var remoteClient = &http.Client{Transport: &http.Transport{Proxy: nil, ResponseHeaderTimeout: 30 * time.Second}}

// fetchRemote downloads src for a remote upload (streaming into the storage of the emulator's mode,
// hashing as it goes). A non-2xx reply, a network error or more than 50 GB marks the upload failed.
func (e *Emulator) fetchRemote(f *file, src string) {
	defer e.bg.Done()
	size, sum, path, mem, err := e.download(src, f.id)
	e.mu.Lock()
	defer e.mu.Unlock()
	if f.deleted {
		removeQuiet(path)
		return
	}
	now := e.now()
	if err != nil {
		if e.opts.Logf != nil {
			e.opts.Logf("remote upload %s: %v", f.id, err)
		}
		f.landedAt = now
		f.failed, f.failNow = true, true
		f.updatedAt = now.UTC()
		return
	}
	f.size, f.bytesReceived, f.sha256 = size, size, sum
	f.remotePath, f.remoteData = path, mem
	e.landLocked(f, now)
}

var errTooLarge = errors.New("remote file exceeds the 50 GB limit of remote uploads")

func (e *Emulator) download(src, fileID string) (size int64, sum, path string, mem []byte, err error) {
	req, err := http.NewRequestWithContext(e.ctx, http.MethodGet, src, nil)
	if err != nil {
		return 0, "", "", nil, err
	}
	req.Header.Set("User-Agent", "frameio-emulator-remote-upload")
	resp, err := remoteClient.Do(req)
	if err != nil {
		return 0, "", "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, "", "", nil, errors.New("source replied " + resp.Status)
	}
	if resp.ContentLength > maxRemoteSize {
		return 0, "", "", nil, errTooLarge
	}
	h := sha256.New()
	sink := io.Writer(io.Discard) // reassigned to other writers below
	var tmp *os.File
	var buf *bytes.Buffer
	switch {
	case e.opts.Discard:
	case e.opts.StorageDir != "":
		tmp, err = os.CreateTemp(e.opts.StorageDir, "remote-*.tmp")
		if err != nil {
			return 0, "", "", nil, err
		}
		sink = tmp
	default:
		buf = &bytes.Buffer{}
		sink = buf
	}
	n, err := io.Copy(io.MultiWriter(sink, h), io.LimitReader(resp.Body, maxRemoteSize+1))
	if err == nil && n > maxRemoteSize {
		err = errTooLarge
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = io.ErrUnexpectedEOF
	}
	if tmp != nil {
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			path = filepath.Join(e.opts.StorageDir, fileID+".remote")
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			path = ""
		}
	}
	if err != nil {
		return 0, "", "", nil, err
	}
	if buf != nil {
		mem = buf.Bytes()
		if mem == nil {
			mem = []byte{}
		}
	}
	return n, hex.EncodeToString(h.Sum(nil)), path, mem, nil
}
