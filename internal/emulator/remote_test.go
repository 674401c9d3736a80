package emulator

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// The service fetches source_url from the internet, so a loopback or private host can never work
// there: the emulator refuses it too, unless a test serves its sources on 127.0.0.1 and says so.
func TestRemoteUploadRefusesPrivateHosts(t *testing.T) {
	t.Parallel()
	e := newTest(t, fast(Options{}))
	clk := clockOf(t, e)
	ru := acct(e) + "/folders/" + root(e) + "/files/remote_upload"
	for _, src := range []string{
		"http://127.0.0.1:8080/a.mp4", "https://localhost/a.mp4", "http://LOCALHOST./a.mp4",
		"https://cdn.localhost/a.mp4", "http://[::1]/a.mp4", "https://10.1.2.3/a.mp4",
		"https://172.16.0.9/a.mp4", "https://192.168.1.10/a.mp4", "http://169.254.169.254/latest",
		"https://100.64.0.1/a.mp4", "https://[fd00::1]/a.mp4", "https://[fe80::1]/a.mp4",
		"https://0.0.0.0/a.mp4", "https://[::ffff:127.0.0.1]/a.mp4",
	} {
		clk.Advance(time.Second / 5) // within remote_upload's 5/s
		r := call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "a.mp4", "source_url": src}})
		if r.status != http.StatusUnprocessableEntity || r.errPointer() != "/data/source_url" ||
			!strings.Contains(r.errDetail(), "reachable from the internet") {
			t.Errorf("%s: %d pointer %q: %s", src, r.status, r.errPointer(), r.raw)
		}
	}
	if fs := e.Files(); len(fs) != 0 {
		t.Fatalf("a refused remote upload created a file: %+v", fs[0])
	}
	// A public address is accepted (TEST-NET-3, never routed: the fetch can only fail, as upload_failed).
	clk.Advance(time.Second / 5)
	r := call(t, e, "POST", ru, map[string]any{"data": map[string]any{"name": "a.mp4", "source_url": "https://203.0.113.7/a.mp4"}})
	wantStatus(t, r, http.StatusAccepted)
}

// A name (or a redirect) that leads to a private address passes the create-time check of IP
// literals; the fetch itself refuses to connect there, so the upload fails.
func TestRemoteFetchRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("content"))
	}))
	t.Cleanup(src.Close)
	port := src.URL[strings.LastIndex(src.URL, ":")+1:]
	byName := "http://localhost:" + port + "/a.mp4"

	resp, err := newRemoteClient(false).Get(byName)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("fetch from %s allowed: %s", byName, resp.Status)
	}
	if !strings.Contains(err.Error(), "not reachable from the internet") {
		t.Fatalf("fetch from %s: %v", byName, err)
	}
	resp, err = newRemoteClient(true).Get(src.URL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("allowed client: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestRemoteUploadAllowPrivate(t *testing.T) {
	t.Parallel()
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("content"))
	}))
	t.Cleanup(src.Close)
	e := newTest(t, fast(Options{AllowPrivateRemoteURLs: true}))
	r := call(t, e, "POST", acct(e)+"/folders/"+root(e)+"/files/remote_upload",
		map[string]any{"data": map[string]any{"name": "a.mp4", "source_url": src.URL + "/a.mp4"}})
	wantStatus(t, r, http.StatusAccepted)
	if d := waitComplete(t, e, r.data()["id"].(string)); d["upload_failed"] != false {
		t.Fatalf("status %v", d)
	}
}

func TestPrivateAddr(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "127.9.9.9": true, "::1": true, "10.0.0.1": true, "172.31.255.255": true,
		"172.32.0.1": false, "192.168.0.1": true, "169.254.169.254": true, "100.64.0.1": true,
		"100.128.0.1": false, "fd12::1": true, "fe80::1": true, "0.0.0.0": true, "::": true,
		"224.0.0.1": true, "::ffff:10.0.0.1": true, "8.8.8.8": false, "2001:4860:4860::8888": false,
		"203.0.113.7": false,
	} {
		if got := privateAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("privateAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}
