package emulator

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Webhook is a snapshot of a stored webhook for test inspection, its secret included (which no reply but
// the create's carries).
type Webhook struct {
	ID          string
	WorkspaceID string
	Name        string
	URL         string
	Events      []string // in the order given
	Active      bool
	Secret      string
	CreatedAt   time.Time
}

func webhookSnapshot(w *webhook) Webhook {
	return Webhook{ID: w.id, WorkspaceID: w.workspaceID, Name: w.name, URL: w.url, Events: slices.Clone(w.events),
		Active: w.active, Secret: w.secret, CreatedAt: w.createdAt}
}

// Webhook returns a snapshot of one webhook.
func (e *Emulator) Webhook(id string) (Webhook, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w, ok := e.webhooks[id]
	if !ok {
		return Webhook{}, false
	}
	return webhookSnapshot(w), true
}

// Webhooks returns snapshots of all webhooks, of every workspace, in creation order.
func (e *Emulator) Webhooks() []Webhook {
	e.mu.Lock()
	defer e.mu.Unlock()
	ws := make([]*webhook, 0, len(e.webhooks))
	for _, w := range e.webhooks {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].seq < ws[j].seq })
	out := make([]Webhook, len(ws))
	for i, w := range ws {
		out[i] = webhookSnapshot(w)
	}
	return out
}

// editWebhook applies an out-of-band change to webhook id.
func (e *Emulator) editWebhook(id string, edit func(*webhook)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	w, ok := e.webhooks[id]
	if !ok {
		return fmt.Errorf("webhook %q: %w", id, ErrNotFound)
	}
	edit(w)
	w.updatedAt = e.now().UTC()
	return nil
}

// SetWebhookEvents replaces a webhook's events as if someone did it in the web app. The events are not
// checked: the web app may offer events the API document does not list.
func (e *Emulator) SetWebhookEvents(id string, events ...string) error {
	return e.editWebhook(id, func(w *webhook) { w.events = slices.Clone(events) })
}

// RenameWebhook renames a webhook as if someone did it in the web app.
func (e *Emulator) RenameWebhook(id, name string) error {
	return e.editWebhook(id, func(w *webhook) { w.name = name })
}

// SetWebhookActive turns a webhook on or off as if someone did it in the web app.
func (e *Emulator) SetWebhookActive(id string, active bool) error {
	return e.editWebhook(id, func(w *webhook) { w.active = active })
}

// DeleteWebhook deletes a webhook as if someone did it in the web app.
func (e *Emulator) DeleteWebhook(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.webhooks[id]; !ok {
		return fmt.Errorf("webhook %q: %w", id, ErrNotFound)
	}
	delete(e.webhooks, id)
	return nil
}
