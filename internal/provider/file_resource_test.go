package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// smallParts makes the emulator cut files into 1 MB parts so that test files of a few MB are multi-part.
const smallParts = 1_000_000

// writeRandomFile writes size pseudo-random bytes (seeded, so reruns are stable) and returns the path
// and the hex SHA-256.
func writeRandomFile(t *testing.T, dir, name string, size int, seed uint64) (string, string) {
	t.Helper()
	buf := make([]byte, size)
	rng := rand.New(rand.NewPCG(seed, uint64(size)))
	for i := range buf {
		buf[i] = byte(rng.UintN(256))
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf)
	return p, hex.EncodeToString(sum[:])
}

// captureID stores the id of addr into *dst, for later steps and emulator checks.
func captureID(addr string, dst *string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(addr, "id", func(v string) error {
		*dst = v
		return nil
	})
}

// checkStoredContent verifies that the emulator holds exactly the bytes of the local file.
func checkStoredContent(e *emulator.Emulator, addr, wantSHA string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		f, ok := e.File(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("%s: file %s not found in the emulator", addr, rs.Primary.ID)
		}
		if f.SHA256 != wantSHA {
			return fmt.Errorf("%s: emulator content sha256 %s, want %s", addr, f.SHA256, wantSHA)
		}
		if !f.UploadComplete {
			return fmt.Errorf("%s: emulator says the upload is not complete", addr)
		}
		return nil
	}
}

// checkNoFiles is a CheckDestroy that proves nothing is left in the emulator.
func checkNoFiles(e *emulator.Emulator) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if files := e.Files(); len(files) != 0 {
			return fmt.Errorf("%d files left in Frame.io after destroy, e.g. %s", len(files), files[0].Name)
		}
		return nil
	}
}

func fileConfig(e *emulator.Emulator, body string) string {
	return providerBlock(e) + body
}

func hcl(p string) string { return strings.ReplaceAll(p, `\`, `\\`) }

func TestAccFile_lifecycle(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	small, smallSHA := writeRandomFile(t, dir, "notes.txt", 4_096, 1)
	big, bigSHA := writeRandomFile(t, dir, "cut_v3.mov", 2_500_001, 2) // 3 parts: 833,334 + 833,334 + 833,333
	root := e.Options().RootFolderID
	otherFolder, err := e.AddFolder(root, "Dailies")
	if err != nil {
		t.Fatal(err)
	}

	config := func(folder, name string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "small" {
  folder_id = %q
  source    = %q
}
resource "frameio_file" "big" {
  folder_id = %q
  name      = %q
  source    = %q
}
`, root, hcl(small), folder, name, hcl(big)))
	}

	var bigID, firstBigID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config(root, "cut_v3.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.big", plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue("frameio_file.big", tfjsonpath.New("source_sha256")),
					plancheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("name"), knownvalue.StringExact("notes.txt")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.big", tfjsonpath.New("file_size"), knownvalue.Int64Exact(2_500_001)),
					statecheck.ExpectKnownValue("frameio_file.big", tfjsonpath.New("media_type"), knownvalue.StringExact("video/quicktime")),
					statecheck.ExpectKnownValue("frameio_file.big", tfjsonpath.New("source_sha256"), knownvalue.StringExact(bigSHA)),
					statecheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("source_sha256"), knownvalue.StringExact(smallSHA)),
					statecheck.ExpectKnownValue("frameio_file.small", tfjsonpath.New("file_size"), knownvalue.Int64Exact(4_096)),
					statecheck.ExpectKnownValue("frameio_file.big", tfjsonpath.New("status"), knownvalue.StringRegexp(regexp.MustCompile(`^(uploaded|transcoded)$`))),
					statecheck.ExpectKnownValue("frameio_file.big", tfjsonpath.New("project_id"), knownvalue.StringExact(e.Options().ProjectID)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStoredContent(e, "frameio_file.big", bigSHA),
					checkStoredContent(e, "frameio_file.small", smallSHA),
					captureID("frameio_file.big", &firstBigID),
					func(*terraform.State) error {
						f, _ := e.File(firstBigID)
						if len(f.PartSizes) != 3 || f.PartSizes[0] != 833_334 || f.PartSizes[2] != 833_333 {
							return fmt.Errorf("part sizes %v, want the 3-way split with remainder first", f.PartSizes)
						}
						return nil
					},
				),
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
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.big", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("frameio_file.small", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPtr("frameio_file.big", "id", &firstBigID),
					resource.TestCheckResourceAttr("frameio_file.big", "name", "cut_v3_final.mov"),
					resource.TestCheckResourceAttr("frameio_file.big", "folder_id", otherFolder),
					func(*terraform.State) error {
						f, _ := e.File(firstBigID)
						if f.Name != "cut_v3_final.mov" || f.ParentID != otherFolder {
							return fmt.Errorf("emulator has name %q parent %q after update", f.Name, f.ParentID)
						}
						return nil
					},
				),
			},
			{
				// Renamed and moved in the web app: the plan puts it back in place.
				PreConfig: func() {
					if err := e.RenameFile(firstBigID, "someone renamed it.mov"); err != nil {
						t.Fatal(err)
					}
					if err := e.MoveFile(firstBigID, root); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.big", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPtr("frameio_file.big", "id", &firstBigID),
					func(*terraform.State) error {
						f, _ := e.File(firstBigID)
						if f.Name != "cut_v3_final.mov" || f.ParentID != otherFolder {
							return fmt.Errorf("drift not corrected: name %q parent %q", f.Name, f.ParentID)
						}
						return nil
					},
				),
			},
			{
				// New content: replace, the new hash unknown at plan, the old file gone.
				PreConfig: func() {
					writeRandomFile(t, dir, "cut_v3.mov", 2_500_001, 3)
				},
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.big", plancheck.ResourceActionReplace),
					plancheck.ExpectUnknownValue("frameio_file.big", tfjsonpath.New("source_sha256")),
					plancheck.ExpectResourceAction("frameio_file.small", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("frameio_file.big", &bigID),
					func(s *terraform.State) error {
						if bigID == firstBigID {
							return fmt.Errorf("id did not change on replace")
						}
						if _, ok := e.File(firstBigID); ok {
							return fmt.Errorf("old file %s still in Frame.io after replace", firstBigID)
						}
						_, newSHA := writeRandomFile(t, t.TempDir(), "x", 2_500_001, 3)
						return checkStoredContent(e, "frameio_file.big", newSHA)(s)
					},
				),
			},
			{
				// Deleted in the web app: Read drops it, the plan creates it again.
				PreConfig: func() {
					if err := e.DeleteFile(bigID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(otherFolder, "cut_v3_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.big", plancheck.ResourceActionCreate),
				}},
				Check: resource.TestCheckResourceAttrWith("frameio_file.big", "id", func(v string) error {
					if v == bigID {
						return fmt.Errorf("id %s reused after out-of-band delete", v)
					}
					return nil
				}),
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
