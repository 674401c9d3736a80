package uploader

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The memory test and the benchmarks upload to a plain discard server in a separate process: the test
// binary started again with discardServerEnv set. So the heap measured is the engine's alone, and the
// CPU the benchmarks use is the engine's, not that of an emulator hashing every byte in the same process.

const discardServerEnv = "UPLOADER_TEST_DISCARD_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(discardServerEnv) == "1" {
		serveDiscard()
		return
	}
	os.Exit(m.Run())
}

// serveDiscard accepts every PUT whose body has exactly its Content-Length bytes (400 otherwise) and
// throws the bytes away; ?rate=N caps the body at N bytes/s, ?latency=D (a Go duration) delays the reply
// as a round trip to a distant S3 region would. GET /stats answers "PUTs bytes". It prints
// its base URL on stdout and exits when stdin closes (the test that started it ended or died).
func serveDiscard() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var puts, total atomic.Int64
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/stats" {
			fmt.Fprintf(w, "%d %d", puts.Load(), total.Load())
			return
		}
		rate, _ := strconv.ParseInt(r.URL.Query().Get("rate"), 10, 64)
		n, err := discardBody(r.Body, rate)
		if d, _ := time.ParseDuration(r.URL.Query().Get("latency")); d > 0 {
			time.Sleep(d)
		}
		if r.Method != http.MethodPut || err != nil || n != r.ContentLength {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		puts.Add(1)
		total.Add(n)
	})}
	fmt.Printf("http://%s\n", ln.Addr())
	go func() { _ = srv.Serve(ln) }()
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// discardBody reads r to the end in 256 KiB reads, at most rate bytes/s when rate > 0.
func discardBody(r io.Reader, rate int64) (int64, error) {
	buf := make([]byte, 256<<10)
	if rate > 0 {
		buf = buf[:min(int64(len(buf)), max(rate/20, 1024))]
	}
	start := time.Now()
	var n int64
	for {
		k, err := r.Read(buf)
		n += int64(k)
		if rate > 0 {
			time.Sleep(time.Until(start.Add(time.Duration(float64(n) / float64(rate) * float64(time.Second)))))
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// discardServer is a running discard server process.
type discardServer struct {
	URL string
}

// startDiscardServer starts the discard server process; it is stopped when tb ends.
func startDiscardServer(tb testing.TB) *discardServer {
	tb.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), discardServerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "http://127.0.0.1:") {
		tb.Fatalf("discard server: %q %v", line, err)
	}
	return &discardServer{URL: strings.TrimSpace(line)}
}

// stats returns the PUTs accepted and the bytes they carried so far.
func (s *discardServer) stats(tb testing.TB) (puts, bytes int64) {
	tb.Helper()
	resp, err := http.Get(s.URL + "/stats")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := fmt.Fscan(resp.Body, &puts, &bytes); err != nil {
		tb.Fatal(err)
	}
	return puts, bytes
}

// parts cuts size into parts of partSize (the last one shorter) at URLs of the server; query is added
// to every URL (e.g. "rate=20000000").
func (s *discardServer) parts(size, partSize int64, query string) []Part {
	var ps []Part
	for off, i := int64(0), 1; off < size; off, i = off+partSize, i+1 {
		ps = append(ps, Part{URL: fmt.Sprintf("%s/part/%d?%s", s.URL, i, query), Size: min(partSize, size-off)})
	}
	return ps
}
