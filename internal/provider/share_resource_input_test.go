package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// shareBlock is a frameio_share "client" of the emulator's project with the given attribute lines.
func shareBlock(e *emulator.Emulator, lines string) string {
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_share" "client" {
  project_id = %q
  %s
}
`, e.Options().ProjectID, lines))
}

func TestAccShare_badInputIsRefusedAtPlan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	folder, _ := e.AddFolder("", "Delivery")
	ok := fmt.Sprintf("name = \"Review\"\n access = \"secure\"\n asset_ids = [%q]\n", folder)
	step := func(lines, pattern string) resource.TestStep {
		return resource.TestStep{Config: shareBlock(e, lines), PlanOnly: true, ExpectError: errorPattern(pattern)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(ok+`expiration = "2001-01-31T18:00:00Z"`,
				`Share expiration in the past.*expiration 2001-01-31T18:00:00Z has already passed.*Set a future time.*or remove expiration`),
			step(ok+`expiration = "31/01/2030"`, `Invalid timestamp.*expiration must be an RFC 3339 timestamp`),
			step(fmt.Sprintf("name = \"Review\"\n access = \"public\"\n asset_ids = [%q]\n reviewers = [\"client@example.com\"]", folder),
				`Reviewers on a public share.*Set access = "secure" to invite these reviewers, or remove reviewers`),
			step(`name = "Review"
  access = "secure"
  asset_ids = [for i in range(101) : format("asset-%d", i)]`,
				`asset_ids set must contain at least 1 elements and at most 100 elements, got: 101`),
			step(`name = "Review"
  access = "secure"
  asset_ids = []`, `asset_ids set must contain at least 1 elements and at most 100 elements, got: 0`),
			step(fmt.Sprintf("name = \"\"\n access = \"secure\"\n asset_ids = [%q]", folder),
				`Attribute name string length must be between 1 and 175, got: 0`),
			step(fmt.Sprintf("name = \"   \"\n access = \"secure\"\n asset_ids = [%q]", folder),
				`name must contain a character that is not white space`),
			step(fmt.Sprintf("name = \"Cut\\nv3\"\n access = \"secure\"\n asset_ids = [%q]", folder), `name must not contain line breaks`),
			step(fmt.Sprintf("name = \"Review\"\n access = \"private\"\n asset_ids = [%q]", folder), `access value must be one of`),
			step(ok+`reviewers = ["client at example.com"]`, `Invalid email address.*must be an email address`),
			step(ok+`reviewers = ["Client@example.com", "client@example.com"]`, `Reviewer listed twice.*the same reviewer`),
			{
				// Valid at plan, refused by Frame.io: the error names the attribute.
				Config: shareBlock(e, `name = "Review"
  access = "public"
  asset_ids = ["6f1f2b0e-0000-4000-8000-00000000dead"]`),
				ExpectError: errorPattern(`Cannot create the Frame.io share.*422.*Check asset_ids: 1 to 100 ids of files, folders or version stacks of the project in project_id`),
			},
		},
	})
	if n := len(e.Shares()); n != 0 {
		t.Fatalf("%d shares created from bad input", n)
	}
}

// TestAccShare_passphraseNeverLogged sets, changes and removes a passphrase, and lets Frame.io generate
// one, with every log line at TRACE: none of them may hold a passphrase.
func TestAccShare_passphraseNeverLogged(t *testing.T) {
	const (
		first  = "pp-first-5c1e9a-never-logged"
		second = "pp-second-0b7d44-never-logged"
	)
	e := newTestEmulator(t, emulator.Options{})
	folder, _ := e.AddFolder("", "Delivery")
	logPath := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	// The passphrase comes from the environment, as a secret would in CI: the test harness logs the
	// configuration files themselves at TRACE.
	config := fileConfig(e, fmt.Sprintf(`
variable "passphrase" {
  type      = string
  default   = null
  sensitive = true
}
resource "frameio_share" "client" {
  project_id = %q
  name       = "Review"
  access     = "public"
  asset_ids  = [%q]
  passphrase = var.passphrase
}
`, e.Options().ProjectID, folder))
	passphraseVar := func(v string) func() {
		return func() {
			if v == "" {
				os.Unsetenv("TF_VAR_passphrase")
				return
			}
			t.Setenv("TF_VAR_passphrase", v)
		}
	}
	passphraseIs := func(want func() string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("passphrase"), knownvalue.StringFunc(func(v string) error {
				if v != want() {
					return fmt.Errorf("passphrase in state is not the one Frame.io has")
				}
				return nil
			})),
			expectShare(e, shareAddr, func(s emulator.Share) error {
				if s.Passphrase != want() {
					return fmt.Errorf("Frame.io has another passphrase")
				}
				return nil
			}),
		}
	}
	var generated string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{PreConfig: passphraseVar(first), Config: config, ConfigStateChecks: passphraseIs(func() string { return first })},
			{PreConfig: passphraseVar(second), Config: config, ConfigStateChecks: passphraseIs(func() string { return second })},
			{
				// Removed from the configuration on an account that requires one: Frame.io generates one,
				// which the state holds (sensitive) for an output to hand to the client.
				PreConfig: func() { passphraseVar("")(); e.SetSharePassphraseRequired(true) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(shareAddr, tfjsonpath.New("passphrase")),
				}},
				ConfigStateChecks: append([]statecheck.StateCheck{emulatorCheck(func() error {
					s := e.Shares()
					if len(s) != 1 || s[0].Passphrase == "" || s[0].Passphrase == second {
						return fmt.Errorf("Frame.io did not replace the removed passphrase with a generated one")
					}
					generated = s[0].Passphrase
					return nil
				})}, generatedInState(e, passphraseIs(func() string { return generated }))...),
			},
		},
	})
	if generated == "" {
		t.Fatal("Frame.io generated no passphrase")
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	if !strings.Contains(logs, "share created") {
		t.Fatal("the log has none of the provider's share lines: it would prove nothing")
	}
	for _, s := range []string{first, second, generated} {
		if i := strings.Index(logs, s); i >= 0 {
			t.Errorf("a passphrase (%.6s...) appears in the log: %.200s", s, logs[max(0, i-100):])
		}
	}
}

// generatedInState is the check of a passphrase Frame.io generated: in state when replies carry it (checks),
// null when they leave it out (Readings.OmitSharePassphrase; TestAccShare_passphraseNotInReplies).
func generatedInState(e *emulator.Emulator, checks []statecheck.StateCheck) []statecheck.StateCheck {
	if !e.Readings().OmitSharePassphrase {
		return checks
	}
	return []statecheck.StateCheck{statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("passphrase"), knownvalue.Null())}
}

// TestAccShare_forEachOf15UnderRateLimit applies 15 shares with for_each through the Terraform CLI,
// against the emulator's documented limits (10 creates a minute, enforced): the client paces and retries,
// so no 429 reaches the user. The bucket holds 10 and leaks one every 6 s, so the 15th create cannot
// succeed before about 30 s: a faster apply would mean the limit was not enforced.
func TestAccShare_forEachOf15UnderRateLimit(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	folder, _ := e.AddFolder("", "Delivery")
	tf := newTerraformCLI(t)
	tf.write(fileConfig(e, fmt.Sprintf(`
locals {
  clients = toset([for i in range(15) : format("client-%%02d", i)])
}
resource "frameio_share" "client" {
  for_each   = local.clients
  project_id = %q
  name       = "Delivery for ${each.key}"
  access     = "public"
  asset_ids  = [%q]
}
output "links" {
  value = [for s in frameio_share.client : s.short_url]
}
`, e.Options().ProjectID, folder)))
	tf.run(true, "init")
	start := time.Now()
	out := tf.run(true, "apply", "-auto-approve")
	took := time.Since(start)

	var limited, creates int
	for _, r := range e.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/shares") {
			creates++
			if r.Status == http.StatusTooManyRequests {
				limited++
			}
		}
	}
	t.Logf("15 shares applied in %s; %d create calls reached the emulator, %d answered 429 and were retried", took.Round(100*time.Millisecond), creates, limited)
	requireOutput(t, "apply", out, `Apply complete! Resources: 15 added, 0 changed, 0 destroyed`)
	if n := len(e.Shares()); n != 15 {
		t.Fatalf("%d shares in Frame.io, want 15", n)
	}
	if creates-limited != 15 {
		t.Fatalf("%d successful creates, want exactly 15 (no duplicate)", creates-limited)
	}
	if took < 29*time.Second {
		t.Fatalf("15 creates in %s: the 10-a-minute limit cannot have been enforced", took)
	}
	requireOutput(t, "destroy", tf.run(true, "destroy", "-auto-approve"), `Destroy complete! Resources: 15 destroyed`)
	if n := len(e.Shares()); n != 0 {
		t.Fatalf("%d shares left after destroy", n)
	}
}
