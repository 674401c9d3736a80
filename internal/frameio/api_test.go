package frameio

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestListAccountsAndMe(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)

	accts, err := c.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) == 0 || accts[0].ID != emulator.DefaultAccountID || accts[0].DisplayName == "" {
		t.Fatalf("accounts = %+v", accts)
	}

	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.ID == "" || me.Email == "" {
		t.Fatalf("me = %+v", me)
	}
}

func TestGetProject(t *testing.T) {
	e := newEmu(t, emulator.Options{ProjectName: "Proj X"})
	c := newClient(t, e)
	p, err := c.ForAccount(emulator.DefaultAccountID).GetProject(ctxT(t), emulator.DefaultProjectID)
	if err != nil {
		t.Fatal(err)
	}
	want := Project{ID: emulator.DefaultProjectID, Name: "Proj X", RootFolderID: emulator.DefaultRootFolderID, WorkspaceID: emulator.DefaultWorkspaceID}
	if p.ID != want.ID || p.Name != want.Name || p.RootFolderID != want.RootFolderID || p.WorkspaceID != want.WorkspaceID {
		t.Fatalf("project = %+v, want %+v", p, want)
	}
	if p.Status == "" || p.ViewURL == "" || p.CreatedAt == "" || p.UpdatedAt == "" {
		t.Fatalf("project lacks fields: %+v", p)
	}
}

func TestFolderLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	account, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID

	a, err := account.CreateFolder(ctx, root, "A")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Name != "A" || a.ParentID != root || a.Type != AssetTypeFolder || a.ProjectID != emulator.DefaultProjectID {
		t.Fatalf("created = %+v", a)
	}
	if a.ViewURL == "" || a.CreatedAt == "" || a.UpdatedAt == "" {
		t.Fatalf("created lacks fields: %+v", a)
	}
	b, err := account.CreateFolder(ctx, root, "B")
	if err != nil {
		t.Fatal(err)
	}

	got, err := account.GetFolder(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != a.ID || got.Name != "A" {
		t.Fatalf("get = %+v", got)
	}

	r, err := account.RenameFolder(ctx, a.ID, "A renamed")
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "A renamed" || r.ID != a.ID {
		t.Fatalf("rename = %+v", r)
	}

	m, err := account.MoveFolder(ctx, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.ParentID != b.ID {
		t.Fatalf("move = %+v", m)
	}

	kids, err := account.ListFolderChildren(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != 1 || kids[0].ID != a.ID || kids[0].Type != AssetTypeFolder || kids[0].Name != "A renamed" || kids[0].ParentID != b.ID {
		t.Fatalf("children of B = %+v", kids)
	}

	if err := account.DeleteFolder(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := account.GetFolder(ctx, a.ID); !IsNotFound(err) {
		t.Fatalf("after delete: err = %v, want 404", err)
	}
	if err := account.DeleteFolder(ctx, a.ID); !IsNotFound(err) {
		t.Fatalf("second delete: err = %v, want 404", err)
	}
	kids, err = account.ListFolderChildren(ctx, b.ID)
	if err != nil || len(kids) != 0 {
		t.Fatalf("children after delete = %+v, %v", kids, err)
	}

	// Headers on the wire.
	for _, rq := range apiRequests(e, "") {
		if got := rq.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Fatalf("%s %s: Authorization %q", rq.Method, rq.Path, got)
		}
		if got := rq.Header.Get("Accept"); got != "application/json" {
			t.Fatalf("%s %s: Accept %q", rq.Method, rq.Path, got)
		}
		if rq.Header.Get("User-Agent") != DefaultUserAgent {
			t.Fatalf("%s %s: User-Agent %q", rq.Method, rq.Path, rq.Header.Get("User-Agent"))
		}
		if rq.Method == "POST" || rq.Method == "PATCH" {
			if got := rq.Header.Get("Content-Type"); got != "application/json" {
				t.Fatalf("%s %s: Content-Type %q", rq.Method, rq.Path, got)
			}
		}
	}
}

func TestFileLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{PartSize: 1000})
	c := newClient(t, e)
	ctx := ctxT(t)
	a, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID

	f, err := a.CreateLocalUpload(ctx, root, "clip.mp4", 2501)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Name != "clip.mp4" || f.ParentID != root || f.Type != AssetTypeFile || f.FileSize != 2501 {
		t.Fatalf("created = %+v", f)
	}
	if f.MediaType != "video/mp4" || f.Status != FileStatusCreated || f.ProjectID != emulator.DefaultProjectID || f.ViewURL == "" {
		t.Fatalf("created = %+v", f)
	}
	var sum int64
	for _, u := range f.UploadURLs {
		if u.URL == "" || u.Size <= 0 {
			t.Fatalf("bad upload url %+v", u)
		}
		sum += u.Size
	}
	if len(f.UploadURLs) < 2 || sum != 2501 {
		t.Fatalf("upload_urls: %d parts, %d bytes", len(f.UploadURLs), sum)
	}

	g, err := a.GetFile(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.ID != f.ID || g.FileSize != 2501 || len(g.UploadURLs) != 0 {
		t.Fatalf("get = %+v", g)
	}

	st, err := a.GetUploadStatus(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.ID != f.ID || st.UploadComplete || st.UploadFailed || st.FileType == "" {
		t.Fatalf("status = %+v", st)
	}

	r, err := a.RenameFile(ctx, f.ID, "renamed.mp4")
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "renamed.mp4" {
		t.Fatalf("rename = %+v", r)
	}

	dst, err := a.CreateFolder(ctx, root, "dst")
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.MoveFile(ctx, f.ID, dst.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.ParentID != dst.ID {
		t.Fatalf("move = %+v", m)
	}
	if ef, ok := e.File(f.ID); !ok || ef.ParentID != dst.ID || ef.Name != "renamed.mp4" {
		t.Fatalf("emulator file = %+v", ef)
	}

	kids, err := a.ListFolderChildren(ctx, dst.ID)
	if err != nil || len(kids) != 1 || kids[0].ID != f.ID || kids[0].Type != AssetTypeFile {
		t.Fatalf("children = %+v, %v", kids, err)
	}

	if err := a.DeleteFile(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetFile(ctx, f.ID); !IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
	if _, err := a.GetUploadStatus(ctx, f.ID); !IsNotFound(err) {
		t.Fatalf("status after delete: %v", err)
	}
}

func TestCreateRemoteUpload(t *testing.T) {
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte(strings.Repeat("x", 1234)))
	}))
	t.Cleanup(src.Close)
	e := newEmu(t, emulator.Options{ProcessingDelay: time.Millisecond, TranscodeDelay: time.Millisecond,
		AllowPrivateRemoteURLs: true}) // src is on 127.0.0.1
	c := newClient(t, e)
	ctx := ctxT(t)

	f, err := c.ForAccount(emulator.DefaultAccountID).CreateRemoteUpload(ctx, emulator.DefaultRootFolderID, "pic.png", src.URL+"/pic.png")
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Name != "pic.png" || f.Type != AssetTypeFile || len(f.UploadURLs) != 0 {
		t.Fatalf("remote = %+v", f)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := c.ForAccount(emulator.DefaultAccountID).GetUploadStatus(ctx, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.UploadFailed {
			t.Fatalf("remote upload failed: %+v", st)
		}
		if st.UploadComplete {
			if st.UploadCompletedAt == nil || *st.UploadCompletedAt == "" {
				t.Fatalf("complete without upload_completed_at: %+v", st)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("remote upload never completed: %+v", st)
		}
		time.Sleep(20 * time.Millisecond)
	}
	g, err := c.ForAccount(emulator.DefaultAccountID).GetFile(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.FileSize != 1234 {
		t.Fatalf("remote file size = %d", g.FileSize)
	}
}

func TestEscapedIDs(t *testing.T) {
	acc := "adobe:acc|1"
	root := "adobe:root|2/x y"
	e := newEmu(t, emulator.Options{AccountID: acc, RootFolderID: root})
	c := newClient(t, e)
	account := c.ForAccount(acc)
	ctx := ctxT(t)

	sub, err := account.CreateFolder(ctx, root, "sub")
	if err != nil {
		t.Fatal(err)
	}
	if sub.ParentID != root {
		t.Fatalf("parent = %q", sub.ParentID)
	}
	got, err := account.GetFolder(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != root {
		t.Fatalf("root = %+v", got)
	}
	kids, err := account.ListFolderChildren(ctx, root)
	if err != nil || len(kids) != 1 || kids[0].ID != sub.ID {
		t.Fatalf("children = %+v, %v", kids, err)
	}
	rq := apiRequests(e, "/children")
	if len(rq) != 1 {
		t.Fatalf("children requests = %+v", rq)
	}
	// The '/' inside the id must not have become a path separator.
	if _, err := account.GetFolder(ctx, "adobe:root|2"); !IsNotFound(err) {
		t.Fatalf("prefix of the id: %v", err)
	}
	_, err = account.GetFolder(ctx, "nope|1")
	ae := mustAPIError(t, err, 404)
	if !strings.Contains(ae.Path, "nope%7C1") || strings.Contains(ae.Path, "?") {
		t.Fatalf("path in error = %q", ae.Path)
	}
}

func TestIDValidation(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	ctx := ctxT(t)
	a := c.ForAccount(emulator.DefaultAccountID)
	cases := []struct {
		arg string
		err error
	}{
		{"accountID", func() error { _, err := c.ForAccount("").GetProject(ctx, "p"); return err }()},
		{"projectID", func() error { _, err := a.GetProject(ctx, " "); return err }()},
		{"parentID", func() error { _, err := a.CreateFolder(ctx, "", "n"); return err }()},
		{"folderID", func() error { _, err := a.GetFolder(ctx, ""); return err }()},
		{"folderID", func() error { _, err := a.RenameFolder(ctx, "", "n"); return err }()},
		{"parentID", func() error { _, err := a.MoveFolder(ctx, "f", ""); return err }()},
		{"folderID", func() error { return a.DeleteFolder(ctx, "") }()},
		{"folderID", func() error { _, err := a.ListFolderChildren(ctx, ""); return err }()},
		{"folderID", func() error { _, err := a.CreateLocalUpload(ctx, "", "n", 1); return err }()},
		{"folderID", func() error { _, err := a.CreateRemoteUpload(ctx, "", "n", "https://x"); return err }()},
		{"fileID", func() error { _, err := a.GetFile(ctx, ""); return err }()},
		{"fileID", func() error { _, err := a.RenameFile(ctx, "", "n"); return err }()},
		{"parentID", func() error { _, err := a.MoveFile(ctx, "f", ""); return err }()},
		{"fileID", func() error { return a.DeleteFile(ctx, "") }()},
		{"fileID", func() error { _, err := a.GetUploadStatus(ctx, ".."); return err }()},
	}
	for i, tc := range cases {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.arg) {
			t.Errorf("case %d: err = %v, want one naming %s", i, tc.err, tc.arg)
		}
	}
	if n := len(apiRequests(e, "")); n != 0 {
		t.Fatalf("%d requests sent for invalid ids", n)
	}
}

func TestPagination(t *testing.T) {
	// Off: the setup creates files faster than local_upload's 5/s, and the client here retries in
	// milliseconds; errors_test covers 429 handling.
	e := newEmu(t, emulator.Options{NoRateLimits: true})
	c := newClient(t, e)
	c.maxPageSize = 5
	ctx := ctxT(t)
	a, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID

	var want []string
	for i := 0; i < 12; i++ {
		f, err := a.CreateLocalUpload(ctx, root, "f.bin", int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, f.ID)
	}
	sub, err := a.CreateFolder(ctx, root, "sub")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, sub.ID)

	e.ResetRequests()
	kids, err := a.ListFolderChildren(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, k := range kids {
		if seen[k.ID] {
			t.Fatalf("duplicate child %s", k.ID)
		}
		seen[k.ID] = true
	}
	for _, id := range want {
		if !seen[id] {
			t.Fatalf("child %s missing from %d children", id, len(kids))
		}
	}
	if len(kids) != len(want) {
		t.Fatalf("%d children, want %d", len(kids), len(want))
	}
	// 13 children at page_size 5 = 3 pages: proves page_size was re-added to links.next (the
	// emulator's default page size of 50 would have served the rest in one page).
	if n := len(apiRequests(e, "/children")); n != 3 {
		t.Fatalf("%d page requests, want 3", n)
	}
}

func TestPaginationDefaultPageSize(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 101 files")
	}
	e := newEmu(t, emulator.Options{NoRateLimits: true}) // 101 creates at 5/s would take 20 s: see TestPagination
	c := newClient(t, e, func(cfg *Config) { cfg.MaxRetryWait = time.Millisecond })
	ctx := ctxT(t)
	a, root := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultRootFolderID
	for i := 0; i < opFolderChildren.pageSize+1; i++ {
		if _, err := a.CreateLocalUpload(ctx, root, "f.bin", 1); err != nil {
			t.Fatal(err)
		}
	}
	e.ResetRequests()
	kids, err := a.ListFolderChildren(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	if len(kids) != opFolderChildren.pageSize+1 {
		t.Fatalf("%d children", len(kids))
	}
	if n := len(apiRequests(e, "/children")); n != 2 {
		t.Fatalf("%d page requests, want 2", n)
	}
}
