package metadatawriter

import (
	"errors"
	"math/bits"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// A failed call carried many files; each must get its own answer, and one bad file must not fail the
// others. What the error says decides what happens next:
//
//   - A refusal that points into file_ids (a 4xx whose error pointer is /data/file_ids/<i>) names the bad
//     files: they are answered with the error, and the others are sent again without them.
//   - A refusal that points into values: the values themselves were refused, for every file alike, so
//     every file of the call gets the error.
//   - Another refusal a single file could cause (400, 404, 409, 422 without a pointer): the call is split
//     in two and each half sent again, until the bad file is alone (then answered with the error) or the
//     split budget of the call is spent (then the files still unresolved get the error, marked as not
//     isolated). The budget allows finding one or two bad files among 100 (2 calls per split level).
//   - Anything else (401, 403, 429 or 5xx after the client's retries, a transport error, the end of the
//     writer): every file of the call gets the error; a file alone could not have caused it.
//
// The document does not say how metadata.bulk_update reports a file it cannot write (a file of another
// project, a deleted file): the reading taken here handles a pointer, a refusal without one, and a
// reply that lists several bad files.

type blameKind int

const (
	blameAll    blameKind = iota // every file of the call
	blameFiles                   // the files at the given indexes
	blameValues                  // the values: every file alike
	blameSplit                   // some file, unknown: split the call
)

type blame struct {
	kind  blameKind
	files []int // indexes into the call's file_ids, for blameFiles
}

// classify reads what err says about a call that carried n files.
func classify(err error, n int) blame {
	var ae *frameio.APIError
	if !errors.As(err, &ae) {
		return blame{kind: blameAll}
	}
	switch ae.StatusCode {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity:
	default:
		return blame{kind: blameAll}
	}
	var files []int
	values := false
	for _, d := range ae.Errors {
		if i, ok := fileIndex(d.Pointer); ok && i < n {
			if !slices.Contains(files, i) {
				files = append(files, i)
			}
		} else if d.Pointer == "/data/values" || strings.HasPrefix(d.Pointer, "/data/values/") {
			values = true
		}
	}
	switch {
	case len(files) > 0:
		return blame{kind: blameFiles, files: files}
	case values:
		return blame{kind: blameValues}
	}
	return blame{kind: blameSplit}
}

// fileIndex reads i from a pointer /data/file_ids/<i>[/...].
func fileIndex(pointer string) (int, bool) {
	rest, ok := strings.CutPrefix(pointer, "/data/file_ids/")
	if !ok {
		return 0, false
	}
	rest, _, _ = strings.Cut(rest, "/")
	i, err := strconv.Atoi(rest)
	return i, err == nil && i >= 0
}

// splitBudget is how many calls may be spent splitting a failed call of n files: enough to isolate two
// bad files (two calls per halving, down to one file).
func splitBudget(n int) int { return 2*bits.Len(uint(max(n-1, 0))) + 2 }

// failed answers the files of b after its call, which carried ids, failed with err, or queues what can
// be sent again.
func (w *Writer) failed(b *batch, ids []string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx.Err() != nil {
		for _, it := range b.items {
			w.answer(it, ErrClosed)
		}
		return
	}
	w.lastActivity = w.opt.Now()
	fileErr := func(id string, isolated bool) error {
		return &FileError{FileID: id, Err: err, Isolated: isolated, Files: len(ids)}
	}
	bl := classify(err, len(ids))
	switch {
	case bl.kind == blameFiles:
		bad := map[string]bool{}
		for _, i := range bl.files {
			bad[ids[i]] = true
		}
		var rest []*item
		for _, it := range b.items {
			if bad[it.fileID] {
				w.answer(it, fileErr(it.fileID, true))
			} else {
				rest = append(rest, it)
			}
		}
		w.requeue(b, rest)
	case bl.kind == blameSplit && len(ids) > 1 && *b.budget >= 2:
		*b.budget -= 2
		first := map[string]bool{}
		for _, id := range ids[:len(ids)/2] {
			first[id] = true
		}
		var left, right []*item
		for _, it := range b.items {
			if first[it.fileID] {
				left = append(left, it)
			} else {
				right = append(right, it)
			}
		}
		w.requeue(b, left)
		w.requeue(b, right)
	default:
		isolated := len(ids) == 1 && bl.kind != blameAll
		for _, it := range b.items {
			w.answer(it, fileErr(it.fileID, isolated))
		}
	}
}

// requeue queues items (still waiting: not withdrawn) as a part of b to send again. w.mu held.
func (w *Writer) requeue(b *batch, items []*item) {
	var live []*item
	for _, it := range items {
		if it.state == inFlight {
			it.state, it.batch = pending, nil
			live = append(live, it)
		}
	}
	if len(live) == 0 {
		return
	}
	w.retries = append(w.retries, &batch{project: b.project, values: b.values, items: live, budget: b.budget})
	select {
	case w.wake <- struct{}{}:
	default:
	}
}
