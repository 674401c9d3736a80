package emulator

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// The HTTP side: one entry point dispatching to the API (routes.go), the pre-signed part URLs (s3.go),
// the IMS token endpoint (ims.go), the share pages and the served directory, and logging every call.

// recorder remembers the status of the reply and the operation id of the call, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	op     string
	// log logs the call, once. cutConnection calls it before the cut, so that a client that sees the
	// cut and goes on finds the call in the log (Calls), as it would the reply of any other call.
	log func()
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// setOp names the operation of the call being served, for the request log.
func setOp(w http.ResponseWriter, op string) {
	if rec, ok := w.(*recorder); ok {
		rec.op = op
	}
}

// ServeHTTP dispatches to the API, the S3 part endpoint or the served directory.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Real time, not the Clock: Start and Duration measure the request on the wire (overlap of
	// concurrent part PUTs, latency), which stepping a TestClock must not distort.
	start := time.Now()
	if e.baseURL.Load() == nil && r.Host != "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base := scheme + "://" + r.Host
		e.baseURL.CompareAndSwap(nil, &base)
	}
	_, latency, _ := e.settings.get()
	if latency > 0 { // a real wait, like the network delay it models: a Clock cannot step it
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
		}
	}
	rec := &recorder{ResponseWriter: w}
	isS3 := strings.HasPrefix(r.URL.Path, "/s3/")
	rec.log = sync.OnceFunc(func() { e.logRequest(rec, r, start, isS3) })
	defer rec.log()
	switch {
	case isS3:
		e.serveS3(rec, r)
	case strings.HasPrefix(r.URL.Path, "/files/") && e.opts.ServeDir != "":
		http.StripPrefix("/files/", http.FileServer(http.Dir(e.opts.ServeDir))).ServeHTTP(rec, r)
	case strings.HasPrefix(r.URL.Path, "/s/"):
		e.serveShareLink(rec, r)
	case r.URL.Path == imsTokenPath:
		e.serveIMS(rec, r)
	case r.URL.Path == "/v4" || strings.HasPrefix(r.URL.Path, "/v4/"):
		e.routeAPI(rec, r)
	default:
		writeError(rec, http.StatusNotFound, "Not Found", "No route found for "+r.Method+" "+r.URL.Path, "")
	}
}

// logRequest logs a served call; deferred, so that a call whose reply was aborted is logged too.
func (e *Emulator) logRequest(rec *recorder, r *http.Request, start time.Time, isS3 bool) {
	req := Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		RawPath:       r.URL.EscapedPath(),
		Header:        r.Header.Clone(),
		Status:        rec.status,
		S3:            isS3,
		Op:            rec.op,
		ContentLength: r.ContentLength,
		Start:         start,
		Duration:      time.Since(start),
	}
	e.log.add(req)
	if e.opts.Logf != nil {
		st := fmt.Sprint(req.Status)
		if req.Status == 0 {
			st = "reset"
		}
		e.opts.Logf("%s %s -> %s (%s)", req.Method, req.RawPath, st, req.Duration.Round(time.Millisecond))
	}
}

func removeQuiet(path string) {
	if path != "" {
		_ = os.Remove(path)
	}
}
