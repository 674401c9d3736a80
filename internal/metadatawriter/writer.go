// Package metadatawriter writes metadata values of many files through Frame.io's one write of metadata,
// metadata.bulk_update: one call sets the same values (up to 100) on up to 100 files of a project, and
// the operation allows 10 calls a minute. A thousand files written one call each would take 100 minutes;
// the writer coalesces them.
//
// Each file's write is a Submit that blocks until the call carrying the file succeeds or fails. Pending
// files are grouped by project and by their exact set of values (the group key): only files that set
// the same values can share a call. Pending files gather while the writer waits for a free slot of the
// operation's rate limit and for a short quiet period without new submissions (or calls), so that a
// first call does not leave with one file while 99 more are arriving; a group of 100 goes at once.
//
// A submitter only ever waits on itself: when Terraform applies N resources at once (its -parallelism,
// 10 by default) and each resource's Create waits for its own write, no more than N files can be
// pending, so a call carries at most N files. The quiet period notices that nothing more is coming.
//
// It is plain Go: it knows nothing of Terraform. The one call it makes goes through Sender (the client's
// bulk update); Slots (the client's pacer) says when a call could go.
package metadatawriter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Value is one field's value as the API takes it in a bulk update: the field definition's id, and the
// typed value (string, number, bool, a list of option ids, ...; nil clears the field).
type Value struct {
	FieldID string
	Value   any
}

// Sender sends one bulk update: values set on fileIDs of project projectID. The writer calls it from one
// goroutine at a time, with at most Options.MaxFiles files and Options.MaxValues values.
type Sender interface {
	BulkUpdate(ctx context.Context, projectID string, fileIDs []string, values []Value) error
}

// Slots tells the writer when a call could go: WaitSlot blocks until a call of the bulk update would be
// sent at once within its rate limit, without booking it (the Sender's call books it). Meanwhile the
// pending files gather, and the writer chooses what the call carries when it can go.
type Slots interface {
	WaitSlot(ctx context.Context) error
}

// LogFunc receives the writer's lines (level "debug", "info" or "warn"), with the context of one of the
// submitters concerned, so that a caller's logger (tflog) finds its sink there.
type LogFunc func(ctx context.Context, level, msg string, fields map[string]any)

// Limits of one metadata.bulk_update call (the OpenAPI document's BulkUpdateMetadataParams: file_ids
// and values each 1..100 items).
const (
	MaxFilesPerCall  = 100
	MaxValuesPerCall = 100
)

// Defaults of Options.
const (
	// DefaultQuiet is how long no new submission must arrive before a group that is not full goes. Files
	// that finish their uploads one after another arrive a fraction of a second apart; two seconds of
	// silence mean the submitters are waiting on the writer.
	DefaultQuiet = 2 * time.Second
	// DefaultMaxHold bounds how long a file waits for its group to fill while other files keep arriving
	// (a group that never fills is not starved by larger ones).
	DefaultMaxHold = 2 * time.Minute
)

// Options configures a Writer. The zero value is usable.
type Options struct {
	// Slots, when set, is asked before each call; nil: a call may go at any time (the Sender paces).
	Slots Slots
	// Quiet and MaxHold: DefaultQuiet and DefaultMaxHold when 0; < 0 means none (tests).
	Quiet, MaxHold time.Duration
	// MaxFiles and MaxValues cap one call; MaxFilesPerCall and MaxValuesPerCall when 0 (tests lower them).
	MaxFiles, MaxValues int
	// Log receives the writer's lines; nil drops them.
	Log LogFunc
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// ErrClosed answers the files still pending when the writer is closed.
var ErrClosed = errors.New("the metadata writer was closed before the file's values were written")

// FileError is the answer of a file whose values could not be written.
type FileError struct {
	FileID string
	// Err is the failed call's error (a *frameio.APIError for a refused call).
	Err error
	// Isolated is set when the call failed because of this file alone (the reply named it, or the file
	// was sent alone); otherwise the call carried other files too, and failed for all of them.
	Isolated bool
	// Files is how many files the failed call carried.
	Files int
}

func (e *FileError) Error() string {
	switch {
	case e.Isolated:
		return fmt.Sprintf("the metadata values of file %s were refused: %v", e.FileID, e.Err)
	case e.Files > 1:
		return fmt.Sprintf("the metadata values of file %s were not written (the bulk update carrying it and %d other files failed): %v",
			e.FileID, e.Files-1, e.Err)
	}
	return fmt.Sprintf("the metadata values of file %s were not written: %v", e.FileID, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// Stats counts what a writer did.
type Stats struct {
	Calls       int // bulk update calls sent (each chunk of values counts)
	FailedCalls int
	Files       int // files answered with success
	FailedFiles int // files answered with an error
}

// Writer coalesces the metadata writes of one account. It is safe for concurrent use.
type Writer struct {
	send Sender
	opt  Options

	ctx    context.Context // ends with Close; every call runs under it
	cancel context.CancelFunc
	once   sync.Once
	wake   chan struct{} // a new submission, or a withdrawal

	mu      sync.Mutex
	closed  bool
	groups  map[string]*group
	retries []*batch // parts of failed calls, sent before anything else
	// lastActivity is the last submission or the end of the last call: the quiet period runs from it.
	// After a call, its submitters return and theirs make room for more resources (Terraform starts the
	// next ones), whose files arrive after their uploads: the next group that is not full waits for them.
	lastActivity time.Time
	stats        Stats
}

// New returns a writer that sends through s.
func New(s Sender, opt Options) *Writer {
	if opt.Quiet == 0 {
		opt.Quiet = DefaultQuiet
	}
	if opt.MaxHold == 0 {
		opt.MaxHold = DefaultMaxHold
	}
	if opt.MaxFiles <= 0 || opt.MaxFiles > MaxFilesPerCall {
		opt.MaxFiles = MaxFilesPerCall
	}
	if opt.MaxValues <= 0 || opt.MaxValues > MaxValuesPerCall {
		opt.MaxValues = MaxValuesPerCall
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Writer{send: s, opt: opt, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1), groups: map[string]*group{}}
}

// item is one submitted file.
type item struct {
	ctx    context.Context
	fileID string
	enq    time.Time
	done   chan error // buffered: the writer never blocks answering
	state  itemState
	batch  *batch // while in flight
}

type itemState int

const (
	pending itemState = iota
	inFlight
	answered
	withdrawn
)

// group is the pending files of one project that set the same values, in arrival order.
type group struct {
	key, project string
	values       []Value
	items        []*item
}

// batch is what one call (one chunk of values after another) carries.
type batch struct {
	project string
	values  []Value
	items   []*item
	// budget is shared by the parts a failed call is split into: how many more calls may be spent
	// finding the file that made it fail.
	budget *int
	cancel context.CancelFunc
	live   int // items still waiting for this batch's answer
}

// Submit writes values to file fileID of project projectID and returns when the call carrying them
// has succeeded (nil) or failed (a *FileError, or ErrClosed), or when ctx ends: then the file is taken
// out of the pending ones if no call carries it yet, and ctx's error is returned (a call already sent
// may still write the values). Values with the same FieldID: the last one counts. No values: nothing
// to write.
func (w *Writer) Submit(ctx context.Context, projectID, fileID string, values []Value) error {
	values = canonical(values)
	if len(values) == 0 {
		return nil
	}
	key, err := groupKey(projectID, values)
	if err != nil {
		return fmt.Errorf("metadata values of file %s: %w", fileID, err)
	}
	it := &item{ctx: ctx, fileID: fileID, done: make(chan error, 1)}
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	now := w.opt.Now()
	it.enq, w.lastActivity = now, now
	g := w.groups[key]
	if g == nil {
		g = &group{key: key, project: projectID, values: values}
		w.groups[key] = g
	}
	g.items = append(g.items, it)
	w.mu.Unlock()
	w.once.Do(func() { go w.run() })
	w.poke()

	select {
	case err := <-it.done:
		return err
	case <-ctx.Done():
		w.withdraw(it)
		select {
		case err := <-it.done: // answered meanwhile: the answer is the truth
			return err
		default:
		}
		return fmt.Errorf("the metadata values of file %s were not written: %w", fileID, ctx.Err())
	}
}

// Close ends the writer: the files still pending are answered with ErrClosed, and a call in flight is
// cancelled.
func (w *Writer) Close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cancel()
	w.once.Do(func() { go w.run() })
	w.poke()
}

// Stats returns the counts so far.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

func (w *Writer) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// withdraw takes a submitter that gave up out of what is pending; a call in flight that no submitter
// waits for any more is cancelled.
func (w *Writer) withdraw(it *item) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch it.state {
	case pending:
		for k, g := range w.groups {
			if i := slices.Index(g.items, it); i >= 0 {
				g.items = slices.Delete(g.items, i, i+1)
				if len(g.items) == 0 {
					delete(w.groups, k)
				}
			}
		}
		// An item in a retry batch is skipped when the batch is taken (state withdrawn).
	case inFlight:
		if b := it.batch; b != nil {
			b.live--
			if b.live == 0 && b.cancel != nil {
				b.cancel()
			}
		}
	case answered, withdrawn:
		return
	}
	it.state = withdrawn
}

// canonical returns values with one entry per field (the last given), sorted by field id.
func canonical(values []Value) []Value {
	last := map[string]int{}
	for i, v := range values {
		last[v.FieldID] = i
	}
	out := make([]Value, 0, len(last))
	for i, v := range values {
		if last[v.FieldID] == i {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b Value) int { return strings.Compare(a.FieldID, b.FieldID) })
	return out
}

// groupKey is the project and the canonical JSON of the values: files with equal keys can share a call.
func groupKey(projectID string, values []Value) (string, error) {
	var b strings.Builder
	b.WriteString(projectID)
	for _, v := range values {
		j, err := json.Marshal(v.Value)
		if err != nil {
			return "", fmt.Errorf("field %s: %w", v.FieldID, err)
		}
		b.WriteByte(0)
		b.WriteString(v.FieldID)
		b.WriteByte(0)
		b.Write(j)
	}
	return b.String(), nil
}
