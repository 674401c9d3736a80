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
