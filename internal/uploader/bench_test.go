package uploader

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"
)

// Benchmarks measure only; they assert nothing about time. They upload sparse files (reads cost
// nothing) to the discard server in another process, so what is measured is the engine (limiter,
// retries bookkeeping, progress, streaming) against BenchmarkBarePUT: the same parts PUT by plain
// goroutines at the same concurrency, with nothing else. `make bench` prints MB/s per case.

type benchCase struct {
	name     string
	size     int64
	partSize int64
	rate     int64         // per-connection cap in bytes/s, 0 = none
	latency  time.Duration // added before each reply, 0 = none
}

var benchCases = []benchCase{
	{"loopback16MiBParts", 256 << 20, 16 << 20, 0, 0},
	{"loopback4MiBParts", 256 << 20, 4 << 20, 0, 0},
	{"capped20MBps", 32 << 20, 2 << 20, 20_000_000, 0}, // a slow link per connection: parallelism pays
	{"capped20MBps20ms", 32 << 20, 2 << 20, 20_000_000, 20 * time.Millisecond},
}

var benchConcurrency = []int{1, 5, 16}

func (bc benchCase) query() string {
	q := url.Values{}
	if bc.rate > 0 {
		q.Set("rate", fmt.Sprint(bc.rate))
	}
	if bc.latency > 0 {
		q.Set("latency", bc.latency.String())
	}
	return q.Encode()
}

func BenchmarkUpload(b *testing.B) {
	srv := startDiscardServer(b)
	for _, bc := range benchCases {
		f := open(b, sparseFile(b, bc.size))
		parts := srv.parts(bc.size, bc.partSize, bc.query())
		for _, conc := range benchConcurrency {
			b.Run(fmt.Sprintf("%s/conc%d", bc.name, conc), func(b *testing.B) {
				tr := NewTransport(conc)
				defer tr.CloseIdleConnections()
				u := New(Options{HTTPClient: &http.Client{Transport: tr}, Limiter: NewLimiter(conc)})
				job := Job{Reader: f, Size: bc.size, Parts: parts, Header: s3Header(), ContentType: "video/quicktime",
					OnProgress: func(Progress) {}}
				b.SetBytes(bc.size)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if err := u.Upload(context.Background(), job); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkBarePUT is the baseline: conc goroutines take the same parts from a queue and PUT them with a
// plain http.Transport (idle connections kept for conc hosts), no limiter, retries, progress or checks.
func BenchmarkBarePUT(b *testing.B) {
	srv := startDiscardServer(b)
	for _, bc := range benchCases {
		f := open(b, sparseFile(b, bc.size))
		parts := srv.parts(bc.size, bc.partSize, bc.query())
		for _, conc := range benchConcurrency {
			b.Run(fmt.Sprintf("%s/conc%d", bc.name, conc), func(b *testing.B) {
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}}
				defer client.CloseIdleConnections()
				b.SetBytes(bc.size)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if err := barePUTs(client, f, parts, conc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func barePUTs(client *http.Client, f *os.File, parts []Part, conc int) error {
	queue := make(chan int, len(parts))
	offs := make([]int64, len(parts))
	var off int64
	for i, p := range parts {
		offs[i], off = off, off+p.Size
		queue <- i
	}
	close(queue)
	errs := make(chan error, conc)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				if err := barePUT(client, f, parts[i], offs[i]); err != nil {
					errs <- fmt.Errorf("part %d: %w", i+1, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func barePUT(client *http.Client, f *os.File, p Part, off int64) error {
	req, err := http.NewRequest(http.MethodPut, p.URL, io.NewSectionReader(f, off, p.Size))
	if err != nil {
		return err
	}
	req.ContentLength = p.Size
	req.Header.Set("x-amz-acl", "private")
	req.Header.Set("Content-Type", "video/quicktime")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return nil
}
