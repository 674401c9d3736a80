package frameio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// The wire format of webhooks: objects, request bodies and the events, kept beside wire.go (their
// operations are in registry.go) for the same reason: a correction to the contract is one edit here.

// webhookEvents are the "Valid events" of the webhooks.create operation's description, in its order: the
// one list the client and the provider use (the provider validates configurations against it).
// internal/testonly/apicontract checks it against the OpenAPI document, so the two cannot drift.
var webhookEvents = []string{
	"file.created", "file.deleted", "file.ready", "file.updated", "file.upload.completed", "file.versioned",
	"file.copied", "folder.created", "folder.deleted", "folder.updated", "folder.copied", "comment.completed",
	"comment.created", "comment.deleted", "comment.uncompleted", "comment.updated", "customfield.created",
	"customfield.updated", "customfield.deleted", "metadata.value.updated", "project.created", "project.deleted",
	"project.updated", "collection.created", "collection.updated", "collection.deleted", "share.created",
	"share.updated", "share.deleted", "share.viewed",
}

// WebhookEvents returns the events a webhook may subscribe to, in the document's order (a copy).
func WebhookEvents() []string { return slices.Clone(webhookEvents) }

// MaxWebhookName is the longest webhook name Frame.io takes (WebhookCreateParams: maxLength 255). The
// url's limit (2000) is checked with the rest of its rule, by validators.CheckWebhookURL.
const MaxWebhookName = 255

// Webhook is a webhook of a workspace: Frame.io POSTs the events it names to URL, signed with its secret.
//
// Secret is only set by CreateWebhook: the create reply is the only one that carries it ("You won't be
// able to see it again!"). It is a credential (whoever holds it can forge events the receiver trusts):
// never log it.
//
// Active is nil when the reply does not say (the schema does not require it). The schema says boolean,
// the document's examples send the strings "true" and "false": both decode.
type Webhook struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	Active      *bool    `json:"-"`
	WorkspaceID string   `json:"workspace_id"` // nullable: "" when null
	CreatedAt   string   `json:"created_at"`
	UpdatedAt   string   `json:"updated_at"`
	Secret      string   `json:"secret"`
}

// UnmarshalJSON decodes a webhook, active as a boolean or as the string "true" or "false".
func (w *Webhook) UnmarshalJSON(b []byte) error {
	type plain Webhook // without this method
	aux := struct {
		*plain
		Active json.RawMessage `json:"active"`
	}{plain: (*plain)(w)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	w.Active = nil
	switch v := string(bytes.TrimSpace(aux.Active)); v {
	case "", "null":
	case "true", `"true"`:
		w.Active = boolRef(true)
	case "false", `"false"`:
		w.Active = boolRef(false)
	default:
		return fmt.Errorf("webhook active: %.20s is neither true nor false", v)
	}
	return nil
}

func boolRef(b bool) *bool { return &b }

// NewWebhook is what CreateWebhook sends. A new webhook is active.
type NewWebhook struct {
	Name   string
	URL    string
	Events []string
}

// WebhookUpdate is what UpdateWebhook changes: nil fields are not sent.
type WebhookUpdate struct {
	Name   *string
	URL    *string
	Events []string // nil: unchanged
	Active *bool
}

// webhookCreateParams creates a webhook (WebhookCreateParams).
type webhookCreateParams struct {
	Name   string   `json:"name"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// params is the PATCH body of a WebhookUpdate (WebhookUpdateParams): only the fields to change.
func (u WebhookUpdate) params() map[string]any {
	out := map[string]any{}
	if u.Name != nil {
		out["name"] = *u.Name
	}
	if u.URL != nil {
		out["url"] = *u.URL
	}
	if u.Events != nil {
		out["events"] = u.Events
	}
	if u.Active != nil {
		out["active"] = *u.Active
	}
	return out
}
