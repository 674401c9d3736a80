package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

var idPath = tfjsonpath.New("id")

func TestAccFile_lifecycle(t *testing.T) {
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts, Clock: clk})
	dir := t.TempDir()
	small, smallSHA := writeRandomFile(t, dir, "notes.txt", 4_096, 1)
	big, bigSHA := writeRandomFile(t, dir, "cut_v3.mov", 2_500_001, 2) // 3 parts
	newBigSHA := sha256Hex(randomBytes(2_500_001, 3))                  // the content of the re-render below
	root := e.Options().RootFolderID
	otherFolder := addFolder(t, e, root, "Dailies")

	config := func(folder, name string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "small" {
  folder_id = %q
  source    = %q
}
resource "frameio_file" "big" {
  folder_id         = %q
  name              = %q
  source            = %q
  on_content_change = "replace"
}
`, root, hcl(small), folder, name, hcl(big)))
	}
	const addr = "frameio_file.big"
	// The id survives the rename, the move and the drift correction; it changes on the replace and
	// again on the re-create after an out-of-band delete.
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config(root, "cut_v3.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("source_sha256")),
					plancheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("name"), knownvalue.StringExact("notes.txt")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(2_500_001)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("media_type"), knownvalue.StringExact("video/quicktime")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(bigSHA)),
					statecheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("source_sha256"), knownvalue.StringExact(smallSHA)),
					statecheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("file_size"), knownvalue.Int64Exact(4_096)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringRegexp(regexp.MustCompile(`^(uploaded|transcoded)$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("project_id"), knownvalue.StringExact(e.Options().ProjectID)),
					expectStoredContent(e, addr, bigSHA),
					expectStoredContent(e, "frameio_file.small", smallSHA),
					// One PUT per part each file needs (3 for 2,500,001 bytes in 1 MB parts), nothing sent twice.
					expectPartPUTsCover(e, smallParts, map[int64]bool{4_096: true, 2_500_001: true}),
					expectNoOrphans(e),
					sameID.AddStateValue(addr, idPath),
				},
			},
			{
				// Nothing changed: the second plan is empty.
				Config: config(root, "cut_v3.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Rename and move: in place, same id, no upload.
				PreConfig: e.ResetRequests,
				Config:    config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("frameio_file.small", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("cut_v3_final.mov")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(otherFolder)),
					expectPlacedAs(e, addr, "cut_v3_final.mov", otherFolder),
					expectNoUpload(e),
				},
			},
			{
				// Renamed and moved in the web app: the plan puts it back in place.
				PreConfig: func() {
					id := fileIDByName(t, e, "cut_v3_final.mov")
					if err := e.RenameFile(id, "someone renamed it.mov"); err != nil {
						t.Fatal(err)
					}
					if err := e.MoveFile(id, root); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					newID.AddStateValue(addr, idPath),
					expectPlacedAs(e, addr, "cut_v3_final.mov", otherFolder),
				},
			},
			{
				// New content with on_content_change = "replace": replace, the new hash unknown at plan, the
				// old file gone (file_resource_versions_test.go covers the default, a new version).
				PreConfig: func() { writeRandomFile(t, dir, "cut_v3.mov", 2_500_001, 3) },
				Config:    config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("source_sha256")),
					plancheck.ExpectResourceAction("frameio_file.small", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(newBigSHA)),
					expectStoredContent(e, addr, newBigSHA),
					expectNoOrphans(e),
				},
			},
			{
				// Deleted in the web app: Read drops it, the plan creates it again under a new id.
				PreConfig: func() {
					if err := e.DeleteFile(fileIDByName(t, e, "cut_v3_final.mov")); err != nil {
						t.Fatal(err)
					}
					pastListingLag(e, clk)
				},
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					expectStoredContent(e, addr, newBigSHA),
					expectPlacedAs(e, addr, "cut_v3_final.mov", otherFolder),
					expectNoOrphans(e),
				},
			},
			{
				ResourceName:            "frameio_file.small",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"source", "source_sha256", "timeouts"},
			},
		},
	})
}

func TestAccFile_userSuppliedSHA256(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "mix.wav", 50_000, 10)
	newSum := sha256Hex(randomBytes(50_000, 11)) // the content written before step 2
	config := func(sha string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "mix" {
  folder_id     = %q
  source        = %q
  source_sha256 = %q
}
`, e.Options().RootFolderID, hcl(src), sha))
	}
	// The caller's value is trusted as is, even one that is not the hash of the bytes: it is only the
	// content identity that decides on a replace.
	callerSum := sum[:63] + "0"
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config(sum),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue("frameio_file.mix", idPath),
					expectStoredContent(e, "frameio_file.mix", sum),
				},
			},
			{
				// The caller's hash is the content identity: a new value uploads a new version.
				PreConfig: func() { writeRandomFile(t, dir, "mix.wav", 50_000, 11) },
				Config:    config(callerSum),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.mix", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("source_sha256"), knownvalue.StringExact(callerSum)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue("frameio_file.mix", idPath),
					statecheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("source_sha256"), knownvalue.StringExact(callerSum)),
					expectStoredContent(e, "frameio_file.mix", newSum),
					statecheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("version_number"), knownvalue.Int64Exact(2)),
					expectNoOrphans(e), // the first version stays, in version_ids
				},
			},
		},
	})
}

func TestAccFile_sourceWrittenDuringApply(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	target := filepath.Join(dir, "render.mov")
	// terraform_data is built into Terraform (and OpenTofu): no external provider to download.
	config := fileConfig(e, fmt.Sprintf(`
resource "terraform_data" "render" {
  input = %q
  provisioner "local-exec" {
    command = "head -c 2200000 /dev/urandom > '${self.input}'"
  }
}
resource "frameio_file" "render" {
  folder_id = %q
  source    = terraform_data.render.output
}
`, hcl(target), e.Options().RootFolderID))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("frameio_file.render", tfjsonpath.New("source_sha256")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.render", tfjsonpath.New("file_size"), knownvalue.Int64Exact(2_200_000)),
					// The content is random and written by the provisioner: compare with what is on disk.
					expectStoredContentOf(e, "frameio_file.render", target),
					expectNoOrphans(e),
					statecheck.ExpectKnownValue("frameio_file.render", tfjsonpath.New("source_sha256"),
						knownvalue.StringFunc(func(v string) error {
							sum, err := fileSHA256(target)
							if err == nil && v != sum {
								err = fmt.Errorf("source_sha256 %s, the file's is %s", v, sum)
							}
							return err
						})),
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

// source_url unknown at plan may turn out null at apply, the local source then being the one: the
// hash must stay unknown at plan, or the plan made again at apply contradicts it ("inconsistent final
// plan").
func TestAccFile_sourceURLUnknownUntilApplyIsNull(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	p, sum := writeRandomFile(t, t.TempDir(), "cut.mov", 30_000, 21)
	config := fileConfig(e, fmt.Sprintf(`
resource "terraform_data" "pick" {
  input = "local"
}
resource "frameio_file" "cut" {
  folder_id  = %q
  source     = %q
  source_url = terraform_data.pick.output == "remote" ? "https://cdn.example.com/cut.mov" : null
}
`, e.Options().RootFolderID, hcl(p)))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("frameio_file.cut", tfjsonpath.New("source_sha256")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.cut", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
					statecheck.ExpectKnownValue("frameio_file.cut", tfjsonpath.New("source_url"), knownvalue.Null()),
					expectStoredContent(e, "frameio_file.cut", sum),
				},
			},
		},
	})
}
