package httpx

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("a short sleep: %v", err)
	}
	if err := Sleep(context.Background(), 0); err != nil {
		t.Fatalf("no wait on a live context: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// An hour: the test hangs (and times out) unless the ended context cuts the wait short.
	if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: got %v, want context.Canceled", err)
	}
	if err := Sleep(ctx, -time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("no wait on a cancelled context must still report it: got %v", err)
	}
}

func TestSnippet(t *testing.T) {
	if got := Snippet("a\n\t b  c", 200); got != "a b c" {
		t.Fatalf("got %q", got)
	}
	long := strings.Repeat("é", 150) // 300 bytes, cut inside a rune
	got := Snippet(long, 200)
	if !strings.HasSuffix(got, "...") || len(got) > 200+3 || strings.ContainsRune(got, '\uFFFD') {
		t.Fatalf("got %q", got)
	}
	if got != strings.Repeat("é", 100)+"..." {
		t.Fatalf("got %q, want the first 100 runes (200 bytes) and ...", got)
	}
	if got := Snippet("ab\xffcd", 10); got != "abcd" {
		t.Fatalf("invalid UTF-8: got %q", got)
	}
	if got := Snippet("abcdef", 6); got != "abcdef" {
		t.Fatalf("exactly max bytes is not cut: got %q", got)
	}
	if got := Snippet("abcdefg", 6); got != "abcdef..." {
		t.Fatalf("got %q", got)
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.8.0.3": true, "::1": true,
		"[::1]": true, "::ffff:127.0.0.1": true,
		// Names a resolver answers are not certain to stay on this machine.
		"localhost.": false, "media.localhost": false, "localhost.example.com": false,
		"10.0.0.1": false, "0.0.0.0": false, "::": false, "::2": false, "example.com": false, "": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
