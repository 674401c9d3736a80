package emulator

import (
	"sync"
	"time"
)

// state is the modelled service: everything the API creates, changes and lists, and the rate-limit
// buckets, all under one lock (mu), so that a handler's lookup and change are one step for every other
// call. The Emulator embeds it. The fault queue, the request log, the runtime settings and the IMS
// token endpoint each have their own lock: code holding mu may take the settings' lock, never the
// other way round, and takes none of the others.
type state struct {
	mu      sync.Mutex
	seq     int64
	dir     directory // accounts, workspaces, projects (accounts.go)
	folders map[string]*folder
	files   map[string]*file
	stacks  map[string]*versionStack
	shares  map[string]*share
	// Account field definitions and the metadata values of files: file id -> field id -> value
	// (metadata_fields.go, metadata_values.go).
	fieldDefs  map[string]*fieldDef
	metaValues map[string]map[string]any
	uploads    map[string]*file // upload id (in the part URLs) -> file
	buckets    map[string]*bucket
	ghosts     []ghost              // deleted assets still listed (Readings.ListingLag)
	unlisted   map[string]time.Time // assets created through the API, not listed until then (Readings.CreateListingLag)
	webhooks   map[string]*webhook  // webhooks.go

	// What happens to uploads that land from now on (SetNeverComplete, SetUploadFails), and the
	// account's share setting (SetSharePassphraseRequired).
	neverComplete           bool
	uploadFails             bool
	sharePassphraseRequired bool
}

func newState() state {
	return state{
		folders:    map[string]*folder{},
		files:      map[string]*file{},
		stacks:     map[string]*versionStack{},
		shares:     map[string]*share{},
		fieldDefs:  map[string]*fieldDef{},
		metaValues: map[string]map[string]any{},
		uploads:    map[string]*file{},
		buckets:    map[string]*bucket{},
		webhooks:   map[string]*webhook{},
	}
}

// folder is the server-side state of a folder.
type folder struct {
	id, name, parentID string
	seq                int64
	createdAt          time.Time
	updatedAt          time.Time
}

func (e *Emulator) addFolderLocked(parentID, name string) *folder {
	e.seq++
	now := e.now().UTC()
	f := &folder{id: newID(), name: name, parentID: parentID, seq: e.seq, createdAt: now, updatedAt: now}
	e.folders[f.id] = f
	return f
}

func (e *Emulator) deleteFileLocked(id string) {
	f := e.files[id]
	if f == nil {
		return
	}
	now := e.now()
	if _, inFolder := e.folders[f.parentID]; inFolder {
		e.ghostLocked(f.parentID, "file", listItem{f.seq, e.fileJSON(f, now)})
	} else if s := e.stacks[f.parentID]; s != nil && len(s.files) == 1 { // its last file: the stack goes too
		e.ghostLocked(s.parentID, "version_stack", listItem{s.seq, e.stackJSON(s, now)})
	}
	e.unstackLocked(f, now.UTC())
	delete(e.files, id)
	delete(e.metaValues, id)
	if f.uploadID != "" {
		delete(e.uploads, f.uploadID)
	}
	f.deleted = true
	f.removeStorage()
}

func (e *Emulator) deleteFolderLocked(id string) {
	for cid, c := range e.folders {
		if c.parentID == id && cid != id {
			e.deleteFolderLocked(cid)
		}
	}
	for fid, f := range e.files {
		if f.parentID == id {
			e.deleteFileLocked(fid)
		}
	}
	for _, s := range e.stacks {
		if s.parentID == id {
			e.deleteStackLocked(s)
		}
	}
	if f := e.folders[id]; f != nil {
		e.ghostLocked(f.parentID, "folder", listItem{f.seq, e.folderJSON(f)})
	}
	delete(e.folders, id)
}
