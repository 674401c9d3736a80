package uploader

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestMemoryDoesNotGrowWithSize uploads 256 MiB and then 1 GiB, both in 4 MiB parts, 16 in flight (the
// provider's default), to the discard server in another process, and samples the live heap during each
// upload (a forced GC before every sample, so garbage waiting for the collector does not count). Parts
// are streamed, never buffered: the growth must be small and the same for both sizes. A regression that
// held a part in memory would add 16 x 4 MiB; one that kept anything per part would differ by ~200 parts.
func TestMemoryDoesNotGrowWithSize(t *testing.T) {
	if raceEnabled {
		// The race detector changes allocation (sync.Pool drops pooled buffers at random, so they are
		// allocated again), so heap sizes measured under it say nothing of the engine; make test runs it.
		t.Skip("heap measurements are meaningless under the race detector")
	}
	const (
		partSize = 4 << 20
		inFlight = 16
		// Bytes of live heap over the baseline. A streaming upload of 16 parts in flight measures 9-13 MiB
		// (the connections' buffers, the pool); a bound at 24 MiB leaves room for a loaded
		// machine's GC timing and still fails a regression that buffers parts (16 x 4 MiB = 64 MiB).
		maxGrowth = 24 << 20
		// Between the two sizes: the 1 GiB upload has 192 parts more, so 4 MiB fails anything kept per
		// part above ~20 KiB.
		maxDiff = 4 << 20
	)
	srv := startDiscardServer(t)
	goroutines := numGoroutine()

	var growth [2]int64
	var sent int64
	for i, size := range []int64{256 << 20, 1 << 30} {
		f := open(t, sparseFile(t, size))
		job := Job{Reader: f, Size: size, Parts: srv.parts(size, partSize, ""), OnProgress: func(Progress) {}}
		// Each upload starts from nothing (a new transport, the previous one's connections and their
		// 256 KiB buffers gone), so both measure the same things.
		tr := NewTransport(inFlight)
		poke := make(chan struct{}, 1)
		client := &http.Client{Transport: pokingTransport{tr, poke}}
		u := New(Options{HTTPClient: client, Limiter: NewLimiter(inFlight), ProgressInterval: 100 * time.Millisecond})
		peak, samples, base, el, err := measureLiveHeap(poke, func() error { return u.Upload(context.Background(), job) })
		if err != nil {
			t.Fatal(err)
		}
		tr.CloseIdleConnections()
		settleGoroutines(t, goroutines)
		sent += size
		growth[i] = int64(peak) - int64(base)
		t.Logf("%4d MiB in %3d parts of 4 MiB, %d in flight: %v (%.0f MB/s), live heap peak %.1f MiB over a baseline of %.1f MiB (%d samples)",
			size>>20, len(job.Parts), inFlight, el.Round(time.Millisecond), float64(size)/el.Seconds()/1e6, mib(uint64(max(growth[i], 0))), mib(base), samples)
	}
	if puts, bytes := srv.stats(t); bytes != sent || puts != sent/partSize {
		t.Fatalf("server received %d PUTs, %d bytes; want %d, %d", puts, bytes, sent/partSize, sent)
	}
	for i, g := range growth {
		if g > maxGrowth {
			t.Errorf("upload %d: live heap grew by %.1f MiB, want under %.0f MiB", i+1, mib(uint64(g)), mib(maxGrowth))
		}
	}
	if d := growth[1] - growth[0]; d > maxDiff || d < -maxDiff {
		t.Errorf("heap growth differs by %.1f MiB between 256 MiB and 1 GiB; it must not depend on the size", float64(d)/(1<<20))
	}
}

// pokingTransport signals poke (without blocking) whenever a part's response arrives: a moment when the
// other parts are mid-stream, so the sampler sees the heap of a busy upload however fast it runs.
type pokingTransport struct {
	next http.RoundTripper
	poke chan<- struct{}
}

func (p pokingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := p.next.RoundTrip(r)
	select {
	case p.poke <- struct{}{}:
	default:
	}
	return resp, err
}

// measureLiveHeap runs fn and samples the live heap (HeapAlloc right after a GC) meanwhile, every 20 ms
// and whenever poke fires.
func measureLiveHeap(poke <-chan struct{}, fn func() error) (peak uint64, samples int, base uint64, elapsed time.Duration, err error) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base = ms.HeapAlloc
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			case <-poke:
			}
			runtime.GC()
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			samples++
		}
	}()
	start := time.Now()
	err = fn()
	elapsed = time.Since(start)
	close(stop)
	wg.Wait()
	return max(peak, base), samples, base, elapsed, err
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
