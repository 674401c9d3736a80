package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Lookups by name. Frame.io does not keep names unique (two folders of one parent, two projects of an
// account may share one), so a lookup by name finds every match: none is an error that says what is
// there instead, several is an error that lists the candidates' ids, and only one is an answer.

// candidate is one object found by name, for error messages.
type candidate struct {
	id, name, detail string // detail: e.g. "created 2026-11-02T10:00:00Z", may be empty
}

func (c candidate) String() string {
	if c.detail == "" {
		return c.id
	}
	return fmt.Sprintf("%s (%s)", c.id, c.detail)
}

// matching returns the candidates named exactly name (case and spaces count, as in Frame.io).
func matching(all []candidate, name string) []candidate {
	var out []candidate
	for _, c := range all {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// ambiguous is the message for several matches: what was asked, the candidates' ids and the way out.
// noun names the candidates in the plural ("folders").
func ambiguous(what, noun string, found []candidate, fix string) string {
	ids := make([]string, 0, min(len(found), maxListed))
	for i, c := range found {
		if i == maxListed {
			break
		}
		ids = append(ids, c.String())
	}
	return fmt.Sprintf("%s matches %d %s: %s. Frame.io does not keep names unique. %s", what, len(found), noun,
		strings.Join(ids, ", ")+more(len(found)), fix)
}

// notFoundAmong is the message for no match: what was asked and, to spot a typo, what is there.
func notFoundAmong(what, name, where string, all []candidate) string {
	msg := fmt.Sprintf("%s: no %s.", what, where)
	if len(all) == 0 {
		return msg + " It holds none."
	}
	names := make([]string, 0, min(len(all), maxListed))
	var near string
	for i, c := range all {
		if near == "" && strings.EqualFold(strings.TrimSpace(c.name), strings.TrimSpace(name)) {
			near = c.name
		}
		if i < maxListed {
			names = append(names, fmt.Sprintf("%q", c.name))
		}
	}
	msg += fmt.Sprintf(" It holds: %s.", strings.Join(names, ", ")+more(len(all)))
	if near != "" {
		msg += fmt.Sprintf(" Names are compared exactly: did you mean %q?", near)
	}
	return msg
}

// setString is a configured-or-computed string: the value found, unless the configuration set it (a
// lookup key must come back exactly as written).
func setString(v *types.String, s string) {
	if v.IsNull() || v.IsUnknown() {
		*v = types.StringValue(s)
	}
}
