package frameio

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"time"
)

// Creates whose reply is lost.
//
// The API document does not say whether a call that failed took effect, and it offers no idempotency
// key. Our reading: a failure is "may have taken effect" unless it is a clear refusal, a 4xx reply (the
// service answered and said no; a 429 too, which the service answers before doing anything). A 5xx (a
// 502 or 504 from a gateway that lost the service's reply included), a cut or reset connection, an EOF,
// a timeout, a cancelled request and a 2xx reply that cannot be read may each have taken effect. A
// connection that could not be opened (a dial error) surely did not.
//
// So a create (an operation whose registry entry says create) is never sent again blindly: the
// transport retries it only after a 429 or a dial error (checkCreateRetry). After a failure that may
// have taken effect, createOnce looks for what the request made: an object like the one asked for (same
// container, same name, and what else the listing shows of the request), created at or after the
// request started less createSkew, that this Client neither made nor deleted itself nor was told existed
// before (ledger.go: the current version of a file that gets a new one, of the same name). Found,
// it is adopted (the oldest, if several), or, where adopting is impossible (a local upload: the
// pre-signed part URLs were in the lost reply), deleted, and the create is made again. Not found after
// createLooks looks (a new object may take a moment to be listed), the create is made again, up to the
// Client's retry count. Two creates of the same name in the same container by this Client never
// overlap (ledger.lock), so one never adopts what the other made; another process creating the same
// name in the same seconds still could.

const (
	// createSkew is how much earlier than the request's start, by this machine's clock, Frame.io may
	// have stamped the created_at of what the request made: an allowance for clocks a little apart.
	createSkew = 5 * time.Second
	// createLooks is how many times a lookup lists before it concludes that the create made nothing,
	// pausing the minimum retry wait, then twice, four times as long between looks: 3.5 s at the default
	// wait. Reading of what the document leaves open: listings may lag behind creates; one that lags by
	// less than that still shows what the request made (the emulator's Readings.CreateListingLag).
	createLooks = 4
	// lookTimeout bounds the lookup when the create's own context has ended (it timed out, or was
	// cancelled, while the request may have taken effect): what it made is still adopted, not orphaned.
	lookTimeout = time.Minute
)

// created is an object a create makes: a folder, a file, a version stack, a share, a field definition, a
// project or a webhook.
type created interface {
	Folder | File | VersionStack | Share | FieldDefinition | Project | Webhook
}

// createSpec is one create and how to find what it made.
type createSpec[T created] struct {
	op  *operation
	ids []string // the ids of the path, the account's first: validated before anything is sent
	// key names what the create makes (kind, container and name): creates of one key are serialised.
	key    string
	create func(ctx context.Context) (*T, error)
	// look lists the objects the create may have made: those like the one asked for, in any order.
	// createOnce keeps those made since the request started and not known to the ledger.
	look func(ctx context.Context) ([]T, error)
	// settle, when set, decides what to do with what look found (at least one, oldest first): return
	// the object to adopt, or undo them and return nil to create again. Unset: adopt the oldest.
	settle func(ctx context.Context, found []T) (*T, error)
}

// createOnce runs s.create so that, whatever replies are lost, at most one object is made and it is
// returned (see above). Errors are the create's own, or an *UncertainCreateError when the create may
// have taken effect and the lookup failed.
//
// Creating again after nothing was found is a retry, up to the Client's retry count. Creating again
// after what the lost reply made was undone (a local upload's file, deleted) is not: the request did
// what it was asked, and only its reply is missing; it is done at least once, even with retries off.
func createOnce[T created](ctx context.Context, a *AccountClient, s createSpec[T]) (*T, error) {
	if _, err := s.op.build(s.ids...); err != nil {
		return nil, err
	}
	c := a.c
	release, err := c.reads.ledger.lock(ctx, s.key)
	if err != nil {
		return nil, fmt.Errorf("frameio: %s: %w", s.op.id, err)
	}
	defer release()
	since := time.Now().Add(-createSkew)
	retries, undone := 0, 0
	for {
		v, err := s.create(ctx)
		if err == nil {
			c.reads.ledger.noteMade(objectID(v))
			return v, nil
		}
		if !mayHaveTakenEffect(err) {
			return nil, err
		}
		found, matched, lookErr := lookFor(ctx, c, s, since)
		switch {
		case lookErr != nil:
			return nil, uncertain(s.op.id, err, lookErr)
		case found != nil:
			c.reads.ledger.noteMade(objectID(found))
			c.warn(ctx, "frameio create failed after it took effect: adopted what it made", map[string]any{
				"operation": s.op.id, "id": objectID(found), "error": err.Error(),
			})
			return found, nil
		case ctx.Err() != nil:
			return nil, err
		case matched:
			if undone++; undone > max(1, c.maxRetries) {
				return nil, err
			}
		default:
			if retries++; retries > c.maxRetries {
				return nil, err
			}
		}
		c.warn(ctx, "frameio create failed: creating again", map[string]any{
			"operation": s.op.id, "undone": matched, "error": err.Error(),
		})
		if err := pause(ctx, c.backoff(retries+undone-1, nil)); err != nil {
			return nil, err
		}
	}
}

// lookFor looks for what s may have made since since (see createOnce), createLooks times at most. It
// returns what to adopt, or matched when it found something that s.settle undid.
func lookFor[T created](ctx context.Context, c *Client, s createSpec[T], since time.Time) (found *T, matched bool, err error) {
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookTimeout)
		defer cancel()
	}
	for i := range createLooks {
		if i > 0 {
			if err := pause(ctx, c.minWait<<(i-1)); err != nil {
				return nil, false, err
			}
		}
		items, err := s.look(ctx)
		if err != nil {
			return nil, false, fmt.Errorf("looking for what %s made: %w", s.op.id, err)
		}
		made := madeSince(items, since, &c.reads.ledger)
		switch {
		case len(made) == 0:
			continue
		case s.settle != nil:
			v, err := s.settle(ctx, made)
			return v, true, err
		}
		return &made[0], true, nil
	}
	return nil, false, nil
}

// madeSince keeps the items created at or after since that the ledger does not know, oldest first (by
// created_at, then id). An item whose created_at cannot be read is left out: its age is unknown.
func madeSince[T created](items []T, since time.Time, l *ledger) []T {
	type dated struct {
		item T
		at   time.Time
	}
	var keep []dated
	for _, it := range items {
		at, err := time.Parse(time.RFC3339Nano, createdAt(&it))
		if err != nil || at.Before(since) || l.known(objectID(&it)) {
			continue
		}
		keep = append(keep, dated{it, at})
	}
	slices.SortFunc(keep, func(x, y dated) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return compareStrings(objectID(&x.item), objectID(&y.item))
	})
	out := make([]T, len(keep))
	for i, d := range keep {
		out[i] = d.item
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// objectID and createdAt read the fields every created object has.
func objectID[T created](v *T) string {
	switch o := any(v).(type) {
	case *Folder:
		return o.ID
	case *File:
		return o.ID
	case *VersionStack:
		return o.ID
	case *Share:
		return o.ID
	case *FieldDefinition:
		return o.ID
	case *Project:
		return o.ID
	case *Webhook:
		return o.ID
	}
	return ""
}

func createdAt[T created](v *T) string {
	switch o := any(v).(type) {
	case *Folder:
		return o.CreatedAt
	case *File:
		return o.CreatedAt
	case *VersionStack:
		return o.CreatedAt
	case *Share:
		return o.CreatedAt
	case *FieldDefinition:
		return o.CreatedAt
	case *Project:
		return o.CreatedAt
	case *Webhook:
		return o.CreatedAt
	}
	return ""
}

// mayHaveTakenEffect reports whether a failed call may still have done what it asked (see above).
func mayHaveTakenEffect(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500
	}
	return !neverSent(err)
}

// neverSent reports whether a transport error happened before the request could reach the server: the
// connection was never opened.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// checkCreateRetry is the transport's retry policy for a create: only a 429 (refused before anything
// was done) and a connection that could not be opened are sent again. Everything else ends the call,
// for createOnce to look for what it made.
func checkCreateRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		return neverSent(err), nil
	}
	return resp.StatusCode == http.StatusTooManyRequests, nil
}

// UncertainCreateError is a create that failed in a way that may have taken effect, and whose lookup
// for what it made failed too: Frame.io may or may not hold a new object.
type UncertainCreateError struct {
	Op      string // operationId
	Err     error  // the create's error
	LookErr error  // the lookup's
	// MadeID is what the create made, when the lookup found it but could neither adopt nor undo it (a
	// local upload's file whose delete failed): the caller keeps track of it. "" when unknown.
	MadeID string
}

func uncertain(op string, err, lookErr error) *UncertainCreateError {
	u := &UncertainCreateError{Op: op, Err: err, LookErr: lookErr}
	var ue *undoError
	if errors.As(lookErr, &ue) {
		u.MadeID = ue.id
	}
	return u
}

// undoError is a settle that could not undo what a create made: the object id is still there.
type undoError struct {
	id  string
	err error
}

func (e *undoError) Error() string {
	return fmt.Sprintf("deleting %s, made by a create whose reply was lost: %v", e.id, e.err)
}
func (e *undoError) Unwrap() error { return e.err }

func (e *UncertainCreateError) Error() string {
	return fmt.Sprintf("%v; the request may have taken effect, and looking for what it made failed: %v", e.Err, e.LookErr)
}

// Unwrap returns both causes, so errors.Is and errors.As see each.
func (e *UncertainCreateError) Unwrap() []error { return []error{e.Err, e.LookErr} }

// pause waits d, or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// warn logs a line when a Logger is set.
func (c *Client) warn(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Warn(ctx, msg, fields)
	}
}
