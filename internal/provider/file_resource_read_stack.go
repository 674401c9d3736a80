package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Reads of stacked files at scale. A stack's own reads (version_stacks.show and its listing of files,
// version_stacks.index) are 100 calls per minute each, so reading every stacked file that way bounds a
// refresh of 1,000 of them at ten minutes. The folder's listing of stacks (version_stacks.list, 500 a
// page, 5 calls per second) shows every stack of the folder with its head version: a stack whose head
// is still the one the state last saw (head_version_id) is refreshed from that listing alone, and only
// a stack whose head changed, or that the listing does not show, is read on its own.
//
// Reading of what the API document leaves open: a stack whose head is unchanged kept the versions
// below it, since new versions go on top (the web app's "upload new version", a move into a stack).
// What would break the reading is a version below the head deleted or moved out; the document does not
// say whether that changes the stack's updated_at (the emulator's reading: it does), so the updated_at
// a Read saw is kept in private state and a stack whose updated_at moved on is read on its own too.
// What the reading misses: a version under a newer head renamed in the web app shows once the head
// changes again (or on the next apply that reads it).

// stackSeenKey is the private-state key of stackSeen.
const stackSeenKey = "stack_seen"

// stackSeen is a version stack as a Read last saw it: its updated_at, which changes when its versions do.
type stackSeen struct {
	StackID   string `json:"stack_id"`
	UpdatedAt string `json:"updated_at"`
}

func loadStackSeen(ctx context.Context, p privateStateReader) stackSeen {
	var out stackSeen
	if b, diags := p.GetKey(ctx, stackSeenKey); !diags.HasError() && len(b) > 0 {
		_ = json.Unmarshal(b, &out) // unreadable: as if never seen
	}
	return out
}

// storeStackSeen records stack (nil: the file is not stacked, and the key is removed).
func storeStackSeen(ctx context.Context, w privateStateWriter, stack *frameio.VersionStack) diag.Diagnostics {
	if stack == nil || stack.UpdatedAt == "" {
		return w.SetKey(ctx, stackSeenKey, nil)
	}
	b, _ := json.Marshal(stackSeen{StackID: stack.ID, UpdatedAt: stack.UpdatedAt})
	return w.SetKey(ctx, stackSeenKey, b)
}

// readFromStackListing refreshes a stacked file from its folder's listing of stacks when its stack's
// head is the one the state last saw. It returns the stack as read (nil when it is gone) and whether
// the state is refreshed; when it is not, the caller reads the file and its stack on their own.
//
// A file that is the head is refreshed from the listing's head_version. A file under a newer head (put
// there in the web app) is not in any listing but its stack's; with the head unchanged, it is kept as
// the state last saw it, and read again when the head changes.
func (r *fileResource) readFromStackListing(ctx context.Context, state *fileModel, seen stackSeen) (*frameio.VersionStack, bool, error) {
	stackID := state.VersionStackID.ValueString()
	stack, err := r.data.account.ReadVersionStack(ctx, state.FolderID.ValueString(), stackID)
	if frameio.IsNotFound(err) {
		return nil, false, nil // gone, or emptied: the file's own read says where it is
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading version stack %s, which holds file %s: %w", stackID, state.ID.ValueString(), err)
	}
	head := stack.HeadVersion
	switch {
	case head == nil || head.ID == "" || head.ID != state.HeadVersionID.ValueString():
		return stack, false, nil
	case state.VersionNumber.IsNull() || state.VersionNumber.IsUnknown() || state.VersionNumber.ValueInt64() < 1:
		return stack, false, nil
	case seen.StackID == stack.ID && seen.UpdatedAt != "" && seen.UpdatedAt != stack.UpdatedAt:
		return stack, false, nil // same head, but the versions below it changed
	}
	if head.ID == state.ID.ValueString() {
		state.applyServerFile(head)
	}
	state.FolderID = types.StringValue(stack.ParentID)
	return stack, true, nil
}

// parentStack is delivery.ParentStack through the read cache: the stack that holds file, from the known
// folder's listing of stacks when it shows it, else from its own GET; nil when file's parent is a
// folder. listed is a stack already read in this Read (nil if none).
func (r *fileResource) parentStack(ctx context.Context, file *frameio.File, known *fileModel, listed *frameio.VersionStack) (*frameio.VersionStack, error) {
	parent, head := file.ParentID, known.head()
	if parent == head.FolderID && parent != head.VersionStackID {
		return nil, nil
	}
	if listed != nil && listed.ID == parent {
		return listed, nil
	}
	stack, err := r.data.account.ReadVersionStack(ctx, head.FolderID, parent)
	if frameio.IsNotFound(err) && parent != head.VersionStackID {
		return nil, nil // a folder: GetVersionStack answers 404 for an id that is not a stack's
	}
	if err != nil {
		return nil, fmt.Errorf("reading version stack %s, which holds file %s: %w", parent, file.ID, err)
	}
	return stack, nil
}

// newlyCovered reports whether file, which the state (known, not an import) shows on its own, is now
// in stack under a newer head: someone uploaded a new version on top of it in the web app. Reading (the
// document is silent): new versions go on top, so such a file is the bottom of its stack and keeps its
// number, and the stack's listing of files (100 calls per minute) is not needed to number it: the first
// refresh after many web-app uploads costs one files.show (10 calls per second) per file. A file that
// became the head (stacked onto another in the web app) is numbered from the stack's listing.
func newlyCovered(file *frameio.File, known *fileModel, stack *frameio.VersionStack) bool {
	return known.FolderID.ValueString() != "" && known.VersionStackID.ValueString() == "" &&
		stack.HeadVersion != nil && stack.HeadVersion.ID != "" && stack.HeadVersion.ID != file.ID
}
