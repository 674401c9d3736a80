package provider

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/metadatawriter"
)

// The floors of an apply. Some Frame.io writes are rate limited so tightly (10 per minute for a version
// stack create, a share write) that a large apply cannot be quick whatever the client does: the user
// should learn it from the plan, not from a stalled apply. Each ModifyPlan adds the calls its change
// implies to a tally of the provider process (one plan), and the plan whose change takes the apply's
// floor beyond floorWarnAfter, and then beyond each floorGrowth-fold of it, carries a warning with the
// figures so far. Terraform plans resources one by one and tells no provider how many there are, so
// the figures are of the resources planned so far: the warning says "at least", and comes back, a few
// times at most, as the plan grows.

// floorWarnAfter is the floor from which a plan warns: "beyond a few minutes".
const floorWarnAfter = 5 * time.Minute

// floorGrowth: after a warning, the next comes when the floor has grown this many times.
const floorGrowth = 4

// workNames say what the calls of an operation do, as a plan warning lists them.
var workNames = map[string]string{
	"files.create_local_upload":  "uploads",
	"files.create_remote_upload": "remote uploads",
	"version_stacks.create":      "version stacks created (the first new version of a file needs one)",
	"files.move":                 "files moved (a later new version is moved on top of its stack)",
	"version_stacks.show":        "version stacks read back after a new version",
	"version_stacks.index":       "version stack listings after a new version",
	"version_stacks.move":        "version stacks moved to another folder",
	"files.update":               "files renamed",
	"shares.create":              "shares created",
	"shares.update":              "share settings updated",
	"shares.add_asset":           "assets added to shares",
	"shares.remove_asset":        "assets removed from shares",
	"shares.add_reviewers":       "reviewer invitations (10 a call)",
	"shares.remove_reviewers":    "reviewer removals (10 a call)",
	opMetadataWrite:              "metadata writes (a call sets the same values on up to 100 files; files setting other values need calls of their own)",
}

// opMetadataWrite is the operation of metadata writes, tallied by the set of values they write.
const opMetadataWrite = "metadata.bulk_update"

// plannedWork is the tally of one provider process.
type plannedWork struct {
	mu     sync.Mutex
	limits map[string]frameio.RateLimit // the registry's documented limits
	after  time.Duration                // floorWarnAfter, smaller in unit tests
	calls  map[string]int               // operationId -> calls planned so far
	writes map[metadataWrite]int        // metadata writes planned so far -> files that make them
	level  int                          // warnings given so far
}

// metadataWrite is a set of metadata values written to files (metadataWriteOf): files that write the
// same set can share metadata.bulk_update calls, others cannot.
type metadataWrite struct {
	key    string // the values, canonical: equal sets have equal keys
	values int    // how many
}

func newPlannedWork() *plannedWork {
	return &plannedWork{limits: frameio.RateLimits(), after: floorWarnAfter, calls: map[string]int{},
		writes: map[metadataWrite]int{}}
}

// tally adds the calls of one planned change, and the metadata it writes (zero: none), to the plan's
// tally and returns its floor warning, if any; nothing before the provider is configured.
func (d *providerData) tally(calls map[string]int, write metadataWrite) diag.Diagnostics {
	if d == nil {
		return nil
	}
	return d.work.add(calls, write)
}

// add records the calls one resource's planned change implies and returns the warning, if this change
// takes the apply's floor to the next level.
func (w *plannedWork) add(calls map[string]int, write metadataWrite) diag.Diagnostics {
	if w == nil || len(calls) == 0 && write.values == 0 {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for op, n := range calls {
		w.calls[op] += n
	}
	if write.values > 0 {
		w.writes[write]++
	}
	floor := w.floorLocked()
	level := floorLevel(floor, w.after)
	if level <= w.level {
		return nil
	}
	w.level = level
	var diags diag.Diagnostics
	diags.AddWarning(fmt.Sprintf("Slow apply ahead: Frame.io's rate limits need at least %s", humanDuration(floor)),
		w.detailLocked(floor))
	return diags
}

// floorLocked is the least time the calls tallied so far take: each operation has its own limit, so
// they run side by side and the slowest sets the floor.
func (w *plannedWork) floorLocked() time.Duration {
	var floor time.Duration
	for op, n := range w.callsLocked() {
		floor = max(floor, callFloor(n, w.limits[op]))
	}
	return floor
}

// callsLocked is the calls tallied so far by operation, with the metadata writes' calls at the fewest
// the writer can make: one per 100 files writing the same values (and per 100 values). Terraform's
// -parallelism may split them further, which the provider cannot know.
func (w *plannedWork) callsLocked() map[string]int {
	calls := maps.Clone(w.calls)
	for write, files := range w.writes {
		calls[opMetadataWrite] += ceilDiv(files, metadatawriter.MaxFilesPerCall) * ceilDiv(write.values, metadatawriter.MaxValuesPerCall)
	}
	return calls
}

// detailLocked lists the operations whose floor is a minute or more, slowest first.
func (w *plannedWork) detailLocked(floor time.Duration) string {
	type line struct {
		floor time.Duration
		text  string
	}
	var lines []line
	for op, n := range w.callsLocked() {
		f := callFloor(n, w.limits[op])
		if f < time.Minute {
			continue
		}
		name := workNames[op]
		if name == "" {
			name = op + " calls"
		}
		lines = append(lines, line{f, fmt.Sprintf("- %d %s: Frame.io allows %s %s, so at least %s",
			n, name, op, rateText(w.limits[op]), humanDuration(f))})
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].floor > lines[j].floor })
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text
	}
	return fmt.Sprintf("The resources planned so far make at least:\n%s\n\nThe limits are Frame.io's, per user and "+
		"operation, so no setting of the provider makes these calls faster; the operations run side by side, so "+
		"the apply takes at least %s, plus the time of the uploads themselves. This is a lower bound of what the "+
		"resources planned so far imply: if the plan holds more, this warning comes again, with larger figures, "+
		"when the floor has grown %d times.", strings.Join(texts, "\n"), humanDuration(floor), floorGrowth)
}

// callFloor is the least time n calls of an operation limited to lim take: Frame.io's leaky bucket
// takes a burst of lim.N, then one call per lim.Window/lim.N.
func callFloor(n int, lim frameio.RateLimit) time.Duration {
	if lim.N <= 0 || n <= lim.N {
		return 0
	}
	return time.Duration(n-lim.N) * lim.Window / time.Duration(lim.N)
}

// floorLevel is 0 below after, then 1, 2, ... at after, after*floorGrowth, after*floorGrowth^2, ...
func floorLevel(floor, after time.Duration) int {
	if after <= 0 || floor < after {
		return 0
	}
	return 1 + int(math.Floor(math.Log(float64(floor)/float64(after))/math.Log(floorGrowth)+1e-9))
}

// rateText is a limit as the documentation says it: "10 per minute".
func rateText(l frameio.RateLimit) string {
	switch l.Window {
	case time.Second:
		return fmt.Sprintf("%d per second", l.N)
	case time.Minute:
		return fmt.Sprintf("%d per minute", l.N)
	case time.Hour:
		return fmt.Sprintf("%d per hour", l.N)
	}
	return fmt.Sprintf("%d per %s", l.N, l.Window)
}

// humanDuration rounds d down (it is a lower bound) to minutes, or hours and minutes.
func humanDuration(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return fmt.Sprintf("%d seconds", int(d/time.Second))
	case m == 1:
		return "1 minute"
	case m < 120:
		return fmt.Sprintf("%d minutes", m)
	case m%60 == 0:
		return fmt.Sprintf("%d hours", m/60)
	}
	return fmt.Sprintf("%d hours %d minutes", m/60, m%60)
}

// fileWork is the calls a planned change of a frameio_file makes, at least (retries, polls and reads
// not counted): an upload for a create; for a new version the upload, the stacking (a stack create the
// first time, a move on top after) and the read back of the stack; a rename; a move.
func fileWork(plan, state *fileModel) map[string]int {
	upload := "files.create_local_upload"
	if !plan.SourceURL.IsNull() {
		upload = "files.create_remote_upload"
	}
	stacked := state != nil && state.VersionStackID.ValueString() != ""
	switch {
	case state == nil:
		return map[string]int{upload: 1}
	case plan.ID.IsUnknown():
		stacking := "version_stacks.create"
		if stacked {
			stacking = "files.move"
		}
		return map[string]int{upload: 1, stacking: 1, "version_stacks.show": 1, "version_stacks.index": 1}
	}
	work := map[string]int{}
	if !plan.Name.Equal(state.Name) {
		work["files.update"]++
	}
	if !plan.FolderID.Equal(state.FolderID) {
		if stacked {
			work["version_stacks.move"]++
		} else {
			work["files.move"]++
		}
	}
	return work
}

// metadataWriteOf is the metadata a planned change of a frameio_file writes: the planned values on a
// new file (a create, or a new version, which starts without values), the changed and cleared ones on
// an update in place. Zero when it writes none, or when the values are not known yet (the tally is a
// lower bound).
func metadataWriteOf(plan, state *fileModel) metadataWrite {
	want, known := metadataMap(plan.Metadata)
	if !known {
		return metadataWrite{}
	}
	set, cleared := settingValues(want), []string(nil)
	if state != nil && !plan.ID.IsUnknown() {
		have, _ := metadataMap(state.Metadata)
		set, cleared = metadataChanges(want, have)
	}
	var key strings.Builder
	for _, k := range sortedKeys(set) {
		fmt.Fprintf(&key, "%q=%q;", k, set[k])
	}
	for _, k := range cleared {
		fmt.Fprintf(&key, "%q cleared;", k)
	}
	return metadataWrite{key: key.String(), values: len(set) + len(cleared)}
}

// shareWork is the calls a planned change of a frameio_share makes, at least: the create and its
// reviewers' invitations, or the update of its settings, assets and reviewers.
func shareWork(plan, state *shareModel) map[string]int {
	reviewers, _ := setStrings(plan.Reviewers)
	if state == nil {
		return map[string]int{"shares.create": 1, "shares.add_reviewers": ceilDiv(len(reviewers), 10)}
	}
	work := map[string]int{}
	// An update narrows first and opens last (share_resource_update.go): up to two PATCHes.
	narrow, open := splitShareUpdate(*plan, *state)
	for _, u := range []frameio.ShareUpdate{narrow, open} {
		if u != (frameio.ShareUpdate{}) {
			work["shares.update"]++
		}
	}
	wantAssets, _ := setStrings(plan.AssetIDs)
	haveAssets, _ := setStrings(state.AssetIDs)
	work["shares.add_asset"] = len(diffFold(wantAssets, haveAssets))
	work["shares.remove_asset"] = len(diffFold(haveAssets, wantAssets))
	if !plan.Reviewers.IsNull() {
		have, _ := setStrings(state.Reviewers)
		work["shares.add_reviewers"] = ceilDiv(len(diffFold(reviewers, have)), 10)
		work["shares.remove_reviewers"] = ceilDiv(len(diffFold(have, reviewers)), 10)
	}
	return work
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
