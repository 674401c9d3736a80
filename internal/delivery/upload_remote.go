package delivery

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/httpx"
)

// A remote upload: Frame.io fetches the source URL itself; nothing is sent from here.

// remoteUploadLimit is Frame.io's size limit for remote uploads (50 GB).
const remoteUploadLimit = 50_000_000_000

// remoteHeadTimeout bounds the HEAD request that asks the URL's server for the size.
const remoteHeadTimeout = 15 * time.Second

// createRemote asks Frame.io to fetch spec.SourceURL, after checking that Frame.io can reach it and the
// size limit when the URL tells it. The reachability check comes first, so an unreachable URL costs no
// request at all. The file is returned with an error when it was created but is too large.
func (d *Delivery) createRemote(ctx context.Context, spec Spec) (*frameio.File, error) {
	src := spec.SourceURL
	if d.checkSourceURL != nil {
		if err := d.checkSourceURL(src); err != nil {
			return nil, fmt.Errorf("source_url %w", err)
		}
	}
	if size, ok := d.remoteSize(ctx, src); ok && size > remoteUploadLimit {
		return nil, tooLargeForRemote(size)
	}
	file, err := d.account.CreateRemoteUpload(ctx, spec.FolderID, spec.Name, src)
	if err != nil {
		return nil, fmt.Errorf("creating the remote upload in folder %s: %w", spec.FolderID, err)
	}
	d.log(ctx, "info", "remote upload started", map[string]any{"file_id": file.ID, "name": file.Name})
	if file.FileSize > remoteUploadLimit {
		return file, tooLargeForRemote(file.FileSize)
	}
	return file, nil
}

func tooLargeForRemote(size int64) error {
	return fmt.Errorf("source_url: the file is %d bytes; Frame.io remote uploads are limited to 50 GB. "+
		"Download it and upload it with source instead", size)
}

// remoteSize asks the URL's server for the content length with a HEAD request, from this machine (the
// one running Terraform). It is a best effort: many servers do not answer HEAD, and then Frame.io's own
// check decides. No credentials are sent, and the request keeps off the addresses of this machine's
// networks (headClient).
func (d *Delivery) remoteSize(ctx context.Context, rawURL string) (int64, bool) {
	ctx, cancel := context.WithTimeout(ctx, remoteHeadTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, rawURL, nil)
	if err != nil {
		return 0, false
	}
	client := headClient(httpx.UnreachableHostKind(req.URL.Hostname()))
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		d.log(ctx, "debug", "HEAD of source_url failed; size unknown", map[string]any{"error": httpx.RedactString(err.Error())})
		return 0, false
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength < 0 {
		return 0, false
	}
	return resp.ContentLength, true
}

// maxHeadRedirects bounds the redirects the HEAD follows.
const maxHeadRedirects = 5

// headClient is the client of one HEAD to a source_url. A server on the internet may redirect it
// anywhere, and it runs on the machine running Terraform, inside that machine's networks: it never
// connects to a loopback, private or link-local address (a cloud metadata service, an internal admin
// page), whatever name or redirect led there, checked on the address actually dialled. The one
// exception is the kind of host the URL itself names (allowed, "" for none): a loopback source_url,
// which the plan allows only against a local emulator, is asked on loopback, and nothing else.
//
// Through an HTTP(S)_PROXY the proxy connects, not this client: the proxy's own address is dialled as
// configured, and each redirect's host is checked by resolving it.
func headClient(allowed string) *http.Client {
	return newHeadClient(allowed, http.ProxyFromEnvironment)
}

func newHeadClient(allowed string, proxyFrom func(*http.Request) (*url.URL, error)) *http.Client {
	g := &addrGuard{allowed: allowed, proxyFrom: proxyFrom, proxies: map[string]bool{}}
	dialer := &net.Dialer{Timeout: remoteHeadTimeout, Control: g.control}
	plain := &net.Dialer{Timeout: remoteHeadTimeout}
	return &http.Client{
		Transport: &http.Transport{
			Proxy: g.proxy,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if g.isProxy(addr) {
					return plain.DialContext(ctx, network, addr)
				}
				return dialer.DialContext(ctx, network, addr)
			},
			TLSHandshakeTimeout: remoteHeadTimeout,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxHeadRedirects {
				return fmt.Errorf("stopped after %d redirects", maxHeadRedirects)
			}
			return g.checkHost(req.Context(), req.URL.Hostname())
		},
	}
}

// addrGuard refuses the addresses a HEAD must not reach; allowed is the one kind it may.
type addrGuard struct {
	allowed   string
	proxyFrom func(*http.Request) (*url.URL, error)

	mu      sync.Mutex
	proxies map[string]bool // host:port of the proxies in use, dialled as they are
}

func (g *addrGuard) refuse(ip netip.Addr) error {
	if kind := httpx.UnreachableAddrKind(ip); kind != "" && kind != g.allowed {
		return fmt.Errorf("refusing to connect to %s, a %s address: the source_url must be on the internet", ip, kind)
	}
	return nil
}

// control checks the address a connection is about to be made to.
func (g *addrGuard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	return g.refuse(ip)
}

// checkHost checks every address host resolves to (a redirect target, before a proxy fetches it).
func (g *addrGuard) checkHost(ctx context.Context, host string) error {
	if kind := httpx.UnreachableHostKind(host); kind != "" && kind != g.allowed {
		return fmt.Errorf("refusing a redirect to %s, a %s host: the source_url must be on the internet", host, kind)
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", strings.Trim(host, "[]"))
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if err := g.refuse(ip); err != nil {
			return err
		}
	}
	return nil
}

// proxy is the environment's proxy for req, remembered so that its address is dialled as configured.
func (g *addrGuard) proxy(req *http.Request) (*url.URL, error) {
	u, err := g.proxyFrom(req)
	if u != nil {
		port := u.Port()
		if port == "" {
			port = map[string]string{"https": "443", "socks5": "1080", "socks5h": "1080"}[u.Scheme]
			if port == "" {
				port = "80"
			}
		}
		g.mu.Lock()
		g.proxies[net.JoinHostPort(u.Hostname(), port)] = true
		g.mu.Unlock()
	}
	return u, err
}

func (g *addrGuard) isProxy(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.proxies[addr]
}
