package provider

import (
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// A plan of 61 first new versions needs 61 version stack creates, 10 per minute: past 5 minutes at the
// 60th, so the plan warns once, with the floor, through the real CLI. The apply that made the 61 files
// (61 uploads, 5 per second) did not warn.
func TestAccFile_cliPlanWarnsOfTheRateLimitFloor(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	const n = 61
	writeStackedSources(t, dir, n, 500)
	tf := newTerraformCLI(t)
	tf.write(stackedFilesConfig(e, dir, n))
	tf.run(true, "init")
	if apply := tf.run(true, "apply", "-auto-approve"); strings.Contains(apply, "Slow apply ahead") {
		t.Fatalf("61 uploads warned of a floor:\n%s", apply)
	}

	writeStackedSources(t, dir, n, 600)
	plan := tf.run(true, "plan")
	t.Logf("terraform plan of 61 first new versions:\n%s", plan[strings.Index(plan, "Plan: "):])
	requireOutput(t, "plan", plan,
		`Plan: 0 to add, 61 to change, 0 to destroy`,
		`Warning: Slow apply ahead: Frame.io's rate limits need at least 5 minutes`,
		`- 60 version stacks created \(the first new version of a file needs one\): Frame.io allows version_stacks.create 10 per minute, so at least 5 minutes`,
		`lower bound`)
	if got := strings.Count(plan, "Warning: Slow apply ahead"); got != 1 {
		t.Fatalf("%d floor warnings, want 1:\n%s", got, plan)
	}
}
