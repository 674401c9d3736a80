package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// A share of a version stack follows the stack: new versions need no change to the share.
func TestAccShare_versionStackKeepsNewVersions(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "cut.mov", 3_000, 60)
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "cut" {
  folder_id = %q
  source    = %q
}
resource "frameio_share" "client" {
  project_id = %q
  name       = "Cut"
  access     = "public"
  # The stack once there is one: new versions then show in the share without changing it.
  asset_ids = [coalesce(frameio_file.cut.version_stack_id, frameio_file.cut.id)]
}
`, e.Options().RootFolderID, hcl(src), e.Options().ProjectID))
	newVersion := func(seed uint64) func() {
		return func() {
			writeRandomFile(t, dir, "cut.mov", 3_000, seed)
			e.ResetRequests()
		}
	}
	sameShare := statecheck.CompareValue(compare.ValuesSame())
	sameStack := statecheck.CompareValue(compare.ValuesSame())
	sharesStack := stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		stack, err := stateString(req, "frameio_file.cut", "version_stack_id")
		if err != nil {
			resp.Error = err
			return
		}
		expectShare(e, shareAddr, func(s emulator.Share) error {
			if !slices.Equal(s.AssetIDs, []string{stack}) {
				return fmt.Errorf("Frame.io shares %v, want the version stack %s", s.AssetIDs, stack)
			}
			return nil
		}).CheckState(ctx, req, resp)
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					sameShare.AddStateValue(shareAddr, idPath),
					shareHolds(e, []string{"cut"}),
				},
			},
			{
				// The second version makes the stack: the share moves from the file to the stack, in place.
				PreConfig: newVersion(61),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					sameShare.AddStateValue(shareAddr, idPath),
					sameStack.AddStateValue("frameio_file.cut", versionStackPath),
					sharesStack,
					expectShareCalls(e, "POST /assets", "DELETE /assets"),
				},
			},
			{
				// A third version: the share already points at the stack and is not touched.
				PreConfig: newVersion(62),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					sameShare.AddStateValue(shareAddr, idPath),
					sameStack.AddStateValue("frameio_file.cut", versionStackPath),
					statecheck.ExpectKnownValue("frameio_file.cut", versionNumberPath, knownvalue.Int64Exact(3)),
					sharesStack,
					expectShareCalls(e),
				},
			},
		},
	})
}

func TestAccShare_driftIsPutBackAndDeletedIsRecreated(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	folder := addFolder(t, e, "", "Delivery")
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_share" "client" {
  project_id          = %q
  name                = "Delivery"
  access              = "secure"
  asset_ids           = [%q]
  downloading_enabled = true
  reviewers           = ["client@example.com"]
}
`, e.Options().ProjectID, folder))
	var id string
	recordID := stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, resp.Error = stateString(req, shareAddr, "id")
	})
	sameShare := statecheck.CompareValue(compare.ValuesSame())
	newShare := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					recordID,
					sameShare.AddStateValue(shareAddr, idPath),
					newShare.AddStateValue(shareAddr, idPath),
				},
			},
			{
				// Renamed, downloads turned off and a reviewer invited in the web app: shown, then put back.
				PreConfig: func() {
					for _, err := range []error{e.RenameShare(id, "Delivery (old)"), e.SetShareDownloading(id, false),
						e.AddShareReviewer(id, "Intruder@example.com")} {
						if err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(shareAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(shareAddr, tfjsonpath.New("name"), knownvalue.StringExact("Delivery")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameShare.AddStateValue(shareAddr, idPath),
					expectShare(e, shareAddr, func(s emulator.Share) error {
						if s.Name != "Delivery" || !s.DownloadingEnabled || !slices.Equal(s.Reviewers, []string{"client@example.com"}) {
							return fmt.Errorf("not put back: %+v", s)
						}
						return nil
					}),
				},
			},
			{
				// Deleted in the web app: created again, with a new link.
				PreConfig: func() {
					if err := e.DeleteShare(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(shareAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newShare.AddStateValue(shareAddr, idPath),
					expectShare(e, shareAddr, func(s emulator.Share) error {
						if !slices.Equal(s.AssetIDs, []string{folder}) || !slices.Equal(s.Reviewers, []string{"client@example.com"}) {
							return fmt.Errorf("recreated as %+v", s)
						}
						return nil
					}),
				},
			},
		},
	})
}

// createShareOutOfBand creates a share the way the web app would, through the real client.
func createShareOutOfBand(t *testing.T, e *emulator.Emulator, s frameio.NewShare, reviewers ...string) string {
	t.Helper()
	o := e.Options()
	client, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: o.Token})
	if err != nil {
		t.Fatal(err)
	}
	account := client.ForAccount(o.AccountID)
	ctx := context.Background()
	created, err := account.CreateShare(ctx, o.ProjectID, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(reviewers) > 0 {
		if _, err := account.AddShareReviewers(ctx, created.ID, reviewers, ""); err != nil {
			t.Fatal(err)
		}
	}
	return created.ID
}

func TestAccShare_import(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	a, _ := e.AddFolder("", "Selects")
	b, _ := e.AddFolder("", "Dailies")
	exp := "2040-01-31T18:00:00Z"
	id := createShareOutOfBand(t, e, frameio.NewShare{Name: "Selects", Access: frameio.ShareAccessSecure,
		AssetIDs: []string{a}, Expiration: &exp}, "editor@example.com")
	config := func(project string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_share" "client" {
  project_id = %q
  name       = "Selects"
  access     = "secure"
  asset_ids  = [%q, %q]
  expiration = %q
  reviewers  = ["editor@example.com"]
}
`, project, a, b, exp))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// What Frame.io reports is read back; the project and the assets cannot be.
				Config: config(e.Options().ProjectID), ResourceName: shareAddr, ImportState: true, ImportStateId: id,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					attrs := states[0].Attributes
					want := map[string]string{"id": id, "name": "Selects", "access": "secure", "expiration": exp,
						"reviewers.#": "1", "reviewers.0": "editor@example.com", "enabled": "true"}
					for k, v := range want {
						if attrs[k] != v {
							return fmt.Errorf("imported %s = %q, want %q", k, attrs[k], v)
						}
					}
					if _, ok := attrs["asset_ids.#"]; ok || attrs["project_id"] != "" {
						return fmt.Errorf("import invented asset_ids or project_id: %v", attrs)
					}
					return nil
				},
			},
			{
				// Another project: refused at plan, nothing recorded.
				Config:      config("6f1f2b0e-0000-4000-8000-0000000000ff"),
				ExpectError: errorPattern(`Cannot check the project of the imported share.*project 6f1f2b0e-0000-4000-8000-0000000000ff`),
			},
			{
				// The right project: recorded in place (no new share); the configured assets are added, the
				// one already there counts as added.
				PreConfig: e.ResetRequests,
				Config:    config(e.Options().ProjectID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(shareAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(shareAddr, idPath, knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(shareAddr, tfjsonpath.New("project_id"), knownvalue.StringExact(e.Options().ProjectID)),
					expectShare(e, shareAddr, func(s emulator.Share) error {
						if !sameElements(s.AssetIDs, []string{a, b}) {
							return fmt.Errorf("assets %v", s.AssetIDs)
						}
						return nil
					}),
					emulatorCheck(func() error {
						if n := len(e.Shares()); n != 1 {
							return fmt.Errorf("%d shares, want the imported one only", n)
						}
						return nil
					}),
				},
			},
		},
	})
}
