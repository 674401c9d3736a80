package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFileDataSource(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	folder := addFolder(t, e, "", "Delivery")
	mix := putFileOutOfBand(t, e, folder, "mix.wav", randomBytes(2_000, 1))
	putFileOutOfBand(t, e, folder, "dup.srt", []byte("1"))
	putFileOutOfBand(t, e, folder, "dup.srt", []byte("2"))
	v1 := putFileOutOfBand(t, e, folder, "cut_v1.mov", randomBytes(3_000, 2))
	v2 := putFileOutOfBand(t, e, folder, "cut_v2.mov", randomBytes(3_000, 3))
	stack, err := e.StackFiles(folder, v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(attrs string) string {
		return fileConfig(e, fmt.Sprintf("data \"frameio_file\" \"f\" {\n%s\n}\n", attrs))
	}
	byName := func(name string) string { return lookup(fmt.Sprintf("folder_id = %q\nname = %q", folder, name)) }
	const mixAddr, cutAddr, oldAddr = "data.frameio_file.mix", "data.frameio_file.cut", "data.frameio_file.old"
	mixAndCutByName := fmt.Sprintf(`
data "frameio_file" "mix" {
  folder_id = %[1]q
  name      = "mix.wav"
}
data "frameio_file" "cut" {
  folder_id = %[1]q
  name      = "cut_v2.mov"
}
`, folder)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: byName("dup.srt"),
				ExpectError: errorPattern(`Ambiguous Frame.io file name.*File "dup.srt" in folder ` + folder +
					` matches 2 files: [0-9a-f-]+, [0-9a-f-]+. Frame.io does not keep names unique`),
			},
			{
				Config: byName("cut_v1.mov"),
				ExpectError: errorPattern(`Frame.io file not found.*File "cut_v1.mov" in folder ` + folder + `: no file of ` +
					`that name. It holds: "mix.wav", "dup.srt", "dup.srt", "cut_v2.mov".`),
			},
			{
				Config:      lookup(`name = "mix.wav"`),
				ExpectError: errorPattern(`Attribute "folder_id" must be specified when "name" is specified`),
			},
			{
				// Found by name, a file and a stack's newest version are where the folder's listing shows
				// them: no version_stacks.show (100 calls a minute) to learn what holds them.
				PreConfig: e.ResetRequests,
				Config:    fileConfig(e, mixAndCutByName),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("version_stack_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
					emulatorCheck(func() error {
						if n := len(e.Calls("version_stacks.show")); n != 0 {
							return fmt.Errorf("%d calls of version_stacks.show for files found by name", n)
						}
						return nil
					}),
				},
			},
			// Last, so that the test's closing destroy runs on a valid configuration.
			{
				Config: fileConfig(e, mixAndCutByName+fmt.Sprintf(`
data "frameio_file" "old" {
  id = %q
}
`, v1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mixAddr, idPath, knownvalue.StringExact(mix)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(2_000)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("media_type"), knownvalue.StringExact("audio/wav")),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("status"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("project_id"), knownvalue.StringExact(o.ProjectID)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("version_stack_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("view_url"), knownvalue.StringRegexp(errorPattern(`/view/`+mix+`$`))),
					// A stacked file is found by its stack's newest version, and says which stack holds it.
					statecheck.ExpectKnownValue(cutAddr, idPath, knownvalue.StringExact(v2)),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("name"), knownvalue.StringExact("cut_v1.mov")),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
				},
			},
		},
	})
}

// TestAccFileDataSource_metadata: values set in the web app show in metadata by field name, in the
// canonical form frameio_file's metadata takes; system and user fields are left out; a file without
// values gives an empty map. The values come with the file's read (include=metadata): no metadata.show.
func TestAccFileDataSource_metadata(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	field := func(name, typ string, mutable bool, options ...string) string {
		id, err := e.AddFieldDefinition("", name, typ, options, mutable)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	status := field("Status", "select", true, "In review", "Approved")
	tags := field("Tags", "select_multi", true, "b-roll", "interview", "music")
	reel := field("Reel", "number", true)
	if err := e.SetFieldConfig(reel, "scale", json.Number("2")); err != nil {
		t.Fatal(err)
	}
	notes, due := field("Notes", "text", true), field("Due", "date", true)
	field("Unset", "text", true)
	checksum, owner := field("Checksum", "text", false), field("Owner", "user_single", true)
	option := func(fieldID, name string) string {
		def, _ := e.FieldDefinition(fieldID)
		for _, o := range def.Options {
			if o.Name == name {
				return o.ID
			}
		}
		t.Fatalf("field %s has no option %q", fieldID, name)
		return ""
	}

	folder := e.Options().RootFolderID
	tagged := putFileOutOfBand(t, e, folder, "tagged.mov", []byte("tagged"))
	plain := putFileOutOfBand(t, e, folder, "plain.mov", []byte("plain"))
	for fieldID, v := range map[string]any{
		status:   []string{option(status, "Approved")},
		tags:     []string{option(tags, "music"), option(tags, "b-roll")}, // not in the field's order
		reel:     json.Number("2.50"),
		notes:    "hello, world",
		due:      "2026-07-17T23:34:21+02:00",
		checksum: "9f86d081",
		owner:    []map[string]string{{"id": emulator.DefaultUserID, "type": "user"}},
	} {
		if err := e.SetFileMetadata(tagged, fieldID, v); err != nil {
			t.Fatal(err)
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: e.ResetRequests,
			Config: fileConfig(e, fmt.Sprintf(`
data "frameio_file" "tagged" {
  id = %q
}
data "frameio_file" "plain" {
  id = %q
}
output "status" {
  value = data.frameio_file.tagged.metadata["Status"]
}
`, tagged, plain)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.frameio_file.tagged", metadataAttrPath, knownvalue.MapExact(map[string]knownvalue.Check{
					"Status": knownvalue.StringExact("Approved"),
					"Tags":   knownvalue.StringExact("b-roll, music"),
					"Reel":   knownvalue.StringExact("2.5"),
					"Notes":  knownvalue.StringExact("hello, world"),
					"Due":    knownvalue.StringExact("2026-07-17T21:34:21Z"),
				})),
				statecheck.ExpectKnownOutputValue("status", knownvalue.StringExact("Approved")),
				// Empty, not null: lookup() and length() work on every file.
				statecheck.ExpectKnownValue("data.frameio_file.plain", metadataAttrPath, knownvalue.MapExact(map[string]knownvalue.Check{})),
				emulatorCheck(func() error {
					if n := len(e.Calls("metadata.show")); n != 0 {
						return fmt.Errorf("%d calls of metadata.show: the file's read carries its values", n)
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccFileDataSource_cliMetadataSharedName: under the reading where two fields of an account may
// share a name, the name does not say which field a value belongs to: the data source leaves it out
// of metadata and warns, naming both fields' ids; the other values are there. Through the CLI, since
// plugin-testing cannot assert warnings.
func TestAccFileDataSource_cliMetadataSharedName(t *testing.T) {
	t.Parallel()
	readings := readingsFromEnv(t)
	readings.DuplicateFieldNamesOK = true
	e := newTestEmulator(t, emulator.Options{Readings: readings})
	file := putFileOutOfBand(t, e, e.Options().RootFolderID, "clip.mov", []byte("clip"))
	var statusIDs []string
	for i, f := range []struct{ name, typ, value string }{
		{"Status", "text", "Approved"}, {"Status", "text", "Rejected"}, {"Notes", "text", "hello"},
	} {
		id, err := e.AddFieldDefinition("", f.name, f.typ, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			statusIDs = append(statusIDs, id)
		}
		if err := e.SetFileMetadata(file, id, f.value); err != nil {
			t.Fatal(err)
		}
	}

	tf := newTerraformCLI(t)
	tf.write(fileConfig(e, fmt.Sprintf(`
data "frameio_file" "clip" {
  id = %q
}
output "metadata" {
  value = data.frameio_file.clip.metadata
}
`, file)))
	tf.run(true, "init")
	out := tf.run(true, "apply", "-auto-approve")
	requireOutput(t, "apply", out, `Warning: Metadata values left out`,
		`File `+file+` has values that metadata leaves out: - 2 metadata fields of the account are named "Status" `+
			`\(ids `+statusIDs[0]+`, `+statusIDs[1]+`\), so the name does not say which: rename all but one in Frame.io`)
	var got map[string]string
	if err := json.Unmarshal([]byte(tf.run(true, "output", "-json", "metadata")), &got); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"Notes": "hello"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("metadata = %v, want %v (Status left out)", got, want)
	}
}

// TestAccFile_stackShowOfFolderReadings: whether the service answers version_stacks.show for a
// folder's id with the folder itself or with 422 instead of 404 (the document does not say), a file in
// a folder is found in that folder, not in a "stack", by the data source and by an import; a stacked
// file still is in its stack.
func TestAccFile_stackShowOfFolderReadings(t *testing.T) {
	for _, mode := range []emulator.StackShowOfFolderMode{emulator.StackShowOfFolderAnswered, emulator.StackShowOfFolderUnprocessable} {
		t.Run(mode.String(), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{StackShowOfFolder: mode}})
			folder := addFolder(t, e, "", "Delivery")
			content := randomBytes(2_000, 1)
			src := filepath.Join(t.TempDir(), "mix.wav")
			if err := os.WriteFile(src, content, 0o600); err != nil {
				t.Fatal(err)
			}
			mix := putFileOutOfBand(t, e, folder, "mix.wav", content)
			v1 := putFileOutOfBand(t, e, folder, "cut_v1.mov", randomBytes(3_000, 2))
			v2 := putFileOutOfBand(t, e, folder, "cut_v2.mov", randomBytes(3_000, 3))
			stack, err := e.StackFiles(folder, v1, v2)
			if err != nil {
				t.Fatal(err)
			}
			resourceConfig := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "mix" {
  folder_id = %q
  source    = %q
}
`, folder, src))
			const mixAddr, oldAddr = "data.frameio_file.mix", "data.frameio_file.old"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{
					{
						Config: fileConfig(e, fmt.Sprintf(`
data "frameio_file" "mix" {
  id = %q
}
data "frameio_file" "old" {
  id = %q
}
`, mix, v1)),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
							statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("version_stack_id"), knownvalue.Null()),
							statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
							statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
						},
					},
					{
						Config:             resourceConfig,
						ResourceName:       "frameio_file.mix",
						ImportState:        true,
						ImportStateId:      mix,
						ImportStatePersist: true,
					},
					{
						Config: resourceConfig,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("frameio_file.mix", idPath, knownvalue.StringExact(mix)),
							statecheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
							statecheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("version_stack_id"), knownvalue.Null()),
						},
					},
					{
						Config:           resourceConfig,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
				},
			})
		})
	}
}
