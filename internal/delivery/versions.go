package delivery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// New content as a new version: Frame.io cannot change a file's content, so the new bytes become a new
// file in the same folder, stacked on top of the current one in a version stack. The earlier versions
// keep their comments, annotations and approvals.

// VersionSpec is new content for a file that Frame.io already holds.
type VersionSpec struct {
	// Head is the current version. It is moved to Content.FolderID first when it is elsewhere.
	Head Head
	// Content is the new version; it is uploaded into Content.FolderID.
	Content Spec
	// UploadTimeout bounds the upload's calls and its wait (Spec.Timeout: not the byte transfer, which the
	// upload engine bounds by inactivity); StepTimeout bounds the move, and the stacking with its read
	// back, each. 0 leaves them to ctx alone.
	UploadTimeout, StepTimeout time.Duration
}

// VersionResult is a new version on top of its stack, and what AddVersion changed on the way.
type VersionResult struct {
	// MovedHead is the current version after its move into Content.FolderID; nil when it did not move.
	// It is set on error too: the move is done and stays.
	MovedHead *frameio.File
	// Upload is the new version's upload; Upload.File is the new version.
	Upload Result

	// Where the new version sits: the folder holding the stack, the stack, the stack's newest version
	// (the new one, unless someone stacked a newer one meanwhile) and the new version's number.
	FolderID string
	Stack    *frameio.VersionStack
	HeadID   string
	Number   int64
	// Estimated is why the stack could not be read back after the stacking; HeadID and Number are then
	// estimates (the new version on top of Head). nil when they were read.
	Estimated error
}

// AddVersion uploads Content as a new file and stacks it on top of Head: into Head's version stack, or
// into a new stack of the two the first time. Until the stacking succeeds, Head is untouched in Frame.io
// (apart from the move) and a half-made new file is deleted, so a failure loses nothing and the caller
// can simply try again.
//
// Errors: *HeadError (Head could not be read or moved; nothing was uploaded), *UploadError (the upload
// failed), *StackError (the stacking failed and the new file was discarded). A new version whose bytes
// are all in Frame.io but whose processing the wait did not see end (Upload.Unsettled) is stacked all the
// same: its content is complete.
func (d *Delivery) AddVersion(ctx context.Context, spec VersionSpec) (VersionResult, error) {
	var res VersionResult
	head, err := d.headInPlace(ctx, spec, &res)
	if err != nil {
		return res, &HeadError{Err: err}
	}
	// The new version has the head's name and folder, and the head may be only seconds old (made by the
	// previous apply, another process): after a lost create reply, the lookup for what the create made
	// must not take the head for it (adopt it, or delete it as the leftover of a local upload).
	d.account.NoteExisting(head.ID)
	content := spec.Content
	if content.Timeout == 0 {
		content.Timeout = spec.UploadTimeout
	}
	if res.Upload, err = d.Upload(ctx, content); err != nil {
		return res, err
	}
	newFile := res.Upload.File
	d.log(ctx, "info", "new version uploaded", map[string]any{"file_id": newFile.ID, "on_top_of": head.ID})

	stackCtx, cancelStack := withTimeout(ctx, spec.StepTimeout)
	defer cancelStack()
	known := spec.Head
	known.FolderID = spec.Content.FolderID
	stack, err := d.stackOnTop(stackCtx, head, known, newFile)
	if err != nil {
		serr := &StackError{Err: err, Leftover: Leftover{FileID: newFile.ID}}
		serr.CleanupErr = d.discard(ctx, newFile.ID, "incomplete new version")
		return res, serr
	}
	d.placeNewVersion(stackCtx, &res, stack, spec)
	return res, nil
}

// headInPlace reads the current version and, when the file is to live in another folder, moves it
// there first: the new version is uploaded where the current one will be.
func (d *Delivery) headInPlace(ctx context.Context, spec VersionSpec, res *VersionResult) (*frameio.File, error) {
	ctx, cancel := withTimeout(ctx, spec.StepTimeout)
	defer cancel()
	head, err := d.account.GetFile(ctx, spec.Head.ID)
	if err != nil || spec.Content.FolderID == spec.Head.FolderID {
		return head, err
	}
	if head, err = d.Move(ctx, head, spec.Head, spec.Content.FolderID); err != nil {
		return nil, err
	}
	res.MovedHead = head
	return head, nil
}

// stackOnTop puts newFile on top of head's version stack, creating the stack the first time (both
// files are in known.FolderID then), and returns the stack.
func (d *Delivery) stackOnTop(ctx context.Context, head *frameio.File, known Head, newFile *frameio.File) (*frameio.VersionStack, error) {
	stack, err := d.ParentStack(ctx, head, known)
	if err != nil {
		return nil, err
	}
	if stack == nil {
		folderID := known.FolderID
		stack, err = d.account.CreateVersionStack(ctx, folderID, []string{head.ID, newFile.ID})
		if err != nil {
			return nil, fmt.Errorf("stacking the new version %s on top of file %s in folder %s: %w",
				newFile.ID, head.ID, folderID, err)
		}
		d.log(ctx, "info", "version stack created", map[string]any{"version_stack_id": stack.ID})
		return stack, nil
	}
	if _, err := d.account.MoveFile(ctx, newFile.ID, stack.ID); err != nil {
		return nil, fmt.Errorf("moving the new version %s into version stack %s: %w", newFile.ID, stack.ID, err)
	}
	return stack, nil
}

// placeNewVersion reads the stack back after the stacking (its head changed) and records where the new
// version sits. When the read fails it estimates rather than fail a delivery that succeeded: the
// numbering needs the stack's files, and the caller's next read corrects the estimate.
func (d *Delivery) placeNewVersion(ctx context.Context, res *VersionResult, stack *frameio.VersionStack, spec VersionSpec) {
	id := res.Upload.File.ID
	fresh, children, err := d.readStack(ctx, stack.ID)
	if err != nil {
		res.FolderID, res.Stack, res.HeadID, res.Number = spec.Content.FolderID, stack, id, spec.Head.VersionNumber+1
		res.Estimated = err
		return
	}
	res.FolderID, res.Stack, res.HeadID, res.Number = fresh.ParentID, fresh, id, VersionNumber(id, children)
	if fresh.HeadVersion != nil && fresh.HeadVersion.ID != "" {
		res.HeadID = fresh.HeadVersion.ID
	}
}

// readStack reads a version stack and its files.
func (d *Delivery) readStack(ctx context.Context, stackID string) (*frameio.VersionStack, []frameio.File, error) {
	stack, err := d.account.GetVersionStack(ctx, stackID)
	if err != nil {
		return nil, nil, err
	}
	children, err := d.account.ListVersionStackChildren(ctx, stackID)
	if err != nil {
		return nil, nil, fmt.Errorf("listing the versions in version stack %s: %w", stackID, err)
	}
	return stack, children, nil
}

// VersionNumber is the 1-based position of id among a stack's files, oldest first, as Frame.io numbers
// versions. A file the list does not show yet (eventual consistency) counts as the newest.
//
// The API document does not say in which order a stack's children are listed (oldest or newest first),
// so the order of the list is not used: the files are ordered by created_at, then by id for files
// created in the same instant. A file whose created_at cannot be read counts as newer than those whose
// can. (A new version is always a new file, created after the versions below it.)
func VersionNumber(id string, children []frameio.File) int64 {
	type dated struct {
		id string
		at time.Time
		ok bool
	}
	files := make([]dated, len(children))
	for i, f := range children {
		at, err := time.Parse(time.RFC3339Nano, f.CreatedAt)
		files[i] = dated{f.ID, at, err == nil}
	}
	slices.SortFunc(files, func(a, b dated) int {
		switch {
		case a.ok != b.ok:
			if a.ok {
				return -1
			}
			return 1
		case a.ok && !a.at.Equal(b.at):
			return a.at.Compare(b.at)
		}
		return strings.Compare(a.id, b.id)
	})
	for i, f := range files {
		if f.id == id {
			return int64(i + 1)
		}
	}
	return int64(len(children) + 1)
}

// withTimeout is context.WithTimeout, or only a cancel when d is 0 (no bound of its own).
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
