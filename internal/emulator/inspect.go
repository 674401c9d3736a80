package emulator

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// What tests look at, and change behind the API's back (drift tests), of files and folders.

// ---- inspection ----

// File is a snapshot of a stored file for test inspection.
type File struct {
	ID             string
	Name           string
	ParentID       string
	ProjectID      string
	MediaType      string
	Status         string // created, uploaded, transcoded
	Size           int64  // declared file_size
	BytesReceived  int64  // bytes of parts accepted so far
	PartSizes      []int64
	SHA256         string // hex SHA-256 of the assembled content, set once all parts arrived
	UploadComplete bool
	UploadFailed   bool
	Remote         bool
	SourceURL      string
	CreatedAt      time.Time
}

// Folder is a snapshot of a stored folder.
type Folder struct {
	ID       string
	Name     string
	ParentID string
}

// Files returns snapshots of all files in creation order.
func (e *Emulator) Files() []File {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	out := make([]File, 0, len(e.files))
	for _, f := range e.files {
		out = append(out, f.snapshot(now, e.opts, e.readings.get().NeverTranscoded))
	}
	sort.Slice(out, func(i, j int) bool { return e.files[out[i].ID].seq < e.files[out[j].ID].seq })
	return out
}

// File returns a snapshot of one file.
func (e *Emulator) File(id string) (File, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.files[id]
	if !ok {
		return File{}, false
	}
	return f.snapshot(e.now(), e.opts, e.readings.get().NeverTranscoded), true
}

// Folders returns all folders in creation order, the project's root folder (ParentID "") first.
func (e *Emulator) Folders() []Folder {
	e.mu.Lock()
	defer e.mu.Unlock()
	fs := make([]*folder, 0, len(e.folders))
	for _, f := range e.folders {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].seq < fs[j].seq })
	out := make([]Folder, len(fs))
	for i, f := range fs {
		out[i] = Folder{ID: f.id, Name: f.name, ParentID: f.parentID}
	}
	return out
}

// ---- out-of-band changes ----

// ErrNotFound is returned by the out-of-band helpers for unknown ids.
var ErrNotFound = errors.New("emulator: not found")

// RenameFile renames a file as if someone did it in the web app.
func (e *Emulator) RenameFile(id, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.files[id]
	if !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	f.name = name
	f.updatedAt = e.now().UTC()
	return nil
}

// MoveFile moves a file to another folder ("" = the root folder) or on top of a version stack, as
// files.move does (out of its stack, if it was in one).
func (e *Emulator) MoveFile(id, parentID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if parentID == "" {
		parentID = e.opts.RootFolderID
	}
	f, ok := e.files[id]
	if !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	if e.moveFileLocked(f, parentID) != nil {
		return fmt.Errorf("folder or version stack %q: %w", parentID, ErrNotFound)
	}
	return nil
}

// DeleteFile deletes a file (and its stored content).
func (e *Emulator) DeleteFile(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.files[id]; !ok {
		return fmt.Errorf("file %q: %w", id, ErrNotFound)
	}
	e.deleteFileLocked(id)
	return nil
}

// AddFolder creates a folder under parentID ("" = the root folder) and returns its id.
func (e *Emulator) AddFolder(parentID, name string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if parentID == "" {
		parentID = e.opts.RootFolderID
	}
	if _, ok := e.folders[parentID]; !ok {
		return "", fmt.Errorf("folder %q: %w", parentID, ErrNotFound)
	}
	return e.addFolderLocked(parentID, name).id, nil
}
