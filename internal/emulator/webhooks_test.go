package emulator

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func webhooksURL(e *Emulator, workspaceID string) string {
	return acct(e) + "/workspaces/" + workspaceID + "/webhooks"
}

func webhookURL(e *Emulator, id string) string { return acct(e) + "/webhooks/" + id }

// createWebhook creates a webhook in the default workspace and returns the create reply's data.
func createWebhook(t testing.TB, e *Emulator, name, url string, events ...string) map[string]any {
	t.Helper()
	r := call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), map[string]any{"data": map[string]any{
		"name": name, "url": url, "events": events}})
	wantStatus(t, r, http.StatusCreated)
	return r.data()
}

func TestWebhookLifecycle(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	d := createWebhook(t, e, "Ingest", "https://hooks.example.com/frameio", "file.ready", "comment.created")
	id, _ := d["id"].(string)
	secret, _ := d["secret"].(string)
	if id == "" || len(secret) < 32 || d["name"] != "Ingest" || d["url"] != "https://hooks.example.com/frameio" ||
		d["active"] != true || d["workspace_id"] != DefaultWorkspaceID || d["created_at"] == "" || d["updated_at"] == "" {
		t.Fatalf("created %v", d)
	}
	if ev, _ := d["events"].([]any); len(ev) != 2 || ev[0] != "file.ready" || ev[1] != "comment.created" {
		t.Fatalf("events %v", d["events"])
	}
	if w, ok := e.Webhook(id); !ok || w.Secret != secret || !w.Active || w.WorkspaceID != DefaultWorkspaceID {
		t.Fatalf("stored %+v", w)
	}

	// The secret is shown once: no other reply carries it, nor the raw text of any.
	show := call(t, e, "GET", webhookURL(e, id), nil)
	wantStatus(t, show, 200)
	list := call(t, e, "GET", webhooksURL(e, DefaultWorkspaceID), nil)
	wantStatus(t, list, 200)
	up := call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": map[string]any{
		"active": false, "events": []string{"share.viewed"}}})
	wantStatus(t, up, 200)
	for what, r := range map[string]reply{"show": show, "index": list, "update": up} {
		if strings.Contains(string(r.raw), secret) || strings.Contains(string(r.raw), `"secret"`) {
			t.Errorf("%s carries the secret: %s", what, r.raw)
		}
	}
	if show.data()["name"] != "Ingest" || show.data()["active"] != true {
		t.Fatalf("show %v", show.data())
	}
	if items := list.body["data"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("index %s", list.raw)
	}

	// PATCH: only the fields given change.
	u := up.data()
	if u["active"] != false || u["name"] != "Ingest" || u["url"] != "https://hooks.example.com/frameio" {
		t.Fatalf("updated %v", u)
	}
	if ev, _ := u["events"].([]any); len(ev) != 1 || ev[0] != "share.viewed" {
		t.Fatalf("updated events %v", u["events"])
	}
	up = call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": map[string]any{
		"name": "Ingest v2", "url": "https://hooks.example.com/v2"}})
	wantStatus(t, up, 200)
	if u := up.data(); u["name"] != "Ingest v2" || u["url"] != "https://hooks.example.com/v2" || u["active"] != false {
		t.Fatalf("updated %v", u)
	}
	// The schema sets no minimum of fields: an empty PATCH changes nothing.
	wantStatus(t, call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": map[string]any{}}), 200)
	if w, _ := e.Webhook(id); w.Secret != secret || w.Name != "Ingest v2" {
		t.Fatalf("after updates %+v; the secret must stay", w)
	}

	wantStatus(t, call(t, e, "DELETE", webhookURL(e, id), nil), http.StatusNoContent)
	wantStatus(t, call(t, e, "GET", webhookURL(e, id), nil), http.StatusNotFound)
	wantStatus(t, call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": map[string]any{"active": true}}), http.StatusNotFound)
	wantStatus(t, call(t, e, "DELETE", webhookURL(e, id), nil), http.StatusNotFound)
	if len(e.Webhooks()) != 0 {
		t.Fatalf("left %+v", e.Webhooks())
	}
}

func TestWebhookValidation(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NoRateLimits: true})) // many refused creates in a row
	good := func() map[string]any {
		return map[string]any{"name": "N", "url": "https://hooks.example.com/x", "events": []any{"file.ready"}}
	}
	long := "https://hooks.example.com/" + strings.Repeat("a", 2000)
	for _, c := range []struct {
		name    string
		change  func(d map[string]any)
		pointer string
	}{
		{"plain http", func(d map[string]any) { d["url"] = "http://hooks.example.com/x" }, "/data/url"},
		{"http to loopback", func(d map[string]any) { d["url"] = "http://127.0.0.1:8080/x" }, "/data/url"},
		{"other scheme", func(d map[string]any) { d["url"] = "ftp://hooks.example.com/x" }, "/data/url"},
		{"relative url", func(d map[string]any) { d["url"] = "/hooks/x" }, "/data/url"},
		{"no host", func(d map[string]any) { d["url"] = "https:///x" }, "/data/url"},
		{"empty url", func(d map[string]any) { d["url"] = "" }, "/data/url"},
		{"url over 2000 characters", func(d map[string]any) { d["url"] = long }, "/data/url"},
		{"empty name", func(d map[string]any) { d["name"] = "" }, "/data/name"},
		{"name over 255 characters", func(d map[string]any) { d["name"] = strings.Repeat("n", 256) }, "/data/name"},
		{"unknown event", func(d map[string]any) { d["events"] = []any{"file.ready", "file.exploded"} }, "/data/events/1"},
		{"event listed twice", func(d map[string]any) { d["events"] = []any{"file.ready", "file.ready"} }, "/data/events/1"},
		{"no events", func(d map[string]any) { d["events"] = []any{} }, "/data/events"},
		{"event not a string", func(d map[string]any) { d["events"] = []any{1} }, "/data/events/0"},
		{"events not an array", func(d map[string]any) { d["events"] = "file.ready" }, "/data/events"},
		{"missing events", func(d map[string]any) { delete(d, "events") }, "/data/events"},
		{"missing url", func(d map[string]any) { delete(d, "url") }, "/data/url"},
		{"active is not a create field", func(d map[string]any) { d["active"] = true }, "/data/active"},
		{"secret is not a create field", func(d map[string]any) { d["secret"] = "mine" }, "/data/secret"},
	} {
		d := good()
		c.change(d)
		r := call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), map[string]any{"data": d})
		if r.status != http.StatusUnprocessableEntity || r.errPointer() != c.pointer {
			t.Errorf("%s: %d %s, want 422 at %s", c.name, r.status, r.raw, c.pointer)
		}
	}
	if n := len(e.Webhooks()); n != 0 {
		t.Fatalf("refused creates made %d webhooks", n)
	}

	id := createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")["id"].(string)
	for _, c := range []struct {
		name    string
		data    map[string]any
		pointer string
	}{
		{"plain http", map[string]any{"url": "http://hooks.example.com/x"}, "/data/url"},
		{"unknown event", map[string]any{"events": []any{"nope"}}, "/data/events/0"},
		{"no events", map[string]any{"events": []any{}}, "/data/events"},
		{"null name", map[string]any{"name": nil}, "/data/name"},
		{"null active", map[string]any{"active": nil}, "/data/active"},
		{"active as a string", map[string]any{"active": "false"}, "/data/active"},
		{"empty name", map[string]any{"name": ""}, "/data/name"},
		{"unknown field", map[string]any{"secret": "x"}, "/data/secret"},
		// All or nothing: the valid name does not change when the url is refused.
		{"valid name, bad url", map[string]any{"name": "Changed", "url": "http://x"}, "/data/url"},
	} {
		r := call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": c.data})
		if r.status != http.StatusUnprocessableEntity || r.errPointer() != c.pointer {
			t.Errorf("PATCH %s: %d %s, want 422 at %s", c.name, r.status, r.raw, c.pointer)
		}
	}
	if w, _ := e.Webhook(id); w.Name != "N" || w.URL != "https://hooks.example.com/x" || !slices.Equal(w.Events, []string{"file.ready"}) || !w.Active {
		t.Fatalf("refused updates changed the webhook: %+v", w)
	}

	// Every event of the document is accepted, in one webhook.
	all := make([]any, len(webhookEvents))
	for i, ev := range webhookEvents {
		all[i] = ev
	}
	wantStatus(t, call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), map[string]any{"data": map[string]any{
		"name": "All", "url": "https://hooks.example.com/all", "events": all}}), http.StatusCreated)

	// include: creator only.
	wantStatus(t, call(t, e, "GET", webhookURL(e, id)+"?include=creator", nil), 200)
	if r := call(t, e, "GET", webhookURL(e, id)+"?include=owner", nil); r.status != 422 || r.errPointer() != "/include" {
		t.Errorf("include=owner: %d %s", r.status, r.raw)
	}
	if r := call(t, e, "GET", webhooksURL(e, DefaultWorkspaceID)+"?include=owner", nil); r.status != 422 {
		t.Errorf("index include=owner: %d %s", r.status, r.raw)
	}
}

// A webhook lives in a workspace of an account: through another account, or in a workspace the account
// does not have, it is 404.
func TestWebhookScopedByAccount(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	other := e.AddAccount("Other")
	otherWS, err := e.AddWorkspace(other, "Other workspace")
	if err != nil {
		t.Fatal(err)
	}
	id := createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")["id"].(string)
	body := map[string]any{"data": map[string]any{"name": "N", "url": "https://hooks.example.com/x", "events": []string{"file.ready"}}}
	for _, c := range []struct{ method, path string }{
		{"GET", "/v4/accounts/" + other + "/webhooks/" + id},
		{"DELETE", "/v4/accounts/" + other + "/webhooks/" + id},
		{"POST", webhooksURL(e, otherWS)}, // the other account's workspace, through this account
		{"GET", webhooksURL(e, otherWS)},
		{"POST", webhooksURL(e, "6f1f2b0e-0000-4000-8000-0000000000ff")},
	} {
		var b any
		if c.method == "POST" {
			b = body
		}
		if r := call(t, e, c.method, c.path, b); r.status != http.StatusNotFound {
			t.Errorf("%s %s: %d %s, want 404", c.method, c.path, r.status, r.raw)
		}
	}
	// In its own account, the other workspace has its own webhooks.
	r := call(t, e, "POST", "/v4/accounts/"+other+"/workspaces/"+otherWS+"/webhooks", body)
	wantStatus(t, r, http.StatusCreated)
	list := call(t, e, "GET", webhooksURL(e, DefaultWorkspaceID), nil)
	if items := list.body["data"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("the default workspace lists %s", list.raw)
	}
}

func TestWebhookListPages(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	var ids []string
	for _, n := range []string{"a", "b", "c"} {
		ids = append(ids, createWebhook(t, e, n, "https://hooks.example.com/"+n, "file.ready")["id"].(string))
	}
	var got []string
	next := webhooksURL(e, DefaultWorkspaceID) + "?page_size=2&include_total_count=true"
	for pages := 0; next != ""; pages++ {
		if pages == 3 {
			t.Fatal("more pages than webhooks")
		}
		r := call(t, e, "GET", next, nil)
		wantStatus(t, r, 200)
		for _, it := range r.body["data"].([]any) {
			got = append(got, it.(map[string]any)["id"].(string))
		}
		next, _ = r.body["links"].(map[string]any)["next"].(string)
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("listed %v, want %v in creation order", got, ids)
	}
	if r := call(t, e, "GET", webhooksURL(e, DefaultWorkspaceID)+"?page_size=101", nil); r.status != 422 {
		t.Fatalf("page_size 101: %d", r.status)
	}
}

// The documented limits: create and update 10 per minute, show and index 100, delete 60.
func TestWebhookRateLimits(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clk := clockOf(t, e)
	for range 10 {
		createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")
	}
	body := map[string]any{"data": map[string]any{"name": "N", "url": "https://hooks.example.com/x", "events": []string{"file.ready"}}}
	r := call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), body)
	if r.status != http.StatusTooManyRequests || r.header.Get("x-ratelimit-limit") != "10" ||
		r.header.Get("x-ratelimit-window") != "60000" || r.header.Get("Retry-After") != "" {
		t.Fatalf("11th create in a minute: %d %v", r.status, r.header)
	}
	if n := len(e.Webhooks()); n != 10 {
		t.Fatalf("%d webhooks after a refused create, want 10", n)
	}
	clk.Advance(6 * time.Second) // the bucket leaks one call every 6 s
	wantStatus(t, call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), body), http.StatusCreated)

	id := e.Webhooks()[0].ID
	for _, c := range []struct{ method, path, limit string }{
		{"GET", webhookURL(e, id), "100"},
		{"GET", webhooksURL(e, DefaultWorkspaceID), "100"},
		{"PATCH", webhookURL(e, id), "10"},
		{"DELETE", webhookURL(e, id), "60"},
	} {
		var b any
		if c.method == "PATCH" {
			b = map[string]any{"data": map[string]any{"active": false}}
		}
		r := call(t, e, c.method, c.path, b)
		if r.status >= 300 || r.header.Get("x-ratelimit-limit") != c.limit || r.header.Get("x-ratelimit-window") != "60000" {
			t.Errorf("%s %s: %d, limit %s window %s, want %s per 60000 ms", c.method, c.path, r.status,
				r.header.Get("x-ratelimit-limit"), r.header.Get("x-ratelimit-window"), c.limit)
		}
	}
}

// Out-of-band changes, as in the web app: seen by show, and the secret stays.
func TestWebhookOutOfBandChanges(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	d := createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")
	id, secret := d["id"].(string), d["secret"].(string)
	for _, err := range []error{e.RenameWebhook(id, "Renamed"), e.SetWebhookActive(id, false),
		e.SetWebhookEvents(id, "share.viewed", "file.created")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := call(t, e, "GET", webhookURL(e, id), nil).data()
	if ev, _ := s["events"].([]any); s["name"] != "Renamed" || s["active"] != false || len(ev) != 2 || ev[0] != "share.viewed" {
		t.Fatalf("show after out-of-band changes: %v", s)
	}
	if w, _ := e.Webhook(id); w.Secret != secret {
		t.Fatal("an out-of-band change replaced the secret")
	}
	if err := e.DeleteWebhook(id); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, call(t, e, "GET", webhookURL(e, id), nil), http.StatusNotFound)
	for _, err := range []error{e.DeleteWebhook(id), e.RenameWebhook(id, "x"), e.SetWebhookActive(id, true), e.SetWebhookEvents(id)} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("on a deleted webhook: %v, want ErrNotFound", err)
		}
	}
}

// Readings.WebhookActiveAsString: active as the document's examples write it.
func TestWebhookActiveAsStringReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Readings: Readings{WebhookActiveAsString: true}}))
	d := createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")
	if d["active"] != "true" {
		t.Fatalf("create: active %#v, want \"true\"", d["active"])
	}
	up := call(t, e, "PATCH", webhookURL(e, d["id"].(string)), map[string]any{"data": map[string]any{"active": false}})
	if up.data()["active"] != "false" {
		t.Fatalf("update: active %#v, want \"false\"", up.data()["active"])
	}
}

// Readings.OmitWebhookWorkspaceID: no reply carries workspace_id (nullable, not required).
func TestWebhookOmitWorkspaceIDReading(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Readings: Readings{OmitWebhookWorkspaceID: true}}))
	d := createWebhook(t, e, "N", "https://hooks.example.com/x", "file.ready")
	id := d["id"].(string)
	show := call(t, e, "GET", webhookURL(e, id), nil)
	up := call(t, e, "PATCH", webhookURL(e, id), map[string]any{"data": map[string]any{"active": false}})
	list := call(t, e, "GET", webhooksURL(e, DefaultWorkspaceID), nil)
	for what, m := range map[string]map[string]any{"create": d, "show": show.data(), "update": up.data(),
		"index": list.body["data"].([]any)[0].(map[string]any)} {
		if _, ok := m["workspace_id"]; ok || m["id"] != id {
			t.Errorf("%s: %v, want the webhook without workspace_id", what, m)
		}
	}
	if w, ok := e.Webhook(id); !ok || w.WorkspaceID != DefaultWorkspaceID {
		t.Errorf("stored %+v", w)
	}
}

// Under LoseCreateReplies, a webhook create's first reply is lost after it took effect, like every create.
func TestWebhookCreateUnderLoseCreateReplies(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{Readings: Readings{LoseCreateReplies: true}}))
	body := map[string]any{"data": map[string]any{"name": "N", "url": "https://hooks.example.com/x", "events": []string{"file.ready"}}}
	if r := call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), body); r.status != http.StatusBadGateway {
		t.Fatalf("first attempt: %d, want the lost reply's 502", r.status)
	}
	if n := len(e.Webhooks()); n != 1 {
		t.Fatalf("%d webhooks after the lost reply, want 1: it took effect", n)
	}
	wantStatus(t, call(t, e, "POST", webhooksURL(e, DefaultWorkspaceID), body), http.StatusCreated)
	if n := len(e.Webhooks()); n != 2 {
		t.Fatalf("%d webhooks after the same request again, want 2", n)
	}
}

func TestWebhookEventsListIsACopy(t *testing.T) {
	l := WebhookEvents()
	l[0] = "changed"
	if WebhookEvents()[0] != "file.created" || len(WebhookEvents()) != 30 {
		t.Fatalf("WebhookEvents() = %v", WebhookEvents())
	}
}
