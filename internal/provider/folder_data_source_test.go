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

// deliveryTree builds, out of band, Deliverables/2026-11/Reel 1 and two folders named 2026-10 in the
// default project, and a second project with its own Deliverables/2026-11. It returns the ids by path.
func deliveryTree(t *testing.T, e *emulator.Emulator) (ids map[string]string, second emulator.Project) {
	t.Helper()
	ids = map[string]string{}
	add := func(parent, name, key string) string {
		id := addFolder(t, e, parent, name)
		ids[key] = id
		return id
	}
	d := add("", "Deliverables", "Deliverables")
	m := add(d, "2026-11", "Deliverables/2026-11")
	add(m, "Reel 1", "Deliverables/2026-11/Reel 1")
	add(d, "2026-10", "Deliverables/2026-10 (a)")
	add(d, "2026-10", "Deliverables/2026-10 (b)")
	second, err := e.AddProject(e.Options().WorkspaceID, "Trailer")
	if err != nil {
		t.Fatal(err)
	}
	d2 := add(second.RootFolderID, "Deliverables", "second:Deliverables")
	add(d2, "2026-11", "second:Deliverables/2026-11")
	return ids, second
}

func TestAccFolderDataSource_byPathAndID(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	ids, second := deliveryTree(t, e)
	reel := "data.frameio_folder.reel"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
data "frameio_folder" "reel" {
  project_id = %q
  path       = "Deliverables/2026-11/Reel 1"
}
data "frameio_folder" "month_from_root" {
  root_folder_id = %q
  path           = "/Deliverables/2026-11/"
}
data "frameio_folder" "second_month" {
  project_id = %q
  path       = "Deliverables/2026-11"
}
data "frameio_folder" "by_id" {
  id = data.frameio_folder.reel.parent_id
}
`, o.ProjectID, o.RootFolderID, second.ID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(reel, idPath, knownvalue.StringExact(ids["Deliverables/2026-11/Reel 1"])),
				statecheck.ExpectKnownValue(reel, tfjsonpath.New("name"), knownvalue.StringExact("Reel 1")),
				statecheck.ExpectKnownValue(reel, tfjsonpath.New("parent_id"), knownvalue.StringExact(ids["Deliverables/2026-11"])),
				statecheck.ExpectKnownValue(reel, tfjsonpath.New("project_id"), knownvalue.StringExact(o.ProjectID)),
				statecheck.ExpectKnownValue(reel, tfjsonpath.New("view_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://.*/view/`+ids["Deliverables/2026-11/Reel 1"]+`$`))),
				statecheck.ExpectKnownValue("data.frameio_folder.month_from_root", idPath, knownvalue.StringExact(ids["Deliverables/2026-11"])),
				statecheck.ExpectKnownValue("data.frameio_folder.month_from_root", tfjsonpath.New("project_id"), knownvalue.StringExact(o.ProjectID)),
				statecheck.ExpectKnownValue("data.frameio_folder.second_month", idPath, knownvalue.StringExact(ids["second:Deliverables/2026-11"])),
				statecheck.ExpectKnownValue("data.frameio_folder.second_month", tfjsonpath.New("project_id"), knownvalue.StringExact(second.ID)),
				statecheck.ExpectKnownValue("data.frameio_folder.by_id", tfjsonpath.New("name"), knownvalue.StringExact("2026-11")),
				statecheck.ExpectKnownValue("data.frameio_folder.by_id", tfjsonpath.New("parent_id"), knownvalue.StringExact(ids["Deliverables"])),
			},
		}},
	})
}

func TestAccFolderDataSource_errors(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	ids, _ := deliveryTree(t, e)
	lookup := func(attrs string) string {
		return fileConfig(e, fmt.Sprintf("data \"frameio_folder\" \"f\" {\n%s\n}\n", attrs))
	}
	byPath := func(p string) string { return lookup(fmt.Sprintf("project_id = %q\npath = %q", o.ProjectID, p)) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// A missing segment is named, with what its parent holds instead.
				Config: byPath("Deliverables/2026-12/Reel 1"),
				ExpectError: errorPattern(`Frame.io folder not found.*Folder path "Deliverables/2026-12/Reel 1": no folder ` +
					`named "2026-12" \(segment 2\) in "Deliverables" \(` + ids["Deliverables"] + `\). It holds: "2026-11", ` +
					`"2026-10", "2026-10".`),
			},
			{
				// Names are exact; a near miss in case is pointed out.
				Config: byPath("deliverables"),
				ExpectError: errorPattern(`no folder named "deliverables" \(segment 1\) in the root folder of project ` +
					`"Emulated Project" \(` + o.RootFolderID + `\). It holds: "Deliverables". Names are compared ` +
					`exactly: did you mean "Deliverables"\?`),
			},
			{
				// An ambiguous segment lists the candidates' ids.
				Config: byPath("Deliverables/2026-10"),
				ExpectError: errorPattern(`Ambiguous Frame.io folder path.*Folder path "Deliverables/2026-10": "2026-10" ` +
					`\(segment 2\) in "Deliverables" \(` + ids["Deliverables"] + `\) matches 2 folders: ` +
					ids["Deliverables/2026-10 (a)"] + ` \(created [0-9T:.Z-]+\), ` + ids["Deliverables/2026-10 (b)"] +
					` \(created [0-9T:.Z-]+\). Frame.io does not keep names unique. Rename or remove all but one of them ` +
					`in Frame.io, or look the folder up by id.`),
			},
			{
				Config:      lookup(`path = "Deliverables"`),
				ExpectError: errorPattern(`Missing project_id or root_folder_id`),
			},
			{
				Config:      byPath("Deliverables//Reel 1"),
				ExpectError: errorPattern(`Invalid folder path.*path "Deliverables//Reel 1" has an empty name at segment 2`),
			},
			{
				Config:      lookup(fmt.Sprintf("id = %q\nproject_id = %q", ids["Deliverables"], o.ProjectID)),
				ExpectError: errorPattern(`project_id and root_folder_id go with path`),
			},
			{
				Config:      lookup(`id = "6f1f2b0e-0000-4000-8000-00000000dead"`),
				ExpectError: errorPattern(`Frame.io folder not found.*No folder with id "6f1f2b0e-0000-4000-8000-00000000dead"`),
			},
		},
	})
}
