package metadatawriter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// call is one BulkUpdate the fake sender received.
type call struct {
	project string
	files   []string
	values  []Value
}

// fakeSender records the calls and answers each with reply (nil: success).
type fakeSender struct {
	mu    sync.Mutex
	calls []call
	reply func(ctx context.Context, c call) error
}

func (s *fakeSender) BulkUpdate(ctx context.Context, projectID string, fileIDs []string, values []Value) error {
	c := call{project: projectID, files: slices.Clone(fileIDs), values: slices.Clone(values)}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	reply := s.reply
	s.mu.Unlock()
	if reply == nil {
		return nil
	}
	return reply(ctx, c)
}

func (s *fakeSender) got() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// gate is a Slots that lets one call go per token.
type gate chan struct{}

func (g gate) WaitSlot(ctx context.Context) error {
	select {
	case <-g:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fakeClock is the writer's clock, moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// pendingCount is how many files wait for a call (in groups or in parts of failed calls).
func (w *Writer) pendingCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, g := range w.groups {
		n += len(g.items)
	}
	for _, b := range w.retries {
		for _, it := range b.items {
			if it.state == pending {
				n++
			}
		}
	}
	return n
}

// eventually waits (up to 10 s, on a loaded machine) for cond; the bound is a hang guard, not a timing
// assertion.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// submission is a Submit running in its own goroutine.
type submission struct {
	file string
	done chan error
}

func submitAsync(ctx context.Context, w *Writer, project, file string, values []Value) *submission {
	s := &submission{file: file, done: make(chan error, 1)}
	go func() { s.done <- w.Submit(ctx, project, file, values) }()
	return s
}

func (s *submission) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("Submit of %s never returned", s.file)
		return nil
	}
}

func vals(kv ...any) []Value {
	var out []Value
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, Value{FieldID: kv[i].(string), Value: kv[i+1]})
	}
	return out
}

func fileNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%03d", prefix, i)
	}
	return out
}

func sortedFiles(c call) string {
	f := slices.Clone(c.files)
	slices.Sort(f)
	return strings.Join(f, ",")
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var errBoom = errors.New("boom")
