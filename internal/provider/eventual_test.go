package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// What Frame.io does eventually rather than at once: listings that still show what was deleted a
// moment ago, processing that outlasts the create timeout, uploads that outlast it while progressing.

// Destroying a folder together with the files in it that the same configuration manages: the files are
// deleted first, and the folder's listing still shows them for a minute (longer than any wait the
// provider makes), so only knowing what it deleted itself lets the provider tell them from unmanaged
// content.
func TestAccFolder_destroyWithManagedFilesUnderListingLag(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{ListingLag: time.Minute}})
	dir := t.TempDir()
	var files string
	for i := 1; i <= 3; i++ {
		src, _ := writeRandomFile(t, dir, fmt.Sprintf("take%d.mov", i), 2_000, uint64(210+i))
		files += fmt.Sprintf(`
resource "frameio_file" "take%d" {
  folder_id = frameio_folder.dailies.id
  source    = %q
}
`, i, hcl(src))
	}
	var start time.Time // set when the test runs, not while it waits for its parallel turn
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(*terraform.State) error {
			if n := len(e.Files()); n != 0 {
				return fmt.Errorf("%d files left after destroy", n)
			}
			for _, f := range e.Folders() {
				if f.Name == "Dailies" {
					return fmt.Errorf("folder Dailies (%s) left after destroy", f.ID)
				}
			}
			// Generous: the listing lags a minute; the provider must not wait for it.
			if d := time.Since(start); d > 50*time.Second {
				return fmt.Errorf("apply and destroy took %s; the destroy waited for the listing lag", d)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  parent_id = %q
  name      = "Dailies"
}
`, e.Options().RootFolderID)+files),
		}},
	})
}

// The listing lag does not hide unmanaged content either: a file put into the folder out of band still
// keeps the folder, after the bounded second look.
func TestAccFolder_destroyUnderListingLagStillRefusesUnmanaged(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{ListingLag: time.Minute}})
	src, _ := writeRandomFile(t, t.TempDir(), "take1.mov", 2_000, 220)
	folder := fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  parent_id = %q
  name      = "Dailies"
}
`, e.Options().RootFolderID)
	var folderID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: fileConfig(e, folder+fmt.Sprintf(`
resource "frameio_file" "take1" {
  folder_id = frameio_folder.dailies.id
  source    = %q
}
`, hcl(src))),
				Check: func(s *terraform.State) error {
					folderID = s.RootModule().Resources["frameio_folder.dailies"].Primary.ID
					return nil
				},
			},
			{
				PreConfig: func() { putFileOutOfBand(t, e, folderID, "editor.mov", []byte("the editor's notes")) },
				Config:    fileConfig(e, folder),
				Destroy:   true,
				ExpectError: errorPattern(`Frame.io folder is not empty.*holds 1 item that this configuration does not ` +
					`manage: "editor.mov" \(file\)`),
			},
			{
				// Let the test clean up: the folder goes with the editor's file.
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  parent_id     = %q
  name          = "Dailies"
  force_destroy = true
}
`, e.Options().RootFolderID)),
			},
		},
	})
}

// Processing that outlasts timeouts.create: the uploaded file is kept and recorded (with a warning), not
// deleted, and the next apply resumes waiting for it instead of uploading it again.
func TestAccFile_transcodeWaitTimeoutKeepsFile(t *testing.T) {
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Clock: clk, TranscodeDelay: time.Hour})
	src, sum := writeRandomFile(t, t.TempDir(), "proxy.mp4", 50_000, 221)
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "proxy" {
  folder_id = %q
  source    = %q
  wait_for  = "transcode"
  timeouts = {
    create = "2s"
  }
}
`, e.Options().RootFolderID, hcl(src)))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				// The hour of transcoding does not pass: the wait times out, the file stays.
				Config:             config,
				ExpectNonEmptyPlan: true, // the next plan resumes the wait
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("frameio_file.proxy", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("frameio_file.proxy", tfjsonpath.New("status"), knownvalue.StringExact("uploaded")),
					expectStoredContent(e, "frameio_file.proxy", sum),
					expectNoOrphans(e),
				},
			},
			{
				// The next plan resumes the wait (an update in place); the hour of transcoding passes once the
				// apply is polling again, and it uploads nothing.
				PreConfig: func() {
					e.ResetRequests()
					stepClockAfter(t, e, clk, time.Hour, isGet(statusPath))
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.proxy", plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue("frameio_file.proxy", tfjsonpath.New("status")),
					plancheck.ExpectKnownValue("frameio_file.proxy", tfjsonpath.New("version_number"), knownvalue.Int64Exact(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("frameio_file.proxy", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("frameio_file.proxy", tfjsonpath.New("status"), knownvalue.StringExact("transcoded")),
					expectNoUpload(e),
					expectNoOrphans(e),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// An upload that takes longer than timeouts.create while its bytes keep moving is not cut: the create
// timeout bounds the calls and the waits, and the transfer is bounded by inactivity.
func TestAccFile_uploadOutlivesCreateTimeoutWhileProgressing(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	e.SetBandwidth(200_000) // 2 MB at 200 kB/s per connection: about 5 s, longer than the timeout
	src, sum := writeRandomFile(t, t.TempDir(), "slow.mov", 2_000_000, 222)
	var start time.Time // set when the test runs, not while it waits for its parallel turn
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "slow" {
  folder_id = %q
  source    = %q
  timeouts = {
    create = "2s"
  }
}
`, e.Options().RootFolderID, hcl(src))),
			ConfigStateChecks: []statecheck.StateCheck{
				expectStoredContent(e, "frameio_file.slow", sum),
				expectNoOrphans(e),
				emulatorCheck(func() error {
					var slowest time.Duration
					for _, r := range partPUTs(e.Requests()) {
						if r.Status != http.StatusOK {
							return fmt.Errorf("part PUT %s answered %d", r.Path, r.Status)
						}
						slowest = max(slowest, r.Duration)
					}
					// The transfer did outlive the timeout (each 1 MB part takes about 5 s at 200 kB/s).
					if slowest < 2*time.Second {
						return fmt.Errorf("the slowest part took %s; the test needs it to outlive timeouts.create", slowest)
					}
					if d := time.Since(start); d > 3*time.Minute {
						return fmt.Errorf("the apply took %s", d)
					}
					return nil
				}),
			},
		}},
	})
}

// A remote upload whose processing outlasts timeouts.create is kept too (Frame.io goes on fetching it);
// when it completes before the next plan, that plan is empty: nothing is fetched again.
func TestAccFile_remoteWaitTimeoutKeepsFile(t *testing.T) {
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "clip.mov", 10_000, 223)
	// The source is served by the emulator on loopback, which the service could never fetch.
	e := newTestEmulator(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	e.SetNeverComplete(true)
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = %q
  timeouts = {
    create = "3s"
  }
}
`, e.Options().RootFolderID, e.URL()+"/files/clip.mov"))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config:             config,
				ExpectNonEmptyPlan: true, // the next plan resumes the wait
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("frameio_file.r", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("frameio_file.r", tfjsonpath.New("status"), knownvalue.StringExact("created")),
					expectNoOrphans(e),
				},
			},
			{
				// Frame.io finishes on its own before the next plan: nothing left to wait for, nothing fetched.
				PreConfig: func() { e.SetNeverComplete(false); e.ResetRequests() },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("frameio_file.r", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("frameio_file.r", tfjsonpath.New("status"), knownvalue.StringRegexp(regexp.MustCompile(`^(uploaded|transcoded)$`))),
					expectStoredContent(e, "frameio_file.r", sum),
					expectNoUpload(e),
				},
			},
		},
	})
}

// pastListingLag steps clk past the listing lag of the emulator's readings (none under the strict ones),
// for a test that deletes something out of band and then checks what the next plan makes of it: under a
// lagging reading Frame.io's listings (and so the provider's reads from them) still show it for a moment,
// and the plan sees it gone one plan later.
func pastListingLag(e *emulator.Emulator, clk *emulator.TestClock) {
	clk.Advance(e.Readings().ListingLag)
}
