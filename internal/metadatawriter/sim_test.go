package metadatawriter

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// applySim models an apply that creates files with metadata, on the writer's clock: Terraform runs at
// most parallelism resources at once; each resource's upload finishes createGap after the one before
// (files.create_local_upload allows 5 calls a second) and then submits its values and waits for its
// answer, holding its slot meanwhile. When every running resource waits on the writer (or nothing is
// left to start), nothing arrives any more: the clock moves by the quiet period. File i sets value set
// i % sets (interleaved: the worst order for coalescing) or i / (files/sets) (in blocks, as resource
// blocks of one count each would be if Terraform started them in order). Slots are not modelled (always free): a rate limit
// only lengthens the gathering, so the calls counted here are an upper bound.
type applySim struct {
	files, sets, parallelism int
	blocks                   bool
}

func (a applySim) set(i int) int {
	if a.blocks {
		return i / (a.files / a.sets)
	}
	return i % a.sets
}

const createGap = 200 * time.Millisecond

func (a applySim) run(t *testing.T) (calls []call) {
	t.Helper()
	s := &fakeSender{}
	clk := newFakeClock()
	w := New(s, Options{Now: clk.now})
	defer w.Close()
	ctx := ctxT(t)
	var running, answered atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var errOnce sync.Once
	submit := func(i int) {
		defer wg.Done()
		defer running.Add(-1)
		defer answered.Add(1)
		v := vals("status", fmt.Sprintf("set%d", a.set(i)), "reel", 1.0, "approved", true)
		if err := w.Submit(ctx, "p", fmt.Sprintf("file%04d", i), v); err != nil {
			errOnce.Do(func() { firstErr = err })
		}
	}
	started := 0
	// settled: every started resource is pending in the writer or answered.
	settled := func() bool { return int64(w.pendingCount())+answered.Load() == int64(started) }
	for answered.Load() < int64(a.files) {
		if started < a.files && running.Load() < int64(a.parallelism) {
			clk.advance(createGap)
			running.Add(1)
			wg.Add(1)
			go submit(started)
			started++
			eventually(t, "the new file pending or answered", settled)
			continue
		}
		before := answered.Load()
		clk.advance(DefaultQuiet)
		w.poke()
		eventually(t, "a call after the quiet period", func() bool { return answered.Load() > before })
		eventually(t, "settled", settled)
	}
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return s.got()
}

func TestApplySimulationCoalesces(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 1,000-file applies")
	}
	for _, tc := range []struct {
		sets, parallelism, most int // most: the target, 0 = only reported
		blocks                  bool
	}{
		{1, 10, 100, false}, // Terraform's default: a call carries at most 10 files
		{1, 100, 10, false},
		{5, 10, 0, false},
		{5, 100, 0, false},
		{5, 250, 0, false},
		{5, 500, 15, false},
		{5, 10, 0, true},
		{5, 100, 15, true},
	} {
		order := "interleaved"
		if tc.blocks {
			order = "blocks"
		}
		t.Run(fmt.Sprintf("sets=%d/%s/parallelism=%d", tc.sets, order, tc.parallelism), func(t *testing.T) {
			sim := applySim{files: 1000, sets: tc.sets, parallelism: tc.parallelism, blocks: tc.blocks}
			calls := sim.run(t)
			sent := 0
			most := 0
			for _, c := range calls {
				sent += len(c.files)
				most = max(most, len(c.files))
			}
			t.Logf("1,000 files, %d value sets (%s), -parallelism=%d: %d bulk calls (at most %d files a call)",
				tc.sets, order, tc.parallelism, len(calls), most)
			if sent != 1000 {
				t.Fatalf("the calls carried %d files; want each of the 1,000 once", sent)
			}
			if most > tc.parallelism {
				t.Fatalf("a call carried %d files with -parallelism=%d", most, tc.parallelism)
			}
			if tc.most > 0 && len(calls) > tc.most {
				t.Fatalf("%d calls; want at most %d", len(calls), tc.most)
			}
		})
	}
}
