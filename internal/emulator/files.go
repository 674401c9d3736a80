package emulator

import (
	"net/http"
	"time"
)

// Files: show, rename, delete, move. Creating one is an upload (uploads.go).

func (e *Emulator) fileJSON(f *file, now time.Time) map[string]any {
	return map[string]any{
		"id":         f.id,
		"name":       f.name,
		"parent_id":  f.parentID,
		"project_id": e.projectIDOfLocked(f.id),
		"type":       "file",
		"file_size":  f.size,
		"media_type": f.mediaType,
		"status":     f.status(now, e.opts, e.readings.get().NeverTranscoded),
		"view_url":   e.viewURL(f.id),
		"created_at": ts(f.createdAt),
		"updated_at": ts(f.updatedAt),
	}
}

// getFileLocked looks a file up; called with e.mu held.
func (e *Emulator) getFileLocked(id string) (*file, *httpError) {
	f, ok := e.files[id]
	if !ok {
		return nil, notFound("file", id)
	}
	return f, nil
}

func (e *Emulator) hFileShow(r *http.Request) (int, any, *httpError) {
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		return 200, data(e.withMetadataLocked(r, e.fileJSON(f, e.now()))), nil
	})
}

func (e *Emulator) hFileUpdate(r *http.Request) (int, any, *httpError) {
	name, hasName, herr := decodeRename(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		now := e.now()
		if hasName {
			f.name = name
			f.updatedAt = now.UTC()
		}
		return 200, data(e.fileJSON(f, now)), nil
	})
}

func (e *Emulator) hFileDelete(r *http.Request) (int, any, *httpError) {
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		e.deleteFileLocked(f.id)
		return http.StatusNoContent, nil, nil
	})
}

func (e *Emulator) hFileMove(r *http.Request) (int, any, *httpError) {
	dest, herr := decodeMove(r)
	if herr != nil {
		return 0, nil, herr
	}
	return e.withFile(r, func(f *file) (int, any, *httpError) {
		if herr := e.moveFileLocked(f, dest); herr != nil { // a folder or a version stack
			return 0, nil, herr
		}
		return 200, data(e.fileJSON(f, e.now())), nil
	})
}
