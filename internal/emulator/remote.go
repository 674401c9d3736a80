package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Remote uploads are limited to 50 GB.
const maxRemoteSize = 50_000_000_000

// newRemoteClient returns the client that fetches remote_upload sources. No overall timeout: sources
// may be large. Unless allowPrivate, it refuses to connect to an address the service could not reach
// from the internet, whatever name or redirect led there.
func newRemoteClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 30 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip, err := netip.ParseAddr(host); err != nil || privateAddr(ip) {
				return fmt.Errorf("refusing to fetch from %s: not reachable from the internet", host)
			}
			return nil
		}
	}
	return &http.Client{Transport: &http.Transport{
		Proxy: nil, DialContext: d.DialContext, ResponseHeaderTimeout: 30 * time.Second,
	}}
}

// cgnat is the shared address space of carrier-grade NAT (RFC 6598), not routed on the internet.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// privateAddr reports whether ip is loopback, private (RFC 1918, fc00::/7), link-local, CGNAT,
// unspecified or multicast: addresses a service fetching from the internet cannot reach.
func privateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || cgnat.Contains(ip)
}

// checkSourceURL refuses a source_url whose host is localhost or a private IP literal, as the service
// (which fetches from the internet) cannot reach it, unless Options.AllowPrivateRemoteURLs. Names that
// resolve there are refused when fetching (newRemoteClient). The OpenAPI document lists 422 with a
// source pointer for invalid parameters.
func (e *Emulator) checkSourceURL(u *url.URL) *httpError {
	if e.opts.AllowPrivateRemoteURLs {
		return nil
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	ip, err := netip.ParseAddr(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || err == nil && privateAddr(ip) {
		return invalid("/data/source_url", fmt.Sprintf("source_url host %s is loopback, private or link-local: "+
			"the file must be reachable from the internet", u.Hostname()))
	}
	return nil
}

// fetchRemote downloads src for a remote upload (streaming into the storage of the emulator's mode,
// hashing as it goes). A non-2xx reply, a network error or more than 50 GB marks the upload failed.
func (e *Emulator) fetchRemote(f *file, src string) {
	defer e.bg.Done()
	size, sum, path, mem, err := e.download(src, f.id)
	e.mu.Lock()
	defer e.mu.Unlock()
	if f.deleted {
		removeQuiet(path)
		return
	}
	now := e.now()
	if err != nil {
		if e.opts.Logf != nil {
			e.opts.Logf("remote upload %s: %v", f.id, err)
		}
		f.landedAt = now
		f.failed, f.failNow = true, true
		f.updatedAt = now.UTC()
		return
	}
	f.size, f.bytesReceived, f.sha256 = size, size, sum
	f.remotePath, f.remoteData = path, mem
	e.landLocked(f, now)
}

var errTooLarge = errors.New("remote file exceeds the 50 GB limit of remote uploads")

func (e *Emulator) download(src, fileID string) (size int64, sum, path string, mem []byte, err error) {
	req, err := http.NewRequestWithContext(e.ctx, http.MethodGet, src, nil)
	if err != nil {
		return 0, "", "", nil, err
	}
	req.Header.Set("User-Agent", "frameio-emulator-remote-upload")
	resp, err := e.remote.Do(req)
	if err != nil {
		return 0, "", "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, "", "", nil, errors.New("source replied " + resp.Status)
	}
	if resp.ContentLength > maxRemoteSize {
		return 0, "", "", nil, errTooLarge
	}
	h := sha256.New()
	sink := io.Writer(io.Discard) // reassigned to other writers below
	var tmp *os.File
	var buf *bytes.Buffer
	switch {
	case e.opts.Discard:
	case e.opts.StorageDir != "":
		tmp, err = os.CreateTemp(e.opts.StorageDir, "remote-*.tmp")
		if err != nil {
			return 0, "", "", nil, err
		}
		sink = tmp
	default:
		buf = &bytes.Buffer{}
		sink = buf
	}
	n, err := io.Copy(io.MultiWriter(sink, h), io.LimitReader(resp.Body, maxRemoteSize+1))
	if err == nil && n > maxRemoteSize {
		err = errTooLarge
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = io.ErrUnexpectedEOF
	}
	if tmp != nil {
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			path = filepath.Join(e.opts.StorageDir, fileID+".remote")
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
			path = ""
		}
	}
	if err != nil {
		return 0, "", "", nil, err
	}
	if buf != nil {
		mem = buf.Bytes()
		if mem == nil {
			mem = []byte{}
		}
	}
	return n, hex.EncodeToString(h.Sum(nil)), path, mem, nil
}
