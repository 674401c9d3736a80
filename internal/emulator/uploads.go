package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Uploads: create a local upload (pre-signed part URLs), create a remote upload (fetched by the
// emulator), and the upload status of a file.

// Local uploads: file_size 1 .. 5 TB.
const maxLocalSize = 5_000_000_000_000

func (e *Emulator) hLocalUpload(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true}, fieldSpec{"file_size", kInt, true})
	if herr != nil {
		return 0, nil, herr
	}
	name, size := d["name"].(string), d["file_size"].(int64)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	if size < 1 {
		return 0, nil, invalid("/data/file_size", fmt.Sprintf("%d is smaller than inclusive minimum 1", size))
	}
	if size > maxLocalSize {
		return 0, nil, invalid("/data/file_size", fmt.Sprintf("%d is larger than inclusive maximum %d", size, int64(maxLocalSize)))
	}
	return e.withAnyFolder(r, func(parent *folder) (int, any, *httpError) {
		now := e.now()
		f := e.newFileLocked(parent.id, name, now)
		e.unlistLocked(f.id)
		f.size = size
		f.uploadID = newID()
		f.expiresAt = now.Add(e.opts.URLExpiry)
		e.uploads[f.uploadID] = f
		// f.parts holds the bytes each part must carry; the reply may announce more (nominal sizes).
		sizes := partSizes(size, e.opts.PartSize)
		announced := sizes
		if e.opts.NominalPartSize {
			sizes, announced = nominalPartSizes(size, e.opts.PartSize, e.opts.ExtraPartURLs)
		}
		var urls []any
		for i, ps := range announced {
			if i < len(sizes) {
				f.parts = append(f.parts, &part{size: sizes[i]})
			}
			urls = append(urls, map[string]any{"size": ps, "url": e.URL() + e.presign(f.uploadID, i+1, now)})
		}
		v := e.fileJSON(f, now)
		v["upload_urls"] = urls
		return http.StatusCreated, data(v), nil
	})
}

func (e *Emulator) newFileLocked(parent, name string, now time.Time) *file {
	e.seq++
	f := &file{
		id: newID(), name: name, parentID: parent, mediaType: mediaType(name),
		seq: e.seq, createdAt: now.UTC(), updatedAt: now.UTC(),
	}
	e.files[f.id] = f
	return f
}

func (e *Emulator) hRemoteUpload(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r, fieldSpec{"name", kString, true}, fieldSpec{"source_url", kString, true})
	if herr != nil {
		return 0, nil, herr
	}
	name, src := d["name"].(string), d["source_url"].(string)
	if herr := checkName(name); herr != nil {
		return 0, nil, herr
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return 0, nil, invalid("/data/source_url", "source_url must be an absolute http(s) URL")
	}
	if herr := e.checkSourceURL(u); herr != nil {
		return 0, nil, herr
	}
	return e.withAnyFolder(r, func(parent *folder) (int, any, *httpError) {
		now := e.now()
		f := e.newFileLocked(parent.id, name, now)
		e.unlistLocked(f.id)
		f.remote = true
		f.sourceURL = src
		e.bg.Add(1)
		go e.fetchRemote(f, src)
		return http.StatusAccepted, map[string]any{
			"data":  e.fileJSON(f, now),
			"links": map[string]any{"status": "/v4/accounts/" + url.PathEscape(e.opts.AccountID) + "/files/" + f.id + "/status"},
		}, nil
	})
}

func (e *Emulator) hFileStatus(r *http.Request) (int, any, *httpError) {
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		now := e.now()
		var uploadedAt, completedAt any
		if f.landed() && !now.Before(f.landedAt) {
			uploadedAt = ts(f.landedAt)
		}
		complete := f.completeAt(now, e.opts)
		if complete {
			completedAt = ts(f.landedAt.Add(e.opts.ProcessingDelay))
		}
		return 200, data(map[string]any{
			"id":                  f.id,
			"filetype":            f.mediaType,
			"upload_complete":     complete,
			"upload_failed":       f.uploadFailedAt(now, e.opts),
			"uploaded_at":         uploadedAt,
			"upload_completed_at": completedAt,
		}), nil
	})
}

// nominalPartSizes cuts size the way the OpenAPI document's example answers (one URL of size 20,000,000
// for a 1,137,444-byte file): n URLs of partSize each, grown when size would need more than maxParts.
// parts are the bytes each must carry (the last takes what remains); announced are the sizes the reply
// gives, n of them plus extra past the end of the file (never beyond maxParts part numbers).
func nominalPartSizes(size, partSize int64, extra int) (parts, announced []int64) {
	partSize = max(partSize, (size+maxParts-1)/maxParts)
	n := (size + partSize - 1) / partSize
	for i := range n {
		parts = append(parts, min(partSize, size-i*partSize))
	}
	for range min(n+int64(max(extra, 0)), maxParts) {
		announced = append(announced, partSize)
	}
	return parts, announced
}
