package uploader

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Benchmarks measure only. They upload sparse files (reads cost nothing) to a discard-mode emulator over
// loopback, so on a small machine the emulator's SHA-256/MD5 of every byte competes with the client for
// CPU; compare the engine with BenchmarkBareLoopPUT, which sends the same parts to the same emulator.

type benchCase struct {
	name      string
	size      int64
	partSize  int64
	bandwidth int64 // per-connection cap, bytes/s
}

var (
	benchFast   = benchCase{"loopback", 256 << 20, 16 << 20, 0}
	benchCapped = benchCase{"capped20MBps", 32 << 20, 2 << 20, 20_000_000}
)

func BenchmarkUpload(b *testing.B) {
	for _, bc := range []benchCase{benchFast, benchCapped} {
		for _, conc := range []int{1, 5, 16} {
			b.Run(fmt.Sprintf("%s/conc%d", bc.name, conc), func(b *testing.B) {
				e := emulator.NewTest(b, emulator.Options{PartSize: bc.partSize, Discard: true, Bandwidth: bc.bandwidth})
				f := open(b, sparseFile(b, bc.size))
				tr := NewTransport(conc)
				defer tr.CloseIdleConnections()
				u := New(Options{HTTPClient: &http.Client{Transport: tr}, Limiter: NewLimiter(conc)})
				b.SetBytes(bc.size)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					b.StopTimer()
					c := createUpload(b, e, "bench.mov", bc.size)
					b.StartTimer()
					if err := u.Upload(context.Background(), Job{Reader: f, Size: bc.size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkBareLoopPUT is the baseline: the same parts PUT one after the other with a default
// http.Transport, no limiter, retries, progress or checks.
func BenchmarkBareLoopPUT(b *testing.B) {
	for _, bc := range []benchCase{benchFast, benchCapped} {
		b.Run(bc.name, func(b *testing.B) {
			e := emulator.NewTest(b, emulator.Options{PartSize: bc.partSize, Discard: true, Bandwidth: bc.bandwidth})
			f := open(b, sparseFile(b, bc.size))
			client := &http.Client{Transport: &http.Transport{}}
			defer client.CloseIdleConnections()
			b.SetBytes(bc.size)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				c := createUpload(b, e, "bench.mov", bc.size)
				b.StartTimer()
				if err := bareLoop(client, f, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func bareLoop(client *http.Client, f *os.File, c created) error {
	var off int64
	for i, p := range c.Parts {
		req, err := http.NewRequest(http.MethodPut, p.URL, io.NewSectionReader(f, off, p.Size))
		if err != nil {
			return err
		}
		req.ContentLength = p.Size
		req.Header.Set("x-amz-acl", "private")
		req.Header.Set("Content-Type", c.MediaType)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("part %d: HTTP %d", i+1, resp.StatusCode)
		}
		off += p.Size
	}
	return nil
}
