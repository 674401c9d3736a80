package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestMain lets the test binary act as the command (for the signal test).
func TestMain(m *testing.M) {
	if os.Getenv("FRAMEIO_EMULATOR_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitURL(t *testing.T, out *syncBuf) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := out.String(); strings.Contains(s, "\n") {
			const prefix = "frameio-emulator listening on "
			line := strings.TrimSpace(strings.SplitN(s, "\n", 2)[0])
			if !strings.HasPrefix(line, prefix) {
				t.Fatalf("first line %q", line)
			}
			return strings.TrimPrefix(line, prefix)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no listening line")
	return ""
}

func TestRunServesUploadsAndStops(t *testing.T) {
	storage := t.TempDir()
	serve := t.TempDir()
	if err := os.WriteFile(filepath.Join(serve, "src.txt"), []byte("remote content"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuf
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-token", "tok", "-storage-dir", storage,
			"-processing-delay=-1ns", "-transcode-delay=-1ns", "-serve-dir", serve, "-allow-private-remote-urls", "-v",
			"-fail", "s3.put_part=1:503"}, &stdout, &stderr)
	}()
	base := waitURL(t, &stdout)

	api := func(method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer tok")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	folder := "/v4/accounts/" + emulator.DefaultAccountID + "/folders/" + emulator.DefaultRootFolderID
	st, m := api("POST", folder+"/files/local_upload", `{"data":{"name":"a.txt","file_size":5}}`)
	if st != 201 {
		t.Fatalf("create: %d %v", st, m)
	}
	d := m["data"].(map[string]any)
	partURL := d["upload_urls"].([]any)[0].(map[string]any)["url"].(string)
	put := func() int {
		req, _ := http.NewRequest("PUT", partURL, strings.NewReader("hello"))
		req.Header.Set("x-amz-acl", "private")
		req.Header.Set("Content-Type", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := put(); s != 503 {
		t.Fatalf("-fail: %d", s)
	}
	if s := put(); s != 200 {
		t.Fatalf("PUT: %d", s)
	}
	if m, _ := filepath.Glob(filepath.Join(storage, "*.part*")); len(m) != 1 {
		t.Fatalf("storage dir: %v", m)
	}
	st, m = api("POST", folder+"/files/remote_upload", `{"data":{"name":"r.txt","source_url":"`+base+`/files/src.txt"}}`)
	if st != 202 {
		t.Fatalf("remote: %d %v", st, m)
	}
	id := m["data"].(map[string]any)["id"].(string)
	// No processing delay: the wait is only for the emulator's background fetch of the source.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, m = api("GET", "/v4/accounts/"+emulator.DefaultAccountID+"/files/"+id+"/status", "")
		if m["data"].(map[string]any)["upload_complete"] == true {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("remote upload not complete: %v", m)
		}
		time.Sleep(20 * time.Millisecond)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	if !strings.Contains(stderr.String(), "PUT /s3/") || strings.Contains(stderr.String(), "X-Amz-Signature") {
		t.Fatalf("log: %s", stderr.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	var out, errb syncBuf
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-serve-dir", "/does/not/exist"}, {"-addr", "256.0.0.1:0"}} {
		if err := run(context.Background(), args, &out, &errb); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestProcessStopsOnSIGTERM(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "FRAMEIO_EMULATOR_RUN_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuf
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "frameio-emulator listening on http://127.0.0.1:") {
		t.Fatalf("first line %q: %v", line, err)
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, "frameio-emulator listening on "))
	resp, err := http.Get(base + "/v4/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("unauthenticated /v4/me: %d", resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			t.Fatalf("exit: %v (stderr %s)", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("process did not stop on SIGTERM")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Fatalf("stderr %q", stderr.String())
	}
}
