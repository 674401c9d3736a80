package emulator

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReadingsPresets(t *testing.T) {
	for name, want := range map[string]Readings{"": {}, "strict": {}, "Pessimistic": Pessimistic()} {
		if got, err := ReadingsNamed(name); err != nil || got != want {
			t.Errorf("%q: %+v %v", name, got, err)
		}
	}
	if _, err := ReadingsNamed("optimistic"); err == nil {
		t.Error("an unknown preset was accepted")
	}
	p := Pessimistic()
	if !p.LoseCreateReplies || p.ListingLag <= 0 || !p.StackChildrenNewestFirst || !p.OmitSharePassphrase ||
		!p.DuplicateFieldNamesOK || !p.SelectOptionsRenewIDs || !p.MetadataListsNulls ||
		!p.WebhookActiveAsString || !p.OmitWebhookWorkspaceID || p.OmitProjectRestricted ||
		p.StackShowOfFolder != StackShowOfFolderAnswered || !p.FolderFilesListStacked || !p.OneFileStackDissolves {
		t.Errorf("Pessimistic() = %+v", p)
	}
	e := New(Options{Readings: p})
	defer e.Close()
	if e.Readings() != p {
		t.Errorf("Options.Readings not in force: %+v", e.Readings())
	}
}

func countFolders(e *Emulator, name string) int {
	n := 0
	for _, f := range e.Folders() {
		if f.Name == name {
			n++
		}
	}
	return n
}

func TestLoseCreateRepliesLosesTheFirstAttemptOnly(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // more creates in a row than folders.create's 3 a second
	create := func(name string) reply {
		return call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", folderBody(name))
	}
	wantStatus(t, create("default"), 201) // off by default

	e.SetReadings(Readings{LoseCreateReplies: true})
	wantStatus(t, create("a"), 502)
	if countFolders(e, "a") != 1 {
		t.Fatal("the create whose reply was lost did not take effect")
	}
	wantStatus(t, create("a"), 201) // the retry goes through, and makes a second folder
	if n := countFolders(e, "a"); n != 2 {
		t.Fatalf("%d folders named a after the retry, want 2", n)
	}
	wantStatus(t, create("b"), 502) // another request is a first attempt again
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)

	e.SetReadings(Readings{LoseCreateReplies: true, LostCreateReplyMode: LostReplyCut})
	if _, err := tryCall(context.Background(), e, "POST", acct(e)+"/folders/"+root(e)+"/folders", `{"data":{"name":"c"}}`); err == nil {
		t.Fatal("cut mode: the client got a reply")
	}
	waitLogged(t, e, "folders.create", 0)
	if countFolders(e, "c") != 1 {
		t.Fatal("cut mode: the create did not take effect")
	}
}

// listedIDs returns the ids a listing's first page holds.
func listedIDs(t *testing.T, e *Emulator, path string) []string {
	t.Helper()
	r := call(t, e, "GET", path, nil)
	wantStatus(t, r, 200)
	return idsOf(r)
}

func TestListingLagKeepsDeletedAssetsListed(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true}))
	clk := clockOf(t, e)
	const lag = 10 * time.Second
	e.SetReadings(Readings{ListingLag: lag})
	folder, _ := e.AddFolder("", "gone")
	file := createUpload(t, e, root(e), "gone.mov", 1).id
	createUpload(t, e, folder, "inside.mov", 1) // deleted with its folder
	other, _ := e.AddFolder("", "other")
	s1, s2 := createUpload(t, e, other, "s1.mov", 1).id, createUpload(t, e, other, "s2.mov", 1).id
	stack, err := e.StackFiles(other, s1, s2)
	if err != nil {
		t.Fatal(err)
	}

	wantStatus(t, call(t, e, "DELETE", acct(e)+"/folders/"+folder, nil), 204)
	wantStatus(t, call(t, e, "DELETE", acct(e)+"/files/"+file, nil), 204)
	if err := e.DeleteFile(s1); err != nil { // the stack keeps s2
		t.Fatal(err)
	}
	if err := e.DeleteFile(s2); err != nil { // its last file: the stack is gone
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/folders/"+folder, nil), 404)
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+file, nil), 404)
	wantStatus(t, call(t, e, "GET", acct(e)+"/version_stacks/"+stack, nil), 404)

	rootPath := acct(e) + "/folders/" + root(e)
	checks := map[string][]string{
		rootPath + "/children":                            {folder, file, other},
		rootPath + "/files":                               {file},
		rootPath + "/folders":                             {folder, other},
		acct(e) + "/folders/" + other + "/children":       {stack},
		acct(e) + "/folders/" + other + "/version_stacks": {stack},
		rootPath + "/children?type=file":                  {file},
	}
	for path, want := range checks {
		if got := listedIDs(t, e, path); !slices.Equal(got, want) {
			t.Errorf("during the lag, %s lists %v, want %v", path, got, want)
		}
	}
	clk.Advance(lag)
	for path, want := range map[string][]string{
		rootPath + "/children":                      {other},
		rootPath + "/files":                         nil,
		acct(e) + "/folders/" + other + "/children": nil,
	} {
		if got := listedIDs(t, e, path); !slices.Equal(got, want) {
			t.Errorf("after the lag, %s lists %v, want %v", path, got, want)
		}
	}

	// Without a lag (the default), a delete shows in listings at once.
	e.SetReadings(Readings{})
	f := createUpload(t, e, root(e), "now.mov", 1).id
	wantStatus(t, call(t, e, "DELETE", acct(e)+"/files/"+f, nil), 204)
	if got := listedIDs(t, e, rootPath+"/files"); len(got) != 0 {
		t.Errorf("without a lag, a deleted file is listed: %v", got)
	}
}

func TestStackChildrenOrderReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	v1, v2, v3 := createUpload(t, e, root(e), "v1.mov", 1).id, createUpload(t, e, root(e), "v2.mov", 1).id,
		createUpload(t, e, root(e), "v3.mov", 1).id
	stack, err := e.StackFiles("", v1, v2, v3)
	if err != nil {
		t.Fatal(err)
	}
	path := acct(e) + "/version_stacks/" + stack + "/children"
	if got := listedIDs(t, e, path); !slices.Equal(got, []string{v1, v2, v3}) {
		t.Errorf("default: %v, want oldest first", got)
	}
	e.SetReadings(Readings{StackChildrenNewestFirst: true})
	if got := listedIDs(t, e, path); !slices.Equal(got, []string{v3, v2, v1}) {
		t.Errorf("newest first: %v", got)
	}
	r := call(t, e, "GET", path+"?page_size=2", nil)
	next, _ := r.body["links"].(map[string]any)["next"].(string)
	if got := idsOf(r); !slices.Equal(got, []string{v3, v2}) || next == "" {
		t.Fatalf("newest first, first page: %v next %q", got, next)
	}
	if got := listedIDs(t, e, next); !slices.Equal(got, []string{v1}) {
		t.Errorf("newest first, second page: %v", got)
	}
}

func TestStackShowOfFolderReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	v1, v2 := createUpload(t, e, root(e), "v1.mov", 1).id, createUpload(t, e, root(e), "v2.mov", 1).id
	stack, err := e.StackFiles("", v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	folderPath, stackPath := acct(e)+"/version_stacks/"+root(e), acct(e)+"/version_stacks/"+stack
	wantStatus(t, call(t, e, "GET", folderPath, nil), 404)
	e.SetReadings(Readings{StackShowOfFolder: StackShowOfFolderAnswered})
	r := call(t, e, "GET", folderPath, nil)
	wantStatus(t, r, 200)
	if d := r.data(); d["type"] != "folder" || d["id"] != root(e) {
		t.Errorf("answered: %s, want the folder", r.raw)
	}
	e.SetReadings(Readings{StackShowOfFolder: StackShowOfFolderUnprocessable})
	wantStatus(t, call(t, e, "GET", folderPath, nil), 422)
	// Only a folder's id is answered differently: a stack's is the stack, an unknown id 404.
	if r := call(t, e, "GET", stackPath, nil); r.data()["type"] != "version_stack" {
		t.Errorf("a stack under the reading: %s", r.raw)
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/version_stacks/"+v1+"-none", nil), 404)
}

func TestFolderFilesListStackedReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	v1, v2 := createUpload(t, e, root(e), "v1.mov", 1).id, createUpload(t, e, root(e), "v2.mov", 1).id
	solo := createUpload(t, e, root(e), "solo.mov", 1).id
	stack, err := e.StackFiles("", v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	path := acct(e) + "/folders/" + root(e) + "/files"
	if got := listedIDs(t, e, path); !slices.Equal(got, []string{solo}) {
		t.Errorf("default: %v, want only the file directly in the folder", got)
	}
	e.SetReadings(Readings{FolderFilesListStacked: true})
	r := call(t, e, "GET", path, nil)
	if got := idsOf(r); !slices.Equal(got, []string{v1, v2, solo}) {
		t.Fatalf("stacked listed: %v, want every file in creation order", got)
	}
	for _, item := range r.body["data"].([]any) {
		f := item.(map[string]any)
		want := root(e)
		if f["id"] != solo {
			want = stack
		}
		if f["parent_id"] != want {
			t.Errorf("file %v has parent_id %v, want %s", f["id"], f["parent_id"], want)
		}
	}
	// The children listing still shows the stack in their place.
	if got := listedIDs(t, e, acct(e)+"/folders/"+root(e)+"/children"); !slices.Equal(got, []string{solo, stack}) {
		t.Errorf("children: %v", got)
	}
}

func TestOneFileStackDissolvesReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	stackOf := func(names ...string) (string, []string) {
		var ids []string
		for _, n := range names {
			ids = append(ids, createUpload(t, e, root(e), n, 1).id)
		}
		stack, err := e.StackFiles("", ids...)
		if err != nil {
			t.Fatal(err)
		}
		return stack, ids
	}
	// Default: a stack left with one file stays, and the file stays in it.
	kept, ids := stackOf("a1.mov", "a2.mov")
	if err := e.DeleteFile(ids[1]); err != nil {
		t.Fatal(err)
	}
	if f, _ := e.File(ids[0]); f.ParentID != kept {
		t.Errorf("default: the last file's parent is %s, want its stack %s", f.ParentID, kept)
	}
	if _, ok := e.Stack(kept); !ok {
		t.Error("default: a stack of one is gone")
	}

	e.SetReadings(Readings{OneFileStackDissolves: true})
	gone, ids := stackOf("b1.mov", "b2.mov", "b3.mov")
	if err := e.DeleteFile(ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Stack(gone); !ok {
		t.Fatal("a stack of two dissolved")
	}
	wantStatus(t, call(t, e, "PATCH", acct(e)+"/files/"+ids[1]+"/move", map[string]any{"data": map[string]any{"parent_id": root(e)}}), 200)
	if _, ok := e.Stack(gone); ok {
		t.Error("a stack left with one file stays")
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/version_stacks/"+gone, nil), 404)
	if f, _ := e.File(ids[0]); f.ParentID != root(e) {
		t.Errorf("the last file's parent is %s, want the folder", f.ParentID)
	}
}

func TestCreateListingLagReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true}))
	clk := clockOf(t, e)
	early := createUpload(t, e, root(e), "early.mov", 1).id
	e.SetReadings(Readings{CreateListingLag: 10 * time.Second})
	late := createUpload(t, e, root(e), "late.mov", 1).id
	folder := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/folders", map[string]any{"data": map[string]any{"name": "new"}})
	wantStatus(t, folder, 201)
	folderID := folder.data()["id"].(string)
	oob, err := e.AddFolder("", "web-app") // out of band: listed at once
	if err != nil {
		t.Fatal(err)
	}

	files, children := acct(e)+"/folders/"+root(e)+"/files", acct(e)+"/folders/"+root(e)+"/children"
	if got := listedIDs(t, e, files); !slices.Equal(got, []string{early}) {
		t.Errorf("files within the lag: %v, want the new file left out", got)
	}
	if got := listedIDs(t, e, children); !slices.Equal(got, []string{early, oob}) {
		t.Errorf("children within the lag: %v, want the new file and folder left out", got)
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+late, nil), 200) // a GET answers at once
	clk.Advance(10 * time.Second)
	if got := listedIDs(t, e, files); !slices.Equal(got, []string{early, late}) {
		t.Errorf("files after the lag: %v", got)
	}
	if got := listedIDs(t, e, children); !slices.Contains(got, folderID) {
		t.Errorf("children after the lag: %v", got)
	}
}

func TestOmitSharePassphraseReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	a := createUpload(t, e, root(e), "a.mov", 1).id
	id := createShare(t, e, map[string]any{"name": "n", "access": "public", "asset_ids": []string{a}, "passphrase": "s3cret"})
	if r := call(t, e, "GET", shareURL(e, id), nil); r.data()["passphrase"] != "s3cret" {
		t.Fatalf("default: the reply does not echo the passphrase: %s", r.raw)
	}
	e.SetReadings(Readings{OmitSharePassphrase: true})
	for _, r := range []reply{
		call(t, e, "GET", shareURL(e, id), nil),
		call(t, e, "PATCH", shareURL(e, id), map[string]any{"data": map[string]any{"passphrase": "other"}}),
		call(t, e, "GET", acct(e)+"/projects/"+e.Options().ProjectID+"/shares", nil),
	} {
		wantStatus(t, r, 200)
		if strings.Contains(string(r.raw), "passphrase") {
			t.Fatalf("a reply carries the passphrase: %s", r.raw)
		}
	}
	if s := mustShare(t, e, id); s.Passphrase != "other" {
		t.Fatalf("the passphrase was not stored: %+v", s)
	}
}

func TestDuplicateShareAssetReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	a := createUpload(t, e, root(e), "a.mov", 1).id
	id := createShare(t, e, map[string]any{"name": "n", "access": "public", "asset_ids": []string{a}})
	add := func() reply {
		return call(t, e, "POST", shareURL(e, id)+"/assets", map[string]any{"data": map[string]any{"asset_id": a}})
	}
	wantStatus(t, add(), http.StatusConflict) // the default
	e.SetReadings(Readings{DuplicateShareAssetOK: true})
	r := add()
	if r.status != 200 || r.data()["asset_added"] != a {
		t.Fatalf("duplicate add: %d %s", r.status, r.raw)
	}
	if s := mustShare(t, e, id); !slices.Equal(s.AssetIDs, []string{a}) {
		t.Fatalf("a duplicate add changed the assets: %v", s.AssetIDs)
	}
}

func TestNeverTranscodedReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	e.SetReadings(Readings{NeverTranscoded: "video/quicktime"})
	mov, mp4 := createUpload(t, e, root(e), "a.mov", 3), createUpload(t, e, root(e), "b.mp4", 3)
	uploadAll(t, mov, []byte("abc"))
	uploadAll(t, mp4, []byte("abc"))
	waitLanded(t, e, mov.id)
	waitLanded(t, e, mp4.id)
	clockOf(t, e).Advance(time.Hour) // past both delays
	for id, want := range map[string]string{mov.id: "uploaded", mp4.id: "transcoded"} {
		r := call(t, e, "GET", acct(e)+"/files/"+id, nil)
		if got := r.data()["status"]; got != want {
			t.Errorf("%s: status %v, want %s", id, got, want)
		}
		if f, _ := e.File(id); f.Status != want {
			t.Errorf("%s: snapshot status %q, want %s", id, f.Status, want)
		}
	}
	e.SetReadings(Readings{})
	if f, _ := e.File(mov.id); f.Status != "transcoded" {
		t.Errorf("default reading: %q, want transcoded", f.Status)
	}
}

func TestRotateRefreshTokensReadingAtRuntime(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	o := e.Options().IMS
	refresh := func(rt string) imsReply {
		return imsPost(t, e, url.Values{"grant_type": {"refresh_token"}, "client_id": {o.ClientID},
			"client_secret": {o.ClientSecret}, "refresh_token": {rt}})
	}
	if r := refresh(DefaultRefreshToken); r.status != 200 || r.body["refresh_token"] != DefaultRefreshToken {
		t.Fatalf("default: %d %v, want the same refresh token back", r.status, r.body)
	}
	e.SetReadings(Readings{RotateRefreshTokens: true})
	r := refresh(DefaultRefreshToken)
	next, _ := r.body["refresh_token"].(string)
	if r.status != 200 || next == "" || next == DefaultRefreshToken {
		t.Fatalf("rotating: %d %v", r.status, r.body)
	}
	refresh(DefaultRefreshToken).wantError(t, 400, "invalid_grant")
	if r := refresh(next); r.status != 200 {
		t.Fatalf("the new refresh token: %d %v", r.status, r.body)
	}
}
