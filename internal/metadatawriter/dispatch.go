package metadatawriter

import (
	"context"
	"slices"
	"time"
)

// run is the writer's one loop: it waits until a call is worth sending (readiness), then for a slot of
// the rate limit, then takes what is ready at that moment (more files may have arrived while it waited)
// and sends it. Calls go one after another: the operation allows 10 a minute, so there is nothing to
// gain from overlapping them, and one loop keeps the slots it was told about.
func (w *Writer) run() {
	for {
		if w.ctx.Err() != nil {
			w.failPending(ErrClosed)
			return
		}
		ready, until, empty := w.readiness()
		switch {
		case empty:
			w.sleep(-1)
		case !ready:
			w.sleep(until.Sub(w.opt.Now()))
		default:
			if w.opt.Slots != nil {
				if err := w.opt.Slots.WaitSlot(w.ctx); err != nil {
					continue // only the writer's context ends it: closed
				}
			}
			if b := w.take(); b != nil {
				w.sendBatch(b)
			}
		}
	}
}

// sleep waits d (forever when d < 0), a new submission or the end of the writer.
func (w *Writer) sleep(d time.Duration) {
	var timeout <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(max(d, time.Millisecond))
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-w.wake:
	case <-timeout:
	case <-w.ctx.Done():
	}
}

// readiness reports whether take would return a call now; if not, until is when that may change
// without a new submission; empty means nothing is pending.
func (w *Writer) readiness() (ready bool, until time.Time, empty bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.retries) > 0 {
		return true, time.Time{}, false
	}
	if len(w.groups) == 0 {
		return false, time.Time{}, true
	}
	now := w.opt.Now()
	if w.choose(now) != nil {
		return true, time.Time{}, false
	}
	until = w.lastActivity.Add(w.opt.Quiet)
	if w.opt.MaxHold >= 0 {
		for _, g := range w.groups {
			if t := g.items[0].enq.Add(w.opt.MaxHold); t.Before(until) {
				until = t
			}
		}
	}
	return false, until, false
}

// choose picks the group a call should carry now, or nil to keep gathering: a full group first (it
// cannot gain more files), then the group whose oldest file has waited MaxHold, and once no submission
// arrived for Quiet (the submitters are waiting on the writer), the largest. Ties go to the group
// waiting longest. w.mu held.
func (w *Writer) choose(now time.Time) *group {
	var full, starving, largest *group
	for _, g := range w.groups {
		if len(g.items) >= w.opt.MaxFiles && older(g, full) {
			full = g
		}
		if w.opt.MaxHold >= 0 && now.Sub(g.items[0].enq) >= w.opt.MaxHold && older(g, starving) {
			starving = g
		}
		if largest == nil || len(g.items) > len(largest.items) || len(g.items) == len(largest.items) && older(g, largest) {
			largest = g
		}
	}
	switch {
	case full != nil:
		return full
	case starving != nil:
		return starving
	case w.opt.Quiet < 0 || now.Sub(w.lastActivity) >= w.opt.Quiet:
		return largest
	}
	return nil
}

// older reports whether g has waited longer than h (nil h: true); equal waits go by key, so that the
// choice does not depend on the order of a map.
func older(g, h *group) bool {
	if h == nil {
		return true
	}
	a, b := g.items[0].enq, h.items[0].enq
	if !a.Equal(b) {
		return a.Before(b)
	}
	return g.key < h.key
}

// take removes what the next call carries from the pending files: the first part of a failed call if
// any, otherwise up to MaxFiles files of the chosen group. nil when nothing is ready after all (new
// submissions arrived while the writer waited for its slot: it keeps gathering).
func (w *Writer) take() *batch {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.retries) > 0 {
		b := w.retries[0]
		w.retries = w.retries[1:]
		b.items = slices.DeleteFunc(b.items, func(it *item) bool { return it.state != pending })
		if len(b.items) > 0 {
			w.dispatch(b)
			return b
		}
	}
	g := w.choose(w.opt.Now())
	if g == nil {
		return nil
	}
	n, ids := 0, map[string]bool{}
	for ; n < len(g.items); n++ {
		id := g.items[n].fileID
		if !ids[id] && len(ids) == w.opt.MaxFiles {
			break
		}
		ids[id] = true
	}
	b := &batch{project: g.project, values: g.values, items: slices.Clone(g.items[:n])}
	budget := splitBudget(len(ids))
	b.budget = &budget
	g.items = slices.Delete(g.items, 0, n)
	if len(g.items) == 0 {
		delete(w.groups, g.key)
	}
	w.dispatch(b)
	return b
}

// dispatch marks b's items in flight. w.mu held.
func (w *Writer) dispatch(b *batch) {
	b.live = len(b.items)
	for _, it := range b.items {
		it.state, it.batch = inFlight, b
	}
}

// sendBatch sends b, one call per chunk of MaxValues values, and answers its files.
func (w *Writer) sendBatch(b *batch) {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	w.mu.Lock()
	b.cancel = cancel
	if b.live == 0 { // every submitter withdrew between take and now
		w.mu.Unlock()
		return
	}
	w.mu.Unlock()
	ids := fileIDs(b.items)
	logCtx := b.items[0].ctx
	chunks := chunk(b.values, w.opt.MaxValues)
	w.log(logCtx, "debug", "metadata bulk update", map[string]any{
		"project_id": b.project, "files": len(ids), "values": len(b.values), "calls": len(chunks)})
	for i, c := range chunks {
		if i > 0 && w.opt.Slots != nil {
			if err := w.opt.Slots.WaitSlot(ctx); err != nil {
				w.failed(b, ids, err)
				return
			}
		}
		err := w.send.BulkUpdate(ctx, b.project, ids, c)
		w.mu.Lock()
		w.stats.Calls++
		if err != nil {
			w.stats.FailedCalls++
		}
		w.mu.Unlock()
		if err != nil {
			w.log(logCtx, "warn", "metadata bulk update failed", map[string]any{
				"project_id": b.project, "files": len(ids), "error": err.Error()})
			w.failed(b, ids, err)
			return
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastActivity = w.opt.Now()
	for _, it := range b.items {
		w.answer(it, nil)
	}
}

// answer gives it its answer, unless it was answered or withdrawn already. w.mu held.
func (w *Writer) answer(it *item, err error) {
	if it.state == answered || it.state == withdrawn {
		return
	}
	it.state, it.batch = answered, nil
	if err != nil {
		w.stats.FailedFiles++
	} else {
		w.stats.Files++
	}
	it.done <- err
}

// failPending answers every file not yet answered with err (the writer is closed).
func (w *Writer) failPending(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for k, g := range w.groups {
		for _, it := range g.items {
			w.answer(it, err)
		}
		delete(w.groups, k)
	}
	for _, b := range w.retries {
		for _, it := range b.items {
			w.answer(it, err)
		}
	}
	w.retries = nil
}

func (w *Writer) log(ctx context.Context, level, msg string, fields map[string]any) {
	if w.opt.Log != nil {
		w.opt.Log(ctx, level, msg, fields)
	}
}

// fileIDs returns the distinct file ids of items, in order.
func fileIDs(items []*item) []string {
	var ids []string
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it.fileID] {
			seen[it.fileID] = true
			ids = append(ids, it.fileID)
		}
	}
	return ids
}

// chunk cuts values into runs of at most n.
func chunk(values []Value, n int) [][]Value {
	var out [][]Value
	for len(values) > n {
		out = append(out, values[:n])
		values = values[n:]
	}
	return append(out, values)
}
