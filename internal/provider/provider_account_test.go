package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// providerWithoutAccount configures the provider for e with no account_id.
func providerWithoutAccount(e *emulator.Emulator) string {
	return fmt.Sprintf(`
provider "frameio" {
  base_url = %q
  token    = %q
}
`, e.URL(), e.Options().Token)
}

// These tests clear FRAMEIO_ACCOUNT_ID, which is process-wide: resource.Test, not in parallel.

func TestAccProvider_accountInferred(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	t.Setenv(EnvAccountID, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerWithoutAccount(e) + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = "Inferred"
  parent_id = %q
}
`, o.RootFolderID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("frameio_folder.f", tfjsonpath.New("project_id"), knownvalue.StringExact(o.ProjectID)),
				expectFolderAs(e, "frameio_folder.f", "Inferred", "", o.RootFolderID),
			},
		}},
	})
}

func TestAccProvider_accountAmbiguous(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	second := e.AddAccount("Studio B")
	t.Setenv(EnvAccountID, "")
	config := providerWithoutAccount(e) + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, o.ProjectID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: errorPattern(`Several Frame.io accounts: set account_id.*account_id is not set \(nor ` +
					`FRAMEIO_ACCOUNT_ID\), and the credentials can see 2 Frame.io accounts: "Emulated Account" \(` + o.AccountID +
					`\), "Studio B" \(` + second + `\). Set account_id in the provider block, or the FRAMEIO_ACCOUNT_ID ` +
					`environment variable, to the id of the one to manage.`),
			},
			{
				// The environment variable settles it, without a lookup.
				PreConfig: func() {
					t.Setenv(EnvAccountID, o.AccountID)
					e.ResetRequests()
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.frameio_project.p", tfjsonpath.New("root_folder_id"), knownvalue.StringExact(o.RootFolderID)),
					emulatorCheck(func() error {
						for _, r := range e.Requests() {
							if r.Path == "/v4/accounts" {
								return fmt.Errorf("accounts listed although account_id was set")
							}
						}
						return nil
					}),
				},
			},
		},
	})
}

// terraform validate never configures the provider, so an unset account_id costs no call there.
func TestAccProvider_cliValidateWithoutAccountMakesNoCall(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	tf.write(providerWithoutAccount(e) + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = "x"
  parent_id = %q
}
`, e.Options().RootFolderID))
	tf.run(true, "init")
	requireOutput(t, "validate", tf.run(true, "validate"), `Success! The configuration is valid`)
	if n := len(e.Requests()); n != 0 {
		t.Fatalf("terraform validate made %d calls to Frame.io, e.g. %s %s", n, e.Requests()[0].Method, e.Requests()[0].Path)
	}
}

// With several accounts and no account_id, configure succeeds: frameio_accounts lists them, to find the
// id, and whatever needs an account fails at plan with the same list.
func TestAccProvider_accountsListedWithoutAccountID(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	second := e.AddAccount("Studio B")
	t.Setenv(EnvAccountID, "")
	accounts := providerWithoutAccount(e) + `
data "frameio_accounts" "all" {}
`
	account := func(id, name string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "display_name": knownvalue.StringExact(name),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyRootFolder(e),
		Steps: []resource.TestStep{
			{
				Config: accounts,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.frameio_accounts.all", tfjsonpath.New("accounts"),
						knownvalue.ListExact([]knownvalue.Check{account(o.AccountID, "Emulated Account"), account(second, "Studio B")})),
				},
			},
			{
				Config: accounts + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = "Needs an account"
  parent_id = %q
}
`, o.RootFolderID),
				ExpectError: errorPattern(`Several Frame.io accounts: set account_id.*the credentials can see 2 Frame.io ` +
					`accounts: "Emulated Account" \(` + o.AccountID + `\), "Studio B" \(` + second + `\). Set account_id in the ` +
					`provider block.*The frameio_accounts data source lists them, and works without account_id.`),
			},
		},
	})
}
