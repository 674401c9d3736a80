package frameio

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestListWorkspacesAndProjects(t *testing.T) {
	e := newEmu(t, emulator.Options{ProjectName: "Feature"})
	c := newClient(t, e)
	ctx := ctxT(t)
	acc := emulator.DefaultAccountID
	account := c.ForAccount(acc)
	ws2, err := e.AddWorkspace(acc, "Marketing")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := e.AddProject(ws2, "Trailer")
	if err != nil {
		t.Fatal(err)
	}

	wss, err := account.ListWorkspaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(wss) != 2 || wss[0].ID != emulator.DefaultWorkspaceID || wss[1].ID != ws2 || wss[1].Name != "Marketing" ||
		wss[1].AccountID != acc || wss[1].CreatedAt == "" {
		t.Fatalf("workspaces = %+v", wss)
	}
	ws, err := account.GetWorkspace(ctx, ws2)
	if err != nil || ws.Name != "Marketing" {
		t.Fatalf("workspace = %+v, %v", ws, err)
	}
	if _, err := account.GetWorkspace(ctx, "6f1f2b0e-0000-4000-8000-00000000ffff"); !IsNotFound(err) {
		t.Fatalf("unknown workspace: %v", err)
	}

	ps, err := account.ListProjects(ctx, ws2)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != p2.ID || ps[0].Name != "Trailer" || ps[0].RootFolderID != p2.RootFolderID || ps[0].WorkspaceID != ws2 {
		t.Fatalf("projects of the workspace = %+v", ps)
	}
	all, err := account.ListAccountProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "Feature" || all[1].ID != p2.ID {
		t.Fatalf("projects of the account = %+v", all)
	}
	for _, id := range []string{"", " "} {
		if _, err := account.ListProjects(ctx, id); err == nil {
			t.Fatalf("ListProjects(%q) must fail before any call", id)
		}
	}
}

// The folder listings follow every page: 120 folders and files need two pages of 100.
func TestListFolderFoldersAndFiles(t *testing.T) {
	// Off: 120 folder creations at 3/s would take 40 s; pacing is covered by the retry tests.
	e := newEmu(t, emulator.Options{NoRateLimits: true})
	c := newClient(t, e)
	c.maxPageSize = 100 // folder listings take 500 a page: two pages of 100 prove they follow links
	ctx := ctxT(t)
	a, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID
	parent, err := a.CreateFolder(ctx, root, "Deliverables")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		if _, err := a.CreateFolder(ctx, parent.ID, fmt.Sprintf("Reel %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a.mov", "b.wav"} {
		if _, err := a.CreateLocalUpload(ctx, parent.ID, name, 10); err != nil {
			t.Fatal(err)
		}
	}
	e.ResetRequests()
	folders, err := a.ListFolderFolders(ctx, parent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 120 || folders[0].Name != "Reel 0" || folders[119].Name != "Reel 119" || folders[5].ParentID != parent.ID {
		t.Fatalf("got %d folders, first %+v", len(folders), folders[0])
	}
	// The emulator logs a request after its reply is sent: wait for the last entry rather than race it.
	deadline := time.Now().Add(5 * time.Second)
	for len(apiRequests(e, "/folders")) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(apiRequests(e, "/folders")); n != 2 {
		t.Fatalf("%d requests for 120 folders, want 2 pages", n)
	}
	files, err := a.ListFolderFiles(ctx, parent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Name != "a.mov" || files[1].MediaType == "" || files[0].FileSize != 10 {
		t.Fatalf("files = %+v", files)
	}
	_, err = a.ListFolderFolders(ctx, "6f1f2b0e-0000-4000-8000-00000000ffff")
	mustAPIError(t, err, http.StatusNotFound)
}

// A version stack among a folder's children carries its newest file, which lookups by name match on.
func TestListFolderChildrenHeadVersion(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	account, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID
	folder, err := e.AddFolder("", "x") // a folder child, without head_version
	if err != nil {
		t.Fatal(err)
	}
	a, err := account.CreateLocalUpload(ctx, root, "cut_v1.mov", 10)
	if err != nil {
		t.Fatal(err)
	}
	b, err := account.CreateLocalUpload(ctx, root, "cut_v2.mov", 10)
	if err != nil {
		t.Fatal(err)
	}
	stack, err := account.CreateVersionStack(ctx, root, []string{a.ID, b.ID})
	if err != nil {
		t.Fatal(err)
	}
	children, err := account.ListFolderChildren(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(children) != 2 || children[0].ID != folder || children[0].HeadVersion != nil {
		t.Fatalf("children = %+v", children)
	}
	s := children[1]
	if s.ID != stack.ID || s.Type != AssetTypeVersionStack || s.HeadVersion == nil || s.HeadVersion.ID != b.ID ||
		s.HeadVersion.Name != "cut_v2.mov" || s.HeadVersion.ParentID != stack.ID {
		t.Fatalf("stack child = %+v (head %+v)", s, s.HeadVersion)
	}
}

// OnlyAccount answers with the account only when the token sees exactly one, and always says which
// it sees; a failed listing is its error.
func TestOnlyAccount(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	only, seen, ok, err := c.OnlyAccount(ctx)
	if err != nil || !ok || only.ID != emulator.DefaultAccountID || len(seen) != 1 {
		t.Fatalf("one account: %+v, %+v, %v, %v", only, seen, ok, err)
	}
	second := e.AddAccount("Studio B")
	only, seen, ok, err = c.OnlyAccount(ctx)
	if err != nil || ok || only.ID != "" || len(seen) != 2 || seen[0].ID != second && seen[1].ID != second {
		t.Fatalf("two accounts: %+v, %+v, %v, %v", only, seen, ok, err)
	}
	bad := newClient(t, e, func(cfg *Config) { cfg.Token = "not-the-token"; cfg.MaxRetries = -1 })
	if _, _, ok, err := bad.OnlyAccount(ctx); ok || !IsStatus(err, http.StatusUnauthorized) {
		t.Fatalf("refused token: ok %v, err %v", ok, err)
	}
}
