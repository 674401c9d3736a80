package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccProjectDataSource_basic(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{ProjectName: "Feature Film"})
	o := e.Options()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(e) + fmt.Sprintf(`
data "frameio_project" "film" {
  id = %q
}
`, o.ProjectID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.frameio_project.film", tfjsonpath.New("name"), knownvalue.StringExact("Feature Film")),
				statecheck.ExpectKnownValue("data.frameio_project.film", tfjsonpath.New("root_folder_id"), knownvalue.StringExact(o.RootFolderID)),
				statecheck.ExpectKnownValue("data.frameio_project.film", tfjsonpath.New("workspace_id"), knownvalue.StringExact(o.WorkspaceID)),
				statecheck.ExpectKnownValue("data.frameio_project.film", tfjsonpath.New("view_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https?://`))),
			},
		}},
	})
}

func TestAccProjectDataSource_notFound(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(e) + `
data "frameio_project" "missing" {
  id = "00000000-0000-4000-8000-000000000000"
}
`,
			ExpectError: errorPattern(`(?s)Frame.io project not found.*No project with id\s+"00000000-0000-4000-8000-000000000000"` +
				`.*Was the project deleted there, or is it in another account \(account_id\)\?.*not a member of: add that user there`),
		}},
	})
}

// Projects, workspaces and accounts by name: a name unique in the account is enough; one that two
// workspaces share needs workspace_id (found by name too).
func TestAccProjectDataSource_byName(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{ProjectName: "Feature Film"})
	o := e.Options()
	marketing, err := e.AddWorkspace(o.AccountID, "Marketing")
	if err != nil {
		t.Fatal(err)
	}
	trailer, err := e.AddProject(marketing, "Trailer")
	if err != nil {
		t.Fatal(err)
	}
	otherTrailer, err := e.AddProject(o.WorkspaceID, "Trailer")
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(attrs string) string {
		return providerBlock(e) + fmt.Sprintf("data \"frameio_project\" \"p\" {\n%s\n}\n", attrs)
	}
	const film, tr = "data.frameio_project.film", "data.frameio_project.trailer"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lookup(`name = "Trailer"`),
				ExpectError: errorPattern(`Ambiguous Frame.io project name.*Project name "Trailer" matches 2 projects: ` +
					trailer.ID + ` \(workspace ` + marketing + `\), ` + otherTrailer.ID + ` \(workspace ` + o.WorkspaceID +
					`\). Frame.io does not keep names unique. Set workspace_id to the workspace of the one you mean`),
			},
			{
				Config: lookup(`name = "Feature"`),
				ExpectError: errorPattern(`Frame.io project not found.*Project name "Feature": no project named "Feature" ` +
					`in account ` + o.AccountID + `. It holds: "Feature Film", "Trailer", "Trailer".`),
			},
			{
				Config: lookup(fmt.Sprintf("name = %q\nworkspace_id = %q", "Feature Film", marketing)),
				ExpectError: errorPattern(`no project named "Feature Film" in workspace ` + marketing +
					`. It holds: "Trailer".`),
			},
			{
				Config: providerBlock(e) + `
data "frameio_project" "film" {
  name = "Feature Film"
}
data "frameio_workspace" "marketing" {
  name = "Marketing"
}
data "frameio_workspace" "by_id" {
  id = data.frameio_project.film.workspace_id
}
data "frameio_project" "trailer" {
  name         = "Trailer"
  workspace_id = data.frameio_workspace.marketing.id
}
data "frameio_accounts" "all" {}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(film, idPath, knownvalue.StringExact(o.ProjectID)),
					statecheck.ExpectKnownValue(film, tfjsonpath.New("root_folder_id"), knownvalue.StringExact(o.RootFolderID)),
					statecheck.ExpectKnownValue(film, tfjsonpath.New("workspace_id"), knownvalue.StringExact(o.WorkspaceID)),
					statecheck.ExpectKnownValue(tr, idPath, knownvalue.StringExact(trailer.ID)),
					statecheck.ExpectKnownValue(tr, tfjsonpath.New("root_folder_id"), knownvalue.StringExact(trailer.RootFolderID)),
					statecheck.ExpectKnownValue("data.frameio_workspace.marketing", idPath, knownvalue.StringExact(marketing)),
					statecheck.ExpectKnownValue("data.frameio_workspace.marketing", tfjsonpath.New("account_id"), knownvalue.StringExact(o.AccountID)),
					statecheck.ExpectKnownValue("data.frameio_workspace.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Emulated Workspace")),
					statecheck.ExpectKnownValue("data.frameio_accounts.all", tfjsonpath.New("accounts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(o.AccountID), "display_name": knownvalue.StringExact("Emulated Account"),
						}),
					})),
				},
			},
		},
	})
}

func TestAccWorkspaceDataSource_errors(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	a, _ := e.AddWorkspace(o.AccountID, "Post")
	b, _ := e.AddWorkspace(o.AccountID, "Post")
	lookup := func(attrs string) string {
		return providerBlock(e) + fmt.Sprintf("data \"frameio_workspace\" \"w\" {\n%s\n}\n", attrs)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lookup(`name = "Post"`),
				ExpectError: errorPattern(`Ambiguous Frame.io workspace name.*Workspace name "Post" matches 2 workspaces: ` +
					a + ` \(created [^)]+\), ` + b + ` \(created [^)]+\)`),
			},
			{
				Config:      lookup(`name = "post "`),
				ExpectError: errorPattern(`Frame.io workspace not found.*did you mean "Post"\?`),
			},
			{
				Config:      lookup(`id = "6f1f2b0e-0000-4000-8000-00000000dead"`),
				ExpectError: errorPattern(`Frame.io workspace not found.*No workspace with id "6f1f2b0e-0000-4000-8000-00000000dead"`),
			},
			{
				Config:      lookup(`id = "x"` + "\n" + `name = "Post"`),
				ExpectError: errorPattern(`Invalid Attribute Combination`),
			},
		},
	})
}
