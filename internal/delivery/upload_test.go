package delivery

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

func TestUploadLocal(t *testing.T) {
	env := newEnv(t, emulator.Options{PartSize: smallParts})
	src, sum := writeRandomFile(t, t.TempDir(), "cut.mov", 2_500_000, 1)

	res, err := env.d.Upload(ctxT(t), env.local(src))
	if err != nil {
		t.Fatal(err)
	}
	if res.File == nil || res.File.Name != "cut.mov" || res.File.FileSize != 2_500_000 || res.File.ParentID != env.root() {
		t.Fatalf("Result.File = %+v, want cut.mov of 2500000 bytes in the root folder", res.File)
	}
	if res.SHA256 != sum || res.SourceInfo == nil || res.SourceInfo.Size() != 2_500_000 {
		t.Fatalf("SHA256 = %s, SourceInfo = %v; want the hash %s of the bytes sent and the source's info", res.SHA256, res.SourceInfo, sum)
	}
	stored, ok := env.e.File(res.File.ID)
	if !ok || stored.SHA256 != sum || !stored.UploadComplete || len(stored.PartSizes) != 3 {
		t.Fatalf("stored = %+v; want the content in 3 parts, upload complete", stored)
	}
	// The part URLs are signed for the ACL header: every part must have carried it.
	for _, r := range env.e.Requests() {
		if r.S3 && r.Header.Get("X-Amz-Acl") != "private" {
			t.Fatalf("part PUT %s without X-Amz-Acl: private", r.Path)
		}
	}
	// The upload is logged from start to finish, and no pre-signed URL's signature reaches the log.
	logs := env.logged()
	for _, want := range []string{"info upload started", "info upload finished", "info upload status"} {
		if !strings.Contains(logs, want) {
			t.Errorf("no %q line in the log:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "X-Amz-Signature=") {
		t.Errorf("a pre-signed URL's signature was logged:\n%s", logs)
	}
}

func TestUploadLocalTrustsGivenHash(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 2)
	const trusted = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	spec := env.local(src)
	spec.TrustedSHA256 = trusted
	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil || res.SHA256 != trusted {
		t.Fatalf("Upload = %s, %v; want the trusted hash, not one computed from the file", res.SHA256, err)
	}
}

func TestUploadRemote(t *testing.T) {
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "trailer.mp4", 300_000, 3)
	// The source is served on loopback beside the emulator, which the service could never fetch.
	env := newEnv(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	var refused atomic.Int32
	env.d.checkSourceURL = func(u string) error {
		if strings.Contains(u, "blocked") {
			refused.Add(1)
			return errors.New("is blocked by the test")
		}
		return nil
	}
	spec := Spec{FolderID: env.root(), Name: "trailer.mp4", SourceURL: env.url + "/files/trailer.mp4"}

	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil {
		t.Fatal(err)
	}
	stored, ok := env.e.File(res.File.ID)
	if !ok || !stored.Remote || stored.SHA256 != sum || res.File.FileSize != 300_000 {
		t.Fatalf("stored = %+v, result %+v; want the fetched content", stored, res.File)
	}
	if res.SHA256 != "" || res.SourceInfo != nil {
		t.Fatalf("a remote upload has no local hash: %q %v", res.SHA256, res.SourceInfo)
	}

	// The caller's reachability rule runs before any request.
	before := len(env.e.Requests())
	spec.SourceURL = "https://blocked.example/trailer.mp4"
	_, err = env.d.Upload(ctxT(t), spec)
	var uerr *UploadError
	if !errors.As(err, &uerr) || uerr.FileID != "" || !strings.HasPrefix(err.Error(), "source_url is blocked") {
		t.Fatalf("err = %v; want the check's error, no file", err)
	}
	if n := len(env.e.Requests()) - before; n != 0 || refused.Load() != 1 {
		t.Fatalf("%d requests after a refused source_url, want none", n)
	}
}

func TestUploadRemoteTooLargeByHEAD(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	// A server that announces a 60 GB file: refused before Frame.io is asked.
	var heads atomic.Int32
	big := newHeadServer(t, &heads, 60_000_000_000)
	_, err := env.d.Upload(ctxT(t), Spec{FolderID: env.root(), Name: "huge.mov", SourceURL: big + "/huge.mov"})
	if err == nil || !strings.Contains(err.Error(), "the file is 60000000000 bytes; Frame.io remote uploads are limited to 50 GB") {
		t.Fatalf("err = %v; want the 50 GB limit", err)
	}
	if heads.Load() != 1 || len(env.e.Requests()) != 0 {
		t.Fatalf("%d HEADs, %d API requests; want one HEAD and no request to Frame.io", heads.Load(), len(env.e.Requests()))
	}
}

func TestUploadPartsFailing(t *testing.T) {
	env := newEnv(t, emulator.Options{PartSize: smallParts})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 2_500_000, 4)
	env.e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden) // a refused URL: no retry can help

	res, err := env.d.Upload(ctxT(t), env.local(src))
	var uerr *UploadError
	if !errors.As(err, &uerr) {
		t.Fatalf("err = %v, want an *UploadError", err)
	}
	var pe *uploader.PartError
	if !errors.As(err, &pe) || pe.StatusCode != http.StatusForbidden {
		t.Fatalf("err = %v; want the 403 part error inside", err)
	}
	// A refused URL is said once, plainly: no "uploading ...: uploading N bytes ..." chain.
	var perr *PartURLsError
	if !errors.As(err, &perr) || perr.Name != "cut.mov" || perr.Status != http.StatusForbidden || perr.Parts < 2 {
		t.Fatalf("err = %v; want a *PartURLsError naming cut.mov, 403 and the parts", err)
	}
	if msg := err.Error(); strings.Count(msg, "upload") > 2 || !strings.Contains(msg, "have expired or are not valid") {
		t.Fatalf("err = %q; want one plain sentence on the refused part URLs", msg)
	}
	if uerr.FileID == "" || uerr.Kept() || uerr.TimedOut || res.File != nil {
		t.Fatalf("UploadError = %+v, Result.File = %v; want the half-made file deleted", uerr, res.File)
	}
	if files := env.e.Files(); len(files) != 0 {
		t.Fatalf("%d files left in Frame.io after a failed upload", len(files))
	}
}

func TestUploadCleanupFailureKeepsFile(t *testing.T) {
	env := newEnv(t, emulator.Options{PartSize: smallParts})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 2_500_000, 5)
	env.e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden)
	env.refuse("files.delete")

	res, err := env.d.Upload(ctxT(t), env.local(src))
	var uerr *UploadError
	if !errors.As(err, &uerr) || !uerr.Kept() || !frameio.IsStatus(uerr.CleanupErr, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v; want an *UploadError whose cleanup failed with 503", err)
	}
	if res.File == nil || res.File.ID != uerr.FileID {
		t.Fatalf("Result.File = %+v; want the undeletable file %s, for the caller to keep", res.File, uerr.FileID)
	}
	if _, ok := env.e.File(uerr.FileID); !ok {
		t.Fatalf("file %s is gone; the cleanup was refused", uerr.FileID)
	}
	if !strings.Contains(err.Error(), "could not be deleted") {
		t.Fatalf("err = %q; want it to say the file could not be deleted", err)
	}
}

func TestUploadTimeoutWhileWaiting(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	env.e.SetNeverComplete(true)
	src, sum := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 6)
	ctx := newExpiringCtx(ctxT(t))
	// The deadline passes once Frame.io has answered a status read: the upload is done, the wait is not.
	env.onLog(func(_, msg string, _ map[string]any) {
		if msg == "upload status" {
			ctx.expire()
		}
	})

	res, err := env.d.Upload(ctx, env.local(src))
	if err != nil {
		t.Fatalf("err = %v; a wait that times out keeps the uploaded file, it is no error", err)
	}
	u := res.Unsettled
	if u == nil || !u.Waiting || !errors.Is(u.Err, context.DeadlineExceeded) ||
		!strings.Contains(u.Err.Error(), "timed out waiting for Frame.io to finish") {
		t.Fatalf("Unsettled = %+v; want the timed-out wait, still waiting", u)
	}
	// Every byte is in Frame.io: the file is kept, and the result says what it is.
	files := env.e.Files()
	if len(files) != 1 || files[0].BytesReceived != 10_000 {
		t.Fatalf("Frame.io holds %+v; want the one file, every byte received", files)
	}
	if res.File == nil || res.File.ID != files[0].ID || res.SHA256 != sum {
		t.Fatalf("Result = %+v; want the kept file and the hash of its bytes", res)
	}
	if n := len(env.e.Calls("files.delete")); n != 0 {
		t.Fatalf("%d deletes of an uploaded file", n)
	}
}

// A wait for the transcode that runs out keeps the uploaded file (its bytes are all in Frame.io) and says
// which wait it was and the file's last status: the fix is a longer timeout or not waiting for the transcode.
func TestUploadTimeoutWhileWaitingForTranscode(t *testing.T) {
	// The clock is never stepped, so the transcode never happens.
	env := newEnv(t, emulator.Options{TranscodeDelay: time.Hour})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 6)
	ctx := newExpiringCtx(ctxT(t))
	// The deadline passes once a status read has seen the upload complete and the file "uploaded": the
	// upload is done, the transcode is not.
	env.onLog(func(_, msg string, fields map[string]any) {
		if state, _ := fields["state"].(string); msg == "upload status" && state == "status uploaded" {
			ctx.expire()
		}
	})
	spec := env.local(src)
	spec.WaitForTranscode = true

	res, err := env.d.Upload(ctx, spec)
	if err != nil {
		t.Fatalf("err = %v; a transcode wait that times out keeps the uploaded file, it is no error", err)
	}
	u := res.Unsettled
	var werr *WaitError
	if u == nil || !u.Waiting || !errors.As(u.Err, &werr) || !werr.Transcode || werr.LastState != "status uploaded" {
		t.Fatalf("Unsettled = %+v; want a *WaitError for the transcode, last state \"status uploaded\"", u)
	}
	if msg := u.Err.Error(); !strings.Contains(msg, "timed out waiting for Frame.io to finish transcoding file") ||
		strings.Contains(msg, "deadline") {
		t.Fatalf("err = %q; want it to name the transcode wait, without the context's words", msg)
	}
	if n := len(env.e.Calls("files.delete")); n != 0 {
		t.Fatalf("%d deletes of an uploaded file", n)
	}
}

func TestUploadSourceChangedDuringUpload(t *testing.T) {
	env := newEnv(t, emulator.Options{PartSize: smallParts})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 2_500_000, 7)
	// Someone rewrites the file while its parts are on the way (same size, new time).
	var touched atomic.Bool
	env.onLog(func(_, msg string, _ map[string]any) {
		if msg == "part started" && touched.CompareAndSwap(false, true) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(src, later, later); err != nil {
				t.Error(err)
			}
		}
	})

	_, err := env.d.Upload(ctxT(t), env.local(src))
	var uerr *UploadError
	if !errors.As(err, &uerr) || !strings.Contains(err.Error(), "changed while it was uploading; the upload was discarded") {
		t.Fatalf("err = %v; want the change detected", err)
	}
	if uerr.FileID == "" || uerr.Kept() || len(env.e.Files()) != 0 {
		t.Fatalf("UploadError = %+v, %d files; want the upload discarded", uerr, len(env.e.Files()))
	}
}

func TestUploadFailedUpstream(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	env.e.SetUploadFails(true)
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 8)
	_, err := env.d.Upload(ctxT(t), env.local(src))
	var uerr *UploadError
	if !errors.As(err, &uerr) || !strings.Contains(err.Error(), "upload_failed") || uerr.Kept() || len(env.e.Files()) != 0 {
		t.Fatalf("err = %v; want upload_failed reported and the file deleted", err)
	}
}

func TestUploadWaitsForTranscode(t *testing.T) {
	clk := emulator.NewTestClock()
	env := newEnv(t, emulator.Options{Clock: clk, TranscodeDelay: time.Hour})
	dir := t.TempDir()
	video, _ := writeRandomFile(t, dir, "cut.mp4", 10_000, 9)
	text, _ := writeRandomFile(t, dir, "notes.txt", 1_000, 10)
	// An hour passes once the delivery has seen the video complete but not transcoded yet.
	var stepped atomic.Bool
	env.onLog(func(_, msg string, f map[string]any) {
		if msg == "upload status" && f["state"] == "status uploaded" && stepped.CompareAndSwap(false, true) {
			clk.Advance(time.Hour)
		}
	})

	spec := env.local(video)
	spec.WaitForTranscode = true
	res, err := env.d.Upload(ctxT(t), spec)
	if err != nil || res.File.Status != "transcoded" || res.Untranscoded != nil || !stepped.Load() {
		t.Fatalf("video: %+v, %v; want it transcoded after the step", res.File, err)
	}

	spec = env.local(text)
	spec.WaitForTranscode = true
	res, err = env.d.Upload(ctxT(t), spec)
	if err != nil || res.Untranscoded == nil || res.Untranscoded.Status != "uploaded" {
		t.Fatalf("text: %+v, %v; want it settled at uploaded, reported as untranscoded", res.Untranscoded, err)
	}
}

func TestTranscodes(t *testing.T) {
	for mt, want := range map[string]bool{
		"video/quicktime": true, "audio/wav": true, "image/png": true, "application/pdf": false,
		"application/zip": false, "text/plain": false, "application/x-subrip": false, "": false,
	} {
		if got := Transcodes(mt); got != want {
			t.Errorf("Transcodes(%q) = %v, want %v", mt, got, want)
		}
	}
}

func TestUploadBadSourceCreatesNothing(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	_, err := env.d.Upload(ctxT(t), env.local(t.TempDir()+"/missing.mov"))
	var uerr *UploadError
	if !errors.As(err, &uerr) || uerr.FileID != "" || !strings.Contains(err.Error(), "missing.mov does not exist") {
		t.Fatalf("err = %v; want the source check's error and no file", err)
	}
	if n := len(env.e.Requests()); n != 0 {
		t.Fatalf("%d requests for a missing source, want none", n)
	}
}

// A source whose size is not the one planned (it changed since the plan) is refused before anything is
// created; the planned size itself uploads.
func TestUploadRefusesASizeOtherThanPlanned(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "cut.mov", 10_000, 3)
	spec := env.local(src)
	spec.Size = 9_000
	_, err := env.d.Upload(ctxT(t), spec)
	var uerr *UploadError
	if !errors.As(err, &uerr) || uerr.FileID != "" || !strings.Contains(err.Error(), "10000 bytes now, 9000 when it was planned") {
		t.Fatalf("err = %v; want the changed-since-plan error and no file", err)
	}
	if n := len(env.e.Requests()); n != 0 {
		t.Fatalf("%d requests for a source that changed since the plan, want none", n)
	}
	spec.Size = 10_000
	if res, err := env.d.Upload(ctxT(t), spec); err != nil || res.File.FileSize != 10_000 {
		t.Fatalf("Upload with the planned size = %+v, %v", res.File, err)
	}
}
