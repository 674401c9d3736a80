package provider

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Every operation a plan tallies is one the client calls, with the registry's documented limit: a
// misspelt id would have no limit and never warn.
func TestPlannedWorkNamesRegistryOperations(t *testing.T) {
	limits := frameio.RateLimits()
	for op := range workNames {
		if _, ok := limits[op]; !ok {
			t.Errorf("workNames names %s, which is not in the client's registry", op)
		}
	}
	newFile := &fileModel{ID: types.StringUnknown(), SourceURL: types.StringNull()}
	unstacked := &fileModel{VersionStackID: types.StringNull(), Name: types.StringValue("a"), FolderID: types.StringValue("f")}
	stacked := &fileModel{VersionStackID: types.StringValue("s"), Name: types.StringValue("a"), FolderID: types.StringValue("f")}
	moved := &fileModel{ID: types.StringValue("x"), SourceURL: types.StringNull(), Name: types.StringValue("b"), FolderID: types.StringValue("g")}
	for _, w := range []map[string]int{
		fileWork(newFile, nil), fileWork(newFile, unstacked), fileWork(newFile, stacked),
		fileWork(moved, unstacked), fileWork(moved, stacked),
		shareWork(&shareModel{}, nil), shareWork(&shareModel{Name: types.StringValue("n")}, &shareModel{}),
	} {
		for op := range w {
			if workNames[op] == "" {
				t.Errorf("%s is tallied but has no name in workNames", op)
			}
		}
	}
	if w := fileWork(newFile, unstacked); w["version_stacks.create"] != 1 || w["files.create_local_upload"] != 1 {
		t.Errorf("a first new version: %v, want a stack create and an upload", w)
	}
	if w := fileWork(newFile, stacked); w["version_stacks.create"] != 0 || w["files.move"] != 1 {
		t.Errorf("a later new version: %v, want a move on top and no stack create", w)
	}
	if w := fileWork(moved, stacked); w["version_stacks.move"] != 1 || w["files.update"] != 1 {
		t.Errorf("a stacked file renamed and moved: %v", w)
	}
}

func TestCallFloor(t *testing.T) {
	perMinute := frameio.RateLimit{N: 10, Window: time.Minute}
	for _, c := range []struct {
		n    int
		want time.Duration
	}{{0, 0}, {10, 0}, {11, 6 * time.Second}, {1000, 99 * time.Minute}} {
		if got := callFloor(c.n, perMinute); got != c.want {
			t.Errorf("callFloor(%d, 10/min) = %s, want %s", c.n, got, c.want)
		}
	}
	if got := callFloor(1000, frameio.RateLimit{N: 5, Window: time.Second}); got != 199*time.Second {
		t.Errorf("1000 uploads at 5/s: %s, want 199s", got)
	}
}

func TestHumanDurationRoundsDown(t *testing.T) {
	for d, want := range map[time.Duration]string{
		59 * time.Second: "59 seconds", 119 * time.Second: "1 minute", 99*time.Minute + 59*time.Second: "99 minutes",
		2 * time.Hour: "2 hours", 165*time.Minute + 30*time.Second: "2 hours 45 minutes",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

// warnings runs n planned changes of work through w, concurrently as Terraform plans, and returns the
// warnings given.
func warnings(w *plannedWork, n int, work map[string]int) diag.Diagnostics {
	var mu sync.Mutex
	var all diag.Diagnostics
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := w.add(work, metadataWrite{})
			mu.Lock()
			all.Append(d...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

// 1,000 first new versions: a stack create each, 10 per minute. The plan warns when the floor passes
// 5 minutes, 20 and 80: three warnings, not a thousand, each a lower bound.
func TestPlannedWorkWarnsAFewTimes(t *testing.T) {
	w := newPlannedWork()
	work := fileWork(&fileModel{ID: types.StringUnknown(), SourceURL: types.StringNull()},
		&fileModel{VersionStackID: types.StringNull()})
	diags := warnings(w, 1000, work)
	if len(diags) != 3 || diags.WarningsCount() != 3 {
		t.Fatalf("%d diagnostics, want 3 warnings: %v", len(diags), diags)
	}
	summaries := map[string]bool{}
	for _, d := range diags {
		summaries[d.Summary()] = true
	}
	for _, want := range []string{"at least 5 minutes", "at least 20 minutes", "at least 80 minutes"} {
		if !summaries["Slow apply ahead: Frame.io's rate limits need "+want] {
			t.Errorf("no warning saying %q: %v", want, summaries)
		}
	}
	var last diag.Diagnostic
	for _, d := range diags {
		if strings.Contains(d.Summary(), "80 minutes") {
			last = d
		}
	}
	for _, want := range []string{
		"- 810 version stacks created (the first new version of a file needs one): Frame.io allows " +
			"version_stacks.create 10 per minute, so at least 80 minutes",
		"- 810 version stacks read back after a new version: Frame.io allows version_stacks.show 100 per minute, so at least 7 minutes",
		"lower bound",
	} {
		if !strings.Contains(last.Detail(), want) {
			t.Errorf("the last warning does not say %q:\n%s", want, last.Detail())
		}
	}
	// Slowest first: the stack creates set the floor, the uploads (2 minutes) come last.
	if i, j := strings.Index(last.Detail(), "version stacks created"), strings.Index(last.Detail(), "810 uploads: Frame.io allows "+
		"files.create_local_upload 5 per second, so at least 2 minutes"); i < 0 || j < i {
		t.Errorf("the operations are not listed slowest first:\n%s", last.Detail())
	}
}

// With a threshold of one minute, 30 stack creates (a floor of 2 minutes) warn once, with the figures
// at the crossing; operations under a minute (their uploads) are not listed.
func TestPlannedWorkThirtyStackCreates(t *testing.T) {
	w := newPlannedWork()
	w.after = time.Minute
	diags := warnings(w, 30, map[string]int{"version_stacks.create": 1, "files.create_local_upload": 1})
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
	}
	if strings.Contains(diags[0].Detail(), "uploads: Frame.io") {
		t.Errorf("uploads of a few seconds are listed:\n%s", diags[0].Detail())
	}
	want := "- 20 version stacks created (the first new version of a file needs one): Frame.io allows " +
		"version_stacks.create 10 per minute, so at least 1 minute"
	if d := diags[0]; d.Summary() != "Slow apply ahead: Frame.io's rate limits need at least 1 minute" || !strings.Contains(d.Detail(), want) {
		t.Fatalf("warning %q:\n%s\nwant the detail to say %q", d.Summary(), d.Detail(), want)
	}
	if got := callFloor(w.calls["version_stacks.create"], w.limits["version_stacks.create"]); got != 2*time.Minute {
		t.Errorf("floor of the 30 tallied: %s, want 2m", got)
	}
}

// Work within the threshold, and an unconfigured provider, warn about nothing.
func TestPlannedWorkQuietBelowTheThreshold(t *testing.T) {
	if d := warnings(newPlannedWork(), 500, map[string]int{"files.create_local_upload": 1}); len(d) != 0 {
		t.Fatalf("500 uploads (under 2 minutes) warned: %v", d)
	}
	var none *providerData
	if d := none.tally(map[string]int{"version_stacks.create": 1000}, metadataWrite{}); d != nil {
		t.Fatalf("an unconfigured provider warned: %v", d)
	}
}

// metadataFile is a planned frameio_file create whose metadata sets Episode to episode.
func metadataFile(episode string) *fileModel {
	return &fileModel{ID: types.StringUnknown(), SourceURL: types.StringNull(),
		Metadata: types.MapValueMust(types.StringType, map[string]attr.Value{
			"Status": types.StringValue("Approved"), "Episode": types.StringValue(episode)})}
}

// Metadata writes are tallied by the values they set: 1,000 files setting the same values share calls
// (10 calls, within the burst: no warning), while 200 files each setting its own Episode need a call
// each, 19 minutes at 10 a minute, which the plan says.
func TestPlannedWorkMetadataWrites(t *testing.T) {
	same := newPlannedWork()
	for range 1000 {
		if d := same.add(nil, metadataWriteOf(metadataFile("101"), nil)); len(d) != 0 {
			t.Fatalf("1,000 files setting the same values warned: %v", d)
		}
	}
	if n := same.callsLocked()[opMetadataWrite]; n != 10 {
		t.Errorf("1,000 files setting the same values: %d calls, want 10", n)
	}

	own := newPlannedWork()
	var diags diag.Diagnostics
	for i := range 200 {
		diags.Append(own.add(fileWork(metadataFile(""), nil), metadataWriteOf(metadataFile(fmt.Sprint(i)), nil))...)
	}
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1 warning: %v", len(diags), diags)
	}
	want := "- 60 metadata writes (a call sets the same values on up to 100 files; files setting other values " +
		"need calls of their own): Frame.io allows metadata.bulk_update 10 per minute, so at least 5 minutes"
	if d := diags[0]; !strings.Contains(d.Summary(), "at least 5 minutes") || !strings.Contains(d.Detail(), want) {
		t.Errorf("warning %q:\n%s\nwant the detail to say %q", d.Summary(), d.Detail(), want)
	}
	if n := own.callsLocked()[opMetadataWrite]; n != 200 {
		t.Errorf("200 files with their own values: %d calls, want 200", n)
	}
}

// What a planned change writes: a create its values but no empty ones, an update in place what changed
// and what it clears, a new version all its values, an unchanged map nothing, unknown values nothing
// (a lower bound).
func TestMetadataWriteOf(t *testing.T) {
	m := func(kv ...string) types.Map {
		elems := map[string]attr.Value{}
		for i := 0; i < len(kv); i += 2 {
			elems[kv[i]] = types.StringValue(kv[i+1])
		}
		return types.MapValueMust(types.StringType, elems)
	}
	existing := types.StringValue("x")
	for name, c := range map[string]struct {
		plan, state *fileModel
		values      int
	}{
		"create":      {&fileModel{ID: types.StringUnknown(), Metadata: m("A", "1", "B", "")}, nil, 1},
		"new version": {&fileModel{ID: types.StringUnknown(), Metadata: m("A", "1", "B", "2")}, &fileModel{ID: existing, Metadata: m("A", "1", "B", "2")}, 2},
		"update":      {&fileModel{ID: existing, Metadata: m("A", "1", "B", "3")}, &fileModel{ID: existing, Metadata: m("A", "1", "B", "2", "C", "4")}, 2},
		"unchanged":   {&fileModel{ID: existing, Metadata: m("A", "1")}, &fileModel{ID: existing, Metadata: m("A", "1")}, 0},
		"none":        {&fileModel{ID: types.StringUnknown(), Metadata: types.MapNull(types.StringType)}, nil, 0},
		"unknown":     {&fileModel{ID: types.StringUnknown(), Metadata: types.MapUnknown(types.StringType)}, nil, 0},
	} {
		if got := metadataWriteOf(c.plan, c.state); got.values != c.values {
			t.Errorf("%s: %+v, want %d values", name, got, c.values)
		}
	}
	a := metadataWriteOf(&fileModel{ID: types.StringUnknown(), Metadata: m("A", "1", "B", "2")}, nil)
	b := metadataWriteOf(&fileModel{ID: types.StringUnknown(), Metadata: m("B", "2", "A", "1")}, nil)
	c := metadataWriteOf(&fileModel{ID: types.StringUnknown(), Metadata: m("A", "1", "B", "3")}, nil)
	if a != b || a == c {
		t.Errorf("same values, same write: %v %v; other values: %v", a, b, c)
	}
}
