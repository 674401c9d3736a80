package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The pattern the docs teach for versioned file names (examples/resources/frameio_file/versioned-names.tf),
// applied as written through the real CLI: a for_each keyed by slot ("feature.mov"), so that a new cut
// (feature_v3.mov -> feature_v4.mov) is a new version on the same stack, never a destroy. String keys
// need the CLI: plugin-testing's state shim cannot carry them.

// versionedNamesExample is the taught example pointed at e, its deliverables in tf.dir/deliverables.
func versionedNamesExample(t *testing.T, e *emulator.Emulator, tf *terraformCLI) string {
	t.Helper()
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "frameio_file", "versioned-names.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// The provider runs in the test's process, not in the CLI's directory: make the paths absolute.
	config := strings.ReplaceAll(string(example), "${path.module}", hcl(tf.dir))
	if !strings.Contains(config, `moved {`) || !strings.Contains(config, hcl(tf.dir)+"/deliverables") {
		t.Fatalf("the example no longer has the shape this test expects:\n%s", config)
	}
	return providerBlock(e) + config
}

// deliverables writes the files named in tf.dir/deliverables, after removing the ones named in gone.
func deliverables(t *testing.T, tf *terraformCLI, gone []string, sizes map[string]int, seed uint64) {
	t.Helper()
	dir := filepath.Join(tf.dir, "deliverables")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range gone {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for name, size := range sizes {
		writeRandomFile(t, dir, name, size, seed)
		seed++
	}
}

// requireOneStack fails unless Frame.io holds exactly one version stack, of the files named names
// (oldest first), and no file that held content was ever deleted.
func requireOneStack(t *testing.T, e *emulator.Emulator, names ...string) {
	t.Helper()
	if n := contentDeletes(e); n > 0 {
		t.Errorf("a new cut must not delete anything in Frame.io; files.delete was called %d times beyond undoing lost create replies", n)
	}
	stacks := e.Stacks()
	if len(stacks) != 1 {
		t.Fatalf("want one version stack, Frame.io holds %+v", stacks)
	}
	var got []string
	for _, id := range stacks[0].FileIDs {
		f, _ := e.File(id)
		got = append(got, f.Name)
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("version stack %s holds %v (oldest first), want %v", stacks[0].ID, got, names)
	}
}

func TestAccFile_cliVersionedNamesStack(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	tf.write(versionedNamesExample(t, e, tf))
	vars := []string{"-var", "delivery_folder_id=" + e.Options().RootFolderID}
	deliverables(t, tf, nil, map[string]int{"feature_v3.mov": 30_000, "subtitles_en.srt": 2_000}, 60)
	tf.run(true, "init")
	out := tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOutput(t, "first apply", out, `frameio_file.deliverable\["feature.mov"\]: Creation complete`,
		`Resources: 2 added, 0 changed, 0 destroyed`)
	v3 := fileIDByName(t, e, "feature_v3.mov")

	// The next cut replaces the file in the folder: same slot, new name, new content.
	deliverables(t, tf, []string{"feature_v3.mov"}, map[string]int{"feature_v4.mov": 31_000}, 70)
	plan := tf.run(true, append([]string{"plan"}, vars...)...)
	requireOutput(t, "plan of the new cut", plan,
		`frameio_file.deliverable\["feature.mov"\] will be updated in-place`,
		`~ name = "feature_v3.mov" -> "feature_v4.mov"`,
		`Plan: 0 to add, 1 to change, 0 to destroy`)
	tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)

	requireOneStack(t, e, "feature_v3.mov", "feature_v4.mov")
	if _, ok := e.File(v3); !ok {
		t.Fatalf("v3 (%s) is gone from Frame.io", v3)
	}
	v4 := fileIDByName(t, e, "feature_v4.mov")
	state := tf.run(true, "state", "show", `frameio_file.deliverable["feature.mov"]`)
	requireOutput(t, "state", state, ` id = "`+v4+`"`, `version_number = 2`, `name = "feature_v4.mov"`)
	requireOutput(t, "plan after the new cut", tf.run(true, append([]string{"plan", "-detailed-exitcode"}, vars...)...),
		`No changes.`)
}

// A configuration keyed by file name (the pattern taught before) moves to slot keys with the example's
// moved block, in the same apply as the new cut: the v3 instance is moved, then gets v4 on top.
func TestAccFile_cliVersionedNamesMovedFromFileNameKeys(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	root := e.Options().RootFolderID
	tf.write(providerBlock(e) + `
resource "frameio_file" "deliverable" {
  for_each = fileset("` + hcl(tf.dir) + `/deliverables", "*")

  folder_id = "` + root + `"
  source    = "` + hcl(tf.dir) + `/deliverables/${each.value}"
}
`)
	deliverables(t, tf, nil, map[string]int{"feature_v3.mov": 30_000}, 80)
	tf.run(true, "init")
	tf.run(true, "apply", "-auto-approve")

	tf.write(versionedNamesExample(t, e, tf))
	deliverables(t, tf, []string{"feature_v3.mov"}, map[string]int{"feature_v4.mov": 31_000}, 90)
	vars := []string{"-var", "delivery_folder_id=" + root}
	plan := tf.run(true, append([]string{"plan"}, vars...)...)
	requireOutput(t, "plan", plan,
		`# frameio_file.deliverable\["feature.mov"\] will be updated in-place # \(moved from frameio_file.deliverable\["feature_v3.mov"\]\)`,
		`Plan: 0 to add, 1 to change, 0 to destroy`)
	tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOneStack(t, e, "feature_v3.mov", "feature_v4.mov")
}
