package emulator

import (
	"net/http"
	"sync"
	"time"
)

// Request is one logged request. Path never includes the query string (signatures stay out of logs).
type Request struct {
	Method string
	Path   string
	Header http.Header
	Status int  // 0 when no reply was sent: the connection was cut (LostReplyCut, Stall)
	S3     bool // a pre-signed part URL, not the Frame.io API

	// Op is the operation id of the call: the OpenAPI operationId of an API route, OpPutPart,
	// OpIMSToken; "" for a call that matched no operation (an unknown route, the served directory).
	Op string

	RawPath       string        // r.URL.EscapedPath(): the path as sent, still percent-encoded
	ContentLength int64         // r.ContentLength (-1 when unknown, e.g. chunked)
	Start         time.Time     // when the request arrived (with Duration: overlap of concurrent requests)
	Duration      time.Duration // time to serve, latency included
}

// requestLog is the log of served requests, under its own lock.
type requestLog struct {
	mu   sync.Mutex
	reqs []Request
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r)
}

// Requests returns the requests served so far, in order of completion.
func (e *Emulator) Requests() []Request {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	return append([]Request(nil), e.log.reqs...)
}

// ResetRequests forgets the logged requests.
func (e *Emulator) ResetRequests() {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	e.log.reqs = nil
}

// Calls returns the logged calls of operation op (OpAnyAPI: of every API operation), in order of
// completion, faulted ones included: a test counts them, or reads their statuses.
func (e *Emulator) Calls(op string) []Request {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	var out []Request
	for _, r := range e.log.reqs {
		if r.Op == op || op == OpAnyAPI && r.Op != "" && !r.S3 && r.Op != OpIMSToken {
			out = append(out, r)
		}
	}
	return out
}
