package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

// cleanupTimeout bounds the delete of a half-created file after a failed create; it runs even when the
// create's own context was cancelled or timed out.
const cleanupTimeout = time.Minute

func (r *fileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan fileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.logContext(ctx)
	opCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var trusted types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("source_sha256"), &trusted)...)
	file, err := r.uploadNewFile(opCtx, &plan, trusted.ValueString(), resp.Private, &resp.Diagnostics)
	if err != nil {
		r.failCreate(ctx, file, withTimeoutHint(opCtx, err, timeout), &plan, resp)
		return
	}
	plan.fillUnknownFromServer(file)
	plan.setFirstVersion(file)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// uploadNewFile uploads the planned content as a new file into the planned folder and waits as wait_for
// says: the work of a create, and of each new version. On error it also returns the file Frame.io
// already holds, if any, for the caller to delete.
//
// trustedHash is the caller's source_sha256 from the configuration, "" when the provider computes it.
func (r *fileResource) uploadNewFile(ctx context.Context, plan *fileModel, trustedHash string,
	private privateStateWriter, diags *diag.Diagnostics) (*frameio.File, error) {
	var file *frameio.File
	var err error
	if plan.SourceURL.IsNull() {
		file, err = r.createLocal(ctx, plan, trustedHash, private, diags)
	} else {
		file, err = r.createRemote(ctx, plan)
	}
	if err == nil {
		err = r.waitForUpload(ctx, file.ID, plan.WaitFor.ValueString() == waitForTranscode, diags)
	}
	if err == nil {
		var fresh *frameio.File
		if fresh, err = r.data.account.GetFile(ctx, file.ID); err == nil {
			file = fresh
		}
	}
	return file, err
}

// withTimeoutHint names the timeout to raise when err came from ctx's deadline.
func withTimeoutHint(ctx context.Context, err error, timeout time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (timeouts.create is %s; raise it for large files or slow links)", err, timeout)
	}
	return err
}

// failCreate reports a failed create without leaving an orphan: it deletes the file Frame.io already
// holds; if even that fails it returns the file in state, so Terraform marks it tainted and replaces it.
func (r *fileResource) failCreate(ctx context.Context, file *frameio.File, cause error, plan *fileModel, resp *resource.CreateResponse) {
	summary := "Cannot create the Frame.io file"
	cause = explainAPIError(cause)
	if file == nil || file.ID == "" {
		resp.Diagnostics.AddError(summary, cause.Error())
		return
	}
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	delErr := r.data.account.DeleteFile(cleanupCtx, file.ID)
	if delErr == nil || frameio.IsNotFound(delErr) {
		tflog.Info(ctx, "deleted the incomplete file after a failed create", map[string]any{"file_id": file.ID})
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete file %s was deleted from Frame.io; "+
			"nothing was left behind.", cause, file.ID))
		return
	}
	plan.fillUnknownFromServer(file)
	plan.setFirstVersion(file)
	nullIfUnknown(&plan.SourceSHA256)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.AddError(summary, fmt.Sprintf("%s\n\nThe incomplete file %s could not be deleted (%s); it is "+
		"kept in state as tainted and will be replaced on the next apply.", cause, file.ID, delErr))
}

// createLocal validates the source, creates the local upload and streams the parts. It hashes the file
// alongside the upload, so the state's source_sha256 describes the bytes actually sent.
func (r *fileResource) createLocal(ctx context.Context, plan *fileModel, trustedHash string,
	private privateStateWriter, diags *diag.Diagnostics) (*frameio.File, error) {
	src := plan.Source.ValueString()
	before, err := statSource(src)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, fmt.Errorf("source: cannot open %s: %v", src, err)
	}
	defer f.Close()

	file, err := r.data.account.CreateLocalUpload(ctx, plan.FolderID.ValueString(),
		plan.Name.ValueString(), before.Size())
	if err != nil {
		return nil, fmt.Errorf("creating the upload of %s in folder %s: %w", src, plan.FolderID.ValueString(), err)
	}
	// Hash alongside the upload: both read the same file (mostly from the page cache), so the apply
	// takes about as long as the slower of the two rather than their sum.
	hashCtx, stopHash := context.WithCancel(ctx)
	defer stopHash()
	hashDone := make(chan hashResult, 1)
	if trustedHash != "" {
		hashDone <- hashResult{sum: trustedHash}
	} else {
		go func() {
			sum, _, err := hashFile(hashCtx, src)
			hashDone <- hashResult{sum: sum, err: err}
		}()
	}

	if err := r.uploadParts(ctx, f, before.Size(), file); err != nil {
		return file, err // the deferred stopHash ends the hashing too
	}
	hash := <-hashDone
	if hash.err != nil {
		return file, fmt.Errorf("source: hashing %s: %w", src, hash.err)
	}
	after, err := os.Stat(src)
	if err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return file, fmt.Errorf("source: %s changed while it was uploading; the upload was discarded. Run "+
			"terraform apply again once the file is final", src)
	}
	plan.SourceSHA256 = types.StringValue(hash.sum)
	diags.Append(storeSourceCache(ctx, private, newSourceCache(src, before, hash.sum))...)
	return file, nil
}

type hashResult struct {
	sum string
	err error
}

// uploadParts streams the file to the pre-signed part URLs and logs progress at INFO.
func (r *fileResource) uploadParts(ctx context.Context, f *os.File, size int64, file *frameio.File) error {
	parts := make([]uploader.Part, len(file.UploadURLs))
	for i, u := range file.UploadURLs {
		parts[i] = uploader.Part{URL: u.URL, Size: u.Size}
	}
	fields := map[string]any{
		"file_id": file.ID, "name": file.Name, "size": size, "parts": len(parts),
		"concurrency": r.data.uploadConcurrency,
	}
	tflog.Info(ctx, "upload started", fields)
	start := time.Now()
	err := r.data.uploader.Upload(ctx, uploader.Job{
		Reader:      f,
		Size:        size,
		Parts:       parts,
		ContentType: file.MediaType,
		// Frame.io signs its part URLs for this header; without it storage refuses the part.
		Header:     http.Header{"X-Amz-Acl": {"private"}},
		OnProgress: func(p uploader.Progress) { logProgress(ctx, file.Name, p) },
	})
	if err != nil {
		return fmt.Errorf("uploading %s: %w", file.Name, err)
	}
	elapsed := time.Since(start)
	tflog.Info(ctx, "upload finished", map[string]any{
		"file_id": file.ID, "name": file.Name, "bytes": size, "seconds": elapsed.Seconds(),
		"mb_per_s": float64(size) / 1e6 / max(elapsed.Seconds(), 1e-9),
	})
	return nil
}

func logProgress(ctx context.Context, name string, p uploader.Progress) {
	fields := map[string]any{
		"name": name, "bytes": p.BytesDone, "total": p.Total,
		"percent":  fmt.Sprintf("%.1f", 100*float64(p.BytesDone)/float64(max(p.Total, 1))),
		"mb_per_s": fmt.Sprintf("%.1f", p.BytesPerSecond/1e6),
		"parts":    fmt.Sprintf("%d/%d", p.PartsDone, p.PartsTotal),
	}
	if p.BytesPerSecond > 0 && p.BytesDone < p.Total {
		remaining := float64(p.Total-p.BytesDone) / p.BytesPerSecond
		fields["eta"] = time.Duration(remaining * float64(time.Second)).Round(time.Second).String()
	}
	tflog.Info(ctx, "upload progress", fields)
}
