package frameio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Pagination: a list asks for the page size of its registry entry and follows links.next.

// listAll fetches every page of a list operation, following links.next.
func listAll[T any](ctx context.Context, c *Client, op *operation, ids ...string) ([]T, error) {
	if op.pageSize <= 0 || op.method != http.MethodGet {
		return nil, fmt.Errorf("frameio: %s: internal error: not a list operation", op.id)
	}
	p, err := op.build(ids...)
	if err != nil {
		return nil, err
	}
	u := c.resolve(p)
	size := c.pageSizeOf(op)
	q, err := url.ParseQuery(op.query)
	if err != nil {
		return nil, fmt.Errorf("frameio: %s: internal error: query %q: %v", op.id, op.query, err)
	}
	q.Set(queryPageSize, fmt.Sprint(size))
	u.RawQuery = q.Encode()

	var all []T
	// The first page counts as seen: a links.next that leads back to it (such as the documented
	// example "next": "/v4/accounts", which carries no cursor) is a loop, not one more page.
	seen := map[string]bool{u.String(): true}
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, fmt.Errorf("frameio: %s %s: more than %d pages", op.method, u.EscapedPath(), maxPages)
		}
		reply, err := c.do(ctx, op, u, nil)
		if err != nil {
			return nil, err
		}
		pg, err := decodePage[T](op.method, u.EscapedPath(), reply)
		if err != nil {
			return nil, err
		}
		all = append(all, pg.Data...)
		if pg.Links.Next == nil || strings.TrimSpace(*pg.Links.Next) == "" {
			return all, nil
		}
		next, err := c.resolveNext(*pg.Links.Next, size, op.query)
		if err != nil {
			return nil, fmt.Errorf("frameio: %s %s: %w", op.method, u.EscapedPath(), err)
		}
		key := next.String()
		if seen[key] {
			return nil, fmt.Errorf("frameio: %s %s: pagination loops (links.next repeats)", op.method, u.EscapedPath())
		}
		seen[key] = true
		u = next
	}
}

// decodePage decodes one page of a list reply (its size bounded first: replyshape.go).
func decodePage[T any](method, path string, reply []byte) (*pageEnvelope[T], error) {
	if err := checkReplyItems(reply); err != nil {
		return nil, fmt.Errorf("frameio: %s %s: %w", method, path, err)
	}
	var pg pageEnvelope[T]
	if err := json.Unmarshal(reply, &pg); err != nil {
		return nil, fmt.Errorf("frameio: %s %s: decoding reply: %w", method, path, err)
	}
	return &pg, nil
}

// pageSizeOf is the page_size list operation op asks for.
func (c *Client) pageSizeOf(op *operation) int {
	if c.maxPageSize > 0 && c.maxPageSize < op.pageSize {
		return c.maxPageSize
	}
	return op.pageSize
}

// resolveNext turns a links.next value (normally a relative "/v4/...?after=..." path, possibly an
// absolute URL) into the URL of the next page, adding page_size and the operation's fixed query
// parameters back (the link does not repeat query parameters). An absolute link to another host is
// refused: it would receive the token.
func (c *Client) resolveNext(next string, pageSize int, fixed string) (*url.URL, error) {
	ref, err := url.Parse(strings.TrimSpace(next))
	if err != nil {
		return nil, fmt.Errorf("invalid links.next: %v", err)
	}
	var u *url.URL
	switch {
	case ref.Scheme != "" || ref.Host != "":
		u = c.base.ResolveReference(ref)
		if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) {
			return nil, fmt.Errorf("refusing to follow links.next to another origin (%s://%s)", u.Scheme, u.Host)
		}
	default:
		p := ref.EscapedPath()
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("invalid links.next: not an absolute path")
		}
		// resolve adds the base URL's path prefix; the link may or may not carry it already.
		if prefix := c.base.EscapedPath(); prefix != "" && strings.HasPrefix(p, prefix+"/") {
			p = strings.TrimPrefix(p, prefix)
		}
		u = c.resolve(p)
		u.RawQuery = ref.RawQuery
	}
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	changed := false
	if q.Get(queryPageSize) == "" {
		q.Set(queryPageSize, fmt.Sprint(pageSize))
		changed = true
	}
	keep, _ := url.ParseQuery(fixed) // checked by listAll
	for k, v := range keep {
		if !q.Has(k) {
			q[k] = v
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u, nil
}
