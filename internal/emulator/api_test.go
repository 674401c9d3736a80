package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Token: "s3cret"}))
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
	e := newTest(t, fast(Options{ProjectName: "P"}))
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
	e := newTest(t, fast(Options{}))
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
	// Off: the cases call local_upload (5/s) many times on a clock that does not move, and each must reach
	// validation; TestRateLimits covers enforcement.
	e := newTest(t, fast(Options{NoRateLimits: true}))
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

func TestRateLimits(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{})) // enforced by default, as by the service
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
	clockOf(t, e).Advance(250 * time.Millisecond)
	wantStatus(t, call(t, e, "GET", path, nil), 200)

	e.SetRateLimits(false)
	for i := 0; i < 10; i++ {
		wantStatus(t, call(t, e, "GET", path, nil), 200)
	}

	// NoRateLimits: never enforced, the headers still sent.
	off := newTest(t, fast(Options{NoRateLimits: true}))
	for i := 0; i < 10; i++ {
		r := call(t, off, "GET", "/v4/me", nil)
		wantStatus(t, r, 200)
		if r.header.Get("x-ratelimit-limit") != "100" {
			t.Fatalf("NoRateLimits: headers %v", r.header)
		}
	}
	for i := 0; i < 10; i++ {
		wantStatus(t, call(t, off, "GET", acct(off)+"/folders/"+root(off)+"/files", nil), 200)
	}
}

func TestFailOperationAnyAPI(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	// As the service documents it: a 429 without Retry-After.
	e.FailOperation(OpAnyAPI, 1, 429)
	if r := call(t, e, "GET", "/v4/me", nil); r.status != 429 || r.header.Values("Retry-After") != nil {
		t.Fatalf("injected 429: %d %v", r.status, r.header)
	}
	// With a Retry-After, for the clients' tests that it is honoured when present.
	e.FailOperation(OpAnyAPI, 2, 429, WithRetryAfter(1500*time.Millisecond))
	for i := 0; i < 2; i++ {
		r := call(t, e, "GET", "/v4/me", nil)
		if r.status != 429 || r.header.Get("Retry-After") != "2" || r.header.Get("x-ratelimit-remaining") != "0" {
			t.Fatalf("call %d: %d %v", i, r.status, r.header)
		}
	}
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 200)
	e.FailOperation(OpAnyAPI, 1, 502)
	r := call(t, e, "GET", "/v4/accounts", nil)
	if r.status != 502 || r.errTitle() != "Bad Gateway" {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	wantStatus(t, call(t, e, "GET", "/v4/accounts", nil), 200)
	// Unauthenticated calls do not consume faults.
	e.FailOperation(OpAnyAPI, 1, 500)
	wantStatus(t, callWith(t, e, "GET", "/v4/me", nil, ""), 401)
	wantStatus(t, call(t, e, "GET", "/v4/me", nil), 500)
}

func TestLatency(t *testing.T) {
	t.Parallel()
	// Latency is real time (it models the network, which no Clock steps). A second of it leaves room for
	// a generous upper bound once it is off: a loaded machine does not make a local call take 500ms.
	e := newTest(t, fast(Options{Latency: time.Second}))
	start := time.Now()
	call(t, e, "GET", "/v4/me", nil)
	if d := time.Since(start); d < time.Second {
		t.Fatalf("with 1s latency the call took %s", d)
	}
	e.SetLatency(0)
	start = time.Now()
	call(t, e, "GET", "/v4/me", nil)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("with the latency off the call took %s", d)
	}
}

func TestRequestsLog(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
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
	// Literals, not the constants under test: 20,000,000 is the chunk size of the document's examples.
	if o.PartSize != 20_000_000 || o.URLExpiry != time.Hour || o.Token != "emulator-token" {
		t.Fatalf("defaults %+v", o)
	}
}

// SetRateLimitScale serves every limit n times the documented one, in the headers and in what is
// enforced, until it is set back; then the documented limit holds from an empty bucket.
func TestRateLimitScale(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	path := acct(e) + "/folders/" + root(e) + "/files" // 5 per second
	e.SetRateLimitScale(4)
	for i := range 20 {
		r := call(t, e, "GET", path, nil)
		wantStatus(t, r, 200)
		if r.header.Get("x-ratelimit-limit") != "20" || r.header.Get("x-ratelimit-window") != "1000" {
			t.Fatalf("call %d at scale 4: headers %v", i, r.header)
		}
	}
	// The bucket leaks on real time (the TestClock flows), so on a slow machine a slot or two may have
	// drained since: a burst soon meets the limit, not exactly at call 21.
	if n := callsUntil429(t, e, path, 60); n < 0 {
		t.Fatalf("no 429 in 60 more calls at scale 4 (20 per second)")
	}
	e.SetRateLimitScale(1) // the buckets start empty again
	for range 5 {
		r := call(t, e, "GET", path, nil)
		if r.header.Get("x-ratelimit-limit") != "5" {
			t.Fatalf("documented again: headers %v", r.header)
		}
		wantStatus(t, r, 200)
	}
	if n := callsUntil429(t, e, path, 15); n < 0 {
		t.Fatalf("no 429 in 15 more calls at the documented 5 per second")
	}
}

// callsUntil429 calls GET path up to max times and returns how many calls it took to draw a 429, or -1.
func callsUntil429(t *testing.T, e *Emulator, path string, max int) int {
	t.Helper()
	for i := 1; i <= max; i++ {
		if r := call(t, e, "GET", path, nil); r.status == 429 {
			return i
		}
	}
	return -1
}
