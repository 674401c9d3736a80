package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// planned asserts which computed attributes of addr the plan knows: those listed in known hold a value,
// every other one of computedAttributes is "(known after apply)".
func planned(addr string, known ...string) []plancheck.PlanCheck {
	isKnown := map[string]bool{}
	for _, a := range known {
		isKnown[a] = true
	}
	var checks []plancheck.PlanCheck
	for _, a := range []string{"id", "created_at", "file_size", "status", "view_url", "media_type", "project_id"} {
		if isKnown[a] {
			checks = append(checks, plancheck.ExpectKnownValue(addr, tfjsonpath.New(a), knownvalue.NotNull()))
		} else {
			checks = append(checks, plancheck.ExpectUnknownValue(addr, tfjsonpath.New(a)))
		}
	}
	return checks
}

// TestAccFile_plannedComputedValues pins what each kind of change leaves known in the plan: an in-place
// update keeps every computed value except the one Frame.io derives from what changes (media_type from
// the name, project_id from the folder); a new version knows project_id (same folder) and the new
// file's size; a create knows only the size of its local source.
func TestAccFile_plannedComputedValues(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	first, _ := writeRandomFile(t, dir, "a.mov", 10_000, 21)
	renamed := filepath.Join(dir, "b.mov") // the same content under another name
	root := e.Options().RootFolderID
	other := addFolder(t, e, root, "Other")
	config := func(folder, src, waitFor string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "f" {
  folder_id = %q
  source    = %q
  wait_for  = %q
}
`, folder, hcl(src), waitFor))
	}
	const addr = "frameio_file.f"
	step := func(cfg string, action plancheck.ResourceActionType, known ...string) resource.TestStep {
		return resource.TestStep{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, planned(addr, known...)...),
		}}
	}
	update := plancheck.ResourceActionUpdate
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			withPlanCheck(step(config(root, first, "upload"), plancheck.ResourceActionCreate, "file_size"),
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(10_000))),
			// A move with the name defaulted from source: the name, and so media_type, stay known.
			step(config(other, first, "upload"), update, "id", "created_at", "file_size", "status", "view_url", "media_type"),
			func() resource.TestStep {
				s := step(config(other, renamed, "upload"), update, "id", "created_at", "file_size", "status", "view_url", "project_id")
				s.PreConfig = func() {
					if err := os.Rename(first, renamed); err != nil {
						t.Fatal(err)
					}
				}
				return s
			}(),
			step(config(other, renamed, "transcode"), update, "id", "created_at", "file_size", "status", "view_url", "media_type", "project_id"),
			func() resource.TestStep {
				s := withPlanCheck(step(config(other, renamed, "transcode"), update, "project_id", "file_size"),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(12_345)))
				s.PreConfig = func() { writeRandomFile(t, dir, "b.mov", 12_345, 22) }
				return s
			}(),
		},
	})
}

// withPlanCheck adds check to the step's pre-apply plan checks.
func withPlanCheck(s resource.TestStep, check plancheck.PlanCheck) resource.TestStep {
	s.ConfigPlanChecks.PreApply = append(s.ConfigPlanChecks.PreApply, check)
	return s
}
