package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The webhook's secret is in the state (Terraform keeps it: Frame.io never shows it again), but never on
// the terminal: not in the plan or apply of its create, of an in-place update or of a drift repair, not
// in terraform show, not in a sensitive output.
func TestAccWebhook_cliSecretNotPrinted(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	tf := newTerraformCLI(t)
	config := func(name string) string {
		return webhookConfig(e, e.Options().WorkspaceID, name, "https://hooks.example.com/x", []string{"file.ready"}, "") + `
output "webhook_secret" {
  value     = frameio_webhook.ingest.secret
  sensitive = true
}
`
	}
	tf.write(config("Ingest"))
	tf.run(true, "init")
	outputs := map[string]string{}
	outputs["plan of the create"] = tf.run(true, "plan")
	outputs["apply of the create"] = tf.run(true, "apply", "-auto-approve")
	hooks := e.Webhooks()
	if len(hooks) != 1 || len(hooks[0].Secret) < 16 {
		t.Fatalf("want one webhook with a secret, Frame.io holds %+v", hooks)
	}
	secret, id := hooks[0].Secret, hooks[0].ID
	requireOutput(t, "apply of the create", outputs["apply of the create"],
		`\+ secret = \(sensitive value\)`, `webhook_secret = <sensitive>`)

	tf.write(config("Ingest v2"))
	outputs["plan of an update"] = tf.run(true, "plan")
	requireOutput(t, "plan of an update", outputs["plan of an update"],
		`~ name = "Ingest" -> "Ingest v2"`, `Plan: 0 to add, 1 to change, 0 to destroy`)
	outputs["apply of an update"] = tf.run(true, "apply", "-auto-approve")

	if err := e.SetWebhookActive(id, false); err != nil {
		t.Fatal(err)
	}
	outputs["plan of a drift repair"] = tf.run(true, "plan")
	requireOutput(t, "plan of a drift repair", outputs["plan of a drift repair"], `~ active = false -> true`)
	outputs["apply of a drift repair"] = tf.run(true, "apply", "-auto-approve")
	outputs["show"] = tf.run(true, "show")
	requireOutput(t, "show", outputs["show"], `secret = \(sensitive value\)`)
	outputs["output"] = tf.run(true, "output")

	for what, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("the %s prints the webhook's secret:\n%s", what, out)
		}
	}
	if w, _ := e.Webhook(id); w.Secret != secret || w.Name != "Ingest v2" || !w.Active {
		t.Fatalf("Frame.io holds %+v after the updates; want the same secret, renamed and active", w)
	}
}

// Nor does the secret reach the log, at TRACE, through a create, an update and a read.
func TestAccWebhook_logHoldsNoSecret(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	logPath := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	ws := e.Options().WorkspaceID
	var secret string // read in a step: the webhook is destroyed when the test ends
	recordSecret := emulatorCheck(func() error {
		if hooks := e.Webhooks(); len(hooks) == 1 {
			secret = hooks[0].Secret
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:            webhookConfig(e, ws, "Ingest", "https://hooks.example.com/x", []string{"file.ready"}, ""),
				ConfigStateChecks: []statecheck.StateCheck{secretIsFrameIOs(e, webhookAddr), recordSecret},
			},
			{
				Config:            webhookConfig(e, ws, "Ingest", "https://hooks.example.com/x", []string{"file.ready"}, "active = false"),
				ConfigStateChecks: []statecheck.StateCheck{secretIsFrameIOs(e, webhookAddr)},
			},
		},
	})
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	// The log has the provider's lines (a log without them would prove nothing).
	for _, line := range []string{"webhook created", "webhook updated"} {
		if !strings.Contains(logs, line) {
			t.Errorf("the log has no %q line", line)
		}
	}
	if secret == "" {
		t.Fatal("the test read no secret")
	}
	if i := strings.Index(logs, secret); i >= 0 {
		t.Errorf("the webhook's secret appears in the log: %.200s", logs[max(0, i-100):])
	}
}
