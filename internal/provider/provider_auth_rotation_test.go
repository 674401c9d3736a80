package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Terraform starts a new provider process for the plan and for the apply. When IMS rotates refresh
// tokens on use and retires the old one (single-use refresh tokens), the token the plan's process was
// given dies with that process: the apply starts again from the stored one, which IMS has retired. The
// test runs the plan and the apply against two provider servers, as two processes would be.
func TestAccProviderAuth_cliRotatedRefreshTokenIsLostBetweenPlanAndApply(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{RotateRefreshTokens: true}})
	o := e.Options()
	config := credentialsBlock(e, e.URL(), o.IMS.ClientID, o.IMS.ClientSecret,
		fmt.Sprintf("refresh_token = %q", o.IMS.RefreshToken)) + projectRead(e) + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = "Deliverables"
  parent_id = %q
}
`, o.RootFolderID)
	plan := newTerraformCLI(t)
	plan.write(config)
	plan.run(true, "init")
	plan.run(true, "plan", "-out=run.tfplan")
	if n := e.IMSTokensIssued(); n != 1 {
		t.Fatalf("the plan obtained %d access tokens, want 1 (its refresh token rotated)", n)
	}

	apply := newTerraformCLI(t)
	apply.dir = plan.dir
	out := apply.run(false, "apply", "run.tfplan")
	requireOutput(t, "apply", out,
		`invalid_grant`,
		`Adobe IMS refused refresh_token \(FRAMEIO_REFRESH_TOKEN\)`,
		`single-use`,
		`new provider process for the plan and for the apply`,
		`client_id and client_secret without refresh_token`)
	for _, s := range append(e.IMSSecrets(), o.IMS.RefreshToken) {
		if strings.Contains(out, s) {
			t.Fatalf("the output holds a token IMS issued (%.10s...)", s)
		}
	}
	if n := len(e.Folders()); n != 1 {
		t.Fatalf("%d folders; the apply should have created none (only the root folder)", n)
	}
}

// Within one provider process the rotated refresh token is used (here the plan and the apply share one
// provider server), but the stored one is retired all the same: the next run fails, and says why.
func TestAccProviderAuth_cliRotatedRefreshTokenRetiresTheStoredOne(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{RotateRefreshTokens: true}})
	o := e.Options()
	config := credentialsBlock(e, e.URL(), o.IMS.ClientID, o.IMS.ClientSecret,
		fmt.Sprintf("refresh_token = %q", o.IMS.RefreshToken)) + projectRead(e) + fmt.Sprintf(`
resource "frameio_folder" "f" {
  name      = "Deliverables"
  parent_id = %q
}
`, o.RootFolderID)
	first := newTerraformCLI(t)
	first.write(config)
	first.run(true, "init")
	first.run(true, "apply", "-auto-approve")
	if n := len(e.Folders()); n != 2 {
		t.Fatalf("%d folders after the apply, want the root and the new one", n)
	}
	next := newTerraformCLI(t)
	next.dir = first.dir
	requireOutput(t, "the next run's plan", next.run(false, "plan"), `invalid_grant`, `single-use`)
}
