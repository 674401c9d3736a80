package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
)

// testAccProviders runs the provider in-process; Terraform reattaches to it. Each server gets its own
// provider instance, so that tests running in parallel share nothing.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"frameio": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(New("test")())()
	},
}

// newTestEmulator starts a Frame.io emulator for one test with short delays. The documented rate limits
// are enforced (the emulator's default), so every test meets them as the service would impose them; a
// test that needs them off sets NoRateLimits and says why.
func newTestEmulator(t *testing.T, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	if opts.ProcessingDelay == 0 {
		opts.ProcessingDelay = 50_000_000 // 50ms: clients must still poll
	}
	if opts.TranscodeDelay == 0 {
		opts.TranscodeDelay = 50_000_000
	}
	if opts.Readings == (emulator.Readings{}) {
		opts.Readings = readingsFromEnv(t)
	}
	return emulatortest.New(t, opts)
}

// EnvEmulatorReadings picks the emulator's readings of what the API document leaves open, for a whole
// test run: unset or "strict" is the emulator's default, "pessimistic" its Pessimistic() preset (lost
// create replies, listing lag, newest-first stack children, no passphrase in share replies). CI runs the
// acceptance tests once more with it; a test that sets Readings itself keeps its own.
const EnvEmulatorReadings = "FRAMEIO_EMULATOR_READINGS"

func readingsFromEnv(t *testing.T) emulator.Readings {
	t.Helper()
	r, err := emulator.ReadingsNamed(os.Getenv(EnvEmulatorReadings))
	if err != nil {
		t.Fatalf("%s: %v", EnvEmulatorReadings, err)
	}
	return r
}

// errorPattern compiles an expected diagnostic pattern in which a space matches any run of white space:
// Terraform wraps long messages at arbitrary spaces. (?s) lets "." cross lines.
func errorPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}

// providerBlock configures the provider for the emulator e.
func providerBlock(e *emulator.Emulator) string {
	return providerBlockAt(e.URL(), e, "")
}

// providerBlockAt configures the provider for e's account reached through baseURL (e.g. a test proxy
// in front of the emulator), with extra attribute lines.
func providerBlockAt(baseURL string, e *emulator.Emulator, extra string) string {
	o := e.Options()
	return fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  token      = %q
  account_id = %q
  %s
}
`, baseURL, o.Token, o.AccountID, extra)
}

// The tests that set the provider's environment variables use resource.Test: the environment is
// process-wide, so they must not run alongside others.

func TestAccProvider_missingToken(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	clearCredentialEnv(t)
	t.Setenv(EnvAccountID, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "frameio" {
  base_url = %q
}
data "frameio_project" "p" {
  id = %q
}
`, e.URL(), e.Options().ProjectID),
			ExpectError: errorPattern(`Missing Frame.io credentials.*Set client_id and client_secret in the provider block or ` +
				`the FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET environment variables.*add refresh_token or ` +
				`FRAMEIO_REFRESH_TOKEN for a user login, or set token or FRAMEIO_TOKEN`),
		}},
	})
}

func TestAccProvider_envConfiguration(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	clearCredentialEnv(t)
	t.Setenv(EnvToken, e.Options().Token)
	t.Setenv(EnvAccountID, e.Options().AccountID)
	t.Setenv(EnvBaseURL, e.URL())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, e.Options().ProjectID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.frameio_project.p", tfjsonpath.New("root_folder_id"), knownvalue.StringExact(e.Options().RootFolderID)),
			},
		}},
	})
}

func TestAccProvider_plainHTTPRemoteRejected(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "frameio" {
  base_url   = "http://api.example.com"
  token      = "t"
  account_id = "a"
}
data "frameio_project" "p" {
  id = "x"
}
`,
			ExpectError: errorPattern(`base_url .*plain http is only allowed for loopback hosts`),
		}},
	})
}

func TestAccProvider_badToken(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	src, _ := writeRandomFile(t, t.TempDir(), "a.mov", 1_000, 50)
	provider := fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  token      = "not-the-token"
  account_id = %q
}
`, e.URL(), o.AccountID)
	// The user reads what is wrong (Frame.io refused the token) and which setting fixes it, whichever
	// call met the 401 first.
	const fix = `Frame.io refused the access token: it has expired or is not valid.*Set a fresh token in token or ` +
		`the FRAMEIO_TOKEN environment variable, or let the provider obtain and renew tokens itself`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: provider + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, o.ProjectID),
				ExpectError: errorPattern(`Cannot read the Frame.io project.*401 Unauthorized: Invalid or expired token.*` + fix),
			},
			{
				Config: provider + fmt.Sprintf(`
resource "frameio_file" "f" {
  folder_id = %q
  source    = %q
}
`, o.RootFolderID, hcl(src)),
				ExpectError: errorPattern(`Cannot create the Frame.io file.*401 Unauthorized: Invalid or expired token.*` + fix),
			},
		},
	})
	requireNoFiles(t, e)
}
