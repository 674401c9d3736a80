package delivery

import (
	"context"
	"slices"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// DeleteVersions deletes the versions a caller delivered, ids oldest first, and returns the files of
// version stack stackID ("" when not stacked) that are not among them: versions that others put in
// the stack (e.g. in the web app) are not the caller's to delete, and are kept.
//
// The stack is listed first, as the stack may go away with the last of the caller's versions; when
// that fails, nothing is deleted (*StackListError). Versions are deleted newest first, so an interrupted
// delete leaves the oldest ones and the next call finishes it; a version already gone is not an error.
// Versions that could not be deleted are reported in a *DeleteError, the others are deleted.
func (d *Delivery) DeleteVersions(ctx context.Context, ids []string, stackID string) (kept []frameio.File, err error) {
	if stackID != "" {
		children, err := d.account.ListVersionStackChildren(ctx, stackID)
		if err != nil && !frameio.IsNotFound(err) {
			return nil, &StackListError{StackID: stackID, Err: err}
		}
		for _, f := range children {
			if !slices.Contains(ids, f.ID) {
				kept = append(kept, f)
			}
		}
	}
	var failed []FailedDelete
	for _, id := range slices.Backward(ids) {
		if err := d.account.DeleteFile(ctx, id); err != nil && !frameio.IsNotFound(err) {
			failed = append(failed, FailedDelete{ID: id, Err: err})
		}
	}
	if len(failed) > 0 {
		return kept, &DeleteError{Failed: failed}
	}
	if stackID != "" && len(kept) == 0 {
		// The stack held only these versions: it went with them (or is left empty, which the document
		// allows too). Either way a listing that still shows it is not showing anything of someone else's.
		d.account.NoteDeleted(stackID)
	}
	return kept, nil
}
