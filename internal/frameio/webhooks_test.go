package frameio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

const hookURL = "https://hooks.example.com/frameio"

// TestWebhookLifecycle drives every webhook call against the emulator over HTTP.
func TestWebhookLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	c := newClient(t, e)
	c.maxPageSize = 2 // three webhooks take two pages
	ctx := ctxT(t)
	account, ws := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultWorkspaceID

	w, err := account.CreateWebhook(ctx, ws, NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"file.ready", "comment.created"}})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := e.Webhook(w.ID)
	if w.ID == "" || w.Secret == "" || w.Secret != stored.Secret || w.Name != "Ingest" || w.URL != hookURL ||
		!slices.Equal(w.Events, []string{"file.ready", "comment.created"}) || w.Active == nil || !*w.Active ||
		w.WorkspaceID != ws || w.CreatedAt == "" {
		t.Fatalf("created %+v (stored %+v)", w, stored)
	}
	got, err := account.GetWebhook(ctx, w.ID)
	if err != nil || got.Secret != "" || got.Name != "Ingest" || got.Active == nil || !*got.Active {
		t.Fatalf("show %+v %v; want the webhook without its secret", got, err)
	}
	for _, n := range []string{"b", "c"} {
		if _, err := account.CreateWebhook(ctx, ws, NewWebhook{Name: n, URL: hookURL + "/" + n, Events: []string{"share.viewed"}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := account.ListWebhooks(ctx, ws)
	if err != nil || len(all) != 3 || all[0].ID != w.ID || all[2].Name != "c" {
		t.Fatalf("index %+v %v", all, err)
	}
	if n := len(apiRequests(e, "/webhooks")); n < 2 {
		t.Fatalf("%d list calls, want two pages", n)
	}
	for _, h := range all {
		if h.Secret != "" {
			t.Fatalf("the index shows a secret: %+v", h)
		}
	}

	off, name := false, "Ingest v2"
	u, err := account.UpdateWebhook(ctx, w.ID, WebhookUpdate{Active: &off, Name: &name})
	if err != nil || u.Name != name || u.Active == nil || *u.Active || u.URL != hookURL || len(u.Events) != 2 || u.Secret != "" {
		t.Fatalf("update %+v %v", u, err)
	}
	u, err = account.UpdateWebhook(ctx, w.ID, WebhookUpdate{Events: []string{"file.created"}})
	if err != nil || !slices.Equal(u.Events, []string{"file.created"}) || u.Name != name {
		t.Fatalf("update events %+v %v", u, err)
	}
	if after, _ := e.Webhook(w.ID); after.Secret != stored.Secret {
		t.Fatal("an update changed the secret")
	}
	before := len(e.Calls("webhooks.update"))
	if _, err := account.UpdateWebhook(ctx, w.ID, WebhookUpdate{}); err == nil || !strings.Contains(err.Error(), "nothing to update") {
		t.Fatalf("empty update: %v", err)
	}
	if len(e.Calls("webhooks.update")) != before {
		t.Fatal("an empty update was sent")
	}

	if err := account.DeleteWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if !account.Deleted(w.ID) {
		t.Fatal("the deleted webhook is not in the ledger")
	}
	if _, err := account.GetWebhook(ctx, w.ID); !IsNotFound(err) {
		t.Fatalf("show after delete: %v", err)
	}
	if err := account.DeleteWebhook(ctx, w.ID); !IsNotFound(err) {
		t.Fatalf("delete again: %v", err)
	}
}

// Refusals come back as APIErrors naming the refused field: an http url, an unknown event.
func TestWebhookRefusals(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	for _, c := range []struct {
		hook    NewWebhook
		pointer string
	}{
		{NewWebhook{Name: "n", URL: "http://hooks.example.com/x", Events: []string{"file.ready"}}, "/data/url"},
		{NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.exploded"}}, "/data/events/0"},
		{NewWebhook{Name: "", URL: hookURL, Events: []string{"file.ready"}}, "/data/name"},
	} {
		_, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, c.hook)
		ae := mustAPIError(t, err, http.StatusUnprocessableEntity)
		if len(ae.Errors) == 0 || ae.Errors[0].Pointer != c.pointer {
			t.Errorf("%+v: %v, want a 422 at %s", c.hook, err, c.pointer)
		}
	}
	// A refusal made nothing: not looked for, not sent again.
	if n, l := len(e.Calls("webhooks.create")), len(e.Calls("webhooks.index")); n != 3 || l != 0 {
		t.Fatalf("%d creates and %d listings, want 3 and none", n, l)
	}
	_, err := a.CreateWebhook(ctx, "6f1f2b0e-0000-4000-8000-0000000000ff", NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	mustAPIError(t, err, http.StatusNotFound)
	if _, err := a.CreateWebhook(ctx, "", NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}}); err == nil ||
		!strings.Contains(err.Error(), "workspaceID must not be empty") {
		t.Fatalf("empty workspace: %v", err)
	}
	// A failed update is retried like any PATCH.
	w, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	e.FailOperation("webhooks.update", 1, http.StatusServiceUnavailable)
	name := "m"
	if _, err := a.UpdateWebhook(ctx, w.ID, WebhookUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	requireCalls(t, e, "webhooks.update", 2)
}

// A webhook whose create reply was lost is deleted and made again: its secret was only in that reply.
func TestCreateWebhookLostReplyDeletesAndCreatesAgain(t *testing.T) {
	for _, mode := range lostModes {
		t.Run(mode.String(), func(t *testing.T) {
			e, a := lostReplyEnv(t, emulator.Options{})
			e.LoseReply("webhooks.create", 1, mode)
			w, err := a.CreateWebhook(ctxT(t), emulator.DefaultWorkspaceID, NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"file.ready"}})
			if err != nil {
				t.Fatal(err)
			}
			hooks := e.Webhooks()
			if len(hooks) != 1 || hooks[0].ID != w.ID || hooks[0].Secret != w.Secret || w.Secret == "" {
				t.Fatalf("webhooks %+v, returned %+v; want exactly the one returned, with its secret", hooks, w)
			}
			requireCalls(t, e, "webhooks.create", 2)
			requireCalls(t, e, "webhooks.delete", 1)
			deleted := lastSegment(e.Calls("webhooks.delete")[0].Path)
			if deleted == w.ID || !a.Deleted(deleted) {
				t.Fatalf("deleted %s (returned %s); want the lost reply's webhook deleted and in the ledger", deleted, w.ID)
			}
		})
	}
}

// Another webhook of the same name and url, made before the request, is not taken for the lost
// reply's: it stays.
func TestCreateWebhookLostReplyLeavesOlderWebhooks(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	first, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	e.LoseReply("webhooks.create", 1, emulator.LostReplyStatus)
	second, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	hooks := e.Webhooks()
	if len(hooks) != 2 || hooks[0].ID != first.ID || hooks[1].ID != second.ID || hooks[1].Secret != second.Secret {
		t.Fatalf("webhooks %+v; want the first one kept and the second made again", hooks)
	}
}

// A webhook of the same name and url but other events, made by someone else moments before the request
// (within the lookup's window, unknown to this Client), is not taken for the lost reply's: it stays.
func TestCreateWebhookLostReplyLeavesOtherEvents(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	ctx := ctxT(t)
	other, err := newClient(t, e).ForAccount(emulator.DefaultAccountID).CreateWebhook(ctx, emulator.DefaultWorkspaceID,
		NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"comment.created"}})
	if err != nil {
		t.Fatal(err)
	}
	e.LoseReply("webhooks.create", 1, emulator.LostReplyStatus)
	mine, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "Ingest", URL: hookURL, Events: []string{"file.ready", "file.created"}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range e.Webhooks() {
		ids[h.ID] = true
	}
	if !ids[other.ID] || !ids[mine.ID] || len(ids) != 2 {
		t.Fatalf("webhooks %v; want the other one kept (%s) and mine made again (%s), the lost reply's deleted", ids, other.ID, mine.ID)
	}
	requireCalls(t, e, "webhooks.delete", 1)
	if deleted := lastSegment(e.Calls("webhooks.delete")[0].Path); deleted == other.ID {
		t.Fatal("deleted the other webhook")
	}
}

// Deleting what a lost reply made and creating again is no retry: it is done with retries off.
func TestCreateWebhookLostReplyWithRetriesOff(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	a := newClient(t, e, func(cfg *Config) { cfg.MaxRetries = -1 }).ForAccount(emulator.DefaultAccountID)
	e.LoseReply("webhooks.create", 1, emulator.LostReplyCut)
	w, err := a.CreateWebhook(ctxT(t), emulator.DefaultWorkspaceID, NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	if hooks := e.Webhooks(); len(hooks) != 1 || hooks[0].Secret != w.Secret {
		t.Fatalf("webhooks %+v, returned %+v", hooks, w)
	}
}

// What a lost reply made and cannot be deleted is named in the error, for the caller to keep.
func TestCreateWebhookLostReplyUndeletable(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{})
	e.LoseReply("webhooks.create", 1, emulator.LostReplyStatus)
	e.FailOperation("webhooks.delete", emulator.Always, http.StatusServiceUnavailable)
	_, err := a.CreateWebhook(ctxT(t), emulator.DefaultWorkspaceID, NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	var uerr *UncertainCreateError
	hooks := e.Webhooks()
	if !errors.As(err, &uerr) || len(hooks) != 1 || uerr.MadeID != hooks[0].ID || !IsStatus(uerr.LookErr, http.StatusServiceUnavailable) {
		t.Fatalf("err = %v (webhooks %+v); want an *UncertainCreateError naming the undeletable webhook", err, hooks)
	}
	requireCalls(t, e, "webhooks.create", 1) // not created again beside it
}

// Under the emulator's reading that loses every create's first reply, and with active sent as a string,
// a webhook is still made once and its secret returned.
func TestCreateWebhookUnderPessimisticReadings(t *testing.T) {
	e, a := lostReplyEnv(t, emulator.Options{Readings: emulator.Pessimistic()})
	ctx := ctxT(t)
	w, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	if hooks := e.Webhooks(); len(hooks) != 1 || hooks[0].Secret != w.Secret || w.Active == nil || !*w.Active {
		t.Fatalf("webhooks %+v, returned %+v", hooks, w)
	}
	off := false
	if u, err := a.UpdateWebhook(ctx, w.ID, WebhookUpdate{Active: &off}); err != nil || u.Active == nil || *u.Active {
		t.Fatalf("update %+v %v; want active false read from the string", u, err)
	}
}

// The secret never reaches the client's log lines, the lost reply's warnings included.
func TestWebhookSecretNotLogged(t *testing.T) {
	e := newEmu(t, emulator.Options{})
	log := &recLogger{}
	a := newClient(t, e, func(cfg *Config) { cfg.Logger = log }).ForAccount(emulator.DefaultAccountID)
	ctx := ctxT(t)
	e.LoseReply("webhooks.create", 1, emulator.LostReplyStatus)
	e.FailOperation("webhooks.show", 1, http.StatusBadGateway)
	w, err := a.CreateWebhook(ctx, emulator.DefaultWorkspaceID, NewWebhook{Name: "n", URL: hookURL, Events: []string{"file.ready"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.GetWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	logs := log.String()
	if len(log.get("warn")) == 0 || !strings.Contains(logs, "webhook_id") {
		t.Fatalf("the test needs the lost reply's and the retry's warnings; log:\n%s", logs)
	}
	// The webhook the lost reply made is gone, its secret unknown to the test: no secret-like value at all.
	if strings.Contains(logs, w.Secret) || regexp.MustCompile(`[0-9a-f]{64}`).MatchString(logs) {
		t.Fatalf("a secret reached the log:\n%s", logs)
	}
}

// What goes on the wire: the create and update bodies, field by field.
func TestWebhookRequestBodies(t *testing.T) {
	c, sent := replay(t,
		specReply{201, `{"data":{"id":"h","name":"n","url":"u","events":["file.ready"],"active":true,"secret":"s","created_at":"c","updated_at":"u"}}`},
		specReply{200, `{"data":{"id":"h","name":"n","url":"u","events":["file.ready"],"active":false,"created_at":"c","updated_at":"u"}}`},
		specReply{200, `{"data":{"id":"h","name":"m","url":"v","events":["share.viewed","file.ready"],"created_at":"c","updated_at":"u"}}`},
		specReply{204, ""},
	)
	a, ctx := c.ForAccount("acc"), ctxT(t)
	if _, err := a.CreateWebhook(ctx, "ws", NewWebhook{Name: "n", URL: "https://x/y", Events: []string{"file.ready", "share.viewed"}}); err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := a.UpdateWebhook(ctx, "h", WebhookUpdate{Active: &off}); err != nil {
		t.Fatal(err)
	}
	name, url := "m", "https://x/z"
	if _, err := a.UpdateWebhook(ctx, "h", WebhookUpdate{Name: &name, URL: &url, Events: []string{"share.viewed", "file.ready"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteWebhook(ctx, "h"); err != nil {
		t.Fatal(err)
	}
	want := []exchange{
		{"POST", "/v4/accounts/acc/workspaces/ws/webhooks", "", `{"data":{"name":"n","url":"https://x/y","events":["file.ready","share.viewed"]}}`},
		{"PATCH", "/v4/accounts/acc/webhooks/h", "", `{"data":{"active":false}}`},
		{"PATCH", "/v4/accounts/acc/webhooks/h", "", `{"data":{"events":["share.viewed","file.ready"],"name":"m","url":"https://x/z"}}`},
		{"DELETE", "/v4/accounts/acc/webhooks/h", "", ""},
	}
	if got := sent(); !reflect.DeepEqual(got, want) {
		t.Fatalf("requests\n %q\nwant\n %q", got, want)
	}
}

// Examples copied verbatim from the OpenAPI document: active is the string "true" there.
const (
	exWebhookCreate = `{"data":{"active":"true","created_at":"2024-02-12T21:34:58.501275Z","events":["file.created","file.deleted","file.ready","file.updated","file.upload.completed","file.versioned","file.copied","folder.created","folder.deleted","folder.updated","folder.copied","comment.completed","comment.created","comment.deleted","comment.uncompleted","comment.updated","customfield.created","customfield.updated","customfield.deleted","metadata.value.updated","project.created","project.deleted","project.updated","collection.created","collection.updated","collection.deleted","share.created","share.updated","share.deleted","share.viewed"],"id":"6083dcd2-a5fa-4364-9497-b34ddfa0d1c2","name":"My First Webhook","secret":"<secret>","updated_at":"2024-02-12T21:34:58.501275Z","url":"https://my.webhook.url.dev","workspace_id":"bffe8bcf-3cac-4945-9c7e-569caa5de5bd"}}`
	exWebhookShow   = `{"data":{"active":"true","created_at":"2024-02-12T21:34:58.501275Z","creator":{"active":true,"avatar_url":"https://assets.frame.io/uploads/cd58cb8e-24b3-4448-8d0f-9532fcd04d11/original.png?response-content-disposition=attachment%3B+filename%3D%22foo.png&Expires=1729857600&Signature=L09h0pi82dCrMYjr9lMHBragByWYh1&Key-Pair-Id=KKI497NESTHMN","email":"user_email@example.com","id":"196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e","name":"Jon Doe"},"events":["file.created","file.deleted","file.ready","file.updated","file.upload.completed","file.versioned","file.copied","folder.created","folder.deleted","folder.updated","folder.copied","comment.completed","comment.created","comment.deleted","comment.uncompleted","comment.updated","customfield.created","customfield.updated","customfield.deleted","metadata.value.updated","project.created","project.deleted","project.updated","collection.created","collection.updated","collection.deleted","share.created","share.updated","share.deleted","share.viewed"],"id":"6083dcd2-a5fa-4364-9497-b34ddfa0d1c2","name":"My First Webhook","updated_at":"2024-02-12T21:34:58.501275Z","url":"https://my.webhook.url.dev","workspace_id":"bffe8bcf-3cac-4945-9c7e-569caa5de5bd"}}`
)

func TestWebhookRepliesOfTheDocument(t *testing.T) {
	yes, no := true, false
	exHook := Webhook{ID: "6083dcd2-a5fa-4364-9497-b34ddfa0d1c2", Name: "My First Webhook", URL: "https://my.webhook.url.dev",
		Events: webhookEvents, Active: &yes, WorkspaceID: "bffe8bcf-3cac-4945-9c7e-569caa5de5bd",
		CreatedAt: "2024-02-12T21:34:58.501275Z", UpdatedAt: "2024-02-12T21:34:58.501275Z"}
	withSecret := exHook
	withSecret.Secret = "<secret>"
	page := strings.Replace(strings.Replace(exWebhookShow, `{"data":{`, `{"data":[{`, 1), `}}`, `}],"links":{"next":null}}`, 1)
	for _, c := range []struct {
		name  string
		reply string
		call  func(context.Context, *AccountClient) (any, error)
		want  any
	}{
		{"create example (active as a string)", exWebhookCreate, func(ctx context.Context, a *AccountClient) (any, error) {
			return a.CreateWebhook(ctx, "w", NewWebhook{Name: "n", URL: "https://x", Events: []string{"file.ready"}})
		}, &withSecret},
		{"show example (creator included)", exWebhookShow, func(ctx context.Context, a *AccountClient) (any, error) {
			return a.GetWebhook(ctx, "h")
		}, &exHook},
		{"index of the show example", page, func(ctx context.Context, a *AccountClient) (any, error) {
			return a.ListWebhooks(ctx, "w")
		}, []Webhook{exHook}},
		{"active as a boolean, workspace null", `{"data":{"id":"h","name":"n","url":"u","events":[],"active":false,"workspace_id":null,"created_at":"c","updated_at":"u"}}`,
			func(ctx context.Context, a *AccountClient) (any, error) { return a.GetWebhook(ctx, "h") },
			&Webhook{ID: "h", Name: "n", URL: "u", Events: []string{}, Active: &no, CreatedAt: "c", UpdatedAt: "u"}},
		{"active absent (not required)", `{"data":{"id":"h","name":"n","url":"u","events":["file.ready"],"created_at":"c","updated_at":"u"}}`,
			func(ctx context.Context, a *AccountClient) (any, error) { return a.GetWebhook(ctx, "h") },
			&Webhook{ID: "h", Name: "n", URL: "u", Events: []string{"file.ready"}, CreatedAt: "c", UpdatedAt: "u"}},
		{"active null", `{"data":{"id":"h","active":null}}`,
			func(ctx context.Context, a *AccountClient) (any, error) { return a.GetWebhook(ctx, "h") },
			&Webhook{ID: "h"}},
		{"active neither true nor false", `{"data":{"id":"h","active":"yes"}}`,
			func(ctx context.Context, a *AccountClient) (any, error) { return a.GetWebhook(ctx, "h") },
			"neither true nor false"},
		{"active a number", `{"data":{"id":"h","active":1}}`,
			func(ctx context.Context, a *AccountClient) (any, error) { return a.GetWebhook(ctx, "h") },
			"neither true nor false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl, _ := replay(t, specReply{200, c.reply})
			got, err := c.call(ctxT(t), cl.ForAccount("a"))
			if want, ok := c.want.(string); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("err = %v, want one containing %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("decoded\n %s\nwant\n %s", show(got), show(c.want))
			}
		})
	}
}

// show prints a decoded value with what its pointers point at.
func show(v any) string {
	switch w := v.(type) {
	case *Webhook:
		return fmt.Sprintf("%+v active=%v", *w, deref(w.Active))
	case []Webhook:
		var out []string
		for _, h := range w {
			out = append(out, show(&h))
		}
		return strings.Join(out, "\n ")
	}
	return fmt.Sprintf("%#v", v)
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func TestWebhookEventsIsACopy(t *testing.T) {
	l := WebhookEvents()
	l[0] = "changed"
	if WebhookEvents()[0] != "file.created" {
		t.Fatal("WebhookEvents shares its list")
	}
}
