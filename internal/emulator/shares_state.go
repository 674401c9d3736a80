package emulator

import (
	"fmt"
	"html"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Share is a snapshot of a stored share for test inspection.
type Share struct {
	ID                 string
	ProjectID          string
	Name               string
	Access             string // public or secure
	ShortURL           string
	Description        string    // "" = none
	Passphrase         string    // "" = none
	Expiration         time.Time // zero = none
	DownloadingEnabled bool
	AssetIDs           []string // in the order added: what no API reply shows
	Reviewers          []string // lower-cased emails, in the order added
	CreatedAt          time.Time
}

func (e *Emulator) shareSnapshotLocked(s *share) Share {
	out := Share{ID: s.id, ProjectID: s.projectID, Name: s.name, Access: s.access, ShortURL: e.URL() + "/s/" + s.code,
		DownloadingEnabled: s.downloading, AssetIDs: append([]string(nil), s.assets...),
		Reviewers: append([]string(nil), s.reviewers...), CreatedAt: s.createdAt}
	if s.description != nil {
		out.Description = *s.description
	}
	if s.passphrase != nil {
		out.Passphrase = *s.passphrase
	}
	if s.expiration != nil {
		out.Expiration = *s.expiration
	}
	return out
}

// Share returns a snapshot of one share.
func (e *Emulator) Share(id string) (Share, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.shares[id]
	if !ok {
		return Share{}, false
	}
	return e.shareSnapshotLocked(s), true
}

// Shares returns snapshots of all shares in creation order.
func (e *Emulator) Shares() []Share {
	e.mu.Lock()
	defer e.mu.Unlock()
	ss := make([]*share, 0, len(e.shares))
	for _, s := range e.shares {
		ss = append(ss, s)
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].seq < ss[j].seq })
	out := make([]Share, len(ss))
	for i, s := range ss {
		out[i] = e.shareSnapshotLocked(s)
	}
	return out
}

// SetSharePassphraseRequired makes shares created or updated without a passphrase get a generated one,
// as on an account that requires passphrases.
func (e *Emulator) SetSharePassphraseRequired(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sharePassphraseRequired = on
}

// editShare applies an out-of-band change to share id.
func (e *Emulator) editShare(id string, edit func(*share)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.shares[id]
	if !ok {
		return fmt.Errorf("share %q: %w", id, ErrNotFound)
	}
	edit(s)
	s.updatedAt = e.now().UTC()
	return nil
}

// RenameShare renames a share as if someone did it in the web app.
func (e *Emulator) RenameShare(id, name string) error {
	return e.editShare(id, func(s *share) { s.name = name })
}

// SetShareDownloading turns downloading on or off as if someone did it in the web app.
func (e *Emulator) SetShareDownloading(id string, on bool) error {
	return e.editShare(id, func(s *share) { s.downloading = on })
}

// AddShareReviewer invites a reviewer (by email) as if someone did it in the web app.
func (e *Emulator) AddShareReviewer(id, email string) error {
	return e.editShare(id, func(s *share) { s.reviewers = append(s.reviewers, strings.ToLower(email)) })
}

// DeleteShare deletes a share as if someone did it in the web app.
func (e *Emulator) DeleteShare(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.shares[id]; !ok {
		return fmt.Errorf("share %q: %w", id, ErrNotFound)
	}
	delete(e.shares, id)
	return nil
}

// serveShareLink serves GET /s/{code}, the short URL: a small page naming the share and its assets, in
// place of Frame.io's review page. No authentication, like a review link.
func (e *Emulator) serveShareLink(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimPrefix(r.URL.Path, "/s/")
	e.mu.Lock()
	var found *share
	for _, s := range e.shares {
		if s.code == code {
			found = s
		}
	}
	if found == nil || r.Method != http.MethodGet && r.Method != http.MethodHead {
		e.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html>\n<title>%s</title>\n<h1>%s</h1>\n<p>Review link (Frame.io emulator): %s share",
		html.EscapeString(found.name), html.EscapeString(found.name), found.access)
	if found.expiration != nil {
		fmt.Fprintf(&b, ", expires %s", ts(*found.expiration))
	}
	b.WriteString(".</p>\n<ul>\n")
	for _, id := range found.assets {
		fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(e.assetNameLocked(id)))
	}
	b.WriteString("</ul>\n")
	e.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(b.String()))
}

// assetNameLocked names a file, folder or version stack for the share page.
func (e *Emulator) assetNameLocked(id string) string {
	if f, ok := e.files[id]; ok {
		return f.name
	}
	if f, ok := e.folders[id]; ok {
		return f.name + "/"
	}
	if s, ok := e.stacks[id]; ok {
		return s.name + " (version stack)"
	}
	return id + " (deleted)"
}
