//go:build benchscale

package benchscale

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// metadataCase is one metadata run: n new files with metadata, sets distinct value sets (file i takes
// set i mod sets: the worst interleaving for coalescing), applied with -parallelism.
type metadataCase struct {
	sets, parallelism int
}

// metadataCases reads BENCH_SCALE_METADATA: space-separated sets:parallelism pairs (default
// "1:100 5:100 5:250 1:10"), or "none".
func metadataCases(t *testing.T) []metadataCase {
	spec := os.Getenv("BENCH_SCALE_METADATA")
	if spec == "" {
		spec = "1:100 5:100 5:250 1:10"
	}
	var out []metadataCase
	for _, f := range strings.Fields(spec) {
		if f == "none" {
			return nil
		}
		s, p, ok := strings.Cut(f, ":")
		sets, err1 := strconv.Atoi(s)
		par, err2 := strconv.Atoi(p)
		if !ok || err1 != nil || err2 != nil || sets < 1 || sets > len(statusOptions) || par < 1 {
			t.Fatalf("BENCH_SCALE_METADATA: %q is not sets:parallelism (sets 1..%d)", f, len(statusOptions))
		}
		out = append(out, metadataCase{sets: sets, parallelism: par})
	}
	return out
}

var statusOptions = []string{"Approved", "In review", "Needs changes", "On hold", "Final"}

// runMetadata applies n new files that each set the same 3 metadata fields (a select, a number and a
// toggle), with c.sets distinct value sets, at -parallelism c.parallelism, and reports the bulk update
// calls: metadata.bulk_update allows 10 a minute and carries up to 100 files, so 1,000 files need at
// least 10 calls; Terraform applies at most -parallelism resources at once, so a call carries at most
// that many files.
func runMetadata(t *testing.T, tf, providerDir string, n int, c metadataCase) {
	e, err := emulator.Start("127.0.0.1:0", emulator.Options{Discard: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, f := range []struct {
		name, typ string
		options   []string
	}{{"Status", "select", statusOptions}, {"Reel", "number", nil}, {"Reviewed", "toggle", nil}} {
		if _, err := e.AddFieldDefinition("", f.name, f.typ, f.options, true); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	writeFiles(t, filepath.Join(dir, "files"), n)
	writeMetadataConfig(t, dir, e.Options().RootFolderID, c.sets)
	env := cliEnv(t, dir, providerDir, e)
	fmt.Printf("\n== metadata: %d new files, 3 fields, %d value set(s), -parallelism=%d ==\n", n, c.sets, c.parallelism)
	apply := runPhase(t, e, "apply", tf, dir, env, "apply", "-auto-approve", "-no-color", fmt.Sprintf("-parallelism=%d", c.parallelism))
	plan := runPhase(t, e, "plan", tf, dir, env, "plan", "-detailed-exitcode", "-no-color")
	bare := runPhase(t, e, "plan -refresh=false (Terraform's own time)", tf, dir, env, "plan", "-refresh=false", "-detailed-exitcode", "-no-color")
	report(apply, plan, bare)
	calls, limited := apply.calls["metadata.bulk_update"], apply.limited["metadata.bulk_update"]
	// At least: each value set's files in calls of 100, and no call carrying more files than Terraform
	// applies at once.
	least := 0
	for s := range c.sets {
		files := n / c.sets
		if s < n%c.sets {
			files++
		}
		least += (files + 99) / 100
	}
	least = max(least, (n+c.parallelism-1)/c.parallelism)
	fmt.Printf("\nmetadata: %d files, %d value set(s), -parallelism=%d: %d metadata.bulk_update calls (%d HTTP 429), "+
		"at least %d possible; %d HTTP 429 in all; apply %.1f s wall\n",
		n, c.sets, c.parallelism, calls, limited, least, apply.tooMany, apply.wall.Seconds())
	if apply.err != "" || plan.err != "" || bare.err != "" {
		t.Fatalf("the apply failed or the plan after it is not empty: %s %s %s", apply.err, plan.err, bare.err)
	}
	if got := countWithMetadata(e); got != n {
		t.Fatalf("%d files carry the 3 values after the apply, want %d", got, n)
	}
}

// writeMetadataConfig writes one frameio_file per generated file in folder, file i with value set
// i mod sets.
func writeMetadataConfig(t *testing.T, dir, folder string, sets int) {
	t.Helper()
	quoted := make([]string, sets)
	for i := range sets {
		quoted[i] = strconv.Quote(statusOptions[i])
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    frameio = { source = "frameio/frameio" }
  }
}

provider "frameio" {}

locals {
  statuses = [%s]
}

resource "frameio_file" "f" {
  for_each  = fileset("${path.module}/files", "*")
  folder_id = %q
  source    = "${path.module}/files/${each.value}"
  metadata = {
    Status   = local.statuses[tonumber(substr(each.value, 1, 5)) %% length(local.statuses)]
    Reel     = "3"
    Reviewed = "true"
  }
}
`, strings.Join(quoted, ", "), folder)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// countWithMetadata counts the files that hold a value for each of the 3 fields.
func countWithMetadata(e *emulator.Emulator) int {
	n := 0
	for _, f := range e.Files() {
		if len(e.FileMetadata(f.ID)) == 3 {
			n++
		}
	}
	return n
}
