package frameio

import (
	"context"
	"errors"
	"slices"
)

// Webhooks of a workspace. The signing secret is in the create reply only: nothing shows it again.

// ListWebhooks returns every webhook of a workspace, across pages. None carries its secret.
func (a *AccountClient) ListWebhooks(ctx context.Context, workspaceID string) ([]Webhook, error) {
	return listAll[Webhook](ctx, a.c, opListWebhooks, a.id, workspaceID)
}

// CreateWebhook creates a webhook in workspace workspaceID and returns it with its signing secret
// (Webhook.Secret), which no other reply carries.
//
// A webhook whose create reply was lost is not adopted: its secret was in that reply, and nothing shows
// it again, so an adopted webhook would sign events with a secret nobody knows (its receiver could verify
// none of them). The webhook of that name, url and set of events the request made (listed among the
// workspace's webhooks, created since the request started, not known to this Client) is deleted instead,
// its id logged, and the create made again, so that
// the secret returned is the one of the webhook that exists. If that delete fails, the error is an
// *UncertainCreateError whose MadeID names the webhook left behind.
func (a *AccountClient) CreateWebhook(ctx context.Context, workspaceID string, w NewWebhook) (*Webhook, error) {
	params := webhookCreateParams{Name: w.Name, URL: w.URL, Events: w.Events}
	return createOnce(ctx, a, createSpec[Webhook]{
		op: opCreateWebhook, ids: []string{a.id, workspaceID}, key: "webhook\n" + workspaceID + "\n" + w.Name + "\n" + w.URL,
		create: func(ctx context.Context) (*Webhook, error) {
			return one[Webhook](ctx, a.c, opCreateWebhook, params, a.id, workspaceID)
		},
		look: func(ctx context.Context) ([]Webhook, error) {
			hooks, err := a.ListWebhooks(ctx, workspaceID)
			// Same events too: a webhook someone else made meanwhile with the same name and url but other
			// events is not the one the request made, and must not be deleted.
			return keep(hooks, func(h Webhook) bool { return h.Name == w.Name && h.URL == w.URL && sameEvents(h.Events, w.Events) }), err
		},
		settle: func(ctx context.Context, found []Webhook) (*Webhook, error) {
			for _, h := range found {
				if err := a.DeleteWebhook(ctx, h.ID); err != nil && !IsNotFound(err) {
					return nil, &undoError{id: h.ID, err: err}
				}
				a.c.warn(ctx, "deleted the webhook a create made before its reply (with the secret) was lost", map[string]any{
					"webhook_id": h.ID,
				})
			}
			return nil, nil // create again: its reply carries the secret
		},
	})
}

// sameEvents reports whether a and b hold the same events, in any order (the API keeps no order a client
// can rely on).
func sameEvents(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// GetWebhook returns a webhook, without its secret.
func (a *AccountClient) GetWebhook(ctx context.Context, webhookID string) (*Webhook, error) {
	return one[Webhook](ctx, a.c, opShowWebhook, nil, a.id, webhookID)
}

// UpdateWebhook changes the fields set in u and returns the webhook (without its secret, which stays).
// An empty update is an error, and nothing is sent.
func (a *AccountClient) UpdateWebhook(ctx context.Context, webhookID string, u WebhookUpdate) (*Webhook, error) {
	p := u.params()
	if len(p) == 0 {
		return nil, errors.New("frameio: UpdateWebhook: nothing to update")
	}
	return one[Webhook](ctx, a.c, opUpdateWebhook, p, a.id, webhookID)
}

// DeleteWebhook deletes a webhook. A webhook deleted, or found gone (404), is recorded for Deleted.
func (a *AccountClient) DeleteWebhook(ctx context.Context, webhookID string) error {
	return a.deleted(webhookID, a.c.call(ctx, opDeleteWebhook, nil, nil, a.id, webhookID))
}
