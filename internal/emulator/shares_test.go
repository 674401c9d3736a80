package emulator

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// createShare creates a share with the fields of d ("type": "asset" added) and returns its id.
func createShare(t testing.TB, e *Emulator, d map[string]any) string {
	t.Helper()
	d["type"] = "asset"
	r := call(t, e, "POST", acct(e)+"/projects/"+e.Options().ProjectID+"/shares", map[string]any{"data": d})
	wantStatus(t, r, http.StatusCreated)
	return r.data()["id"].(string)
}

func shareURL(e *Emulator, id string) string { return acct(e) + "/shares/" + id }

// futureTS is an expiration d from the emulator's now, as a client would write it (an offset, seconds).
func futureTS(e *Emulator, d time.Duration) string {
	return e.now().Add(d).In(time.FixedZone("CEST", 2*3600)).Format(time.RFC3339)
}

func TestShareLifecycle(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	a := createUpload(t, e, root(e), "a.mov", 1).id
	folder, _ := e.AddFolder("", "deliverables")
	exp := futureTS(e, 48*time.Hour)

	r := call(t, e, "POST", acct(e)+"/projects/"+e.Options().ProjectID+"/shares", map[string]any{"data": map[string]any{
		"type": "asset", "name": "Client review", "access": "public", "asset_ids": []string{a, folder},
		"expiration": exp, "passphrase": "open sesame", "description": "Cut v3",
	}})
	wantStatus(t, r, http.StatusCreated)
	d := r.data()
	id := d["id"].(string)
	wantExp, _ := time.Parse(time.RFC3339, exp)
	if d["name"] != "Client review" || d["access"] != "public" || d["enabled"] != true || d["downloading_enabled"] != true ||
		d["commenting_enabled"] != true || d["passphrase"] != "open sesame" || d["description"] != "Cut v3" ||
		d["expiration"] != ts(wantExp) || d["last_viewed_at"] != nil || d["collection_id"] == "" ||
		!strings.HasPrefix(d["short_url"].(string), e.URL()+"/s/") || d["created_at"] == "" {
		t.Fatalf("created %v", d)
	}
	for _, k := range []string{"asset_ids", "reviewers", "project_id"} {
		if _, ok := d[k]; ok {
			t.Errorf("the reply has %q, which the Share schema does not", k)
		}
	}
	if s, _ := e.Share(id); !slices.Equal(s.AssetIDs, []string{a, folder}) {
		t.Fatalf("assets %v", s.AssetIDs)
	}

	show := call(t, e, "GET", shareURL(e, id), nil)
	wantStatus(t, show, 200)
	if show.data()["short_url"] != d["short_url"] || show.data()["name"] != "Client review" {
		t.Fatalf("show %v", show.data())
	}
	list := call(t, e, "GET", acct(e)+"/projects/"+e.Options().ProjectID+"/shares", nil)
	wantStatus(t, list, 200)
	if items := list.body["data"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("index %s", list.raw)
	}

	// PATCH: only the fields given change; null clears a nullable one.
	up := call(t, e, "PATCH", shareURL(e, id), map[string]any{"data": map[string]any{
		"name": "Client review v2", "downloading_enabled": false, "expiration": nil, "passphrase": nil, "access": "secure"}})
	wantStatus(t, up, 200)
	u := up.data()
	if u["name"] != "Client review v2" || u["downloading_enabled"] != false || u["expiration"] != nil ||
		u["passphrase"] != nil || u["access"] != "secure" || u["description"] != "Cut v3" || u["short_url"] != d["short_url"] {
		t.Fatalf("updated %v", u)
	}

	wantStatus(t, call(t, e, "DELETE", shareURL(e, id), nil), http.StatusNoContent)
	wantStatus(t, call(t, e, "GET", shareURL(e, id), nil), http.StatusNotFound)
	wantStatus(t, call(t, e, "DELETE", shareURL(e, id), nil), http.StatusNotFound)
	if _, ok := e.Share(id); ok {
		t.Fatal("deleted share still there")
	}
	if _, ok := e.File(a); !ok {
		t.Fatal("deleting the share deleted its asset")
	}
}

func TestShareCreateValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // dozens of calls in a row; TestShareRateLimits has the limit
	a := createUpload(t, e, root(e), "a.mov", 1).id
	many := make([]string, 101)
	for i := range many {
		many[i] = a
	}
	valid := func(mod func(map[string]any)) map[string]any {
		d := map[string]any{"type": "asset", "name": "n", "access": "secure", "asset_ids": []any{a}}
		mod(d)
		return map[string]any{"data": d}
	}
	for _, c := range []struct {
		name, pointer string
		body          map[string]any
	}{
		{"unknown field", "/data/reviewers", valid(func(d map[string]any) { d["reviewers"] = []string{"x@example.com"} })},
		{"no name", "/data/name", valid(func(d map[string]any) { delete(d, "name") })},
		{"empty name", "/data/name", valid(func(d map[string]any) { d["name"] = "" })},
		{"blank name", "/data/name", valid(func(d map[string]any) { d["name"] = " \t " })},
		{"line break", "/data/name", valid(func(d map[string]any) { d["name"] = "a\nb" })},
		{"176 characters", "/data/name", valid(func(d map[string]any) { d["name"] = strings.Repeat("é", 176) })},
		{"access", "/data/access", valid(func(d map[string]any) { d["access"] = "private" })},
		{"no access", "/data/access", valid(func(d map[string]any) { delete(d, "access") })},
		{"type", "/data/type", valid(func(d map[string]any) { d["type"] = "folder" })},
		{"no assets", "/data/asset_ids", valid(func(d map[string]any) { d["asset_ids"] = []any{} })},
		{"101 assets", "/data/asset_ids", valid(func(d map[string]any) { d["asset_ids"] = many })},
		{"twice", "/data/asset_ids/1", valid(func(d map[string]any) { d["asset_ids"] = []any{a, a} })},
		{"unknown asset", "/data/asset_ids/0", valid(func(d map[string]any) { d["asset_ids"] = []any{newID()} })},
		{"asset not a string", "/data/asset_ids/0", valid(func(d map[string]any) { d["asset_ids"] = []any{1} })},
		{"past expiration", "/data/expiration", valid(func(d map[string]any) { d["expiration"] = futureTS(e, -time.Minute) })},
		{"bad expiration", "/data/expiration", valid(func(d map[string]any) { d["expiration"] = "tomorrow" })},
		{"long passphrase", "/data/passphrase", valid(func(d map[string]any) { d["passphrase"] = strings.Repeat("p", 256) })},
		{"long description", "/data/description", valid(func(d map[string]any) { d["description"] = strings.Repeat("d", 641) })},
		{"downloading", "/data/downloading_enabled", valid(func(d map[string]any) { d["downloading_enabled"] = "yes" })},
	} {
		r := call(t, e, "POST", acct(e)+"/projects/"+e.Options().ProjectID+"/shares", c.body)
		if r.status != http.StatusUnprocessableEntity || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s, want 422 at %s", c.name, r.status, r.raw, c.pointer)
		}
	}
	r := call(t, e, "POST", acct(e)+"/projects/"+newID()+"/shares", valid(func(map[string]any) {}))
	wantStatus(t, r, http.StatusNotFound)
	if n := len(e.Shares()); n != 0 {
		t.Fatalf("%d shares after refused creates", n)
	}
	// The limits themselves are accepted: 175 characters, 100 assets (of several kinds).
	folder, _ := e.AddFolder("", "f")
	ids := []any{folder}
	for range 99 {
		ids = append(ids, createUpload(t, e, root(e), "x.mov", 1).id)
	}
	createShare(t, e, map[string]any{"name": strings.Repeat("é", 175), "access": "public", "asset_ids": ids})
}

func TestShareUpdateValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	id := createShare(t, e, map[string]any{"name": "n", "access": "public", "description": "d"})
	for _, c := range []struct {
		name, pointer string
		data          map[string]any
	}{
		{"empty", "/data", map[string]any{}},
		{"unknown field", "/data/asset_ids", map[string]any{"asset_ids": []string{}}},
		{"null name", "/data/name", map[string]any{"name": nil}},
		{"line break", "/data/name", map[string]any{"name": "a\r\nb", "downloading_enabled": false}},
		{"empty description", "/data/description", map[string]any{"description": ""}},
		{"access", "/data/access", map[string]any{"access": "open"}},
		{"past expiration", "/data/expiration", map[string]any{"expiration": "2001-01-01T00:00:00Z"}},
	} {
		r := call(t, e, "PATCH", shareURL(e, id), map[string]any{"data": c.data})
		if r.status != http.StatusUnprocessableEntity || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s, want 422 at %s", c.name, r.status, r.raw, c.pointer)
		}
	}
	if s, _ := e.Share(id); s.Name != "n" || !s.DownloadingEnabled || s.Description != "d" {
		t.Fatalf("a refused PATCH changed the share: %+v", s)
	}
	wantStatus(t, call(t, e, "PATCH", shareURL(e, newID()), map[string]any{"data": map[string]any{"name": "x"}}), 404)
}

func TestShareAssets(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // 100 adds in a row
	folder, _ := e.AddFolder("", "f")
	v1, v2 := createUpload(t, e, folder, "v1.mov", 1).id, createUpload(t, e, folder, "v2.mov", 1).id
	stack, err := e.StackFiles(folder, v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	a := createUpload(t, e, root(e), "a.mov", 1).id
	id := createShare(t, e, map[string]any{"name": "n", "access": "public", "asset_ids": []string{a}})
	assets := shareURL(e, id) + "/assets"

	r := call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": stack}})
	wantStatus(t, r, 200)
	if r.data()["asset_added"] != stack || r.data()["id"] != id {
		t.Fatalf("add %v", r.data())
	}
	r = call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": stack}})
	if r.status != http.StatusConflict || r.errPointer() != "/data/asset_id" {
		t.Fatalf("adding it again: %d %s", r.status, r.raw)
	}
	r = call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": newID()}})
	if r.status != http.StatusUnprocessableEntity || r.errPointer() != "/data/asset_id" {
		t.Fatalf("unknown asset: %d %s", r.status, r.raw)
	}
	r = call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": a, "name": "x"}})
	if r.status != http.StatusUnprocessableEntity || r.errPointer() != "/data/name" {
		t.Fatalf("unknown field: %d %s", r.status, r.raw)
	}

	r = call(t, e, "DELETE", assets+"/"+a, nil)
	wantStatus(t, r, 200)
	if r.data()["asset_removed"] != a {
		t.Fatalf("remove %v", r.data())
	}
	wantStatus(t, call(t, e, "DELETE", assets+"/"+a, nil), http.StatusNotFound)
	// A new version on top of the stack leaves the share pointing at the stack.
	if _, err := e.AddFileToStack(stack, "v3.mov", []byte("v3")); err != nil {
		t.Fatal(err)
	}
	if s, _ := e.Share(id); !slices.Equal(s.AssetIDs, []string{stack}) {
		t.Fatalf("assets %v, want only the stack", s.AssetIDs)
	}

	// At most 100 assets.
	for len(mustShare(t, e, id).AssetIDs) < maxShareAssets {
		f := createUpload(t, e, root(e), "x.mov", 1).id
		wantStatus(t, call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": f}}), 200)
	}
	f := createUpload(t, e, root(e), "x.mov", 1).id
	r = call(t, e, "POST", assets, map[string]any{"data": map[string]any{"asset_id": f}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("101st asset: %d %s", r.status, r.raw)
	}
}

func mustShare(t testing.TB, e *Emulator, id string) Share {
	t.Helper()
	s, ok := e.Share(id)
	if !ok {
		t.Fatalf("share %s not found", id)
	}
	return s
}

func TestShareReviewers(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // more than 10 reviewer calls in a row
	id := createShare(t, e, map[string]any{"name": "n", "access": "secure"})
	rev := shareURL(e, id) + "/reviewers"
	add := func(ids map[string]any, message any) reply {
		d := map[string]any{"reviewers": ids}
		if message != nil {
			d["message"] = message
		}
		return call(t, e, "POST", rev, map[string]any{"data": d})
	}
	wantStatus(t, add(map[string]any{"emails": []string{"Alice@Example.com", "bob@example.com"}}, "Please review"), http.StatusNoContent)
	wantStatus(t, add(map[string]any{"user_ids": []string{emulatorUserID}}, ""), http.StatusNoContent)
	wantStatus(t, add(map[string]any{"emails": []string{"alice@example.com"}}, ""), http.StatusNoContent) // kept once
	if got := mustShare(t, e, id).Reviewers; !slices.Equal(got, []string{"alice@example.com", "bob@example.com", emulatorUserEmail}) {
		t.Fatalf("reviewers %v", got)
	}

	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = string(rune('a'+i)) + "@example.com"
	}
	for _, c := range []struct {
		name, pointer string
		r             reply
	}{
		{"no message", "/data/message", add(map[string]any{"emails": []string{"c@example.com"}}, nil)},
		{"two identifier types", "/data/reviewers", add(map[string]any{"emails": []string{"c@example.com"}, "user_ids": []string{emulatorUserID}}, "")},
		{"no identifier", "/data/reviewers", add(map[string]any{}, "")},
		{"unknown identifier", "/data/reviewers/names", add(map[string]any{"names": []string{"c"}}, "")},
		{"eleven", "/data/reviewers/emails", add(map[string]any{"emails": eleven}, "")},
		{"none", "/data/reviewers/emails", add(map[string]any{"emails": []string{}}, "")},
		{"not an email", "/data/reviewers/emails/1", add(map[string]any{"emails": []string{"c@example.com", "c at example"}}, "")},
		{"twice", "/data/reviewers/emails/1", add(map[string]any{"emails": []string{"c@example.com", "C@example.com"}}, "")},
		{"unknown user", "/data/reviewers/user_ids/0", add(map[string]any{"user_ids": []string{newID()}}, "")},
	} {
		if c.r.status != http.StatusUnprocessableEntity || c.r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s, want 422 at %s", c.name, c.r.status, c.r.raw, c.pointer)
		}
	}

	// Listed in pages, invited people without an account have no id.
	p1 := call(t, e, "GET", rev+"?page_size=2", nil)
	wantStatus(t, p1, 200)
	items := p1.body["data"].([]any)
	next, _ := p1.body["links"].(map[string]any)["next"].(string)
	if len(items) != 2 || items[0].(map[string]any)["email"] != "alice@example.com" || items[0].(map[string]any)["id"] != nil || next == "" {
		t.Fatalf("page 1: %s", p1.raw)
	}
	p2 := call(t, e, "GET", next, nil)
	if items := p2.body["data"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != emulatorUserID {
		t.Fatalf("page 2: %s", p2.raw)
	}

	// Remove: takes no message; someone who is not a reviewer is no error.
	del := func(d map[string]any) reply { return call(t, e, "DELETE", rev, map[string]any{"data": d}) }
	if r := del(map[string]any{"reviewers": map[string]any{"emails": []string{"b@example.com"}}, "message": "x"}); r.status != 422 || r.errPointer() != "/data/message" {
		t.Fatalf("remove with a message: %d %s", r.status, r.raw)
	}
	wantStatus(t, del(map[string]any{"reviewers": map[string]any{"emails": []string{"BOB@example.com", "nobody@example.com"}}}), http.StatusNoContent)
	if got := mustShare(t, e, id).Reviewers; !slices.Equal(got, []string{"alice@example.com", emulatorUserEmail}) {
		t.Fatalf("after remove %v", got)
	}

	// Public shares have no reviewers.
	wantStatus(t, call(t, e, "PATCH", shareURL(e, id), map[string]any{"data": map[string]any{"access": "public"}}), 200)
	if got := mustShare(t, e, id).Reviewers; len(got) != 0 {
		t.Fatalf("a public share kept reviewers %v", got)
	}
	if r := add(map[string]any{"emails": []string{"c@example.com"}}, ""); r.status != 422 {
		t.Fatalf("reviewer on a public share: %d %s", r.status, r.raw)
	}
}

func TestShareExpiresAndPassphrases(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	id := createShare(t, e, map[string]any{"name": "n", "access": "public", "expiration": futureTS(e, time.Hour)})
	if d := call(t, e, "GET", shareURL(e, id), nil).data(); d["enabled"] != true || d["passphrase"] != nil {
		t.Fatalf("before expiry %v", d)
	}
	clockOf(t, e).Advance(time.Hour)
	if d := call(t, e, "GET", shareURL(e, id), nil).data(); d["enabled"] != false {
		t.Fatalf("after expiry %v", d)
	}

	e.SetSharePassphraseRequired(true)
	gen := createShare(t, e, map[string]any{"name": "g", "access": "public"})
	first := mustShare(t, e, gen).Passphrase
	if first == "" {
		t.Fatal("no passphrase generated")
	}
	r := call(t, e, "PATCH", shareURL(e, gen), map[string]any{"data": map[string]any{"passphrase": nil}})
	if p, _ := r.data()["passphrase"].(string); p == "" || p == first {
		t.Fatalf("clearing a required passphrase: %v", r.data())
	}
	own := createShare(t, e, map[string]any{"name": "o", "access": "public", "passphrase": "mine"})
	if p := mustShare(t, e, own).Passphrase; p != "mine" {
		t.Fatalf("given passphrase replaced by %q", p)
	}
}

func TestShareRateLimits(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	for range 10 {
		createShare(t, e, map[string]any{"name": "n", "access": "public"})
	}
	r := call(t, e, "POST", acct(e)+"/projects/"+e.Options().ProjectID+"/shares",
		map[string]any{"data": map[string]any{"type": "asset", "name": "n", "access": "public"}})
	if r.status != http.StatusTooManyRequests || r.header.Get("x-ratelimit-limit") != "10" || r.header.Get("x-ratelimit-window") != "60000" {
		t.Fatalf("11th create in a minute: %d %v", r.status, r.header)
	}
	clockOf(t, e).Advance(6 * time.Second) // the bucket leaks one call every 6 s
	createShare(t, e, map[string]any{"name": "n", "access": "public"})
}

func TestShareLinkPageAndOutOfBand(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	a := createUpload(t, e, root(e), "cut <v3>.mov", 1).id
	id := createShare(t, e, map[string]any{"name": "Review", "access": "secure", "asset_ids": []string{a}})
	s := mustShare(t, e, id)

	resp, err := http.Get(s.ShortURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<h1>Review</h1>") || !strings.Contains(string(body), "cut &lt;v3&gt;.mov") {
		t.Fatalf("short URL page: %d %s", resp.StatusCode, body)
	}
	if resp, err := http.Get(e.URL() + "/s/nope"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("unknown code: %v %v", resp, err)
	}

	if err := e.RenameShare(id, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if err := e.SetShareDownloading(id, false); err != nil {
		t.Fatal(err)
	}
	if err := e.AddShareReviewer(id, "Eve@Example.com"); err != nil {
		t.Fatal(err)
	}
	d := call(t, e, "GET", shareURL(e, id), nil).data()
	if d["name"] != "Renamed" || d["downloading_enabled"] != false || !slices.Equal(mustShare(t, e, id).Reviewers, []string{"eve@example.com"}) {
		t.Fatalf("after out-of-band edits %v %+v", d, mustShare(t, e, id))
	}
	if err := e.DeleteShare(id); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", shareURL(e, id), nil), 404)
	for _, err := range []error{e.DeleteShare(id), e.RenameShare(id, "x"), e.AddShareReviewer(id, "x@example.com")} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown share: %v", err)
		}
	}
}

// TestSharesByProjectAndAccount: a share belongs to a project, holds only that project's assets, is
// listed with it, and is not found through another account.
func TestSharesByProjectAndAccount(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	other, err := e.AddProject(DefaultWorkspaceID, "Other")
	if err != nil {
		t.Fatal(err)
	}
	mine := createUpload(t, e, root(e), "mine.mov", 1).id
	theirs := createUpload(t, e, other.RootFolderID, "theirs.mov", 1).id
	create := func(project string, assets ...string) reply {
		return call(t, e, "POST", acct(e)+"/projects/"+project+"/shares", map[string]any{"data": map[string]any{
			"type": "asset", "name": "n", "access": "public", "asset_ids": assets}})
	}
	if r := create(other.ID, mine); r.status != 422 || r.errPointer() != "/data/asset_ids/0" {
		t.Fatalf("an asset of another project: %d %s", r.status, r.raw)
	}
	r := create(other.ID, theirs)
	wantStatus(t, r, http.StatusCreated)
	id := r.data()["id"].(string)
	if s := mustShare(t, e, id); s.ProjectID != other.ID {
		t.Fatalf("project %s, want %s", s.ProjectID, other.ID)
	}
	if r := call(t, e, "POST", shareURL(e, id)+"/assets", map[string]any{"data": map[string]any{"asset_id": mine}}); r.status != 422 {
		t.Fatalf("adding an asset of another project: %d %s", r.status, r.raw)
	}
	for project, want := range map[string]int{e.Options().ProjectID: 0, other.ID: 1} {
		l := call(t, e, "GET", acct(e)+"/projects/"+project+"/shares", nil)
		if n := len(l.body["data"].([]any)); n != want {
			t.Errorf("project %s lists %d shares, want %d", project, n, want)
		}
	}

	acc2 := e.AddAccount("Second")
	ws2, _ := e.AddWorkspace(acc2, "W")
	p2, _ := e.AddProject(ws2, "P")
	if r := call(t, e, "POST", "/v4/accounts/"+e.Options().AccountID+"/projects/"+p2.ID+"/shares",
		map[string]any{"data": map[string]any{"type": "asset", "name": "n", "access": "public"}}); r.status != 404 {
		t.Fatalf("a project of another account: %d %s", r.status, r.raw)
	}
	if r := call(t, e, "GET", "/v4/accounts/"+acc2+"/shares/"+id, nil); r.status != 404 {
		t.Fatalf("a share through another account: %d %s", r.status, r.raw)
	}
}
