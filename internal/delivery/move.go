package delivery

import (
	"context"
	"fmt"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Where a file sits: a file is in a folder, or in a version stack that is in a folder. A move of a
// stacked file moves its whole stack, so the versions stay together.

// Head is a version as its caller last saw it, which spares requests in the common cases.
type Head struct {
	ID             string
	FolderID       string // the folder that holds the file, or holds its version stack
	VersionStackID string // "" when the file is not stacked
	VersionNumber  int64  // its number in the stack, 1 being the oldest; 1 when not stacked
}

// ParentStack returns the version stack that holds file, or nil when its parent is a folder. A parent
// that is neither the known folder nor the known stack (a move or a stacking out of band, or an import)
// is looked up as a version stack, which answers 404 for a folder (frameio.AccountClient.GetVersionStack).
func (d *Delivery) ParentStack(ctx context.Context, file *frameio.File, known Head) (*frameio.VersionStack, error) {
	parent := file.ParentID
	if parent == known.FolderID && parent != known.VersionStackID {
		return nil, nil
	}
	stack, err := d.account.GetVersionStack(ctx, parent)
	if frameio.IsNotFound(err) && parent != known.VersionStackID {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading version stack %s, which holds file %s: %w", parent, file.ID, err)
	}
	return stack, nil
}

// Move moves file to folderID and returns it as it is afterwards. A stacked file moves with its whole
// version stack, so the versions stay together and the web app still shows one asset.
func (d *Delivery) Move(ctx context.Context, file *frameio.File, known Head, folderID string) (*frameio.File, error) {
	fail := func(err error) (*frameio.File, error) {
		return nil, fmt.Errorf("folder_id: cannot move the file to folder %s; check that the folder exists in "+
			"account %s: %w", folderID, d.account.ID(), err)
	}
	stack, err := d.ParentStack(ctx, file, known)
	if err != nil {
		return nil, err
	}
	if stack == nil {
		moved, err := d.account.MoveFile(ctx, file.ID, folderID)
		if err != nil {
			return fail(err)
		}
		return moved, nil
	}
	if _, err := d.account.MoveVersionStack(ctx, stack.ID, folderID); err != nil {
		return fail(err)
	}
	// The file's own record may change with the folder (project_id); read it back.
	return d.account.GetFile(ctx, file.ID)
}
