package emulator

import (
	"testing"
	"time"
)

// Only media that Frame.io transcodes goes on from "uploaded" to "transcoded"; the rest stays
// "uploaded" however long one waits, since the document promises no transcode for it.
func TestStatusByMediaType(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clk := clockOf(t, e)
	cases := []struct {
		name, mediaType, final string
	}{
		{"cut.mov", "video/quicktime", "transcoded"},
		{"mix.wav", "audio/wav", "transcoded"},
		{"still.png", "image/png", "transcoded"},
		{"notes.pdf", "application/pdf", "uploaded"},
		{"stems.zip", "application/zip", "uploaded"},
		{"readme.txt", "text/plain", "uploaded"},
		{"subs.srt", "application/x-subrip", "uploaded"},
		{"data.bin", "application/octet-stream", "uploaded"},
	}
	ids := make([]string, len(cases))
	for i, c := range cases {
		clk.Advance(time.Second / 5) // within local_upload's 5/s; far below the processing delay
		u := createUpload(t, e, root(e), c.name, 3)
		// .srt is not pinned in knownTypes: its type comes from the host's tables, or the default.
		if u.mediaType != c.mediaType && !(c.name == "subs.srt" && u.mediaType == "application/octet-stream") {
			t.Fatalf("%s: media type %q, want %q", c.name, u.mediaType, c.mediaType)
		}
		uploadAll(t, u, []byte("abc"))
		waitLanded(t, e, u.id)
		ids[i] = u.id
	}
	status := func(id string) string {
		r := call(t, e, "GET", acct(e)+"/files/"+id, nil)
		wantStatus(t, r, 200)
		return r.data()["status"].(string)
	}
	clk.Advance(e.Options().ProcessingDelay)
	for i, c := range cases {
		if s := status(ids[i]); s != "uploaded" {
			t.Errorf("%s: status %q once processed, want uploaded", c.name, s)
		}
	}
	clk.Advance(e.Options().TranscodeDelay + 24*time.Hour)
	for i, c := range cases {
		if s := status(ids[i]); s != c.final {
			t.Errorf("%s (%s): status %q long after the transcode delay, want %q", c.name, c.mediaType, s, c.final)
		}
		if f, _ := e.File(ids[i]); f.Status != c.final || !f.UploadComplete {
			t.Errorf("%s: snapshot %+v", c.name, f)
		}
	}
}

func TestTranscodes(t *testing.T) {
	t.Parallel()
	for mt, want := range map[string]bool{
		"video/mp4": true, "audio/mpeg": true, "image/svg+xml": true, "application/pdf": false,
		"application/mxf": false, "text/vtt": false, "": false, "videos/mp4": false,
	} {
		if got := transcodes(mt); got != want {
			t.Errorf("transcodes(%q) = %v, want %v", mt, got, want)
		}
	}
}
