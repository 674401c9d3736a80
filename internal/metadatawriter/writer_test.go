package metadatawriter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

func TestGroupsFilesThatSetTheSameValues(t *testing.T) {
	s := &fakeSender{}
	g := make(gate)
	w := New(s, Options{Slots: g, Quiet: -1})
	defer w.Close()
	ctx := ctxT(t)
	a := vals("status", "approved", "reel", 3.0)
	aReordered := vals("reel", 3.0, "status", "approved") // the same set: the order of fields does not count
	b := vals("status", "rejected", "reel", 3.0)
	subs := []*submission{
		submitAsync(ctx, w, "p1", "a1", a),
		submitAsync(ctx, w, "p1", "a2", aReordered),
		submitAsync(ctx, w, "p1", "a3", a),
		submitAsync(ctx, w, "p1", "b1", b),
		submitAsync(ctx, w, "p1", "b2", b),
		submitAsync(ctx, w, "p2", "c1", a), // same values, other project: its own call
	}
	eventually(t, "6 pending files", func() bool { return w.pendingCount() == 6 })
	for range 3 {
		g <- struct{}{}
	}
	for _, sub := range subs {
		if err := sub.wait(t); err != nil {
			t.Fatalf("Submit %s: %v", sub.file, err)
		}
	}
	calls := s.got()
	if len(calls) != 3 {
		t.Fatalf("%d calls, want 3 (one per project and value set): %+v", len(calls), calls)
	}
	want := []struct{ project, files, status string }{
		{"p1", "a1,a2,a3", "approved"}, // the largest group first
		{"p1", "b1,b2", "rejected"},
		{"p2", "c1", "approved"},
	}
	for i, c := range calls {
		if c.project != want[i].project || sortedFiles(c) != want[i].files || len(c.values) != 2 ||
			c.values[1].FieldID != "status" || c.values[1].Value != want[i].status {
			t.Errorf("call %d = %s %v %v; want %s [%s] status %s", i, c.project, c.files, c.values, want[i].project, want[i].files, want[i].status)
		}
	}
	if st := w.Stats(); st.Calls != 3 || st.Files != 6 || st.FailedFiles != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestLastValueOfAFieldCountsAndClearsAreValues(t *testing.T) {
	s := &fakeSender{}
	w := New(s, Options{Quiet: -1})
	defer w.Close()
	if err := w.Submit(ctxT(t), "p", "f", vals("x", "old", "y", nil, "x", "new")); err != nil {
		t.Fatal(err)
	}
	c := s.got()
	if len(c) != 1 || len(c[0].values) != 2 || c[0].values[0] != (Value{"x", "new"}) || c[0].values[1] != (Value{"y", nil}) {
		t.Fatalf("calls %+v; want one call with x=new and y=null", c)
	}
	if err := w.Submit(ctxT(t), "p", "f", nil); err != nil || len(s.got()) != 1 {
		t.Fatalf("no values: err %v, %d calls; want nothing sent", err, len(s.got()))
	}
}

func TestACallCarriesAtMost100Files(t *testing.T) {
	s := &fakeSender{}
	g := make(gate)
	w := New(s, Options{Slots: g, Quiet: -1})
	defer w.Close()
	ctx := ctxT(t)
	var subs []*submission
	for _, f := range fileNames("f", 250) {
		subs = append(subs, submitAsync(ctx, w, "p", f, vals("s", "x")))
	}
	eventually(t, "250 pending files", func() bool { return w.pendingCount() == 250 })
	for range 3 {
		g <- struct{}{}
	}
	for _, sub := range subs {
		if err := sub.wait(t); err != nil {
			t.Fatal(err)
		}
	}
	calls := s.got()
	if len(calls) != 3 || len(calls[0].files) != 100 || len(calls[1].files) != 100 || len(calls[2].files) != 50 {
		t.Fatalf("calls carried %v files; want 100, 100, 50", filesPerCall(calls))
	}
}

func TestMoreThan100ValuesGoInSeveralCalls(t *testing.T) {
	s := &fakeSender{}
	w := New(s, Options{Quiet: -1})
	defer w.Close()
	var v []Value
	for i := range 150 {
		v = append(v, Value{FieldID: fmt.Sprintf("f%03d", i), Value: i})
	}
	if err := w.Submit(ctxT(t), "p", "file", v); err != nil {
		t.Fatal(err)
	}
	calls := s.got()
	if len(calls) != 2 || len(calls[0].values) != 100 || len(calls[1].values) != 50 {
		t.Fatalf("%d calls; want 2 (100 values, then 50)", len(calls))
	}
}

func TestAFullGroupGoesAtOnceOthersWaitForQuiet(t *testing.T) {
	s := &fakeSender{}
	clk := newFakeClock()
	w := New(s, Options{Quiet: time.Hour, MaxHold: -1, Now: clk.now})
	defer w.Close()
	ctx := ctxT(t)
	var full []*submission
	for _, f := range fileNames("full", 100) {
		full = append(full, submitAsync(ctx, w, "p", f, vals("s", "x")))
	}
	few := []*submission{submitAsync(ctx, w, "p", "few1", vals("s", "y")), submitAsync(ctx, w, "p", "few2", vals("s", "y"))}
	for _, sub := range full {
		if err := sub.wait(t); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "the 2 others pending", func() bool { return w.pendingCount() == 2 })
	if n := len(s.got()); n != 1 {
		t.Fatalf("%d calls before the quiet period; want 1 (the full group)", n)
	}
	// The quiet period passes: the submitters are waiting on the writer, the small group goes.
	clk.advance(time.Hour)
	w.poke()
	for _, sub := range few {
		if err := sub.wait(t); err != nil {
			t.Fatal(err)
		}
	}
	if calls := s.got(); len(calls) != 2 || sortedFiles(calls[1]) != "few1,few2" {
		t.Fatalf("calls %v; want the 2 others in one call after the quiet period", filesPerCall(calls))
	}
}

func TestQuietPeriodGathersABurst(t *testing.T) {
	s := &fakeSender{}
	clk := newFakeClock()
	w := New(s, Options{Quiet: 2 * time.Second, MaxHold: -1, Now: clk.now})
	defer w.Close()
	ctx := ctxT(t)
	var subs []*submission
	for i, f := range fileNames("f", 5) {
		if i > 0 {
			clk.advance(time.Second) // each arrives within the quiet period of the one before
		}
		subs = append(subs, submitAsync(ctx, w, "p", f, vals("s", "x")))
		eventually(t, "pending", func() bool { return w.pendingCount() == i+1 })
	}
	if n := len(s.got()); n != 0 {
		t.Fatalf("%d calls while files kept arriving; want none yet", n)
	}
	clk.advance(2 * time.Second)
	w.poke()
	for _, sub := range subs {
		if err := sub.wait(t); err != nil {
			t.Fatal(err)
		}
	}
	if calls := s.got(); len(calls) != 1 || len(calls[0].files) != 5 {
		t.Fatalf("calls %v; want one call of 5 files", filesPerCall(calls))
	}
}

func TestMaxHoldBoundsTheWaitOfASmallGroup(t *testing.T) {
	s := &fakeSender{}
	clk := newFakeClock()
	w := New(s, Options{Quiet: time.Minute, MaxHold: 2 * time.Minute, Now: clk.now})
	defer w.Close()
	ctx := ctxT(t)
	lonely := submitAsync(ctx, w, "p", "lonely", vals("s", "rare"))
	eventually(t, "pending", func() bool { return w.pendingCount() == 1 })
	// Files of another set keep arriving, never 100 and never a quiet minute; the fourth arrives when
	// the first file has waited 2 minutes.
	var busy []*submission
	for i, f := range fileNames("busy", 4) {
		clk.advance(30 * time.Second)
		busy = append(busy, submitAsync(ctx, w, "p", f, vals("s", "common")))
		if i < 3 {
			eventually(t, "pending", func() bool { return w.pendingCount() == i+2 })
		}
	}
	if err := lonely.wait(t); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the others pending", func() bool { return w.pendingCount() == 4 })
	if calls := s.got(); len(calls) != 1 || sortedFiles(calls[0]) != "lonely" {
		t.Fatalf("calls %v; want the file held 2 minutes sent alone", filesPerCall(calls))
	}
	clk.advance(time.Minute)
	w.poke()
	for _, sub := range busy {
		if err := sub.wait(t); err != nil {
			t.Fatal(err)
		}
	}
	if calls := s.got(); len(calls) != 2 || len(calls[1].files) != 4 {
		t.Fatalf("calls %v; want the 4 others in one call after the quiet minute", filesPerCall(calls))
	}
}

func TestOneRefusedFileDoesNotFailTheOthers(t *testing.T) {
	// The reply points at the bad file (/data/file_ids/<i>): it alone gets the error, the others are
	// sent again without it.
	s := &fakeSender{}
	s.reply = func(_ context.Context, c call) error {
		for i, f := range c.files {
			if f == "bad" {
				return &frameio.APIError{StatusCode: 422, Errors: []frameio.ErrorDetail{
					{Detail: "file not found in project", Pointer: fmt.Sprintf("/data/file_ids/%d", i)}}}
			}
		}
		return nil
	}
	g := make(gate)
	w := New(s, Options{Slots: g, Quiet: -1})
	defer w.Close()
	ctx := ctxT(t)
	subs := map[string]*submission{}
	for _, f := range []string{"a", "b", "bad", "c"} {
		subs[f] = submitAsync(ctx, w, "p", f, vals("s", "x"))
	}
	eventually(t, "4 pending", func() bool { return w.pendingCount() == 4 })
	g <- struct{}{}
	g <- struct{}{}
	for _, f := range []string{"a", "b", "c"} {
		if err := subs[f].wait(t); err != nil {
			t.Errorf("%s: %v; want success after the bad file was taken out", f, err)
		}
	}
	err := subs["bad"].wait(t)
	var fe *FileError
	if !errors.As(err, &fe) || fe.FileID != "bad" || !fe.Isolated || !strings.Contains(err.Error(), "file bad") ||
		!strings.Contains(err.Error(), "file not found in project") {
		t.Fatalf("bad: %v; want a FileError naming the file and the reply", err)
	}
	calls := s.got()
	if len(calls) != 2 || sortedFiles(calls[1]) != "a,b,c" {
		t.Fatalf("calls %v; want the 4, then the 3 good ones", filesPerCall(calls))
	}
}

func TestAFailedCallWithoutPointerIsSplitUntilTheBadFileIsAlone(t *testing.T) {
	s := &fakeSender{}
	s.reply = func(_ context.Context, c call) error {
		for _, f := range c.files {
			if f == "f013" {
				return &frameio.APIError{StatusCode: 404, Errors: []frameio.ErrorDetail{{Detail: "Not found"}}}
			}
		}
		return nil
	}
	w := New(s, Options{Quiet: -1, Slots: make(gate)})
	defer w.Close()
	subs := submitAll(t, w, fileNames("f", 40))
	for f, sub := range subs {
		err := sub.wait(t)
		var fe *FileError
		switch {
		case f == "f013" && (!errors.As(err, &fe) || !fe.Isolated || fe.FileID != "f013"):
			t.Errorf("f013: %v; want an isolated FileError", err)
		case f != "f013" && err != nil:
			t.Errorf("%s: %v; want success", f, err)
		}
	}
	if n, most := len(s.got()), 1+splitBudget(40); n > most {
		t.Fatalf("%d calls; want at most %d (one, then two per halving)", n, most)
	}
}

func TestSplitBudgetEndsWithEveryFileAnswered(t *testing.T) {
	// Every file is refused without a pointer: the splits stop when the budget is spent, and every
	// file still gets an error, marked as not isolated when its call carried others.
	s := &fakeSender{reply: func(context.Context, call) error {
		return &frameio.APIError{StatusCode: 422, Errors: []frameio.ErrorDetail{{Detail: "cannot"}}}
	}}
	w := New(s, Options{Quiet: -1, Slots: make(gate)})
	defer w.Close()
	subs := submitAll(t, w, fileNames("f", 100))
	notIsolated := 0
	for f, sub := range subs {
		var fe *FileError
		if err := sub.wait(t); !errors.As(err, &fe) || fe.FileID != f {
			t.Fatalf("%s: %v; want a FileError naming it", f, err)
		}
		if !fe.Isolated {
			notIsolated++
		}
	}
	if n := len(s.got()); n != 1+splitBudget(100) {
		t.Fatalf("%d calls; want %d (the call and its split budget)", n, 1+splitBudget(100))
	}
	if notIsolated == 0 {
		t.Fatal("every file isolated: the budget cannot have been spent")
	}
}

func TestRefusedValuesAndOtherFailuresAnswerEveryFile(t *testing.T) {
	for name, reply := range map[string]error{
		"values refused": &frameio.APIError{StatusCode: 422, Errors: []frameio.ErrorDetail{
			{Detail: "is not an option", Pointer: "/data/values/0/value"}}},
		"forbidden":       &frameio.APIError{StatusCode: 403, Errors: []frameio.ErrorDetail{{Detail: "Forbidden"}}},
		"transport error": errBoom,
	} {
		t.Run(name, func(t *testing.T) {
			s := &fakeSender{reply: func(context.Context, call) error { return reply }}
			w := New(s, Options{Quiet: -1, Slots: make(gate)})
			defer w.Close()
			subs := submitAll(t, w, fileNames("f", 3))
			for f, sub := range subs {
				err := sub.wait(t)
				var fe *FileError
				if !errors.As(err, &fe) || fe.FileID != f || fe.Isolated || fe.Files != 3 || !errors.Is(err, reply) ||
					!strings.Contains(err.Error(), "2 other files") {
					t.Errorf("%s: %v; want a FileError naming it and the 2 others", f, err)
				}
			}
			if n := len(s.got()); n != 1 {
				t.Fatalf("%d calls; want 1 (nothing a split could fix)", n)
			}
		})
	}
}

func TestCancelledBeforeSendingIsWithdrawn(t *testing.T) {
	s := &fakeSender{}
	g := make(gate)
	w := New(s, Options{Slots: g, Quiet: -1})
	defer w.Close()
	ctx, cancel := context.WithCancel(ctxT(t))
	gone := submitAsync(ctx, w, "p", "gone", vals("s", "x"))
	stays := submitAsync(ctxT(t), w, "p", "stays", vals("s", "x"))
	eventually(t, "2 pending", func() bool { return w.pendingCount() == 2 })
	cancel()
	if err := gone.wait(t); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "gone") {
		t.Fatalf("cancelled Submit: %v; want context.Canceled naming the file", err)
	}
	eventually(t, "1 pending", func() bool { return w.pendingCount() == 1 })
	g <- struct{}{}
	if err := stays.wait(t); err != nil {
		t.Fatal(err)
	}
	if calls := s.got(); len(calls) != 1 || sortedFiles(calls[0]) != "stays" {
		t.Fatalf("calls %v; want one call without the withdrawn file", filesPerCall(calls))
	}
}

func TestACallNoSubmitterWaitsForIsCancelled(t *testing.T) {
	started := make(chan struct{})
	s := &fakeSender{reply: func(ctx context.Context, _ call) error {
		close(started)
		<-ctx.Done() // a call that hangs until cancelled
		return ctx.Err()
	}}
	w := New(s, Options{Quiet: -1})
	defer w.Close()
	ctx, cancel := context.WithCancel(ctxT(t))
	sub := submitAsync(ctx, w, "p", "f", vals("s", "x"))
	<-started
	cancel()
	if err := sub.wait(t); !errors.Is(err, context.Canceled) {
		t.Fatalf("Submit: %v; want context.Canceled", err)
	}
	// The call is cancelled with it: the writer is free for the next file.
	s.mu.Lock()
	s.reply = nil
	s.mu.Unlock()
	if err := w.Submit(ctxT(t), "p", "g", vals("s", "y")); err != nil {
		t.Fatalf("next Submit: %v", err)
	}
}

func TestCloseAnswersThePendingFiles(t *testing.T) {
	w := New(&fakeSender{}, Options{Slots: make(gate), Quiet: -1})
	sub := submitAsync(ctxT(t), w, "p", "f", vals("s", "x"))
	eventually(t, "pending", func() bool { return w.pendingCount() == 1 })
	w.Close()
	if err := sub.wait(t); !errors.Is(err, ErrClosed) {
		t.Fatalf("pending at Close: %v; want ErrClosed", err)
	}
	if err := w.Submit(ctxT(t), "p", "g", vals("s", "x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close: %v; want ErrClosed", err)
	}
}

func TestClassify(t *testing.T) {
	api := func(status int, pointers ...string) error {
		e := &frameio.APIError{StatusCode: status}
		for _, p := range pointers {
			e.Errors = append(e.Errors, frameio.ErrorDetail{Detail: "x", Pointer: p})
		}
		return fmt.Errorf("wrapped: %w", e)
	}
	for _, tc := range []struct {
		name  string
		err   error
		kind  blameKind
		files []int
	}{
		{"pointer", api(422, "/data/file_ids/2"), blameFiles, []int{2}},
		{"two pointers", api(422, "/data/file_ids/0", "/data/file_ids/3/id", "/data/file_ids/0"), blameFiles, []int{0, 3}},
		{"pointer out of range", api(422, "/data/file_ids/9"), blameSplit, nil},
		{"values", api(422, "/data/values/1/value"), blameValues, nil},
		{"404 without pointer", api(404), blameSplit, nil},
		{"400", api(400), blameSplit, nil},
		{"403", api(403, "/data/file_ids/0"), blameAll, nil},
		{"429", api(429), blameAll, nil},
		{"500", api(500), blameAll, nil},
		{"not an API error", errBoom, blameAll, nil},
	} {
		b := classify(tc.err, 4)
		if b.kind != tc.kind || fmt.Sprint(b.files) != fmt.Sprint(tc.files) {
			t.Errorf("%s: %+v; want kind %d files %v", tc.name, b, tc.kind, tc.files)
		}
	}
}

// submitAll submits files with the same values to a writer whose Slots is a gate, waits until they
// are all pending, then opens the gate for good.
func submitAll(t *testing.T, w *Writer, files []string) map[string]*submission {
	t.Helper()
	subs := map[string]*submission{}
	for _, f := range files {
		subs[f] = submitAsync(ctxT(t), w, "p", f, vals("s", "x"))
	}
	eventually(t, "every file pending", func() bool { return w.pendingCount() == len(files) })
	close(w.opt.Slots.(gate))
	return subs
}

func filesPerCall(calls []call) []int {
	var n []int
	for _, c := range calls {
		n = append(n, len(c.files))
	}
	return n
}
