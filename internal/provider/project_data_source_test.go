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
			ExpectError: errorPattern(`(?s)Frame.io project not found.*No project with id\s+"00000000-0000-4000-8000-000000000000"`),
		}},
	})
}
