package httpx

import (
	"strings"
	"unicode/utf8"
)

// Snippet shortens server-supplied text (an error reply's body or message) for an error of ours: white
// space runs, line breaks included, become one space, invalid UTF-8 is dropped, and text longer than max
// bytes is cut at a rune boundary and ends in "...". It redacts nothing: callers remove secrets first,
// so that a cut cannot leave the start of one behind.
func Snippet(s string, max int) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) { // never split a rune
		cut--
	}
	return s[:cut] + "..."
}
