package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stateHasNone fails when the state, serialised, contains any of the strings secrets() returns.
func stateHasNone(secrets func() []string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		raw, err := json.Marshal(req.State)
		if err != nil {
			resp.Error = err
			return
		}
		for _, s := range secrets() {
			if strings.Contains(string(raw), s) {
				resp.Error = fmt.Errorf("the state holds a secret (%.8s...)", s)
				return
			}
		}
	})
}

func TestAccProviderAuth_logAndStateHoldNoSecret(t *testing.T) {
	const (
		clientSecret = "cs-93be52-client-secret-never-logged"
		refreshToken = "rt-7d41c0-user-refresh-token-never-logged"
	)
	e := newTestEmulator(t, emulator.Options{PartSize: 500_000, IMS: emulator.IMSOptions{
		ClientSecret: clientSecret, RefreshToken: refreshToken, TokenLifetime: 2 * time.Second}})
	e.SetBandwidth(300_000) // 1.7 s per part, three in a row: the access token is renewed during the run
	src, sum := writeRandomFile(t, t.TempDir(), "user.mov", 1_500_000, 91)
	logPath := filepath.Join(t.TempDir(), "tf.log")
	// The secrets come from the environment, as in CI: the test harness logs the configuration itself.
	clearCredentialEnv(t)
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv(EnvClientID, e.Options().IMS.ClientID)
	t.Setenv(EnvClientSecret, clientSecret)
	t.Setenv(EnvRefreshToken, refreshToken)
	t.Setenv(EnvIMSURL, e.URL())
	secrets := func() []string { return append(e.IMSSecrets(), clientSecret, refreshToken) }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "frameio" {
  base_url           = %q
  account_id         = %q
  upload_concurrency = 1
}
resource "frameio_file" "user" {
  folder_id = %q
  source    = %q
}
`, e.URL(), e.Options().AccountID, e.Options().RootFolderID, hcl(src)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectStoredContent(e, "frameio_file.user", sum),
				checkTokenUse(e),
				stateHasNone(secrets),
			},
		}},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	// The log has the provider's lines (a log that missed them would prove nothing), among them more
	// than one token issued with the refresh-token grant.
	if n := strings.Count(logs, "obtained an Adobe IMS access token"); n < 2 {
		t.Errorf("the log has %d token lines, want at least 2 (a renewal during the upload)", n)
	}
	if !strings.Contains(logs, "upload finished") {
		t.Error("the log has no provider upload lines")
	}
	for _, s := range secrets() {
		if i := strings.Index(logs, s); i >= 0 {
			t.Errorf("a secret (%.8s...) appears in the log: %.200s", s, logs[max(0, i-100):])
		}
	}
	if e.IMSTokensIssued() < 2 {
		t.Errorf("%d access tokens issued, want at least 2", e.IMSTokensIssued())
	}
}
