package uploader

import (
	"net"
	"net/http"
	"time"
)

// NewTransport returns an *http.Transport tuned for large streamed PUTs to pre-signed object-storage
// URLs, for up to maxConnsPerHost concurrent parts (n < 1 means 1):
//
//   - MaxIdleConnsPerHost >= n so connections are reused between parts instead of re-dialled (the
//     default of 2 would close and reopen TLS connections all the time); MaxConnsPerHost is left at 0:
//     the Limiter, not the transport, decides how many parts are in flight.
//   - No ResponseHeaderTimeout and no http.Client.Timeout: nothing bounds how long a big part may take.
//     The uploader's stall deadline (Options.StallTimeout, stall.go) fails an attempt on which no
//     byte moved, or no reply came after the last byte, for that long; callers bound a whole upload
//     with a context deadline.
//   - 256 KiB write/read buffers: fewer, larger writes on fast links.
//   - Expect: 100-continue is honoured (ExpectContinueTimeout 1 s): a part is sent with that header so
//     an expired or rejected URL fails after one round trip, not after streaming the whole part. This
//     is what the AWS SDKs do for large PUTs.
//   - HTTP/1.1 only (ForceAttemptHTTP2 false). Every part is its own connection-sized stream; HTTP/2
//     would multiplex all parts onto one TCP connection and one congestion window (and flow-control
//     windows), which is slower for parallel bulk uploads, and S3 speaks HTTP/1.1 anyway. Independent
//     TCP connections are what makes parallel parts faster on long fat links.
//   - Proxy from the environment (HTTPS_PROXY, NO_PROXY), TLS handshake 15 s, idle connections
//     closed after 90 s, TCP keep-alive 30 s.
func NewTransport(maxConnsPerHost int) *http.Transport {
	if maxConnsPerHost < 1 {
		maxConnsPerHost = 1
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     false,
		MaxIdleConns:          max(100, maxConnsPerHost),
		MaxIdleConnsPerHost:   maxConnsPerHost,
		MaxConnsPerHost:       0,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		WriteBufferSize:       256 << 10,
		ReadBufferSize:        256 << 10,
	}
}

// noRedirect keeps pre-signed PUTs where they were sent. A pre-signed URL is signed for its host, so a
// redirect could only lead to a rejection, or worse, carry the part (and x-amz-* headers) elsewhere.
// The 3xx response is returned to the caller, which reports it as a permanent failure.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// clientFor returns the client the uploader uses: c (or a new NewTransport client when nil), copied so
// that it has no cookie jar and follows no redirects. The transport is shared, not copied.
func clientFor(c *http.Client, conns int) *http.Client {
	if c == nil {
		return &http.Client{Transport: NewTransport(conns), CheckRedirect: noRedirect}
	}
	cp := *c
	cp.Jar = nil
	cp.CheckRedirect = noRedirect
	return &cp
}
