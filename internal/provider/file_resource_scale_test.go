package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// fileReadCalls counts the emulator's logged API calls: per-file GETs (files.show), listings of a folder's
// files (files.list), and 429 replies to anything.
func fileReadCalls(e *emulator.Emulator) (fileShows, folderListings, throttled int) {
	for _, r := range e.Requests() {
		if r.S3 {
			continue
		}
		segs := strings.Split(strings.Trim(r.Path, "/"), "/")
		switch {
		case r.Status == http.StatusTooManyRequests:
			throttled++
		case r.Method != http.MethodGet:
		case len(segs) == 5 && segs[3] == "files": // /v4/accounts/{a}/files/{id}
			fileShows++
		case len(segs) == 6 && segs[3] == "folders" && segs[5] == "files": // .../folders/{id}/files
			folderListings++
		}
	}
	return fileShows, folderListings, throttled
}

// expectBulkReads is a plan check: the plan that just ran read its files from folder listings, with at
// most maxShows per-file GETs and no 429.
type expectBulkReads struct {
	t        *testing.T
	e        *emulator.Emulator
	maxShows int
}

func (c expectBulkReads) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	shows, listings, throttled := fileReadCalls(c.e)
	c.t.Logf("plan over 100 files: %d per-file GETs, %d folder listings, %d replies 429", shows, listings, throttled)
	switch {
	case shows > c.maxShows:
		resp.Error = fmt.Errorf("the plan made %d per-file GETs (files.show), want at most %d: Reads must come from folder listings", shows, c.maxShows)
	case listings == 0:
		resp.Error = fmt.Errorf("the plan listed no folder")
	case throttled != 0:
		resp.Error = fmt.Errorf("the plan drew %d replies 429: the client must pace its calls", throttled)
	}
}

// 100 files in two folders, with the documented rate limits on (the test emulator's default): a plan over
// them reads them from two folder listings, not a hundred per-file GETs (10 per second, so 10 s at
// least), and the pacing keeps the service from answering 429.
func TestAccFile_planReadsFromFolderListings(t *testing.T) {
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Clock: clk})
	o := e.Options()
	reel := addFolder(t, e, "", "reel")
	dir := t.TempDir()
	for i := range 100 {
		writeRandomFile(t, dir, fmt.Sprintf("f%03d.bin", i), 64+i, uint64(i))
	}
	config := fileConfig(e, fmt.Sprintf(`
locals {
  folders = [%q, %q]
}
resource "frameio_file" "f" {
  count     = 100
  folder_id = local.folders[count.index %% 2]
  source    = format("%s/f%%03d.bin", count.index)
}
`, o.RootFolderID, reel, hcl(dir)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					_, _, throttled := fileReadCalls(e)
					t.Logf("apply of 100 files: %d replies 429 (retried)", throttled)
					if n := len(e.Files()); n != 100 {
						return fmt.Errorf("%d files in Frame.io after apply, want 100", n)
					}
					return nil
				})},
			},
			{
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectBulkReads{t: t, e: e, maxShows: 2},
				}},
			},
			{
				// Deleted and renamed in the web app since: the deleted one falls back to its own GET (its
				// 404 drops it from the state, and the plan uploads it again), the renamed one is read from
				// the listing with its new name (and renamed back), the rest are unchanged.
				PreConfig: func() {
					for _, f := range e.Files() {
						switch f.Name {
						case "f007.bin":
							if err := e.DeleteFile(f.ID); err != nil {
								t.Fatal(err)
							}
						case "f008.bin":
							if err := e.RenameFile(f.ID, "renamed.bin"); err != nil {
								t.Fatal(err)
							}
						}
					}
					pastListingLag(e, clk)
					e.ResetRequests()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.f[7]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("frameio_file.f[8]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("frameio_file.f[9]", plancheck.ResourceActionNoop),
					expectBulkReads{t: t, e: e, maxShows: 2},
				}},
			},
		},
	})
}
