package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// unmanagedChildren against the emulator with a listing that lags behind deletes: what this process
// deleted never counts, what was deleted elsewhere a moment ago counts only until the listing catches up,
// and content that is really there is returned after the bounded second looks.
func TestUnmanagedChildrenUnderListingLag(t *testing.T) {
	e := emulatortest.New(t, emulator.Options{Readings: emulator.Readings{ListingLag: time.Second}})
	o := e.Options()
	client, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: o.Token})
	if err != nil {
		t.Fatal(err)
	}
	a := client.ForAccount(o.AccountID)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	folder := addFolder(t, e, "", "Dailies")
	mine := putFileOutOfBand(t, e, folder, "mine.mov", []byte("managed"))
	theirs := putFileOutOfBand(t, e, folder, "theirs.mov", []byte("deleted in the web app"))
	kept := putFileOutOfBand(t, e, folder, "kept.mov", []byte("still there"))

	if err := a.DeleteFile(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if err := e.DeleteFile(theirs); err != nil { // out of band: the ledger does not know it
		t.Fatal(err)
	}
	left, err := unmanagedChildren(ctx, a, folder)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].ID != kept {
		t.Fatalf("unmanaged = %+v; want only kept.mov (%s): mine deleted by this process, theirs gone once the listing caught up", left, kept)
	}

	// Once the kept file goes too, nothing is left.
	if err := a.DeleteFile(ctx, kept); err != nil {
		t.Fatal(err)
	}
	if left, err := unmanagedChildren(ctx, a, folder); err != nil || len(left) != 0 {
		t.Fatalf("unmanaged = %+v, %v; want none", left, err)
	}
}

func TestFresh(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		createdAt types.String
		want      bool
	}{
		{types.StringValue(now.Add(-time.Minute).UTC().Format(time.RFC3339Nano)), true},
		{types.StringValue(now.Add(-time.Hour).UTC().Format(time.RFC3339Nano)), false},
		{types.StringValue("not a time"), false},
		{types.StringNull(), false},
	} {
		if got := fresh(c.createdAt); got != c.want {
			t.Errorf("fresh(%s) = %v, want %v", c.createdAt, got, c.want)
		}
	}
}

func TestReadAfterWrite(t *testing.T) {
	notFound := &frameio.APIError{StatusCode: 404, Method: "GET", Path: "/v4/x"}
	justNow := types.StringValue(time.Now().UTC().Format(time.RFC3339Nano))
	longAgo := types.StringValue(time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano))
	ctx := context.Background()
	reads := 0
	visibleNow := func(context.Context) (string, error) { reads++; return "found", nil }

	// A 404 on an object created moments ago: read once more, and found.
	if v, err := readAfterWrite(ctx, justNow, "", error(notFound), visibleNow); err != nil || v != "found" || reads != 1 {
		t.Fatalf("fresh 404: %q, %v after %d reads; want it read again and found", v, err, reads)
	}
	// An old object's 404, or any other answer, is final.
	for _, c := range []struct {
		createdAt types.String
		err       error
	}{{longAgo, notFound}, {justNow, nil}, {justNow, &frameio.APIError{StatusCode: 500}}} {
		reads = 0
		if _, err := readAfterWrite(ctx, c.createdAt, "", c.err, visibleNow); err != c.err || reads != 0 {
			t.Fatalf("readAfterWrite(%s, %v) read %d more times, returned %v; want the answer as it was", c.createdAt, c.err, reads, err)
		}
	}
}
