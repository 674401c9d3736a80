package provider

import (
	"context"
	"fmt"
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

const memberAddr = "frameio_project_user.ana"

// teamEmulator is an emulator whose account has two users besides the token's own: Ana and Bo.
func teamEmulator(t *testing.T) (e *emulator.Emulator, ana, bo string) {
	t.Helper()
	e = newTestEmulator(t, emulator.Options{AccountUsers: []emulator.AccountUser{
		{Email: "ana@example.com", Name: "Ana Ortiz"}, {Email: "bo@example.com", Name: "Bo Berg"},
	}})
	users := e.AccountUsers(e.Options().AccountID)
	return e, users[1].ID, users[2].ID
}

// memberConfig gives Ana (found by email) role in the emulator's project.
func memberConfig(e *emulator.Emulator, role string) string {
	return providerBlock(e) + fmt.Sprintf(`
data "frameio_user" "ana" {
  email = "Ana@Example.com"
}

resource "frameio_project_user" "ana" {
  project_id = %q
  user_id    = data.frameio_user.ana.id
  role       = %q
}
`, e.Options().ProjectID, role)
}

// expectRole: Frame.io gives the user of the state at addr this role in the state's project.
func expectRole(e *emulator.Emulator, addr, role string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			project, err := stateString(req, addr, "project_id")
			if err != nil {
				return err
			}
			user, err := stateString(req, addr, "user_id")
			if err != nil {
				return err
			}
			if got := e.ProjectUsers(project)[user]; got != role {
				return fmt.Errorf("%s: Frame.io gives user %s the role %q in project %s, want %q", addr, user, got, project, role)
			}
			return nil
		}()
	})
}

// checkNotMember is a CheckDestroy: the user is no longer on the emulator's project.
func checkNotMember(e *emulator.Emulator, user string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if role, ok := e.ProjectUsers(e.Options().ProjectID)[user]; ok {
			return fmt.Errorf("user %s is still on the project, as %s, after destroy", user, role)
		}
		return nil
	}
}

func TestAccProjectUser_lifecycle(t *testing.T) {
	e, ana, _ := teamEmulator(t)
	pid := e.Options().ProjectID
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNotMember(e, ana),
		Steps: []resource.TestStep{
			{
				Config: memberConfig(e, "editor"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectRole(e, memberAddr, "editor"),
					statecheck.ExpectKnownValue(memberAddr, idPath, knownvalue.StringExact(pid+"/"+ana)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(ana)),
					sameID.AddStateValue(memberAddr, idPath),
				},
			},
			{
				Config:           memberConfig(e, "editor"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new role: in place.
				Config: memberConfig(e, "viewer"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectRole(e, memberAddr, "viewer"),
					sameID.AddStateValue(memberAddr, idPath),
				},
			},
			{
				// Import by project_id/user_id: the role comes from Frame.io.
				Config:            memberConfig(e, "viewer"),
				ResourceName:      memberAddr,
				ImportState:       true,
				ImportStateId:     pid + "/" + ana,
				ImportStateVerify: true,
			},
			{
				Config:        memberConfig(e, "viewer"),
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: ana,
				ExpectError: errorPattern(`Cannot import the Frame.io project user.*the import id must be ` +
					`<project_id>/<user_id>.*got "` + ana + `"`),
			},
			{
				Config:        memberConfig(e, "viewer"),
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: pid + "/",
				ExpectError:   errorPattern(`the import id must be <project_id>/<user_id>`),
			},
		},
	})
}

// A member of a project that is a frameio_project of the same configuration: added once the project
// exists, removed before it is deleted (the project is then empty of them: nothing refuses).
func TestAccProjectUser_inManagedProject(t *testing.T) {
	e, ana, bo := teamEmulator(t)
	config := projectConfig(e, "Feature Film", "restricted = true", `
data "frameio_user" "ana" {
  email = "ana@example.com"
}

data "frameio_user" "bo" {
  email = "bo@example.com"
}

resource "frameio_project_user" "ana" {
  project_id = frameio_project.film.id
  user_id    = data.frameio_user.ana.id
  role       = "full_access"
}

resource "frameio_project_user" "bo" {
  project_id = frameio_project.film.id
  user_id    = data.frameio_user.bo.id
  role       = "commenter"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyDefaultProject(e),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectRole(e, memberAddr, "full_access"),
				expectRole(e, "frameio_project_user.bo", "commenter"),
				emulatorCheck(func() error {
					id := oneIDNamed(t, "project", e.Projects(), func(p emulator.Project) (string, string) { return p.ID, p.Name }, "Feature Film")
					if got := e.ProjectUsers(id); len(got) != 3 || got[ana] == "" || got[bo] == "" {
						return fmt.Errorf("members %v, want the owner, Ana and Bo", got)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccProjectUser_drift(t *testing.T) {
	e, ana, _ := teamEmulator(t)
	pid := e.Options().ProjectID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNotMember(e, ana),
		Steps: []resource.TestStep{
			{
				// Already a member (added in the web app): the create gives the configured role.
				PreConfig: func() {
					if err := e.SetProjectUserRole(pid, ana, "viewer"); err != nil {
						t.Fatal(err)
					}
				},
				Config:            memberConfig(e, "editor"),
				ConfigStateChecks: []statecheck.StateCheck{expectRole(e, memberAddr, "editor")},
			},
			{
				// Role changed in the web app: the plan puts it back, in place.
				PreConfig: func() {
					if err := e.SetProjectUserRole(pid, ana, "commenter"); err != nil {
						t.Fatal(err)
					}
				},
				Config: memberConfig(e, "editor"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("editor")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectRole(e, memberAddr, "editor")},
			},
			{
				// Removed in the web app: gone from the state at refresh, added again.
				PreConfig: func() {
					if err := e.RemoveProjectUser(pid, ana); err != nil {
						t.Fatal(err)
					}
				},
				Config: memberConfig(e, "editor"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectRole(e, memberAddr, "editor")},
			},
			{
				// The project deleted in the web app: the membership is gone with it (removed from the state;
				// the plan would add it to a project that no longer exists, so the step only refreshes).
				PreConfig: func() {
					if err := e.DeleteProject(pid); err != nil {
						t.Fatal(err)
					}
				},
				Config:             memberConfig(e, "editor"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// Bad values fail at plan, before anything is sent; what only Frame.io can refuse fails the apply with
// the ids to check.
func TestAccProjectUser_invalidInput(t *testing.T) {
	e, _, _ := teamEmulator(t)
	member := func(user, role string) string {
		return providerBlock(e) + fmt.Sprintf(`
resource "frameio_project_user" "x" {
  project_id = %q
  user_id    = %q
  role       = %q
}
`, e.Options().ProjectID, user, role)
	}
	roles := `\["full_access" "editor" "edit_only" "commenter" "viewer"\]`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      member("u1", "owner"),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute role value must be one of: ` + roles + `, got: "owner"`),
			},
			{
				Config:      member("u1", "Editor"),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute role value must be one of: ` + roles + `, got: "Editor"`),
			},
			{
				Config:      member("a/b", "editor"),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute user_id must not contain a slash`),
			},
			{
				Config: member("6f1f2b0e-0000-4000-8000-00000000eeee", "editor"),
				ExpectError: errorPattern(`Cannot add the user to the Frame.io project.*404 Not Found.*Check project_id ` +
					`and user_id`),
			},
			{
				// The project's owner has a role no project role replaces.
				Config:      member(emulator.DefaultUserID, "viewer"),
				ExpectError: errorPattern(`Cannot add the user to the Frame.io project.*409 Conflict.*as owner, a role no project role replaces`),
			},
			{
				Config: providerBlock(e),
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					if got := e.ProjectUsers(e.Options().ProjectID); len(got) != 1 || got[emulator.DefaultUserID] != "owner" {
						return fmt.Errorf("members %v after refused adds, want only the owner", got)
					}
					return nil
				})},
			},
		},
	})
}
