package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Each class of API error, through the CLI against the emulator, ends with what to do about it. The
// faults have no effect, so no step leaves anything in Frame.io.
func TestAccDiagnostics_nextSteps(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	folder := func(provider, name string) string {
		return provider + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = %q
  parent_id = %q
}
`, name, o.RootFolderID)
	}
	project := imsBlock(e, "") + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, o.ProjectID)
	noFolderCreated := func() {
		if fs := e.Folders(); len(fs) != 1 {
			t.Errorf("a refused create left folders: %+v", fs[1:])
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkOnlyRootFolder(e),
		Steps: []resource.TestStep{
			{
				// 403 with server-to-server credentials: add the technical account user to the project.
				PreConfig: func() { e.FailOperation("projects.show", 1, http.StatusForbidden) },
				Config:    project,
				ExpectError: errorPattern(`Cannot read the Frame.io project.*403 Forbidden.*Frame.io does not let the ` +
					`provider see project ` + o.ProjectID + ` in account ` + o.AccountID + `. The provider acts as the ` +
					`technical account user of the OAuth Server-to-Server credential in client_id \(or FRAMEIO_CLIENT_ID\).*` +
					`In Frame.io, add that user to the workspace or project that holds it`),
			},
			{
				// 404: which id, and whether it was deleted in the web app.
				PreConfig: func() { e.FailOperation("folders.create", 1, http.StatusNotFound) },
				Config:    folder(providerBlock(e), "Missing parent"),
				ExpectError: errorPattern(`Cannot create the Frame.io folder.*404 Not Found.*Frame.io has no folder ` +
					o.RootFolderID + ` in account ` + o.AccountID + `, or does not show it to the provider, which acts as ` +
					`the user the access token in token \(or FRAMEIO_TOKEN\) was issued to. Check the id: was it deleted ` +
					`in the Frame.io web app.*Check parent_id`),
			},
			{
				// 422: the attribute, not the JSON pointer.
				PreConfig: func() {
					noFolderCreated()
					e.FailOperation("folders.create", 1, http.StatusUnprocessableEntity,
						emulator.WithPointer("/data/name", "name is not allowed here"))
				},
				Config: folder(providerBlock(e), "Refused"),
				ExpectError: errorPattern(`Cannot create the Frame.io folder.*422 Unprocessable Entity: name is not ` +
					`allowed here \(name\).*Frame.io refused the value of name: change it in the configuration`),
			},
			{
				// 429 until the retries run out: the documented limit, and what the provider did.
				PreConfig: func() {
					noFolderCreated()
					e.FailOperation("folders.create", 2, http.StatusTooManyRequests)
				},
				Config: folder(providerBlockAt(e.URL(), e, "max_retries = 1"), "Throttled"),
				ExpectError: errorPattern(`Cannot create the Frame.io folder.*429 Too Many Requests.*Frame.io kept ` +
					`refusing the call for its rate limit \(folders.create: 3 requests per second, per account user\) ` +
					`after 2 attempts over \d+s \(max_retries = 1\).*raise max_retries`),
			},
			{
				// The same configuration applies once the faults are spent.
				PreConfig: func() {
					noFolderCreated()
					if n := e.PendingFaults("folders.create"); n != 0 {
						t.Errorf("%d injected faults were not met", n)
					}
				},
				Config: folder(providerBlock(e), "Throttled"),
			},
		},
	})
}

// The diagnostics never quote Go: no JSON pointer, no package prefix, no type name.
var goInternals = regexp.MustCompile(`/data/|frameio: |\*providerData|context deadline exceeded`)

func TestAccDiagnostics_noGoInternals(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	e.FailOperation("folders.create", 1, http.StatusUnprocessableEntity,
		emulator.WithPointer("/data/name", "name is not allowed here"))
	tf := newTerraformCLI(t)
	tf.write(folderConfigFor(e, "Refused"))
	tf.run(true, "init")
	out := tf.run(false, "apply", "-auto-approve")
	requireOutput(t, "apply", out, `Frame.io refused the value of name`)
	if m := goInternals.FindString(out); m != "" {
		t.Fatalf("the apply's output quotes %q:\n%s", m, out)
	}
}

// folderConfigFor is a provider block for e and one folder under the root folder.
func folderConfigFor(e *emulator.Emulator, name string) string {
	return providerBlock(e) + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = %q
  parent_id = %q
}
`, name, e.Options().RootFolderID)
}
