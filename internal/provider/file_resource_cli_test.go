package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// These tests read what the Terraform CLI prints, for what a user is told: the plan of a content change
// in each on_content_change mode, and warnings (which plugin-testing cannot assert).

// requireOutput fails unless out matches every pattern (errorPattern syntax: a space is any white space).
func requireOutput(t *testing.T, what, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !errorPattern(p).MatchString(out) {
			t.Fatalf("%s: output does not match %q:\n%s", what, p, out)
		}
	}
}

// plannedValue is the text of attr's line in a printed resource plan, with the lines of a multi-line
// value (a list) joined: "" when the plan does not show attr.
func plannedValue(plan, attr string) string {
	lines := strings.Split(plan, "\n")
	start := regexp.MustCompile(`^\s+[~+-] ` + attr + `\s+= `)
	next := regexp.MustCompile(`^\s+([~+-] \w+\s+=|\w+\s+=|#|}$)`)
	for i, l := range lines {
		if !start.MatchString(l) {
			continue
		}
		value := []string{strings.TrimSpace(l)}
		for _, more := range lines[i+1:] {
			if next.MatchString(more) {
				break
			}
			value = append(value, strings.TrimSpace(more))
		}
		return strings.Join(value, " ")
	}
	return ""
}

func TestAccFile_cliContentChangePlansAndDestroyWarning(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	cut, _ := writeRandomFile(t, dir, "cut.mov", 20_000, 40)
	mix, _ := writeRandomFile(t, dir, "mix.wav", 20_000, 41)
	root := e.Options().RootFolderID
	tf := newTerraformCLI(t)
	tf.write(fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "cut" {
  folder_id = %q
  source    = %q
}
resource "frameio_file" "mix" {
  folder_id         = %q
  source            = %q
  on_content_change = "replace"
}
`, root, hcl(cut), root, hcl(mix))))
	tf.run(true, "init")
	tf.run(true, "apply", "-auto-approve")
	mixID := fileIDByName(t, e, "mix.wav")

	writeRandomFile(t, dir, "cut.mov", 20_000, 42)
	writeRandomFile(t, dir, "mix.wav", 20_000, 43)
	plan := tf.run(true, "plan")
	t.Logf("terraform plan after new content in both files:\n%s", plan)
	requireOutput(t, "plan", plan,
		`frameio_file.cut will be updated in-place`,
		`frameio_file.mix must be replaced`,
		`Plan: 1 to add, 1 to change, 1 to destroy`)
	// The new version's values are unknown; the stable ones are not.
	cutPlan := plan[strings.Index(plan, "frameio_file.cut will"):strings.Index(plan, "frameio_file.mix must")]
	for _, attr := range []string{"id", "source_sha256", "version_stack_id", "version_number", "version_ids", "head_version_id"} {
		if !strings.HasSuffix(plannedValue(cutPlan, attr), "(known after apply)") {
			t.Errorf("plan of the new version: want %s known after apply:\n%s", attr, cutPlan)
		}
	}
	if strings.Contains(cutPlan, "project_id") {
		t.Errorf("plan of the new version: project_id should stay as it is:\n%s", cutPlan)
	}

	tf.run(true, "apply", "-auto-approve")
	if _, ok := e.File(mixID); ok {
		t.Errorf("replace mode kept the old file %s", mixID)
	}
	stacks := e.Stacks()
	if len(stacks) != 1 || len(stacks[0].FileIDs) != 2 {
		t.Fatalf("want one version stack of the two cut.mov versions, got %+v", stacks)
	}
	foreign, err := e.AddFileToStack(stacks[0].ID, "cut_graded.mov", randomBytes(1_000, 44))
	if err != nil {
		t.Fatal(err)
	}

	out := tf.run(true, "destroy", "-auto-approve")
	requireOutput(t, "destroy", out, `Warning: Versions uploaded by others were kept`, foreign+` \(cut_graded.mov\)`)
	files := e.Files()
	if len(files) != 1 || files[0].ID != foreign {
		t.Fatalf("destroy must delete the 3 files Terraform uploaded and keep only %s, Frame.io holds %+v", foreign, files)
	}
}

func TestAccFile_cliMissingSourceWarnsThenFailsCleanly(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	missing := filepath.Join(t.TempDir(), "render_final.mov")
	tf := newTerraformCLI(t)
	tf.write(localFileConfig(e, "render", missing))
	tf.run(true, "init")

	plan := tf.run(true, "plan")
	requireOutput(t, "plan", plan,
		`Warning: Source file missing at plan time`,
		`with frameio_file.render`,
		`source: `+regexp.QuoteMeta(missing)+` does not exist at plan time`)

	out := tf.run(false, "apply", "-auto-approve")
	requireOutput(t, "apply", out, `Error: Cannot create the Frame.io file`, `source: `+regexp.QuoteMeta(missing)+` does not exist`)
	requireNoFiles(t, e)
	if state := tf.run(true, "state", "list"); strings.TrimSpace(state) != "" {
		t.Fatalf("a failed create left state:\n%s", state)
	}
}
