package provider

import (
	"context"
	"fmt"
	"net/http"
	"slices"
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

// fieldIDByName is the id of the one field definition called name in the emulator.
func fieldIDByName(t *testing.T, e *emulator.Emulator, name string) string {
	t.Helper()
	return oneIDNamed(t, "metadata field", e.FieldDefinitions(),
		func(d emulator.FieldDefinition) (string, string) { return d.ID, d.Name }, name)
}

// expectFieldAs: Frame.io holds the field of the state at addr with this name, type and options (in
// order), and the state's option_ids are Frame.io's option ids.
func expectFieldAs(e *emulator.Emulator, addr, name, fieldType string, options ...string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		resp.Error = func() error {
			id, err := stateString(req, addr, "id")
			if err != nil {
				return err
			}
			d, ok := e.FieldDefinition(id)
			if !ok {
				return fmt.Errorf("%s: field %s is not in Frame.io", addr, id)
			}
			ids := stateMap(req, addr, "option_ids")
			var names []string
			for _, o := range d.Options {
				names = append(names, o.Name)
				if got := ids[o.Name]; got != o.ID {
					return fmt.Errorf("%s: option_ids[%q] = %v, Frame.io's id is %s", addr, o.Name, got, o.ID)
				}
			}
			if len(ids) != len(d.Options) {
				return fmt.Errorf("%s: option_ids %v, Frame.io has %d options", addr, ids, len(d.Options))
			}
			if d.Name != name || d.FieldType != fieldType || !slices.Equal(names, options) {
				return fmt.Errorf("%s: Frame.io has %q (%s) %v, want %q (%s) %v", addr, d.Name, d.FieldType, names,
					name, fieldType, options)
			}
			return nil
		}()
	})
}

// stateMap returns a map attribute of the resource at addr (nil when null or absent).
func stateMap(req statecheck.CheckStateRequest, addr, attr string) map[string]any {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return nil
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == addr {
			m, _ := r.AttributeValues[attr].(map[string]any)
			return m
		}
	}
	return nil
}

// checkNoFields is a CheckDestroy: no field definition is left in Frame.io.
func checkNoFields(e *emulator.Emulator) func(*terraform.State) error {
	return func(*terraform.State) error {
		if defs := e.FieldDefinitions(); len(defs) != 0 {
			return fmt.Errorf("%d metadata fields left in Frame.io after destroy, e.g. %q", len(defs), defs[0].Name)
		}
		return nil
	}
}

func TestAccMetadataField_lifecycle(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := func(stageName, options, scale, notesType string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_metadata_field" "stage" {
  name       = %q
  field_type = "select"
  options    = %s
}
resource "frameio_metadata_field" "score" {
  name       = "Score"
  field_type = "number"
  %s
}
resource "frameio_metadata_field" "notes" {
  name       = "Notes"
  field_type = %q
}
`, stageName, options, scale, notesType))
	}
	const stage, score, notes = "frameio_metadata_field.stage", "frameio_metadata_field.score", "frameio_metadata_field.notes"
	sameStage := statecheck.CompareValue(compare.ValuesSame())
	sameScore := statecheck.CompareValue(compare.ValuesSame())
	newNotes := statecheck.CompareValue(compare.ValuesDiffer())
	draftID := statecheck.CompareValue(compare.ValuesSame())
	draft := tfjsonpath.New("option_ids").AtMapKey("Draft")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFields(e),
		Steps: []resource.TestStep{
			{
				Config: config("Stage", `["Draft", "Final"]`, "", "text"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(stage, tfjsonpath.New("option_ids")),
					plancheck.ExpectKnownValue(notes, tfjsonpath.New("option_ids"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFieldAs(e, stage, "Stage", "select", "Draft", "Final"),
					expectFieldAs(e, score, "Score", "number"),
					expectFieldAs(e, notes, "Notes", "text"),
					statecheck.ExpectKnownValue(stage, tfjsonpath.New("option_ids"), knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownValue(score, tfjsonpath.New("scale"), knownvalue.Null()),
					sameStage.AddStateValue(stage, idPath),
					sameScore.AddStateValue(score, idPath),
					newNotes.AddStateValue(notes, idPath),
					draftID.AddStateValue(stage, draft),
				},
			},
			{
				Config: config("Stage", `["Draft", "Final"]`, "", "text"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Rename, a new option, a scale: in place, ids kept.
				Config: config("Phase", `["Draft", "Review", "Final"]`, "scale = 2", "text"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(stage, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(score, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(notes, plancheck.ResourceActionNoop),
					plancheck.ExpectUnknownValue(stage, tfjsonpath.New("option_ids")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFieldAs(e, stage, "Phase", "select", "Draft", "Review", "Final"),
					sameStage.AddStateValue(stage, idPath),
					sameScore.AddStateValue(score, idPath),
					statecheck.ExpectKnownValue(score, tfjsonpath.New("scale"), knownvalue.Int64Exact(2)),
					scaleIs(e, score, 2),
					draftKept(e, draftID.AddStateValue(stage, draft)),
				},
			},
			{
				// A rename alone keeps the option ids known at plan.
				Config: config("Stage", `["Draft", "Review", "Final"]`, "scale = 2", "text"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(stage, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(stage, tfjsonpath.New("option_ids"), knownvalue.MapSizeExact(3)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectFieldAs(e, stage, "Stage", "select", "Draft", "Review", "Final")},
			},
			{
				// Frame.io cannot change a field's type: a new field replaces it.
				Config: config("Stage", `["Draft", "Review", "Final"]`, "scale = 2", "long_text"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFieldAs(e, notes, "Notes", "long_text"),
					newNotes.AddStateValue(notes, idPath),
				},
			},
			{
				// Import by id: everything comes from Frame.io.
				ResourceName:            stage,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:            score,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// draftKept: the Draft option kept its id through the update, unless the emulator's reading renews
// option ids (then the state holds Frame.io's new one: expectFieldAs checks it).
func draftKept(e *emulator.Emulator, same statecheck.StateCheck) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		if e.Readings().SelectOptionsRenewIDs {
			return
		}
		same.CheckState(ctx, req, resp)
	})
}

// scaleIs: Frame.io holds scale n for the number field at addr.
func scaleIs(e *emulator.Emulator, addr string, n int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, err := stateString(req, addr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		d, _ := e.FieldDefinition(id)
		if got := fmt.Sprint(d.Config["scale"]); got != fmt.Sprint(n) {
			resp.Error = fmt.Errorf("%s: Frame.io scale %s, want %d", addr, got, n)
		}
	})
}

func TestAccMetadataField_drift(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := fileConfig(e, `
resource "frameio_metadata_field" "stage" {
  name       = "Stage"
  field_type = "select_multi"
  options    = ["Draft", "Final"]
}
`)
	const addr = "frameio_metadata_field.stage"
	same := statecheck.CompareValue(compare.ValuesSame())
	recreated := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFields(e),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(addr, idPath), recreated.AddStateValue(addr, idPath)},
			},
			{
				// Renamed and an option dropped and one added in the web app: put back in place.
				PreConfig: func() {
					id := fieldIDByName(t, e, "Stage")
					if err := e.RenameFieldDefinition(id, "stage (renamed)"); err != nil {
						t.Fatal(err)
					}
					if err := e.SetFieldOptions(id, []string{"Final", "Approved"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Stage")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(addr, idPath),
					expectFieldAs(e, addr, "Stage", "select_multi", "Draft", "Final"),
				},
			},
			{
				// Deleted in the web app: created again.
				PreConfig: func() {
					if err := e.DeleteFieldDefinition(fieldIDByName(t, e, "Stage")); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					recreated.AddStateValue(addr, idPath),
					expectFieldAs(e, addr, "Stage", "select_multi", "Draft", "Final"),
				},
			},
		},
	})
}

// A 409 on the create (a name the account's fields already use) is an error about name.
func TestAccMetadataField_conflictNamesName(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFields(e),
		Steps: []resource.TestStep{{
			// The 409 is injected: some readings let fields share a name (DuplicateFieldNamesOK).
			PreConfig: func() { e.FailOperation("metadata.field_definitions.create", 1, http.StatusConflict) },
			Config: fileConfig(e, `
resource "frameio_metadata_field" "notes" {
  name       = "Notes"
  field_type = "text"
}
`),
			ExpectError: atAttribute("Cannot create the Frame.io metadata field", "frameio_metadata_field.notes", "name"),
		}},
	})
}

func TestAccMetadataField_badInputIsRefusedAtPlan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	step := func(lines, pattern string) resource.TestStep {
		return resource.TestStep{Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_metadata_field" "f" {
  name = "Stage"
  %s
}
`, lines)), PlanOnly: true, ExpectError: errorPattern(pattern)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(`field_type = "colour"`, `field_type value must be one of`),
			step(`field_type = "user_single"`, `Cannot use this Frame.io field type yet.*user fields \(user_single, user_multi\) are not supported yet`),
			step(`field_type = "select"`, `Missing options of the Frame.io select field.*set options to the names`),
			step("field_type = \"text\"\n options = [\"a\"]", `Cannot set options on this Frame.io field.*Only select and select_multi fields have options`),
			step("field_type = \"text\"\n scale = 1", `Cannot set scale on this Frame.io field`),
			step("field_type = \"number\"\n max_value = 3", `Cannot set max_value on this Frame.io field`),
			step("field_type = \"number\"\n scale = 4", `scale value must be between 0 and 3, got: 4`),
			step("field_type = \"select\"\n options = [\"Final\", \"final\"]", `Option listed twice.*"Final" and "final" are the same option`),
			step("field_type = \"select\"\n options = []", `options list must contain at least 1 elements`),
			step("field_type = \"select\"\n options = [\"\"]", `string length must be between 1 and 250`),
			{
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_metadata_field" "f" {
  name       = %q
  field_type = "text"
}
`, strings.Repeat("n", 251))),
				PlanOnly:    true,
				ExpectError: errorPattern(`Attribute name string length must be between 1 and 250, got: 251`),
			},
		},
	})
	if n := len(e.FieldDefinitions()); n != 0 {
		t.Fatalf("%d fields created from bad input", n)
	}
}

func TestAccMetadataFieldDataSource(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	system, err := e.AddFieldDefinition("", "Format", "text", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := e.AddFieldDefinition("", "Tags", "select_multi", []string{"b-roll", "interview"}, true)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a name Frame.io holds twice (made in the web app)
		if _, err := e.AddFieldDefinition("", "Notes", "text", nil, true); err != nil {
			t.Fatal(err)
		}
	}
	tagsDef, _ := e.FieldDefinition(tags)
	lookup := func(by string) string {
		return fileConfig(e, fmt.Sprintf(`
data "frameio_metadata_field" "f" {
  %s
}
`, by))
	}
	const addr = "data.frameio_metadata_field.f"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lookup(`name = "Tags"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, idPath, knownvalue.StringExact(tags)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("field_type"), knownvalue.StringExact("select_multi")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mutable"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("options"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("b-roll"), knownvalue.StringExact("interview")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("option_ids").AtMapKey("interview"),
						knownvalue.StringExact(tagsDef.Options[1].ID)),
				},
			},
			{
				Config: lookup(fmt.Sprintf("id = %q", system)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Format")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mutable"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("options"), knownvalue.Null()),
				},
			},
			{
				Config:      lookup(`name = "tags"`),
				ExpectError: errorPattern(`Frame.io metadata field not found.*It holds: "Format", "Tags", "Notes", "Notes".*did you mean "Tags"\?`),
			},
			{
				Config:      lookup(`name = "Notes"`),
				ExpectError: errorPattern(`Ambiguous Frame.io metadata field name.*matches 2 fields.*look the field up by id`),
			},
			{
				Config:      lookup(`id = "6f1f2b0e-0000-4000-8000-00000000dead"`),
				ExpectError: errorPattern(`Frame.io metadata field not found.*No metadata field has id 6f1f2b0e-0000-4000-8000-00000000dead`),
			},
		},
	})
}

// A listing that lags behind a create (the emulator leaves a new definition out of the next listing of
// the account's definitions) does not drop the field just made from the state: Read looks again, and
// the next plan is empty, not a second field.
func TestAccMetadataField_listingLagsBehindCreate(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{NewFieldListingMisses: 1}})
	config := fileConfig(e, `
resource "frameio_metadata_field" "notes" {
  name       = "Notes"
  field_type = "text"
}
`)
	const addr = "frameio_metadata_field.notes"
	same := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFields(e),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{same.AddStateValue(addr, idPath), expectFieldAs(e, addr, "Notes", "text")},
			},
			{
				// A new field again (the next create is fresh too), then a plan that must be empty.
				Config: config + `
resource "frameio_metadata_field" "due" {
  name       = "Due"
  field_type = "date"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					same.AddStateValue(addr, idPath),
					expectFieldAs(e, "frameio_metadata_field.due", "Due", "date"),
					fieldCount(e, 2),
				},
			},
		},
	})
}

// fieldCount: Frame.io holds n field definitions (no duplicate made).
func fieldCount(e *emulator.Emulator, n int) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		if got := len(e.FieldDefinitions()); got != n {
			resp.Error = fmt.Errorf("Frame.io holds %d field definitions, want %d", got, n)
		}
	})
}
