package frameio

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stackedFolder makes n version stacks of two files each in a new folder, out of band, and returns the
// folder, the stacks and their heads.
func stackedFolder(t *testing.T, e *emulator.Emulator, n int) (folder string, stacks, heads []string) {
	t.Helper()
	folder = addFolder(t, e, "", "stacked")
	ids := addFiles(t, e, folder, 2*n)
	for i := range n {
		s, err := e.StackFiles(folder, ids[2*i], ids[2*i+1])
		if err != nil {
			t.Fatal(err)
		}
		stacks, heads = append(stacks, s), append(heads, ids[2*i+1])
	}
	return folder, stacks, heads
}

// Stacks are read from their folder's listing of stacks (version_stacks.list, 500 a page): one call for
// any number of concurrent reads, and no version_stacks.show.
func TestReadVersionStackFromTheFolderListing(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder, stacks, heads := stackedFolder(t, e, 30)
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, len(stacks))
	for i, id := range stacks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := account.ReadVersionStack(ctx, folder, id)
			switch {
			case err != nil:
				errs <- err
			case s.ID != id || s.ParentID != folder || s.HeadVersion == nil || s.HeadVersion.ID != heads[i] ||
				s.HeadVersion.ParentID != id || s.HeadVersion.FileSize != 1:
				errs <- fmt.Errorf("stack %s: got %+v (head %+v)", id, s, s.HeadVersion)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := calls.count("GET", "/folders/"+folder+"/version_stacks"); n != 1 {
		t.Errorf("stacks listed %d times, want 1", n)
	}
	if n := calls.count("GET", "/version_stacks/"+stacks[0]); n != 0 {
		t.Errorf("%d version_stacks.show, want 0", n)
	}
}

// A stack the listing does not show (another folder, or none given) is read alone; one that is gone is
// the GET's 404, never decided by the listing.
func TestReadVersionStackFallsBackToItsGET(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder, stacks, _ := stackedFolder(t, e, 2)
	other := addFolder(t, e, "", "other")
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()

	if s, err := account.ReadVersionStack(ctx, other, stacks[0]); err != nil || s.ParentID != folder {
		t.Fatalf("stack not in the folder listed: %+v, %v", s, err)
	}
	if s, err := account.ReadVersionStack(ctx, "", stacks[1]); err != nil || s.ID != stacks[1] {
		t.Fatalf("stack with no folder: %+v, %v", s, err)
	}
	if n := calls.count("GET", "/version_stacks/"+stacks[0]) + calls.count("GET", "/version_stacks/"+stacks[1]); n != 2 {
		t.Errorf("%d version_stacks.show, want 2", n)
	}
	if _, err := account.ReadVersionStack(ctx, folder, "no-such-stack"); !IsNotFound(err) {
		t.Errorf("unknown stack: %v, want a 404", err)
	}
}

// A write through the client that names a listed stack or its head makes that entry stale: it is read
// alone; the others are still served.
func TestReadVersionStackAfterWrites(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder, stacks, heads := stackedFolder(t, e, 3)
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()
	if _, err := account.ReadVersionStack(ctx, folder, stacks[0]); err != nil {
		t.Fatal(err)
	}
	// Renaming a head changes what the listing's head_version says.
	if _, err := account.RenameFile(ctx, heads[1], "renamed.bin"); err != nil {
		t.Fatal(err)
	}
	s, err := account.ReadVersionStack(ctx, folder, stacks[1])
	if err != nil || s.HeadVersion == nil || s.HeadVersion.Name != "renamed.bin" {
		t.Fatalf("after renaming its head: %+v, %v", s, err)
	}
	// Moving a file on top of a stack names the stack: its head is new.
	top := addFiles(t, e, folder, 1)[0]
	if _, err := account.MoveFile(ctx, top, stacks[2]); err != nil {
		t.Fatal(err)
	}
	if s, err := account.ReadVersionStack(ctx, folder, stacks[2]); err != nil || s.HeadVersion == nil || s.HeadVersion.ID != top {
		t.Fatalf("after a move on top: %+v, %v", s, err)
	}
	if _, err := account.ReadVersionStack(ctx, folder, stacks[0]); err != nil {
		t.Fatal(err)
	}
	if n := calls.count("GET", "/folders/"+folder+"/version_stacks"); n != 1 {
		t.Errorf("stacks listed %d times, want 1 (an entry named by a write is read alone)", n)
	}
	if n := calls.count("GET", "/version_stacks/"+stacks[1]) + calls.count("GET", "/version_stacks/"+stacks[2]); n != 2 {
		t.Errorf("%d version_stacks.show, want 2 (the two stacks written)", n)
	}
	// A write naming the folder (a new stack in it) lists it again.
	more := addFiles(t, e, folder, 2)
	if _, err := account.CreateVersionStack(ctx, folder, more); err != nil {
		t.Fatal(err)
	}
	if _, err := account.ReadVersionStack(ctx, folder, stacks[0]); err != nil {
		t.Fatal(err)
	}
	if n := calls.count("GET", "/folders/"+folder+"/version_stacks"); n != 2 {
		t.Errorf("stacks listed %d times, want 2 (again after a new stack in the folder)", n)
	}
}

// A listing that fails is not an answer: every read falls back to its GET.
func TestReadVersionStackListingFails(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder, stacks, heads := stackedFolder(t, e, 2)
	account, calls := newCacheUnderTest(t, e)
	e.FailOperation("version_stacks.list", 1, 403)
	for i, id := range stacks {
		s, err := account.ReadVersionStack(context.Background(), folder, id)
		if err != nil || s.HeadVersion == nil || s.HeadVersion.ID != heads[i] {
			t.Fatalf("stack %s: %+v, %v", id, s, err)
		}
	}
	if n := calls.count("GET", "/version_stacks/"+stacks[0]) + calls.count("GET", "/version_stacks/"+stacks[1]); n != 2 {
		t.Errorf("%d version_stacks.show after a failed listing, want 2", n)
	}
}
