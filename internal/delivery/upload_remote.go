package delivery

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// A remote upload: Frame.io fetches the source URL itself; nothing is sent from here.

// remoteUploadLimit is Frame.io's size limit for remote uploads (50 GB).
const remoteUploadLimit = 50_000_000_000

// remoteHeadTimeout bounds the HEAD request that asks the URL's server for the size.
const remoteHeadTimeout = 15 * time.Second

// createRemote asks Frame.io to fetch spec.SourceURL, after checking that Frame.io can reach it and the
// size limit when the URL tells it. The reachability check comes first, so an unreachable URL costs no
// request at all. The file is returned with an error when it was created but is too large.
func (d *Delivery) createRemote(ctx context.Context, spec Spec) (*frameio.File, error) {
	src := spec.SourceURL
	if d.checkSourceURL != nil {
		if err := d.checkSourceURL(src); err != nil {
			return nil, fmt.Errorf("source_url %w", err)
		}
	}
	if size, ok := d.remoteSize(ctx, src); ok && size > remoteUploadLimit {
		return nil, tooLargeForRemote(size)
	}
	file, err := d.account.CreateRemoteUpload(ctx, spec.FolderID, spec.Name, src)
	if err != nil {
		return nil, fmt.Errorf("creating the remote upload in folder %s: %w", spec.FolderID, err)
	}
	d.log(ctx, "info", "remote upload started", map[string]any{"file_id": file.ID, "name": file.Name})
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
func (d *Delivery) remoteSize(ctx context.Context, rawURL string) (int64, bool) {
	ctx, cancel := context.WithTimeout(ctx, remoteHeadTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, rawURL, nil)
	if err != nil {
		return 0, false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.log(ctx, "debug", "HEAD of source_url failed; size unknown", map[string]any{"error": httpx.RedactString(err.Error())})
		return 0, false
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
		return 0, false
	}
	return resp.ContentLength, true
}
