package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// refuse makes every call of the operations ops answer 503 (with max_retries = 0 the provider does not
// retry), after clearing what was refused before; no ops: nothing is refused any more.
func refuse(e *emulator.Emulator, ops ...string) {
	e.ClearFaults()
	for _, op := range ops {
		e.FailOperation(op, emulator.Always, http.StatusServiceUnavailable)
	}
}

// requireFrameIO fails the test unless Frame.io holds exactly files with these contents, in creation
// order: after a failed new version, the versions that were there, and nothing else.
func requireFrameIO(t *testing.T, e *emulator.Emulator, wantSHAs ...string) {
	t.Helper()
	var got []string
	for _, f := range e.Files() {
		got = append(got, f.SHA256)
	}
	if fmt.Sprint(got) != fmt.Sprint(wantSHAs) {
		t.Fatalf("Frame.io holds contents %v, want %v", got, wantSHAs)
	}
}

func TestAccFile_failedNewVersionKeepsCurrentVersion(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, sha1 := writeRandomFile(t, dir, "cut.mov", 20_000, 70)
	content := func(seed uint64) string { return sha256Hex(randomBytes(20_000, seed)) }
	config := providerBlockAt(e.URL(), e, "max_retries = 0") + fmt.Sprintf(`
resource "frameio_file" "cut" {
  folder_id = %q
  source    = %q
}
`, e.Options().RootFolderID, hcl(src))
	const addr = "frameio_file.cut"
	root := e.Options().RootFolderID
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var orphan string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, idPath)},
			},
			{
				// The upload of the new version fails: v1 untouched, the half-made file deleted.
				PreConfig: func() {
					writeRandomFile(t, dir, "cut.mov", 20_000, 71)
					e.FailOperation(emulator.OpPutPart, 1, http.StatusForbidden)
				},
				Config:      config,
				ExpectError: errorPattern(`Cannot upload the new version.*403.*The incomplete new version \S+ was deleted from Frame.io. The current version \S+ is unchanged and still in the state: the next apply tries again`),
			},
			{
				// The first stacking fails (version_stacks.create): same rule.
				PreConfig: func() {
					requireFrameIO(t, e, sha1)
					refuse(e, "version_stacks.create")
				},
				Config:      config,
				ExpectError: errorPattern(`stacking the new version \S+ on top of file \S+ in folder \S+.*503.*was deleted from Frame.io. The current version \S+ is unchanged`),
			},
			{
				// The state is still v1, so the plan still wants the new version; now it works.
				PreConfig: func() {
					requireFrameIO(t, e, sha1)
					if n := len(e.Stacks()); n != 0 {
						t.Fatalf("a failed stacking left %d version stacks", n)
					}
					refuse(e)
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(2)),
					expectStack(e, addr, root, sha1, content(71)),
					expectNoOrphans(e),
					sameID.AddStateValue(addr, versionIDsPath.AtSliceIndex(0)),
				},
			},
			{
				// Stacking onto the existing stack (files.move) fails: v1 and v2 untouched.
				PreConfig: func() {
					writeRandomFile(t, dir, "cut.mov", 20_000, 72)
					refuse(e, "files.move")
				},
				Config:      config,
				ExpectError: errorPattern(`moving the new version \S+ into version stack \S+.*503.*was deleted from Frame.io`),
			},
			{
				// Stacking fails and so does the cleanup: the new file is reported by id, not kept in state.
				PreConfig: func() {
					requireFrameIO(t, e, sha1, content(71))
					refuse(e, "files.move", "files.delete")
				},
				Config:      config,
				ExpectError: errorPattern(`The incomplete new version \S+ could not be deleted .* and is not in the state: delete it in Frame.io`),
			},
			{
				PreConfig: func() {
					requireFrameIO(t, e, sha1, content(71), content(72))
					orphan = e.Files()[2].ID
					refuse(e)
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, versionNumberPath, knownvalue.Int64Exact(3)),
					expectStack(e, addr, root, sha1, content(71), content(72)),
					emulatorCheck(func() error {
						// The reported file was left where it was, outside the stack, for the user to delete.
						if f, ok := e.File(orphan); !ok || f.ParentID != root {
							return fmt.Errorf("the reported file %s should still be in the folder: %+v", orphan, f)
						}
						return e.DeleteFile(orphan) // as the user would; CheckDestroy then proves the rest is gone
					}),
				},
			},
		},
	})
}
