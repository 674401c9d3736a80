package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The plan's warnings about what it deletes or takes on trust, as the CLI prints them.

const (
	destroyWarning = `Warning: Destroy deletes every version of a stacked file`
	replaceWarning = `Warning: Replacement deletes every version of a stacked file`
)

// requireNoOutput fails when out matches any pattern (errorPattern syntax).
func requireNoOutput(t *testing.T, what, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if errorPattern(p).MatchString(out) {
			t.Fatalf("%s: output must not match %q:\n%s", what, p, out)
		}
	}
}

func TestAccFile_cliPlanWarnsBeforeDeletingVersions(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	dir := t.TempDir()
	cut, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 120)
	poster, _ := writeRandomFile(t, dir, "poster.png", 5_000, 121)
	config := func(onChange, onDestroy string) string {
		return providerBlock(e) + fmt.Sprintf(`
resource "frameio_file" "cut" {
  folder_id         = %[1]q
  source            = %[2]q
  on_content_change = %[3]q
  on_destroy        = %[4]q
}
resource "frameio_file" "poster" {
  folder_id = %[1]q
  source    = %[5]q
}
`, e.Options().RootFolderID, hcl(cut), onChange, onDestroy, hcl(poster))
	}
	tf.write(config("new_version", "delete"))
	tf.run(true, "init")
	tf.run(true, "apply", "-auto-approve")
	writeRandomFile(t, dir, "cut.mov", 20_000, 122)
	tf.run(true, "apply", "-auto-approve") // cut.mov v2 on top of v1
	stacks := e.Stacks()
	if len(stacks) != 1 || len(stacks[0].FileIDs) != 2 {
		t.Fatalf("want cut.mov in a stack of 2 versions, Frame.io holds %+v", stacks)
	}
	head := stacks[0].FileIDs[1]

	// Destroy: the stacked file is named with its number of versions; the single-version one is not.
	plan := tf.run(true, "plan", "-destroy")
	t.Logf("terraform plan -destroy:\n%s", plan)
	requireOutput(t, "destroy plan", plan, destroyWarning, `with frameio_file.cut`,
		`destroys cut.mov \(id `+head+`\): it deletes the file and all 2 versions this resource uploaded`,
		`with every comment, annotation and approval reviewers left on them`, `Plan: 0 to add, 0 to change, 2 to destroy`)
	requireNoOutput(t, "destroy plan", plan, `with frameio_file.poster`, `poster.png \(id`)
	if n := strings.Count(plan, "Warning: Destroy deletes"); n != 1 {
		t.Fatalf("want one destroy warning, got %d:\n%s", n, plan)
	}

	// A replacement deletes the versions too.
	writeRandomFile(t, dir, "cut.mov", 20_000, 123)
	tf.write(config("replace", "delete"))
	plan = tf.run(true, "plan")
	requireOutput(t, "replace plan", plan, `frameio_file.cut must be replaced`, replaceWarning,
		`replaces cut.mov \(id `+head+`\) \(on_content_change = "replace"\): it deletes the file and all 2 versions`)

	// on_destroy = "keep" (applied: the state's value counts) deletes nothing, so nothing to warn about.
	writeRandomFile(t, dir, "cut.mov", 20_000, 122) // back to v2's content
	tf.write(config("new_version", "keep"))
	requireOutput(t, "apply of keep", tf.run(true, "apply", "-auto-approve"), `Resources: 0 added, 1 changed, 0 destroyed`)
	requireNoOutput(t, "destroy plan with keep", tf.run(true, "plan", "-destroy"), `Warning: Destroy deletes`)
	writeRandomFile(t, dir, "cut.mov", 20_000, 124)
	tf.write(config("replace", "keep"))
	plan = tf.run(true, "plan")
	requireOutput(t, "replace plan with keep", plan, `frameio_file.cut must be replaced`)
	requireNoOutput(t, "replace plan with keep", plan, `Warning: Replacement deletes`)
}

// Import adopts a file by size when no hash is known, and says so naming the file; source_sha256 in the
// configuration settles it: recorded as given, no warning, no new version.
func TestAccFile_cliImportAdoptedBySizeWarns(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	dir := t.TempDir()
	// The local files have the size of the Frame.io files, not their bytes: only a hash could tell.
	guessedID := putFileOutOfBand(t, e, e.Options().RootFolderID, "reel1.mov", randomBytes(12_000, 130))
	assertedID := putFileOutOfBand(t, e, e.Options().RootFolderID, "reel2.mov", randomBytes(13_000, 131))
	guessed, guessedSum := writeRandomFile(t, dir, "reel1.mov", 12_000, 132)
	asserted, _ := writeRandomFile(t, dir, "reel2.mov", 13_000, 133)
	delivered := sha256Hex(randomBytes(13_000, 131)) // what the user knows was delivered
	tf.write(providerBlock(e) + fmt.Sprintf(`
import {
  to = frameio_file.guessed
  id = %[1]q
}
import {
  to = frameio_file.asserted
  id = %[2]q
}
resource "frameio_file" "guessed" {
  folder_id = %[3]q
  source    = %[4]q
}
resource "frameio_file" "asserted" {
  folder_id     = %[3]q
  source        = %[5]q
  source_sha256 = %[6]q
}
`, guessedID, assertedID, e.Options().RootFolderID, hcl(guessed), hcl(asserted), delivered))
	tf.run(true, "init")
	plan := tf.run(true, "plan")
	t.Logf("terraform plan with import blocks:\n%s", plan)
	requireOutput(t, "import plan", plan, `Warning: Imported file adopted by its size`, `with frameio_file.guessed`,
		`no content hash for the imported file reel1.mov \(id `+guessedID+`, 12000 bytes\)`,
		regexp.QuoteMeta(guessed)+` has the same size`, guessedSum, `set source_sha256 in the configuration`,
		`Plan: 2 to import, 0 to add, 2 to change, 0 to destroy`)
	requireNoOutput(t, "import plan", plan, `with frameio_file.asserted`, `reel2.mov \(id`)

	e.ResetRequests()
	tf.run(true, "apply", "-auto-approve")
	if n := len(partPUTs(e.Requests())) + len(e.Calls("files.create_local_upload")); n != 0 {
		t.Fatalf("adopting imported files uploaded something (%d requests)", n)
	}
	for addr, want := range map[string]string{"guessed": guessedSum, "asserted": delivered} {
		state := tf.run(true, "state", "show", "frameio_file."+addr)
		requireOutput(t, "state of "+addr, state, `source_sha256 = "`+want+`"`, `version_number = 1`)
	}
	requireOutput(t, "plan after import", tf.run(true, "plan", "-detailed-exitcode"), `No changes.`)
	if files := e.Files(); len(files) != 2 {
		t.Fatalf("want the 2 imported files only, Frame.io holds %d", len(files))
	}
}
