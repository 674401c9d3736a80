//go:build benchscale

package benchscale

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/testonly"
)

// fileSize is the size of each generated file: small, so that the run measures API calls, not bytes.
const fileSize = 1024

// TestScale applies N files, then plans them unchanged, once per folder layout, then plans N stacked
// files once per stacked case (stacked_test.go), then applies N new files with metadata once per
// metadata case (metadata_test.go), and prints what each phase cost. It fails only when Terraform fails or the plan is not empty: it measures, it does not
// assert targets.
func TestScale(t *testing.T) {
	n := envInt(t, "BENCH_SCALE_N", 1000)
	layouts := strings.Fields(os.Getenv("BENCH_SCALE_FOLDERS"))
	if len(layouts) == 0 {
		layouts = []string{"1", "20"}
	}
	tf, providerDir := setupCLI(t)
	fmt.Printf("bench-scale: %d files of %d bytes per layout, %s, rate limits on\n", n, fileSize, machine())
	for _, l := range layouts {
		if l == "none" {
			break
		}
		folders, err := strconv.Atoi(l)
		if err != nil || folders < 1 {
			t.Fatalf("BENCH_SCALE_FOLDERS: %q is not a folder count", l)
		}
		runLayout(t, tf, providerDir, n, folders)
	}
	stacked := strings.Fields(os.Getenv("BENCH_SCALE_STACKED"))
	if len(stacked) == 0 {
		stacked = []string{"provider", "webapp"}
	}
	for _, kind := range stacked {
		if kind != "none" {
			runStacked(t, tf, providerDir, n, kind)
		}
	}
	for _, c := range metadataCases(t) {
		runMetadata(t, tf, providerDir, n, c)
	}
}

// setupCLI returns the Terraform CLI (TERRAFORM, default bin/terraform) and a directory holding the
// provider: BENCH_SCALE_PROVIDER when set (e.g. an older commit's build, for before/after numbers),
// else one built from this tree.
func setupCLI(t *testing.T) (tf, providerDir string) {
	t.Helper()
	root, err := testonly.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	tf = os.Getenv("TERRAFORM")
	if tf == "" {
		tf = filepath.Join(root, "bin", "terraform")
	}
	providerDir = t.TempDir()
	bin := filepath.Join(providerDir, "terraform-provider-frameio")
	if p := os.Getenv("BENCH_SCALE_PROVIDER"); p != "" {
		if err := os.Symlink(p, bin); err != nil {
			t.Fatal(err)
		}
		return tf, providerDir
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return tf, providerDir
}

// cliEnv is the environment of Terraform commands run in dir: dev_overrides to the provider in
// providerDir (no registry, no init), and the provider configured for e.
func cliEnv(t *testing.T, dir, providerDir string, e *emulator.Emulator) []string {
	t.Helper()
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  dev_overrides {\n    \"frameio/frameio\" = %q\n  }\n  direct {}\n}\n", providerDir), 0o644); err != nil {
		t.Fatal(err)
	}
	o := e.Options()
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		"TF_LOG=", "TF_LOG_PROVIDER=", "FRAMEIO_BASE_URL="+e.URL(), "FRAMEIO_TOKEN="+o.Token, "FRAMEIO_ACCOUNT_ID="+o.AccountID)
}

// phase is what one Terraform command cost.
type phase struct {
	name    string
	wall    time.Duration
	calls   map[string]int // operationId -> API calls (every attempt, 429s included)
	limited map[string]int // operationId -> of those, replies 429
	s3      int            // part PUTs
	tooMany int
	rssKB   int64         // provider peak RSS (VmHWM) seen while the command ran; 0 when not seen
	err     string        // the errors when the command failed (plan: also when not empty)
	cpu     time.Duration // CPU time of Terraform and the provider
	// providerCPU is the provider's CPU time, as last sampled (a lower bound; 0 when not seen).
	providerCPU time.Duration
}

func runLayout(t *testing.T, tf, providerDir string, n, folders int) {
	e, err := emulator.Start("127.0.0.1:0", emulator.Options{Discard: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	o := e.Options()
	ids := []string{o.RootFolderID}
	if folders > 1 {
		ids = ids[:0]
		for i := range folders {
			id, err := e.AddFolder(o.RootFolderID, fmt.Sprintf("reel-%02d", i+1))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
	}
	dir := t.TempDir()
	writeFiles(t, filepath.Join(dir, "files"), n)
	writeConfig(t, dir, ids)
	env := cliEnv(t, dir, providerDir, e)

	fmt.Printf("\n== %d files in %d folder(s) ==\n", n, folders)
	// An apply that fails (e.g. retries run out on 429s) is reported and run again, up to three
	// times, so that the plan is still measured over every file.
	phases := []phase{}
	for attempt := 1; ; attempt++ {
		p := runPhase(t, e, fmt.Sprintf("apply (run %d)", attempt), tf, dir, env, "apply", "-auto-approve", "-no-color")
		phases = append(phases, p)
		if p.err == "" {
			break
		}
		if attempt == 3 {
			report(phases...)
			t.Fatalf("apply failed three times")
		}
	}
	plan := runPhase(t, e, "plan", tf, dir, env, "plan", "-detailed-exitcode", "-no-color")
	// The same plan without refreshing makes no API call: what is left is Terraform's own work (and the
	// provider's plan-time checks of each source file), the part no API change can remove.
	bare := runPhase(t, e, "plan -refresh=false (Terraform's own time)", tf, dir, env, "plan", "-refresh=false", "-detailed-exitcode", "-no-color")
	report(append(phases, plan, bare)...)
	if plan.err != "" || bare.err != "" {
		t.Fatalf("the plan after apply is not empty or failed")
	}
}

// runPhase runs one Terraform command and collects what it cost from the emulator's request log.
func runPhase(t *testing.T, e *emulator.Emulator, name, tf, dir string, env []string, args ...string) phase {
	t.Helper()
	e.ResetRequests()
	cmd := exec.Command(tf, append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	ctx, stop := context.WithCancel(context.Background())
	rss := make(chan procStats, 1)
	go func() { rss <- watchProvider(ctx) }()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	stop()
	ps := <-rss
	p := phase{name: name, wall: wall, calls: map[string]int{}, limited: map[string]int{}, rssKB: ps.peakKB, providerCPU: ps.cpu}
	if cmd.ProcessState != nil { // Terraform's CPU time includes that of the provider it ran and waited for
		p.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if code != 0 {
		p.err = firstError(out.String(), code)
		fmt.Printf("terraform %s exited %d; last lines:\n%s\n", name, code, tail(out.String(), 25))
	}
	for _, r := range e.Requests() {
		if r.S3 {
			p.s3++
			continue
		}
		op := operation(r.Method, r.Path)
		p.calls[op]++
		if r.Status == 429 {
			p.tooMany++
			p.limited[op]++
		}
	}
	return p
}

func report(phases ...phase) {
	limits := emulator.RateLimits()
	for _, p := range phases {
		total := 0
		for _, c := range p.calls {
			total += c
		}
		rss := "n/a"
		if p.rssKB > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(p.rssKB)/1024)
		}
		floor, floorOp := time.Duration(0), ""
		ops := make([]string, 0, len(p.calls))
		for op := range p.calls {
			ops = append(ops, op)
		}
		sort.Strings(ops)
		fmt.Printf("\n%s: %.1f s wall, %d API calls, %d HTTP 429, %d part PUTs, provider peak RSS %s\n",
			p.name, p.wall.Seconds(), total, p.tooMany, p.s3, rss)
		if p.cpu > 0 {
			fmt.Printf("  CPU: %.1f s Terraform and provider, of which the provider at least %.1f s\n",
				p.cpu.Seconds(), p.providerCPU.Seconds())
		}
		if p.err != "" {
			fmt.Printf("  FAILED: %s\n", p.err)
		}
		fmt.Printf("  %-32s %7s %6s %10s %10s\n", "endpoint", "calls", "429", "limit", "floor")
		for _, op := range ops {
			lim, ok := limits[op]
			f, limText := time.Duration(0), "?"
			if ok {
				f = floorOf(p.calls[op]-p.limited[op], lim)
				limText = fmt.Sprintf("%d/%s", lim.N, shortDur(lim.Window))
			}
			if f > floor {
				floor, floorOp = f, op
			}
			fmt.Printf("  %-32s %7d %6d %10s %9.1fs\n", op, p.calls[op], p.limited[op], limText, f.Seconds())
		}
		if floorOp != "" {
			fmt.Printf("  floor set by the documented limits: %.1f s (%s)\n", floor.Seconds(), floorOp)
		} else {
			fmt.Printf("  floor set by the documented limits: 0 s (every class within its burst)\n")
		}
	}
}

// floorOf is the shortest time in which calls accepted calls fit a leaky bucket of lim: a burst of lim.N, then one
// per lim.Window/lim.N. Classes run in parallel, so a phase's floor is its largest class floor.
func floorOf(calls int, lim emulator.RateLimit) time.Duration {
	if calls <= lim.N {
		return 0
	}
	return time.Duration(calls-lim.N) * lim.Window / time.Duration(lim.N)
}

// operation maps a request to the operationId of the emulator route it matched ("unrouted" otherwise).
func operation(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, r := range emulator.Routes() {
		if r.Method != method {
			continue
		}
		ps := strings.Split(strings.Trim(r.Pattern, "/"), "/")
		if len(ps) != len(segs) {
			continue
		}
		match := true
		for i := range ps {
			if !strings.HasPrefix(ps[i], "{") && ps[i] != segs[i] {
				match = false
				break
			}
		}
		if match {
			return r.OperationID
		}
	}
	return "unrouted " + method
}

func writeFiles(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), 14))
	buf := make([]byte, fileSize)
	for i := range n {
		for j := range buf {
			buf[j] = byte(rng.UintN(256))
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%05d.bin", i)), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeConfig writes one frameio_file per generated file, file i in folder i mod len(folders).
func writeConfig(t *testing.T, dir string, folders []string) {
	t.Helper()
	quoted := make([]string, len(folders))
	for i, f := range folders {
		quoted[i] = strconv.Quote(f)
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    frameio = { source = "frameio/frameio" }
  }
}

provider "frameio" {}

locals {
  folders = [%s]
}

resource "frameio_file" "f" {
  for_each  = fileset("${path.module}/files", "*")
  folder_id = local.folders[tonumber(substr(each.value, 1, 5)) %% length(local.folders)]
  source    = "${path.module}/files/${each.value}"
}
`, strings.Join(quoted, ", "))
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// procStats is what watchProvider saw of the provider processes of one command.
type procStats struct {
	peakKB int64         // largest VmHWM (peak RSS) in KiB
	cpu    time.Duration // sum over provider processes of their last sampled utime+stime
}

// watchProvider samples the provider processes until ctx ends (Linux only; zero elsewhere). VmHWM and
// CPU time only grow, so the last samples are close to the final values.
func watchProvider(ctx context.Context) procStats {
	var st procStats
	cpu := map[string]time.Duration{}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		procs, _ := filepath.Glob("/proc/[0-9]*/comm")
		for _, c := range procs {
			b, err := os.ReadFile(c)
			if err != nil || !strings.HasPrefix(string(b), "terraform-provi") {
				continue
			}
			dir := filepath.Dir(c)
			if status, err := os.ReadFile(filepath.Join(dir, "status")); err == nil {
				for _, line := range strings.Split(string(status), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
						st.peakKB = max(st.peakKB, kb)
					}
				}
			}
			if stat, err := os.ReadFile(filepath.Join(dir, "stat")); err == nil {
				// Fields after the command name (which may hold spaces) in parentheses: utime and stime
				// are the 12th and 13th, in clock ticks (100 per second on Linux).
				if i := strings.LastIndexByte(string(stat), ')'); i > 0 {
					f := strings.Fields(string(stat)[i+1:])
					if len(f) > 12 {
						ut, _ := strconv.ParseInt(f[11], 10, 64)
						sy, _ := strconv.ParseInt(f[12], 10, 64)
						cpu[dir] = time.Duration(ut+sy) * 10 * time.Millisecond
					}
				}
			}
		}
		select {
		case <-ctx.Done():
			for _, d := range cpu {
				st.cpu += d
			}
			return st
		case <-tick.C:
		}
	}
}

func machine() string {
	return fmt.Sprintf("%d CPU cores", runtime.NumCPU())
}

func envInt(t *testing.T, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", key, v)
	}
	return n
}

// firstError counts the "Error:" diagnostics of Terraform's output and quotes the first one's API error.
func firstError(out string, code int) string {
	lines := strings.Split(out, "\n")
	n, first := 0, ""
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "Error: ") {
			continue
		}
		n++
		if first != "" {
			continue
		}
		first = strings.TrimSpace(l)
		for _, m := range lines[i+1:] {
			if m = strings.TrimSpace(m); strings.Contains(m, "Too Many") || strings.HasPrefix(m, "frameio: ") {
				first += " / " + m
				break
			}
		}
	}
	if n == 0 {
		return fmt.Sprintf("exit code %d", code)
	}
	return fmt.Sprintf("%d errors, first: %s", n, first)
}

func tail(s string, lines int) string {
	ls := strings.Split(s, "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

func shortDur(d time.Duration) string {
	switch d {
	case time.Second:
		return "s"
	case time.Minute:
		return "min"
	}
	return d.String()
}
