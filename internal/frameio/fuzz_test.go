package frameio

// Fuzzing what the client reads from the network: reply bodies (the envelope and the typed decoders,
// pages, error replies), pagination links and rate-limit headers. Properties: no panic, allocation
// bounded by the size of the input, and the invariants noted per target. The seeds (f.Add and
// testdata/fuzz/FuzzX) run as ordinary tests; `go test -run '^$' -fuzz '^FuzzX$' ./internal/frameio/`
// explores further.

import (
	"net/http"
	"net/url"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// allocBound fails when decoding the reply b with f allocates more than perByte bytes per input byte
// and perItem bytes per array element (at most maxReplyItems are decoded: replyshape.go), plus a fixed
// allowance: decoding whose memory grows faster can be made to exhaust memory by a small reply.
// (runtime/metrics, unlike runtime.ReadMemStats, does not stop the world: the fuzzer keeps its pace.)
func allocBound(t *testing.T, b []byte, perByte, perItem uint64, f func()) {
	t.Helper()
	items := uint64(min(countArrayItems(b, maxReplyItems), maxReplyItems))
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	f()
	metrics.Read(sample)
	if got, limit := sample[0].Value.Uint64()-before, uint64(len(b))*perByte+items*perItem+1<<20; got > limit {
		t.Fatalf("%d bytes allocated for a %d-byte input of %d array elements (limit %d)", got, len(b), items, limit)
	}
}

func FuzzDecodeReply(f *testing.F) {
	for _, s := range []string{
		`{"data":{"id":"f1","name":"a.mov","file_size":1137444,"upload_urls":[{"size":20000000,"url":"https://s3/x?X-Amz-Signature=1"}]}}`,
		`{"data":{"id":"f1","file_size":1.137444e6}}`,
		`{"data":{"id":"vs","type":"version_stack","head_version":{"id":"f2","file_size":5}}}`,
		`{"data":{"id":"s1","name":"Review","access":"public","passphrase":"x","short_url":"https://f.io/x"}}`,
		`{"data":[{"id":"a","type":"file"},{"id":"b","type":"version_stack","head_version":null}],"links":{"next":"/v4/x?after=1"}}`,
		`{"errors":[{"title":"Bad","detail":"file_size must be positive","source":{"pointer":"/data/file_size"}}]}`,
		`{"error":"Malformed token."}`, `{"data":null}`, `{}`, `[]`, ``, `{"data":{"file_size":1e400}}`,
	} {
		f.Add([]byte(s))
	}
	// The published document's examples (spec_examples_test.go, spec_stacks_test.go).
	for _, s := range []string{exFile, exFileWithIncludes, exLocalUpload, exRemoteUpload, exFolder, exFolderChildren, exVersionStack} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		allocBound(t, b, 64, 8<<10, func() {
			var file File
			var asset Asset
			var stack VersionStack
			var share Share
			var folder Folder
			for _, out := range []any{&file, &asset, &stack, &share, &folder} {
				_ = decodeData("GET", "/v4/x", b, out)
			}
			_, _ = decodePage[File]("GET", "/v4/x", b)
			_, _ = decodePage[Asset]("GET", "/v4/x", b)
			_, _ = decodePage[Folder]("GET", "/v4/x", b)
			// An error reply is scrubbed before it reaches a message: the token never survives.
			e := newAPIError("GET", "/v4/x", 502, b, testToken)
			if msg := e.Error(); strings.Contains(msg, testToken) {
				t.Fatalf("the token survived in %q", msg)
			}
		})
	})
}

func FuzzResolveNext(f *testing.F) {
	for _, s := range []string{
		"/v4/accounts/a/folders/f/files?after=abc", "/v4/accounts", "https://api.frame.io/v4/x?after=1&page_size=7",
		"https://evil.example/v4/x", "//evil.example/v4/x", "relative/path", "/v4/x#frag", "http://api.frame.io/v4/x",
		"/prefix/v4/x?after=%zz", "\x00", "HTTPS://API.FRAME.IO/v4/x", "/v4/x?page_size=&page_size=3",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, next string, prefixed bool) {
		base := "https://api.frame.io"
		if prefixed {
			base = "http://127.0.0.1:8089/prefix"
		}
		c, err := New(Config{BaseURL: base, Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := c.resolveNext(next, 100, "")
		if err != nil {
			return
		}
		// The token only ever goes to the API's own origin, with a page size and no fragment.
		if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) {
			t.Fatalf("links.next %q leads to %s://%s", next, u.Scheme, u.Host)
		}
		if u.Fragment != "" || u.User != nil || u.Query().Get(queryPageSize) == "" {
			t.Fatalf("links.next %q resolved to %q", next, u.String())
		}
		if _, err := url.Parse(u.String()); err != nil {
			t.Fatalf("links.next %q resolved to an unparseable %q: %v", next, u.String(), err)
		}
	})
}

func FuzzRateLimitHeaders(f *testing.F) {
	for _, s := range [][3]string{
		{"10", "1000", "0"}, {"100000000", "1000", "0"}, {"1", "9223372036854775807", "0"},
		{"5", "60000", "100000000"}, {"-1", "0", "-5"}, {"1e9", " 60000 ", "x"}, {"", "", ""},
		{"99999999999999999999", "1", "1"},
	} {
		f.Add(s[0], s[1], s[2], "files.show")
		f.Add(s[0], s[1], s[2], "folders.update")
	}
	f.Fuzz(func(t *testing.T, limit, window, remaining, class string) {
		h := http.Header{}
		h.Set(headerRateLimitLimit, limit)
		h.Set(headerRateLimitWindow, window)
		h.Set(headerRateLimitRemaining, remaining)
		doc := documentedLimits()[class]
		clk := &simClock{t: time.Unix(1_700_000_000, 0)}
		p := newPacer(clk.now)
		book(p, class)
		for range 3 {
			p.observe(class, h)
		}
		c := p.classes[class]
		// Memory: the class keeps at most its (bounded) limit of call times, plus the one booked.
		if c.lim.N > maxPaceCalls || len(c.sent) > maxPaceCalls+1 {
			t.Fatalf("limit %d, %d call times kept", c.lim.N, len(c.sent))
		}
		if doc.N > 0 && (c.lim.N > doc.N*headerTrust || c.lim.Window > doc.Window*windowStretch) {
			t.Fatalf("a reply set %d per %v for a class documented %d per %v", c.lim.N, c.lim.Window, doc.N, doc.Window)
		}
		// Time: the next call waits at most one (bounded) window and its margin.
		longest := maxPaceWindow
		if doc.N > 0 {
			longest = doc.Window * windowStretch
		}
		if w := book(p, class).Sub(clk.t); w < 0 || w > longest+paceMargin(longest) {
			t.Fatalf("the next call waits %v", w)
		}
		if d, ok := leakInterval(h); ok && (d < 0 || d > maxPaceWindow) {
			t.Fatalf("leak interval %v", d)
		}
	})
}

func FuzzSaneLimit(f *testing.F) {
	f.Add(int64(100000000), int64(1000), 10, int64(1000))
	f.Add(int64(1), int64(1<<62), 100, int64(60000))
	f.Add(int64(7), int64(1), 0, int64(0))
	f.Fuzz(func(t *testing.T, n, windowMS int64, docN int, docMS int64) {
		if n <= 0 || windowMS <= 0 || docN < 0 || docN > 10_000 || docMS < 0 || docMS > 3_600_000 {
			return // observe passes positive values; documented limits are small
		}
		doc := RateLimit{N: docN, Window: time.Duration(docMS) * time.Millisecond}
		got := saneLimit(doc, n, windowMS)
		maxInterval := undocumentedMaxInterval
		if doc.N > 0 && doc.Window > 0 {
			maxInterval = doc.Window / time.Duration(doc.N) * headerTrust
		}
		if got.N < 1 || got.N > maxPaceCalls || got.Window <= 0 || got.Window > maxPaceWindow ||
			got.Window/time.Duration(got.N) > maxInterval {
			t.Fatalf("saneLimit(%v, %d, %d) = %d per %v", doc, n, windowMS, got.N, got.Window)
		}
	})
}
