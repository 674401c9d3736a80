package provider

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// This file is the home of the remote `source_url`: the checks it must pass (at plan and again at
// create) and the remote upload itself, which Frame.io performs by fetching the URL.

// remoteUploadLimit is Frame.io's size limit for remote uploads (50 GB).
const remoteUploadLimit = 50_000_000_000

// checkSourceURLFetchable refuses, at plan, a source_url that Frame.io cannot fetch from the internet
// (a loopback or private host) unless the provider talks to a local emulator. It needs the configured
// provider; when the provider configuration is not known yet, createRemote checks again at apply.
func (r *fileResource) checkSourceURLFetchable(sourceURL types.String, diags *diag.Diagnostics) {
	if r.data == nil || sourceURL.IsNull() || sourceURL.IsUnknown() {
		return
	}
	if err := validators.CheckFetchableBy(sourceURL.ValueString(), r.data.account.Client().BaseURL()); err != nil {
		diags.AddAttributeError(tfpath.Root("source_url"), "source_url not reachable by Frame.io",
			fmt.Sprintf("source_url %s.", err))
	}
}

// createRemote asks Frame.io to fetch source_url, after checking that Frame.io can reach it and the
// size limit when the URL tells it. The reachability check comes first, so an unreachable URL costs no
// request at all.
func (r *fileResource) createRemote(ctx context.Context, plan *fileModel) (*frameio.File, error) {
	src := plan.SourceURL.ValueString()
	if err := validators.CheckFetchableBy(src, r.data.account.Client().BaseURL()); err != nil {
		return nil, fmt.Errorf("source_url %w", err)
	}
	if size, ok := remoteSize(ctx, src); ok && size > remoteUploadLimit {
		return nil, tooLargeForRemote(size)
	}
	file, err := r.data.account.CreateRemoteUpload(ctx, plan.FolderID.ValueString(),
		plan.Name.ValueString(), src)
	if err != nil {
		return nil, fmt.Errorf("creating the remote upload in folder %s: %w", plan.FolderID.ValueString(), err)
	}
	tflog.Info(ctx, "remote upload started", map[string]any{"file_id": file.ID, "name": file.Name})
	if file.FileSize > remoteUploadLimit {
		return file, tooLargeForRemote(file.FileSize)
	}
	return file, nil
}

func tooLargeForRemote(size int64) error {
	return fmt.Errorf("source_url: the file is %d bytes; Frame.io remote uploads are limited to 50 GB. "+
		"Download it and upload it with source instead", size)
}

// remoteSize asks the URL's server for the content length with a HEAD request. It is a best effort:
// many servers do not answer HEAD, and then Frame.io's own check decides. No credentials are sent.
func remoteSize(ctx context.Context, rawURL string) (int64, bool) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, rawURL, nil)
	if err != nil {
		return 0, false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tflog.Debug(ctx, "HEAD of source_url failed; size unknown", map[string]any{"error": httpx.RedactString(err.Error())})
		return 0, false
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
		return 0, false
	}
	return resp.ContentLength, true
}
