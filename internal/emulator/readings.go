package emulator

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Readings are the emulator's answers where the API document leaves the service's behaviour open (its
// "Where the document is silent" list). Each is a switch: in Options.Readings, at runtime with
// SetReadings, and as a flag of cmd/frameio-emulator. The zero value is the emulator's default
// reading, the strict one its tests were written against; Pessimistic() flips the readings a client
// is most likely to trip over, for a second run of a test suite.
type Readings struct {
	// LoseCreateReplies loses the reply of the first attempt of every create (folders.create,
	// files.create_local_upload, files.create_remote_upload, version_stacks.create, shares.create,
	// metadata.field_definitions.create, projects.create, webhooks.create) after it took effect, the way LostCreateReplyMode says: a retry of the same request (same operation, path
	// and body) goes through, and makes a second object, since nothing in the API makes a create
	// idempotent. Off: replies are never lost unless a test injects it (LoseReply).
	LoseCreateReplies bool
	// LostCreateReplyMode is how LoseCreateReplies loses a reply (the zero value: 502).
	LostCreateReplyMode LostReplyMode

	// ListingLag keeps a deleted file, folder or version stack in its parent folder's listings
	// (folders.index, files.list, folders.list, version_stacks.list) for this long by the emulator's
	// Clock, as it was when deleted, while a GET of it is already 404 (eventual consistency). 0: listings
	// are consistent with every delete at once.
	ListingLag time.Duration

	// StackChildrenNewestFirst lists a version stack's children newest (top) first. Off: oldest (bottom)
	// first, the order of version_stacks.create's file_ids.
	StackChildrenNewestFirst bool

	// OmitSharePassphrase leaves the passphrase out of every share reply. Off: replies carry it (null when
	// there is none).
	OmitSharePassphrase bool

	// DuplicateShareAssetOK answers adding an asset that is already in the share with 200 and no change.
	// Off: 409 Conflict.
	DuplicateShareAssetOK bool

	// NeverTranscoded names one media type (e.g. "video/quicktime") whose uploads never reach status
	// "transcoded": they stay "uploaded", as a type the service makes no proxies of would. "": every
	// transcodable type (video, audio, image) is transcoded TranscodeDelay after upload_complete.
	NeverTranscoded string

	// WebhookActiveAsString sends a webhook's active as the string "true" or "false", as the document's
	// examples do (its schema says boolean). Off: a JSON boolean.
	WebhookActiveAsString bool

	// OmitProjectRestricted leaves restricted out of every project reply (show, create, update, the
	// listings): the document's Project schema does not require it. Off: replies carry it. Not in
	// Pessimistic(): under it a restricted changed in the web app cannot show as drift at all, which the
	// drift tests of the strict reading check.
	OmitProjectRestricted bool

	// OmitWebhookWorkspaceID leaves workspace_id out of every webhook reply (create, show, update,
	// index): the document's Webhook schema marks it nullable and not required. Off: replies carry the
	// webhook's workspace.
	OmitWebhookWorkspaceID bool

	// RotateRefreshTokens makes every refresh grant of the IMS token endpoint answer with a new refresh
	// token and retire the one it used: from then on only the new one works. Off: the refresh token in
	// force stays the same (IMSOptions.RotateRefreshTokens also turns it on).
	RotateRefreshTokens bool

	// DuplicateFieldNamesOK lets several field definitions of an account share a name. Off: a name taken
	// (case-insensitively) is 409 on create and update.
	DuplicateFieldNamesOK bool

	// SelectOptionsRenewIDs gives every option a new id when an update of a select field gives its
	// options (and so file values lose the options they named). Off: an option whose display_name was
	// already an option keeps its id.
	SelectOptionsRenewIDs bool

	// MetadataListsNulls lists every field of the account in include=metadata, null (or []) when the file
	// has no value. Off: only the fields with a value, as metadata.show without show_null.
	MetadataListsNulls bool

	// NewFieldListingMisses leaves a field definition made by metadata.field_definitions.create out of
	// that many of the following listings of its account's definitions (metadata.field_definitions.index,
	// the only read of a definition: the API has no show), the way a listing that lags behind a create
	// would; the document promises no read-after-write consistency for listings. Counted in listing
	// requests rather than time so that a test sees the lag whatever the machine's load. 0: a new
	// definition is listed at once. Not in Pessimistic(): a lost create reply is found again through the
	// same listing, and the two together are a case no client can tell from "nothing was made".
	NewFieldListingMisses int

	// StackShowOfFolder is what version_stacks.show answers for the id of a folder: the document lists
	// 400, 404 and 422 among its replies and does not say which one that is, nor that the service checks
	// the kind of asset at all. StackShowOfFolderNotFound (the zero value) is 404.
	StackShowOfFolder StackShowOfFolderMode

	// FolderFilesListStacked lists the files of a folder's version stacks in the folder's files listing
	// (files.list) too, each with its stack as parent_id: the document does not say whether that listing
	// shows them. Off: only the files whose parent is the folder (the children listing shows the stack).
	FolderFilesListStacked bool

	// OneFileStackDissolves removes a version stack left with one file (the others deleted or moved out)
	// and puts that file back in the stack's folder: the document does not say whether such a stack
	// stays. Off: it stays a stack of one (the file keeps the stack as parent_id).
	OneFileStackDissolves bool

	// CreateListingLag leaves a folder, file or version stack created through the API out of its
	// folder's listings (folders.index, files.list, folders.list, version_stacks.list) for this long by
	// the emulator's Clock, while a GET of it already answers: listings lag behind creates too. Assets
	// made out of band (the web app, tests' helpers) are listed at once. Not in Pessimistic(): with lost
	// create replies, a create not listed yet cannot be told from one that did not happen. 0: listed at
	// once.
	CreateListingLag time.Duration
}

// StackShowOfFolderMode is a reading of version_stacks.show given a folder's id.
type StackShowOfFolderMode int

const (
	// StackShowOfFolderNotFound answers 404, as for an id that names nothing.
	StackShowOfFolderNotFound StackShowOfFolderMode = iota
	// StackShowOfFolderAnswered answers 200 with the folder itself (type "folder"), as a service that
	// looks any asset up by id would.
	StackShowOfFolderAnswered
	// StackShowOfFolderUnprocessable answers 422: the id is not a version stack's.
	StackShowOfFolderUnprocessable
)

func (m StackShowOfFolderMode) String() string {
	switch m {
	case StackShowOfFolderNotFound:
		return "404"
	case StackShowOfFolderAnswered:
		return "folder"
	case StackShowOfFolderUnprocessable:
		return "422"
	}
	return fmt.Sprintf("StackShowOfFolderMode(%d)", int(m))
}

// ParseStackShowOfFolderMode reads the String form of a mode ("404", "folder", "422").
func ParseStackShowOfFolderMode(s string) (StackShowOfFolderMode, error) {
	for _, m := range []StackShowOfFolderMode{StackShowOfFolderNotFound, StackShowOfFolderAnswered, StackShowOfFolderUnprocessable} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("version_stacks.show of a folder %q: want 404, folder or 422", s)
}

// Pessimistic is the preset of readings a client most likely trips over: the first reply of every
// create lost after it took effect (502), deletes lagging in listings for two seconds, stack children
// newest first, share replies without the passphrase, duplicate field names, select options renewed by
// an update, include=metadata listing unset fields, webhooks' active as a string, webhook replies
// without workspace_id, version_stacks.show answering a folder's id with the folder, a folder's files
// listing showing its stacked files too, and a stack left with one file dissolved.
func Pessimistic() Readings {
	return Readings{
		LoseCreateReplies:        true,
		LostCreateReplyMode:      LostReplyStatus,
		ListingLag:               2 * time.Second,
		StackChildrenNewestFirst: true,
		OmitSharePassphrase:      true,
		DuplicateFieldNamesOK:    true,
		SelectOptionsRenewIDs:    true,
		MetadataListsNulls:       true,
		WebhookActiveAsString:    true,
		OmitWebhookWorkspaceID:   true,
		StackShowOfFolder:        StackShowOfFolderAnswered,
		FolderFilesListStacked:   true,
		OneFileStackDissolves:    true,
	}
}

// ReadingsNamed returns a preset by name: "" or "strict" is the default (zero) Readings, "pessimistic"
// is Pessimistic(). The provider tests read the name from FRAMEIO_EMULATOR_READINGS.
func ReadingsNamed(name string) (Readings, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "strict":
		return Readings{}, nil
	case "pessimistic":
		return Pessimistic(), nil
	}
	return Readings{}, fmt.Errorf("emulator readings %q: want strict or pessimistic", name)
}

// createOps are the operations LoseCreateReplies applies to: the ones that make a new object.
var createOps = map[string]bool{
	"folders.create":                    true,
	"files.create_local_upload":         true,
	"files.create_remote_upload":        true,
	"version_stacks.create":             true,
	"shares.create":                     true,
	"metadata.field_definitions.create": true,
	"projects.create":                   true,
	"webhooks.create":                   true,
}

// readingsState holds the readings in force and the creates already seen, under its own lock. Code
// holding the state's lock may take it.
type readingsState struct {
	mu      sync.Mutex
	r       Readings
	creates map[[32]byte]bool // LoseCreateReplies: requests whose first attempt was answered already
}

func (s *readingsState) get() Readings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r
}

func (s *readingsState) set(r Readings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.r = r
}

// Readings returns the readings in force.
func (e *Emulator) Readings() Readings { return e.readings.get() }

// SetReadings replaces the readings in force; calls already being served may still see the old ones.
// A ListingLag applies to deletes from then on.
func (e *Emulator) SetReadings(r Readings) { e.readings.set(r) }

// firstCreateAttempt reports whether the call, a create, is the first attempt of its request when
// LoseCreateReplies is on, and returns the mode to lose its reply with. It reads the body (and puts it
// back for the handler) to tell a retry of the same request from another create.
func (e *Emulator) firstCreateAttempt(op string, r *http.Request) (bool, LostReplyMode) {
	rd := e.readings.get()
	if !rd.LoseCreateReplies || !createOps[op] {
		return false, 0
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		return false, 0
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	key := sha256.Sum256([]byte(op + "\n" + r.URL.EscapedPath() + "\n" + string(body)))
	e.readings.mu.Lock()
	defer e.readings.mu.Unlock()
	if e.readings.creates[key] {
		return false, 0
	}
	if e.readings.creates == nil {
		e.readings.creates = map[[32]byte]bool{}
	}
	e.readings.creates[key] = true
	return true, rd.LostCreateReplyMode
}

// ---- listing lag ----

// unlistLocked keeps asset id, just created through the API, out of listings for CreateListingLag.
func (e *Emulator) unlistLocked(id string) {
	lag := e.readings.get().CreateListingLag
	if lag <= 0 {
		return
	}
	if e.unlisted == nil {
		e.unlisted = map[string]time.Time{}
	}
	e.unlisted[id] = e.now().Add(lag)
}

// listedLocked drops from items the assets not listed yet (CreateListingLag), and forgets those whose
// lag is over.
func (e *Emulator) listedLocked(items []listItem, now time.Time) []listItem {
	if len(e.unlisted) == 0 {
		return items
	}
	kept := items[:0:0]
	for _, it := range items {
		id, _ := it.v["id"].(string)
		if until, ok := e.unlisted[id]; ok {
			if now.Before(until) {
				continue
			}
			delete(e.unlisted, id)
		}
		kept = append(kept, it)
	}
	return kept
}

// ghost is a deleted asset still listed in its parent folder (ListingLag): the listing entry as it was
// when deleted, until the lag is over.
type ghost struct {
	parentID string
	kind     string // folder, file, version_stack
	item     listItem
	until    time.Time
}

// ghostLocked records a deleted asset for the listing lag, if there is one; e.mu is held.
func (e *Emulator) ghostLocked(parentID, kind string, item listItem) {
	lag := e.readings.get().ListingLag
	if lag <= 0 || parentID == "" {
		return
	}
	e.ghosts = append(e.ghosts, ghost{parentID: parentID, kind: kind, item: item, until: e.now().Add(lag)})
}

// ghostsInLocked returns the deleted assets of the given kinds still listed in folder parent, and
// forgets those whose lag is over; e.mu is held.
func (e *Emulator) ghostsInLocked(parent string, kinds map[string]bool, now time.Time) []listItem {
	var out []listItem
	kept := e.ghosts[:0]
	for _, g := range e.ghosts {
		if !now.Before(g.until) {
			continue
		}
		kept = append(kept, g)
		if g.parentID == parent && kinds[g.kind] {
			out = append(out, g.item)
		}
	}
	clear(e.ghosts[len(kept):])
	e.ghosts = kept
	return out
}
