package frameio

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// callCounter counts the API calls a client sends, by method and path, as they leave (the emulator's
// own log is written after the reply, so it can lag behind the client).
type callCounter struct {
	mu    sync.Mutex
	calls []string // "GET /v4/..."
}

func (c *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.calls = append(c.calls, r.Method+" "+r.URL.Path)
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// count is the number of calls of method whose path ends with suffix.
func (c *callCounter) count(method, suffix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.calls {
		m, p, _ := strings.Cut(s, " ")
		if m == method && strings.HasSuffix(p, suffix) {
			n++
		}
	}
	return n
}

// fileShows is the number of GET .../files/{id} calls.
func (c *callCounter) fileShows() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.calls {
		if strings.HasPrefix(s, "GET ") && strings.Contains(s, "/files/") && !strings.HasSuffix(s, "/status") {
			n++
		}
	}
	return n
}

// expectReads fails t unless folder's files were listed listings times (a page a time) and shows files
// were read by their own GET.
func (c *callCounter) expectReads(t *testing.T, folder string, listings, shows int) {
	t.Helper()
	if n := c.count("GET", "/folders/"+folder+"/files"); n != listings {
		t.Errorf("folder %s listed %d times, want %d", folder, n, listings)
	}
	if n := c.fileShows(); n != shows {
		t.Errorf("%d per-file GETs, want %d", n, shows)
	}
}

// newCacheUnderTest returns the client of e's account whose Read* methods are under test (its writes
// reach its account), and the counter of its calls.
func newCacheUnderTest(t *testing.T, e *emulator.Emulator) (*AccountClient, *callCounter) {
	t.Helper()
	counter := &callCounter{}
	c := newClient(t, e, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: counter} })
	return c.ForAccount(e.Options().AccountID), counter
}

// addFolder adds folder name in parent (the root folder when "") out of band.
func addFolder(t *testing.T, e *emulator.Emulator, parent, name string) string {
	t.Helper()
	id, err := e.AddFolder(parent, name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// addFiles puts n complete files named f0000.bin... in folder folderID out of band (as uploads from
// the web app would) and returns their ids, oldest first.
func addFiles(t *testing.T, e *emulator.Emulator, folderID string, n int) []string {
	t.Helper()
	// The emulator adds a finished file only on top of a version stack: add it there, move it out.
	seed := addFolder(t, e, "", "seed")
	client := newClient(t, e).ForAccount(e.Options().AccountID) // out of band: a client of its own
	var stackFiles []string
	for i := range 2 {
		f, err := client.CreateLocalUpload(context.Background(), seed, fmt.Sprintf("seed%d", i), 1)
		if err != nil {
			t.Fatal(err)
		}
		stackFiles = append(stackFiles, f.ID)
	}
	stack, err := e.StackFiles(seed, stackFiles...)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range n {
		id, err := e.AddFileToStack(stack, fmt.Sprintf("f%04d.bin", i), []byte{byte(i)})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.MoveFile(id, folderID); err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

func TestReadCacheOneListingForConcurrentReads(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "reel")
	ids := addFiles(t, e, folder, 40)
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := account.ReadFile(ctx, folder, "", id)
			switch {
			case err != nil:
				errs <- err
			case f.ID != id || f.Name != fmt.Sprintf("f%04d.bin", i) || f.ParentID != folder || f.FileSize != 1:
				errs <- fmt.Errorf("read %s: got %+v", id, f)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	calls.expectReads(t, folder, 1, 0) // one listing for all the concurrent reads
}

func TestReadCachePaginates(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "big")
	ids := addFiles(t, e, folder, 520) // two pages of 500
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()
	for _, id := range []string{ids[0], ids[499], ids[500], ids[519]} {
		if f, err := account.ReadFile(ctx, folder, "", id); err != nil || f.ID != id {
			t.Fatalf("read %s: %+v, %v", id, f, err)
		}
	}
	calls.expectReads(t, folder, 2, 0) // two pages for 520 files
}

func TestReadCacheFallsBackOnAMiss(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "a")
	other := addFolder(t, e, "", "b")
	ids := addFiles(t, e, folder, 3)
	if err := e.MoveFile(ids[1], other); err != nil { // moved out of band before the run
		t.Fatal(err)
	}
	if err := e.DeleteFile(ids[2]); err != nil { // deleted out of band
		t.Fatal(err)
	}
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()

	if f, err := account.ReadFile(ctx, folder, "", ids[0]); err != nil || f.ParentID != folder {
		t.Fatalf("listed file: %+v, %v", f, err)
	}
	f, err := account.ReadFile(ctx, folder, "", ids[1])
	if err != nil || f.ParentID != other {
		t.Fatalf("moved file: %+v, %v (want it found in %s by its own GET)", f, err, other)
	}
	if _, err := account.ReadFile(ctx, folder, "", ids[2]); !IsNotFound(err) {
		t.Fatalf("deleted file: err = %v, want the 404 of its GET", err)
	}
	// An import knows no folder: its GET, no listing.
	if f, err := account.ReadFile(ctx, "", "", ids[0]); err != nil || f.ID != ids[0] {
		t.Fatalf("import read: %+v, %v", f, err)
	}
	// A folder that cannot be listed (deleted) leaves each read to its GET.
	if _, err := account.ReadFile(ctx, "6f1f2b0e-0000-4000-8000-00000000dead", "", ids[0]); err != nil {
		t.Fatalf("read in an unlistable folder: %v", err)
	}
	calls.expectReads(t, folder, 1, 4) // GETs: moved, deleted, import, unlistable folder
}

func TestReadCacheWritesInvalidate(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "a")
	other := addFolder(t, e, "", "b")
	ids := addFiles(t, e, folder, 4)
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()
	if _, err := account.ReadFile(ctx, folder, "", ids[0]); err != nil { // lists the folder
		t.Fatal(err)
	}

	// Renamed through the client: never the listed name again.
	if _, err := account.RenameFile(ctx, ids[0], "renamed.bin"); err != nil {
		t.Fatal(err)
	}
	if f, err := account.ReadFile(ctx, folder, "", ids[0]); err != nil || f.Name != "renamed.bin" {
		t.Fatalf("after a rename: %+v, %v", f, err)
	}
	// Moved: read in its new folder (listed there), not found in the old one's listing.
	if _, err := account.MoveFile(ctx, ids[1], other); err != nil {
		t.Fatal(err)
	}
	if f, err := account.ReadFile(ctx, other, "", ids[1]); err != nil || f.ParentID != other {
		t.Fatalf("after a move: %+v, %v", f, err)
	}
	// Deleted: the 404.
	if err := account.DeleteFile(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := account.ReadFile(ctx, folder, "", ids[2]); !IsNotFound(err) {
		t.Fatalf("after a delete: err = %v", err)
	}
	// Untouched: still from the first listing.
	shows := calls.fileShows()
	if f, err := account.ReadFile(ctx, folder, "", ids[3]); err != nil || f.ID != ids[3] {
		t.Fatalf("untouched: %+v, %v", f, err)
	}
	if calls.fileShows() != shows || calls.count("GET", "/folders/"+folder+"/files") != 1 {
		t.Fatalf("an untouched file was not served from the listing")
	}
	// A file created in the folder: the folder is listed again, and the new file is in it.
	created, err := account.CreateLocalUpload(ctx, folder, "new.bin", 3)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := account.ReadFile(ctx, folder, "", created.ID); err != nil || f.Name != "new.bin" {
		t.Fatalf("created: %+v, %v", f, err)
	}
	if n := calls.count("GET", "/folders/"+folder+"/files"); n != 2 {
		t.Errorf("folder listed %d times, want 2 (again after the create)", n)
	}
	if n := calls.fileShows(); n != shows {
		t.Errorf("the created file was read with its own GET")
	}
	// Moving a folder drops every listing: the tree below it may have changed.
	if _, err := account.MoveFolder(ctx, other, folder); err != nil {
		t.Fatal(err)
	}
	if _, err := account.ReadFile(ctx, folder, "", ids[3]); err != nil {
		t.Fatal(err)
	}
	if n := calls.count("GET", "/folders/"+folder+"/files"); n != 3 {
		t.Errorf("folder listed %d times, want 3 (again after a folder move)", n)
	}
}

func TestReadCacheStacksAndFolders(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "a")
	ids := addFiles(t, e, folder, 3)
	stack, err := e.StackFiles(folder, ids...)
	if err != nil {
		t.Fatal(err)
	}
	account, calls := newCacheUnderTest(t, e)
	ctx := context.Background()
	for _, id := range ids {
		if f, err := account.ReadFile(ctx, folder, stack, id); err != nil || f.ParentID != stack {
			t.Fatalf("stacked file %s: %+v, %v", id, f, err)
		}
	}
	kids, err := account.ReadVersionStackChildren(ctx, stack)
	if err != nil || len(kids) != 3 {
		t.Fatalf("stack children: %+v, %v", kids, err)
	}
	if n := calls.count("GET", "/version_stacks/"+stack+"/children"); n != 1 || calls.fileShows() != 0 {
		t.Fatalf("%d stack listings and %d file GETs, want 1 and 0", n, calls.fileShows())
	}
	// A version deleted through the client changes the stack's order: it is listed again.
	if err := account.DeleteFile(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if kids, err := account.ReadVersionStackChildren(ctx, stack); err != nil || len(kids) != 2 {
		t.Fatalf("after deleting a version: %+v, %v", kids, err)
	}

	// Folders are read from their parent's listing of folders.
	subs := map[string]string{}
	for _, name := range []string{"x", "y", "z"} {
		id := addFolder(t, e, folder, name)
		subs[id] = name
	}
	for id, name := range subs {
		if f, err := account.ReadFolder(ctx, folder, id); err != nil || f.Name != name || f.ParentID != folder {
			t.Fatalf("folder %s: %+v, %v", name, f, err)
		}
	}
	if n := calls.count("GET", "/folders/"+folder+"/folders"); n != 1 || calls.count("GET", "/folders/"+folder) != 0 {
		t.Fatalf("%d listings of folders, want 1 and no folder GET", n)
	}
}

// The cache is the Client's: every AccountClient of one Client shares its listings, and a write
// through one is seen by the others.
func TestReadCacheIsSharedPerClient(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	folder := addFolder(t, e, "", "a")
	ids := addFiles(t, e, folder, 2)
	first, calls := newCacheUnderTest(t, e)
	second := first.Client().ForAccount(first.ID())
	ctx := context.Background()
	if _, err := first.ReadFile(ctx, folder, "", ids[0]); err != nil {
		t.Fatal(err)
	}
	if f, err := second.ReadFile(ctx, folder, "", ids[1]); err != nil || f.ID != ids[1] {
		t.Fatalf("second account client: %+v, %v", f, err)
	}
	calls.expectReads(t, folder, 1, 0)
	if _, err := second.RenameFile(ctx, ids[1], "renamed.bin"); err != nil {
		t.Fatal(err)
	}
	if f, err := first.ReadFile(ctx, folder, "", ids[1]); err != nil || f.Name != "renamed.bin" {
		t.Fatalf("after a rename through the other account client: %+v, %v", f, err)
	}
}
