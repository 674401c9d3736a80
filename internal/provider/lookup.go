package provider

import (
	"fmt"
	"strings"
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
	return fmt.Sprintf("%s matches %d %s: %s. Frame.io does not keep names unique. %s", what, len(found), noun,
		listed(found, candidate.String), fix)
}

// notFoundAmong is the message for no match: what was asked and, to spot a typo, what is there.
func notFoundAmong(what, name, where string, all []candidate) string {
	msg := fmt.Sprintf("%s: no %s.", what, where)
	if len(all) == 0 {
		return msg + " It holds none."
	}
	msg += fmt.Sprintf(" It holds: %s.", listed(all, func(c candidate) string { return fmt.Sprintf("%q", c.name) }))
	if near := nearMiss(all, name); near != "" {
		msg += fmt.Sprintf(" Names are compared exactly: did you mean %q?", near)
	}
	return msg
}

// nearMiss is the first name that equals name but for case and surrounding spaces, or "".
func nearMiss(all []candidate, name string) string {
	for _, c := range all {
		if strings.EqualFold(strings.TrimSpace(c.name), strings.TrimSpace(name)) {
			return c.name
		}
	}
	return ""
}
