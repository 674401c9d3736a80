package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Each operation of frameio_folder stops at its timeout and says which one to raise. The waits that
// outlast a timeout are long on purpose (a Retry-After of a minute, replies slowed by 2 s against
// timeouts of 1 s), so the outcome does not depend on how loaded the machine is.
func TestAccFolder_timeouts(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	root := e.Options().RootFolderID
	config := func(name, timeouts string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "timed" {
  name      = %q
  parent_id = %q
  timeouts = {
    %s
  }
}
`, name, root, timeouts))
	}
	const addr = "frameio_folder.timed"
	const short = `update = "1s"
    delete = "1s"`
	slow := func(d time.Duration) func() { return func() { e.SetLatency(d) } }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyRootFolder(e),
		Steps: []resource.TestStep{
			{
				Config:      config("Timed", `create = "soon"`),
				ExpectError: errorPattern(`Invalid Attribute Value Time Duration.*"soon" must be`),
			},
			{
				// The create is answered 429 with Retry-After: 60: the client would wait a minute.
				PreConfig: func() {
					e.FailOperation("folders.create", 1, http.StatusTooManyRequests, emulator.WithRetryAfter(time.Minute))
				},
				Config:      config("Timed", `create = "1s"`),
				ExpectError: errorPattern(`Cannot create the Frame.io folder.*timeouts.create is 1s`),
			},
			{
				PreConfig: func() {
					if fs := e.Folders(); len(fs) != 1 {
						t.Errorf("the timed-out create left folders: %+v", fs[1:])
					}
				},
				Config: config("Timed", short),
				ConfigStateChecks: []statecheck.StateCheck{
					expectFolderAs(e, addr, "Timed", "", root),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("timeouts").AtMapKey("update"), knownvalue.StringExact("1s")),
				},
			},
			{
				PreConfig:   slow(2 * time.Second),
				Config:      config("Timed again", short),
				ExpectError: errorPattern(`Cannot rename the Frame.io folder.*timeouts.update is 1s`),
			},
			{
				// Whether the rename reached Frame.io before the client gave up or not, the next apply
				// converges.
				PreConfig: slow(0),
				Config:    config("Timed again", short),
				ConfigStateChecks: []statecheck.StateCheck{
					expectFolderAs(e, addr, "Timed again", "", root),
				},
			},
			{
				// Delete reads its timeout from the state saved above.
				PreConfig:   slow(2 * time.Second),
				Config:      config("Timed again", short),
				Destroy:     true,
				ExpectError: errorPattern(`Cannot delete the Frame.io folder.*timeouts.delete is 1s`),
			},
			{
				// The delete never went out: the folder is still there and in the state.
				PreConfig: slow(0),
				Config:    config("Timed again", short),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFolderAs(e, addr, "Timed again", "", root),
				},
			},
		},
	})
}
