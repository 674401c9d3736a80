package provider

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

func TestMetadataChanges(t *testing.T) {
	set, cleared := metadataChanges(
		map[string]string{"Status": "Approved", "Reel": "3", "Notes": ""},
		map[string]string{"Status": "In review", "Reel": "3", "Old": "x", "Empty": ""},
	)
	// Reel is unchanged; Notes is new (as no value: written as a clear); Old left the map (cleared);
	// Empty left it too but held no value: nothing to clear.
	if want := map[string]string{"Status": "Approved", "Notes": ""}; !reflect.DeepEqual(set, want) {
		t.Errorf("set = %v, want %v", set, want)
	}
	if want := []string{"Old"}; !reflect.DeepEqual(cleared, want) {
		t.Errorf("cleared = %v, want %v", cleared, want)
	}
}

func testFields() fieldSet {
	scale := 1
	return fieldSet{defs: []frameio.FieldDefinition{
		{ID: "f-status", Name: "Status", FieldType: frameio.FieldTypeSelect, Mutable: true,
			FieldConfiguration: frameio.FieldConfiguration{Options: []frameio.FieldOption{{ID: "o-a", DisplayName: "Approved"}, {ID: "o-r", DisplayName: "Rejected"}}}},
		{ID: "f-reel", Name: "Reel", FieldType: frameio.FieldTypeNumber, Mutable: true, FieldConfiguration: frameio.FieldConfiguration{Scale: &scale}},
		{ID: "f-dup1", Name: "Dup", FieldType: frameio.FieldTypeText, Mutable: true},
		{ID: "f-dup2", Name: "Dup", FieldType: frameio.FieldTypeText, Mutable: true},
		{ID: "f-sys", Name: "Checksum", FieldType: frameio.FieldTypeText},
		{ID: "f-user", Name: "Owner", FieldType: frameio.FieldTypeUserSingle, Mutable: true},
	}}
}

func TestFieldSetFind(t *testing.T) {
	s := testFields()
	if d, f, err := s.find("Status"); err != nil || d.ID != "f-status" || f.Options["Approved"] != "o-a" {
		t.Fatalf("Status: %v %+v %v", d, f, err)
	}
	for name, want := range map[string]string{
		"Stauts":   `no metadata field named "Stauts". Its fields: "Dup" (text), "Dup" (text), "Reel" (number), "Status" (select)`,
		"status":   `did you mean "Status"?`,
		"Dup":      `2 metadata fields of the account are named "Dup" (ids f-dup1, f-dup2)`,
		"Checksum": `system field`,
		"Owner":    `user_single field, whose values frameio_file cannot set yet`,
	} {
		_, _, err := s.find(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want it to say %q", name, err, want)
		}
		// Only a name no field has counts as "no field" (a clear of it is then nothing to do).
		if want := name == "Stauts" || name == "status"; isNoField(err) != want {
			t.Errorf("%s: isNoField %v, want %v", name, isNoField(err), want)
		}
	}
}

func TestHeldValue(t *testing.T) {
	s := testFields()
	held := []frameio.MetadataField{
		{FieldDefinitionID: "f-status", Value: json.RawMessage(`[{"id":"o-r","display_name":"Rejected"}]`)},
		{FieldDefinitionID: "f-reel", Value: json.RawMessage(`2.5`)},
	}
	for _, tc := range []struct{ name, state, want string }{
		{"Status", "Approved", "Rejected"}, // changed in the web app: drift
		{"Status", "Rejected", "Rejected"},
		{"Reel", "2.50", "2.50"}, // the same number in another spelling: the state's
		{"Reel", "3", "2.5"},
		{"Gone", "x", ""}, // the field was deleted: no value
	} {
		if got := heldValue(s, held, tc.name, tc.state); got != tc.want {
			t.Errorf("%s with state %q: %q, want %q", tc.name, tc.state, got, tc.want)
		}
	}
	// Unset in Frame.io (absent, or null as a reading lists unset fields): no value.
	for _, h := range [][]frameio.MetadataField{nil, {{FieldDefinitionID: "f-reel", Value: json.RawMessage(`null`)}}} {
		if got := heldValue(s, h, "Reel", "3"); got != "" {
			t.Errorf("unset Reel: %q, want \"\"", got)
		}
		if got := heldValue(s, h, "Reel", ""); got != "" {
			t.Errorf("unset Reel managed as no value: %q, want \"\"", got)
		}
	}
}

func TestMetadataMap(t *testing.T) {
	m, known := metadataMap(types.MapValueMust(types.StringType, map[string]attr.Value{
		"a": types.StringValue("1"), "b": types.StringUnknown()}))
	if known || m["a"] != "1" {
		t.Errorf("a map with an unknown value: %v known %v; want a=1, not known", m, known)
	}
	if m, known := metadataMap(types.MapNull(types.StringType)); m != nil || !known {
		t.Errorf("null: %v %v", m, known)
	}
	if _, known := metadataMap(types.MapUnknown(types.StringType)); known {
		t.Error("unknown map known")
	}
}
