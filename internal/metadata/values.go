// Package metadata converts metadata values between the strings a Terraform configuration holds and
// the typed values of the Frame.io API, per field type. It knows nothing of Terraform.
//
// The string form of each type (what ToAPI takes and Canonical and FromAPI return):
//
//	text, long_text  the text as is
//	number           a decimal number with at most the field's scale of decimal places: "2.5", "-3", "1000"
//	rating           an integer 1..max_value: "4"
//	toggle           "true" or "false"
//	date             a date "2026-07-17" or an RFC 3339 date-time "2026-07-17T21:34:21Z"
//	select           an option's display name: "Final"
//	select_multi     display names separated by commas, "b-roll, interview", or a JSON list of them,
//	                 `["b-roll","interview"]` (for names that hold a comma)
//
// "" is no value: ToAPI returns nil, which clears the value. User fields (user_single, user_multi) are
// not supported yet: every function refuses them with ErrUnsupported.
package metadata

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// Field is what the conversion needs of a field definition.
type Field struct {
	Name string
	Type string // a frameio.FieldType* value
	// Options are a select field's options, display name -> option id.
	Options map[string]string
	// OptionOrder lists the display names in the field's order (canonical order of select_multi values);
	// nil: sorted by name.
	OptionOrder []string
	Scale       int // number: decimal places allowed
	MaxRating   int // rating: the highest value
}

// FieldOf returns the Field of a field definition.
func FieldOf(d *frameio.FieldDefinition) Field {
	f := Field{Name: d.Name, Type: d.FieldType, Options: d.OptionIDs()}
	for _, o := range d.FieldConfiguration.Options {
		f.OptionOrder = append(f.OptionOrder, o.DisplayName)
	}
	if s := d.FieldConfiguration.Scale; s != nil {
		f.Scale = *s
	}
	if m := d.FieldConfiguration.MaxValue; m != nil {
		f.MaxRating = *m
	}
	return f
}

// ErrUnsupported is the error (wrapped in a *ValueError) for a field type the conversion does not
// handle: user_single and user_multi, and types it does not know.
var ErrUnsupported = errors.New("this field type is not supported yet")

// Supported reports whether values of fieldType can be converted.
func Supported(fieldType string) bool {
	switch fieldType {
	case frameio.FieldTypeText, frameio.FieldTypeLongText, frameio.FieldTypeNumber, frameio.FieldTypeRating,
		frameio.FieldTypeToggle, frameio.FieldTypeDate, frameio.FieldTypeSelect, frameio.FieldTypeSelectMulti:
		return true
	}
	return false
}

// ValueError is a value a field cannot hold (or one read back that the conversion cannot read).
type ValueError struct {
	Field  string // the field's name
	Type   string // its type
	Value  string // the value, as given
	Reason string
	Err    error // ErrUnsupported, or nil
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("metadata field %q (%s) cannot hold %q: %s", e.Field, e.Type, e.Value, e.Reason)
}

func (e *ValueError) Unwrap() error { return e.Err }

func refuse(f Field, v, format string, args ...any) *ValueError {
	return &ValueError{Field: f.Name, Type: f.Type, Value: v, Reason: fmt.Sprintf(format, args...)}
}

func unsupported(f Field, v string) *ValueError {
	return &ValueError{Field: f.Name, Type: f.Type, Value: v, Err: ErrUnsupported,
		Reason: fmt.Sprintf("%s fields are not supported yet", f.Type)}
}

// ToAPI converts the string s to the value metadata.bulk_update takes for field f (frameio.MetadataValue's
// Value): a string, a json.Number, an int, a bool, or a []string of option ids; nil (for "") clears the
// value. A value the field cannot hold is a *ValueError that says why.
func ToAPI(f Field, s string) (any, error) {
	if !Supported(f.Type) {
		return nil, unsupported(f, s)
	}
	if s == "" {
		return nil, nil
	}
	switch f.Type {
	case frameio.FieldTypeText, frameio.FieldTypeLongText:
		return s, nil
	case frameio.FieldTypeNumber:
		n, err := number(f, s)
		if err != nil {
			return nil, err
		}
		return json.Number(n), nil
	case frameio.FieldTypeRating:
		return rating(f, s)
	case frameio.FieldTypeToggle:
		return toggle(f, s)
	case frameio.FieldTypeDate:
		return date(f, s)
	case frameio.FieldTypeSelect:
		id, ok := f.Options[s]
		if !ok {
			return nil, refuse(f, s, "not an option (options: %s)", optionList(f))
		}
		return []string{id}, nil
	default: // select_multi
		names, err := multiNames(f, s)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(names))
		for i, n := range names {
			ids[i] = f.Options[n]
		}
		return ids, nil
	}
}

// Canonical returns the canonical string of s for field f: two strings with the same canonical form
// are the same value ("2.50" and "2.5"; "b, a" and "a,b"; "2026-07-17T00:00:00Z" and "2026-07-17").
// FromAPI returns canonical strings. Errors are ToAPI's.
func Canonical(f Field, s string) (string, error) {
	if !Supported(f.Type) {
		return "", unsupported(f, s)
	}
	if s == "" {
		return "", nil
	}
	switch f.Type {
	case frameio.FieldTypeNumber:
		return number(f, s)
	case frameio.FieldTypeRating:
		n, err := rating(f, s)
		return strconv.Itoa(n), err
	case frameio.FieldTypeToggle:
		b, err := toggle(f, s)
		return strconv.FormatBool(b), err
	case frameio.FieldTypeDate:
		return date(f, s)
	case frameio.FieldTypeSelectMulti:
		names, err := multiNames(f, s)
		return strings.Join(names, ", "), err
	}
	if _, err := ToAPI(f, s); err != nil {
		return "", err
	}
	return s, nil
}

// FromAPI converts a value the API returned (frameio.MetadataField.Value) to its canonical string for
// field f; set is false for no value (absent, null or an empty list), with "". Option ids are named by
// f's options (the value's own display name when f does not know the id).
func FromAPI(f Field, raw json.RawMessage) (s string, set bool, err error) {
	if !Supported(f.Type) {
		return "", false, unsupported(f, string(raw))
	}
	text := strings.TrimSpace(string(raw))
	if text == "" || text == "null" || text == "[]" {
		return "", false, nil
	}
	bad := func(what string) (string, bool, error) {
		return "", false, refuse(f, text, "the API returned a value that is not %s", what)
	}
	switch f.Type {
	case frameio.FieldTypeText, frameio.FieldTypeLongText, frameio.FieldTypeDate:
		var v string
		if json.Unmarshal(raw, &v) != nil {
			return bad("a string")
		}
		if f.Type != frameio.FieldTypeDate {
			return v, v != "", nil
		}
		t, err := parseTime(v)
		if err != nil {
			return bad("a date-time")
		}
		return canonicalTime(t), true, nil
	case frameio.FieldTypeNumber, frameio.FieldTypeRating:
		var v float64
		if json.Unmarshal(raw, &v) != nil {
			return bad("a number")
		}
		return strconv.FormatFloat(v, 'f', -1, 64), true, nil
	case frameio.FieldTypeToggle:
		var v bool
		if json.Unmarshal(raw, &v) != nil {
			return bad("a boolean")
		}
		return strconv.FormatBool(v), true, nil
	}
	var opts []frameio.FieldOption
	if json.Unmarshal(raw, &opts) != nil {
		return bad("a list of options")
	}
	byID := map[string]string{}
	for name, id := range f.Options {
		byID[id] = name
	}
	names := make([]string, 0, len(opts))
	for _, o := range opts {
		name, ok := byID[o.ID]
		if !ok {
			name = o.DisplayName
		}
		names = append(names, name)
	}
	f.sortNames(names)
	return strings.Join(names, ", "), len(names) > 0, nil
}

// number checks a decimal number against the field's scale and returns its canonical form.
func number(f Field, s string) (string, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", refuse(f, s, "not a number")
	}
	c := strconv.FormatFloat(v, 'f', -1, 64)
	if _, frac, _ := strings.Cut(c, "."); len(frac) > f.Scale {
		return "", refuse(f, s, "more than %d decimal places (the field's scale)", f.Scale)
	}
	return c, nil
}

func rating(f Field, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, refuse(f, s, "not a whole number")
	case n < 1 || n > f.MaxRating:
		return 0, refuse(f, s, "a rating is 1 to %d", f.MaxRating)
	}
	return n, nil
}

func toggle(f Field, s string) (bool, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, refuse(f, s, `a toggle is "true" or "false"`)
}

// date checks a date or date-time and returns its canonical form (sent as is: the API takes both).
func date(f Field, s string) (string, error) {
	t, err := parseTime(s)
	if err != nil {
		return "", refuse(f, s, "not a date (YYYY-MM-DD) or an RFC 3339 date-time (2026-07-17T21:34:21Z)")
	}
	return canonicalTime(t), nil
}

// parseTime reads a date, an RFC 3339 date-time, or the API's "2026-07-17 21:34:21.954509Z".
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	return time.Parse(time.RFC3339Nano, s)
}

// canonicalTime is a date when t is midnight UTC, else an RFC 3339 date-time in UTC.
func canonicalTime(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// multiNames reads a select_multi value: a JSON list of names, or names separated by commas; each an
// option, each once; returned in the field's order.
func multiNames(f Field, s string) ([]string, error) {
	var names []string
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "[") {
		if json.Unmarshal([]byte(t), &names) != nil {
			return nil, refuse(f, s, "not a JSON list of option names")
		}
	} else {
		for _, n := range strings.Split(s, ",") {
			names = append(names, strings.TrimSpace(n))
		}
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(names))
	for _, n := range names {
		switch {
		case n == "" && len(names) == 1:
			continue
		case f.Options[n] == "":
			return nil, refuse(f, s, "%q is not an option (options: %s)", n, optionList(f))
		case seen[n]:
			return nil, refuse(f, s, "%q is listed twice", n)
		}
		seen[n] = true
		out = append(out, n)
	}
	f.sortNames(out)
	return out, nil
}

// sortNames orders option names as the field lists them (unknown names last, by name).
func (f Field) sortNames(names []string) {
	rank := func(n string) int {
		if i := slices.Index(f.OptionOrder, n); i >= 0 {
			return i
		}
		return len(f.OptionOrder)
	}
	sort.SliceStable(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
}

// optionList names a select field's options for an error.
func optionList(f Field) string {
	names := slices.Clone(f.OptionOrder)
	if names == nil {
		for n := range f.Options {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	if len(names) == 0 {
		return "none"
	}
	return `"` + strings.Join(names, `", "`) + `"`
}
