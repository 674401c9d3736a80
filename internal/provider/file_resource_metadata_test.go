package provider

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// metaFields are the account's metadata fields of a test, by name: their ids, and the option ids of
// the select field.
type metaFields struct {
	e       *emulator.Emulator
	ids     map[string]string
	options map[string]string // Status option name -> id
}

// addMetaFields gives the emulator's account the fields the metadata tests use: Status (select),
// Reel (number, no decimals), Reviewed (toggle), Notes (text, which the configurations leave to the
// web app) and Checksum (a system field, whose values cannot be set).
func addMetaFields(t *testing.T, e *emulator.Emulator) metaFields {
	t.Helper()
	m := metaFields{e: e, ids: map[string]string{}, options: map[string]string{}}
	for _, f := range []struct {
		name, typ string
		options   []string
		mutable   bool
	}{
		{"Status", "select", []string{"In review", "Approved", "Rejected"}, true},
		{"Reel", "number", nil, true},
		{"Reviewed", "toggle", nil, true},
		{"Notes", "text", nil, true},
		{"Checksum", "text", nil, false},
	} {
		id, err := e.AddFieldDefinition("", f.name, f.typ, f.options, f.mutable)
		if err != nil {
			t.Fatal(err)
		}
		m.ids[f.name] = id
	}
	def, _ := e.FieldDefinition(m.ids["Status"])
	for _, o := range def.Options {
		m.options[o.Name] = o.ID
	}
	return m
}

// held is what file id holds in Frame.io, by field name, in the form the API takes (see
// emulator.FileMetadata).
func (m metaFields) held(id string) map[string]any {
	out := map[string]any{}
	names := map[string]string{}
	for n, fid := range m.ids {
		names[fid] = n
	}
	for fid, v := range m.e.FileMetadata(id) {
		out[names[fid]] = v
	}
	return out
}

// expectHeld checks that the file of addr (its id) holds exactly want in Frame.io, by field name;
// Status is given by option name.
func (m metaFields) expectHeld(addr string, want map[string]any) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, err := stateString(req, addr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		resp.Error = m.compare(id, want)
	})
}

func (m metaFields) compare(id string, want map[string]any) error {
	w := map[string]any{}
	for k, v := range want {
		if k == "Status" {
			v = []string{m.options[v.(string)]}
		}
		w[k] = v
	}
	if got := m.held(id); !reflect.DeepEqual(got, w) {
		return fmt.Errorf("file %s holds %v, want %v", id, got, w)
	}
	return nil
}

func metadataConfig(e *emulator.Emulator, src, metadata string) string {
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "clip" {
  folder_id = %q
  source    = %q
  metadata  = %s
}
`, e.Options().RootFolderID, hcl(src), metadata))
}

var metadataAttrPath = tfjsonpath.New("metadata")

func TestAccFile_metadata(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	m := addMetaFields(t, e)
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "clip.mov", 20_000, 41)
	const addr = "frameio_file.clip"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	metadataCalls := func(op string, want int) statecheck.StateCheck {
		return emulatorCheck(func() error {
			if n := len(e.Calls(op)); n != want {
				return fmt.Errorf("%d calls of %s, want %d", n, op, want)
			}
			return nil
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				// Create: the values are written after the upload, in one bulk update.
				PreConfig: e.ResetRequests,
				Config:    metadataConfig(e, src, `{ Status = "In review", Reel = "3" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, metadataAttrPath, knownvalue.MapExact(map[string]knownvalue.Check{
						"Status": knownvalue.StringExact("In review"), "Reel": knownvalue.StringExact("3"),
					})),
					m.expectHeld(addr, map[string]any{"Status": "In review", "Reel": 3.0}),
					metadataCalls("metadata.bulk_update", 1),
					sameID.AddStateValue(addr, idPath),
				},
			},
			{
				// A refresh reads the values from the file's listing (include=metadata): no metadata.show.
				PreConfig: e.ResetRequests,
				Config:    metadataConfig(e, src, `{ Status = "In review", Reel = "3" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{metadataCalls("metadata.show", 0)},
			},
			{
				// In place: a changed value, a field removed from the map (cleared), a field added. No
				// upload, no new version.
				PreConfig: e.ResetRequests,
				Config:    metadataConfig(e, src, `{ Status = "Approved", Reviewed = "true" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, idPath, knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					m.expectHeld(addr, map[string]any{"Status": "Approved", "Reviewed": true}),
					expectNoUpload(e),
					metadataCalls("files.show", 0),
				},
			},
			{
				// Drift from the web app: Status changed (managed: put back), Notes set (not managed: left).
				PreConfig: func() {
					id := fileIDByName(t, e, "clip.mov")
					if err := e.SetFileMetadata(id, m.ids["Status"], []string{m.options["Rejected"]}); err != nil {
						t.Fatal(err)
					}
					if err := e.SetFileMetadata(id, m.ids["Notes"], "from the web app"); err != nil {
						t.Fatal(err)
					}
				},
				Config: metadataConfig(e, src, `{ Status = "Approved", Reviewed = "true" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectHeld(addr, map[string]any{"Status": "Approved", "Reviewed": true, "Notes": "from the web app"}),
				},
			},
			{
				// Another spelling of the same value is no change after the apply that records it.
				Config: metadataConfig(e, src, `{ Status = "Approved", Reviewed = "true", Reel = "4.0" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectHeld(addr, map[string]any{"Status": "Approved", "Reviewed": true, "Reel": 4.0, "Notes": "from the web app"}),
				},
			},
			{
				Config: metadataConfig(e, src, `{ Status = "Approved", Reviewed = "true", Reel = "4.0" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// New content: a new version, which starts with no values in Frame.io, gets the managed ones.
				PreConfig: func() {
					if err := os.WriteFile(src, randomBytes(21_000, 42), 0o644); err != nil {
						t.Fatal(err)
					}
				},
				Config:           metadataConfig(e, src, `{ Status = "Approved", Reviewed = "true", Reel = "4.0" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					m.expectHeld(addr, map[string]any{"Status": "Approved", "Reviewed": true, "Reel": 4.0}),
				},
			},
		},
	})
}

func TestAccFile_metadataImport(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	m := addMetaFields(t, e)
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "graded.mov", 30_000, 43)
	id := uploadOutOfBand(t, e, src, "graded.mov")
	if err := e.SetFileMetadata(id, m.ids["Status"], []string{m.options["In review"]}); err != nil {
		t.Fatal(err)
	}
	config := metadataConfig(e, src, `{ Status = "Approved" }`)
	const addr = "frameio_file.clip"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// The import manages no metadata: the state has none.
				Config: config, ResourceName: addr, ImportState: true, ImportStateId: id, ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("%d imported states", len(states))
					}
					for k := range states[0].Attributes {
						if strings.HasPrefix(k, "metadata.") && k != "metadata.%" {
							return fmt.Errorf("imported state has %s = %q; want no metadata", k, states[0].Attributes[k])
						}
					}
					return nil
				},
			},
			{
				// The configured map is planned as an update in place, which writes it.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(id)),
					m.expectHeld(addr, map[string]any{"Status": "Approved"}),
				},
			},
		},
	})
}

func TestAccFile_metadataBadInputAtPlan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	addMetaFields(t, e)
	src, _ := writeRandomFile(t, t.TempDir(), "clip.mov", 5_000, 44)
	step := func(metadata, want string) resource.TestStep {
		return resource.TestStep{
			Config:      metadataConfig(e, src, metadata),
			PlanOnly:    true,
			ExpectError: loose(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(`{ Stauts = "Approved" }`, `(?s)Unknown metadata field.*metadata\["Stauts"\].*no metadata field named "Stauts".*"Status" \(select\)`),
			step(`{ status = "Approved" }`, `(?s)metadata\["status"\].*case-sensitive: did you mean "Status"`),
			step(`{ Status = "Aproved" }`, `(?s)Invalid metadata value.*metadata\["Status"\].*"Aproved".*not an option.*"In review", "Approved", "Rejected"`),
			step(`{ Reel = "three" }`, `(?s)metadata\["Reel"\].*"three": not a number`),
			step(`{ Reel = "3.5" }`, `(?s)metadata\["Reel"\].*more than 0 decimal places`),
			step(`{ Reviewed = "yes" }`, `(?s)metadata\["Reviewed"\].*"true" or "false"`),
			step(`{ Checksum = "abc" }`, `(?s)metadata\["Checksum"\].*system field`),
		},
	})
	requireNoFiles(t, e)
	if n := len(e.Calls("files.create_local_upload")); n != 0 {
		t.Fatalf("%d uploads after plans that failed", n)
	}
}

// TestAccFile_metadataFieldInSameApply: the field a frameio_metadata_field creates (or changes) in the
// same apply is checked at plan as planned, though the account does not have it yet.
func TestAccFile_metadataFieldInSameApply(t *testing.T) {
	testMetadataFieldInSameApply(t, newTestEmulator(t, emulator.Options{}))
}

// The reading where the listing of field definitions lags behind a create: the file's write, later in
// the same apply, still finds the field made moments before (the client keeps what it created until a
// listing shows it), and the field is not lost from the state by the refresh after.
func TestAccFile_metadataFieldInSameApplyListingLags(t *testing.T) {
	testMetadataFieldInSameApply(t, newTestEmulator(t, emulator.Options{Readings: emulator.Readings{NewFieldListingMisses: 2}}))
}

func testMetadataFieldInSameApply(t *testing.T, e *emulator.Emulator) {
	src, _ := writeRandomFile(t, t.TempDir(), "clip.mov", 6_000, 47)
	config := func(options, value string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_metadata_field" "stage" {
  name       = "Stage"
  field_type = "select"
  options    = %s
}

resource "frameio_file" "clip" {
  folder_id = %q
  source    = %q
  metadata  = { (frameio_metadata_field.stage.name) = %q }
}
`, options, e.Options().RootFolderID, hcl(src), value))
	}
	stageHeld := func(want string) statecheck.StateCheck {
		return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
			id, err := stateString(req, "frameio_file.clip", "id")
			if err != nil {
				resp.Error = err
				return
			}
			for _, d := range e.FieldDefinitions() {
				if d.Name != "Stage" {
					continue
				}
				ids, _ := e.FileMetadata(id)[d.ID].([]string)
				for _, o := range d.Options {
					if len(ids) == 1 && ids[0] == o.ID && o.Name == want {
						return
					}
				}
				resp.Error = fmt.Errorf("file holds Stage %v, want option %q of %+v", ids, want, d.Options)
				return
			}
			resp.Error = fmt.Errorf("no field Stage in %+v", e.FieldDefinitions())
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config:      config(`["Draft", "Final"]`, "Finale"),
				PlanOnly:    true,
				ExpectError: loose(`(?s)metadata\["Stage"\].*"Finale": not an option \(options: "Draft", "Final"\)`),
			},
			{
				Config:            config(`["Draft", "Final"]`, "Final"),
				ConfigStateChecks: []statecheck.StateCheck{stageHeld("Final")},
			},
			{
				// An option added in the same apply as the value that names it.
				Config:            config(`["Draft", "Final", "Delivered"]`, "Delivered"),
				ConfigStateChecks: []statecheck.StateCheck{stageHeld("Delivered")},
			},
		},
	})
}

func TestAccFile_metadataAmbiguousFieldName(t *testing.T) {
	// The reading where an account may hold two fields of the same name: the name does not say which.
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{DuplicateFieldNamesOK: true}})
	for range 2 {
		if _, err := e.AddFieldDefinition("", "Status", "text", nil, true); err != nil {
			t.Fatal(err)
		}
	}
	src, _ := writeRandomFile(t, t.TempDir(), "clip.mov", 5_000, 46)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:      metadataConfig(e, src, `{ Status = "Approved" }`),
			PlanOnly:    true,
			ExpectError: loose(`(?s)metadata\["Status"\]: 2 metadata fields of the account are named "Status" \(ids .*rename all but one`),
		}},
	})
	requireNoFiles(t, e)
}

// loose compiles pattern with each space matching any run of white space: the CLI wraps diagnostics.
func loose(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func TestAccFile_metadataWriteFailures(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	m := addMetaFields(t, e)
	src, _ := writeRandomFile(t, t.TempDir(), "clip.mov", 8_000, 45)
	const addr = "frameio_file.clip"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				// The upload succeeds, the write is refused: the file is kept (a warning, not a taint),
				// and the next plan shows the values Frame.io lacks.
				PreConfig:          func() { e.FailOperation("metadata.bulk_update", 1, 403) },
				Config:             metadataConfig(e, src, `{ Status = "Approved" }`),
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					m.expectHeld(addr, map[string]any{}),
				},
			},
			{
				// The next apply writes them, on the same file: nothing was uploaded again.
				PreConfig: e.ResetRequests,
				Config:    metadataConfig(e, src, `{ Status = "Approved" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					m.expectHeld(addr, map[string]any{"Status": "Approved"}),
					expectNoUpload(e),
				},
			},
			{
				// An update whose write is refused is an error, and the state keeps the values Frame.io has.
				PreConfig:   func() { e.FailOperation("metadata.bulk_update", 1, 403) },
				Config:      metadataConfig(e, src, `{ Status = "Rejected" }`),
				ExpectError: loose(`(?s)Cannot update the metadata of the Frame.io file.*403.*the next apply tries again`),
			},
			{
				Config: metadataConfig(e, src, `{ Status = "Rejected" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					m.expectHeld(addr, map[string]any{"Status": "Rejected"}),
				},
			},
		},
	})
}

// TestAccFile_metadataCoalesced applies 40 files that set the same values through the real CLI, at
// Terraform's default -parallelism (10) and at -parallelism=40: each bulk update carries at most as
// many files as Terraform applies at once, so the calls are about files/parallelism, and none draws a
// 429 (the documented 10 calls a minute are on).
func TestAccFile_metadataCoalesced(t *testing.T) {
	for _, parallelism := range []int{10, 40} {
		t.Run(fmt.Sprintf("parallelism=%d", parallelism), func(t *testing.T) {
			e := newTestEmulator(t, emulator.Options{})
			m := addMetaFields(t, e)
			tf := newTerraformCLI(t)
			files := filepath.Join(tf.dir, "files")
			if err := os.MkdirAll(files, 0o755); err != nil {
				t.Fatal(err)
			}
			const n = 40
			for i := range n {
				writeRandomFile(t, files, fmt.Sprintf("f%02d.bin", i), 1_000, uint64(100+i))
			}
			tf.write(fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "f" {
  for_each  = fileset(%q, "*")
  folder_id = %q
  source    = "%s/${each.value}"
  metadata  = { Status = "Approved", Reel = "7", Reviewed = "true" }
}
`, hcl(files), e.Options().RootFolderID, hcl(files))))
			tf.run(true, "init")
			out := tf.run(true, "apply", "-auto-approve", fmt.Sprintf("-parallelism=%d", parallelism))
			requireOutput(t, "apply", out, fmt.Sprintf("Apply complete! Resources: %d added", n))
			calls, tooMany := 0, 0
			for _, r := range e.Calls("metadata.bulk_update") {
				calls++
				if r.Status == 429 {
					tooMany++
				}
			}
			// Each call carries at most -parallelism files; a little slack for files whose uploads end
			// apart by more than the writer's quiet period.
			most := int(math.Ceil(float64(n)/float64(parallelism))) + 2
			t.Logf("%d files, -parallelism=%d: %d bulk updates, %d 429", n, parallelism, calls, tooMany)
			if calls > most || tooMany != 0 {
				t.Fatalf("%d bulk updates (%d answered 429) for %d files at -parallelism=%d; want at most %d and no 429",
					calls, tooMany, n, parallelism, most)
			}
			for _, f := range e.Files() {
				if err := m.compare(f.ID, map[string]any{"Status": "Approved", "Reel": 7.0, "Reviewed": true}); err != nil {
					t.Fatal(err)
				}
			}
			requireOutput(t, "plan", tf.run(true, "plan", "-detailed-exitcode"), "No changes.")
		})
	}
}
