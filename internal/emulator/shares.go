package emulator

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Shares (review links) of the project's assets: create, show, update, delete, and the project's list
// here; assets and reviewers in share_members.go; inspection and out-of-band changes in shares_state.go.
//
// Where the OpenAPI document is silent, the emulator takes the strictest reading (a client that copes
// with it copes with the other readings too):
//   - asset_ids must name files, folders or version stacks of the project, each once; an expiration
//     must be in the future; a share whose expiration has passed answers enabled = false.
//   - No reply lists a share's assets (no operation does); Share and Shares show them to tests.
//   - Adding an asset already in the share is 409 (200 and no change with
//     Readings.DuplicateShareAssetOK); removing one that is not in it is 404.
//   - Replies carry the passphrase (null when none) unless Readings.OmitSharePassphrase.
//   - Reviewers are for secure shares: adding one to a public share is 422, and a share made public
//     loses its reviewers. Emails are stored lower-cased; adding a reviewer twice keeps one; removing
//     one that is not a reviewer is not an error.
//   - A PATCH name may not be null (the schema allows it; a share always has a name).
//   - short_url is the emulator's own URL, {base}/s/{code}, which serves a small page naming the share
//     and its assets, so that a demo's review link opens something. Frame.io's are https://f.io/{code}.
//   - With SetSharePassphraseRequired, a share created or updated without a passphrase gets a generated
//     one ("if passphrase is required and not given it will be generated").

// share is the server-side state of a share.
type share struct {
	id, projectID, name, access, code string
	collectionID                      string
	description, passphrase           *string
	expiration                        *time.Time
	downloading, commenting           bool
	assets                            []string // in the order added
	reviewers                         []string // lower-cased emails, in the order added
	seq                               int64
	createdAt, updatedAt              time.Time
}

// Share limits of the OpenAPI document (AssetShareParams, UpdateShareParams).
const (
	maxShareAssets      = 100
	maxShareName        = 175
	maxShareDescription = 640
	maxSharePassphrase  = 255
)

func (e *Emulator) shareJSON(s *share, now time.Time) map[string]any {
	var exp any
	enabled := true
	if s.expiration != nil {
		exp = ts(*s.expiration)
		enabled = now.Before(*s.expiration)
	}
	v := map[string]any{
		"id":                  s.id,
		"name":                s.name,
		"description":         nullable(s.description),
		"collection_id":       s.collectionID,
		"short_url":           e.URL() + "/s/" + s.code,
		"access":              s.access,
		"enabled":             enabled,
		"commenting_enabled":  s.commenting,
		"downloading_enabled": s.downloading,
		"expiration":          exp,
		"last_viewed_at":      nil,
		"passphrase":          nullable(s.passphrase),
		"created_at":          ts(s.createdAt),
		"updated_at":          ts(s.updatedAt),
	}
	if e.readings.get().OmitSharePassphrase {
		delete(v, "passphrase")
	}
	return v
}

func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// getShareLocked looks up share id as seen through the request's account: a share of a project in
// another account is 404. Called with e.mu held.
func (e *Emulator) getShareLocked(r *http.Request, id string) (*share, *httpError) {
	s, ok := e.shares[id]
	if !ok {
		return nil, notFound("share", id)
	}
	if p := e.dir.projects[s.projectID]; p == nil || e.accountOfProjectLocked(p) != r.PathValue("account_id") {
		return nil, notFound("share", id)
	}
	return s, nil
}

// projectInAccountLocked looks up the project of the request's path in its account.
func (e *Emulator) projectInAccountLocked(r *http.Request) (*project, *httpError) {
	id := r.PathValue("project_id")
	p := e.dir.projects[id]
	if p == nil || e.accountOfProjectLocked(p) != r.PathValue("account_id") {
		return nil, notFound("project", id)
	}
	return p, nil
}

// checkShareName: 1..175 characters, at least one that is not white space, no line breaks.
func checkShareName(name string) *httpError {
	const ptr = "/data/name"
	switch n := utf8.RuneCountInString(name); {
	case n < 1:
		return invalid(ptr, "String length is smaller than the minimum of 1")
	case n > maxShareName:
		return invalid(ptr, fmt.Sprintf("String length is larger than the maximum of %d", maxShareName))
	case strings.TrimSpace(name) == "":
		return invalid(ptr, "Share name must include at least one non-whitespace character")
	case strings.ContainsAny(name, "\n\r\v\f\u0085\u2028\u2029"):
		return invalid(ptr, "Share name must not contain line breaks")
	}
	return nil
}

// parseExpiration reads a date-time that must lie after now.
func parseExpiration(v string, now time.Time) (time.Time, *httpError) {
	const ptr = "/data/expiration"
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, invalid(ptr, fmt.Sprintf("Invalid date-time %q: RFC 3339 expected", v))
	}
	if !t.After(now) {
		return time.Time{}, invalid(ptr, fmt.Sprintf("expiration %s is not in the future", v))
	}
	return t.UTC().Truncate(time.Microsecond), nil
}

// optString validates a nullable string field of minLen..maxLen characters; null, and "" where
// minLen is 0, come back as nil (no value).
func optString(v any, field string, minLen, maxLen int) (*string, *httpError) {
	if v == nil || v == "" && minLen == 0 {
		return nil, nil
	}
	s := v.(string)
	ptr := "/data/" + field
	switch n := utf8.RuneCountInString(s); {
	case n < minLen:
		return nil, invalid(ptr, fmt.Sprintf("String length is smaller than the minimum of %d", minLen))
	case n > maxLen:
		return nil, invalid(ptr, fmt.Sprintf("String length is larger than the maximum of %d", maxLen))
	}
	return &s, nil
}

func checkAccess(v string) *httpError {
	if v != "public" && v != "secure" {
		return invalid("/data/access", fmt.Sprintf("Invalid value for access: %q (public or secure)", v))
	}
	return nil
}

// isProjectAssetLocked reports whether id is a file, folder or version stack of project projectID.
func (e *Emulator) isProjectAssetLocked(projectID, id string) bool {
	_, file := e.files[id]
	_, folder := e.folders[id]
	_, stack := e.stacks[id]
	return (file || folder || stack) && e.projectIDOfLocked(id) == projectID
}

// shareAssetIDs checks create's asset_ids: 1..100 unique ids of assets of the project.
func (e *Emulator) shareAssetIDsLocked(projectID string, raw []any) ([]string, *httpError) {
	const ptr = "/data/asset_ids"
	if n := len(raw); n < 1 || n > maxShareAssets {
		return nil, invalid(ptr, fmt.Sprintf("asset_ids must have 1 to %d items, got %d", maxShareAssets, n))
	}
	ids := make([]string, len(raw))
	seen := map[string]bool{}
	for i, v := range raw {
		p := fmt.Sprintf("%s/%d", ptr, i)
		id, ok := v.(string)
		switch {
		case !ok:
			return nil, invalid(p, "Invalid string. Got: "+jsonType(v))
		case seen[id]:
			return nil, invalid(p, fmt.Sprintf("asset %q is listed twice", id))
		case !e.isProjectAssetLocked(projectID, id):
			return nil, invalid(p, fmt.Sprintf("asset %q is not a file, folder or version stack of the project", id))
		}
		seen[id] = true
		ids[i] = id
	}
	return ids, nil
}

// randomCode is a short-URL code: 8 characters of [0-9A-Za-z].
func randomCode() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var b [8]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

// generatedPassphrase is what a share gets when a passphrase is required and none was given.
func generatedPassphrase() *string {
	p := "gen-" + randomCode() + randomCode()
	return &p
}

// ---- handlers ----

func (e *Emulator) hShareCreate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r,
		fieldSpec{"type", kString, true},
		fieldSpec{"name", kString, true},
		fieldSpec{"access", kString, true},
		fieldSpec{"asset_ids", kArray, false},
		fieldSpec{"downloading_enabled", kBool, false},
		fieldSpec{"expiration", kNullString, false},
		fieldSpec{"passphrase", kNullString, false},
		fieldSpec{"description", kNullString, false},
	)
	if herr != nil {
		return 0, nil, herr
	}
	if t := d["type"].(string); t != "asset" {
		return 0, nil, invalid("/data/type", fmt.Sprintf("Invalid value for type: %q (asset)", t))
	}
	name, access := d["name"].(string), d["access"].(string)
	if herr := checkShareName(name); herr != nil {
		return 0, nil, herr
	}
	if herr := checkAccess(access); herr != nil {
		return 0, nil, herr
	}
	passphrase, herr := optString(d["passphrase"], "passphrase", 0, maxSharePassphrase)
	if herr != nil {
		return 0, nil, herr
	}
	description, herr := optString(d["description"], "description", 0, maxShareDescription)
	if herr != nil {
		return 0, nil, herr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	now := e.now()
	s := &share{id: newID(), projectID: p.id, name: name, access: access, code: randomCode(), collectionID: newID(),
		description: description, passphrase: passphrase, downloading: true, commenting: true,
		createdAt: now.UTC(), updatedAt: now.UTC()}
	if v, ok := d["expiration"].(string); ok {
		t, herr := parseExpiration(v, now)
		if herr != nil {
			return 0, nil, herr
		}
		s.expiration = &t
	}
	if v, ok := d["downloading_enabled"].(bool); ok {
		s.downloading = v
	}
	if raw, ok := d["asset_ids"].([]any); ok {
		if s.assets, herr = e.shareAssetIDsLocked(p.id, raw); herr != nil {
			return 0, nil, herr
		}
	}
	if s.passphrase == nil && e.sharePassphraseRequired {
		s.passphrase = generatedPassphrase()
	}
	e.seq++
	s.seq = e.seq
	e.shares[s.id] = s
	return http.StatusCreated, data(e.shareJSON(s, now)), nil
}

func (e *Emulator) hShareShow(r *http.Request) (int, any, *httpError) {
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		return 200, data(e.shareJSON(s, e.now())), nil
	})
}

// hShareList lists the project's shares in creation order (page_size 1..100).
func (e *Emulator) hShareList(r *http.Request) (int, any, *httpError) {
	size, after, total, herr := pageParams(r, 100)
	if herr != nil {
		return 0, nil, herr
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, herr := e.projectInAccountLocked(r)
	if herr != nil {
		return 0, nil, herr
	}
	now := e.now()
	items := make([]listItem, 0, len(e.shares))
	for _, s := range e.shares {
		if s.projectID == p.id {
			items = append(items, listItem{s.seq, e.shareJSON(s, now)})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	return 200, pageReply(r, items, size, after, total), nil
}

// hShareUpdate changes the fields given (UpdateShareParams: at least one).
func (e *Emulator) hShareUpdate(r *http.Request) (int, any, *httpError) {
	d, herr := decodeData(r,
		fieldSpec{"name", kNullString, false},
		fieldSpec{"access", kString, false},
		fieldSpec{"description", kNullString, false},
		fieldSpec{"downloading_enabled", kBool, false},
		fieldSpec{"expiration", kNullString, false},
		fieldSpec{"passphrase", kNullString, false},
	)
	if herr != nil {
		return 0, nil, herr
	}
	if len(d) == 0 {
		return 0, nil, invalid("/data", "data must have at least 1 property")
	}
	if v, ok := d["name"]; ok {
		if v == nil {
			return 0, nil, invalid("/data/name", "name cannot be null: a share always has a name")
		}
		if herr := checkShareName(v.(string)); herr != nil {
			return 0, nil, herr
		}
	}
	if v, ok := d["access"].(string); ok {
		if herr := checkAccess(v); herr != nil {
			return 0, nil, herr
		}
	}
	description, herr := optString(d["description"], "description", 1, maxShareDescription)
	if herr != nil {
		return 0, nil, herr
	}
	passphrase, herr := optString(d["passphrase"], "passphrase", 0, maxSharePassphrase)
	if herr != nil {
		return 0, nil, herr
	}

	return e.withShare(r, func(s *share) (int, any, *httpError) {
		now := e.now()
		var expiration *time.Time
		if v, ok := d["expiration"].(string); ok {
			t, herr := parseExpiration(v, now)
			if herr != nil {
				return 0, nil, herr
			}
			expiration = &t
		}
		// Every check has passed: apply all or nothing.
		if v, ok := d["name"].(string); ok {
			s.name = v
		}
		if v, ok := d["access"].(string); ok {
			s.access = v
			if v == "public" {
				s.reviewers = nil
			}
		}
		if _, ok := d["description"]; ok {
			s.description = description
		}
		if v, ok := d["downloading_enabled"].(bool); ok {
			s.downloading = v
		}
		if _, ok := d["expiration"]; ok {
			s.expiration = expiration
		}
		if _, ok := d["passphrase"]; ok {
			s.passphrase = passphrase
			if s.passphrase == nil && e.sharePassphraseRequired {
				s.passphrase = generatedPassphrase()
			}
		}
		s.updatedAt = now.UTC()
		return 200, data(e.shareJSON(s, now)), nil
	})
}

func (e *Emulator) hShareDelete(r *http.Request) (int, any, *httpError) {
	return e.withShare(r, func(s *share) (int, any, *httpError) {
		delete(e.shares, s.id)
		return http.StatusNoContent, nil, nil
	})
}
