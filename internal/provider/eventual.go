package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Frame.io is eventually consistent (the API document promises nothing else): a listing may still show
// what was deleted a moment ago, and a new object may not be visible to every reader at once. These are
// the provider's bounded allowances for both.

const (
	// freshAge is how old (by created_at) an object may be for a 404 on it to count as "maybe not visible
	// yet" rather than "deleted": only objects this recent are read again.
	freshAge = 2 * time.Minute
	// readAgainAfter is how long a Read waits before it reads again a fresh object that answered 404.
	readAgainAfter = 2 * time.Second
	// listingLagWindow is how long a folder's destroy keeps looking again at a listing that still shows
	// content this configuration does not manage (it may be content deleted a moment ago elsewhere).
	listingLagWindow    = 10 * time.Second
	listingLagFirstWait = 500 * time.Millisecond
)

// fresh reports whether createdAt (RFC 3339) is within freshAge of now.
func fresh(createdAt types.String) bool {
	t, err := time.Parse(time.RFC3339Nano, createdAt.ValueString())
	return err == nil && time.Since(t) < freshAge
}

// readAfterWrite reads once more, readAgainAfter later, an object that answered 404 although it was
// created moments ago (see fresh): a new object may not be visible to every reader at once, and dropping
// it from the state would have the next apply make a second one. Otherwise it returns v and err as they
// are. One more read, not more: an object deleted in the web app right after its create is dropped from
// the state a moment later, by the same plan.
func readAfterWrite[T any](ctx context.Context, createdAt types.String, v T, err error, read func(context.Context) (T, error)) (T, error) {
	if !frameio.IsNotFound(err) || !fresh(createdAt) {
		return v, err
	}
	tflog.Debug(ctx, "a fresh object answered 404: reading it again", map[string]any{"created_at": createdAt.ValueString()})
	select {
	case <-ctx.Done():
		return v, err
	case <-time.After(readAgainAfter):
	}
	return read(ctx)
}

// unmanagedChildren returns what folder id holds that this process did not delete itself: a listing may
// still show the files, stacks and folders destroyed a moment ago with it (they are not unmanaged
// content). While it shows anything else, it looks again, with backoff, for listingLagWindow at most,
// and returns what the last listing showed.
func unmanagedChildren(ctx context.Context, account *frameio.AccountClient, id string) ([]frameio.Asset, error) {
	deadline := time.Now().Add(listingLagWindow)
	wait := listingLagFirstWait
	for {
		children, err := account.ListFolderChildren(ctx, id)
		if err != nil {
			return nil, err
		}
		var left []frameio.Asset
		for _, c := range children {
			if !account.Deleted(c.ID) {
				left = append(left, c)
			}
		}
		if len(left) == 0 || !time.Now().Add(wait).Before(deadline) {
			return left, nil
		}
		tflog.Debug(ctx, "folder still lists content before its delete: looking again", map[string]any{
			"folder_id": id, "items": len(left), "wait": wait.String(),
		})
		select {
		case <-ctx.Done():
			return left, nil
		case <-time.After(wait):
		}
		wait *= 2
	}
}
