package frameio

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Creates whose reply is lost (the call takes effect, then a 502 or a cut connection): each create
// makes exactly one object and returns it.

var lostModes = []emulator.LostReplyMode{emulator.LostReplyStatus, emulator.LostReplyGatewayTimeout, emulator.LostReplyCut}

// lostReplyEnv is an emulator and an account client with tiny waits.
func lostReplyEnv(t *testing.T, opts emulator.Options) (*emulator.Emulator, *AccountClient) {
	t.Helper()
	e := newEmu(t, opts)
	return e, newClient(t, e).ForAccount(emulator.DefaultAccountID)
}

// requireCalls fails unless the emulator logged want calls of op. A call is logged once its handler is
// done, which for a cut connection can be a moment after the client saw the cut: the log gets that
// moment to catch up (the counts of objects made are what prove that nothing was sent twice).
func requireCalls(t *testing.T, e *emulator.Emulator, op string, want int) {
	t.Helper()
	n := 0
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if n = len(e.Calls(op)); n == want || time.Now().After(deadline) {
			break
		}
	}
	if n != want {
		t.Fatalf("%d calls of %s, want %d", n, op, want)
	}
}

func foldersNamed(e *emulator.Emulator, name string) []string {
	var ids []string
	for _, f := range e.Folders() {
		if f.Name == name {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

func filesNamed(e *emulator.Emulator, name string) []emulator.File {
	var out []emulator.File
	for _, f := range e.Files() {
		if f.Name == name {
			out = append(out, f)
		}
	}
	return out
}

func TestCreateFolderLostReplyAdopts(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			e.LoseReply("folders.create", 1, mode)
			f, err := a.CreateFolder(ctxT(t), emulator.DefaultRootFolderID, "Dailies")
			if err != nil {
				t.Fatal(err)
			}
			if ids := foldersNamed(e, "Dailies"); len(ids) != 1 || ids[0] != f.ID {
				t.Fatalf("folders named Dailies: %v; want exactly the one returned, %s", ids, f.ID)
			}
			requireCalls(t, e, "folders.create", 1) // adopted, not sent again
		})
	}
}

func TestCreateLocalUploadLostReplyDeletesAndCreatesAgain(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			e.LoseReply("files.create_local_upload", 1, mode)
			f, err := a.CreateLocalUpload(ctxT(t), emulator.DefaultRootFolderID, "local.bin", 1234)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.UploadURLs) == 0 {
				t.Fatalf("file %+v has no part URLs: a file whose URLs were lost cannot be uploaded", f)
			}
			files := filesNamed(e, "local.bin")
			if len(files) != 1 || files[0].ID != f.ID {
				t.Fatalf("files named local.bin: %+v; want exactly the one returned, %s", files, f.ID)
			}
			requireCalls(t, e, "files.create_local_upload", 2)
			requireCalls(t, e, "files.delete", 1)
			deletes := e.Calls("files.delete")
			if len(deletes) != 1 || deletes[0].Path == "" || deletes[0].Status != http.StatusNoContent {
				t.Fatalf("deletes %+v; want the file the lost reply made deleted once", deletes)
			}
			if !a.Deleted(lastSegment(deletes[0].Path)) {
				t.Fatalf("the deleted file %s is not in the ledger", lastSegment(deletes[0].Path))
			}
		})
	}
}

func TestCreateRemoteUploadLostReplyAdopts(t *testing.T) {
	dir := t.TempDir()
	e, a := lostReplyEnv(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	e.LoseReply("files.create_remote_upload", 1, emulator.LostReplyCut)
	f, err := a.CreateRemoteUpload(ctxT(t), emulator.DefaultRootFolderID, "clip.mov", e.URL()+"/files/clip.mov")
	if err != nil {
		t.Fatal(err)
	}
	if files := filesNamed(e, "clip.mov"); len(files) != 1 || files[0].ID != f.ID {
		t.Fatalf("files named clip.mov: %+v; want exactly the one returned, %s", files, f.ID)
	}
	requireCalls(t, e, "files.create_remote_upload", 1)
}

func TestCreateVersionStackLostReplyAdopts(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			ctx := ctxT(t)
			root := emulator.DefaultRootFolderID
			v1, err := a.CreateLocalUpload(ctx, root, "cut.mov", 10)
			if err != nil {
				t.Fatal(err)
			}
			v2, err := a.CreateLocalUpload(ctx, root, "cut.mov", 11)
			if err != nil {
				t.Fatal(err)
			}
			e.LoseReply("version_stacks.create", 1, mode)
			s, err := a.CreateVersionStack(ctx, root, []string{v1.ID, v2.ID})
			if err != nil {
				t.Fatal(err)
			}
			stacks := e.Stacks()
			if len(stacks) != 1 || stacks[0].ID != s.ID || s.ParentID != root {
				t.Fatalf("stacks %+v, returned %+v; want the one stack the lost reply made", stacks, s)
			}
			requireCalls(t, e, "version_stacks.create", 1)
		})
	}
}

func TestCreateShareLostReplyAdopts(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			ctx := ctxT(t)
			f, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "cut.mov", 10)
			if err != nil {
				t.Fatal(err)
			}
			e.LoseReply("shares.create", 1, mode)
			s, err := a.CreateShare(ctx, emulator.DefaultProjectID, NewShare{Name: "Review", Access: ShareAccessPublic, AssetIDs: []string{f.ID}})
			if err != nil {
				t.Fatal(err)
			}
			shares := e.Shares()
			if len(shares) != 1 || shares[0].ID != s.ID {
				t.Fatalf("shares %+v, returned %s; want the one share the lost reply made", shares, s.ID)
			}
			requireCalls(t, e, "shares.create", 1)
		})
	}
}

// Under the emulator's reading that loses the first reply of every create, each create still makes one
// object.
func TestCreatesUnderLoseCreateRepliesReading(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{Readings: emulator.Readings{LoseCreateReplies: true}})
	ctx := ctxT(t)
	for i := range 2 { // the second create of the same name is another request, another object
		if _, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "Dailies"); err != nil {
			t.Fatalf("create %d: %v", i+1, err)
		}
	}
	if ids := foldersNamed(e, "Dailies"); len(ids) != 2 {
		t.Fatalf("%d folders named Dailies after two creates, want 2: the second must not adopt the first", len(ids))
	}
	f, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "a.bin", 5)
	if err != nil || len(f.UploadURLs) == 0 {
		t.Fatalf("CreateLocalUpload = %+v, %v; want a file with part URLs", f, err)
	}
	if files := filesNamed(e, "a.bin"); len(files) != 1 || files[0].ID != f.ID {
		t.Fatalf("files named a.bin: %+v; want only %s", files, f.ID)
	}
}

// A folder of the same name made by this client before is not what a later create made: it is not
// adopted, and the lost reply's own folder is.
func TestCreateLostReplyIgnoresWhatTheClientMade(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	first, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "Dailies")
	if err != nil {
		t.Fatal(err)
	}
	e.LoseReply("folders.create", 1, emulator.LostReplyStatus)
	second, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "Dailies")
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || len(foldersNamed(e, "Dailies")) != 2 {
		t.Fatalf("second create returned %s (first %s), %d folders; want the new folder adopted",
			second.ID, first.ID, len(foldersNamed(e, "Dailies")))
	}
}

// A file of the same name made moments ago by another process (the previous terraform apply), which the
// caller notes as existing (the current version of a file that gets a new one), is not what a later
// create made: it is not adopted, and the lost reply's own file is.
func TestCreateLostReplyIgnoresWhatExistedBefore(t *testing.T) {
	dir := t.TempDir()
	e, a := lostReplyEnv(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	ctx := ctxT(t)
	root, src := emulator.DefaultRootFolderID, e.URL()+"/files/clip.mov"
	other := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	before, err := other.CreateRemoteUpload(ctx, root, "clip.mov", src)
	if err != nil {
		t.Fatal(err)
	}
	a.NoteExisting(before.ID)
	e.LoseReply("files.create_remote_upload", 1, emulator.LostReplyStatus)
	f, err := a.CreateRemoteUpload(ctx, root, "clip.mov", src)
	if err != nil {
		t.Fatal(err)
	}
	if files := filesNamed(e, "clip.mov"); f.ID == before.ID || len(files) != 2 || files[1].ID != f.ID {
		t.Fatalf("create returned %s (the earlier file %s); files named clip.mov: %+v; want the new file adopted",
			f.ID, before.ID, files)
	}
}

// A clear refusal (4xx) made nothing: no lookup, no second try. A 429 is sent again by the transport.
func TestCreateRefusedIsNotLookedFor(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	e.FailOperation("folders.create", 1, http.StatusUnprocessableEntity)
	if _, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "Dailies"); !IsStatus(err, http.StatusUnprocessableEntity) {
		t.Fatalf("err = %v, want the 422", err)
	}
	requireCalls(t, e, "folders.create", 1)
	requireCalls(t, e, "folders.list", 0)

	e.ResetRequests()
	e.FailOperation("folders.create", 1, http.StatusTooManyRequests)
	if _, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "Dailies"); err != nil {
		t.Fatal(err)
	}
	requireCalls(t, e, "folders.create", 2)
	requireCalls(t, e, "folders.list", 0)
}

// A create that keeps failing without effect is tried 1 + MaxRetries times, with a lookup after each.
func TestCreateFailingWithoutEffectExhaustsRetries(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = 2 }).ForAccount(emulator.DefaultAccountID)
	e.FailOperation("folders.create", emulator.Always, http.StatusServiceUnavailable)
	_, err := a.CreateFolder(ctxT(t), emulator.DefaultRootFolderID, "Dailies")
	if !IsStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v, want the 503", err)
	}
	requireCalls(t, e, "folders.create", 3)
	requireCalls(t, e, "folders.list", 3*createLooks)
	if len(foldersNamed(e, "Dailies")) != 0 {
		t.Fatal("a folder was made although every create failed without effect")
	}
}

// When the lookup fails too, the error says that the create may have taken effect, and carries both.
func TestCreateLookupFailsIsUncertain(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = 1 }).ForAccount(emulator.DefaultAccountID)
	e.LoseReply("folders.create", 1, emulator.LostReplyStatus)
	e.FailOperation("folders.list", emulator.Always, http.StatusInternalServerError)
	_, err := a.CreateFolder(ctxT(t), emulator.DefaultRootFolderID, "Dailies")
	var uerr *UncertainCreateError
	if !errors.As(err, &uerr) || uerr.Op != "folders.create" || !IsStatus(uerr.Err, http.StatusBadGateway) ||
		!IsStatus(uerr.LookErr, http.StatusInternalServerError) {
		t.Fatalf("err = %v; want an *UncertainCreateError with the 502 and the listing's 500", err)
	}
	requireCalls(t, e, "folders.create", 1)
}

func TestMadeSince(t *testing.T) {
	since := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) string { return since.Add(d).Format(time.RFC3339Nano) }
	var l ledger
	l.noteMade("mine")
	l.noteDeleted("gone")
	items := []Folder{
		{ID: "b", CreatedAt: at(2 * time.Second)},
		{ID: "old", CreatedAt: at(-time.Second)},
		{ID: "a", CreatedAt: at(2 * time.Second)},
		{ID: "first", CreatedAt: at(time.Second)},
		{ID: "mine", CreatedAt: at(time.Second)},
		{ID: "gone", CreatedAt: at(time.Second)},
		{ID: "undated", CreatedAt: "yesterday"},
	}
	var got []string
	for _, f := range madeSince(items, since, &l) {
		got = append(got, f.ID)
	}
	if fmt.Sprint(got) != "[first a b]" {
		t.Fatalf("madeSince = %v; want [first a b]: oldest first, ties by id, none older, known or undated", got)
	}
}

func TestDeletesAreRecorded(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	f, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "x.bin", 3)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := a.CreateFolder(ctx, emulator.DefaultRootFolderID, "X")
	if err != nil {
		t.Fatal(err)
	}
	if a.Deleted(f.ID) || a.Deleted(folder.ID) {
		t.Fatal("recorded as deleted before any delete")
	}
	if err := a.DeleteFile(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.DeleteFolder(folder.ID); err != nil { // gone already: the 404 counts
		t.Fatal(err)
	}
	if err := a.DeleteFolder(ctx, folder.ID); !IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
	e.FailOperation("files.delete", 1, http.StatusForbidden)
	other, _ := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "y.bin", 3)
	if err := a.DeleteFile(ctx, other.ID); err == nil {
		t.Fatal("the refused delete succeeded")
	}
	a.NoteDeleted("stack-1")
	if !a.Deleted(f.ID) || !a.Deleted(folder.ID) || a.Deleted(other.ID) || !a.Deleted("stack-1") {
		t.Fatalf("Deleted: file %v, folder %v, refused %v, noted %v; want true, true, false, true",
			a.Deleted(f.ID), a.Deleted(folder.ID), a.Deleted(other.ID), a.Deleted("stack-1"))
	}
}

func lastSegment(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// With retries off, a local upload whose reply was lost is still made once: deleting what the lost reply
// made and creating again is no retry, the request did take effect.
func TestCreateLocalUploadLostReplyWithRetriesOff(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = -1 }).ForAccount(emulator.DefaultAccountID)
	e.LoseReply("files.create_local_upload", 1, emulator.LostReplyStatus)
	f, err := a.CreateLocalUpload(ctxT(t), emulator.DefaultRootFolderID, "local.bin", 7)
	if err != nil || len(f.UploadURLs) == 0 {
		t.Fatalf("CreateLocalUpload = %+v, %v; want a file with part URLs", f, err)
	}
	if files := filesNamed(e, "local.bin"); len(files) != 1 || files[0].ID != f.ID {
		t.Fatalf("files named local.bin: %+v; want only %s", files, f.ID)
	}
	// A create that fails without effect is not sent again, retries being off.
	e.FailOperation("files.create_local_upload", 1, http.StatusServiceUnavailable)
	if _, err := a.CreateLocalUpload(ctxT(t), emulator.DefaultRootFolderID, "other.bin", 7); !IsStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v, want the 503, not sent again", err)
	}
}

// What a lost reply made and the delete cannot remove is named in the error, for the caller to keep.
func TestCreateLocalUploadLostReplyUndeletable(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	e.LoseReply("files.create_local_upload", 1, emulator.LostReplyStatus)
	e.FailOperation("files.delete", emulator.Always, http.StatusServiceUnavailable)
	_, err := a.CreateLocalUpload(ctxT(t), emulator.DefaultRootFolderID, "local.bin", 7)
	var uerr *UncertainCreateError
	files := filesNamed(e, "local.bin")
	if !errors.As(err, &uerr) || len(files) != 1 || uerr.MadeID != files[0].ID || !IsStatus(uerr.LookErr, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v (files %+v); want an *UncertainCreateError naming the undeletable file", err, files)
	}
	requireCalls(t, e, "files.create_local_upload", 1) // not created again beside it
}

// A listing that lags behind a delete this client made does not bring the file back: ReadFile falls back
// to the file's own GET, which says it is gone.
func TestReadFileIgnoresWhatTheClientDeleted(t *testing.T) {
	_, a := lostReplyEnv(t, emulator.Options{Readings: emulator.Readings{ListingLag: time.Hour}})
	ctx := ctxT(t)
	f, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "gone.bin", 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteFile(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if listed, _ := a.ListFolderFiles(ctx, emulator.DefaultRootFolderID); len(listed) != 1 {
		t.Fatalf("the lagging listing shows %d files; the test needs it to still show the deleted one", len(listed))
	}
	if _, err := a.ReadFile(ctx, emulator.DefaultRootFolderID, "", f.ID); !IsNotFound(err) {
		t.Fatalf("ReadFile = %v; want 404: this client deleted it", err)
	}
}
