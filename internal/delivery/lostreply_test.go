package delivery

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Deliveries whose create replies are lost (the call takes effect, then a 502 or a cut connection):
// the delivery ends with exactly the files it meant to make.

func TestUploadLocalLostCreateReply(t *testing.T) {
	for _, mode := range []emulator.LostReplyMode{emulator.LostReplyStatus, emulator.LostReplyCut} {
		t.Run(mode.String(), func(t *testing.T) {
			env := newEnv(t, emulator.Options{PartSize: smallParts})
			src, sum := writeRandomFile(t, t.TempDir(), "local.bin", 1_500_000, 300)
			env.e.LoseReply("files.create_local_upload", 1, mode)

			res, err := env.d.Upload(ctxT(t), env.local(src))
			if err != nil {
				t.Fatal(err)
			}
			// The file the lost reply made had no part URLs to upload to: it is gone, the new one holds
			// the content.
			env.requireContents(sum)
			if files := env.e.Files(); files[0].ID != res.File.ID || !files[0].UploadComplete {
				t.Fatalf("Frame.io holds %+v; want only the delivered file %s, complete", files, res.File.ID)
			}
		})
	}
}

func TestUploadRemoteLostCreateReply(t *testing.T) {
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "trailer.mp4", 300_000, 301)
	// The source is served on loopback beside the emulator, which the service could never fetch.
	env := newEnv(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	env.e.LoseReply("files.create_remote_upload", 1, emulator.LostReplyCut)

	res, err := env.d.Upload(ctxT(t), Spec{FolderID: env.root(), Name: "trailer.mp4", SourceURL: env.url + "/files/trailer.mp4"})
	if err != nil {
		t.Fatal(err)
	}
	env.requireContents(sum)
	if files := env.e.Files(); files[0].ID != res.File.ID {
		t.Fatalf("Frame.io holds %+v; want the delivered file %s, adopted", files, res.File.ID)
	}
}

// A stacked new version whose version_stacks.create reply was lost is recognised (its parent is now a
// stack holding both files) and kept, not discarded.
func TestAddVersionLostStackCreateReply(t *testing.T) {
	for _, mode := range []emulator.LostReplyMode{emulator.LostReplyStatus, emulator.LostReplyCut} {
		t.Run(mode.String(), func(t *testing.T) {
			env := newEnv(t, emulator.Options{})
			dir := t.TempDir()
			src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 302)
			v1 := env.firstVersion(src)
			_, sha2 := writeRandomFile(t, dir, "cut.mov", 20_000, 303)
			env.e.LoseReply("version_stacks.create", 1, mode)

			res := env.addVersion(v1, src, env.root())
			v2 := res.Upload.File
			if res.Stack == nil || res.Number != 2 || res.HeadID != v2.ID || res.Estimated != nil {
				t.Fatalf("result %+v; want version 2 on top of the stack the lost reply made", res)
			}
			requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, v2.ID)
			env.requireContents(sha1, sha2)
			if n := len(env.e.Stacks()); n != 1 {
				t.Fatalf("%d stacks, want 1", n)
			}
		})
	}
}

// A new version whose create reply is lost, sent by another process (the next terraform apply) seconds
// after the current version was made: the current version has the name, the folder (and, here, the size)
// the lookup looks for, and was made within its clock allowance, but it is not what the create made. It
// is neither adopted as the new version nor deleted as the lost reply's leftover.
func TestAddVersionLostCreateReplyKeepsARecentHead(t *testing.T) {
	dir := t.TempDir()
	_, remoteSum := writeRandomFile(t, dir, "grade.mov", 30_000, 305)
	for _, remote := range []bool{false, true} {
		t.Run(map[bool]string{false: "local", true: "remote"}[remote], func(t *testing.T) {
			// The source is served on loopback beside the emulator, which the service could never fetch.
			env := newEnv(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
			src, sha1 := writeRandomFile(t, t.TempDir(), "grade.mov", 30_000, 306)
			v1 := env.firstVersion(src)
			spec := env.versionSpec(v1, src, env.root())
			sha2, op := "", "files.create_local_upload"
			if remote {
				spec.Content = Spec{FolderID: env.root(), Name: "grade.mov", SourceURL: env.url + "/files/grade.mov"}
				sha2, op = remoteSum, "files.create_remote_upload"
			} else {
				_, sha2 = writeRandomFile(t, filepath.Dir(src), "grade.mov", 30_000, 307) // same size
			}
			env.e.LoseReply(op, 1, emulator.LostReplyStatus)

			res, err := env.newDelivery().AddVersion(ctxT(t), spec)
			if err != nil {
				t.Fatalf("AddVersion: %v", err)
			}
			v2 := res.Upload.File
			if v2.ID == v1.ID || res.Stack == nil || res.Number != 2 {
				t.Fatalf("result %+v (new version %s); want a new file on top of %s", res, v2.ID, v1.ID)
			}
			requireStack(t, env.e, res.Stack.ID, env.root(), v1.ID, v2.ID)
			env.requireContents(sha1, sha2)
		})
	}
}

// The file a lost reply made, when it cannot be deleted, is the upload's half-made file: kept for the
// caller (the provider taints it), not orphaned.
func TestUploadLocalLostCreateReplyUndeletable(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "local.bin", 10_000, 304)
	env.e.LoseReply("files.create_local_upload", 1, emulator.LostReplyStatus)
	env.refuse("files.delete")

	res, err := env.d.Upload(ctxT(t), env.local(src))
	var uerr *UploadError
	files := env.e.Files()
	if !errors.As(err, &uerr) || !uerr.Kept() || len(files) != 1 || uerr.FileID != files[0].ID ||
		res.File == nil || res.File.ID != files[0].ID {
		t.Fatalf("Upload = %+v, %v (Frame.io holds %+v); want the undeletable file handed back", res.File, err, files)
	}
}
