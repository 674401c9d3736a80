package provider

import (
	"fmt"
	"net"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The errors of the authentication settings: each names the attribute and its environment variable.
// Settings in the provider block only, so that these run in parallel (the environment is the process's).

// projectRead is a data source that makes one API call.
func projectRead(e *emulator.Emulator) string {
	return fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, e.Options().ProjectID)
}

// credentialsBlock configures the provider for e with the given IMS URL, client id and secret.
func credentialsBlock(e *emulator.Emulator, imsURL, clientID, secret, extra string) string {
	return fmt.Sprintf(`
provider "frameio" {
  base_url      = %q
  ims_url       = %q
  account_id    = %q
  client_id     = %q
  client_secret = %q
  %s
}
`, e.URL(), imsURL, e.Options().AccountID, clientID, secret, extra)
}

// closedURL is the URL of a loopback port where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

func TestAccProviderAuth_refusedCredentials(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options().IMS
	const checkCredentials = `Adobe IMS refused the client credentials: check client_id \(FRAMEIO_CLIENT_ID\) and ` +
		`client_secret \(FRAMEIO_CLIENT_SECRET\)`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      credentialsBlock(e, e.URL(), "not-our-client", o.ClientSecret, "") + projectRead(e),
				ExpectError: errorPattern(`400 Bad Request: invalid_client: invalid client_id parameter.*` + checkCredentials),
			},
			{
				Config:      credentialsBlock(e, e.URL(), o.ClientID, "not-our-secret", "") + projectRead(e),
				ExpectError: errorPattern(`401 Unauthorized: invalid_client: invalid client_secret parameter.*` + checkCredentials),
			},
			{
				// IMS grants what it is asked, but Frame.io needs frame.s2s.all: renewed once, refused again.
				Config: credentialsBlock(e, e.URL(), o.ClientID, o.ClientSecret, `scopes = "openid,AdobeID"`) + projectRead(e),
				ExpectError: errorPattern(`401 Unauthorized.*also with a renewed token.*Frame.io refused an access token ` +
					`Adobe IMS had just issued.*scopes \(or FRAMEIO_SCOPES; default openid,AdobeID,frame.s2s.all\) ` +
					`include frame.s2s.all`),
			},
			{
				Config: credentialsBlock(e, closedURL(t), o.ClientID, o.ClientSecret, "max_retries = 0") + projectRead(e),
				ExpectError: errorPattern(`got no reply.*Adobe IMS could not be reached at http://127.0.0.1:[0-9]+/ims/token/v3: ` +
					`check ims_url \(FRAMEIO_IMS_URL; default https://ims-na1.adobelogin.com\)`),
			},
		},
	})
	if n := e.IMSTokensIssued(); n != 2 {
		t.Errorf("%d tokens issued, want 2: the scope-less token and one renewal, no loop", n)
	}
}

func TestAccProviderAuth_credentialWithoutFrameioAPI(t *testing.T) {
	// The credential's project lacks the Frame.io API: IMS will not grant frame.s2s.all.
	e := newTestEmulator(t, emulator.Options{IMS: emulator.IMSOptions{Scopes: "openid,AdobeID"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: imsBlock(e, "") + projectRead(e),
			ExpectError: errorPattern(`400 Bad Request: invalid_scope: invalid scope \(frame.s2s.all\).*Adobe IMS did not ` +
				`grant the scopes asked for: check scopes \(FRAMEIO_SCOPES; default openid,AdobeID,frame.s2s.all\) and ` +
				`that the credential's project in the Adobe Developer Console includes the Frame.io API`),
		}},
	})
}

func TestAccProviderAuth_incompleteOrConflictingSettings(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	block := func(lines string) string {
		return fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  account_id = %q
  %s
}
`, e.URL(), o.AccountID, lines) + projectRead(e)
	}
	id, secret := fmt.Sprintf("client_id = %q\n", o.IMS.ClientID), fmt.Sprintf("client_secret = %q\n", o.IMS.ClientSecret)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: block(fmt.Sprintf("token = %q\n", o.Token) + id),
				ExpectError: errorPattern(`Conflicting Frame.io credentials.*sets token together with client_id, ` +
					`client_secret or refresh_token. Set one method`),
			},
			{
				Config: block(id),
				ExpectError: errorPattern(`Incomplete Frame.io credentials.*client_id is set but client_secret is not: ` +
					`set client_secret in the provider block or the FRAMEIO_CLIENT_SECRET environment variable`),
			},
			{
				Config: block(`refresh_token = "rt"` + "\n" + secret),
				ExpectError: errorPattern(`Incomplete Frame.io credentials.*client_secret and refresh_token is set but ` +
					`client_id is not: set client_id in the provider block or the FRAMEIO_CLIENT_ID environment variable`),
			},
			{
				Config:      block(id + secret + `ims_url = "http://ims.example.com"`),
				ExpectError: errorPattern(`ims_url "http://ims.example.com" uses plain http; use https`),
			},
		},
	})
	if n := e.IMSRequests(); n != 0 {
		t.Errorf("%d token requests for settings that cannot work, want none", n)
	}
}

// The tests below set the provider's environment variables: resource.Test, not ParallelTest.

// clearCredentialEnv unsets every credential variable for the test, so that one set in the shell that
// runs the tests cannot change which method a test's configuration resolves to.
func clearCredentialEnv(t *testing.T) {
	for _, v := range []string{EnvToken, EnvClientID, EnvClientSecret, EnvRefreshToken, EnvScopes, EnvIMSURL} {
		t.Setenv(v, "")
	}
}

func TestAccProviderAuth_conflictingEnvironment(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	clearCredentialEnv(t)
	t.Setenv(EnvToken, e.Options().Token)
	t.Setenv(EnvClientID, e.Options().IMS.ClientID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  account_id = %q
}
`, e.URL(), e.Options().AccountID) + projectRead(e),
				ExpectError: errorPattern(`Conflicting Frame.io credentials.*The environment sets FRAMEIO_TOKEN together ` +
					`with FRAMEIO_CLIENT_ID, FRAMEIO_CLIENT_SECRET or FRAMEIO_REFRESH_TOKEN. Unset one method`),
			},
			{
				// A method chosen in the provider block wins over the variables of the other one.
				Config: providerBlock(e) + projectRead(e),
			},
		},
	})
}
