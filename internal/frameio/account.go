package frameio

import "context"

// AccountClient calls the operations of one account: every operation whose path starts with
// /v4/accounts/{account_id} is one of its methods, which fill the account in. It shares its Client's
// transport, pacing and read cache, and is safe for concurrent use.
type AccountClient struct {
	c  *Client
	id string
}

// ForAccount returns the client of account accountID. It makes no call: an empty or invalid id is
// reported by the first call.
func (c *Client) ForAccount(accountID string) *AccountClient {
	return &AccountClient{c: c, id: accountID}
}

// ID returns the account id.
func (a *AccountClient) ID() string { return a.id }

// Me returns the user the token belongs to.
func (c *Client) Me(ctx context.Context) (*User, error) {
	return one[User](ctx, c, opMe, nil)
}

// Client returns the client the account's calls go through, for the account-free calls.
func (a *AccountClient) Client() *Client { return a.c }

// WaitSlot blocks until a call of the operation with OpenAPI operationId opID could be sent at once
// within its rate limit, without booking the call: the next call of that operation books it. A caller
// that gathers work while it waits (the metadata writer) chooses what its call carries when the call
// can go. It returns early with ctx's error. An unknown operation id is not paced: it returns at once.
func (a *AccountClient) WaitSlot(ctx context.Context, opID string) error {
	return a.c.pacer.waitFree(ctx, opID)
}
