package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"os"
	"path"
	"strings"
	"time"
)

// Part limits. S3 multipart uploads have at most 10,000 parts: when size/PartSize would need more, the
// emulator uses 10,000 bigger parts (an assumption; Frame.io does not document what it does).
const maxParts = 10_000

// file is the server-side state of one file. Upload progress is evaluated from timestamps when read
// (no timers): landedAt is when the whole content was in and hashed.
type file struct {
	id, name, parentID string
	mediaType          string
	size               int64
	seq                int64
	createdAt          time.Time
	updatedAt          time.Time

	uploadID  string
	parts     []*part
	expiresAt time.Time

	remote     bool
	sourceURL  string
	remotePath string // StorageDir file of a remote upload
	remoteData []byte

	bytesReceived int64
	sha256        string
	gen           int64 // bumped on every accepted part; a hash run for an older gen is discarded
	landedAt      time.Time
	failed        bool // content-level failure (remote fetch failed or SetUploadFails when landing)
	failNow       bool // failed immediately (remote fetch), not after ProcessingDelay
	never         bool // SetNeverComplete when landing
	deleted       bool
}

type part struct {
	size     int64
	received bool
	sha256   string
	path     string // StorageDir mode
	data     []byte // memory mode
}

func (f *file) landed() bool { return !f.landedAt.IsZero() }

func (f *file) failedAt(now time.Time) bool {
	if !f.failed || !f.landed() {
		return false
	}
	if f.failNow {
		return true
	}
	return !now.Before(f.landedAt)
}

func (f *file) completeAt(now time.Time, o Options) bool {
	if !f.landed() || f.failed || f.never {
		return false
	}
	return !now.Before(f.landedAt.Add(o.ProcessingDelay))
}

// status is created, uploaded or transcoded; neverTranscoded is Readings.NeverTranscoded.
func (f *file) status(now time.Time, o Options, neverTranscoded string) string {
	if !f.completeAt(now, o) {
		return "created"
	}
	if !transcodes(f.mediaType) || f.mediaType == neverTranscoded ||
		now.Before(f.landedAt.Add(o.ProcessingDelay+o.TranscodeDelay)) {
		return "uploaded"
	}
	return "transcoded"
}

// transcodes reports whether Frame.io makes playable proxies of a media type, so that its status moves
// on from "uploaded" to "transcoded". The OpenAPI document ties transcodes only to video (video_h264_180)
// and images (thumbnails, "a static image file"); audio is treated as media too. Everything else, PDF
// included (the document gives PDFs pages for comments, never a transcode), stays "uploaded": the
// strictest reading, so that a client cannot come to rely on a transcode the service may never make.
func transcodes(mediaType string) bool {
	major, _, _ := strings.Cut(mediaType, "/")
	switch major {
	case "video", "audio", "image":
		return true
	}
	return false
}

// uploadFailedAt: a SetUploadFails failure shows after ProcessingDelay, a failed remote fetch at once.
func (f *file) uploadFailedAt(now time.Time, o Options) bool {
	if !f.failed || !f.landed() {
		return false
	}
	if f.failNow {
		return true
	}
	return !now.Before(f.landedAt.Add(o.ProcessingDelay))
}

func (f *file) snapshot(now time.Time, o Options, neverTranscoded string) File {
	s := File{
		ID:             f.id,
		Name:           f.name,
		ParentID:       f.parentID,
		ProjectID:      o.ProjectID,
		MediaType:      f.mediaType,
		Status:         f.status(now, o, neverTranscoded),
		Size:           f.size,
		BytesReceived:  f.bytesReceived,
		SHA256:         f.sha256,
		UploadComplete: f.completeAt(now, o),
		UploadFailed:   f.uploadFailedAt(now, o),
		Remote:         f.remote,
		SourceURL:      f.sourceURL,
		CreatedAt:      f.createdAt,
	}
	for _, p := range f.parts {
		s.PartSizes = append(s.PartSizes, p.size)
	}
	return s
}

func (f *file) removeStorage() {
	for _, p := range f.parts {
		removeQuiet(p.path)
		p.data = nil
	}
	removeQuiet(f.remotePath)
	f.remoteData = nil
}

// partSizes splits size into n = ceil(size/partSize) (at most maxParts) even parts, the remainder bytes
// going one each to the first parts: 50,645,990 / 20,000,000 -> 16,881,997 + 16,881,997 + 16,881,996.
func partSizes(size, partSize int64) []int64 {
	n := (size + partSize - 1) / partSize
	if n > maxParts {
		n = maxParts
	}
	if n < 1 {
		n = 1
	}
	base, rem := size/n, size%n
	out := make([]int64, n)
	for i := range out {
		out[i] = base
		if int64(i) < rem {
			out[i]++
		}
	}
	return out
}

// mediaType picks the MIME type from the name's extension (parameters such as charset dropped).
func mediaType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := knownTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if mt, _, err := mime.ParseMediaType(t); err == nil {
			return mt
		}
	}
	return "application/octet-stream"
}

// knownTypes pins common media types so that results do not depend on the host's mime tables.
var knownTypes = map[string]string{
	".mp4": "video/mp4", ".mov": "video/quicktime", ".m4v": "video/x-m4v", ".mxf": "application/mxf",
	".avi": "video/x-msvideo", ".mkv": "video/x-matroska", ".webm": "video/webm", ".mpg": "video/mpeg",
	".mp3": "audio/mpeg", ".wav": "audio/wav", ".aac": "audio/aac", ".m4a": "audio/mp4", ".flac": "audio/flac",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".tif": "image/tiff",
	".tiff": "image/tiff", ".webp": "image/webp", ".svg": "image/svg+xml",
	".pdf": "application/pdf", ".txt": "text/plain", ".csv": "text/csv", ".json": "application/json",
	".zip": "application/zip", ".bin": "application/octet-stream",
}

// content returns a reader over the assembled content, or nil when none is kept (Discard mode).
func (f *file) contentReader() (io.ReadCloser, error) {
	if f.remote {
		switch {
		case f.remotePath != "":
			return os.Open(f.remotePath)
		case f.remoteData != nil:
			return io.NopCloser(bytes.NewReader(f.remoteData)), nil
		}
		return nil, errNoContent
	}
	var rs []io.Reader
	var closers []io.Closer
	for _, p := range f.parts {
		switch {
		case !p.received:
			return nil, errNoContent
		case p.path != "":
			fh, err := os.Open(p.path)
			if err != nil {
				for _, c := range closers {
					_ = c.Close()
				}
				return nil, err
			}
			rs = append(rs, fh)
			closers = append(closers, fh)
		case p.data != nil:
			rs = append(rs, bytes.NewReader(p.data))
		default:
			return nil, errNoContent
		}
	}
	return multiCloser{io.MultiReader(rs...), closers}, nil
}

var errNoContent = errors.New("emulator: content not available (not uploaded yet, or Discard mode)")

type multiCloser struct {
	io.Reader
	cs []io.Closer
}

func (m multiCloser) Close() error {
	for _, c := range m.cs {
		_ = c.Close()
	}
	return nil
}

// Content streams the stored content of a file (parts in order). It fails in Discard mode and before
// all parts have arrived.
func (e *Emulator) Content(id string) (io.ReadCloser, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.files[id]
	if !ok {
		return nil, ErrNotFound
	}
	return f.contentReader()
}

// partLanded is called with e.mu held after a part was accepted. When all parts are in it hashes the
// whole content (in the background, streaming) and then marks the file as landed.
func (e *Emulator) partLandedLocked(f *file) {
	f.gen++
	f.landedAt = time.Time{}
	f.sha256 = ""
	var total int64
	all := true
	for _, p := range f.parts {
		if p.received {
			total += p.size
		} else {
			all = false
		}
	}
	f.bytesReceived = total
	if !all {
		return
	}
	if e.opts.Discard {
		if len(f.parts) == 1 {
			f.sha256 = f.parts[0].sha256
		}
		e.landLocked(f, e.now())
		return
	}
	rc, err := f.contentReader()
	if err != nil {
		e.landLocked(f, e.now())
		return
	}
	gen := f.gen
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		defer rc.Close()
		h := sha256.New()
		_, err := io.Copy(h, rc)
		e.mu.Lock()
		defer e.mu.Unlock()
		if f.gen != gen || f.deleted {
			return
		}
		if err == nil {
			f.sha256 = hex.EncodeToString(h.Sum(nil))
		}
		e.landLocked(f, e.now())
	}()
}

func (e *Emulator) landLocked(f *file, now time.Time) {
	f.landedAt = now
	f.never = e.neverComplete
	f.failed = e.uploadFails
	f.updatedAt = now.UTC()
}
