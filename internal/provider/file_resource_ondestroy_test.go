package provider

import (
	"fmt"
	"path/filepath"
	"slices"
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

// on_destroy = "keep": destroy forgets the file and its versions, Frame.io keeps them.

var onDestroyPath = tfjsonpath.New("on_destroy")

// checkNothingDeleted is a CheckDestroy: Frame.io was never asked to delete a file that held content
// (only, under a reading that loses create replies, what a lost reply made: contentDeletes) and still
// holds n files.
func checkNothingDeleted(e *emulator.Emulator, n int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if deletes := contentDeletes(e); deletes > 0 {
			return fmt.Errorf("on_destroy = \"keep\" must not delete: files.delete was called %d times beyond undoing lost create replies", deletes)
		}
		if files := e.Files(); len(files) != n {
			return fmt.Errorf("after destroy Frame.io holds %d files, want the %d kept", len(files), n)
		}
		return nil
	}
}

func TestAccFile_onDestroyKeepLeavesEveryVersion(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "master.mov", 20_000, 100)
	config := func(onDestroy string) string {
		line := ""
		if onDestroy != "" {
			line = fmt.Sprintf("on_destroy = %q", onDestroy)
		}
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "master" {
  folder_id = %q
  source    = %q
  %s
}
`, e.Options().RootFolderID, hcl(src), line))
	}
	const addr = "frameio_file.master"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// Both versions and their stack stay: destroy only forgot them.
		CheckDestroy: func(s *terraform.State) error {
			if stacks := e.Stacks(); len(stacks) != 1 || len(stacks[0].FileIDs) != 2 {
				return fmt.Errorf("want the version stack of both versions kept, Frame.io holds %+v", stacks)
			}
			return checkNothingDeleted(e, 2)(s)
		},
		Steps: []resource.TestStep{
			{
				Config:            config(""),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, onDestroyPath, knownvalue.StringExact("delete"))},
			},
			{
				// Setting it is an update in place that asks nothing of Frame.io.
				PreConfig: e.ResetRequests,
				Config:    config("keep"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, idPath, knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, onDestroyPath, knownvalue.StringExact("keep")),
					expectNoUpload(e),
					emulatorCheck(func() error {
						if n := len(e.Calls("files.update")) + len(e.Calls("files.delete")); n != 0 {
							return fmt.Errorf("on_destroy changed in place with %d writes to Frame.io, want none", n)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() { writeRandomFile(t, dir, "master.mov", 21_000, 101) },
				Config:    config("keep"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionIDsPath, knownvalue.ListSizeExact(2)),
					expectNoOrphans(e),
				},
			},
		},
	})
}

// One instance of a for_each drops out of the set: with on_destroy = "keep" applied before, its file
// stays in Frame.io while the other instance is untouched; destroy keeps that one too.
func TestAccFile_cliOnDestroyKeepForEachInstance(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	dir := filepath.Join(tf.dir, "deliverables")
	deliverables(t, tf, nil, map[string]int{"reel1.mov": 10_000, "reel2.mov": 11_000}, 110)
	config := func(onDestroy string, keys ...string) string {
		quoted := make([]string, len(keys))
		for i, k := range keys {
			quoted[i] = fmt.Sprintf("%q", k)
		}
		return providerBlock(e) + fmt.Sprintf(`
resource "frameio_file" "reel" {
  for_each = toset([%s])

  folder_id  = %q
  source     = "%s/${each.key}"
  on_destroy = %q
}
`, strings.Join(quoted, ", "), e.Options().RootFolderID, hcl(dir), onDestroy)
	}
	tf.write(config("delete", "reel1.mov", "reel2.mov"))
	tf.run(true, "init")
	tf.run(true, "apply", "-auto-approve")

	// Documented order: set it and apply, then remove the key. Removing it in the same change would not
	// do: at destroy, the value in the state counts.
	tf.write(config("keep", "reel1.mov", "reel2.mov"))
	requireOutput(t, "apply of on_destroy", tf.run(true, "apply", "-auto-approve"), `Resources: 0 added, 2 changed, 0 destroyed`)
	tf.write(config("keep", "reel2.mov"))
	out := tf.run(true, "apply", "-auto-approve")
	requireOutput(t, "apply without reel1", out, `frameio_file.reel\["reel1.mov"\]: Destruction complete`,
		`Resources: 0 added, 0 changed, 1 destroyed`)
	if state := tf.run(true, "state", "list"); strings.TrimSpace(state) != `frameio_file.reel["reel2.mov"]` {
		t.Fatalf("want only reel2.mov left in the state, got:\n%s", state)
	}
	if err := checkNothingDeleted(e, 2)(nil); err != nil {
		t.Fatal(err)
	}
	tf.run(true, "destroy", "-auto-approve")
	if err := checkNothingDeleted(e, 2)(nil); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range e.Files() {
		names = append(names, f.Name)
	}
	if slices.Sort(names); strings.Join(names, ",") != "reel1.mov,reel2.mov" {
		t.Fatalf("Frame.io holds %v, want both reels kept", names)
	}
}
