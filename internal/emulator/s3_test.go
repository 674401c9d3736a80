package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPartSizesRemainderGoesToFirstParts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		size, part int64
		want       []int64
	}{
		{50_645_990, 20_000_000, []int64{16_881_997, 16_881_997, 16_881_996}},
		{20_000_000, 20_000_000, []int64{20_000_000}},
		{1, 20_000_000, []int64{1}},
		{10, 3, []int64{3, 3, 2, 2}},
	}
	for _, c := range cases {
		got := partSizes(c.size, c.part)
		if !equalInt64s(got, c.want) {
			t.Errorf("partSizes(%d, %d) = %v, want %v", c.size, c.part, got, c.want)
		}
	}
	if n := len(partSizes(5_000_000_000_000, 20_000_000)); n != maxParts {
		t.Errorf("5 TB gives %d parts, want %d", n, maxParts)
	}

	// The same through the API, with the documented example.
	e := newTest(t, fast(Options{PartSize: 20_000_000}))
	u := createUpload(t, e, root(e), "clip.mov", 50_645_990)
	var got []int64
	for _, p := range u.parts {
		got = append(got, p.size)
		if !strings.HasPrefix(p.url, e.URL()+"/s3/") || !strings.Contains(p.url, "X-Amz-Signature=") {
			t.Errorf("unexpected part URL %q", p.url)
		}
	}
	if !equalInt64s(got, []int64{16_881_997, 16_881_997, 16_881_996}) {
		t.Fatalf("part sizes %v", got)
	}
	if u.mediaType != "video/quicktime" {
		t.Errorf("media_type %q", u.mediaType)
	}
	f, _ := e.File(u.id)
	if f.Size != 50_645_990 || len(f.PartSizes) != 3 || f.Status != "created" {
		t.Errorf("snapshot %+v", f)
	}
}

func equalInt64s(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMultipartUploadConcurrentOutOfOrder(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{PartSize: 1000}))
	content := randBytes(4321)
	u := createUpload(t, e, root(e), "data.bin", int64(len(content)))
	if len(u.parts) != 5 {
		t.Fatalf("%d parts", len(u.parts))
	}
	offs := []int64{0}
	for _, p := range u.parts {
		offs = append(offs, offs[len(offs)-1]+p.size)
	}
	var wg sync.WaitGroup
	for i := len(u.parts) - 1; i >= 0; i-- {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := tryPutPart(u.parts[i].url, u.mediaType, content[offs[i]:offs[i+1]], nil)
			if err != nil || r.status != 200 || r.header.Get("ETag") == "" {
				t.Errorf("part %d: %v %d %s", i, err, r.status, r.body)
			}
		}(i)
	}
	wg.Wait()
	waitComplete(t, e, u.id)
	sum := sha256.Sum256(content)
	f, _ := e.File(u.id)
	if f.SHA256 != hex.EncodeToString(sum[:]) || f.BytesReceived != int64(len(content)) {
		t.Fatalf("snapshot %+v", f)
	}
	rc, err := e.Content(u.id)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("content differs")
	}
	// After completion the upload is gone, as on S3.
	r := putPart(t, u.parts[0].url, u.mediaType, content[:u.parts[0].size], nil)
	if r.status != 404 || r.code != "NoSuchUpload" {
		t.Fatalf("PUT after completion: %d %s", r.status, r.body)
	}
}

func TestPartCanBeOverwritten(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{PartSize: 10, ProcessingDelay: time.Hour}))
	u := createUpload(t, e, root(e), "a.bin", 20)
	good := randBytes(20)
	putPart(t, u.parts[0].url, u.mediaType, bytes.Repeat([]byte("x"), 10), nil)
	uploadAll(t, u, good) // part 1 again, then part 2
	waitLanded(t, e, u.id)
	sum := sha256.Sum256(good)
	if f, _ := e.File(u.id); f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("hash %q does not reflect the overwritten part", f.SHA256)
	}
}

// TestS3Rejections: one subtest per rule S3 enforces on a pre-signed part PUT.
func TestS3Rejections(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "clip.mp4", 100)
	p := u.parts[0]
	body := randBytes(100)
	pu, _ := url.Parse(p.url)

	withQuery := func(f func(q url.Values)) string {
		c := *pu
		q := c.Query()
		f(q)
		c.RawQuery = q.Encode()
		return c.String()
	}
	head := func(extra ...string) []string {
		return append([]string{"x-amz-acl: private", "Content-Type: video/mp4"}, extra...)
	}
	cases := []struct {
		name   string
		do     func() s3Reply
		status int
		code   string
	}{
		{"bad signature", func() s3Reply {
			return putPart(t, withQuery(func(q url.Values) { q.Set("X-Amz-Signature", strings.Repeat("0", 64)) }), u.mediaType, body, nil)
		}, 403, "SignatureDoesNotMatch"},
		{"missing signature", func() s3Reply {
			return putPart(t, withQuery(func(q url.Values) { q.Del("X-Amz-Signature") }), u.mediaType, body, nil)
		}, 403, "SignatureDoesNotMatch"},
		{"tampered expiry", func() s3Reply {
			return putPart(t, withQuery(func(q url.Values) { q.Set("X-Amz-Expires", "999999") }), u.mediaType, body, nil)
		}, 403, "SignatureDoesNotMatch"},
		{"other part's signature", func() s3Reply {
			c := *pu
			c.Path = strings.TrimSuffix(c.Path, "/1") + "/2"
			return putPart(t, c.String(), u.mediaType, body, nil)
		}, 403, "SignatureDoesNotMatch"},
		{"expired", func() s3Reply {
			e.mu.Lock()
			uploadID := e.files[u.id].uploadID
			e.mu.Unlock()
			expired := e.URL() + e.presign(uploadID, 1, e.now().Add(-2*time.Hour))
			return putPart(t, expired, u.mediaType, body, nil)
		}, 403, "AccessDenied"},
		{"missing x-amz-acl", func() s3Reply {
			return putPart(t, p.url, u.mediaType, body, func(r *http.Request) { r.Header.Del("x-amz-acl") })
		}, 403, "SignatureDoesNotMatch"},
		{"wrong x-amz-acl", func() s3Reply {
			return putPart(t, p.url, u.mediaType, body, func(r *http.Request) { r.Header.Set("x-amz-acl", "public-read") })
		}, 403, "SignatureDoesNotMatch"},
		{"wrong content type", func() s3Reply {
			return putPart(t, p.url, "application/octet-stream", body, nil)
		}, 403, "SignatureDoesNotMatch"},
		{"missing content type", func() s3Reply {
			return rawPut(t, e, p.url, []string{"x-amz-acl: private", "Content-Length: 100"}, body, false)
		}, 403, "SignatureDoesNotMatch"},
		{"authorization header present", func() s3Reply {
			return putPart(t, p.url, u.mediaType, body, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+DefaultToken) })
		}, 400, "InvalidArgument"},
		{"chunked transfer encoding", func() s3Reply {
			return putPart(t, p.url, u.mediaType, nil, func(r *http.Request) {
				r.Body = io.NopCloser(bytes.NewReader(body)) // unknown length: Go sends it chunked
				r.ContentLength = -1
			})
		}, 501, "NotImplemented"},
		{"missing content length", func() s3Reply {
			return rawPut(t, e, p.url, head(), nil, false)
		}, 411, "MissingContentLength"},
		{"content length too small", func() s3Reply {
			return putPart(t, p.url, u.mediaType, body[:99], nil)
		}, 400, "EntityTooSmall"},
		{"content length too large", func() s3Reply {
			return putPart(t, p.url, u.mediaType, append(body, 0), nil)
		}, 400, "EntityTooLarge"},
		{"short body", func() s3Reply {
			return rawPut(t, e, p.url, head("Content-Length: 100"), body[:60], true)
		}, 400, "IncompleteBody"},
		{"wrong method", func() s3Reply {
			return putPart(t, p.url, u.mediaType, body, func(r *http.Request) { r.Method = "POST" })
		}, 405, "MethodNotAllowed"},
	}
	for _, c := range cases {
		r := c.do()
		if r.status != c.status || r.code != c.code {
			t.Errorf("%s: got %d %q, want %d %q (%s)", c.name, r.status, r.code, c.status, c.code, r.body)
		}
		if !strings.Contains(r.body, "<Error>") || !strings.Contains(r.body, "<Message>") {
			t.Errorf("%s: not an S3 XML error: %s", c.name, r.body)
		}
	}
	if f, _ := e.File(u.id); f.BytesReceived != 0 {
		t.Fatalf("a rejected PUT was stored: %+v", f)
	}
	// The URL still works after all those failures.
	if r := putPart(t, p.url, u.mediaType, body, nil); r.status != 200 {
		t.Fatalf("good PUT: %d %s", r.status, r.body)
	}
	if r := putPart(t, pu.String(), u.mediaType, body, nil); r.status != 200 {
		t.Fatalf("second PUT (overwrite) before completion: %d %s", r.status, r.body)
	}
	// Requests log paths carry no query (no signatures).
	for _, rq := range e.Requests() {
		if strings.Contains(rq.Path, "?") || strings.Contains(rq.RawPath, "Signature") {
			t.Fatalf("query leaked into the log: %+v", rq)
		}
	}
}

func TestExpiredURLByOption(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{URLExpiry: time.Second}))
	u := createUpload(t, e, root(e), "a.txt", 3)
	if !strings.Contains(u.parts[0].url, "X-Amz-Expires=1&") {
		t.Fatalf("expiry not in URL: %s", u.parts[0].url)
	}
	clockOf(t, e).Advance(2 * time.Second) // X-Amz-Date has second granularity
	r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil)
	if r.status != 403 || r.code != "AccessDenied" || !strings.Contains(r.body, "Request has expired") {
		t.Fatalf("got %d %s", r.status, r.body)
	}
}

func TestFailPartsWithRetryAfter(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.txt", 3)
	e.FailOperation(OpPutPart, 2, 503, WithRetryAfter(1500*time.Millisecond))
	for i := 0; i < 2; i++ {
		r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil)
		if r.status != 503 || r.code != "SlowDown" || r.header.Get("Retry-After") != "2" {
			t.Fatalf("attempt %d: %d %q Retry-After=%q", i, r.status, r.code, r.header.Get("Retry-After"))
		}
	}
	e.FailOperation(OpPutPart, 1, 500)
	r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil)
	if r.status != 500 || r.code != "InternalError" || r.header.Get("Retry-After") != "" {
		t.Fatalf("got %d %q %v", r.status, r.code, r.header)
	}
	if r := putPart(t, u.parts[0].url, u.mediaType, []byte("abc"), nil); r.status != 200 {
		t.Fatalf("after faults: %d", r.status)
	}
	waitComplete(t, e, u.id)
}

func TestLoseReplyCutPart(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	u := createUpload(t, e, root(e), "a.bin", 200_000)
	content := randBytes(200_000)
	e.LoseReply(OpPutPart, 1, LostReplyCut)
	if _, err := tryPutPart(u.parts[0].url, u.mediaType, content, nil); err == nil {
		t.Fatal("expected a connection error")
	}
	if r := putPart(t, u.parts[0].url, u.mediaType, content, nil); r.status != 200 {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	// The reset request is logged when its handler returns, which may be just after the client saw the
	// connection drop and sent the retry: wait for the entry rather than race it.
	deadline := time.Now().Add(5 * time.Second)
	for !sawResetPart(e.Requests()) {
		if time.Now().After(deadline) {
			t.Fatal("reset request not logged with status 0")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func sawResetPart(reqs []Request) bool {
	for _, rq := range reqs {
		if rq.S3 && rq.Status == 0 {
			return true
		}
	}
	return false
}

func TestBandwidthCapSlowsParts(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	const n = 100_000
	content := randBytes(n)
	u := createUpload(t, e, root(e), "b.bin", n)
	e.SetBandwidth(250_000) // 100 kB at 250 kB/s: >= 400 ms
	start := time.Now()
	if r := putPart(t, u.parts[0].url, u.mediaType, content, nil); r.status != 200 {
		t.Fatalf("%d", r.status)
	}
	// Only a lower bound: how fast an uncapped PUT is depends on the machine's load, not on the emulator.
	if took := time.Since(start); took < 350*time.Millisecond {
		t.Fatalf("capped upload took %s, want at least 350ms", took)
	}
}

func TestStorageDirMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newTest(t, fast(Options{PartSize: 1000, StorageDir: dir}))
	content := randBytes(2500)
	u := createUpload(t, e, root(e), "a.bin", 2500)
	uploadAll(t, u, content)
	waitComplete(t, e, u.id)
	entries, _ := os.ReadDir(dir)
	var parts int
	for _, de := range entries {
		if strings.Contains(de.Name(), ".part") {
			parts++
		}
		if strings.HasSuffix(de.Name(), ".tmp") {
			t.Errorf("temp file left: %s", de.Name())
		}
	}
	if parts != 3 {
		t.Fatalf("%d part files in %s", parts, dir)
	}
	rc, err := e.Content(u.id)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("content differs")
	}
	sum := sha256.Sum256(content)
	if f, _ := e.File(u.id); f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatal("hash")
	}
	if err := e.DeleteFile(u.id); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.part*")); len(m) != 0 {
		t.Fatalf("storage not removed on delete: %v", m)
	}
}

func TestDiscardMode(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{PartSize: 1000, Discard: true}))
	content := randBytes(2500)
	u := createUpload(t, e, root(e), "a.bin", 2500)
	uploadAll(t, u, content)
	waitComplete(t, e, u.id)
	f, _ := e.File(u.id)
	if f.BytesReceived != 2500 || f.SHA256 != "" {
		t.Fatalf("multi-part discard snapshot %+v", f)
	}
	if _, err := e.Content(u.id); err == nil {
		t.Fatal("content kept in discard mode")
	}
	one := createUpload(t, e, root(e), "b.bin", 500)
	uploadAll(t, one, content[:500])
	waitComplete(t, e, one.id)
	sum := sha256.Sum256(content[:500])
	if f, _ := e.File(one.id); f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("single-part discard hash %q", f.SHA256)
	}
}

func TestLargePartStreamsInStorageDir(t *testing.T) {
	t.Parallel()
	// 3 parts of ~8 MB streamed from a generator, never held by the test either.
	const size = 24_000_001
	e := newTest(t, fast(Options{PartSize: 8_000_000, StorageDir: t.TempDir()}))
	u := createUpload(t, e, root(e), "big.mxf", size)
	h := sha256.New()
	var off int64
	for i, p := range u.parts {
		chunk := bytes.Repeat([]byte{byte('a' + i)}, int(p.size))
		h.Write(chunk)
		if r := putPart(t, p.url, u.mediaType, chunk, func(r *http.Request) {
			if r.ContentLength != p.size {
				t.Errorf("len %d", r.ContentLength)
			}
		}); r.status != 200 {
			t.Fatalf("part %d: %d %s", i, r.status, r.body)
		}
		off += p.size
	}
	waitComplete(t, e, u.id)
	if f, _ := e.File(u.id); f.SHA256 != hex.EncodeToString(h.Sum(nil)) || f.BytesReceived != size {
		t.Fatalf("snapshot %+v", f)
	}
}
