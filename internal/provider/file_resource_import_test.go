package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFile_importAdoptsSameSizeWithoutUpload(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "review_cut.mov", 1_500_000, 7)
	id := uploadOutOfBand(t, e, src, "review_cut.mov")
	config := localFileConfig(e, "adopted", src)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       "frameio_file.adopted",
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				// Same size: the hash is recorded in place, the reviewed asset keeps its id and comments.
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.adopted", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("frameio_file.adopted", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.adopted", idPath, knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("frameio_file.adopted", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
					expectNoUpload(e),
					expectStoredContent(e, "frameio_file.adopted", sum),
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

func TestAccFile_importDifferentSizeAddsVersion(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	old, oldSum := writeRandomFile(t, dir, "old.mov", 10_000, 8)
	id := uploadOutOfBand(t, e, old, "cut.mov")
	src, sum := writeRandomFile(t, dir, "cut.mov", 12_000, 9)
	config := localFileConfig(e, "adopted", src)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: "frameio_file.adopted", ImportState: true, ImportStateId: id, ImportStatePersist: true},
			{
				// Different size, different content: a new version on top of the imported file, which
				// keeps its id and its reviewers' comments.
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion("frameio_file.adopted")},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.adopted", idPath, knownvalue.StringFunc(func(v string) error {
						if v == id {
							return fmt.Errorf("different content kept the imported id %s", id)
						}
						return nil
					})),
					statecheck.ExpectKnownValue("frameio_file.adopted", versionIDsPath.AtSliceIndex(0), knownvalue.StringExact(id)),
					expectStoredContent(e, "frameio_file.adopted", sum),
					expectStack(e, "frameio_file.adopted", e.Options().RootFolderID, oldSum, sum),
					expectNoOrphans(e),
				},
			},
		},
	})
}

func TestAccFile_importRemoteFileRecordsURLInPlace(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the source is on 127.0.0.1
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "promo.mp4", 20_000, 23)
	id := uploadOutOfBand(t, e, src, "promo.mp4")
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "promo" {
  folder_id  = %q
  source_url = "%s/promo.mp4"
}
`, e.Options().RootFolderID, srv.URL))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: "frameio_file.promo", ImportState: true, ImportStateId: id, ImportStatePersist: true},
			{
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.promo", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.promo", idPath, knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("frameio_file.promo", tfjsonpath.New("source_url"), knownvalue.StringExact(srv.URL+"/promo.mp4")),
					expectNoUpload(e),
					expectStoredContent(e, "frameio_file.promo", sum),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.promo", idPath, knownvalue.StringExact(id)),
				},
			},
		},
	})
}
