package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stackReads is a plan check: the refresh of the plan that just ran made exactly the per-stack and
// per-file reads given (version_stacks.show, version_stacks.index, files.show), listed the folder's
// stacks (version_stacks.list) at least once, and drew no 429.
type stackReads struct {
	t                  *testing.T
	e                  *emulator.Emulator
	shows, index, file int
}

func (c stackReads) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	got := map[string]int{}
	throttled := 0
	for _, r := range c.e.Requests() {
		got[r.Op]++
		if r.Status == http.StatusTooManyRequests {
			throttled++
		}
	}
	c.t.Logf("plan: %d version_stacks.show, %d version_stacks.index, %d files.show, %d version_stacks.list, %d files.list, %d replies 429",
		got["version_stacks.show"], got["version_stacks.index"], got["files.show"], got["version_stacks.list"], got["files.list"], throttled)
	switch {
	case got["version_stacks.show"] != c.shows || got["version_stacks.index"] != c.index || got["files.show"] != c.file:
		resp.Error = fmt.Errorf("the plan made %d version_stacks.show, %d version_stacks.index and %d files.show, want %d, %d and %d",
			got["version_stacks.show"], got["version_stacks.index"], got["files.show"], c.shows, c.index, c.file)
	case got["version_stacks.list"] == 0:
		resp.Error = fmt.Errorf("the plan did not list the folder's version stacks")
	case throttled != 0:
		resp.Error = fmt.Errorf("the plan drew %d replies 429", throttled)
	}
}

// unlessFolderListsStacked is n files.show, the reads of files that left the folder for a stack: none
// under the reading where the folder's files listing shows stacked files too (with their stack as
// parent), since that listing, made anyway, then has them.
func unlessFolderListsStacked(e *emulator.Emulator, n int) int {
	if e.Readings().FolderFilesListStacked {
		return 0
	}
	return n
}

// stackedFilesConfig is n frameio_file resources f[i] uploading dir/f%03d.bin to the root folder.
func stackedFilesConfig(e *emulator.Emulator, dir string, n int) string {
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "f" {
  count     = %d
  folder_id = %q
  source    = format("%s/f%%03d.bin", count.index)
}
`, n, e.Options().RootFolderID, hcl(dir)))
}

func writeStackedSources(t *testing.T, dir string, n int, seed uint64) {
	for i := range n {
		writeRandomFile(t, dir, fmt.Sprintf("f%03d.bin", i), 100+i, seed+uint64(i))
	}
}

// Stacks the provider made: an unchanged plan reads every stacked file from the folder's listing of
// stacks, with no per-stack GET; after a web-app upload on top of three stacks, exactly those three
// stacks' files are listed (version_stacks.index), and once that refresh is applied, none again.
func TestAccFile_stackedReadsFromTheStackListing(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	const n = 10 // version_stacks.create is 10 per minute: the new versions fit the first minute's burst
	writeStackedSources(t, dir, n, 0)
	config := stackedFilesConfig(e, dir, n)
	var graded string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { writeStackedSources(t, dir, n, 100) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.f[0]", versionNumberPath, knownvalue.Int64Exact(2)),
					emulatorCheck(func() error {
						if got := len(e.Stacks()); got != n {
							return fmt.Errorf("%d version stacks, want %d", got, n)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e},
				}},
			},
			{
				PreConfig: func() {
					for i := range 3 {
						id, err := e.AddFileToStack(stackOfFileNamed(t, e, fmt.Sprintf("f%03d.bin", i)), fmt.Sprintf("graded%d.bin", i),
							randomBytes(50, uint64(200+i)))
						if err != nil {
							t.Fatal(err)
						}
						if i == 0 {
							graded = id
						}
					}
					e.ResetRequests()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e, index: 3},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.f[0]", headVersionIDPath, knownvalue.StringFunc(func(v string) error {
						if v != graded {
							return fmt.Errorf("head_version_id %q, want the web-app version %s", v, graded)
						}
						return nil
					})),
					statecheck.ExpectKnownValue("frameio_file.f[0]", versionNumberPath, knownvalue.Int64Exact(2)),
				},
			},
			{
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e},
				}},
			},
			{
				// The oldest version of f[1] deleted in the web app: the head is the same, the stack's
				// updated_at is not, so that stack's files are listed again and f[1] is renumbered.
				PreConfig: func() {
					s, _ := e.Stack(stackOfFileNamed(t, e, "f001.bin"))
					if err := e.DeleteFile(s.FileIDs[0]); err != nil {
						t.Fatal(err)
					}
					e.ResetRequests()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e, index: 1},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.f[1]", versionNumberPath, knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

// stackOfFileNamed is the id of the version stack that holds the files named name.
func stackOfFileNamed(t *testing.T, e *emulator.Emulator, name string) string {
	t.Helper()
	for _, s := range e.Stacks() {
		if f, ok := e.File(s.FileIDs[0]); ok && f.Name == name {
			return s.ID
		}
	}
	t.Fatalf("no version stack holds %s", name)
	return ""
}

// Files the provider uploaded alone, then given a new version in the web app: the first refresh finds
// each file's new stack with one files.show per file and the folder's listing of stacks, with no
// per-stack GET for a file now under a newer head (it keeps number 1), and one stack listing for a file
// that was stacked onto another (it is the head: its number needs the stack's files). The next plan
// makes none.
func TestAccFile_webAppStacksFoundWithinFilesShowLimit(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	const n = 6
	writeStackedSources(t, dir, n, 300)
	config := stackedFilesConfig(e, dir, n)
	root := e.Options().RootFolderID
	stacks := map[int]string{}
	var newer string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					for i := range 5 {
						ours := fileIDByName(t, e, fmt.Sprintf("f%03d.bin", i))
						other := putFileOutOfBand(t, e, root, fmt.Sprintf("web%d.bin", i), randomBytes(40, uint64(400+i)))
						files := []string{ours, other} // a new version on top of ours
						if i == 4 {
							files = []string{other, ours} // ours stacked onto another file: ours is the head
						} else if i == 0 {
							newer = other
						}
						id, err := e.StackFiles(root, files...)
						if err != nil {
							t.Fatal(err)
						}
						stacks[i] = id
					}
					e.ResetRequests()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e, index: 1, file: unlessFolderListsStacked(e, 5)},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.f[0]", versionStackPath, knownvalue.StringFunc(func(v string) error {
						if v != stacks[0] {
							return fmt.Errorf("version_stack_id %q, want %s", v, stacks[0])
						}
						return nil
					})),
					statecheck.ExpectKnownValue("frameio_file.f[0]", headVersionIDPath, knownvalue.StringFunc(func(v string) error {
						if v != newer {
							return fmt.Errorf("head_version_id %q, want the web-app version %s", v, newer)
						}
						return nil
					})),
					statecheck.ExpectKnownValue("frameio_file.f[0]", versionNumberPath, knownvalue.Int64Exact(1)),
					// Stacked on top of the web-app file, ours is the head; but version_number counts a stack's
					// files by creation time (the document does not say what the listing order means), and
					// ours was uploaded first: it is version 1 of 2.
					statecheck.ExpectKnownValue("frameio_file.f[4]", versionNumberPath, knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("frameio_file.f[5]", versionStackPath, knownvalue.Null()),
				},
			},
			{
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					stackReads{t: t, e: e},
				}},
			},
		},
	})
}
