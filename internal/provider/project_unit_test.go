package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

func TestParseProjectUserID(t *testing.T) {
	p, u, err := parseProjectUserID("adobe:proj|1/196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e")
	if err != nil || p != "adobe:proj|1" || u != "196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e" {
		t.Fatalf("= %q, %q, %v", p, u, err)
	}
	for _, bad := range []string{"", "p", "p/", "/u", " /u", "p/u/x", "p//u"} {
		if _, _, err := parseProjectUserID(bad); err == nil || !strings.Contains(err.Error(), "<project_id>/<user_id>") {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

// Only what changed is sent, in one update, and the first changed attribute takes the blame for a
// refusal; nothing changed sends nothing.
func TestProjectChanges(t *testing.T) {
	state := projectResourceModel{Name: types.StringValue("A"), Restricted: types.BoolValue(false), Status: types.StringValue("active")}
	if u, attr := projectChanges(state, state); attr != "" || u != (frameio.ProjectUpdate{}) {
		t.Fatalf("no change: %+v %q", u, attr)
	}
	plan := state
	plan.Status = types.StringValue("inactive")
	plan.Restricted = types.BoolValue(true)
	u, attr := projectChanges(plan, state)
	if attr != "restricted" || u.Name != nil || u.Restricted == nil || !*u.Restricted || u.Status == nil || *u.Status != "inactive" {
		t.Fatalf("restricted and status: %+v %q", u, attr)
	}
}

// The refusal to destroy names what is left, for a folder and a project alike, in one wording.
func TestNotEmptyMessage(t *testing.T) {
	one := []frameio.Asset{{Name: "cut", Type: frameio.AssetTypeVersionStack}}
	got := notEmptyMessage(destroyTarget{kind: "project", resourceType: "frameio_project", name: "Film", id: "p1"}, one)
	want := `Project "Film" (p1) holds 1 item that this configuration does not manage: "cut" (version stack). ` +
		`Deleting the project in Frame.io would delete them too, so it is kept. Move or delete them in Frame.io, ` +
		`or set force_destroy = true on this frameio_project and apply that before destroying, to delete the ` +
		`project with everything in it.`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	two := append(one, frameio.Asset{Name: "notes.pdf", Type: frameio.AssetTypeFile})
	got = notEmptyMessage(destroyTarget{kind: "folder", resourceType: "frameio_folder", name: "Review", id: "f1"}, two)
	if !strings.HasPrefix(got, `Folder "Review" (f1) holds 2 items that`) || !strings.Contains(got, "on this frameio_folder") {
		t.Fatalf("folder: %s", got)
	}
}

func TestUsersWithEmail(t *testing.T) {
	users := []frameio.UserRole{
		{User: frameio.User{ID: "1", Email: "Ana@Example.com"}},
		{User: frameio.User{ID: "2", Email: "bo@example.com "}},
		{User: frameio.User{ID: "3", Email: "ana@example.co"}},
	}
	if got := usersWithEmail(users, " ana@example.COM"); len(got) != 1 || got[0].User.ID != "1" {
		t.Fatalf("ana: %+v", got)
	}
	if got := usersWithEmail(users, "BO@example.com"); len(got) != 1 || got[0].User.ID != "2" {
		t.Fatalf("bo: %+v", got)
	}
	if got := usersWithEmail(users, "cy@example.com"); len(got) != 0 {
		t.Fatalf("cy: %+v", got)
	}
}

func TestQuotedList(t *testing.T) {
	if got := quotedList([]string{"a", "b", "c"}); got != "`a`, `b` or `c`" {
		t.Fatal(got)
	}
	if got := quotedList([]string{"a"}); got != "`a`" {
		t.Fatal(got)
	}
}
