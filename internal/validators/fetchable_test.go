package validators

import (
	"strings"
	"testing"
)

func TestUnreachableHostKind(t *testing.T) {
	for host, want := range map[string]string{
		"localhost": "loopback", "LOCALHOST.": "loopback", "media.localhost": "loopback",
		"127.0.0.1": "loopback", "127.8.0.3": "loopback", "::1": "loopback", "[::1]": "loopback",
		"::ffff:127.0.0.1": "loopback", "10.0.0.1": "private", "172.16.5.4": "private",
		"192.168.1.20": "private", "100.64.0.1": "private", "fd00::7": "private",
		"169.254.169.254": "link-local", "fe80::1": "link-local", "0.0.0.0": "unspecified or multicast",
		"239.1.2.3": "unspecified or multicast", "172.32.0.1": "", "100.128.0.1": "", "8.8.8.8": "",
		"cdn.example.com": "", "localhost.example.com": "", "2001:db8::1": "",
	} {
		if got := UnreachableHostKind(host); got != want {
			t.Errorf("UnreachableHostKind(%q) = %q, want %q", host, got, want)
		}
	}
}

func TestCheckFetchableBy(t *testing.T) {
	const emulator, service, privateAPI = "http://127.0.0.1:8089", "https://api.frame.io", "https://10.0.0.2"
	for _, c := range []struct{ src, base, wantErr string }{
		{"https://cdn.example.com/a.mp4", service, ""},
		{"https://cdn.example.com/a.mp4", emulator, ""},
		{"http://127.0.0.1:9000/a.mp4", emulator, ""},
		{"http://localhost:9000/a.mp4", "http://localhost:8089", ""},
		{"https://10.1.2.3/a.mp4", "http://[::1]:8089", ""},
		{"http://127.0.0.1:9000/a.mp4", service, `"http://127.0.0.1:9000/a.mp4" has a loopback host, which Frame.io cannot reach`},
		{"http://localhost/a.mp4", service, "loopback host"},
		{"https://192.168.1.5/a.mp4", service, "private host"},
		{"https://10.1.2.3/a.mp4", privateAPI, "private host"}, // a private API is not the emulator
		{"http://169.254.169.254/latest/meta-data", service, "link-local host"},
		{"http://127.0.0.1:9000/a.mp4", "", "loopback host"}, // no base URL: the service's default
		{"::not a url", service, ""},                         // CheckHTTPSOrLoopbackURL's business
	} {
		err := CheckFetchableBy(c.src, c.base)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s with base %s: unexpected error %v", c.src, c.base, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s with base %s: error %v, want one containing %q", c.src, c.base, err, c.wantErr)
		case err != nil && !strings.Contains(err.Error(), "public https:// URL"):
			t.Errorf("%s: the error does not name the fix: %v", c.src, err)
		}
	}
}

// A source_url may be a pre-signed URL: its signature must not reach a diagnostic.
func TestURLErrorsRedactTheQuery(t *testing.T) {
	const sig = "X-Amz-Signature=deadbeef"
	for name, err := range map[string]error{
		"plain http":  CheckHTTPSOrLoopbackURL("http://media.example.com/cut.mov?" + sig),
		"not a URL":   CheckHTTPSOrLoopbackURL("ftp://media.example.com/cut.mov?" + sig),
		"unreachable": CheckFetchableBy("https://10.0.0.5/cut.mov?"+sig, "https://api.frame.io"),
	} {
		if err == nil {
			t.Fatalf("%s: expected an error", name)
		}
		if msg := err.Error(); strings.Contains(msg, "deadbeef") || !strings.Contains(msg, "cut.mov?REDACTED") {
			t.Errorf("%s: %s", name, msg)
		}
	}
}
