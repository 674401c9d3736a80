package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Webhooks of a workspace: create (the only reply with the signing secret), list, show, update (PATCH)
// and delete; inspection and out-of-band changes in webhooks_state.go.
//
// Where the OpenAPI document is silent, the emulator takes the strictest reading (a client that copes
// with it copes with the others too):
//   - url must be an absolute https:// URL with a host (the document only says "URL where event is sent",
//     1 to 2000 characters); anything else is 422 with pointer /data/url. Nothing is ever sent to it.
//   - events must be among the "Valid events" the create operation's description lists (webhookEvents),
//     each once, at least one (WebhookEvents: minItems 1, uniqueItems); a wrong one is 422 with the
//     pointer of the item (/data/events/<i>).
//   - name is 1 to 255 characters (the schema's minLength and maxLength).
//   - A new webhook is active. The secret is in the create reply only ("You won't be able to see it
//     again!"): show, index and update never carry it, and nothing shows it again.
//   - A PATCH changes the fields it names (none is allowed: the schema sets no minimum) and answers the
//     webhook; null is refused for every field (none is nullable).
//   - A webhook is seen through the account of its workspace: through another account it is 404.
//   - Replies carry active as a JSON boolean, as the schema says, unless Readings.WebhookActiveAsString,
//     which sends the strings "true" and "false", as the document's examples do.
//   - include=creator (the one value the document allows) is accepted and ignored (creator is optional
//     in the reply); any other include is 422.

// webhookEvents are the "Valid events" of the webhooks.create operation's description, in its order.
// internal/testonly/apicontract checks them against the document.
var webhookEvents = []string{
	"file.created", "file.deleted", "file.ready", "file.updated", "file.upload.completed", "file.versioned",
	"file.copied", "folder.created", "folder.deleted", "folder.updated", "folder.copied", "comment.completed",
	"comment.created", "comment.deleted", "comment.uncompleted", "comment.updated", "customfield.created",
	"customfield.updated", "customfield.deleted", "metadata.value.updated", "project.created", "project.deleted",
	"project.updated", "collection.created", "collection.updated", "collection.deleted", "share.created",
	"share.updated", "share.deleted", "share.viewed",
}

// WebhookEvents returns the events the emulator accepts, in the document's order (a copy).
func WebhookEvents() []string { return slices.Clone(webhookEvents) }

// Webhook limits of the OpenAPI document (WebhookCreateParams, WebhookUpdateParams).
const (
	maxWebhookName = 255
	maxWebhookURL  = 2000
)

// webhook is the server-side state of a webhook.
type webhook struct {
	id, workspaceID, name, url string
	secret                     string
	events                     []string // in the order given
	active                     bool
	seq                        int64
	createdAt, updatedAt       time.Time
}

func (e *Emulator) webhookJSON(w *webhook) map[string]any {
	var active any = w.active
	if e.readings.get().WebhookActiveAsString {
		active = fmt.Sprint(w.active)
	}
	out := map[string]any{
		"id":           w.id,
		"name":         w.name,
		"url":          w.url,
		"events":       slices.Clone(w.events),
		"active":       active,
		"workspace_id": w.workspaceID,
		"created_at":   ts(w.createdAt),
		"updated_at":   ts(w.updatedAt),
	}
	if e.readings.get().OmitWebhookWorkspaceID {
		delete(out, "workspace_id") // nullable and not required in the document's Webhook schema
	}
	return out
}

// newWebhookSecret is a signing secret: 32 random bytes, hex.
func newWebhookSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// checkWebhookName: 1..255 characters.
func checkWebhookName(name string) *httpError {
	const ptr = "/data/name"
	switch n := utf8.RuneCountInString(name); {
	case n < 1:
		return invalid(ptr, "String length is smaller than the minimum of 1")
	case n > maxWebhookName:
		return invalid(ptr, fmt.Sprintf("String length is larger than the maximum of %d", maxWebhookName))
	}
	return nil
}

// checkWebhookURL: an absolute https URL with a host, 1..2000 characters.
func checkWebhookURL(raw string) *httpError {
	const ptr = "/data/url"
	switch n := utf8.RuneCountInString(raw); {
	case n < 1:
		return invalid(ptr, "String length is smaller than the minimum of 1")
	case n > maxWebhookURL:
		return invalid(ptr, fmt.Sprintf("String length is larger than the maximum of %d", maxWebhookURL))
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "" || strings.ContainsAny(raw, " \t\r\n"):
		return invalid(ptr, "url must be an absolute URL")
	case u.Scheme != "https":
		return invalid(ptr, fmt.Sprintf("url must use https, not %q", u.Scheme))
	}
	return nil
}

// webhookEventList checks an events array: 1 or more unique strings among webhookEvents.
func webhookEventList(raw []any) ([]string, *httpError) {
	const ptr = "/data/events"
	if len(raw) == 0 {
		return nil, invalid(ptr, "Array length 0 is smaller than the minimum of 1")
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		p := fmt.Sprintf("%s/%d", ptr, i)
		ev, ok := v.(string)
		switch {
		case !ok:
			return nil, invalid(p, "Invalid string. Got: "+jsonType(v))
		case !slices.Contains(webhookEvents, ev):
			return nil, invalid(p, fmt.Sprintf("Invalid event %q: valid events are %s", ev, strings.Join(webhookEvents, ", ")))
		case slices.Contains(out[:i], ev):
			return nil, invalid(p, fmt.Sprintf("event %q is listed twice: items must be unique", ev))
		}
		out[i] = ev
	}
	return out, nil
}

// checkWebhookInclude accepts no include, or include=creator (the document's only value).
func checkWebhookInclude(r *http.Request) *httpError {
	q := r.URL.Query()
	if v := q.Get("include"); q.Has("include") && v != "creator" {
		return errf(http.StatusUnprocessableEntity, "/include", "Invalid value for include: %q (creator)", v)
	}
	return nil
}

// getWebhookLocked looks up webhook id as seen through the request's account: a webhook of a workspace
// in another account is 404. Called with e.mu held.
func (e *Emulator) getWebhookLocked(r *http.Request, id string) (*webhook, *httpError) {
	w, ok := e.webhooks[id]
	if !ok {
		return nil, notFound("webhook", id)
	}
	if ws := e.dir.workspaces[w.workspaceID]; ws == nil || ws.accountID != r.PathValue("account_id") {
		return nil, notFound("webhook", id)
	}
	return w, nil
}

// withWebhook runs f on the webhook of the path, under the lock.
func (e *Emulator) withWebhook(r *http.Request, f func(*webhook) (int, any, *httpError)) (int, any, *httpError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w, herr := e.getWebhookLocked(r, r.PathValue("webhook_id"))
	if herr != nil {
		return 0, nil, herr
	}
	return f(w)
}

// ---- handlers ----

func (e *Emulator) hWebhookCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r,
		fieldSpec{"name", kString, true},
		fieldSpec{"url", kString, true},
		fieldSpec{"events", kArray, true},
	)
	if herr != nil {
		return 0, nil, herr
	}
	name, hookURL := d["name"].(string), d["url"].(string)
	if herr := checkWebhookName(name); herr != nil {
		return 0, nil, herr
	}
	if herr := checkWebhookURL(hookURL); herr != nil {
		return 0, nil, herr
	}
	events, herr := webhookEventList(d["events"].([]any))
	if herr != nil {
		return 0, nil, herr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	ws, herr := e.workspaceLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	now := e.now().UTC()
	e.seq++
	w := &webhook{id: newID(), workspaceID: ws.id, name: name, url: hookURL, secret: newWebhookSecret(),
		events: events, active: true, seq: e.seq, createdAt: now, updatedAt: now}
	e.webhooks[w.id] = w
	reply := e.webhookJSON(w)
	reply["secret"] = w.secret // WebhookCreateResponse: the only reply that carries it
	return http.StatusCreated, data(reply), nil
}

// hWebhookList lists the workspace's webhooks in creation order (page_size 1..100).
func (e *Emulator) hWebhookList(r *http.Request) (int, any, *httpError) {
	if herr := checkWebhookInclude(r); herr != nil {
		return 0, nil, herr
	}
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ws, herr := e.workspaceLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	items := make([]listItem, 0, len(e.webhooks))
	for _, w := range e.webhooks {
		if w.workspaceID == ws.id {
			items = append(items, listItem{w.seq, e.webhookJSON(w)})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	return 200, pageReply(r, items, size, after, total), nil
}

func (e *Emulator) hWebhookShow(r *http.Request) (int, any, *httpError) {
	if herr := checkWebhookInclude(r); herr != nil {
		return 0, nil, herr
	}
	return e.withWebhook(r, func(w *webhook) (int, any, *httpError) {
		return 200, data(e.webhookJSON(w)), nil
	})
}

// hWebhookUpdate changes the fields given (WebhookUpdateParams: active, events, name, url), all or
// nothing.
func (e *Emulator) hWebhookUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r,
		fieldSpec{"active", kBool, false},
		fieldSpec{"events", kArray, false},
		fieldSpec{"name", kString, false},
		fieldSpec{"url", kString, false},
	)
	if herr != nil {
		return 0, nil, herr
	}
	if v, ok := d["name"].(string); ok {
		if herr := checkWebhookName(v); herr != nil {
			return 0, nil, herr
		}
	}
	if v, ok := d["url"].(string); ok {
		if herr := checkWebhookURL(v); herr != nil {
			return 0, nil, herr
		}
	}
	var events []string
	if raw, ok := d["events"].([]any); ok {
		if events, herr = webhookEventList(raw); herr != nil {
			return 0, nil, herr
		}
	}
	return e.withWebhook(r, func(w *webhook) (int, any, *httpError) {
		if v, ok := d["name"].(string); ok {
			w.name = v
		}
		if v, ok := d["url"].(string); ok {
			w.url = v
		}
		if events != nil {
			w.events = events
		}
		if v, ok := d["active"].(bool); ok {
			w.active = v
		}
		w.updatedAt = e.now().UTC()
		return 200, data(e.webhookJSON(w)), nil
	})
}

func (e *Emulator) hWebhookDelete(r *http.Request) (int, any, *httpError) {
	return e.withWebhook(r, func(w *webhook) (int, any, *httpError) {
		delete(e.webhooks, w.id)
		return http.StatusNoContent, nil, nil
	})
}
