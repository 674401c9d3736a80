package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// folderByID is the emulator's copy of a folder.
func folderByID(e *emulator.Emulator, id string) (emulator.Folder, bool) {
	for _, f := range e.Folders() {
		if f.ID == id {
			return f, true
		}
	}
	return emulator.Folder{}, false
}

// folderIDByName is the id of the one folder called name in the emulator, for out-of-band changes in a
// PreConfig (the state is not at hand there).
func folderIDByName(t *testing.T, e *emulator.Emulator, name string) string {
	t.Helper()
	return oneIDNamed(t, "folder", e.Folders(), func(f emulator.Folder) (string, string) { return f.ID, f.Name }, name)
}

// expectFolderAs: Frame.io holds the folder of the state at addr under this name, in the folder whose id
// the state records at parentAddr's id (or, when parentAddr is "", in folder parentID).
func expectFolderAs(e *emulator.Emulator, addr, name, parentAddr, parentID string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			id, err := stateString(req, addr, "id")
			if err != nil {
				return err
			}
			want := parentID
			if parentAddr != "" {
				if want, err = stateString(req, parentAddr, "id"); err != nil {
					return err
				}
			}
			f, ok := folderByID(e, id)
			switch {
			case !ok:
				return fmt.Errorf("%s: folder %s is not in Frame.io", addr, id)
			case f.Name != name || f.ParentID != want:
				return fmt.Errorf("%s: Frame.io has %q in %s, want %q in %s", addr, f.Name, f.ParentID, name, want)
			}
			return nil
		}()
	})
}

// expectFileIn: Frame.io holds the file of the state at addr in the folder of the state at folderAddr.
func expectFileIn(e *emulator.Emulator, addr, folderAddr string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		folder, err := stateString(req, folderAddr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		f, err := emulatorFile(e, req, addr)
		if err == nil && f.ParentID != folder {
			err = fmt.Errorf("%s: file %s is in %s, want %s (%s)", addr, f.ID, f.ParentID, folder, folderAddr)
		}
		resp.Error = err
	})
}

// checkOnlyRootFolder is a CheckDestroy: no folder is left but the project's root.
func checkOnlyRootFolder(e *emulator.Emulator) func(*terraform.State) error {
	return func(*terraform.State) error {
		if fs := e.Folders(); len(fs) != 1 {
			return fmt.Errorf("%d folders left in Frame.io after destroy, want only the root: %+v", len(fs)-1, fs[1:])
		}
		return nil
	}
}

func TestAccFolder_nestedTreeRenameMoveImport(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	root := e.Options().RootFolderID
	config := func(month, reel2Parent string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = %q
}
resource "frameio_folder" "month" {
  name      = %q
  parent_id = frameio_folder.deliverables.id
}
resource "frameio_folder" "reel" {
  count     = 2
  name      = "Reel ${count.index + 1}"
  parent_id = count.index == 0 ? frameio_folder.month.id : %s
}
`, root, month, reel2Parent))
	}
	const month, reel2 = "frameio_folder.month", "frameio_folder.reel[1]"
	sameMonth := statecheck.CompareValue(compare.ValuesSame())
	sameReel := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyRootFolder(e),
		Steps: []resource.TestStep{
			{
				// Three levels in one apply.
				Config: config("2026-11", "frameio_folder.month.id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(month, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(reel2, tfjsonpath.New("parent_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFolderAs(e, "frameio_folder.deliverables", "Deliverables", "", root),
					expectFolderAs(e, month, "2026-11", "frameio_folder.deliverables", ""),
					expectFolderAs(e, "frameio_folder.reel[0]", "Reel 1", month, ""),
					expectFolderAs(e, reel2, "Reel 2", month, ""),
					statecheck.ExpectKnownValue(month, tfjsonpath.New("project_id"), knownvalue.StringExact(e.Options().ProjectID)),
					statecheck.ExpectKnownValue(month, tfjsonpath.New("force_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(month, tfjsonpath.New("view_url"), knownvalue.StringRegexp(errorPattern(`^https://`))),
					statecheck.ExpectKnownValue(month, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					sameMonth.AddStateValue(month, idPath),
					sameReel.AddStateValue(reel2, idPath),
				},
			},
			{
				Config: config("2026-11", "frameio_folder.month.id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Rename one, move another up a level: both in place, ids kept.
				Config: config("2026-12", "frameio_folder.deliverables.id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(month, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(reel2, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("frameio_folder.reel[0]", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameMonth.AddStateValue(month, idPath),
					sameReel.AddStateValue(reel2, idPath),
					expectFolderAs(e, month, "2026-12", "frameio_folder.deliverables", ""),
					expectFolderAs(e, reel2, "Reel 2", "frameio_folder.deliverables", ""),
				},
			},
			{
				// Import by id: everything but the configuration-only force_destroy comes from Frame.io.
				ResourceName:      month,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccFolder_drift(t *testing.T) {
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Clock: clk})
	root := e.Options().RootFolderID
	other := addFolder(t, e, root, "Elsewhere") // not managed
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  name      = "Dailies"
  parent_id = %q
}
resource "frameio_folder" "day1" {
  name      = "Day 1"
  parent_id = frameio_folder.dailies.id
}
`, root))
	const addr = "frameio_folder.day1"
	same := statecheck.CompareValue(compare.ValuesSame())
	recreated := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(addr, idPath), recreated.AddStateValue(addr, idPath)},
			},
			{
				// Renamed and moved in the web app: the plan shows both and puts the folder back.
				PreConfig: func() {
					id := folderIDByName(t, e, "Day 1")
					if err := e.RenameFolder(id, "day one (renamed)"); err != nil {
						t.Fatal(err)
					}
					if err := e.MoveFolder(id, other); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Day 1")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(addr, idPath),
					expectFolderAs(e, addr, "Day 1", "frameio_folder.dailies", ""),
				},
			},
			{
				// Deleted in the web app (with its parent): both are created again.
				PreConfig: func() {
					if err := e.DeleteFolder(folderIDByName(t, e, "Dailies")); err != nil {
						t.Fatal(err)
					}
					pastListingLag(e, clk)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("frameio_folder.dailies", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					recreated.AddStateValue(addr, idPath),
					expectFolderAs(e, addr, "Day 1", "frameio_folder.dailies", ""),
				},
			},
		},
	})
}

func TestAccFolder_forceDestroy(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	cut, _ := writeRandomFile(t, dir, "cut.mov", 10_000, 1)
	config := func(force bool) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "review" {
  name          = "Review"
  parent_id     = %q
  force_destroy = %t
}
resource "frameio_file" "cut" {
  folder_id = frameio_folder.review.id
  source    = %q
}
`, e.Options().RootFolderID, force, hcl(cut)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := checkOnlyRootFolder(e)(s); err != nil {
				return err
			}
			return checkNoFiles(e)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: config(false),
			},
			{
				// Someone adds a file and a folder in the web app: destroy removes the managed file, then
				// refuses to delete the folder and names what is left.
				PreConfig: func() {
					review := folderIDByName(t, e, "Review")
					putFileOutOfBand(t, e, review, "client notes.pdf", []byte("notes"))
					if _, err := e.AddFolder(review, "Selects"); err != nil {
						t.Fatal(err)
					}
				},
				Config:  config(false),
				Destroy: true,
				ExpectError: errorPattern(`Frame.io folder is not empty.*Folder "Review" \([0-9a-f-]+\) holds 2 items that ` +
					`this configuration does not manage: "client notes.pdf" \(file\), "Selects" \(folder\). Deleting the ` +
					`folder in Frame.io would delete them too.*set force_destroy = true on this frameio_folder and apply ` +
					`that before destroying`),
			},
			{
				// The refusal kept the folder and what it holds; the managed file is gone and is uploaded again.
				Config: config(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.cut", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("frameio_folder.review", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if len(e.Files()) != 2 || len(e.Folders()) != 3 {
						return fmt.Errorf("want 2 files and 3 folders after the refused destroy, got %+v and %+v", e.Files(), e.Folders())
					}
					return nil
				})},
			},
			{
				// force_destroy is a state-only change; the test's destroy then deletes everything.
				Config: config(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_folder.review", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_folder.review", tfjsonpath.New("force_destroy"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

// A folder whose only content is managed by the same configuration is emptied by the destroy and then
// deleted without force_destroy: the files depend on it, so Terraform destroys them first.
func TestAccFolder_destroyedWithItsFiles(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	writeRandomFile(t, dir, "a.wav", 5_000, 1)
	writeRandomFile(t, dir, "b.srt", 300, 2)
	writeRandomFile(t, dir, "c.pdf", 700, 3)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := checkOnlyRootFolder(e)(s); err != nil {
				return err
			}
			return checkNoFiles(e)(s)
		},
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
locals {
  files = tolist(fileset(%[2]q, "*"))
}
resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = %[1]q
}
resource "frameio_folder" "audio" {
  name      = "Audio"
  parent_id = frameio_folder.deliverables.id
}
resource "frameio_file" "f" {
  count     = length(local.files)
  folder_id = frameio_folder.audio.id
  source    = "%[2]s/${local.files[count.index]}"
}
`, e.Options().RootFolderID, hcl(dir))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("frameio_file.f[2]", tfjsonpath.New("name"), knownvalue.StringExact("c.pdf")),
				expectFileIn(e, "frameio_file.f[0]", "frameio_folder.audio"),
			},
		}},
	})
}
