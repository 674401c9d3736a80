package provider

import (
	"context"
	"fmt"
	"slices"
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

// New content with on_content_change = "new_version" (the default). A comment in Frame.io belongs to one
// file (version), so "the comments survive" is modelled by the earlier versions still existing, with
// their ids and contents, in the stack.

var (
	versionNumberPath  = tfjsonpath.New("version_number")
	versionStackPath   = tfjsonpath.New("version_stack_id")
	versionIDsPath     = tfjsonpath.New("version_ids")
	headVersionIDPath  = tfjsonpath.New("head_version_id")
	newVersionUnknowns = []string{"id", "version_stack_id", "version_number", "version_ids", "head_version_id"}
)

// plansNewVersion: addr is updated in place, with the new version's values unknown and the stable ones
// (name, project_id) known. (source_sha256 is unknown too for a local source, null for a source_url.)
func plansNewVersion(addr string) []plancheck.PlanCheck {
	checks := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.NotNull()),
		plancheck.ExpectKnownValue(addr, tfjsonpath.New("project_id"), knownvalue.NotNull()),
	}
	for _, a := range newVersionUnknowns {
		checks = append(checks, plancheck.ExpectUnknownValue(addr, tfjsonpath.New(a)))
	}
	return checks
}

// expectStackFiles: the version stack stackID() holds exactly the files ids(), bottom to top.
func expectStackFiles(e *emulator.Emulator, stackID func() string, ids func() []string) statecheck.StateCheck {
	return emulatorCheck(func() error {
		s, ok := e.Stack(stackID())
		if !ok {
			return fmt.Errorf("version stack %s is not in Frame.io", stackID())
		}
		if !slices.Equal(s.FileIDs, ids()) {
			return fmt.Errorf("version stack %s holds %v, want %v", s.ID, s.FileIDs, ids())
		}
		return nil
	})
}

// checkOnlyFilesLeft is a CheckDestroy: after destroy Frame.io holds exactly the files ids() (those
// others uploaded).
func checkOnlyFilesLeft(e *emulator.Emulator, ids func() []string) func(*terraform.State) error {
	return func(*terraform.State) error {
		var left []string
		for _, f := range e.Files() {
			left = append(left, f.ID)
		}
		if want := ids(); !slices.Equal(left, want) {
			return fmt.Errorf("after destroy Frame.io holds %v, want only the versions others uploaded %v", left, want)
		}
		return nil
	}
}

func TestAccFile_newVersionsStackAndKeepTheOldOnes(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 1_500_000, 50) // two parts
	sha2 := sha256Hex(randomBytes(1_400_000, 51))
	sha3 := sha256Hex(randomBytes(1_600_000, 52))
	root := e.Options().RootFolderID
	delivered := addFolder(t, e, root, "Delivered")
	config := func(folder, name string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "cut" {
  folder_id = %q
  name      = %q
  source    = %q
}
`, folder, name, hcl(src)))
	}
	const addr = "frameio_file.cut"
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	firstVersion := statecheck.CompareValue(compare.ValuesSame()) // v1's id, later version_ids[0]
	sameStack := statecheck.CompareValue(compare.ValuesSame())
	sameHead := statecheck.CompareValue(compare.ValuesSame())
	headIsID := statecheck.CompareValuePairs(addr, idPath, addr, headVersionIDPath, compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			if stacks := e.Stacks(); len(stacks) != 0 {
				return fmt.Errorf("a version stack is left after destroy: %+v", stacks[0])
			}
			return checkNoFiles(e)(s) // every version, not only the head
		},
		Steps: []resource.TestStep{
			{
				Config: config(root, "cut.mov"),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					firstVersion.AddStateValue(addr, idPath),
					headIsID,
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, versionStackPath, knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(1)),
					expectStoredContent(e, addr, sha1),
				},
			},
			{
				// v2: a new file, stacked on top of v1 in a new version stack; v1 stays.
				PreConfig: func() { writeRandomFile(t, dir, "cut.mov", 1_400_000, 51) },
				Config:    config(root, "cut.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(plansNewVersion(addr),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("source_sha256")))},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					firstVersion.AddStateValue(addr, versionIDsPath.AtSliceIndex(0)),
					sameStack.AddStateValue(addr, versionStackPath),
					headIsID,
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sha2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(1_400_000)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(root)),
					expectStoredContent(e, addr, sha2),
					expectStack(e, addr, root, sha1, sha2),
					expectNoOrphans(e),
				},
			},
			{
				// v3 goes on top of the same stack.
				PreConfig:        func() { writeRandomFile(t, dir, "cut.mov", 1_600_000, 52) },
				Config:           config(root, "cut.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					firstVersion.AddStateValue(addr, versionIDsPath.AtSliceIndex(0)),
					sameStack.AddStateValue(addr, versionStackPath),
					headIsID,
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(3)),
					expectStack(e, addr, root, sha1, sha2, sha3),
					expectNoOrphans(e),
					sameHead.AddStateValue(addr, idPath),
				},
			},
			{
				// A stacked file is where its stack is: nothing to move back.
				Config:           config(root, "cut.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Rename and move: the head is renamed, the whole stack moves; no upload.
				PreConfig: e.ResetRequests,
				Config:    config(delivered, "cut_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, idPath, knownvalue.NotNull()),
					plancheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameHead.AddStateValue(addr, idPath),
					sameStack.AddStateValue(addr, versionStackPath),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(delivered)),
					expectStack(e, addr, delivered, sha1, sha2, sha3),
					stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						f, err := emulatorFile(e, req, addr)
						if err == nil && f.Name != "cut_final.mov" {
							err = fmt.Errorf("the head is named %q in Frame.io, want cut_final.mov", f.Name)
						}
						resp.Error = err
					}),
					expectNoUpload(e),
					expectNoOrphans(e),
				},
			},
			{
				Config:           config(delivered, "cut_final.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccFile_stackedOutOfBandIsNotUndone(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 30_000, 60)
	editorSrc, _ := writeRandomFile(t, dir, "editor.mov", 20_000, 61)
	editorCut := uploadOutOfBand(t, e, editorSrc, "cut_editor.mov")
	root := e.Options().RootFolderID
	config := localFileConfig(e, "cut", src)
	const addr = "frameio_file.cut"
	var stackID, ours, graded string
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// Destroy deletes the two versions Terraform uploaded; the editor's and the graded one stay.
		CheckDestroy: checkOnlyFilesLeft(e, func() []string { return []string{editorCut, graded} }),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// An editor stacks our file on top of their cut in the web app: not moved back out.
				PreConfig: func() {
					ours = fileIDByName(t, e, "cut.mov")
					var err error
					if stackID, err = e.StackFiles(root, editorCut, ours); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, versionStackPath, knownvalue.StringFunc(func(v string) error {
						if v != stackID {
							return fmt.Errorf("version_stack_id %q, want the editor's stack %s", v, stackID)
						}
						return nil
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(root)),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					expectStackFiles(e, func() string { return stackID }, func() []string { return []string{editorCut, ours} }),
				},
			},
			{
				// A grader uploads a newer version on top in the web app: exposed, not undone.
				PreConfig: func() {
					var err error
					if graded, err = e.AddFileToStack(stackID, "cut_graded.mov", randomBytes(25_000, 62)); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, headVersionIDPath, knownvalue.StringFunc(func(v string) error {
						if v != graded {
							return fmt.Errorf("head_version_id %q, want the graded version %s", v, graded)
						}
						return nil
					})),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					expectStackFiles(e, func() string { return stackID }, func() []string { return []string{editorCut, ours, graded} }),
				},
			},
			{
				// Our next version goes on top of everything, in the same stack.
				PreConfig:        func() { writeRandomFile(t, dir, "cut.mov", 30_000, 63) },
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(2)),
					statecheck.CompareValuePairs(addr, idPath, addr, headVersionIDPath, compare.ValuesSame()),
					stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						id, err := stateString(req, addr, "id")
						if err == nil {
							expectStackFiles(e, func() string { return stackID },
								func() []string { return []string{editorCut, ours, graded, id} }).CheckState(context.Background(), req, resp)
							return
						}
						resp.Error = err
					}),
				},
			},
		},
	})
}

func TestAccFile_importStackedFile(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	firstSrc, _ := writeRandomFile(t, dir, "first.mov", 30_000, 80)
	src, sum := writeRandomFile(t, dir, "cut.mov", 40_000, 81)
	first := uploadOutOfBand(t, e, firstSrc, "cut.mov")
	head := uploadOutOfBand(t, e, src, "cut.mov")
	root := e.Options().RootFolderID
	stackID, err := e.StackFiles(root, first, head)
	if err != nil {
		t.Fatal(err)
	}
	config := localFileConfig(e, "cut", src)
	const addr = "frameio_file.cut"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// Destroy deletes what the resource owns (the imported file and its new version), not the
		// version that was there before the import.
		CheckDestroy: checkOnlyFilesLeft(e, func() []string { return []string{first} }),
		Steps: []resource.TestStep{
			{Config: config, ResourceName: addr, ImportState: true, ImportStateId: head, ImportStatePersist: true},
			{
				// Same size: the hash is recorded in place; the stack is recorded, nothing moves.
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(head)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(head)),
					statecheck.ExpectKnownValue(addr, versionStackPath, knownvalue.StringExact(stackID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(root)),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(head)})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
					expectNoUpload(e),
				},
			},
			{
				// New content goes on top of the imported stack.
				PreConfig:        func() { writeRandomFile(t, dir, "cut.mov", 40_000, 82) },
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionStackPath, knownvalue.StringExact(stackID)),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, versionIDsPath.AtSliceIndex(0), knownvalue.StringExact(head)),
					expectStack(e, addr, root, sha256Hex(randomBytes(30_000, 80)), sum, sha256Hex(randomBytes(40_000, 82))),
				},
			},
		},
	})
}

// TestAccFile_oneFileStackDissolves: under the reading where a version stack left with one file goes
// (the document does not say whether it stays) and its file goes back to the folder, a file whose older
// version was deleted in the web app is refreshed as not stacked, with no change planned, and its next
// new version makes a new stack on top of it.
func TestAccFile_oneFileStackDissolves(t *testing.T) {
	readings := readingsFromEnv(t)
	readings.OneFileStackDissolves = true
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Readings: readings, Clock: clk})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 70)
	sha2, sha3 := sha256Hex(randomBytes(21_000, 71)), sha256Hex(randomBytes(22_000, 72))
	root := e.Options().RootFolderID
	config := localFileConfig(e, "cut", src)
	const addr = "frameio_file.cut"
	var v1, v2 string
	stateID := func(into *string) statecheck.StateCheck {
		return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
			f, err := emulatorFile(e, req, addr)
			if err == nil {
				*into = f.ID
			}
			resp.Error = err
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{stateID(&v1), expectStoredContent(e, addr, sha1)}},
			{
				PreConfig:         func() { writeRandomFile(t, dir, "cut.mov", 21_000, 71) },
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{stateID(&v2), expectStack(e, addr, root, sha1, sha2)},
			},
			{
				// v1 deleted in the web app: the stack is gone and v2 is back in the folder.
				PreConfig: func() {
					if err := e.DeleteFile(v1); err != nil {
						t.Fatal(err)
					}
					if n := len(e.Stacks()); n != 0 {
						t.Fatalf("%d version stacks left, want the stack of one dissolved", n)
					}
					pastListingLag(e, clk)
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionStackPath, knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("folder_id"), knownvalue.StringExact(root)),
					stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						if f, err := emulatorFile(e, req, addr); err != nil || f.ID != v2 {
							resp.Error = fmt.Errorf("the state's file is %+v (%v), want v2 %s", f, err, v2)
						}
					}),
				},
			},
			{
				// The next new version stacks on top of v2 in a new stack.
				PreConfig:        func() { writeRandomFile(t, dir, "cut.mov", 22_000, 72) },
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					expectNewStackOnTopOf(e, addr, root, &v2),
					expectStoredContent(e, addr, sha3),
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					// Destroy deletes exactly these; v1, deleted in the web app, is deleted already.
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccFile_newVersionOntoADissolvedStackUnderListingLag: the stack dissolved as above, but the
// folder's listings still show it (they lag behind the delete), so the refresh keeps the state's stack.
// The new version reads its head afresh, finds it back in the folder, and makes a new stack rather than
// moving onto the gone one.
func TestAccFile_newVersionOntoADissolvedStackUnderListingLag(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{OneFileStackDissolves: true, ListingLag: time.Hour}})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 80)
	root := e.Options().RootFolderID
	config := localFileConfig(e, "cut", src)
	const addr = "frameio_file.cut"
	var v1, v2 string
	ids := func(id *string) statecheck.StateCheck {
		return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
			var err error
			*id, err = stateString(req, addr, "id")
			resp.Error = err
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{ids(&v1)}},
			{
				PreConfig:         func() { writeRandomFile(t, dir, "cut.mov", 21_000, 81) },
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{ids(&v2)},
			},
			{
				PreConfig: func() {
					if err := e.DeleteFile(v1); err != nil {
						t.Fatal(err)
					}
					writeRandomFile(t, dir, "cut.mov", 22_000, 82)
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					expectNewStackOnTopOf(e, addr, root, &v2), // not the dissolved one, which is gone
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
				},
			},
		},
	})
}

// expectNewStackOnTopOf: addr's version stack, in folder, holds exactly *below and addr's file, on top.
func expectNewStackOnTopOf(e *emulator.Emulator, addr, folder string, below *string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		stackID, err := stateString(req, addr, "version_stack_id")
		top, err2 := stateString(req, addr, "id")
		s, ok := e.Stack(stackID)
		switch {
		case err != nil || err2 != nil:
			resp.Error = fmt.Errorf("state: %v %v", err, err2)
		case !ok || !slices.Equal(s.FileIDs, []string{*below, top}) || s.ParentID != folder:
			resp.Error = fmt.Errorf("version stack %q is %+v, want %s and %s on top in folder %s", stackID, s, *below, top, folder)
		}
	})
}
