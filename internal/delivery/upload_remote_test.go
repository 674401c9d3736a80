package delivery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The provider's HEAD to a source_url runs on the machine running Terraform, inside its networks: a
// redirect must not take it to a loopback, private or link-local address.

// redirectTo is a server on loopback whose every request is redirected to target.
func redirectTo(t *testing.T, target string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A loopback source_url (only allowed against a local emulator) may be redirected on loopback.
func TestRemoteSizeFollowsRedirectsOnTheSourcesOwnKindOfHost(t *testing.T) {
	env := newEnv(t, emulator.Options{})
	var heads atomic.Int32
	big := newHeadServer(t, &heads, 60_000_000_000)
	src := redirectTo(t, big+"/huge.mov")
	_, err := env.d.Upload(ctxT(t), Spec{FolderID: env.root(), Name: "huge.mov", SourceURL: src + "/huge.mov?X-Amz-Signature=abc"})
	if err == nil || !strings.Contains(err.Error(), "the file is 60000000000 bytes") || heads.Load() != 1 {
		t.Fatalf("err = %v after %d HEADs; want the redirect followed and the 50 GB limit applied", err, heads.Load())
	}
}

func TestRemoteSizeRefusesRedirectsIntoThisMachinesNetworks(t *testing.T) {
	for _, target := range []string{
		"http://169.254.169.254/latest/meta-data/iam/security-credentials/", // a cloud metadata service
		"http://10.0.0.7/admin",
		"http://[fd00::7]/admin",
		"http://[fe80::1]/",
	} {
		env := newEnv(t, emulator.Options{ServeDir: t.TempDir(), AllowPrivateRemoteURLs: true})
		src := redirectTo(t, target)
		size, ok := env.d.remoteSize(ctxT(t), src+"/clip.mov")
		if ok {
			t.Fatalf("redirect to %s: size %d reported", target, size)
		}
		if logs := env.logged(); !strings.Contains(logs, "refusing a redirect to") || !strings.Contains(logs, "must be on the internet") {
			t.Fatalf("redirect to %s: the log does not say it was refused:\n%s", target, logs)
		}
	}
}

// The check is on the address dialled, so a public name that resolves into this machine's networks
// is refused as well; only the source's own kind of address is allowed.
func TestAddrGuardChecksTheDialledAddress(t *testing.T) {
	for _, c := range []struct {
		allowed, addr string
		ok            bool
	}{
		{"", "127.0.0.1:80", false},
		{"", "[::1]:443", false},
		{"", "10.1.2.3:443", false},
		{"", "169.254.169.254:80", false},
		{"", "[::ffff:192.168.1.1]:443", false},
		{"", "93.184.216.34:443", true},
		{"loopback", "127.0.0.1:8080", true},
		{"loopback", "10.1.2.3:443", false},
		{"private", "10.1.2.3:443", true},
		{"private", "169.254.169.254:80", false},
	} {
		g := &addrGuard{allowed: c.allowed}
		if err := g.control("tcp", c.addr, nil); (err == nil) != c.ok {
			t.Errorf("allowed %q, dialling %s: error %v, want ok %v", c.allowed, c.addr, err, c.ok)
		}
	}
	if err := (&addrGuard{}).checkHost(context.Background(), "localhost"); err == nil {
		t.Error("a redirect to localhost from a public source is allowed")
	}
}

// Through a proxy, the proxy connects: its own address is dialled as configured, even on loopback.
func TestHeadClientDialsAConfiguredProxy(t *testing.T) {
	var asked atomic.Value
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Store(r.URL.String())
		w.Header().Set("Content-Length", "1234")
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(proxy.Close)
	proxyURL, _ := url.Parse(proxy.URL)
	client := newHeadClient("", func(*http.Request) (*url.URL, error) { return proxyURL, nil })
	resp, err := client.Head("http://media.example.com/clip.mov")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.ContentLength != 1234 || asked.Load() != "http://media.example.com/clip.mov" {
		t.Fatalf("through the proxy: length %d, proxy asked for %v", resp.ContentLength, asked.Load())
	}
	// Without the proxy, the same client refuses loopback.
	direct := newHeadClient("", func(*http.Request) (*url.URL, error) { return nil, nil })
	if _, err := direct.Head(proxy.URL + "/clip.mov"); err == nil || !strings.Contains(err.Error(), "a loopback address") {
		t.Fatalf("a direct HEAD to loopback: %v", err)
	}
}
