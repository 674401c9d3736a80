package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// terraformCLI runs the real Terraform CLI (TF_ACC_TERRAFORM_PATH) in a working directory of its own,
// against this provider served in-process, and returns what a user sees on the terminal. It is for what
// plugin-testing cannot assert: warnings, and the plan as printed.
type terraformCLI struct {
	t      *testing.T
	bin    string
	dir    string
	env    []string
	source string // the provider's address, as required_providers names it
}

// newTerraformCLI serves the provider for a CLI run. Like plugin-testing's resource.Test, it skips the test unless TF_ACC is set, so `go test ./...` passes
// without a CLI; and like those tests, the caller must be named TestAcc..., so that .ci/run, which fails
// on any skipped TestAcc test, catches a CI run that did not execute it.
func newTerraformCLI(t *testing.T) *terraformCLI {
	t.Helper()
	if !strings.HasPrefix(t.Name(), "TestAcc") {
		t.Fatalf("%s runs the Terraform CLI, so its name must start with TestAcc: CI fails only on "+
			"skipped TestAcc tests", t.Name())
	}
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name the Terraform (or OpenTofu) CLI; make test sets it")
	}
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve("registry.terraform.io/hashicorp/frameio",
			func() tfprotov6.ProviderServer { return providerserver.NewProtocol6(New("test")())() },
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride(),
			tf6server.WithLoggingSink(t)) // provider logs only with TF_LOG / TF_ACC_LOG_PATH, as in plugin-testing
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-served:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() { cancel(); <-closed })

	// The address plugin-testing gives the provider (make test-tofu sets the host and namespace); write
	// names it in required_providers, as plugin-testing does.
	host, namespace := "registry.terraform.io", "hashicorp"
	if v := os.Getenv("TF_ACC_PROVIDER_HOST"); v != "" {
		host = v
	}
	if v := os.Getenv("TF_ACC_PROVIDER_NAMESPACE"); v != "" {
		namespace = v
	}
	source := host + "/" + namespace + "/frameio"
	raw, err := json.Marshal(map[string]any{source: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": map[string]string{"Network": cfg.Addr.Network(), "String": cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// An empty CLI configuration of its own: nothing from the machine's (dev_overrides, mirrors) applies.
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(raw), "TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1", "TF_INPUT=0")
	return &terraformCLI{t: t, bin: bin, dir: t.TempDir(), env: env, source: source}
}

// write replaces the configuration with config, after a required_providers block for the provider.
func (c *terraformCLI) write(config string) {
	c.t.Helper()
	config = fmt.Sprintf("terraform {\n  required_providers {\n    frameio = {\n      source = %q\n    }\n  }\n}\n%s",
		c.source, config)
	if err := os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(config), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// run runs the CLI with args (plus -no-color) and returns its combined output; wantOK says whether it
// must succeed or fail.
func (c *terraformCLI) run(wantOK bool, args ...string) string {
	c.t.Helper()
	args = append(args, "-no-color")
	cmd := exec.Command(c.bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.CombinedOutput()
	if (err == nil) != wantOK {
		c.t.Fatalf("terraform %s: error %v, want success %v; output:\n%s", strings.Join(args, " "), err, wantOK, out)
	}
	return string(out)
}
