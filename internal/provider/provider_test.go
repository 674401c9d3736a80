package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// testAccProviders runs the provider in-process; Terraform reattaches to it.
var testAccProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"frameio": providerserver.NewProtocol6WithError(New("test")()),
}

// newTestEmulator starts a Frame.io emulator for one test with short delays.
func newTestEmulator(t *testing.T, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	if opts.ProcessingDelay == 0 {
		opts.ProcessingDelay = 50_000_000 // 50ms: clients must still poll
	}
	if opts.TranscodeDelay == 0 {
		opts.TranscodeDelay = 50_000_000
	}
	return emulator.NewTest(t, opts)
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

func TestCheckSourceURL(t *testing.T) {
	cases := []struct {
		raw     string
		wantErr string
	}{
		{"https://media.example.com/a.mov", ""},
		{"http://127.0.0.1:8089/files/a.mov", ""},
		{"http://localhost:1234/a.mov", ""},
		{"http://[::1]:9/a.mov", ""},
		{"http://media.example.com/a.mov", "uses plain http"},
		{"http://10.0.0.8/a.mov", "uses plain http"},
		{"ftp://media.example.com/a.mov", "not an absolute http(s) URL"},
		{"media.example.com/a.mov", "not an absolute http(s) URL"},
	}
	for _, c := range cases {
		err := checkSourceURL(c.raw)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("checkSourceURL(%q) = %v, want nil", c.raw, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("checkSourceURL(%q) = %v, want error containing %q", c.raw, err, c.wantErr)
		}
	}
}

func TestAccProvider_missingToken(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	t.Setenv(EnvToken, "")
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
			ExpectError: errorPattern(`(?s)Missing Frame.io token.*FRAMEIO_TOKEN.*Missing Frame.io account id`),
		}},
	})
}

func TestAccProvider_envConfiguration(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
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
			Check: resource.TestCheckResourceAttr("data.frameio_project.p", "root_folder_id", e.Options().RootFolderID),
		}},
	})
}

func TestAccProvider_plainHTTPRemoteRejected(t *testing.T) {
	resource.Test(t, resource.TestCase{
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  token      = "not-the-token"
  account_id = %q
}
data "frameio_project" "p" {
  id = %q
}
`, e.URL(), o.AccountID, o.ProjectID),
			ExpectError: errorPattern(`401`),
		}},
	})
}
