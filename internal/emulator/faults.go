package emulator

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Fault injection, one API for every kind of call: a fault names the operation it hits by its id. API
// operations are named by their OpenAPI operationId (Routes); the calls that are not API operations have
// ids of their own (OpPutPart, OpIMSToken), and OpAnyAPI hits whichever API operation comes next.
//
// Four kinds of fault, each for the next n calls of its operation (n < 0: every call until ClearFaults):
//   - FailOperation: the call answers an error status and has no effect.
//   - LoseReply: the call takes effect, then its reply is lost (a gateway error, or the connection cut).
//   - Stall: the call never answers until the client gives up or the emulator closes; no effect.
//   - ResetConnection: the connection is reset while the request is still coming in; no effect.
//
// Faults are consumed one per call, safely under concurrent calls: those injected for the call's own
// operation first, in the order they were injected, then those for OpAnyAPI. API faults only hit calls
// that matched a route and passed authentication, as a fault of the service behind the gateway would.

// Operation ids of the calls that are not API routes.
const (
	OpAnyAPI   = "*"           // any Frame.io API operation (a /v4 route); not part PUTs, not IMS
	OpPutPart  = "s3.put_part" // a PUT to a pre-signed part URL
	OpIMSToken = "ims.token"   // a request to the IMS token endpoint
)

// Always, as a fault's count, makes it hit every call of its operation until ClearFaults.
const Always = -1

// LostReplyMode is how the reply of a call that took effect is lost.
type LostReplyMode int

const (
	// LostReplyStatus answers 502 Bad Gateway, as a gateway that lost the service's reply does.
	LostReplyStatus LostReplyMode = iota
	// LostReplyGatewayTimeout answers 504 Gateway Timeout.
	LostReplyGatewayTimeout
	// LostReplyCut closes the connection with a TCP reset: the client sees no reply at all.
	LostReplyCut
)

func (m LostReplyMode) String() string {
	switch m {
	case LostReplyStatus:
		return "status"
	case LostReplyGatewayTimeout:
		return "timeout"
	case LostReplyCut:
		return "cut"
	}
	return fmt.Sprintf("LostReplyMode(%d)", int(m))
}

// ParseLostReplyMode reads the String form of a mode ("status", "timeout", "cut").
func ParseLostReplyMode(s string) (LostReplyMode, error) {
	for _, m := range []LostReplyMode{LostReplyStatus, LostReplyGatewayTimeout, LostReplyCut} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("lost reply mode %q: want status, timeout or cut", s)
}

// FaultOption refines an injected fault.
type FaultOption func(*fault)

// WithRetryAfter adds a Retry-After header (whole seconds, rounded up) to the error replies of
// FailOperation. Without it there is none: neither the API nor storage documents one, so a realistic
// 429 or 503 carries none; tests that check a Retry-After is honoured when present add it.
func WithRetryAfter(d time.Duration) FaultOption {
	return func(f *fault) { f.retryAfter = d }
}

// WithPointer makes the API error replies of FailOperation name the request field at pointer (e.g.
// /data/name) with detail, as a validation error (422) or a conflict (409) of the service does.
func WithPointer(pointer, detail string) FaultOption {
	return func(f *fault) { f.pointer, f.detail = pointer, detail }
}

type faultKind int

const (
	faultFail faultKind = iota
	faultLose
	faultStall
	faultReset
)

// fault is one injected fault; left counts the calls it still hits (< 0: unlimited).
type fault struct {
	kind       faultKind
	left       int
	status     int // faultFail
	retryAfter time.Duration
	pointer    string        // WithPointer
	detail     string        // WithPointer
	mode       LostReplyMode // faultLose
}

// faults holds the pending faults by operation id, under its own lock: taking one never waits for the
// modelled state, and a handler holding the state's lock never takes this one.
type faults struct {
	mu   sync.Mutex
	byOp map[string][]*fault
}

func (fs *faults) add(op string, n int, f *fault, opts []FaultOption) {
	if n == 0 {
		return
	}
	for _, o := range opts {
		o(f)
	}
	f.left = n
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.byOp == nil {
		fs.byOp = map[string][]*fault{}
	}
	fs.byOp[op] = append(fs.byOp[op], f)
}

// take consumes the fault for one call of op, if any (see the order above); anyAPI says whether
// OpAnyAPI faults apply to it. The result is a copy: the caller acts on it without the lock.
func (fs *faults) take(op string, anyAPI bool) *fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f := fs.takeLocked(op); f != nil {
		return f
	}
	if anyAPI {
		return fs.takeLocked(OpAnyAPI)
	}
	return nil
}

func (fs *faults) takeLocked(op string) *fault {
	q := fs.byOp[op]
	if len(q) == 0 {
		return nil
	}
	f := q[0]
	if f.left > 0 {
		f.left--
	}
	if f.left == 0 {
		fs.byOp[op] = q[1:]
	}
	c := *f
	return &c
}

func (fs *faults) clear(ops []string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(ops) == 0 {
		fs.byOp = nil
		return
	}
	for _, op := range ops {
		delete(fs.byOp, op)
	}
}

func (fs *faults) pending(op string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for _, f := range fs.byOp[op] {
		if f.left < 0 {
			return Always
		}
		n += f.left
	}
	return n
}

// FailOperation makes the next n calls of operation op answer status (400..599) with an error body, and
// have no effect: an API error ({"errors":[...]}), an S3 XML error for OpPutPart (its code chosen by the
// status, e.g. 503 SlowDown; a part PUT's body is drained first, as after a server-side failure), an
// IMS error for OpIMSToken. A 429 from the API sets x-ratelimit-remaining to 0.
func (e *Emulator) FailOperation(op string, n int, status int, opts ...FaultOption) {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("emulator: FailOperation(%q) with status %d: want an error status 400..599", op, status))
	}
	e.faults.add(op, n, &fault{kind: faultFail, status: status}, opts)
}

// LoseReply makes the next n calls of operation op take effect as usual and then lose their reply, as
// when a gateway or the network drops it: mode LostReplyStatus answers 502 (LostReplyGatewayTimeout
// 504) once the call is done, LostReplyCut cuts the connection so that the client sees no reply. A
// call that fails (e.g. 404) loses its error reply the same way.
func (e *Emulator) LoseReply(op string, n int, mode LostReplyMode) {
	e.faults.add(op, n, &fault{kind: faultLose, mode: mode}, nil)
}

// Stall makes the next n calls of operation op never answer: the call has no effect and waits until the
// client gives up (its request context is done) or the emulator closes, and then the connection is cut.
func (e *Emulator) Stall(op string, n int) {
	e.faults.add(op, n, &fault{kind: faultStall}, nil)
}

// ResetConnection makes the next n calls of operation op die while the request is still coming in: the
// emulator reads a little of the body (a part PUT's), then resets the connection. The call has no
// effect and the client sees a reset or EOF, no reply.
func (e *Emulator) ResetConnection(op string, n int) {
	e.faults.add(op, n, &fault{kind: faultReset}, nil)
}

// ClearFaults drops the pending faults of the given operations, or of all operations when none is given.
func (e *Emulator) ClearFaults(ops ...string) { e.faults.clear(ops) }

// PendingFaults is the number of calls of op that pending faults will still hit (Always for a fault
// injected with Always); faults for OpAnyAPI are counted under OpAnyAPI only.
func (e *Emulator) PendingFaults(op string) int { return e.faults.pending(op) }

// ---- carrying faults out ----

// lostReply answers a call whose reply is lost, after it took effect.
func lostReply(w http.ResponseWriter, mode LostReplyMode) {
	switch mode {
	case LostReplyCut:
		cutConnection(w)
	case LostReplyGatewayTimeout:
		writeError(w, http.StatusGatewayTimeout, "Gateway Timeout", "The upstream service did not answer in time (injected)", "")
	default:
		writeError(w, http.StatusBadGateway, "Bad Gateway", "The upstream service's reply was lost (injected)", "")
	}
}

// stall waits until the client gives up or the emulator closes, then cuts the connection, so that the
// call never gets a reply (the server would otherwise send an empty 200). The body is read first, as a
// server that hangs after taking the request does: only then does the server notice that the client
// closed the connection (and cancel the request's context).
func (e *Emulator) stall(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
		return // the client is gone: nothing to send, nothing to cut
	case <-e.ctx.Done():
	}
	cutConnection(w)
}

// resetMidRequest reads a little of the body, then drops the connection with a TCP reset.
func resetMidRequest(w http.ResponseWriter, r *http.Request) {
	want := int64(4096)
	if r.ContentLength > 0 && r.ContentLength/2 < want {
		want = r.ContentLength / 2
	}
	_, _ = io.CopyN(io.Discard, r.Body, want)
	cutConnection(w)
}

// cutConnection drops the connection with a TCP reset, without a reply.
func cutConnection(w http.ResponseWriter) {
	if rec, ok := w.(*recorder); ok && rec.log != nil {
		rec.log()
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil { // e.g. HTTP/2, or a recorder in a unit test: abort the reply instead
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// discardReply is a ResponseWriter that throws the reply away: a call whose reply will be lost is
// served into it.
type discardReply struct{ h http.Header }

func (d *discardReply) Header() http.Header {
	if d.h == nil {
		d.h = http.Header{}
	}
	return d.h
}
func (d *discardReply) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardReply) WriteHeader(int)             {}
