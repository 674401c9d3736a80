package metadata

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

func TestNamed(t *testing.T) {
	def := func(id, name, typ string, mutable bool, options ...string) frameio.FieldDefinition {
		d := frameio.FieldDefinition{ID: id, Name: name, FieldType: typ, Mutable: mutable}
		for i, o := range options {
			d.FieldConfiguration.Options = append(d.FieldConfiguration.Options,
				frameio.FieldOption{ID: id + "-o" + string(rune('1'+i)), DisplayName: o})
		}
		if typ == frameio.FieldTypeNumber {
			d.FieldConfiguration.Scale = ptr(2)
		}
		return d
	}
	defs := []frameio.FieldDefinition{
		def("f-notes", "Notes", frameio.FieldTypeText, true),
		def("f-reel", "Reel", frameio.FieldTypeNumber, true),
		def("f-stage", "Stage", frameio.FieldTypeSelect, true, "Draft", "Final"),
		def("f-tags", "Tags", frameio.FieldTypeSelectMulti, true, "b-roll", "interview"),
		def("f-empty", "Empty", frameio.FieldTypeText, true),
		def("f-blank", "Blank", frameio.FieldTypeText, true),
		def("f-sum", "Checksum", frameio.FieldTypeText, false),
		def("f-owner", "Owner", frameio.FieldTypeUserSingle, true),
		def("f-dup1", "Dup", frameio.FieldTypeText, true),
		def("f-dup2", "Dup", frameio.FieldTypeText, true),
		def("f-bad", "Bad", frameio.FieldTypeToggle, true),
	}
	held := func(id, raw string) frameio.MetadataField {
		return frameio.MetadataField{FieldDefinitionID: id, Value: json.RawMessage(raw)}
	}
	values, omitted := Named(defs, []frameio.MetadataField{
		held("f-notes", `"hello, world"`),
		held("f-reel", `2.50`),
		held("f-stage", `[{"id":"f-stage-o2","display_name":"Final"}]`),
		held("f-tags", `[{"id":"f-tags-o2","display_name":"interview"},{"id":"f-tags-o1","display_name":"b-roll"}]`),
		held("f-empty", `null`),
		held("f-blank", `""`),
		held("f-sum", `"abc123"`),
		held("f-owner", `[{"id":"u1","type":"user"}]`),
		held("f-dup1", `"one"`),
		held("f-dup2", `"two"`),
		held("f-bad", `"yes"`),
		held("f-deleted", `"a field the definitions do not list"`),
	})
	want := map[string]string{"Notes": "hello, world", "Reel": "2.5", "Stage": "Final", "Tags": "b-roll, interview"}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("values = %v, want %v", values, want)
	}
	if len(omitted) != 2 {
		t.Fatalf("omitted = %v, want the shared name and the unreadable value", omitted)
	}
	var shared *SharedNameError
	if !errors.As(omitted[0], &shared) || shared.Name != "Dup" || !reflect.DeepEqual(shared.IDs, []string{"f-dup1", "f-dup2"}) {
		t.Errorf("omitted[0] = %v, want the name Dup shared by f-dup1, f-dup2", omitted[0])
	}
	if want := `2 metadata fields of the account are named "Dup" (ids f-dup1, f-dup2), so the name does not say ` +
		`which: rename all but one in Frame.io`; omitted[0].Error() != want {
		t.Errorf("omitted[0] says %q, want %q", omitted[0], want)
	}
	var bad *ValueError
	if !errors.As(omitted[1], &bad) || bad.Field != "Bad" {
		t.Errorf("omitted[1] = %v, want the toggle's unreadable value", omitted[1])
	}

	// A file without values gives an empty map, not nil.
	if values, omitted := Named(defs, nil); values == nil || len(values) != 0 || omitted != nil {
		t.Errorf("Named(defs, nil) = %#v, %v; want an empty map", values, omitted)
	}
}
