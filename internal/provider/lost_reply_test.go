package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Creates whose reply is lost: the call takes effect, then the provider sees a 502 or a cut connection.
// Whatever the create was, exactly one object must exist afterwards, the state must hold it, and the next
// plan must be empty.

// lostReplyModes are the ways a reply is lost that every create is tested with.
var lostReplyModes = []emulator.LostReplyMode{emulator.LostReplyStatus, emulator.LostReplyCut}

// expectOneNamed: Frame.io holds exactly one object of kind named name (count lists the ids of those),
// and it is the one the state records at addr.
func expectOneNamed(addr, kind, name string, named func(string) []string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, err := stateString(req, addr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		ids := named(name)
		if len(ids) != 1 || ids[0] != id {
			resp.Error = fmt.Errorf("Frame.io holds %d %ss named %q (%v); want exactly one, the state's %s", len(ids), kind, name, ids, id)
		}
	})
}

func filesNamed(e *emulator.Emulator) func(string) []string {
	return func(name string) []string {
		var ids []string
		for _, f := range e.Files() {
			if f.Name == name {
				ids = append(ids, f.ID)
			}
		}
		return ids
	}
}

func foldersNamed(e *emulator.Emulator) func(string) []string {
	return func(name string) []string {
		var ids []string
		for _, f := range e.Folders() {
			if f.Name == name {
				ids = append(ids, f.ID)
			}
		}
		return ids
	}
}

func sharesNamed(e *emulator.Emulator) func(string) []string {
	return func(name string) []string {
		var ids []string
		for _, s := range e.Shares() {
			if s.Name == name {
				ids = append(ids, s.ID)
			}
		}
		return ids
	}
}

// expectLostReply: the emulator did lose a reply of op (the fault was not left unused).
func expectLostReply(e *emulator.Emulator, op string) statecheck.StateCheck {
	return emulatorCheck(func() error {
		if n := e.PendingFaults(op); n != 0 {
			return fmt.Errorf("the lost reply of %s was never used (%d pending)", op, n)
		}
		return nil
	})
}

// cleanReplan: the plan right after the apply (refreshed) is empty.
var cleanReplan = resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

func TestAccFile_lostReplyOnLocalUpload(t *testing.T) {
	for _, mode := range lostReplyModes {
		t.Run(mode.String(), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
			e.LoseReply("files.create_local_upload", 1, mode)
			src, sum := writeRandomFile(t, t.TempDir(), "local.bin", 1_500_000, 200)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				CheckDestroy:             checkNoFiles(e),
				Steps: []resource.TestStep{{
					Config:           localFileConfig(e, "local", src),
					ConfigPlanChecks: cleanReplan,
					ConfigStateChecks: []statecheck.StateCheck{
						expectLostReply(e, "files.create_local_upload"),
						expectOneNamed("frameio_file.local", "file", "local.bin", filesNamed(e)),
						expectStoredContent(e, "frameio_file.local", sum),
						expectNoOrphans(e),
					},
				}},
			})
		})
	}
}

func TestAccFile_lostReplyOnRemoteUpload(t *testing.T) {
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "remote.mov", 40_000, 201)
	// The source is served by the emulator on loopback, which the service could never fetch.
	e := newTestEmulator(t, emulator.Options{ServeDir: dir, AllowPrivateRemoteURLs: true})
	e.LoseReply("files.create_remote_upload", 1, emulator.LostReplyCut)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "remote" {
  folder_id  = %q
  source_url = %q
}
`, e.Options().RootFolderID, e.URL()+"/files/remote.mov")),
			ConfigPlanChecks: cleanReplan,
			ConfigStateChecks: []statecheck.StateCheck{
				expectLostReply(e, "files.create_remote_upload"),
				expectOneNamed("frameio_file.remote", "file", "remote.mov", filesNamed(e)),
				expectStoredContent(e, "frameio_file.remote", sum),
			},
		}},
	})
}

func TestAccFolder_lostReplyOnCreate(t *testing.T) {
	for _, mode := range lostReplyModes {
		t.Run(mode.String(), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{})
			e.LoseReply("folders.create", 1, mode)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  parent_id = %q
  name      = "Dailies"
}
`, e.Options().RootFolderID)),
					ConfigPlanChecks: cleanReplan,
					ConfigStateChecks: []statecheck.StateCheck{
						expectLostReply(e, "folders.create"),
						expectOneNamed("frameio_folder.dailies", "folder", "Dailies", foldersNamed(e)),
					},
				}},
			})
		})
	}
}

func TestAccShare_lostReplyOnCreate(t *testing.T) {
	for _, mode := range lostReplyModes {
		t.Run(mode.String(), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{})
			e.LoseReply("shares.create", 1, mode)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: fileConfig(e, filesConfig(t, e, 1)+fmt.Sprintf(`
resource "frameio_share" "client" {
  project_id = %q
  name       = "Client review"
  access     = "public"
  asset_ids  = [frameio_file.f1.id]
}
`, e.Options().ProjectID)),
					ConfigPlanChecks: cleanReplan,
					ConfigStateChecks: []statecheck.StateCheck{
						expectLostReply(e, "shares.create"),
						expectOneNamed(shareAddr, "share", "Client review", sharesNamed(e)),
					},
				}},
			})
		})
	}
}

func TestAccFile_lostReplyOnVersionStackCreate(t *testing.T) {
	for _, mode := range lostReplyModes {
		t.Run(mode.String(), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{})
			dir := t.TempDir()
			src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 202)
			sha2 := sha256Hex(randomBytes(20_000, 203))
			config := localFileConfig(e, "cut", src)
			root := e.Options().RootFolderID
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				CheckDestroy:             checkNoFiles(e),
				Steps: []resource.TestStep{
					{Config: config},
					{
						PreConfig: func() {
							writeRandomFile(t, dir, "cut.mov", 20_000, 203)
							e.LoseReply("version_stacks.create", 1, mode)
						},
						Config:           config,
						ConfigPlanChecks: cleanReplan,
						ConfigStateChecks: []statecheck.StateCheck{
							expectLostReply(e, "version_stacks.create"),
							expectStack(e, "frameio_file.cut", root, sha1, sha2),
							expectStoredContent(e, "frameio_file.cut", sha2),
							expectNoOrphans(e),
							emulatorCheck(func() error {
								if n := len(e.Stacks()); n != 1 {
									return fmt.Errorf("%d version stacks, want 1", n)
								}
								return nil
							}),
						},
					},
				},
			})
		})
	}
}

// TestAccFile_lostReplyUnderCreateListingLag: the folders' listings lag two seconds behind creates, so
// the first look for what a create whose reply was lost made does not show it. The lookup looks again
// for a few seconds before it creates again: one folder and one file, the state's, and a clean re-plan.
func TestAccFile_lostReplyUnderCreateListingLag(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts,
		Readings: emulator.Readings{CreateListingLag: 2 * time.Second}})
	e.LoseReply("folders.create", 1, emulator.LostReplyStatus)
	e.LoseReply("files.create_local_upload", 1, emulator.LostReplyCut)
	src, sum := writeRandomFile(t, t.TempDir(), "local.bin", 1_500_000, 210)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "dailies" {
  parent_id = %q
  name      = "Dailies"
}
resource "frameio_file" "local" {
  folder_id = frameio_folder.dailies.id
  source    = %q
}
`, e.Options().RootFolderID, hcl(src))),
			ConfigPlanChecks: cleanReplan,
			ConfigStateChecks: []statecheck.StateCheck{
				expectLostReply(e, "folders.create"),
				expectLostReply(e, "files.create_local_upload"),
				expectOneNamed("frameio_folder.dailies", "folder", "Dailies", foldersNamed(e)),
				expectOneNamed("frameio_file.local", "file", "local.bin", filesNamed(e)),
				expectStoredContent(e, "frameio_file.local", sum),
			},
		}},
	})
}
