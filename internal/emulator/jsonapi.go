package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// apiError is one entry of the {"errors":[...]} reply.
type apiError struct {
	Detail string     `json:"detail"`
	Title  string     `json:"title,omitempty"`
	Source *errSource `json:"source,omitempty"`
}

type errSource struct {
	Pointer string `json:"pointer"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var bb bytes.Buffer
	enc := json.NewEncoder(&bb)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	b := bytes.TrimSuffix(bb.Bytes(), []byte("\n"))
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"detail":"encoding failed","title":"Internal Server Error"}]}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError replies {"errors":[{"detail","title","source":{"pointer"}}]} (source only with a pointer).
func writeError(w http.ResponseWriter, status int, title, detail, pointer string) {
	if title == "" {
		title = http.StatusText(status)
	}
	e := apiError{Detail: detail, Title: title}
	if pointer != "" {
		e.Source = &errSource{Pointer: pointer}
	}
	writeJSON(w, status, map[string]any{"errors": []apiError{e}})
}

// httpError is a handler failure turned into an error reply.
type httpError struct {
	status        int
	title, detail string
	pointer       string
}

func (h *httpError) Error() string { return h.detail }

func errf(status int, pointer, format string, args ...any) *httpError {
	return &httpError{status: status, detail: fmt.Sprintf(format, args...), pointer: pointer}
}

// invalid is the 422 "Invalid value" reply about the request field at pointer ("" for the whole body).
func invalid(pointer, detail string) *httpError {
	return &httpError{status: http.StatusUnprocessableEntity, title: "Invalid value", detail: detail, pointer: pointer}
}

func notFound(what, id string) *httpError {
	return &httpError{status: http.StatusNotFound, title: "Not Found", detail: fmt.Sprintf("%s %q not found", what, id)}
}

// field kinds of a request's data object.
type kind int

const (
	kString kind = iota
	kInt
	kArray      // any JSON array, returned as []any: the handler checks its items
	kBool       // true or false
	kNullString // a string or null (returned as nil): a nullable field, where null clears the value
	kObject     // any JSON object, returned as map[string]any: the handler checks its fields
)

type fieldSpec struct {
	name     string
	kind     kind
	required bool
}

// decodeData reads {"data":{...}} strictly: JSON content type (else 422), valid JSON (else 400), only
// "data" at the top, only the given fields inside, right types, required fields present. Strings come
// back as string, integers as int64, arrays as []any. Limits are checked by the handlers.
func decodeData(r *http.Request, specs ...fieldSpec) (map[string]any, *httpError) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || mt != "application/json" {
		// 415 is not among the documented replies; a body the operation cannot take is 422.
		return nil, invalid("", fmt.Sprintf("Invalid value for header: content-type: must be application/json, got %q", ct))
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		return nil, errf(http.StatusBadRequest, "", "could not read body: %v", err)
	}
	if len(body) > 1<<20 {
		return nil, &httpError{status: http.StatusRequestEntityTooLarge, detail: "request body too large"}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, invalid("/data", "Missing field: data")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil || dec.More() {
		return nil, &httpError{status: http.StatusBadRequest, title: "Bad Request", detail: "Malformed JSON body"}
	}
	obj, ok := top.(map[string]any)
	if !ok {
		return nil, invalid("", "Invalid object. Got: "+jsonType(top))
	}
	for _, k := range sortedKeys(obj) {
		if k != "data" {
			return nil, invalid("/"+k, "Unexpected field: "+k)
		}
	}
	raw, ok := obj["data"]
	if !ok {
		return nil, invalid("/data", "Missing field: data")
	}
	data, ok := raw.(map[string]any)
	if !ok {
		return nil, invalid("/data", "Invalid object. Got: "+jsonType(raw))
	}
	known := map[string]fieldSpec{}
	for _, s := range specs {
		known[s.name] = s
	}
	for _, k := range sortedKeys(data) {
		if _, ok := known[k]; !ok {
			return nil, invalid("/data/"+k, "Unexpected field: "+k)
		}
	}
	out := map[string]any{}
	for _, s := range specs {
		v, ok := data[s.name]
		ptr := "/data/" + s.name
		if !ok {
			if s.required {
				return nil, invalid(ptr, "Missing field: "+s.name)
			}
			continue
		}
		switch s.kind {
		case kString:
			str, ok := v.(string)
			if !ok {
				return nil, invalid(ptr, "Invalid string. Got: "+jsonType(v))
			}
			out[s.name] = str
		case kInt:
			n, ok := v.(json.Number)
			var i int64
			if ok {
				i, err = n.Int64()
				ok = err == nil
			}
			if !ok {
				return nil, invalid(ptr, "Invalid integer. Got: "+jsonType(v))
			}
			out[s.name] = i
		case kArray:
			arr, ok := v.([]any)
			if !ok {
				return nil, invalid(ptr, "Invalid array. Got: "+jsonType(v))
			}
			out[s.name] = arr
		case kBool:
			b, ok := v.(bool)
			if !ok {
				return nil, invalid(ptr, "Invalid boolean. Got: "+jsonType(v))
			}
			out[s.name] = b
		case kNullString:
			if v == nil {
				out[s.name] = nil
				continue
			}
			str, ok := v.(string)
			if !ok {
				return nil, invalid(ptr, "Invalid string. Got: "+jsonType(v))
			}
			out[s.name] = str
		case kObject:
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, invalid(ptr, "Invalid object. Got: "+jsonType(v))
			}
			out[s.name] = obj
		}
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// checkName enforces the 1..255 character limit of names.
func checkName(name string) *httpError {
	n := utf8.RuneCountInString(name)
	if n < 1 {
		return invalid("/data/name", "String length is smaller than the minimum of 1")
	}
	if n > 255 {
		return invalid("/data/name", "String length is larger than the maximum of 255")
	}
	return nil
}

// ts formats a time as RFC 3339 with microseconds, UTC.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
