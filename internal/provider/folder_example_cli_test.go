package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The README's first example, examples/delivery/main.tf, run as written (but for the provider block,
// pointed at the emulator) through the real CLI: its for_each over folders and files has string keys,
// which plugin-testing's state shim cannot carry. Apply builds the tree and uploads into it, a second plan
// is empty, the next cut of a file stacks on it, and destroy removes the tree but leaves the marketing
// folder it only looked up.
func TestAccFolder_cliDeliveryExample(t *testing.T) {
	t.Parallel()
	served := t.TempDir()
	if err := os.WriteFile(filepath.Join(served, "trailer_v2.mp4"), randomBytes(50_000, 9), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newTestEmulator(t, emulator.Options{ProjectName: "Feature Film", ServeDir: served, AllowPrivateRemoteURLs: true})
	marketing := addFolder(t, e, "", "Marketing")
	trailers := addFolder(t, e, marketing, "Trailers")

	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "delivery", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := regexp.MustCompile(`(?s)terraform \{.*?\n\}\n`).ReplaceAllString(string(example), "")
	config = strings.Replace(config, `provider "frameio" {}`, providerBlock(e), 1)
	if strings.Contains(config, "required_providers") || !strings.Contains(config, e.URL()) {
		t.Fatalf("could not point the example at the emulator:\n%s", config)
	}
	tf := newTerraformCLI(t)
	// The provider runs in the test's process, not in the CLI's directory: make the paths absolute.
	config = strings.ReplaceAll(config, "${path.module}", hcl(tf.dir))
	tf.write(config)
	for i, f := range []string{"Picture/feature_v3.mov", "Sound/stems_5.1.wav", "Sound/mix_stereo.wav", "Subtitles/en.srt"} {
		p := filepath.Join(tf.dir, "deliverables", filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		writeRandomFile(t, filepath.Dir(p), filepath.Base(p), 3_000+i, uint64(i))
	}
	vars := []string{"-var", "trailer_url=" + e.URL() + "/files/trailer_v2.mp4"}

	tf.run(true, "init")
	out := tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOutput(t, "apply", out, `Apply complete! Resources: 10 added, 0 changed, 0 destroyed.`)

	// Deliverables/2026-11-27/{Picture,Sound,Subtitles} holding the files; the trailer in Marketing/Trailers.
	byID := map[string]emulator.Folder{}
	for _, f := range e.Folders() {
		byID[f.ID] = f
	}
	pathOf := func(id string) string {
		var names []string
		for f, ok := byID[id]; ok && f.ParentID != ""; f, ok = byID[f.ParentID] {
			names = append([]string{f.Name}, names...)
		}
		return strings.Join(names, "/")
	}
	got := map[string]bool{}
	for _, f := range e.Files() {
		got[pathOf(f.ParentID)+"/"+f.Name] = f.UploadComplete
	}
	for _, want := range []string{
		"Deliverables/2026-11-27/Picture/feature_v3.mov", "Deliverables/2026-11-27/Sound/stems_5.1.wav",
		"Deliverables/2026-11-27/Sound/mix_stereo.wav", "Deliverables/2026-11-27/Subtitles/en.srt",
		"Marketing/Trailers/trailer_v2.mp4",
	} {
		if !got[want] {
			t.Errorf("Frame.io lacks %s, complete (it holds %v)", want, got)
		}
	}
	if len(got) != 5 {
		t.Errorf("Frame.io holds %d files, want 5: %v", len(got), got)
	}

	requireOutput(t, "second plan", tf.run(true, append([]string{"plan", "-detailed-exitcode"}, vars...)...), `No changes.`)

	// The next cut of the feature: keyed by slot, it is a new version on top of v3, nothing is destroyed.
	picture := filepath.Join(tf.dir, "deliverables", "Picture")
	if err := os.Remove(filepath.Join(picture, "feature_v3.mov")); err != nil {
		t.Fatal(err)
	}
	writeRandomFile(t, picture, "feature_v4.mov", 3_500, 20)
	out = tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOutput(t, "apply of the new cut", out, `Apply complete! Resources: 0 added, 1 changed, 0 destroyed.`)
	if stacks := e.Stacks(); len(stacks) != 1 || len(stacks[0].FileIDs) != 2 || contentDeletes(e) > 0 || len(e.Files()) != 6 {
		t.Fatalf("want feature_v4.mov stacked on feature_v3.mov, 6 files and nothing deleted (%d deletes beyond undoing lost create replies); stacks %+v",
			contentDeletes(e), stacks)
	}

	tf.run(true, append([]string{"destroy", "-auto-approve"}, vars...)...)
	left := e.Folders()
	if len(e.Files()) != 0 || len(left) != 3 || pathOf(trailers) != "Marketing/Trailers" {
		t.Fatalf("after destroy want only the root and Marketing/Trailers, no file; Frame.io holds %+v and %d files",
			left, len(e.Files()))
	}
}
