package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestDelayedCompletionAndStatusTransitions(t *testing.T) {
	t.Parallel()
	// The TestClock is real time plus what the test adds: delays far longer than the test can take on a
	// loaded machine keep real time out of the "not yet" checks.
	e := NewTest(t, fast(Options{ProcessingDelay: time.Minute, TranscodeDelay: 2 * time.Minute}))
	clk := clockOf(t, e)
	content := []byte("hello, world")
	u := createUpload(t, e, root(e), "hello.mp4", int64(len(content))) // video: it transcodes
	if u.mediaType != "video/mp4" {
		t.Fatalf("media type %q", u.mediaType)
	}
	fileStatus := func() string {
		r := call(t, e, "GET", acct(e)+"/files/"+u.id, nil)
		wantStatus(t, r, 200)
		return r.data()["status"].(string)
	}
	st := call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data()
	if st["upload_complete"] != false || st["uploaded_at"] != nil || st["upload_completed_at"] != nil || st["filetype"] != "video/mp4" {
		t.Fatalf("before upload: %v", st)
	}
	uploadAll(t, u, content)
	st = waitLanded(t, e, u.id)
	if st["upload_complete"] != false || st["upload_completed_at"] != nil || fileStatus() != "created" {
		t.Fatalf("complete too early: %v", st)
	}
	landed, err := time.Parse(time.RFC3339Nano, st["uploaded_at"].(string))
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second) // not yet: the delay is a minute
	if st := call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data(); st["upload_complete"] != false {
		t.Fatalf("complete before the processing delay: %v", st)
	}
	clk.Advance(30 * time.Second)
	st = call(t, e, "GET", acct(e)+"/files/"+u.id+"/status", nil).data()
	if st["upload_complete"] != true || st["upload_failed"] != false || st["upload_completed_at"] != ts(landed.Add(time.Minute)) {
		t.Fatalf("complete status %v", st)
	}
	if s := fileStatus(); s != "uploaded" {
		t.Fatalf("status %q, want uploaded", s)
	}
	clk.Advance(2 * time.Minute)
	if s := fileStatus(); s != "transcoded" {
		t.Fatalf("status %q, want transcoded", s)
	}
	f, _ := e.File(u.id)
	sum := sha256.Sum256(content)
	if !f.UploadComplete || f.Status != "transcoded" || f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("snapshot %+v", f)
	}
}

func TestNeverCompleteAndUploadFails(t *testing.T) {
	t.Parallel()
	e := NewTest(t, fast(Options{}))
	clk, delay := clockOf(t, e), e.Options().ProcessingDelay
	e.SetNeverComplete(true)
	u := createUpload(t, e, root(e), "a.txt", 3)
	uploadAll(t, u, []byte("abc"))
	waitLanded(t, e, u.id)
	clk.Advance(3 * delay) // well past both delays
	if st := fileStatus(t, e, u.id); st["upload_complete"] != false || st["upload_failed"] != false {
		t.Fatalf("never complete: %v", st)
	}
	e.SetNeverComplete(false) // completes one processing delay from now
	if st := fileStatus(t, e, u.id); st["upload_complete"] != false {
		t.Fatalf("complete at once after SetNeverComplete(false): %v", st)
	}
	clk.Advance(delay)
	if st := fileStatus(t, e, u.id); st["upload_complete"] != true {
		t.Fatalf("not complete a processing delay after SetNeverComplete(false): %v", st)
	}

	e.SetUploadFails(true)
	u2 := createUpload(t, e, root(e), "b.txt", 3)
	uploadAll(t, u2, []byte("abc"))
	if st := waitLanded(t, e, u2.id); st["upload_failed"] != false {
		t.Fatalf("failed before the processing delay: %v", st)
	}
	clk.Advance(delay)
	if st := fileStatus(t, e, u2.id); st["upload_failed"] != true || st["upload_complete"] != false {
		t.Fatalf("want failed, not complete: %v", st)
	}
	if f, _ := e.File(u2.id); !f.UploadFailed || f.Status != "created" {
		t.Fatalf("snapshot %+v", f)
	}
}

func TestRemoteUpload(t *testing.T) {
	t.Parallel()
	content := randBytes(50_000)
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.mp4":
			_, _ = w.Write(content)
		case "/huge.mp4":
			w.Header().Set("Content-Length", "60000000000")
			w.WriteHeader(200)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(src.Close)
	e := NewTest(t, fast(Options{AllowPrivateRemoteURLs: true})) // src is on 127.0.0.1
	ru := acct(e) + "/folders/" + root(e) + "/files/remote_upload"

	r := call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "ok.mp4", "source_url": src.URL + "/ok.mp4"}})
	wantStatus(t, r, http.StatusAccepted)
	id := r.data()["id"].(string)
	links := r.body["links"].(map[string]any)
	if links["status"] != acct(e)+"/files/"+id+"/status" || r.data()["media_type"] != "video/mp4" {
		t.Fatalf("reply %s", r.raw)
	}
	waitComplete(t, e, id)
	f, _ := e.File(id)
	sum := sha256.Sum256(content)
	if !f.Remote || f.Size != int64(len(content)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.SourceURL != src.URL+"/ok.mp4" {
		t.Fatalf("snapshot %+v", f)
	}
	if d := call(t, e, "GET", acct(e)+"/files/"+id, nil).data(); d["file_size"] != float64(len(content)) {
		t.Fatalf("file_size %v", d["file_size"])
	}

	for _, p := range []string{"/missing.mp4", "/huge.mp4"} {
		r = call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "x.mp4", "source_url": src.URL + p}})
		wantStatus(t, r, http.StatusAccepted)
		id = r.data()["id"].(string)
		// A failed fetch shows at once, without the processing delay.
		if st := waitLanded(t, e, id); st["upload_failed"] != true || st["upload_complete"] != false {
			t.Fatalf("%s: %v", p, st)
		}
	}
}

func TestRemoteUploadFromServeDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := writeFile(dir+"/clip.mov", []byte("movie")); err != nil {
		t.Fatal(err)
	}
	e := NewTest(t, fast(Options{ServeDir: dir, AllowPrivateRemoteURLs: true})) // served on 127.0.0.1
	resp, err := httpc.Head(e.URL() + "/files/clip.mov")
	if err != nil || resp.StatusCode != 200 || resp.ContentLength != 5 {
		t.Fatalf("HEAD: %v %v", err, resp)
	}
	r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/files/remote_upload",
		map[string]any{"data": map[string]any{"name": "clip.mov", "source_url": e.URL() + "/files/clip.mov"}})
	wantStatus(t, r, 202)
	waitComplete(t, e, r.data()["id"].(string))
}
