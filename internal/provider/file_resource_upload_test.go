package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// checkPartPUTs asserts that every part of every file in Frame.io was stored by exactly one successful
// PUT (nothing uploaded twice) and that between minPeak and maxPeak part PUTs were in flight at once.
func checkPartPUTs(e *emulator.Emulator, minPeak, maxPeak int) statecheck.StateCheck {
	return emulatorCheck(func() error {
		parts := 0
		for _, f := range e.Files() {
			parts += len(f.PartSizes)
		}
		puts := partPUTs(e.Requests())
		ok := 0
		for _, r := range puts {
			if r.Status/100 == 2 {
				ok++
			}
		}
		if ok != parts || len(puts) != parts {
			return fmt.Errorf("%d part PUTs (%d successful) for %d parts, want one successful PUT per part", len(puts), ok, parts)
		}
		if peak := maxOverlap(puts); peak < minPeak || peak > maxPeak {
			return fmt.Errorf("up to %d part PUTs in flight at once, want %d..%d", peak, minPeak, maxPeak)
		}
		return nil
	})
}

func TestAccFile_twentyFilesDefaultConcurrency(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts}) // the documented rate limits are on
	// Slow enough (a 500 kB part takes a second) that uploads of files created one after the other under
	// the documented rate limit of local_upload overlap in time.
	e.SetBandwidth(500_000)
	dir := t.TempDir()
	want := map[string]string{} // name -> sha256
	for i := range 20 {
		name := fmt.Sprintf("shot_%02d.mov", i)
		_, want[name] = writeRandomFile(t, dir, name, 100_000+i*50_000, uint64(100+i))
	}
	config := fileConfig(e, fmt.Sprintf(`
locals {
  shots = sort(fileset(%q, "*.mov"))
}
resource "frameio_file" "shots" {
  count     = length(local.shots)
  folder_id = %q
  source    = "%s/${local.shots[count.index]}"
}
`, hcl(dir), e.Options().RootFolderID, hcl(dir)))
	// count, not for_each: terraform-plugin-testing's legacy state shim (used after every test, even without
	// Check functions) rejects string instance keys. The provider does not care which one a config uses.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoOrphans(e),
					emulatorCheck(func() error {
						files := e.Files()
						if len(files) != len(want) {
							return fmt.Errorf("%d files in Frame.io, want %d", len(files), len(want))
						}
						for _, f := range files {
							if !f.UploadComplete || f.SHA256 != want[f.Name] {
								return fmt.Errorf("%s: complete %v, sha256 %q, want %q", f.Name, f.UploadComplete, f.SHA256, want[f.Name])
							}
						}
						return nil
					}),
					// Parallel (more than one part at once), within the documented default upload_concurrency
					// of 16 (a literal: the constant is what is under test).
					checkPartPUTs(e, 2, 16),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccFile_uploadConcurrencyIsProviderWide(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: 200_000})
	e.SetBandwidth(2_000_000) // slow parts, so that parts of different files overlap in time
	dir := t.TempDir()
	for i := range 4 {
		writeRandomFile(t, dir, fmt.Sprintf("reel_%d.mov", i), 1_000_000, uint64(30+i)) // 5 parts each
	}
	config := providerBlockAt(e.URL(), e, "upload_concurrency = 3") + fmt.Sprintf(`
locals {
  reels = sort(fileset(%q, "*.mov"))
}
resource "frameio_file" "reels" {
  count     = length(local.reels)
  folder_id = %q
  source    = "%s/${local.reels[count.index]}"
}
`, hcl(dir), e.Options().RootFolderID, hcl(dir))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectNoOrphans(e),
				emulatorCheck(func() error {
					if n := len(partPUTs(e.Requests())); n != 20 {
						return fmt.Errorf("%d part PUTs, want 20 (4 files of 5 parts)", n)
					}
					return nil
				}),
				// At most upload_concurrency = 3 across the 4 files, not 3 per file.
				checkPartPUTs(e, 2, 3),
			},
		}},
	})
}

func TestAccFile_transientFaultsAreRetried(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "flaky.mov", 3_000_000, 13)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.FailOperation(emulator.OpPutPart, 1, http.StatusServiceUnavailable)
				e.ResetConnection(emulator.OpPutPart, 1)
				e.FailOperation(emulator.OpAnyAPI, 1, http.StatusTooManyRequests) // as the service answers: no Retry-After
			},
			Config: localFileConfig(e, "flaky", src),
			ConfigStateChecks: []statecheck.StateCheck{
				expectStoredContent(e, "frameio_file.flaky", sum),
				expectNoOrphans(e),
				// Each fault fired once and was retried: the emulator saw the failed attempts.
				emulatorCheck(func() error {
					var unavailable, reset, limited, stored int
					for _, r := range e.Requests() {
						switch {
						case r.S3 && r.Method == http.MethodPut && r.Status == http.StatusServiceUnavailable:
							unavailable++
						case r.S3 && r.Method == http.MethodPut && r.Status == 0:
							reset++
						case r.S3 && r.Method == http.MethodPut && r.Status/100 == 2:
							stored++
						case !r.S3 && r.Status == http.StatusTooManyRequests:
							limited++
						}
					}
					if unavailable != 1 || reset != 1 || limited != 1 || stored != 3 {
						return fmt.Errorf("saw %d part PUTs failing with 503, %d reset, %d API calls limited with 429 and "+
							"%d parts stored; want 1, 1, 1 and 3", unavailable, reset, limited, stored)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccFile_logsShowProgressAndHideSecrets(t *testing.T) {
	const token = "tok-3f9a1c77e5b2-very-secret"
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts, Token: token})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "logged.mov", 2_000_000, 18)
	logPath := filepath.Join(t.TempDir(), "tf.log")
	// Process-wide environment: resource.Test, not ParallelTest.
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG_PROVIDER_FRAMEIO_UPLOAD", "DEBUG")
	t.Setenv(EnvToken, token)
	e.FailOperation(emulator.OpPutPart, 1, http.StatusInternalServerError) // a retry line mentions the part URL's host

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// The token comes from the environment: the test harness logs the configuration itself.
			Config: fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  account_id = %q
}
resource "frameio_file" "logged" {
  folder_id = %q
  source    = %q
}
`, e.URL(), e.Options().AccountID, e.Options().RootFolderID, hcl(src)),
			ConfigStateChecks: []statecheck.StateCheck{expectStoredContent(e, "frameio_file.logged", sum)},
		}},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	for _, want := range []string{"upload started", "upload progress", "part failed, retrying", "upload finished", "upload status", "frameio.upload"} {
		if !strings.Contains(logs, want) {
			t.Errorf("provider log has no %q line", want)
		}
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, token) {
			t.Errorf("the token appears in the log: %.300s", line)
		}
	}
	if m := regexp.MustCompile(`X-Amz-Signature=[0-9a-f]{16,}`).FindString(logs); m != "" {
		t.Errorf("a pre-signed URL signature appears in the log: %s", m)
	}
}
