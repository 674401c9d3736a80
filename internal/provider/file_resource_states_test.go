package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Processing states: only video, audio and images are transcoded by Frame.io. wait_for = "transcode" on
// anything else must not wait for a status that never comes: it settles at "uploaded" with a warning.

// transcodeConfig is one frameio_file per source, all with wait_for = "transcode" and a create timeout
// short enough that waiting for a transcode that never comes fails the test quickly.
func transcodeConfig(e *emulator.Emulator, sources map[string]string) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(sources)) {
		fmt.Fprintf(&b, `
resource "frameio_file" %q {
  folder_id = %q
  source    = %q
  wait_for  = "transcode"
  timeouts = {
    create = "20s"
  }
}
`, name, e.Options().RootFolderID, hcl(sources[name]))
	}
	return fileConfig(e, b.String())
}

func TestAccFile_transcodeWaitByMediaType(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	cut, cutSum := writeRandomFile(t, dir, "cut.mov", 30_000, 60)
	stems, stemsSum := writeRandomFile(t, dir, "stems.zip", 30_000, 61)
	notes, _ := writeRandomFile(t, dir, "notes.pdf", 30_000, 62)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: transcodeConfig(e, map[string]string{"cut": cut, "stems": stems, "notes": notes}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("frameio_file.cut", tfjsonpath.New("status"), knownvalue.StringExact("transcoded")),
				statecheck.ExpectKnownValue("frameio_file.cut", tfjsonpath.New("media_type"), knownvalue.StringExact("video/quicktime")),
				expectStoredContent(e, "frameio_file.cut", cutSum),
				// Not media: the upload is complete and the create returned without a transcode.
				statecheck.ExpectKnownValue("frameio_file.stems", tfjsonpath.New("status"), knownvalue.StringExact("uploaded")),
				statecheck.ExpectKnownValue("frameio_file.stems", tfjsonpath.New("media_type"), knownvalue.StringExact("application/zip")),
				expectStoredContent(e, "frameio_file.stems", stemsSum),
				statecheck.ExpectKnownValue("frameio_file.notes", tfjsonpath.New("status"), knownvalue.StringExact("uploaded")),
				statecheck.ExpectKnownValue("frameio_file.notes", tfjsonpath.New("media_type"), knownvalue.StringExact("application/pdf")),
				emulatorCheck(func() error {
					for _, f := range e.Files() {
						if !f.UploadComplete {
							return fmt.Errorf("%s: the create returned before Frame.io reported the upload complete", f.Name)
						}
					}
					return nil
				}),
			},
		}},
	})
}

// What the user is told: the warning names wait_for, the file and its media type; a video gets none.
func TestAccFile_cliTranscodeWaitWarnsForNonMedia(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	subs, _ := writeRandomFile(t, dir, "subs_en.txt", 2_000, 63)
	cut, _ := writeRandomFile(t, dir, "cut.mp4", 2_000, 64)
	tf := newTerraformCLI(t)
	tf.write(transcodeConfig(e, map[string]string{"subs": subs, "cut": cut}))
	tf.run(true, "init")
	out := tf.run(true, "apply", "-auto-approve")
	requireOutput(t, "apply", out,
		`Warning: wait_for = "transcode" settled at "uploaded"`,
		`with frameio_file.subs`,
		`wait_for: subs_en.txt has media type text/plain, which Frame.io does not transcode`,
		`its status will not become "transcoded" \(it is "uploaded"\)`,
		`Set wait_for = "upload" \(the default\) for such files`)
	if n := strings.Count(out, "Warning: wait_for"); n != 1 {
		t.Fatalf("%d wait_for warnings, want one (none for the video):\n%s", n, out)
	}
	if f, _ := e.File(fileIDByName(t, e, "cut.mp4")); f.Status != "transcoded" {
		t.Fatalf("the video returned at status %q, want transcoded", f.Status)
	}
	tf.run(true, "destroy", "-auto-approve")
	requireNoFiles(t, e)
}
