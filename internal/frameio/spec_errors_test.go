package frameio

// The documented error replies and byte-count edge cases, through the same fake server as
// spec_examples_test.go.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// specReply is one reply of the fake server.
type specReply struct {
	status int
	body   string
}

// exchange is one request as the server saw it.
type exchange struct {
	method, path, query, body string
}

// replay serves replies in order (a request beyond them fails the test) and records the requests.
func replay(t *testing.T, replies ...specReply) (*Client, func() []exchange) {
	t.Helper()
	var mu sync.Mutex
	var got []exchange
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		n := len(got)
		got = append(got, exchange{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(b)})
		mu.Unlock()
		if n >= len(replies) {
			t.Errorf("unexpected request %d: %s %s?%s", n+1, r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
			w.WriteHeader(http.StatusTeapot)
			return
		}
		if replies[n].body != "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(replies[n].status)
		_, _ = io.WriteString(w, replies[n].body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(fastConfig(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []exchange {
		mu.Lock()
		defer mu.Unlock()
		return append([]exchange(nil), got...)
	}
}

// Byte counts must be integers: fractions and other JSON types are rejected, not rounded.
func TestWireIntRejects(t *testing.T) {
	for _, v := range []string{`1.5`, `"12"`, `true`, `1e300`, `[1]`, `{}`, `9.1e15`} {
		t.Run(v, func(t *testing.T) {
			c, _ := replay(t, specReply{200, `{"data":{"id":"f","file_size":` + v + `}}`})
			_, err := c.ForAccount("a").GetFile(ctxT(t), "f")
			if err == nil || !strings.Contains(err.Error(), "decoding reply data") {
				t.Fatalf("err = %v", err)
			}
		})
	}
	for in, want := range map[string]int64{`0`: 0, `-0.0`: 0, `null`: 0, `2e3`: 2000, `5000000000000.000`: 5_000_000_000_000,
		`9007199254740993`: 9007199254740993} {
		var f File
		if err := jsonDecode(`{"file_size":`+in+`,"upload_urls":[{"size":`+in+`}]}`, &f); err != nil ||
			f.FileSize != want || len(f.UploadURLs) != 1 || f.UploadURLs[0].Size != want {
			t.Errorf("%s: %+v, %v", in, f, err)
		}
	}
}

func jsonDecode(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// The documented error replies (components/schemas/<name>/example; every operation lists 400, 401,
// 403, 404, 409, 422 and 429 with them), plus one built from the schema with title and
// source.pointer, and the older 401 shape the contract mentions.
func TestSpecErrorReplies(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   ErrorDetail
	}{
		{400, `{"errors":[{"detail":"Bad request"}]}`, ErrorDetail{Detail: "Bad request"}},
		{401, `{"errors":[{"detail":"Unauthorized"}]}`, ErrorDetail{Detail: "Unauthorized"}},
		{401, `{"error":{"detail":"Malformed token."}}`, ErrorDetail{Detail: "Malformed token."}},
		{403, `{"errors":[{"detail":"Forbidden"}]}`, ErrorDetail{Detail: "Forbidden"}},
		{404, `{"errors":[{"detail":"Not found"}]}`, ErrorDetail{Detail: "Not found"}},
		{409, `{"errors":[{"detail":"Conflict"}]}`, ErrorDetail{Detail: "Conflict"}},
		{422, `{"errors":[{"detail":"Unprocessable content"}]}`, ErrorDetail{Detail: "Unprocessable content"}},
		{422, `{"errors":[{"detail":"String length is larger than the maximum of 255","title":"Invalid value","source":{"pointer":"/data/name"}}]}`,
			ErrorDetail{Title: "Invalid value", Detail: "String length is larger than the maximum of 255", Pointer: "/data/name"}},
		{429, `{"errors":[{"detail":"Too many requests"}]}`, ErrorDetail{Detail: "Too many requests"}},
	} {
		t.Run(fmt.Sprint(tc.status, " ", tc.body), func(t *testing.T) {
			attempts := 1
			if tc.status == http.StatusTooManyRequests {
				attempts += 5 // retried max_retries times (documented default 5), then reported
			}
			replies := make([]specReply, attempts)
			for i := range replies {
				replies[i] = specReply{tc.status, tc.body}
			}
			c, sent := replay(t, replies...)
			_, err := c.ForAccount("a").RenameFile(ctxT(t), "f", "n")
			ae := mustAPIError(t, err, tc.status)
			if len(ae.Errors) != 1 || ae.Errors[0] != tc.want {
				t.Fatalf("details = %+v, want %+v", ae.Errors, tc.want)
			}
			if n := len(sent()); n != attempts {
				t.Fatalf("%d requests, want %d", n, attempts)
			}
		})
	}
}
