package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
)

// The nominal part size mode answers like the OpenAPI document's example; these tests pin what it
// announces and what it accepts.

func TestNominalPartSizes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		size, part      int64
		extra           int
		parts, announce []int64
	}{
		// The document's example: 1,137,444 bytes, one URL of size 20,000,000.
		{1_137_444, 20_000_000, 0, []int64{1_137_444}, []int64{20_000_000}},
		{20_000_000, 20_000_000, 0, []int64{20_000_000}, []int64{20_000_000}},
		{20_000_001, 20_000_000, 0, []int64{20_000_000, 1}, []int64{20_000_000, 20_000_000}},
		{10, 3, 2, []int64{3, 3, 3, 1}, []int64{3, 3, 3, 3, 3, 3}},
		{10, 3, -1, []int64{3, 3, 3, 1}, []int64{3, 3, 3, 3}},
	} {
		parts, announced := nominalPartSizes(c.size, c.part, c.extra)
		if !equalInt64s(parts, c.parts) || !equalInt64s(announced, c.announce) {
			t.Errorf("nominalPartSizes(%d, %d, %d) = %v, %v; want %v, %v", c.size, c.part, c.extra, parts, announced, c.parts, c.announce)
		}
	}
	// 5 TB in 20 MB parts would need 250,000: the part size grows so that 10,000 cover the file, and
	// extra URLs never go beyond part number 10,000.
	const tb5 = 5_000_000_000_000
	parts, announced := nominalPartSizes(tb5, 20_000_000, 3)
	var sum int64
	for _, p := range parts {
		sum += p
	}
	if len(parts) != maxParts || len(announced) != maxParts || sum != tb5 || announced[0] != tb5/maxParts {
		t.Errorf("5 TB: %d parts adding up to %d, %d URLs of %d", len(parts), sum, len(announced), announced[0])
	}
}

func TestNominalPartSizeAnswerLikeTheDocumentExample(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{NominalPartSize: true}))
	const size = 1_137_444
	u := createUpload(t, e, root(e), "clip.mov", size)
	if len(u.parts) != 1 || u.parts[0].size != DefaultPartSize {
		t.Fatalf("upload_urls %+v, want one of size %d", u.parts, DefaultPartSize)
	}
	content := randBytes(size)
	if r := putPart(t, u.parts[0].url, u.mediaType, content, nil); r.status != 200 {
		t.Fatalf("last part with the remaining bytes: %d %s", r.status, r.body)
	}
	waitComplete(t, e, u.id)
	sum := sha256.Sum256(content)
	if f, _ := e.File(u.id); f.SHA256 != hex.EncodeToString(sum[:]) || f.BytesReceived != size {
		t.Fatalf("snapshot %+v", f)
	}
}

// TestNominalPartSizeRejections: only the last part may be shorter than its announced size, and only by
// exactly what the file does not have; nothing goes past the end of the file.
func TestNominalPartSizeRejections(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{PartSize: 1000, NominalPartSize: true, ExtraPartURLs: 1}))
	content := randBytes(2500)
	u := createUpload(t, e, root(e), "a.bin", 2500)
	if len(u.parts) != 4 {
		t.Fatalf("upload_urls %+v, want 3 covering the file and 1 past its end", u.parts)
	}
	for i, p := range u.parts {
		if p.size != 1000 {
			t.Fatalf("URL %d announces %d bytes, want the nominal 1000", i+1, p.size)
		}
	}
	for _, c := range []struct {
		name   string
		part   int
		body   []byte
		status int
		code   string
	}{
		{"short middle part", 0, content[:999], 400, "EntityTooSmall"},
		{"last part at its nominal size", 2, append(content[2000:], make([]byte, 500)...), 400, "EntityTooLarge"},
		{"last part short of the end", 2, content[2000:2400], 400, "EntityTooSmall"},
		{"URL past the end", 3, content[:1], 400, "InvalidArgument"},
	} {
		r := putPart(t, u.parts[c.part].url, u.mediaType, c.body, nil)
		if r.status != c.status || r.code != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, r.status, r.body, c.status, c.code)
		}
	}
	// The body must still match the Content-Length sent, on the last part too.
	head := []string{"x-amz-acl: private", "Content-Type: " + u.mediaType, "Content-Length: 500"}
	if r := rawPut(t, e, u.parts[2].url, head, content[2000:2400], true); r.status != 400 || r.code != "IncompleteBody" {
		t.Errorf("last part with 400 of the 500 bytes its Content-Length declares: %d %s", r.status, r.body)
	}
	if f, _ := e.File(u.id); f.BytesReceived != 0 {
		t.Fatalf("rejected parts were stored: %+v", f)
	}

	uploadAllCut(t, u, content)
	waitComplete(t, e, u.id)
	rc, err := e.Content(u.id)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, content) {
		t.Fatalf("stored %d bytes, not the content", len(got))
	}
	for _, req := range e.Requests() {
		if req.S3 && strings.HasSuffix(req.Path, "/4") && req.Status == 200 {
			t.Fatal("a PUT past the end of the file was accepted")
		}
	}
}

// uploadAllCut uploads content cut by the announced sizes, the last part with what remains, skipping
// URLs past the end: what a client following the document's rule does.
func uploadAllCut(t testing.TB, u upload, content []byte) {
	t.Helper()
	var off int64
	for _, p := range u.parts {
		if off == int64(len(content)) {
			return
		}
		end := min(off+p.size, int64(len(content)))
		if r := putPart(t, p.url, u.mediaType, content[off:end], nil); r.status != 200 {
			t.Fatalf("part PUT: %d %s", r.status, r.body)
		}
		off = end
	}
}
