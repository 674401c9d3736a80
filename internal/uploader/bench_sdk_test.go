package uploader

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSDKStyle is the reference uploader of Frame.io's Python SDK (v1.2.1, FrameioUploader) as its
// documentation describes it, written in Go so that it runs at equal footing with the engine (same
// process model, same HTTP stack, same discard server and parts): a pool of 5 workers, one chunk per
// pre-signed URL, each chunk read fully into memory before its PUT, a failed chunk retried after 1, 2
// and 4 s, progress reported after each finished chunk. It runs at its fixed concurrency of 5 only;
// `make bench` sets it beside the engine and the bare PUTs at conc5.
func BenchmarkSDKStyle(b *testing.B) {
	srv := startDiscardServer(b)
	const workers = 5
	for _, bc := range benchCases {
		f := open(b, sparseFile(b, bc.size))
		parts := srv.parts(bc.size, bc.partSize, bc.query())
		b.Run(fmt.Sprintf("%s/conc%d", bc.name, workers), func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
			defer client.CloseIdleConnections()
			b.SetBytes(bc.size)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := sdkUpload(client, f, parts, workers, func(done, total int64) {}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// sdkRetryWaits are the SDK's documented backoff between attempts of one chunk (max_retries 3).
var sdkRetryWaits = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}

func sdkUpload(client *http.Client, f *os.File, parts []Part, workers int, onProgress func(done, total int64)) error {
	type chunk struct {
		i   int
		off int64
	}
	queue := make(chan chunk, len(parts))
	var off, total int64
	for i, p := range parts {
		queue <- chunk{i, off}
		off += p.Size
	}
	total = off
	close(queue)
	var done atomic.Int64
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range queue {
				// The whole chunk in memory, as the SDK's worker reads it before sending.
				data := make([]byte, parts[c.i].Size)
				if _, err := f.ReadAt(data, c.off); err != nil && err != io.EOF {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				err := sdkPut(client, parts[c.i].URL, data)
				for attempt := 0; err != nil && attempt < len(sdkRetryWaits); attempt++ {
					time.Sleep(sdkRetryWaits[attempt])
					err = sdkPut(client, parts[c.i].URL, data)
				}
				if err != nil {
					mu.Lock()
					firstErr = fmt.Errorf("chunk %d: %w", c.i+1, err)
					mu.Unlock()
					return
				}
				onProgress(done.Add(int64(len(data))), total)
			}
		}()
	}
	wg.Wait()
	return firstErr
}

func sdkPut(client *http.Client, url string, data []byte) error {
	req, err := http.NewRequest(http.MethodPut, url, bytes.NewReader(data))
	if err != nil {
		return err
	}
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
