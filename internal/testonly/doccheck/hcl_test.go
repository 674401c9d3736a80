package doccheck

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// checkUnit is what one `terraform fmt -check` and one `terraform validate` run on (fmt only for a
// fragment; for a CLI configuration, one run of the CLI with it): a block of the docs, or a directory of
// examples/ (its .tf files form one module, as Terraform reads them).
type checkUnit struct {
	name     string            // where it comes from, for the test's name and its messages
	files    map[string]string // file name -> content
	mark     string            // fragmentMark, cliConfigMark or ""
	minMajor int               // with minMinor: the CLI version validate needs (0.0: any)
	minMinor int
}

// TestAccDocsHCL formats and validates, through the real CLI (TF_ACC_TERRAFORM_PATH) and against a build
// of this provider, every HCL block of README.md, of the doc templates (templates/, the source of docs/)
// and of docs/guides/, and every directory of examples/. A block marked <!-- hcl: fragment --> is checked
// by fmt only. It needs TF_ACC (it builds the provider and runs the CLI), and is named TestAcc... so that
// CI, which fails on a skipped acceptance test, cannot miss it.
func TestAccDocsHCL(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to check the documentation's HCL through the CLI (make test does)")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name the Terraform (or OpenTofu) CLI")
	}
	root := repoRoot(t)
	units := docUnits(t, root)
	units = append(units, exampleUnits(t, root)...)
	major, minor := cliVersion(t, cli)

	whole, fragments, cliConfigs, tooOld := 0, 0, 0, 0
	for i, u := range units {
		switch {
		case u.mark == fragmentMark:
			fragments++
		case u.mark == cliConfigMark:
			cliConfigs++
		case major < u.minMajor || major == u.minMajor && minor < u.minMinor:
			units[i].mark = fragmentMark // fmt only, by this CLI
			tooOld++
		default:
			whole++
		}
	}
	// A floor well under today's counts: an extraction that silently finds nothing must fail.
	if whole < 12 {
		t.Fatalf("found only %d whole configurations to validate: is the extraction broken?", whole)
	}
	t.Logf("CLI %d.%d: %d configurations checked with fmt and validate, %d fragments with fmt only, %d CLI "+
		"configurations read by the CLI, %d blocks for a newer CLI with fmt only", major, minor, whole,
		fragments, cliConfigs, tooOld)

	env := cliEnv(t, root)
	for _, u := range units {
		t.Run(u.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, text := range u.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if u.mark == cliConfigMark {
				checkCLIConfig(t, cli, filepath.Join(dir, "main.tf"), env, u.name)
				return
			}
			if out, err := runCLI(cli, dir, env, "fmt", "-check", "-diff", "-no-color"); err != nil {
				t.Errorf("%s is not formatted as terraform fmt writes it (%v):\n%s", u.name, err, out)
			}
			if u.mark == fragmentMark {
				return
			}
			if out, err := runCLI(cli, dir, env, "validate", "-no-color"); err != nil {
				t.Errorf("%s is not a valid configuration (%v); mark it <!-- hcl: fragment --> if it is "+
					"not meant to be whole:\n%s\n--- the configuration:\n%s", u.name, err, out, joinFiles(u.files))
			}
		})
	}
}

// docUnits are the HCL blocks of README.md, templates/ and docs/guides/, each once: a guide rendered from
// its template repeats the template's blocks.
func docUnits(t *testing.T, root string) []checkUnit {
	t.Helper()
	files := []string{"README.md"}
	for _, dir := range []string{"templates", filepath.Join("docs", "guides")} {
		if _, err := os.Stat(filepath.Join(root, dir)); os.IsNotExist(err) {
			continue // docs/guides/ before the first guide
		}
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".md.tmpl")) {
				rel, _ := filepath.Rel(root, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	var units []checkUnit
	for _, f := range files {
		md, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := extractBlocks(filepath.ToSlash(f), md)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			key := fmt.Sprintf("%s\x00%d.%d\x00%s", b.mark, b.minMajor, b.minMinor, b.text)
			if seen[key] {
				continue
			}
			seen[key] = true
			files := map[string]string{"main.tf": b.text}
			if vars := undeclaredVariables(b.text); vars != "" && b.mark == "" {
				files["variables.tf"] = vars
			}
			units = append(units, checkUnit{name: b.String(), files: files, mark: b.mark,
				minMajor: b.minMajor, minMinor: b.minMinor})
		}
	}
	return units
}

var (
	varRefRE  = regexp.MustCompile(`\bvar\.([A-Za-z_][A-Za-z0-9_-]*)`)
	varDeclRE = regexp.MustCompile(`(?m)^\s*variable\s+"([^"]+)"`)
)

// undeclaredVariables declares the variables a doc block refers to without declaring them: a block of
// the docs may say var.folder_id for "your folder's id" and still be checked as a whole. It is the only
// thing added to a block; a resource or data source it refers to must be there (or the block marked a
// fragment).
func undeclaredVariables(text string) string {
	declared := map[string]bool{}
	for _, m := range varDeclRE.FindAllStringSubmatch(text, -1) {
		declared[m[1]] = true
	}
	var b strings.Builder
	for _, m := range varRefRE.FindAllStringSubmatch(text, -1) {
		if !declared[m[1]] {
			declared[m[1]] = true
			fmt.Fprintf(&b, "variable %q {}\n", m[1])
		}
	}
	return b.String()
}

// devOverridesWarning is the warning every command prints under dev_overrides: noise in a failure.
var devOverridesWarning = regexp.MustCompile(`(?s)(?:\x{2502}\s*)?Warning: Provider development overrides are in effect.*?releases\.\n`)

// exampleUnits are the directories of examples/ that hold .tf files, each as one module.
func exampleUnits(t *testing.T, root string) []checkUnit {
	t.Helper()
	byDir := map[string]map[string]string{}
	err := filepath.WalkDir(filepath.Join(root, "examples"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") { // .terraform, the demo's state
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(p) != ".tf" {
			return nil
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(p))
		dir = filepath.ToSlash(dir)
		if byDir[dir] == nil {
			byDir[dir] = map[string]string{}
		}
		byDir[dir][d.Name()] = string(text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	units := make([]checkUnit, 0, len(dirs))
	for _, d := range dirs {
		units = append(units, checkUnit{name: d + "/", files: byDir[d]})
	}
	return units
}

// cliEnv builds the provider and returns the environment for the CLI: a CLI configuration whose
// dev_overrides point both addresses a configuration may use (frameio/frameio in required_providers,
// hashicorp/frameio when a block declares none) at the build, so that nothing is downloaded and no
// `init` is needed.
func cliEnv(t *testing.T, root string) []string {
	t.Helper()
	plugins := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-frameio"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "frameio/frameio"   = %q
    "hashicorp/frameio" = %q
  }
  direct {}
}
`, filepath.ToSlash(plugins), filepath.ToSlash(plugins))
	if err := os.WriteFile(rc, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "FRAMEIO_") {
			continue // nothing of the machine's (TF_LOG, TF_CLI_ARGS, credentials) changes the result
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
}

// checkCLIConfig runs the CLI with the CLI configuration file rc: it reads the file when it starts, and
// reports any problem with it before doing anything else (Terraform and OpenTofu alike).
func checkCLIConfig(t *testing.T, cli, rc string, env []string, name string) {
	t.Helper()
	withRC := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			withRC = append(withRC, kv)
		}
	}
	out, err := runCLI(cli, filepath.Dir(rc), append(withRC, "TF_CLI_CONFIG_FILE="+rc), "version")
	if err != nil || strings.Contains(out, "problems with the CLI configuration") {
		t.Errorf("%s is not a CLI configuration the CLI reads without complaint (%v):\n%s", name, err, out)
	}
}

// cliVersion is the CLI's major and minor version, from `version -json` (OpenTofu's has the same field).
func cliVersion(t *testing.T, cli string) (int, int) {
	t.Helper()
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v\n%s", cli, err, out)
	}
	var major, minor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("%s version -json: version %q: %v", cli, v.Version, err)
	}
	return major, minor
}

func runCLI(cli, dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command(cli, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return devOverridesWarning.ReplaceAllString(string(out), ""), err
}

func joinFiles(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "# %s\n%s", n, files[n])
	}
	return b.String()
}
