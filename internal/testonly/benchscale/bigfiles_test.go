//go:build benchscale

package benchscale

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// TestBigFiles uploads one large file per size in BENCH_BIG_GIB (default "1 4", in GiB) through the real
// CLI and reports the apply's throughput and the provider's peak RSS (which must not grow with the
// size: parts are streamed from disk), then the plan after the file's mtime changed, which hashes it
// again, next to `sha256sum` over the same file. The files are sparse: no disk I/O, so the hashing
// comparison is of CPU cost only.
func TestBigFiles(t *testing.T) {
	sizes := strings.Fields(os.Getenv("BENCH_BIG_GIB"))
	if len(sizes) == 0 {
		sizes = []string{"1", "4"}
	}
	tf, providerDir := setupCLI(t)
	fmt.Printf("bench-big: %s\n", machine())
	for _, s := range sizes {
		gib, err := strconv.Atoi(s)
		if err != nil || gib < 1 {
			t.Fatalf("BENCH_BIG_GIB: %q is not a whole number of GiB", s)
		}
		bigFile(t, tf, providerDir, int64(gib)<<30)
	}
}

func bigFile(t *testing.T, tf, providerDir string, size int64) {
	e, err := emulator.Start("127.0.0.1:0", emulator.Options{Discard: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := t.TempDir()
	src := filepath.Join(dir, "big.bin")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	cfg := `terraform {
  required_providers {
    frameio = { source = "frameio/frameio" }
  }
}

provider "frameio" {}

resource "frameio_file" "big" {
  folder_id = "` + e.Options().RootFolderID + `"
  source    = "${path.module}/big.bin"
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := cliEnv(t, dir, providerDir, e)
	mib := float64(size) / (1 << 20)
	fmt.Printf("\n== one file of %.0f MiB ==\n", mib)
	apply := runPhase(t, e, "apply", tf, dir, env, "apply", "-auto-approve", "-no-color")
	if apply.err != "" {
		t.Fatalf("apply failed: %s", apply.err)
	}
	fmt.Printf("apply: %.1f s wall, %.0f MB/s end to end (hash + upload + processing wait), provider peak RSS %.0f MiB\n",
		apply.wall.Seconds(), float64(size)/1e6/apply.wall.Seconds(), float64(apply.rssKB)/1024)

	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(src, later, later); err != nil {
		t.Fatal(err)
	}
	plan := runPhase(t, e, "plan", tf, dir, env, "plan", "-detailed-exitcode", "-no-color")
	if plan.err != "" {
		t.Fatalf("plan after touching the file is not empty: %s", plan.err)
	}
	start := time.Now()
	if out, err := exec.Command("sha256sum", src).CombinedOutput(); err != nil {
		t.Fatalf("sha256sum: %v\n%s", err, out)
	}
	sum := time.Since(start)
	fmt.Printf("plan (hashes the file again): %.1f s wall, %.0f MB/s; sha256sum: %.1f s, %.0f MB/s; provider peak RSS %.0f MiB\n",
		plan.wall.Seconds(), float64(size)/1e6/plan.wall.Seconds(), sum.Seconds(), float64(size)/1e6/sum.Seconds(),
		float64(plan.rssKB)/1024)
}
