package metadata

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/emulator/emulatortest"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	textF   = Field{Name: "Notes", Type: frameio.FieldTypeText}
	numF    = Field{Name: "Score", Type: frameio.FieldTypeNumber, Scale: 2}
	intF    = Field{Name: "Count", Type: frameio.FieldTypeNumber}
	rateF   = Field{Name: "Stars", Type: frameio.FieldTypeRating, MaxRating: 5}
	togF    = Field{Name: "Approved", Type: frameio.FieldTypeToggle}
	dateF   = Field{Name: "Due", Type: frameio.FieldTypeDate}
	selF    = Field{Name: "Stage", Type: frameio.FieldTypeSelect, Options: map[string]string{"Draft": "o1", "Final": "o2"}, OptionOrder: []string{"Draft", "Final"}}
	multiF  = Field{Name: "Tags", Type: frameio.FieldTypeSelectMulti, Options: map[string]string{"b-roll": "t1", "interview": "t2", "a, b": "t3"}, OptionOrder: []string{"b-roll", "interview", "a, b"}}
	usersF  = Field{Name: "Owner", Type: frameio.FieldTypeUserSingle}
	strange = Field{Name: "X", Type: "colour"}
)

func TestToAPIAndCanonical(t *testing.T) {
	for _, c := range []struct {
		f         Field
		in        string
		api       any
		canonical string
	}{
		{textF, "hello, world", "hello, world", "hello, world"},
		{textF, "", nil, ""},
		{numF, "2.5", json.Number("2.5"), "2.5"},
		{numF, "2.50", json.Number("2.5"), "2.5"},
		{numF, "-3", json.Number("-3"), "-3"},
		{numF, "1e3", json.Number("1000"), "1000"},
		{intF, "42", json.Number("42"), "42"},
		{rateF, "5", 5, "5"},
		{togF, "true", true, "true"},
		{togF, "false", false, "false"},
		{dateF, "2026-07-17", "2026-07-17", "2026-07-17"},
		{dateF, "2026-07-17T00:00:00Z", "2026-07-17", "2026-07-17"},
		{dateF, "2026-07-17T23:30:00+02:00", "2026-07-17T21:30:00Z", "2026-07-17T21:30:00Z"},
		{selF, "Final", []string{"o2"}, "Final"},
		{selF, "", nil, ""},
		{multiF, "interview, b-roll", []string{"t1", "t2"}, "b-roll, interview"},
		{multiF, "b-roll", []string{"t1"}, "b-roll"},
		{multiF, `["a, b","b-roll"]`, []string{"t1", "t3"}, "b-roll, a, b"},
	} {
		got, err := ToAPI(c.f, c.in)
		if err != nil || !reflect.DeepEqual(got, c.api) {
			t.Errorf("ToAPI(%s, %q) = %#v, %v; want %#v", c.f.Type, c.in, got, err, c.api)
		}
		can, err := Canonical(c.f, c.in)
		if err != nil || can != c.canonical {
			t.Errorf("Canonical(%s, %q) = %q, %v; want %q", c.f.Type, c.in, can, err, c.canonical)
		}
	}
}

func TestToAPIRefusesWhatTheFieldCannotHold(t *testing.T) {
	for _, c := range []struct {
		f      Field
		in     string
		reason string
	}{
		{numF, "abc", "not a number"},
		{numF, "2.555", "more than 2 decimal places"},
		{intF, "1.5", "more than 0 decimal places"},
		{numF, "NaN", "not a number"},
		{numF, "1e400", "not a number"},
		{rateF, "6", "a rating is 1 to 5"},
		{rateF, "0", "a rating is 1 to 5"},
		{rateF, "4.5", "not a whole number"},
		{togF, "yes", `"true" or "false"`},
		{togF, "True", `"true" or "false"`},
		{dateF, "17/07/2026", "not a date"},
		{dateF, "2026-02-30", "not a date"},
		{selF, "final", `not an option (options: "Draft", "Final")`},
		{selF, "Draft, Final", "not an option"},
		{multiF, "b-roll, outtake", `"outtake" is not an option`},
		{multiF, "b-roll, b-roll", "listed twice"},
		{multiF, `["b-roll"`, "not a JSON list"},
		{usersF, "me@example.com", "user_single fields are not supported yet"},
		{strange, "x", "colour fields are not supported yet"},
	} {
		_, err := ToAPI(c.f, c.in)
		var ve *ValueError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.reason) || !strings.Contains(err.Error(), c.f.Name) ||
			ve.Value != c.in {
			t.Errorf("ToAPI(%s, %q) = %v, want a ValueError naming the field, the value and %q", c.f.Type, c.in, err, c.reason)
		}
		if _, cerr := Canonical(c.f, c.in); cerr == nil {
			t.Errorf("Canonical(%s, %q) took it", c.f.Type, c.in)
		}
	}
	if _, err := ToAPI(usersF, "x"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("user field: %v, want ErrUnsupported", err)
	}
	if Supported(frameio.FieldTypeUserMulti) || !Supported(frameio.FieldTypeSelectMulti) {
		t.Error("Supported is wrong")
	}
}

func TestFromAPI(t *testing.T) {
	for _, c := range []struct {
		f   Field
		raw string
		out string
		set bool
	}{
		{textF, `"hello"`, "hello", true},
		{textF, `null`, "", false},
		{textF, ``, "", false},
		{numF, `2.0`, "2", true},
		{numF, `2.5`, "2.5", true},
		{rateF, `4`, "4", true},
		{togF, `false`, "false", true},
		{dateF, `"2026-07-17 21:34:21.954509Z"`, "2026-07-17T21:34:21.954509Z", true},
		{dateF, `"2026-07-17 00:00:00.000000Z"`, "2026-07-17", true},
		{dateF, `"2026-07-17T23:30:00+02:00"`, "2026-07-17T21:30:00Z", true},
		{selF, `[{"id":"o2","display_name":"Final"}]`, "Final", true},
		{selF, `[{"id":"o9","display_name":"Gone"}]`, "Gone", true},
		{selF, `[]`, "", false},
		{multiF, `[{"id":"t2","display_name":"interview"},{"id":"t1","display_name":"b-roll"}]`, "b-roll, interview", true},
	} {
		out, set, err := FromAPI(c.f, json.RawMessage(c.raw))
		if err != nil || out != c.out || set != c.set {
			t.Errorf("FromAPI(%s, %s) = %q, %v, %v; want %q, %v", c.f.Type, c.raw, out, set, err, c.out, c.set)
		}
	}
	for _, c := range []struct {
		f   Field
		raw string
	}{{textF, `3`}, {numF, `"3"`}, {togF, `"true"`}, {dateF, `"soon"`}, {selF, `"Final"`}, {usersF, `[]`}} {
		if _, _, err := FromAPI(c.f, json.RawMessage(c.raw)); err == nil {
			t.Errorf("FromAPI(%s, %s) took it", c.f.Type, c.raw)
		}
	}
}

// TestRoundTripThroughTheAPI: a value converted by ToAPI, written by the client and read back through
// include=metadata, is Canonical's string again, for each type, on the emulator over HTTP.
func TestRoundTripThroughTheAPI(t *testing.T) {
	e := emulatortest.New(t, emulator.Options{NoRateLimits: true}) // eight creates: more than 10 a minute with the upload
	c, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: e.Options().Token})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a := c.ForAccount(emulator.DefaultAccountID)
	file, err := a.CreateLocalUpload(ctx, emulator.DefaultRootFolderID, "a.mov", 1)
	if err != nil {
		t.Fatal(err)
	}
	opts := func(names ...string) *frameio.FieldConfiguration {
		cfg := &frameio.FieldConfiguration{}
		for _, n := range names {
			cfg.Options = append(cfg.Options, frameio.FieldOption{DisplayName: n})
		}
		return cfg
	}
	two, five := 2, 5
	defs := []struct {
		d  frameio.NewFieldDefinition
		in string
	}{
		{frameio.NewFieldDefinition{Name: "Notes", FieldType: frameio.FieldTypeText}, "hello, world"},
		{frameio.NewFieldDefinition{Name: "Long", FieldType: frameio.FieldTypeLongText}, "line 1\nline 2"},
		{frameio.NewFieldDefinition{Name: "Score", FieldType: frameio.FieldTypeNumber, Config: &frameio.FieldConfiguration{Scale: &two}}, "2.50"},
		{frameio.NewFieldDefinition{Name: "Stars", FieldType: frameio.FieldTypeRating, Config: &frameio.FieldConfiguration{MaxValue: &five}}, "4"},
		{frameio.NewFieldDefinition{Name: "Approved", FieldType: frameio.FieldTypeToggle}, "false"},
		{frameio.NewFieldDefinition{Name: "Due", FieldType: frameio.FieldTypeDate, Config: &frameio.FieldConfiguration{DisplayFormat: ptr("iso")}}, "2026-07-17"},
		{frameio.NewFieldDefinition{Name: "Shot", FieldType: frameio.FieldTypeDate, Config: &frameio.FieldConfiguration{DisplayFormat: ptr("iso")}}, "2026-07-17T23:30:00.25+02:00"},
		{frameio.NewFieldDefinition{Name: "Stage", FieldType: frameio.FieldTypeSelect, Config: opts("Draft", "Final")}, "Final"},
		{frameio.NewFieldDefinition{Name: "Tags", FieldType: frameio.FieldTypeSelectMulti, Config: opts("b-roll", "interview", "a, b")}, `["interview","a, b"]`},
	}
	fields := map[string]Field{}
	var values []frameio.MetadataValue
	want := map[string]string{}
	for _, d := range defs {
		made, err := a.CreateFieldDefinition(ctx, d.d)
		if err != nil {
			t.Fatal(err)
		}
		f := FieldOf(made)
		fields[made.ID] = f
		v, err := ToAPI(f, d.in)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		values = append(values, frameio.MetadataValue{FieldDefinitionID: made.ID, Value: v})
		if want[made.ID], err = Canonical(f, d.in); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.BulkUpdateMetadata(ctx, emulator.DefaultProjectID, []string{file.ID}, values); err != nil {
		t.Fatal(err)
	}
	got, err := a.GetFile(ctx, file.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Metadata) != len(defs) {
		t.Fatalf("%d values read back, want %d", len(got.Metadata), len(defs))
	}
	for _, m := range got.Metadata {
		f := fields[m.FieldDefinitionID]
		s, set, err := FromAPI(f, m.Value)
		if err != nil || !set || s != want[m.FieldDefinitionID] {
			t.Errorf("%s: read back %q (%v, %v) from %s, want %q", f.Name, s, set, err, m.Value, want[m.FieldDefinitionID])
		}
	}
}

func ptr[T any](v T) *T { return &v }
