package frameio

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCountArrayItems(t *testing.T) {
	for in, want := range map[string]int{
		`{}`: 0, `[]`: 0, `[ ]`: 0, `[1]`: 1, `[1,2,3]`: 3, `{"data":[{},{}]}`: 2, `[[],[1,2],[[3]]]`: 7,
		`{"a":"[1,2,3]","b":["x,y","]"]}`: 2, `["\"],["]`: 1, `{"a":1,"b":2}`: 0, `[{"a":1,"b":[]}]`: 1,
		`not json [,,`: 3, ``: 0, `]]]]`: 0,
	} {
		if got := countArrayItems([]byte(in), 100); got != want {
			t.Errorf("countArrayItems(%s) = %d, want %d", in, got, want)
		}
	}
	// It stops once past the limit.
	if got := countArrayItems([]byte("["+strings.Repeat("0,", 1000)+"0]"), 10); got != 11 {
		t.Errorf("past the limit: %d", got)
	}
}

func TestRepliesWithTooManyElementsAreRefused(t *testing.T) {
	// Three bytes a File on the wire would be hundreds decoded: a reply past maxReplyItems is refused
	// before it is decoded, a page and a single object alike.
	many := strings.Repeat(`{},`, maxReplyItems) + `{}`
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/files") {
			_, _ = io.WriteString(w, `{"data":[`+many+`],"links":{"next":null}}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"f","upload_urls":[`+many+`]}}`)
	})
	a := c.ForAccount("a")
	want := fmt.Sprintf("reply holds more than %d array elements", maxReplyItems)
	if _, err := a.ListFolderFiles(ctxT(t), "d"); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("page: err = %v", err)
	}
	if _, err := a.GetFile(ctxT(t), "f"); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("object: err = %v", err)
	}
	// At the bound, it is decoded (object storage allows 10,000 parts: their URLs fit).
	_, c = fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":{"id":"f","upload_urls":[`+strings.Repeat(`{"size":1,"url":"u"},`, 9_999)+`{"size":1,"url":"u"}]}}`)
	})
	if f, err := c.ForAccount("a").GetFile(ctxT(t), "f"); err != nil || len(f.UploadURLs) != 10_000 {
		t.Fatalf("10,000 part URLs: err = %v", err)
	}
}

// TestShowOfAnotherKindOfAsset: files, folders and version stacks share one id space; a service that
// answers a show of one kind with an asset of another (its type says which) is, for the caller, a 404:
// no asset of that kind has the id. A reply of the right type, or of none, is the asset.
func TestShowOfAnotherKindOfAsset(t *testing.T) {
	replyType := "folder"
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, `{"data":{"id":"x","name":"n","type":%q}}`, replyType)
	})
	a := c.ForAccount("a")
	ctx := ctxT(t)
	if _, err := a.GetFile(ctx, "x"); !IsNotFound(err) || !strings.Contains(err.Error(), "x is a folder, not a file") {
		t.Errorf("files.show answered with a folder: %v, want a 404", err)
	}
	if _, err := a.GetFolder(ctx, "x"); err != nil {
		t.Errorf("folders.show answered with a folder: %v", err)
	}
	replyType = "file"
	if _, err := a.GetFolder(ctx, "x"); !IsNotFound(err) || !strings.Contains(err.Error(), "x is a file, not a folder") {
		t.Errorf("folders.show answered with a file: %v, want a 404", err)
	}
	if _, err := a.GetVersionStack(ctx, "x"); !IsNotFound(err) || !strings.Contains(err.Error(), "not a version stack") {
		t.Errorf("version_stacks.show answered with a file: %v, want a 404", err)
	}
	replyType = ""
	for name, get := range map[string]func() error{
		"file":   func() error { _, err := a.GetFile(ctx, "x"); return err },
		"folder": func() error { _, err := a.GetFolder(ctx, "x"); return err },
		"stack":  func() error { _, err := a.GetVersionStack(ctx, "x"); return err },
	} {
		if err := get(); err != nil {
			t.Errorf("%s: a reply without a type: %v", name, err)
		}
	}
}
