package frameio

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

func TestFolderFilesListedInPagesOf500(t *testing.T) {
	var mu sync.Mutex
	var queries []string
	_, c := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		if r.URL.Query().Get("after") == "" {
			_, _ = io.WriteString(w, `{"data":[{"id":"f1","type":"file"}],"links":{"next":"/v4/accounts/a/folders/d/files?after=c1"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"f2","type":"file"}],"links":{"next":null}}`)
	})
	files, err := c.ListFolderFiles(ctxT(t), "a", "d")
	if err != nil || len(files) != 2 {
		t.Fatalf("files = %+v, %v", files, err)
	}
	if want := []string{"page_size=500", "after=c1&page_size=500"}; !reflect.DeepEqual(queries, want) {
		t.Fatalf("queries %q, want %q", queries, want)
	}
	// Other lists keep the general size.
	queries = nil
	if _, err := c.ListVersionStackChildren(ctxT(t), "a", "s"); err != nil {
		t.Fatal(err)
	}
	if len(queries) == 0 || queries[0] != "page_size=100" {
		t.Fatalf("stack children queried with %q", queries)
	}
}

func TestChangedNamesWhatAWriteTouched(t *testing.T) {
	var fail atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"id":"x"}}`)
	}))
	t.Cleanup(srv.Close)
	var got []Change
	cfg := fastConfig(srv.URL)
	cfg.MaxRetries = -1
	cfg.Changed = func(ch Change) { got = append(got, ch) }
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	if _, err := c.GetFile(ctx, "acc", "f1"); err != nil { // a read: not a change
		t.Fatal(err)
	}
	if _, err := c.MoveFile(ctx, "acc", "f1", "stack1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RenameFile(ctx, "acc", "f2", "new.mov"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateVersionStack(ctx, "acc", "folder1", []string{"f3", "f4"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateLocalUpload(ctx, "acc", "folder2", "a.mov", 5); err != nil {
		t.Fatal(err)
	}
	fail.Store(true) // a write that failed may still have happened: it is reported too
	if err := c.DeleteFile(ctx, "acc", "f5"); err == nil {
		t.Fatal("want the 500")
	}
	want := []Change{
		{"files.move", []string{"f1", "stack1"}},
		{"files.update", []string{"f2"}},
		{"version_stacks.create", []string{"folder1", "f3", "f4"}},
		{"files.create_local_upload", []string{"folder2"}},
		{"files.delete", []string{"f5"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("changes\n got %+v\nwant %+v", got, want)
	}
}
