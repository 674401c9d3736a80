package emulator

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

var httpc = &http.Client{Timeout: 20 * time.Second}

// newTest starts an Emulator on 127.0.0.1:0 and closes it when the test ends (emulatortest.New for the
// tests of this package, which that package cannot serve: it imports this one).
func newTest(t testing.TB, opts Options) *Emulator {
	t.Helper()
	e, err := Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// fast returns options for tests: a TestClock, and processing and transcode delays (a minute unless set)
// that only TestClock.Advance passes, so a test decides when an upload completes instead of sleeping.
// They stay well below the URL expiry (1h), so stepping over them leaves the part URLs valid.
func fast(o Options) Options {
	if o.Clock == nil {
		o.Clock = NewTestClock()
	}
	if o.ProcessingDelay == 0 {
		o.ProcessingDelay = time.Minute
	}
	if o.TranscodeDelay == 0 {
		o.TranscodeDelay = time.Minute
	}
	return o
}

// clockOf returns the TestClock of an emulator made with fast.
func clockOf(t testing.TB, e *Emulator) *TestClock {
	t.Helper()
	c, ok := e.Options().Clock.(*TestClock)
	if !ok {
		t.Fatalf("emulator clock is %T, not a *TestClock", e.Options().Clock)
	}
	return c
}

type reply struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (r reply) data() map[string]any {
	d, _ := r.body["data"].(map[string]any)
	return d
}

// errPointer returns the first error's source.pointer (or "").
func (r reply) errPointer() string {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	src, _ := errs[0].(map[string]any)["source"].(map[string]any)
	p, _ := src["pointer"].(string)
	return p
}

func (r reply) errDetail() string {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	s, _ := errs[0].(map[string]any)["detail"].(string)
	return s
}

func (r reply) errTitle() string {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	s, _ := errs[0].(map[string]any)["title"].(string)
	return s
}

// call makes an authenticated API call; body (if not nil) is JSON-encoded as is (wrap it yourself).
func call(t testing.TB, e *Emulator, method, path string, body any) reply {
	t.Helper()
	return callWith(t, e, method, path, body, "Bearer "+e.Options().Token)
}

func callWith(t testing.TB, e *Emulator, method, path string, body any, auth string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, e.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := httpc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: reply is not JSON: %v: %s", method, path, err, raw)
		}
	}
	return r
}

func wantStatus(t testing.TB, r reply, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
}

func acct(e *Emulator) string { return "/v4/accounts/" + e.Options().AccountID }

func root(e *Emulator) string { return e.Options().RootFolderID }

type upload struct {
	id        string
	mediaType string
	parts     []partURL
}

type partURL struct {
	size int64
	url  string
}

func createUpload(t testing.TB, e *Emulator, folderID, name string, size int64) upload {
	t.Helper()
	r := call(t, e, "POST", acct(e)+"/folders/"+url.PathEscape(folderID)+"/files/local_upload",
		map[string]any{"data": map[string]any{"name": name, "file_size": size}})
	wantStatus(t, r, http.StatusCreated)
	d := r.data()
	u := upload{id: d["id"].(string), mediaType: d["media_type"].(string)}
	for _, x := range d["upload_urls"].([]any) {
		m := x.(map[string]any)
		u.parts = append(u.parts, partURL{size: int64(m["size"].(float64)), url: m["url"].(string)})
	}
	return u
}

type s3Reply struct {
	status int
	header http.Header
	code   string
	body   string
}

// putPart PUTs body to a part URL with the right headers; mod may change the request.
func putPart(t testing.TB, u, mediaType string, body []byte, mod func(*http.Request)) s3Reply {
	t.Helper()
	r, err := tryPutPart(u, mediaType, body, mod)
	if err != nil {
		t.Fatalf("PUT part: %v", err)
	}
	return r
}

func tryPutPart(u, mediaType string, body []byte, mod func(*http.Request)) (s3Reply, error) {
	req, err := http.NewRequest("PUT", u, bytes.NewReader(body))
	if err != nil {
		return s3Reply{}, err
	}
	req.Header.Set("x-amz-acl", "private")
	req.Header.Set("Content-Type", mediaType)
	if mod != nil {
		mod(req)
	}
	resp, err := httpc.Do(req)
	if err != nil {
		return s3Reply{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return s3Reply{status: resp.StatusCode, header: resp.Header, code: xmlCode(string(b)), body: string(b)}, nil
}

func xmlCode(s string) string {
	i := strings.Index(s, "<Code>")
	j := strings.Index(s, "</Code>")
	if i < 0 || j < i {
		return ""
	}
	return s[i+len("<Code>") : j]
}

// rawPut sends a hand-made PUT over TCP: head is everything before the blank line (no trailing CRLF).
// When closeWrite is set the client half-closes after the body, then reads the reply.
func rawPut(t testing.TB, e *Emulator, rawURL string, head []string, body []byte, closeWrite bool) s3Reply {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	var b bytes.Buffer
	fmt.Fprintf(&b, "PUT %s HTTP/1.1\r\nHost: %s\r\n", u.RequestURI(), u.Host)
	for _, h := range head {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	if _, err := conn.Write(b.Bytes()); err != nil {
		t.Fatal(err)
	}
	if closeWrite {
		_ = conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading reply: %v", err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(resp.Body)
	return s3Reply{status: resp.StatusCode, header: resp.Header, code: xmlCode(string(rb)), body: string(rb)}
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// uploadAll uploads content through the part URLs (in the given order of part indexes, default in order).
func uploadAll(t testing.TB, u upload, content []byte) {
	t.Helper()
	var off int64
	for _, p := range u.parts {
		r := putPart(t, p.url, u.mediaType, content[off:off+p.size], nil)
		if r.status != 200 {
			t.Fatalf("part PUT: %d %s", r.status, r.body)
		}
		off += p.size
	}
}

func fileStatus(t testing.TB, e *Emulator, id string) map[string]any {
	t.Helper()
	r := call(t, e, "GET", acct(e)+"/files/"+id+"/status", nil)
	wantStatus(t, r, 200)
	return r.data()
}

// waitLanded polls the status endpoint until the content of the file is in and hashed (uploaded_at is
// set). Hashing and remote fetches run in the background, on real time: no clock can step them.
func waitLanded(t testing.TB, e *Emulator, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d := fileStatus(t, e, id)
		if d["uploaded_at"] != nil {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("content of %s not landed within 10s: %v", id, d)
		}
		// The status endpoint is limited to 5 calls a second, and the limits are on: poll below that.
		time.Sleep(250 * time.Millisecond)
	}
}

// waitComplete waits for the content to land, checks the upload is not complete before the processing
// delay, steps the TestClock over that delay and checks it is complete at once.
func waitComplete(t testing.TB, e *Emulator, id string) map[string]any {
	t.Helper()
	if d := waitLanded(t, e, id); complete(d) && e.Options().ProcessingDelay > 0 {
		t.Fatalf("complete before the processing delay: %v", d)
	}
	clockOf(t, e).Advance(e.Options().ProcessingDelay)
	d := fileStatus(t, e, id)
	if !complete(d) {
		t.Fatalf("not complete after the processing delay: %v", d)
	}
	return d
}

func complete(d map[string]any) bool { return d["upload_complete"] == true }

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }
