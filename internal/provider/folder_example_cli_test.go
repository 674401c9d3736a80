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
// which plugin-testing's state shim cannot carry. Apply builds the tree, makes the two metadata fields
// and uploads into it, each file carrying its values; a second plan is empty; a stage that is not an
// option fails at plan; the web app's change of a stage (and a note on another field) is drift on the
// stage alone; the next stage is an update in place; the next cut of a file stacks on it, with the
// values; and destroy removes the tree and the fields but leaves the marketing folder it only looked up.
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
	requireOutput(t, "apply", out, `Apply complete! Resources: 12 added, 0 changed, 0 destroyed.`)

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

	fields := map[string]emulator.FieldDefinition{}
	for _, d := range e.FieldDefinitions() {
		fields[d.Name] = d
	}
	// held is a file's Delivery and Stage values in Frame.io (the stage by option name).
	held := func(id string) (delivery, stage string) {
		vals := e.FileMetadata(id)
		delivery, _ = vals[fields["Delivery"].ID].(string)
		ids, _ := vals[fields["Stage"].ID].([]string)
		for _, o := range fields["Stage"].Options {
			if len(ids) == 1 && ids[0] == o.ID {
				stage = o.Name
			}
		}
		return delivery, stage
	}
	requireStage := func(when, want string) {
		t.Helper()
		n := 0
		for _, f := range e.Files() {
			if !strings.HasPrefix(pathOf(f.ParentID), "Deliverables/") {
				continue
			}
			n++
			if d, s := held(f.ID); d != "2026-11-27" || s != want {
				t.Errorf("%s: %s holds Delivery %q, Stage %q; want 2026-11-27, %s", when, f.Name, d, s, want)
			}
		}
		if n == 0 {
			t.Fatalf("%s: no deliverable found", when)
		}
	}
	requireStage("apply", "Delivered")
	if d, s := held(oneIDNamed(t, "file", e.Files(), func(f emulator.File) (string, string) { return f.ID, f.Name }, "trailer_v2.mp4")); d != "" || s != "" {
		t.Errorf("the trailer holds Delivery %q, Stage %q; its resource sets no metadata", d, s)
	}
	t.Logf("metadata.bulk_update calls for 4 files with the same values: %d", len(e.Calls("metadata.bulk_update")))

	requireOutput(t, "second plan", tf.run(true, append([]string{"plan", "-detailed-exitcode"}, vars...)...), `No changes.`)

	// A stage that is not an option: an error at plan, naming the attribute and the options.
	out = tf.run(false, append([]string{"plan", "-var", "stage=Deliverd"}, vars...)...)
	requireOutput(t, "plan with a bad stage", out, `Invalid metadata value`, `metadata\["Stage"\]`, `"Deliverd": not an option`)

	// The web app changes a stage and adds a note on a field the configuration does not manage: the
	// stage is drift, put back in place; the note stays.
	feature := fileIDByName(t, e, "feature_v3.mov")
	notes, err := e.AddFieldDefinition("", "Notes", "text", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SetFileMetadata(feature, fields["Stage"].ID, []string{fields["Stage"].Options[3].ID}); err != nil {
		t.Fatal(err)
	}
	if err := e.SetFileMetadata(feature, notes, "grade looks warm"); err != nil {
		t.Fatal(err)
	}
	out = tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOutput(t, "apply after the web app's change", out, `Apply complete! Resources: 0 added, 1 changed, 0 destroyed.`)
	requireStage("drift put back", "Delivered")
	if got := e.FileMetadata(feature)[notes]; got != "grade looks warm" {
		t.Errorf("the note set in the web app is %v after the apply; want it left alone", got)
	}

	// The next stage: an update in place of every deliverable, nothing uploaded.
	e.ResetRequests()
	out = tf.run(true, append([]string{"apply", "-auto-approve", "-var", "stage=In review"}, vars...)...)
	requireOutput(t, "apply of the next stage", out, `Apply complete! Resources: 0 added, 4 changed, 0 destroyed.`)
	requireStage("next stage", "In review")
	if n := len(e.Calls("files.create_local_upload")); n != 0 {
		t.Fatalf("%d uploads for a change of metadata alone", n)
	}
	vars = append(vars, "-var", "stage=In review")

	// The next cut of the feature: keyed by slot, it is a new version on top of v3, nothing is destroyed.
	before := map[string]string{}
	for _, f := range e.Files() {
		before[f.ID] = f.Name
	}
	picture := filepath.Join(tf.dir, "deliverables", "Picture")
	if err := os.Remove(filepath.Join(picture, "feature_v3.mov")); err != nil {
		t.Fatal(err)
	}
	writeRandomFile(t, picture, "feature_v4.mov", 3_500, 20)
	out = tf.run(true, append([]string{"apply", "-auto-approve"}, vars...)...)
	requireOutput(t, "apply of the new cut", out, `Apply complete! Resources: 0 added, 1 changed, 0 destroyed.`)
	// Nothing that was there is deleted (under the pessimistic readings, a duplicate made by a create whose
	// reply was lost is, which is not what this checks), and exactly one file is added.
	for id, name := range before {
		if _, ok := e.File(id); !ok {
			t.Errorf("%s (%s) was deleted by the new cut", name, id)
		}
	}
	if n := len(e.Files()); n != len(before)+1 {
		t.Errorf("%d files after the new cut; want %d (one new version)", n, len(before)+1)
	}
	if stacks := e.Stacks(); len(stacks) != 1 || len(stacks[0].FileIDs) != 2 {
		t.Fatalf("want feature_v4.mov stacked on feature_v3.mov; stacks %+v", stacks)
	}
	requireStage("new cut", "In review") // the new version got the values too

	tf.run(true, append([]string{"destroy", "-auto-approve"}, vars...)...)
	left := e.Folders()
	if len(e.Files()) != 0 || len(left) != 3 || pathOf(trailers) != "Marketing/Trailers" {
		t.Fatalf("after destroy want only the root and Marketing/Trailers, no file; Frame.io holds %+v and %d files",
			left, len(e.Files()))
	}
	if defs := e.FieldDefinitions(); len(defs) != 1 || defs[0].Name != "Notes" {
		t.Fatalf("after destroy want only the web app's Notes field; the account holds %+v", defs)
	}
}
