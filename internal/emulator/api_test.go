package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{Token: "s3cret"}))
	for _, c := range []struct {
		name, auth string
		old        bool
	}{
		{"missing", "", false},
		{"wrong token", "Bearer nope", false},
		{"malformed", "s3cret", true},
		{"basic", "Basic czNjcmV0", true},
	} {
		r := callWith(t, e, "GET", "/v4/me", nil, c.auth)
		if r.status != 401 {
			t.Errorf("%s: status %d", c.name, r.status)
		}
		if c.old {
			errObj, _ := r.body["error"].(map[string]any)
			if errObj["detail"] != "Malformed token." {
				t.Errorf("%s: body %s", c.name, r.raw)
			}
		} else if r.errTitle() != "Unauthorized" {
			t.Errorf("%s: body %s", c.name, r.raw)
		}
		if r.header.Get("x-ratelimit-limit") == "" {
			t.Errorf("%s: no rate limit headers", c.name)
		}
	}
	r := callWith(t, e, "GET", "/v4/me", nil, "Bearer s3cret")
	wantStatus(t, r, 200)
	if r.data()["email"] == nil {
		t.Fatalf("me: %s", r.raw)
	}
	// The token never goes to S3 is the client's job, but the API must not accept it in the query.
	r = callWith(t, e, "GET", "/v4/me?access_token=s3cret", nil, "")
	wantStatus(t, r, 401)
}

func TestAccountProjectAndHeaders(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{ProjectName: "P"}))
	r := call(t, e, "GET", "/v4/accounts", nil)
	wantStatus(t, r, 200)
	accts := r.body["data"].([]any)
	if len(accts) != 1 || accts[0].(map[string]any)["id"] != DefaultAccountID {
		t.Fatalf("accounts: %s", r.raw)
	}
	if _, ok := r.body["links"].(map[string]any); !ok {
		t.Fatal("no links")
	}
	for _, h := range []string{"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-window"} {
		if r.header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	r = call(t, e, "GET", acct(e)+"/projects/"+DefaultProjectID, nil)
	wantStatus(t, r, 200)
	d := r.data()
	for k, v := range map[string]any{"id": DefaultProjectID, "name": "P", "root_folder_id": DefaultRootFolderID, "workspace_id": DefaultWorkspaceID, "status": "active"} {
		if d[k] != v {
			t.Errorf("project %s = %v, want %v", k, d[k], v)
		}
	}
	for _, k := range []string{"view_url", "created_at", "updated_at"} {
		if d[k] == nil {
			t.Errorf("project lacks %s", k)
		}
	}
	// Every property the schema (ProjectWithIncludes) requires is present, nullable ones as null.
	for _, k := range []string{"id", "name", "status", "storage", "workspace_id", "root_folder_id", "created_at", "updated_at", "view_url", "description"} {
		if _, ok := d[k]; !ok {
			t.Errorf("project lacks required %s: %s", k, r.raw)
		}
	}
	if v, ok := d["description"]; !ok || v != nil {
		t.Errorf("project description = %v, want null", v)
	}
	if _, err := time.Parse(time.RFC3339Nano, d["created_at"].(string)); err != nil || len(d["created_at"].(string)) != len("2006-01-02T15:04:05.000000Z") {
		t.Errorf("timestamp %q", d["created_at"])
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	adobe := "adobe:abc%7C2" // adobe:abc|2
	paths := []string{
		"/v4/accounts/nope/projects/" + DefaultProjectID,
		"/v4/accounts/adobe:abc%7C2/folders/" + DefaultRootFolderID,
		acct(e) + "/projects/nope",
		acct(e) + "/files/" + adobe,
		acct(e) + "/files/" + adobe + "/status",
		acct(e) + "/folders/" + adobe,
		acct(e) + "/folders/" + adobe + "/files",
		acct(e) + "/folders/" + newID() + "/children",
		"/v4/nothing/here",
	}
	for _, p := range paths {
		r := call(t, e, "GET", p, nil)
		if r.status != 404 || len(r.body["errors"].([]any)) != 1 {
			t.Errorf("GET %s: %d %s", p, r.status, r.raw)
		}
	}
	r := call(t, e, "GET", acct(e)+"/files/"+adobe, nil)
	if !strings.Contains(string(r.raw), `adobe:abc|2`) {
		t.Errorf("escaped id not decoded: %s", r.raw)
	}
	reqs := e.Requests()
	last := reqs[len(reqs)-1]
	if last.Path != acct(e)+"/files/adobe:abc|2" || !strings.Contains(last.RawPath, "%7C") {
		t.Errorf("request log %+v", last)
	}
	r = call(t, e, "POST", acct(e)+"/folders/"+adobe+"/files/local_upload", map[string]any{"data": map[string]any{"name": "a", "file_size": 1}})
	wantStatus(t, r, 404)
	r = call(t, e, "DELETE", acct(e)+"/files/"+newID(), nil)
	wantStatus(t, r, 404)
}

func TestValidation(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	lu := acct(e) + "/folders/" + root(e) + "/files/local_upload"
	ru := acct(e) + "/folders/" + root(e) + "/files/remote_upload"
	long := strings.Repeat("é", 256)
	cases := []struct {
		name, path string
		body       any
		status     int
		pointer    string
	}{
		{"file_size 0", lu, map[string]any{"data": map[string]any{"name": "a", "file_size": 0}}, 422, "/data/file_size"},
		{"file_size too big", lu, map[string]any{"data": map[string]any{"name": "a", "file_size": 5_000_000_000_001}}, 422, "/data/file_size"},
		{"file_size string", lu, map[string]any{"data": map[string]any{"name": "a", "file_size": "1"}}, 422, "/data/file_size"},
		{"file_size fraction", lu, `{"data":{"name":"a","file_size":1.5}}`, 422, "/data/file_size"},
		{"missing file_size", lu, map[string]any{"data": map[string]any{"name": "a"}}, 422, "/data/file_size"},
		{"unknown field", lu, map[string]any{"data": map[string]any{"name": "a", "file_size": 1, "parent_id": "x"}}, 422, "/data/parent_id"},
		{"unknown top-level field", lu, map[string]any{"data": map[string]any{"name": "a", "file_size": 1}, "meta": 1}, 422, "/meta"},
		{"name too long", lu, map[string]any{"data": map[string]any{"name": long, "file_size": 1}}, 422, "/data/name"},
		{"empty name", lu, map[string]any{"data": map[string]any{"name": "", "file_size": 1}}, 422, "/data/name"},
		{"not wrapped", lu, map[string]any{"name": "a", "file_size": 1}, 422, "/file_size"},
		{"data not object", lu, map[string]any{"data": []any{}}, 422, "/data"},
		{"invalid JSON", lu, `{"data":`, 400, ""},
		{"empty body", lu, ``, 422, "/data"},
		{"bad source_url", ru, map[string]any{"data": map[string]any{"name": "a", "source_url": "ftp://x/y"}}, 422, "/data/source_url"},
		{"relative source_url", ru, map[string]any{"data": map[string]any{"name": "a", "source_url": "/files/a"}}, 422, "/data/source_url"},
		{"rename unknown field", acct(e) + "/folders/" + root(e), map[string]any{"data": map[string]any{"parent_id": "x"}}, 422, "/data/parent_id"},
	}
	for _, c := range cases {
		method := "POST"
		if strings.HasSuffix(c.path, root(e)) {
			method = "PATCH"
		}
		r := call(t, e, method, c.path, c.body)
		if r.status != c.status || r.errPointer() != c.pointer {
			t.Errorf("%s: %d pointer %q, want %d %q: %s", c.name, r.status, r.errPointer(), c.status, c.pointer, r.raw)
		}
	}
	// Exactly 255 characters is fine, and so is the top of the size range.
	r := call(t, e, "POST", lu, map[string]any{"data": map[string]any{"name": strings.Repeat("é", 255), "file_size": 1}})
	wantStatus(t, r, 201)
	// Content-Type must be JSON: a documented 422 (not 415, which the API does not list).
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded"} {
		req, _ := http.NewRequest("POST", e.URL()+lu, strings.NewReader(`{"data":{"name":"a","file_size":1}}`))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := httpc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Errors []struct{ Detail, Title string } `json:"errors"`
		}
		derr := json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || derr != nil || len(body.Errors) != 1 ||
			!strings.Contains(body.Errors[0].Detail, "content-type") {
			t.Errorf("content type %q: %d %+v %v", ct, resp.StatusCode, body, derr)
		}
	}
	if len(e.Files()) != 1 {
		t.Errorf("invalid requests created files: %d", len(e.Files()))
	}
}

func TestDelayedCompletionAndStatusTransitions(t *testing.T) {
	t.Parallel()
	e := NewTest(t, Options{ProcessingDelay: 300 * time.Millisecond, TranscodeDelay: 300 * time.Millisecond})
	content := []byte("hello, world")
	u := createUpload(t, e, root(e), "hello.txt", int64(len(content)))
	if u.mediaType != "text/plain" {
		t.Fatalf("media type %q", u.mediaType)
	}
	fileStatus := func() string {
		r := call(t, e, "GET", acct(e)+"/files/"+u.id, nil)
		wantStatus(t, r, 200)
		return r.data()["status"].(string)
	}
	st := call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data()
	if st["upload_complete"] != false || st["uploaded_at"] != nil || st["upload_completed_at"] != nil || st["filetype"] != "text/plain" {
		t.Fatalf("before upload: %v", st)
	}
	uploadAll(t, u, content)
	landed := time.Now()
	st = call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data()
	if st["upload_complete"] != false || fileStatus() != "created" {
		t.Fatalf("complete too early: %v", st)
	}
	st = waitStatus(t, e, u.id, 3*time.Second, complete)
	if time.Since(landed) < 250*time.Millisecond {
		t.Fatalf("completed after %s", time.Since(landed))
	}
	if st["upload_failed"] != false || st["uploaded_at"] == nil || st["upload_completed_at"] == nil {
		t.Fatalf("complete status %v", st)
	}
	if s := fileStatus(); s != "uploaded" {
		t.Fatalf("status %q, want uploaded", s)
	}
	time.Sleep(350 * time.Millisecond)
	if s := fileStatus(); s != "transcoded" {
		t.Fatalf("status %q, want transcoded", s)
	}
	f, _ := e.File(u.id)
	sum := sha256.Sum256(content)
	if !f.UploadComplete || f.Status != "transcoded" || f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("snapshot %+v", f)
	}
}

func TestNeverCompleteAndUploadFails(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	e.SetNeverComplete(true)
	u := createUpload(t, e, root(e), "a.txt", 3)
	uploadAll(t, u, []byte("abc"))
	time.Sleep(150 * time.Millisecond)
	st := call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data()
	if st["upload_complete"] != false || st["upload_failed"] != false {
		t.Fatalf("never complete: %v", st)
	}
	e.SetNeverComplete(false)
	waitStatus(t, e, u.id, 3*time.Second, complete)

	e.SetUploadFails(true)
	u2 := createUpload(t, e, root(e), "b.txt", 3)
	uploadAll(t, u2, []byte("abc"))
	st = waitStatus(t, e, u2.id, 3*time.Second, func(d map[string]any) bool { return d["upload_failed"] == true })
	if st["upload_complete"] != false {
		t.Fatalf("failed and complete: %v", st)
	}
	if f, _ := e.File(u2.id); !f.UploadFailed || f.Status != "created" {
		t.Fatalf("snapshot %+v", f)
	}
}

func TestRemoteUpload(t *testing.T) {
	t.Parallel()
	content := randBytes(50_000)
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.mp4":
			_, _ = w.Write(content)
		case "/huge.mp4":
			w.Header().Set("Content-Length", "60000000000")
			w.WriteHeader(200)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(src.Close)
	e := NewTest(t, fast(Options{}))
	ru := acct(e) + "/folders/" + root(e) + "/files/remote_upload"

	r := call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "ok.mp4", "source_url": src.URL + "/ok.mp4"}})
	wantStatus(t, r, http.StatusAccepted)
	id := r.data()["id"].(string)
	links := r.body["links"].(map[string]any)
	if links["status"] != acct(e)+"/files/"+id+"/status" || r.data()["media_type"] != "video/mp4" {
		t.Fatalf("reply %s", r.raw)
	}
	waitStatus(t, e, id, 5*time.Second, complete)
	f, _ := e.File(id)
	sum := sha256.Sum256(content)
	if !f.Remote || f.Size != int64(len(content)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.SourceURL != src.URL+"/ok.mp4" {
		t.Fatalf("snapshot %+v", f)
	}
	if d := call(t, e, "GET", acct(e)+"/files/"+id, nil).data(); d["file_size"] != float64(len(content)) {
		t.Fatalf("file_size %v", d["file_size"])
	}

	for _, p := range []string{"/missing.mp4", "/huge.mp4"} {
		r = call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "x.mp4", "source_url": src.URL + p}})
		wantStatus(t, r, http.StatusAccepted)
		id = r.data()["id"].(string)
		st := waitStatus(t, e, id, 5*time.Second, func(d map[string]any) bool { return d["upload_failed"] == true })
		if st["upload_complete"] != false {
			t.Fatalf("%s: %v", p, st)
		}
	}
}

func TestRemoteUploadFromServeDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writeFile(dir+"/clip.mov", []byte("movie")); err != nil {
		t.Fatal(err)
	}
	e := NewTest(t, fast(Options{ServeDir: dir}))
	resp, err := httpc.Head(e.URL() + "/files/clip.mov")
	if err != nil || resp.StatusCode != 200 || resp.ContentLength != 5 {
		t.Fatalf("HEAD: %v %v", err, resp)
	}
	r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/files/remote_upload",
		map[string]any{"data": map[string]any{"name": "clip.mov", "source_url": e.URL() + "/files/clip.mov"}})
	wantStatus(t, r, 202)
	waitStatus(t, e, r.data()["id"].(string), 5*time.Second, complete)
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{RateLimits: true}))
	u := createUpload(t, e, root(e), "a.txt", 1)
	path := acct(e) + "/files/" + u.id + "/status"
	var last reply
	got429 := false
	for i := 0; i < 8 && !got429; i++ {
		last = call(t, e, "GET", path, nil)
		if last.status == 429 {
			got429 = true
		} else if last.header.Get("x-ratelimit-limit") != "5" || last.header.Get("x-ratelimit-window") != "1000" {
			t.Fatalf("headers %v", last.header)
		}
	}
	if !got429 {
		t.Fatal("no 429 after 8 rapid status calls (limit 5/s)")
	}
	if last.header.Get("x-ratelimit-remaining") != "0" || last.header.Get("Retry-After") != "" || last.errTitle() == "" {
		t.Fatalf("429 reply: %v %s", last.header, last.raw)
	}
	// Other endpoints have their own buckets.
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+u.id, nil), 200)
	// ... with the documented limits, one bucket per operation (the two project lists are two).
	for _, c := range []struct{ path, limit, window, remaining string }{
		{acct(e) + "/projects", "100", "60000", "99"},
		{acct(e) + "/workspaces/" + DefaultWorkspaceID + "/projects", "100", "60000", "99"},
		{acct(e) + "/folders/" + root(e) + "/children", "100", "60000", "99"},
		{acct(e) + "/folders/" + root(e) + "/folders", "5", "1000", "4"},
		{acct(e) + "/folders/" + root(e) + "/files", "5", "1000", "4"},
		{"/v4/me", "100", "60000", "99"},
	} {
		r := call(t, e, "GET", c.path, nil)
		wantStatus(t, r, 200)
		if h := r.header; h.Get("x-ratelimit-limit") != c.limit || h.Get("x-ratelimit-window") != c.window ||
			h.Get("x-ratelimit-remaining") != c.remaining {
			t.Errorf("GET %s: limit %s window %s remaining %s, want %s %s %s", c.path, h.Get("x-ratelimit-limit"),
				h.Get("x-ratelimit-window"), h.Get("x-ratelimit-remaining"), c.limit, c.window, c.remaining)
		}
	}
	// The bucket leaks: a call fits again after 1/5 s.
	time.Sleep(250 * time.Millisecond)
	wantStatus(t, call(t, e, "GET", path, nil), 200)

	e.SetRateLimits(false)
	for i := 0; i < 10; i++ {
		wantStatus(t, call(t, e, "GET", path, nil), 200)
	}
}

func TestRateLimitNextAndFailNextAPI(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	e.RateLimitNext(2, 1500*time.Millisecond)
	for i := 0; i < 2; i++ {
		r := call(t, e, "GET", "/v4/me", nil)
		if r.status != 429 || r.header.Get("Retry-After") != "2" || r.header.Get("x-ratelimit-remaining") != "0" {
			t.Fatalf("call %d: %d %v", i, r.status, r.header)
		}
	}
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)
	e.FailNextAPI(1, 502)
	r := call(t, e, "GET", "/v4/accounts", nil)
	if r.status != 502 || r.errTitle() != "Bad Gateway" {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	wantStatus(t, call(t, e, "GET", "/v4/accounts", nil), 200)
	// Unauthenticated calls do not consume faults.
	e.FailNextAPI(1, 500)
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, ""), 401)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 500)
}

func TestLatency(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{Latency: 100 * time.Millisecond}))
	start := time.Now()
	call(t, e, "GET", "/v4/me", nil)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("took %s", d)
	}
	e.SetLatency(0)
	start = time.Now()
	call(t, e, "GET", "/v4/me", nil)
	if d := time.Since(start); d > 90*time.Millisecond {
		t.Fatalf("took %s", d)
	}
}

func TestFoldersCRUDAndPagination(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	fp := acct(e) + "/folders/"
	r := call(t, e, "POST", fp+root(e)+"/folders", map[string]any{"data": map[string]any{"name": "A"}})
	wantStatus(t, r, 201)
	a := r.data()
	if a["type"] != "folder" || a["parent_id"] != root(e) || a["project_id"] != DefaultProjectID || a["view_url"] == nil {
		t.Fatalf("folder %s", r.raw)
	}
	aid := a["id"].(string)
	r = call(t, e, "PATCH", fp+aid, map[string]any{"data": map[string]any{"name": "A2"}})
	wantStatus(t, r, 200)
	if r.data()["name"] != "A2" {
		t.Fatal("rename")
	}
	b := call(t, e, "POST", fp+root(e)+"/folders", map[string]any{"data": map[string]any{"name": "B"}}).data()["id"].(string)
	wantStatus(t, call(t, e, "PATCH", fp+b+"/move", map[string]any{"data": map[string]any{"parent_id": aid}}), 200)
	r = call(t, e, "PATCH", fp+aid+"/move", map[string]any{"data": map[string]any{"parent_id": b}})
	if r.status != 422 {
		t.Fatalf("move into own child: %d", r.status)
	}

	// 3 folders + 4 files in A, listed in creation order, 2 per page.
	var want []string
	for i := 0; i < 7; i++ {
		if i%2 == 0 && i < 6 {
			want = append(want, call(t, e, "POST", fp+aid+"/folders", map[string]any{"data": map[string]any{"name": fmt.Sprint("f", i)}}).data()["id"].(string))
		} else {
			want = append(want, createUpload(t, e, aid, fmt.Sprint("file", i, ".txt"), 1).id)
		}
	}
	want = append([]string{b}, want...)
	collect := func(path string) []string {
		var ids []string
		for page := 0; path != ""; page++ {
			r := call(t, e, "GET", path, nil)
			wantStatus(t, r, 200)
			for _, x := range r.body["data"].([]any) {
				ids = append(ids, x.(map[string]any)["id"].(string))
			}
			next, _ := r.body["links"].(map[string]any)["next"].(string)
			if next != "" && (strings.Contains(next, "page_size") || !strings.HasPrefix(next, "/v4/")) {
				t.Fatalf("next link %q", next)
			}
			path = ""
			if next != "" {
				path = next + "&page_size=2"
			}
			if page > 20 {
				t.Fatal("pagination does not end")
			}
		}
		return ids
	}
	if got := collect(fp + aid + "/children?page_size=2"); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("children %v, want %v", got, want)
	}
	files := collect(fp + aid + "/files?page_size=2")
	folders := collect(fp + aid + "/folders?page_size=2")
	if len(files) != 4 || len(folders) != 4 {
		t.Fatalf("files %d folders %d", len(files), len(folders))
	}
	// The type filter of children takes one kind or a comma-separated list (the documented example
	// is "file,folder,version_stack").
	for q, n := range map[string]int{"type=file": 4, "type=folder": 4, "type=file,folder": 8,
		"type=file,%20folder,version_stack": 8, "type=version_stack": 0, "type=": 8} {
		r := call(t, e, "GET", fp+aid+"/children?"+q, nil)
		wantStatus(t, r, 200)
		if got := len(r.body["data"].([]any)); got != n {
			t.Errorf("children?%s: %d items, want %d", q, got, n)
		}
	}
	for _, q := range []string{"type=asset", "type=file,asset", "type=file,"} {
		if r := call(t, e, "GET", fp+aid+"/children?"+q, nil); r.status != 422 || r.errPointer() != "/type" {
			t.Errorf("children?%s: %d %s", q, r.status, r.raw)
		}
	}
	r = call(t, e, "GET", fp+aid+"/files?include_total_count=true", nil)
	if r.body["total_count"] != float64(4) || r.body["links"].(map[string]any)["next"] != nil {
		t.Fatalf("total: %s", r.raw)
	}
	for _, q := range []string{"page_size=0", "page_size=501", "page_size=x", "after=garbage"} {
		if r := call(t, e, "GET", fp+aid+"/files?"+q, nil); r.status != 422 {
			t.Errorf("%s: %d", q, r.status)
		}
	}
	if r := call(t, e, "GET", "/v4/accounts?page_size=101", nil); r.status != 422 {
		t.Errorf("accounts page_size 101: %d", r.status)
	}

	// Delete A: everything below goes.
	r = call(t, e, "DELETE", fp+aid, nil)
	if r.status != 204 || len(r.raw) != 0 {
		t.Fatalf("delete: %d %q", r.status, r.raw)
	}
	wantStatus(t, call(t, e, "GET", fp+b, nil), 404)
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+files[0], nil), 404)
	if len(e.Files()) != 0 || len(e.Folders()) != 1 {
		t.Fatalf("left: %v %v", e.Files(), e.Folders())
	}
	wantStatus(t, call(t, e, "DELETE", fp+root(e), nil), 403)
	wantStatus(t, call(t, e, "GET", fp+root(e), nil), 200)
}

func TestFileRenameMoveDelete(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.png", 10)
	p := acct(e) + "/files/" + u.id
	r := call(t, e, "PATCH", p, map[string]any{"data": map[string]any{"name": "b.png"}})
	wantStatus(t, r, 200)
	d := r.data()
	for k, v := range map[string]any{"name": "b.png", "type": "file", "file_size": float64(10), "media_type": "image/png", "status": "created", "project_id": DefaultProjectID, "parent_id": root(e)} {
		if d[k] != v {
			t.Errorf("%s = %v, want %v", k, d[k], v)
		}
	}
	if _, ok := d["upload_urls"]; ok {
		t.Error("upload_urls in a show/update reply")
	}
	wantStatus(t, call(t, e, "PATCH", p, map[string]any{"data": map[string]any{"file_size": 3}}), 422)
	dest, _ := e.AddFolder("", "dest")
	r = call(t, e, "PATCH", p+"/move", map[string]any{"data": map[string]any{"parent_id": dest}})
	wantStatus(t, r, 200)
	if r.data()["parent_id"] != dest {
		t.Fatal("move")
	}
	wantStatus(t, call(t, e, "PATCH", p+"/move", map[string]any{"data": map[string]any{"parent_id": newID()}}), 404)
	r = call(t, e, "DELETE", p, nil)
	if r.status != 204 {
		t.Fatalf("delete %d", r.status)
	}
	wantStatus(t, call(t, e, "GET", p, nil), 404)
	if res := putPart(t, u.parts[0].url, u.mediaType, make([]byte, 10), nil); res.status != 404 || res.code != "NoSuchUpload" {
		t.Fatalf("PUT to deleted upload: %d %s", res.status, res.body)
	}
}

func TestOutOfBandHelpers(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 1)
	fid, err := e.AddFolder(root(e), "side")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.RenameFile(u.id, "renamed.txt"); err != nil {
		t.Fatal(err)
	}
	if err := e.MoveFile(u.id, fid); err != nil {
		t.Fatal(err)
	}
	d := call(t, e, "GET", acct(e)+"/files/"+u.id, nil).data()
	if d["name"] != "renamed.txt" || d["parent_id"] != fid {
		t.Fatalf("%v", d)
	}
	r := call(t, e, "GET", acct(e)+"/folders/"+fid+"/files", nil)
	if len(r.body["data"].([]any)) != 1 {
		t.Fatalf("list %s", r.raw)
	}
	fs := e.Folders()
	if len(fs) != 2 || fs[0].ID != root(e) || fs[0].ParentID != "" || fs[1] != (Folder{ID: fid, Name: "side", ParentID: root(e)}) {
		t.Fatalf("folders %+v", fs)
	}
	if err := e.DeleteFile(u.id); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", acct(e)+"/files/"+u.id, nil), 404)
	for _, err := range []error{e.DeleteFile(u.id), e.RenameFile("x", "y"), e.MoveFile("x", fid), e.MoveFile(u.id, "nope")} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("err %v", err)
		}
	}
	if _, err := e.AddFolder("nope", "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddFolder: %v", err)
	}
	if _, ok := e.File(u.id); ok {
		t.Error("File() after delete")
	}
}

func TestRequestsLog(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	e.ResetRequests()
	u := createUpload(t, e, root(e), "a.txt", 1)
	uploadAll(t, u, []byte("x"))
	reqs := e.Requests()
	if len(reqs) != 2 || reqs[0].S3 || !reqs[1].S3 || reqs[1].Method != "PUT" || reqs[1].Status != 200 ||
		reqs[0].Status != 201 || reqs[0].Header.Get("Authorization") == "" || reqs[1].Header.Get("x-amz-acl") != "private" {
		t.Fatalf("%+v", reqs)
	}
	e.ResetRequests()
	if len(e.Requests()) != 0 {
		t.Fatal("reset")
	}
}

func TestNewAsHandler(t *testing.T) {
	t.Parallel()
	e := New(fast(Options{}))
	srv := httptest.NewServer(e)
	t.Cleanup(func() { srv.Close(); _ = e.Close() })
	req, _ := http.NewRequest("POST", srv.URL+acct(e)+"/folders/"+root(e)+"/files/local_upload",
		strings.NewReader(`{"data":{"name":"a.txt","file_size":2}}`))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 || e.URL() != srv.URL {
		t.Fatalf("%d %q %q", resp.StatusCode, e.URL(), srv.URL)
	}
	o := e.Options()
	if o.PartSize != DefaultPartSize || o.URLExpiry != time.Hour || o.Token != DefaultToken {
		t.Fatalf("defaults %+v", o)
	}
}
