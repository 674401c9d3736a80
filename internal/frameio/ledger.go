package frameio

import (
	"context"
	"sync"
)

// The ledger is what this Client (in the provider, one process: one plan, one apply) made and deleted,
// by id, and what it was told existed already. Frame.io is eventually consistent: a listing may still
// show what was deleted a moment ago, and a lookup for what a create whose reply was lost made must not
// take another object this process made, nor one that existed before (NoteExisting). The ledger answers
// both. It also serialises the creates of one name in one container (createLock), so
// that while one of them looks for what it made, no other create of the same name is in flight.
type ledger struct {
	mu       sync.Mutex
	made     map[string]bool          // ids a create of this Client returned or adopted
	deleted  map[string]bool          // ids this Client deleted (or found gone when deleting them)
	existing map[string]bool          // ids a caller said existed before its creates (NoteExisting)
	locks    map[string]chan struct{} // by create key; a full channel is a held lock
}

func (l *ledger) noteMade(id string) {
	if id == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.made == nil {
		l.made = map[string]bool{}
	}
	l.made[id] = true
}

func (l *ledger) noteDeleted(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.deleted == nil {
		l.deleted = map[string]bool{}
	}
	l.deleted[id] = true
}

func (l *ledger) noteExisting(id string) {
	if id == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.existing == nil {
		l.existing = map[string]bool{}
	}
	l.existing[id] = true
}

// known reports whether id is something this Client made, deleted or was told existed already: never
// what a create whose reply was lost made.
func (l *ledger) known(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.made[id] || l.deleted[id] || l.existing[id]
}

func (l *ledger) wasDeleted(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deleted[id]
}

// lock takes the create lock of key, waiting for ctx at most, and returns its release.
func (l *ledger) lock(ctx context.Context, key string) (func(), error) {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]chan struct{}{}
	}
	ch := l.locks[key]
	if ch == nil {
		ch = make(chan struct{}, 1)
		l.locks[key] = ch
	}
	l.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Deleted reports whether this Client deleted the asset id (a file, folder or version stack), or was
// told so with NoteDeleted. A listing that still shows it lags behind the delete (eventual
// consistency): the asset is gone.
func (a *AccountClient) Deleted(id string) bool { return a.c.reads.ledger.wasDeleted(id) }

// NoteDeleted records assets that went away with what this Client deleted, such as a version stack
// emptied of its last file, for Deleted. DeleteFile and DeleteFolder record their own.
func (a *AccountClient) NoteDeleted(ids ...string) {
	for _, id := range ids {
		a.c.reads.ledger.noteDeleted(id)
	}
}

// NoteExisting records assets that existed before this Client's next creates, such as the current
// version of a file that gets a new one: a lookup for what a create whose reply was lost made never takes
// them. The lookup keeps what was created since the request started (less a clock allowance), of the
// name asked for; a file that another process (the previous terraform apply) made a few seconds earlier
// matches both, and would otherwise be adopted, or deleted as the lost reply's leftover.
func (a *AccountClient) NoteExisting(ids ...string) {
	for _, id := range ids {
		a.c.reads.ledger.noteExisting(id)
	}
}
