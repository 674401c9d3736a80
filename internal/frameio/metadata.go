package frameio

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"
)

// Metadata: the account's field definitions and the values of files. The API has no operation that
// shows one field definition: ReadFieldDefinition answers from the account's list, made once per Client
// and made again after any write of a definition through it.

// ListFieldDefinitions returns every field definition of the account (system fields included), across
// pages.
func (a *AccountClient) ListFieldDefinitions(ctx context.Context) ([]FieldDefinition, error) {
	return listAll[FieldDefinition](ctx, a.c, opListFieldDefs, a.id)
}

// ReadFieldDefinition returns field definition id as the account's list shows it (see above). A
// definition that is not in the list is an *APIError with status 404 (IsNotFound): deleted, or never
// there.
func (a *AccountClient) ReadFieldDefinition(ctx context.Context, id string) (*FieldDefinition, error) {
	if err := validateID("fieldDefinitionID", id); err != nil {
		return nil, err
	}
	defs, err := a.c.reads.fields.list(ctx, a)
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		if d.ID == id {
			return &d, nil
		}
	}
	p, _ := opUpdateFieldDef.build(a.id, id)
	return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: p, Operation: opListFieldDefs.id,
		Errors: []ErrorDetail{{Title: "Not Found", Detail: fmt.Sprintf("field definition %q is not among the account's field definitions", id)}}}
}

// ReadFieldDefinitionAgain is ReadFieldDefinition from a new listing of the account's definitions, not
// the one the Client holds: for a definition made moments ago that the listing did not show (listings
// may lag behind a create; the document promises no read-after-write consistency).
func (a *AccountClient) ReadFieldDefinitionAgain(ctx context.Context, id string) (*FieldDefinition, error) {
	a.c.reads.fields.written(a.id) // forget the list: the next read lists again
	return a.ReadFieldDefinition(ctx, id)
}

// ReadFieldDefinitions returns the account's field definitions from the list ReadFieldDefinition uses
// (a copy).
func (a *AccountClient) ReadFieldDefinitions(ctx context.Context) ([]FieldDefinition, error) {
	defs, err := a.c.reads.fields.list(ctx, a)
	return append([]FieldDefinition(nil), defs...), err
}

// CreateFieldDefinition creates a field definition in the account. After a lost reply it adopts the
// definition of that name and type the request made, found in the account's list (lostreply.go).
func (a *AccountClient) CreateFieldDefinition(ctx context.Context, d NewFieldDefinition) (*FieldDefinition, error) {
	if d.Name == "" || d.FieldType == "" {
		return nil, errors.New("frameio: CreateFieldDefinition: Name and FieldType must not be empty")
	}
	name := d.Name
	params := fieldDefinitionParams{Name: &name, FieldType: d.FieldType, Config: requestConfig(d.Config)}
	made, err := createOnce(ctx, a, createSpec[FieldDefinition]{
		op: opCreateFieldDef, ids: []string{a.id}, key: "field\n" + a.id + "\n" + d.Name,
		create: func(ctx context.Context) (*FieldDefinition, error) {
			return one[FieldDefinition](ctx, a.c, opCreateFieldDef, params, a.id)
		},
		look: func(ctx context.Context) ([]FieldDefinition, error) {
			defs, err := a.ListFieldDefinitions(ctx)
			return keep(defs, func(f FieldDefinition) bool { return f.Name == d.Name && f.FieldType == d.FieldType }), err
		},
	})
	a.c.reads.fields.written(a.id)
	if err == nil {
		a.c.reads.fields.made(a.id, *made)
	}
	return made, err
}

// UpdateFieldDefinition changes a field definition's name and configuration. An update sent again
// after a failure sets the same values again, so the transport's plain retries are safe. Where the
// document is silent the emulator reads new options as keeping the ids of options whose display name
// stays (with a reading that renews them all): use the reply's option ids, never the earlier ones.
func (a *AccountClient) UpdateFieldDefinition(ctx context.Context, id string, u FieldDefinitionUpdate) (*FieldDefinition, error) {
	if u.FieldType == "" {
		return nil, errors.New("frameio: UpdateFieldDefinition: FieldType must not be empty (the API requires the field's type)")
	}
	params := fieldDefinitionParams{Name: u.Name, FieldType: u.FieldType, Config: requestConfig(u.Config)}
	defer a.c.reads.fields.written(a.id)
	return one[FieldDefinition](ctx, a.c, opUpdateFieldDef, params, a.id, id)
}

// DeleteFieldDefinition deletes a field definition, and with it its values on every file.
func (a *AccountClient) DeleteFieldDefinition(ctx context.Context, id string) error {
	defer a.c.reads.fields.deleted(a.id, id)
	return a.c.call(ctx, opDeleteFieldDef, nil, nil, a.id, id)
}

// FileMetadata returns the metadata values of a file (metadata.show: the fields that have a value).
// The reads of files return the same under File.Metadata at no extra call.
func (a *AccountClient) FileMetadata(ctx context.Context, fileID string) ([]MetadataField, error) {
	m, err := one[fileMetadata](ctx, a.c, opShowMetadata, nil, a.id, fileID)
	if err != nil {
		return nil, err
	}
	return m.Metadata, nil
}

// BulkUpdateMetadata sets values on files of project projectID: every value on every file, all or
// nothing (the API answers 204). It takes 1..MaxBulkMetadataFiles file ids and 1..MaxBulkMetadataValues
// values, each field once; more is an error and nothing is sent: the caller splits. Sent again after a
// failure it sets the same values again, so the transport's plain retries are safe (not a create). The
// read cache does not serve the listings of those files made before it.
func (a *AccountClient) BulkUpdateMetadata(ctx context.Context, projectID string, fileIDs []string, values []MetadataValue) error {
	switch {
	case len(fileIDs) < 1 || len(fileIDs) > MaxBulkMetadataFiles:
		return fmt.Errorf("frameio: BulkUpdateMetadata: %d file ids, the API takes 1 to %d", len(fileIDs), MaxBulkMetadataFiles)
	case len(values) < 1 || len(values) > MaxBulkMetadataValues:
		return fmt.Errorf("frameio: BulkUpdateMetadata: %d values, the API takes 1 to %d", len(values), MaxBulkMetadataValues)
	}
	for i, id := range fileIDs {
		if err := validateID(fmt.Sprintf("fileIDs[%d]", i), id); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i, v := range values {
		if err := validateID(fmt.Sprintf("values[%d].FieldDefinitionID", i), v.FieldDefinitionID); err != nil {
			return err
		}
		if seen[v.FieldDefinitionID] {
			return fmt.Errorf("frameio: BulkUpdateMetadata: field %s is given twice", v.FieldDefinitionID)
		}
		seen[v.FieldDefinitionID] = true
	}
	return a.c.call(ctx, opBulkUpdateMetadata, bulkMetadataParams{FileIDs: fileIDs, Values: values}, nil, a.id, projectID)
}

// fieldDefCache holds each account's list of field definitions for ReadFieldDefinition: made by the
// first Read, shared by the Reads that arrive while it is made, and made again after a write of a
// definition through the Client (gen).
type fieldDefCache struct {
	mu    sync.Mutex
	gen   uint64
	lists map[string]*fieldDefListing // by account
	// unlisted holds, by account, the definitions this client created that a listing has not shown yet:
	// the document promises no read-after-write consistency for listings, and a field made earlier in
	// the same apply must be found by the files that set values on it. A listing that shows the id ends
	// its stay here (from then on the listing is the truth, a later change made in the web app included).
	unlisted map[string]map[string]FieldDefinition
}

type fieldDefListing struct {
	gen  uint64
	done chan struct{}
	defs []FieldDefinition
	err  error
}

// list returns the account's definitions, listing them when no fresh list is there.
func (c *fieldDefCache) list(ctx context.Context, a *AccountClient) ([]FieldDefinition, error) {
	c.mu.Lock()
	l := c.lists[a.id]
	if l == nil || l.gen < c.gen || failed(l) {
		l = &fieldDefListing{gen: c.gen, done: make(chan struct{})}
		if c.lists == nil {
			c.lists = map[string]*fieldDefListing{}
		}
		c.lists[a.id] = l
		c.mu.Unlock()
		l.defs, l.err = a.ListFieldDefinitions(ctx)
		close(l.done)
		return c.withUnlisted(a.id, l.defs, l.err)
	}
	c.mu.Unlock()
	select {
	case <-l.done:
		return c.withUnlisted(a.id, l.defs, l.err)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// made records a definition this client created, until a listing shows it.
func (c *fieldDefCache) made(account string, d FieldDefinition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unlisted == nil {
		c.unlisted = map[string]map[string]FieldDefinition{}
	}
	if c.unlisted[account] == nil {
		c.unlisted[account] = map[string]FieldDefinition{}
	}
	c.unlisted[account][d.ID] = d
}

// withUnlisted returns a listing with the definitions this client created that it does not show yet
// added at its end, and forgets those it shows. The listing itself is not changed (callers share it).
func (c *fieldDefCache) withUnlisted(account string, defs []FieldDefinition, err error) ([]FieldDefinition, error) {
	if err != nil {
		return defs, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	pending := c.unlisted[account]
	if len(pending) == 0 {
		return defs, nil
	}
	for _, d := range defs {
		delete(pending, d.ID)
	}
	if len(pending) == 0 {
		return defs, nil
	}
	out := append([]FieldDefinition(nil), defs...)
	for _, id := range slices.Sorted(maps.Keys(pending)) {
		out = append(out, pending[id])
	}
	return out, nil
}

// failed reports whether a finished listing failed: the next Read lists again.
func failed(l *fieldDefListing) bool {
	select {
	case <-l.done:
		return l.err != nil
	default:
		return false
	}
}

// deleted records a delete (made or failed) of definition id: a definition this client created and
// deletes is no longer added to listings that do not show it.
func (c *fieldDefCache) deleted(account, id string) {
	c.mu.Lock()
	delete(c.unlisted[account], id)
	c.mu.Unlock()
	c.written(account)
}

// written records a write of a definition of account (made or failed: it may have taken effect).
func (c *fieldDefCache) written(account string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.lists, account)
}
