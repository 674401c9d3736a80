package delivery

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// What happens after the bytes are in Frame.io: a finished upload is never thrown away because the wait
// for processing, or the read back, did not end well; and the create timeout does not count the
// transfer.

// The transfer outlives Spec.Timeout while it makes progress: it is not cut.
func TestUploadTimeoutDoesNotCountTheTransfer(t *testing.T) {
	env := newEnv(t, emulator.Options{PartSize: 250_000})
	env.e.SetBandwidth(50_000) // 250 kB parts at 50 kB/s per connection: 5 s each
	src, sum := writeRandomFile(t, t.TempDir(), "slow.mov", 500_000, 310)
	// Ample for the create and a few status reads, even on a loaded machine; shorter than any part's
	// transfer, which the throttle makes last 5 s however fast the machine.
	const timeout = 4 * time.Second
	spec := env.local(src)
	spec.Timeout = timeout

	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil || res.Unsettled != nil {
		t.Fatalf("Upload = %+v, %v; want the slow upload delivered", res.Unsettled, err)
	}
	env.requireContents(sum)
	for _, r := range env.e.Calls(emulator.OpPutPart) {
		if r.Duration < timeout { // the throttle makes each part take longer than the timeout
			t.Fatalf("part %s took %s; the test needs parts that outlive the timeout", r.Path, r.Duration)
		}
	}
}

// The wait does count: a processing that outlasts Spec.Timeout keeps the file, and Resume later picks it up.
func TestUploadWaitTimeoutThenResume(t *testing.T) {
	clk := emulator.NewTestClock()
	env := newEnv(t, emulator.Options{Clock: clk, ProcessingDelay: time.Hour})
	src, sum := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 311)
	spec := env.local(src)
	spec.Timeout = 3 * time.Second // ample for the create on a loaded machine; the hour of processing outlasts it

	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil || res.Unsettled == nil || !res.Unsettled.Waiting {
		t.Fatalf("Upload = %+v, %v; want the file kept, waiting", res.Unsettled, err)
	}
	id := res.File.ID
	if res.File.Status != "created" {
		t.Fatalf("kept file %+v; want it read after the wait, not processed yet", res.File)
	}

	clk.Advance(time.Hour)
	res, err = env.d.Resume(ctxT(t), id, false, time.Minute)
	if err != nil || res.Unsettled != nil || res.File.ID != id || res.File.Status == "created" {
		t.Fatalf("Resume = %+v (%+v), %v; want the file settled, read back", res.File, res.Unsettled, err)
	}
	env.requireContents(sum)
	if n := len(env.e.Calls(emulator.OpPutPart)); n != 1 {
		t.Fatalf("%d part PUTs; Resume must not upload again", n)
	}
}

// A Resume that finds the upload failed reports it and deletes the broken file, as Upload would.
func TestResumeUploadFailedDeletes(t *testing.T) {
	clk := emulator.NewTestClock()
	env := newEnv(t, emulator.Options{Clock: clk, ProcessingDelay: time.Hour})
	env.e.SetUploadFails(true)
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 312)
	spec := env.local(src)
	spec.Timeout = 3 * time.Second // ample for the create on a loaded machine; the hour of processing outlasts it
	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil || res.Unsettled == nil {
		t.Fatalf("Upload = %+v, %v; want the file kept, waiting", res.Unsettled, err)
	}

	clk.Advance(time.Hour)
	_, err = env.d.Resume(ctxT(t), res.File.ID, false, time.Minute)
	var uerr *UploadError
	if !errors.As(err, &uerr) || uerr.FileID != res.File.ID || uerr.Kept() || !strings.Contains(err.Error(), "upload_failed") {
		t.Fatalf("err = %v; want upload_failed, the file deleted", err)
	}
	if n := len(env.e.Files()); n != 0 {
		t.Fatalf("%d files left", n)
	}
}

// The read after the wait fails once (a 404 right after the upload: read-after-write) and is read again.
func TestUploadReadBackNotFoundOnceIsReadAgain(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 313)
	env.e.FailOperation("files.show", 1, http.StatusNotFound)
	res, err := env.d.Upload(ctxT(t), env.local(src))
	if err != nil || res.Unsettled != nil || res.File.Name != "cut.mov" || res.File.Status == "created" {
		t.Fatalf("Upload = %+v (%+v), %v; want the file read on the second try", res.File, res.Unsettled, err)
	}
	if n := len(env.e.Calls("files.show")); n != 2 {
		t.Fatalf("%d reads of the file, want 2", n)
	}
}

// A read back that keeps failing does not throw the completed upload away: it is kept, Unsettled.
func TestUploadReadBackFailingKeepsFile(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	src, sum := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 314)
	env.e.FailOperation("files.show", emulator.Always, http.StatusInternalServerError)
	res, err := env.d.Upload(ctxT(t), env.local(src))
	if err != nil {
		t.Fatalf("err = %v; a failed read back keeps the file, it is no error", err)
	}
	if u := res.Unsettled; u == nil || u.Waiting || !frameio.IsStatus(u.Err, http.StatusInternalServerError) {
		t.Fatalf("Unsettled = %+v; want the read back's 500, the wait over", u)
	}
	env.requireContents(sum)
	if res.File == nil || res.File.ID != env.e.Files()[0].ID || res.SHA256 != sum {
		t.Fatalf("Result = %+v; want the kept file (as the create answered) and its hash", res)
	}
	if n, want := len(env.e.Calls("files.show")), readBackTries*(1+httpx.DefaultRetries); n != want {
		t.Fatalf("%d reads, want %d (%d tries, each retried by the client)", n, want, readBackTries)
	}
}

// A new version whose processing outlasts the timeout is complete in Frame.io: it is stacked all the
// same, and the result says it is unsettled.
func TestAddVersionUnsettledIsStacked(t *testing.T) {
	clk := emulator.NewTestClock()
	env := newEnv(t, emulator.Options{Clock: clk})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 315)
	v1 := env.firstVersion(src)
	writeRandomFile(t, dir, "cut.mov", 20_000, 316)
	env.e.SetNeverComplete(true)
	spec := env.versionSpec(v1, src, env.root())
	spec.UploadTimeout = 3 * time.Second // ample for the create on a loaded machine; the wait never ends

	res, err := env.d.AddVersion(ctxT(t), spec)
	if err != nil || res.Upload.Unsettled == nil || !res.Upload.Unsettled.Waiting || res.Number != 2 {
		t.Fatalf("AddVersion = %+v, %v; want version 2 stacked, its processing unsettled", res, err)
	}
	requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, res.Upload.File.ID)
}
