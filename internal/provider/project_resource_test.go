package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

const projectAddr = "frameio_project.film"

// projectConfig is the provider block and a frameio_project "film" in the emulator's workspace, with
// extra lines inside the resource block and more configuration after it.
func projectConfig(e *emulator.Emulator, name, attrs, more string) string {
	return providerBlock(e) + fmt.Sprintf(`
resource "frameio_project" "film" {
  workspace_id = %q
  name         = %q
  %s
}
%s`, e.Options().WorkspaceID, name, attrs, more)
}

// projectIDByName is the id of the one project called name in the emulator, for out-of-band changes in
// a PreConfig.
func projectIDByName(t *testing.T, e *emulator.Emulator, name string) string {
	t.Helper()
	return oneIDNamed(t, "project", e.Projects(), func(p emulator.Project) (string, string) { return p.ID, p.Name }, name)
}

// expectProjectAs: Frame.io holds the project of the state at addr with these values, and the state's
// root_folder_id is its root folder.
func expectProjectAs(e *emulator.Emulator, addr, name string, restricted bool, status string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			id, err := stateString(req, addr, "id")
			if err != nil {
				return err
			}
			root, err := stateString(req, addr, "root_folder_id")
			if err != nil {
				return err
			}
			p, ok := e.Project(id)
			switch {
			case !ok:
				return fmt.Errorf("%s: project %s is not in Frame.io", addr, id)
			case p.Name != name || p.Restricted != restricted || p.Status != status || p.RootFolderID != root ||
				p.WorkspaceID != e.Options().WorkspaceID:
				return fmt.Errorf("%s: Frame.io has %+v, want %q restricted=%t %s with root folder %s", addr, p, name,
					restricted, status, root)
			}
			return nil
		}()
	})
}

// checkOnlyDefaultProject is a CheckDestroy: every project but the emulator's own is gone.
func checkOnlyDefaultProject(e *emulator.Emulator) func(*terraform.State) error {
	return func(*terraform.State) error {
		if ps := e.Projects(); len(ps) != 1 || ps[0].ID != e.Options().ProjectID {
			return fmt.Errorf("projects left in Frame.io after destroy: %+v", ps)
		}
		return nil
	}
}

func TestAccProject_lifecycle(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	// A folder in the project: it depends on the project, so it is created after it and destroyed before
	// it, and the project is then empty and deleted without force_destroy.
	folder := `
resource "frameio_folder" "dailies" {
  name      = "Dailies"
  parent_id = frameio_project.film.root_folder_id
}
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameRoot := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{
			{
				Config: projectConfig(e, "Feature Film", "", folder),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(projectAddr, tfjsonpath.New("root_folder_id")),
					plancheck.ExpectKnownValue(projectAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					plancheck.ExpectKnownValue(projectAddr, tfjsonpath.New("restricted"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectProjectAs(e, projectAddr, "Feature Film", false, "active"),
					stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
						root, err := stateString(req, projectAddr, "root_folder_id")
						if err != nil {
							resp.Error = err
							return
						}
						expectFolderAs(e, "frameio_folder.dailies", "Dailies", "", root).CheckState(ctx, req, resp)
					}),
					statecheck.CompareValuePairs(projectAddr, tfjsonpath.New("root_folder_id"), "frameio_folder.dailies",
						tfjsonpath.New("parent_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("force_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("view_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					sameID.AddStateValue(projectAddr, idPath),
					sameRoot.AddStateValue(projectAddr, tfjsonpath.New("root_folder_id")),
				},
			},
			{
				Config:           projectConfig(e, "Feature Film", "", folder),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Renamed, restricted and set inactive: one update in place, same project and root folder.
				PreConfig: e.ResetRequests,
				Config:    projectConfig(e, "Feature", "restricted = true\n  status = \"inactive\"", folder),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("frameio_folder.dailies", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectProjectAs(e, projectAddr, "Feature", true, "inactive"),
					sameID.AddStateValue(projectAddr, idPath),
					sameRoot.AddStateValue(projectAddr, tfjsonpath.New("root_folder_id")),
					emulatorCheck(func() error {
						if n := len(e.Calls("projects.update")); n != 1 {
							return fmt.Errorf("%d projects.update calls, want the three changes in one", n)
						}
						return nil
					}),
				},
			},
			{
				// Import by id: everything but the configuration-only force_destroy comes from Frame.io.
				Config:            projectConfig(e, "Feature", "restricted = true\n  status = \"inactive\"", folder),
				ResourceName:      projectAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Back to the defaults, in place.
				Config: projectConfig(e, "Feature", "", folder),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectProjectAs(e, projectAddr, "Feature", false, "active"),
					sameID.AddStateValue(projectAddr, idPath),
				},
			},
		},
	})
}

// A project configured inactive is created, then set inactive: Frame.io creates every project active.
func TestAccProject_createdInactive(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{{
			Config: projectConfig(e, "Archive 2025", "restricted = true\n  status = \"inactive\"", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectProjectAs(e, projectAddr, "Archive 2025", true, "inactive"),
				statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("status"), knownvalue.StringExact("inactive")),
			},
		}},
	})
}

// Replies that leave out restricted (not required by the document's Project schema): the configured
// value is what the create and the update set, and the state keeps it; the plans after them are empty.
func TestAccProject_repliesWithoutRestricted(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{OmitProjectRestricted: true}})
	same := statecheck.CompareValue(compare.ValuesSame())
	restricted := tfjsonpath.New("restricted")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{
			{
				Config: projectConfig(e, "Feature Film", "restricted = true", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectProjectAs(e, projectAddr, "Feature Film", true, "active"),
					statecheck.ExpectKnownValue(projectAddr, restricted, knownvalue.Bool(true)),
					same.AddStateValue(projectAddr, idPath),
				},
			},
			{
				Config: projectConfig(e, "Feature", "restricted = false", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectProjectAs(e, projectAddr, "Feature", false, "active"),
					statecheck.ExpectKnownValue(projectAddr, restricted, knownvalue.Bool(false)),
					same.AddStateValue(projectAddr, idPath),
				},
			},
		},
	})
}

// atAttribute matches a CLI diagnostic titled title that points at attr of the resource at addr (the
// configuration line that sets it); atResource one that points at the resource block.
func atAttribute(title, addr, attr string) *regexp.Regexp {
	typ, name, _ := strings.Cut(addr, ".")
	return regexp.MustCompile(`(?s)` + regexp.QuoteMeta(title) + `\s+.{0,10}with ` + regexp.QuoteMeta(addr) +
		`,\s+.{0,10}on \S+ line \d+, in resource "` + typ + `" "` + name + `":\s+.{0,10}\d+:\s+` + attr + `\s+=`)
}

func atResource(title, addr string) *regexp.Regexp {
	typ, name, _ := strings.Cut(addr, ".")
	return regexp.MustCompile(`(?s)` + regexp.QuoteMeta(title) + `\s+.{0,10}with ` + regexp.QuoteMeta(addr) +
		`,\s+.{0,10}on \S+ line \d+, in resource "` + typ + `" "` + name + `":\s+.{0,10}\d+: resource "` + typ + `"`)
}

// A refused create names the attribute the error points at (a 422 about the name names name), and an
// error about no attribute (a 422 without a pointer) names none: not workspace_id. Nothing is made.
func TestAccProject_createErrorAttribute(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := projectConfig(e, "Feature Film", "", "")
	const title = "Cannot create the Frame.io project"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.FailOperation("projects.create", 1, http.StatusUnprocessableEntity, emulator.WithPointer("/data/name", "name is not allowed"))
				},
				Config:      config,
				ExpectError: atAttribute(title, projectAddr, "name"),
			},
			{
				PreConfig:   func() { e.FailOperation("projects.create", 1, http.StatusUnprocessableEntity) },
				Config:      config,
				ExpectError: atResource(title, projectAddr),
			},
		},
	})
}

// An update that changes the name and restricted, refused about restricted: the error points at
// restricted, not at the first attribute the update changes.
func TestAccProject_updateErrorAttribute(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{
			{Config: projectConfig(e, "Feature Film", "", "")},
			{
				PreConfig: func() {
					e.FailOperation("projects.update", 1, http.StatusUnprocessableEntity,
						emulator.WithPointer("/data/restricted", "restricted cannot be set on this plan"))
				},
				Config:      projectConfig(e, "Feature Film (restricted)", "restricted = true", ""),
				ExpectError: atAttribute("Cannot update the Frame.io project", projectAddr, "restricted"),
			},
		},
	})
}

func TestAccProject_drift(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := projectConfig(e, "Feature Film", "", "")
	same := statecheck.CompareValue(compare.ValuesSame())
	recreated := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(projectAddr, idPath), recreated.AddStateValue(projectAddr, idPath)},
			},
			{
				// Renamed, restricted and set inactive in the web app: the plan puts it back, in place.
				PreConfig: func() {
					id := projectIDByName(t, e, "Feature Film")
					for _, err := range []error{e.RenameProject(id, "Renamed in the web app"),
						e.SetProjectStatus(id, "inactive"), e.SetProjectRestricted(id, true)} {
						if err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(projectAddr, tfjsonpath.New("name"), knownvalue.StringExact("Feature Film")),
					plancheck.ExpectKnownValue(projectAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(projectAddr, idPath),
					expectProjectAs(e, projectAddr, "Feature Film", false, "active"),
				},
			},
			{
				// Deleted in the web app: removed from the state at refresh, and created again.
				PreConfig: func() {
					if err := e.DeleteProject(projectIDByName(t, e, "Feature Film")); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					recreated.AddStateValue(projectAddr, idPath),
					expectProjectAs(e, projectAddr, "Feature Film", false, "active"),
				},
			},
		},
	})
}

func TestAccProject_forceDestroy(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := func(force bool) string {
		return projectConfig(e, "Feature Film", fmt.Sprintf("force_destroy = %t", force), `
resource "frameio_folder" "managed" {
  name      = "Managed"
  parent_id = frameio_project.film.root_folder_id
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := checkOnlyDefaultProject(e)(s); err != nil {
				return err
			}
			if files := e.Files(); len(files) != 0 { // the file added in the web app went with the project
				return fmt.Errorf("files left after the project's delete: %+v", files)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: config(false)},
			{
				// Someone adds a file and a folder in the web app: destroy removes the managed folder, then
				// refuses to delete the project and names what is left.
				PreConfig: func() {
					p, _ := e.Project(projectIDByName(t, e, "Feature Film"))
					putFileOutOfBand(t, e, p.RootFolderID, "client notes.pdf", []byte("notes"))
					addFolder(t, e, p.RootFolderID, "Selects")
				},
				Config:  config(false),
				Destroy: true,
				ExpectError: errorPattern(`Frame.io project is not empty.*Project "Feature Film" \([0-9a-f-]+\) holds 2 items ` +
					`that this configuration does not manage: "client notes.pdf" \(file\), "Selects" \(folder\). Deleting ` +
					`the project in Frame.io would delete them too, so it is kept.*set force_destroy = true on this ` +
					`frameio_project and apply that before destroying, to delete the project with everything in it`),
			},
			{
				// The refusal kept the project and what it holds; the managed folder is gone and made again.
				Config: config(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_folder.managed", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if len(e.Projects()) != 2 || len(e.Files()) != 1 {
						return fmt.Errorf("want the project and its file kept after the refused destroy: %+v, %+v", e.Projects(), e.Files())
					}
					return nil
				})},
			},
			{
				// force_destroy is a state-only change; the test's destroy then deletes everything.
				PreConfig: e.ResetRequests,
				Config:    config(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(projectAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(projectAddr, tfjsonpath.New("force_destroy"), knownvalue.Bool(true)),
					emulatorCheck(func() error {
						if n := len(e.Calls("projects.update")); n != 0 {
							return fmt.Errorf("force_destroy alone sent %d projects.update calls", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// Bad values fail at plan, before anything is sent; a workspace Frame.io does not know fails the apply
// with the attribute to check, and nothing is made.
func TestAccProject_invalidInput(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      projectConfig(e, "", "", ""),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute name string length must be between 1 and 255, got: 0`),
			},
			{
				Config:      projectConfig(e, "Feature Film", `status = "archived"`, ""),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute status value must be one of: \["active" "inactive"\], got: "archived"`),
			},
			{
				Config: providerBlock(e) + `
resource "frameio_project" "film" {
  workspace_id = "6f1f2b0e-0000-4000-8000-00000000ffff"
  name         = "Feature Film"
}
`,
				ExpectError: errorPattern(`Cannot create the Frame.io project.*404 Not Found.*Check workspace_id: it must be ` +
					`the id of a workspace in the provider's account_id`),
			},
			{
				Config: providerBlock(e),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if n := len(e.Projects()); n != 1 || len(e.Calls("projects.create")) != 1 {
						return fmt.Errorf("%d projects, %d creates: want only the default project and the one refused create",
							n, len(e.Calls("projects.create")))
					}
					return nil
				})},
			},
		},
	})
}
