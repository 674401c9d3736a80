package frameio

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestShareLifecycle drives every share call against the emulator over HTTP.
func TestShareLifecycle(t *testing.T) {
	e := newEmu(t, emulator.Options{NoRateLimits: true}) // 12 reviewers take two add calls on top of the rest
	c := newClient(t, e)
	c.maxPageSize = 5 // 12 reviewers take three pages
	ctx := ctxT(t)
	account, proj := c.ForAccount(emulator.DefaultAccountID), emulator.DefaultProjectID
	a, err := account.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "a.mov", 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := account.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "b.mov", 1)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	no := false
	s, err := account.CreateShare(ctx, proj, NewShare{Name: "Client", Access: ShareAccessSecure, AssetIDs: []string{a.ID},
		DownloadingEnabled: &no, Expiration: &exp})
	if err != nil {
		t.Fatal(err)
	}
	if s.ID == "" || s.Name != "Client" || s.Access != ShareAccessSecure || s.DownloadingEnabled || !s.Enabled ||
		s.ShortURL == "" || s.Expiration == nil || s.Passphrase != nil || s.Description != nil || s.CreatedAt == "" {
		t.Fatalf("created %+v", s)
	}
	if got, err := account.GetShare(ctx, s.ID); err != nil || got.ShortURL != s.ShortURL {
		t.Fatalf("show %+v %v", got, err)
	}
	if all, err := account.ListShares(ctx, proj); err != nil || len(all) != 1 || all[0].ID != s.ID {
		t.Fatalf("index %+v %v", all, err)
	}

	if _, err := account.AddShareAsset(ctx, s.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := account.RemoveShareAsset(ctx, s.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Share(s.ID); !slices.Equal(got.AssetIDs, []string{b.ID}) {
		t.Fatalf("assets %v", got.AssetIDs)
	}
	if _, err := account.AddShareAsset(ctx, s.ID, b.ID); !IsStatus(err, http.StatusConflict) {
		t.Fatalf("adding an asset twice: %v", err)
	}

	var emails []string
	for i := range 12 {
		emails = append(emails, fmt.Sprintf("r%02d@example.com", i))
	}
	if n, err := account.AddShareReviewers(ctx, s.ID, emails, "Please review"); err != nil || n != 12 {
		t.Fatalf("add reviewers: %d %v", n, err)
	}
	if n := len(apiRequests(e, "/reviewers")); n != 2 {
		t.Fatalf("%d reviewer calls for 12 emails, want 2 (10 a call)", n)
	}
	rs, err := account.ListShareReviewers(ctx, s.ID)
	if err != nil || len(rs) != 12 || rs[0].Email != emails[0] || rs[0].ID != "" {
		t.Fatalf("reviewers %+v %v", rs, err)
	}
	if n, err := account.RemoveShareReviewers(ctx, s.ID, emails[:11]); err != nil || n != 11 {
		t.Fatalf("remove reviewers: %d %v", n, err)
	}
	if got, _ := e.Share(s.ID); !slices.Equal(got.Reviewers, emails[11:]) {
		t.Fatalf("reviewers left %v", got.Reviewers)
	}

	name, pass, clear := "Client v2", "sesame", ""
	u, err := account.UpdateShare(ctx, s.ID, ShareUpdate{Name: &name, Passphrase: &pass, Expiration: &clear})
	if err != nil || u.Name != name || u.Passphrase == nil || *u.Passphrase != pass || u.Expiration != nil {
		t.Fatalf("update %+v %v", u, err)
	}
	if _, err := account.UpdateShare(ctx, s.ID, ShareUpdate{}); err == nil || !strings.Contains(err.Error(), "nothing to update") {
		t.Fatalf("empty update: %v", err)
	}
	if err := account.DeleteShare(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := account.GetShare(ctx, s.ID); !IsNotFound(err) {
		t.Fatalf("show after delete: %v", err)
	}
}

// TestShareRequestBodies: what goes on the wire, field by field, including null for a cleared field and
// the message that add_reviewers requires even when empty.
func TestShareRequestBodies(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.EscapedPath()+" "+string(b))
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/reviewers") || r.Method == "DELETE" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"id": "s"}})
	}))
	defer srv.Close()
	c, err := New(fastConfig(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	yes, exp, desc, empty := true, "2030-01-01T00:00:00Z", "d", ""
	if _, err := c.ForAccount("a").CreateShare(ctx, "p", NewShare{Name: "n", Access: ShareAccessPublic, AssetIDs: []string{"x", "adobe:y|2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").CreateShare(ctx, "p", NewShare{Name: "n", Access: ShareAccessSecure, AssetIDs: []string{"x"},
		DownloadingEnabled: &yes, Expiration: &exp, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").UpdateShare(ctx, "s", ShareUpdate{Description: &empty, DownloadingEnabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").AddShareReviewers(ctx, "s", []string{"x@example.com"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").RemoveShareReviewers(ctx, "s", []string{"x@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ForAccount("a").AddShareAsset(ctx, "s", "adobe:y|2"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`POST /v4/accounts/a/projects/p/shares {"data":{"type":"asset","name":"n","access":"public","asset_ids":["x","adobe:y|2"]}}`,
		`POST /v4/accounts/a/projects/p/shares {"data":{"type":"asset","name":"n","access":"secure","asset_ids":["x"],"downloading_enabled":true,"expiration":"2030-01-01T00:00:00Z","description":"d"}}`,
		`PATCH /v4/accounts/a/shares/s {"data":{"description":null,"downloading_enabled":true}}`,
		`POST /v4/accounts/a/shares/s/reviewers {"data":{"reviewers":{"emails":["x@example.com"]},"message":""}}`,
		`DELETE /v4/accounts/a/shares/s/reviewers {"data":{"reviewers":{"emails":["x@example.com"]}}}`,
		`POST /v4/accounts/a/shares/s/assets {"data":{"asset_id":"adobe:y|2"}}`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestShareRepliesOfTheDocument decodes the OpenAPI document's Share example (ShareResponse), and the
// schema's nullable fields as null, through the client's real request path.
func TestShareRepliesOfTheDocument(t *testing.T) {
	replies := map[string]string{
		// ShareResponse example, verbatim.
		"/v4/accounts/a/shares/ex": `{"data":{"access":"public","collection_id":"28dd260d-dead-4dd9-a149-e1c6175080f6","commenting_enabled":true,"created_at":"2024-02-02T21:19:24.828948Z","description":"Description of share","downloading_enabled":true,"enabled":true,"expiration":"2026-07-17T22:34:21.758403Z","id":"f82d1488-3ee2-4573-aa7c-c727e6266080","last_viewed_at":"2024-03-02T21:19:24.828948Z","name":"Test Share","passphrase":"as!dfj39sd(*","short_url":"https://f.io/GGa9wPw5","updated_at":"2024-02-02T21:19:24.828948Z"}}`,
		// Every nullable field of the Share schema null.
		"/v4/accounts/a/shares/nulls": `{"data":{"access":"secure","collection_id":"c","commenting_enabled":false,"created_at":"c","description":null,"downloading_enabled":false,"enabled":false,"expiration":null,"id":"nulls","last_viewed_at":null,"name":null,"passphrase":null,"short_url":null,"updated_at":"u"}}`,
		// ShareReviewersResponse with an invited reviewer who has no account (id, name null).
		"/v4/accounts/a/shares/ex/reviewers": `{"data":[{"id":null,"name":null,"email":"client@example.com","avatar_url":null,"active":null},{"id":"u1","name":"Ed","email":"ed@example.com","avatar_url":"https://a/u1.png","active":true,"adobe_user_id":"ad1"}],"links":{"next":null}}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := replies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	c, err := New(fastConfig(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	ex, err := c.ForAccount("a").GetShare(ctx, "ex")
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	want := &Share{ID: "f82d1488-3ee2-4573-aa7c-c727e6266080", Name: "Test Share", Description: str("Description of share"),
		CollectionID: "28dd260d-dead-4dd9-a149-e1c6175080f6", ShortURL: "https://f.io/GGa9wPw5", Access: ShareAccessPublic,
		Enabled: true, CommentingEnabled: true, DownloadingEnabled: true, Expiration: str("2026-07-17T22:34:21.758403Z"),
		Passphrase: str("as!dfj39sd(*"), LastViewedAt: str("2024-03-02T21:19:24.828948Z"),
		CreatedAt: "2024-02-02T21:19:24.828948Z", UpdatedAt: "2024-02-02T21:19:24.828948Z", PassphraseReported: true}
	if !reflect.DeepEqual(ex, want) {
		t.Fatalf("example decoded as\n%+v\nwant\n%+v", ex, want)
	}
	nulls, err := c.ForAccount("a").GetShare(ctx, "nulls")
	if err != nil {
		t.Fatal(err)
	}
	if nulls.Name != "" || nulls.ShortURL != "" || nulls.Description != nil || nulls.Expiration != nil || nulls.Passphrase != nil ||
		nulls.LastViewedAt != nil || nulls.Access != ShareAccessSecure {
		t.Fatalf("nulls decoded as %+v", nulls)
	}
	rs, err := c.ForAccount("a").ListShareReviewers(ctx, "ex")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Reviewer{{Email: "client@example.com"}, {ID: "u1", Name: "Ed", Email: "ed@example.com", AdobeUserID: "ad1"}}; !reflect.DeepEqual(rs, want) {
		t.Fatalf("reviewers %+v", rs)
	}
}

// A reply may leave the passphrase out (the document does not require it): that is not a null.
func TestSharePassphraseReported(t *testing.T) {
	for reply, want := range map[string]struct {
		reported bool
		value    string
	}{
		`{"id":"s1","name":"n"}`:                     {false, ""},
		`{"id":"s1","name":"n","passphrase":null}`:   {true, ""},
		`{"id":"s1","name":"n","passphrase":"p4ss"}`: {true, "p4ss"},
	} {
		var s Share
		if err := json.Unmarshal([]byte(reply), &s); err != nil {
			t.Fatal(err)
		}
		got := ""
		if s.Passphrase != nil {
			got = *s.Passphrase
		}
		if s.ID != "s1" || s.Name != "n" || s.PassphraseReported != want.reported || got != want.value {
			t.Errorf("%s: decoded %+v", reply, s)
		}
	}
	var s Share
	if err := json.Unmarshal([]byte(`{"id":"s1","passphrase":7}`), &s); err == nil {
		t.Error("a passphrase that is not a string decodes")
	}
}
