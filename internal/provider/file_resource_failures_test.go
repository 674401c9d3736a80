package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFile_failedUploadLeavesNoOrphan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "broken.mov", 3_000_000, 12)
	config := localFileConfig(e, "broken", src)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// Part URLs rejected for good (403): fails fast, the half-created file is deleted.
				PreConfig:   func() { e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden) },
				Config:      config,
				ExpectError: errorPattern(`part \d+ of 3.*403.*nothing was left behind`),
			},
			{
				// Frame.io reports upload_failed after the parts landed: same rule.
				PreConfig:   func() { requireNoFiles(t, e); e.SetUploadFails(true) },
				Config:      config,
				ExpectError: errorPattern(`upload_failed.*nothing was left behind`),
			},
			{
				PreConfig: func() { requireNoFiles(t, e); e.SetUploadFails(false) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.broken", tfjsonpath.New("file_size"), knownvalue.Int64Exact(3_000_000)),
					expectStoredContent(e, "frameio_file.broken", sum),
					expectNoOrphans(e),
				},
			},
		},
	})
}

func TestAccFile_moveToMissingFolderKeepsRename(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	src, sum := writeRandomFile(t, t.TempDir(), "a.mov", 1_000, 20)
	config := func(folder, name string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "f" {
  folder_id = %q
  name      = %q
  source    = %q
}
`, folder, name, hcl(src)))
	}
	root := e.Options().RootFolderID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            config(root, "a.mov"),
				ConfigStateChecks: []statecheck.StateCheck{expectStoredContent(e, "frameio_file.f", sum)},
			},
			{
				Config:      config("00000000-0000-4000-8000-00000000beef", "b.mov"),
				ExpectError: errorPattern(`folder_id: cannot move the file to folder 00000000-0000-4000-8000-00000000beef`),
			},
			{
				// The rename was done and recorded; only the move is left to plan.
				Config: config(root, "b.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPlacedAs(e, "frameio_file.f", "b.mov", root),
					expectNoOrphans(e),
				},
			},
		},
	})
}

func TestAccFile_failedCleanupTaintsInsteadOfOrphaning(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	// Frame.io refuses every DELETE (503; max_retries = 0): the cleanup after a failed upload cannot succeed.
	e.FailOperation("files.delete", emulator.Always, http.StatusServiceUnavailable)
	src, sum := writeRandomFile(t, t.TempDir(), "tainted.mov", 2_000_000, 21)
	o := e.Options()
	config := providerBlockAt(e.URL(), e, "max_retries = 0") + fmt.Sprintf(`
resource "frameio_file" "t" {
  folder_id = %q
  source    = %q
}
`, o.RootFolderID, hcl(src))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden) },
				Config:      config,
				ExpectError: errorPattern(`could not be deleted.*kept in state as tainted`),
			},
			{
				PreConfig: func() {
					if files := e.Files(); len(files) != 1 {
						t.Fatalf("want the one undeletable file in Frame.io, got %d", len(files))
					}
					// Under a reading that loses create replies, the undeletable file is the one the lost
					// reply made, and the refused part was never reached: its fault goes too.
					e.ClearFaults("files.delete", emulator.OpPutPart)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.t", plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectStoredContent(e, "frameio_file.t", sum),
					expectNoOrphans(e), // the tainted file was deleted by the replace
				},
			},
		},
	})
}

func TestAccFile_statusNotFoundRightAfterCreateIsWaitedOut(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	// Eventual consistency: the first status reads of a new file answer 404.
	const statusOp = "files.show_file_upload_status"
	e.FailOperation(statusOp, 2, http.StatusNotFound)
	src, sum := writeRandomFile(t, t.TempDir(), "eventual.mov", 10_000, 22)
	o := e.Options()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlockAt(e.URL(), e, "") + fmt.Sprintf(`
resource "frameio_file" "e" {
  folder_id = %q
  source    = %q
}
`, o.RootFolderID, hcl(src)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectStoredContent(e, "frameio_file.e", sum),
				emulatorCheck(func() error {
					calls := e.Calls(statusOp)
					if len(calls) < 3 || calls[0].Status != http.StatusNotFound || calls[1].Status != http.StatusNotFound ||
						calls[len(calls)-1].Status != http.StatusOK {
						return fmt.Errorf("the status endpoint was read %d times (%v), want the 2 404s and a success",
							len(calls), statuses(calls))
					}
					return nil
				}),
			},
		}},
	})
}

// statuses lists the reply statuses of logged calls.
func statuses(calls []emulator.Request) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = c.Status
	}
	return out
}
