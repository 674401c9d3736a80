package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// An upper-case source_sha256, as PowerShell's Get-FileHash and certutil print it, is accepted and kept as
// written; hex case is never new content. Removing it from the configuration (the provider then hashes
// the file itself, in lower case) plans nothing, and switching to the lower-case spelling records it in
// place, with no upload.
func TestAccFile_upperCaseSHA256(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "master.mov", 60_000, 21)
	upper := strings.ToUpper(sum)
	const addr = "frameio_file.master"
	hashPath := tfjsonpath.New("source_sha256")
	config := func(hashLine string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "master" {
  folder_id = %q
  source    = %q
  %s
}
`, e.Options().RootFolderID, hcl(src), hashLine))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf("source_sha256 = %q", upper)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, hashPath, knownvalue.StringExact(upper)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, hashPath, knownvalue.StringExact(upper)),
					expectStoredContent(e, addr, sum),
				},
			},
			{
				// Without source_sha256 the provider hashes the file, here for real: a new modification
				// time misses the hash cache. Its lower-case hash is the same content: nothing to do.
				PreConfig: func() {
					later := time.Now().Add(time.Hour)
					if err := os.Chtimes(src, later, later); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, hashPath, knownvalue.StringExact(upper)),
				},
			},
			{
				// The same hash spelled in lower case (filesha256()): recorded in place, no new version.
				PreConfig: e.ResetRequests,
				Config:    config(fmt.Sprintf("source_sha256 = %q", sum)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, hashPath, knownvalue.StringExact(sum)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, hashPath, knownvalue.StringExact(sum)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version_number"), knownvalue.Int64Exact(1)),
					expectNoUpload(e),
					expectNoOrphans(e),
				},
			},
		},
	})
}
