package uploader

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestMemoryOneGiB uploads a 1 GiB file in 64 MiB parts and checks that the heap does not grow with the
// part or file size: parts are streamed, never buffered. The emulator (same process) discards content.
func TestMemoryOneGiB(t *testing.T) {
	if testing.Short() {
		t.Skip("1 GiB upload skipped with -short")
	}
	const size = 1 << 30
	e := emulator.NewTest(t, emulator.Options{PartSize: 64 << 20, Discard: true})
	path := sparseFile(t, size)
	c := createUpload(t, e, "big.mov", size)
	if len(c.Parts) != 16 {
		t.Fatalf("%d parts", len(c.Parts))
	}
	tr := NewTransport(5)
	defer tr.CloseIdleConnections()
	u := New(Options{HTTPClient: &http.Client{Transport: tr}, Limiter: NewLimiter(5), ProgressInterval: 100 * time.Millisecond})

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseHeap, baseAlloc := ms.HeapInuse, ms.TotalAlloc
	var maxHeap uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			maxHeap = max(maxHeap, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	var calls int
	start := time.Now()
	err := u.Upload(context.Background(), Job{Reader: open(t, path), Size: size, Parts: c.Parts, Header: s3Header(), ContentType: c.MediaType,
		OnProgress: func(Progress) { calls++ }})
	el := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	if f, _ := e.File(c.ID); f.BytesReceived != size {
		t.Fatalf("emulator received %d bytes", f.BytesReceived)
	}
	growth := int64(maxHeap) - int64(baseHeap)
	t.Logf("1 GiB in 16 parts of 64 MiB, 5 in flight: %v (%.0f MB/s), max HeapInuse %.1f MiB (baseline %.1f MiB, growth %.1f MiB), TotalAlloc during upload %.1f MiB (client and emulator), %d progress calls",
		el, float64(size)/el.Seconds()/1e6, mib(maxHeap), mib(baseHeap), float64(growth)/(1<<20), mib(ms.TotalAlloc-baseAlloc), calls)
	if growth >= 32<<20 {
		t.Fatalf("heap grew by %.1f MiB uploading 1 GiB; parts must be streamed", float64(growth)/(1<<20))
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
