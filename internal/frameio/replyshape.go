package frameio

import "fmt"

// Bounding what decoding a reply may allocate.
//
// Decoding JSON into structs allocates per element, not per byte: `{"data":[{},{},...]}` costs three
// bytes per File on the wire and some 400 bytes decoded, so a 32 MB reply (maxReplyBytes) of empty
// objects would take gigabytes (found by FuzzDecodeReply's allocation bound). Real replies hold at
// most a page of 500 assets, or the part URLs of one upload (object storage allows 10,000 parts), and
// their elements are hundreds of bytes each. So before a reply is decoded, its array elements are
// counted (at any depth, without allocating), and a reply with more than maxReplyItems is refused.
const maxReplyItems = 20_000

// checkReplyItems refuses a reply b with more than maxReplyItems array elements.
func checkReplyItems(b []byte) error {
	if n := countArrayItems(b, maxReplyItems); n > maxReplyItems {
		return fmt.Errorf("reply holds more than %d array elements", maxReplyItems)
	}
	return nil
}

// countArrayItems counts the elements of every array in the JSON text b, stopping once past limit. It
// does not validate b (the decoder does): for text that is not JSON, the count is only an estimate. It
// allocates only a stack of one bit per open bracket, at most the size of b.
func countArrayItems(b []byte, limit int) int {
	var arrays []bool // per open container: is it an array
	n := 0
	inString, escaped := false, false
	for i := 0; i < len(b) && n <= limit; i++ {
		c := b[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{':
			arrays = append(arrays, false)
		case '[':
			arrays = append(arrays, true)
			if !emptyArray(b[i+1:]) {
				n++ // its first element; each comma at its level adds one more
			}
		case '}', ']':
			if len(arrays) > 0 {
				arrays = arrays[:len(arrays)-1]
			}
		case ',':
			if len(arrays) > 0 && arrays[len(arrays)-1] {
				n++
			}
		}
	}
	return n
}

// emptyArray reports whether rest, the text after a '[', closes the array before any element. Each
// call reads only the white space after one bracket, so the scan stays linear.
func emptyArray(rest []byte) bool {
	for _, c := range rest {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case ']':
			return true
		}
		return false
	}
	return false
}
