package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// folderCalls counts the emulator's folder creations and deletions, and its 429 replies to any call.
func folderCalls(e *emulator.Emulator) (created, deleted, throttled int) {
	for _, r := range e.Requests() {
		switch {
		case r.Status == http.StatusTooManyRequests:
			throttled++
		case r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/folders") && r.Status == http.StatusCreated:
			created++
		case r.Method == http.MethodDelete && strings.Contains(r.Path, "/folders/") && r.Status == http.StatusNoContent:
			deleted++
		}
	}
	return created, deleted, throttled
}

// 50 folders side by side and a tree three levels deep, 60 creations in one apply, against the documented
// limits (folder create 3/s, delete 60/min), which the emulator enforces: Terraform's 10 concurrent
// operations must neither fail nor leave duplicates, and the client's pacing should keep the service from
// answering 429 at all (any 429 is retried, so the count is reported, and bounded).
func TestAccFolder_manyWithRateLimits(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	root := e.Options().RootFolderID
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: func(s *terraform.State) error {
			_, deleted, throttled := folderCalls(e)
			t.Logf("destroy of 60 folders: %d deletions, %d replies 429 in the whole run", deleted, throttled)
			return checkOnlyRootFolder(e)(s)
		},
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_folder" "shot" {
  count     = 50
  name      = format("Shot %%02d", count.index + 1)
  parent_id = %[1]q
}
resource "frameio_folder" "deliverables" {
  name      = "Deliverables"
  parent_id = %[1]q
}
resource "frameio_folder" "month" {
  count     = 3
  name      = "2026-1${count.index}"
  parent_id = frameio_folder.deliverables.id
}
resource "frameio_folder" "reel" {
  count     = 6
  name      = "Reel ${count.index %% 2 + 1}"
  parent_id = frameio_folder.month[floor(count.index / 2)].id
}
`, root)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("frameio_folder.shot[49]", tfjsonpath.New("name"), knownvalue.StringExact("Shot 50")),
				expectFolderAs(e, "frameio_folder.reel[5]", "Reel 2", "frameio_folder.month[2]", ""),
				emulatorCheck(func() error {
					created, _, throttled := folderCalls(e)
					t.Logf("apply of 60 folders: %d creations, %d replies 429, %s", created, throttled, time.Since(start).Round(100*time.Millisecond))
					switch {
					// Counted in Frame.io, not by 201 replies: a create whose reply was lost (the pessimistic
					// readings lose every first one) made its folder all the same, and was adopted.
					case len(e.Folders()) != 61:
						return fmt.Errorf("%d folders in Frame.io with the root (%d creates answered 201), want 61: a retried create left a duplicate", len(e.Folders()), created)
					case throttled > 5:
						return fmt.Errorf("%d replies 429: the client should pace creations within 3/s", throttled)
					}
					return nil
				}),
			},
		}},
	})
}
