package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Tests of the waits that Frame.io imposes (processing, transcoding, URL validity). The emulator runs
// on a TestClock with delays of an hour, and the tests step the clock instead of sleeping.

var (
	statusPath = regexp.MustCompile(`^/v4/accounts/[^/]+/files/[^/]+/status$`)
	filePath   = regexp.MustCompile(`^/v4/accounts/[^/]+/files/[^/]+$`)
)

func isGet(path *regexp.Regexp) func(emulator.Request) bool {
	return func(r emulator.Request) bool { return r.Method == http.MethodGet && path.MatchString(r.Path) }
}

// stepClockAfter watches the emulator's request log from a goroutine and advances clk by d once a
// request matching the first matcher has been served, then once one matching the second has been served
// after that step, and so on. A request is logged once its reply is written, so each step follows a
// reply the provider got before the step. It returns the number of steps taken so far.
func stepClockAfter(t *testing.T, e *emulator.Emulator, clk *emulator.TestClock, d time.Duration, matchers ...func(emulator.Request) bool) func() int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var steps atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		from := 0 // requests before this index were served before the last step
		for int(steps.Load()) < len(matchers) {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			reqs := e.Requests()
			for _, r := range reqs[from:] {
				if matchers[steps.Load()](r) {
					clk.Advance(d)
					steps.Add(1)
					break
				}
			}
			from = len(reqs)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return func() int { return int(steps.Load()) }
}

func TestAccFile_waitsForProcessingAndTranscode(t *testing.T) {
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Clock: clk, ProcessingDelay: time.Hour, TranscodeDelay: time.Hour})
	src, sum := writeRandomFile(t, t.TempDir(), "proxy.mp4", 50_000, 40)
	// An hour of processing passes once the provider has read the status and seen the upload not
	// complete yet; an hour of transcoding once it has then read the file and seen it not transcoded.
	steps := stepClockAfter(t, e, clk, time.Hour, isGet(statusPath), isGet(filePath))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fileConfig(e, `
resource "frameio_file" "proxy" {
  folder_id = "`+e.Options().RootFolderID+`"
  source    = "`+hcl(src)+`"
  wait_for  = "transcode"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("frameio_file.proxy", tfjsonpath.New("status"), knownvalue.StringExact("transcoded")),
				expectStoredContent(e, "frameio_file.proxy", sum),
				emulatorCheck(func() error {
					if n := steps(); n != 2 {
						return fmt.Errorf("the clock was stepped %d times, want 2: the provider did not poll through both waits", n)
					}
					polls := 0
					for _, r := range e.Requests() {
						if isGet(statusPath)(r) {
							polls++
						}
					}
					if polls < 2 {
						return fmt.Errorf("%d upload status reads, want one before the processing ended and one after", polls)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccFile_expiredPartURLsLeaveNoOrphan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	// While the fault is pending, storage refuses every part PUT as it refuses a pre-signed URL that
	// outlived its validity: 403 AccessDenied "Request has expired" (the emulator's own tests cover
	// URLs that really expire on its clock).
	e.FailOperation(emulator.OpPutPart, emulator.Always, http.StatusForbidden)
	src, sum := writeRandomFile(t, t.TempDir(), "late.mov", 2_000_000, 41)
	config := providerBlockAt(e.URL(), e, "") + `
resource "frameio_file" "late" {
  folder_id = "` + e.Options().RootFolderID + `"
  source    = "` + hcl(src) + `"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: errorPattern(`Cannot create the Frame.io file.*storage refused the pre-signed URL of part \d+ ` +
					`of 2 of late.mov \(HTTP 403.*expired.*Apply again: a new upload gets new part URLs.*nothing was left behind`),
			},
			{
				// Fresh URLs on the next apply: the upload goes through.
				PreConfig: func() { requireNoFiles(t, e); e.ClearFaults(emulator.OpPutPart) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectStoredContent(e, "frameio_file.late", sum),
					expectNoOrphans(e),
					emulatorCheck(func() error {
						for _, r := range partPUTs(e.Requests()) {
							if r.Status == http.StatusForbidden {
								return nil
							}
						}
						return fmt.Errorf("storage never refused an expired part URL")
					}),
				},
			},
		},
	})
}
