package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestRunNominalPartSize: the flags reach the emulator; a 5-byte file is answered with one URL of the
// nominal -part-size plus the -extra-part-urls past its end.
func TestRunNominalPartSize(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-discard", "-part-size", "1000", "-nominal-part-size",
			"-extra-part-urls", "2"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	}()
	base := waitURL(t, &stdout)
	req, _ := http.NewRequest("POST", base+"/v4/accounts/"+emulator.DefaultAccountID+"/folders/"+emulator.DefaultRootFolderID+
		"/files/local_upload", strings.NewReader(`{"data":{"name":"a.txt","file_size":5}}`))
	req.Header.Set("Authorization", "Bearer "+emulator.DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct {
		Data struct {
			UploadURLs []struct {
				Size int64 `json:"size"`
			} `json:"upload_urls"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 201 {
		t.Fatalf("create: %d %v", resp.StatusCode, err)
	}
	urls := m.Data.UploadURLs
	if len(urls) != 3 || urls[0].Size != 1000 || urls[2].Size != 1000 {
		t.Fatalf("upload_urls %+v, want 3 of the nominal 1000 bytes", urls)
	}
}
