package emulator

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestEveryRouteHasARateLimit(t *testing.T) {
	t.Parallel()
	limits := RateLimits()
	ops, patterns := map[string]bool{}, map[string]bool{}
	for _, rt := range Routes() {
		if lim, ok := limits[rt.OperationID]; !ok || lim.N < 1 || lim.Window <= 0 {
			t.Errorf("%s %s (%s): rate limit %+v, found %v", rt.Method, rt.Pattern, rt.OperationID, lim, ok)
		}
		if ops[rt.OperationID] {
			t.Errorf("operation %s routed twice", rt.OperationID)
		}
		ops[rt.OperationID] = true
		if k := rt.Method + " " + rt.Pattern; patterns[k] || !strings.HasPrefix(rt.Pattern, "/v4/") {
			t.Errorf("route %s duplicated or outside /v4/", k)
		}
		patterns[rt.Method+" "+rt.Pattern] = true
	}
	for op := range limits {
		if !ops[op] {
			t.Errorf("rate limit for %s, which is no route", op)
		}
	}
}

func TestRoutesAndRateLimitsAreCopies(t *testing.T) {
	t.Parallel()
	rs := Routes()
	want := rs[0]
	rs[0].Pattern = "/changed"
	if Routes()[0] != want {
		t.Errorf("Routes() shares its table: %+v", Routes()[0])
	}
	ls := RateLimits()
	ls["users.show"] = RateLimit{1, time.Hour}
	delete(ls, "files.show")
	if l := RateLimits(); l["users.show"] != (RateLimit{100, time.Minute}) || l["files.show"] != (RateLimit{10, time.Second}) {
		t.Errorf("RateLimits() shares its map: %v", l)
	}
}

// TestEveryRouteIsServed calls each route, with ids that exist, and checks that it reaches its own
// handler: no "No route found", and the x-ratelimit-* headers of its own operation's limit.
func TestEveryRouteIsServed(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 1)
	folder, err := e.AddFolder("", "f")
	if err != nil {
		t.Fatal(err)
	}
	stack, err := e.StackFiles(folder, createUpload(t, e, folder, "v1.mov", 1).id, createUpload(t, e, folder, "v2.mov", 1).id)
	if err != nil {
		t.Fatal(err)
	}
	sh := createShare(t, e, map[string]any{"name": "s", "access": "secure", "asset_ids": []string{u.id}})
	field, err := e.AddFieldDefinition("", "Status", "text", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	ids := strings.NewReplacer("{field_definition_id}", field, "{account_id}", DefaultAccountID, "{workspace_id}", DefaultWorkspaceID,
		"{project_id}", DefaultProjectID, "{folder_id}", folder, "{file_id}", u.id, "{version_stack_id}", stack,
		"{share_id}", sh, "{asset_id}", u.id)
	limits := RateLimits()
	for _, rt := range Routes() {
		p := ids.Replace(rt.Pattern)
		if strings.Contains(p, "{") {
			t.Fatalf("%s: wildcard without a test id", rt.Pattern)
		}
		var body any
		if rt.Method == "POST" || rt.Method == "PATCH" {
			body = map[string]any{"data": map[string]any{}} // the handler may refuse it (422): still its reply
		}
		r := call(t, e, rt.Method, p, body)
		lim := limits[rt.OperationID]
		if strings.HasPrefix(r.errDetail(), "No route found") ||
			r.header.Get("x-ratelimit-limit") != strconv.Itoa(lim.N) ||
			r.header.Get("x-ratelimit-window") != strconv.FormatInt(lim.Window.Milliseconds(), 10) {
			t.Errorf("%s %s (%s): %d %v %s", rt.Method, p, rt.OperationID, r.status, r.header, r.raw)
		}
	}
}

// TestUnroutedCalls: another method on a known path, HEAD on a GET route, and paths that are not
// canonical are all 404 "No route found" (no 405, no redirect), with the headers of no bucket.
func TestUnroutedCalls(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 1)
	file := acct(e) + "/files/" + u.id
	for _, c := range []struct{ method, path string }{
		{"PUT", file},
		{"POST", "/v4/me"},
		{"HEAD", "/v4/me"},
		{"GET", "/v4"},
		{"GET", "/v4/"},
		{"GET", "/v4/me/"},
		{"GET", acct(e) + "/files/"},
		{"GET", acct(e) + "/files//status"},
		{"GET", file + "/./status"},
		{"GET", acct(e) + "/files/x/../" + u.id},
	} {
		r := call(t, e, c.method, c.path, nil)
		if r.status != 404 || r.header.Get("x-ratelimit-limit") != "100" || r.header.Get("x-ratelimit-remaining") != "100" {
			t.Errorf("%s %s: %d %v %s", c.method, c.path, r.status, r.header, r.raw)
		}
		if c.method != "HEAD" && r.errDetail() != "No route found for "+c.method+" "+c.path {
			t.Errorf("%s %s: %s", c.method, c.path, r.raw)
		}
	}
	if got := len(e.Requests()); got != 11 { // the upload and one request per call: no redirect followed
		t.Errorf("%d requests logged, want 11", got)
	}
}

// TestEscapedPathSegments: a segment is unescaped on its own, so an escaped slash stays inside the id.
func TestEscapedPathSegments(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	for id, want := range map[string]string{"a%2Fb": `file "a/b" not found`, "adobe:abc%7C2": `file "adobe:abc|2" not found`} {
		r := call(t, e, "GET", acct(e)+"/files/"+id+"/status", nil)
		if r.status != 404 || r.errDetail() != want {
			t.Errorf("%s: %d %s", id, r.status, r.raw)
		}
	}
	if r := call(t, e, "GET", "/v4/accounts/"+url.PathEscape(DefaultAccountID+"/x")+"/projects", nil); r.status != 404 ||
		r.errDetail() != `account "`+DefaultAccountID+`/x" not found` {
		t.Errorf("escaped slash in the account: %d %s", r.status, r.raw)
	}
}
