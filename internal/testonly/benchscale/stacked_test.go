//go:build benchscale

package benchscale

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// setupScale is how many times the documented limits the emulator serves while a stacked case builds
// its state (SetRateLimitScale): a thousand version stacks take 100 minutes at the documented 10 per
// minute, and that floor is not what the case measures. Every measured command runs at the documented
// limits, with empty buckets.
const setupScale = 100

// runStacked measures plans over n files that each have a second version, in one folder, beside the
// same files unstacked and the plans without refresh. The case is "provider" (the provider uploaded
// the second versions: n version stacks it made) or "webapp" (the second versions were uploaded in the
// web app on top of the provider's files, then seen by one refresh).
func runStacked(t *testing.T, tf, providerDir string, n int, kind string) {
	e, err := emulator.Start("127.0.0.1:0", emulator.Options{Discard: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir := t.TempDir()
	writeFiles(t, filepath.Join(dir, "files"), n)
	writeConfig(t, dir, []string{e.Options().RootFolderID})
	env := cliEnv(t, dir, providerDir, e)
	fmt.Printf("\n== %d stacked files in 1 folder: second versions by the %s ==\n", n, map[string]string{
		"provider": "provider (stacks it made)", "webapp": "web app (then seen by one refresh)"}[kind])

	setup(t, e, "setup: apply of the first versions", tf, dir, env)
	var measured []phase
	switch kind {
	case "provider":
		rewriteFiles(t, filepath.Join(dir, "files"), n)
		setup(t, e, "setup: apply of the second versions", tf, dir, env)
		if got := len(e.Stacks()); got != n {
			t.Fatalf("%d version stacks after the new versions, want %d", got, n)
		}
	case "webapp":
		unstacked := runPhase(t, e, "plan, unstacked", tf, dir, env, "plan", "-detailed-exitcode", "-no-color")
		bare := runPhase(t, e, "plan -refresh=false, unstacked", tf, dir, env, "plan", "-refresh=false", "-detailed-exitcode", "-no-color")
		addWebAppVersions(t, e)
		first := runPhase(t, e, "first refresh after the web-app versions (apply -refresh-only)", tf, dir, env,
			"apply", "-refresh-only", "-auto-approve", "-no-color")
		measured = append(measured, unstacked, bare, first)
	default:
		t.Fatalf("BENCH_SCALE_STACKED: unknown case %q (provider, webapp)", kind)
	}
	plan := runPhase(t, e, "plan, stacked", tf, dir, env, "plan", "-detailed-exitcode", "-no-color")
	bare := runPhase(t, e, "plan -refresh=false, stacked", tf, dir, env, "plan", "-refresh=false", "-detailed-exitcode", "-no-color")
	measured = append(measured, plan, bare)
	report(measured...)
	limit := bare.wall*3/2 + 3e9
	fmt.Printf("\nstacked plan %.1f s, -refresh=false %.1f s: %.2f times; target at most 1.5 times + 3 s = %.1f s: %s\n",
		plan.wall.Seconds(), bare.wall.Seconds(), plan.wall.Seconds()/bare.wall.Seconds(), limit.Seconds(),
		map[bool]string{true: "met", false: "MISSED"}[plan.wall <= limit])
	for _, p := range measured {
		if p.err != "" {
			t.Fatalf("%s failed or was not empty: %s", p.name, p.err)
		}
	}
}

// setup runs an apply at setupScale times the documented limits and reports it briefly.
func setup(t *testing.T, e *emulator.Emulator, name, tf, dir string, env []string) {
	t.Helper()
	e.SetRateLimitScale(setupScale)
	p := runPhase(t, e, name, tf, dir, env, "apply", "-auto-approve", "-no-color")
	e.SetRateLimitScale(1)
	total := 0
	for _, c := range p.calls {
		total += c
	}
	fmt.Printf("%s (limits %d times the documented ones): %.1f s, %d API calls, %d HTTP 429, CPU %.1f s\n",
		name, setupScale, p.wall.Seconds(), total, p.tooMany, p.cpu.Seconds())
	if p.err != "" {
		t.Fatalf("%s: %s", name, p.err)
	}
}

// rewriteFiles gives every generated file new content of the same size.
func rewriteFiles(t *testing.T, dir string, n int) {
	t.Helper()
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("f%05d.bin", i))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for j := range b {
			b[j] ^= 0xa5
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// addWebAppVersions uploads, out of band, a newer version on top of every generated file.
func addWebAppVersions(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	n := 0
	for _, f := range e.Files() {
		if !strings.HasPrefix(f.Name, "f") || !strings.HasSuffix(f.Name, ".bin") {
			continue
		}
		name := strings.TrimSuffix(f.Name, ".bin") + "_graded.bin"
		if _, _, err := e.AddFileVersion(f.ID, name, []byte(name)); err != nil {
			t.Fatal(err)
		}
		n++
	}
	fmt.Printf("web app: a newer version uploaded on top of each of %d files\n", n)
}
