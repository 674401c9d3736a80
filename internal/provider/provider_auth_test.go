package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// Adobe IMS credentials against the emulator's token endpoint: tokens renewed during a long upload, one
// token for many parallel resources, a token that expires between two runs. The settings' errors are in
// provider_auth_errors_test.go.

// imsBlock configures the provider for e with e's IMS client credentials, plus extra lines.
func imsBlock(e *emulator.Emulator, extra string) string {
	o := e.Options()
	return fmt.Sprintf(`
provider "frameio" {
  base_url      = %q
  ims_url       = %q
  account_id    = %q
  client_id     = %q
  client_secret = %q
  %s
}
`, e.URL(), e.URL(), o.AccountID, o.IMS.ClientID, o.IMS.ClientSecret, extra)
}

// apiCall is one Frame.io API request the emulator saw, with the bearer token it carried.
type apiCall struct {
	emulator.Request
	token string
}

// apiCalls returns the emulator's API requests (not the part uploads, not IMS) in arrival order.
func apiCalls(e *emulator.Emulator) []apiCall {
	var out []apiCall
	for _, r := range e.Requests() {
		if strings.HasPrefix(r.Path, "/v4/") {
			out = append(out, apiCall{r, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")})
		}
	}
	return out
}

// checkTokenUse asserts what every IMS test wants: no API call was refused (tokens are renewed before
// they expire, not after a 401) and every token IMS issued was used (none fetched for nothing).
func checkTokenUse(e *emulator.Emulator) statecheck.StateCheck {
	return emulatorCheck(func() error {
		used := map[string]bool{}
		for _, c := range apiCalls(e) {
			if c.Status == http.StatusUnauthorized {
				return fmt.Errorf("%s %s was refused (401): the token was not renewed in time", c.Method, c.Path)
			}
			used[c.token] = true
		}
		if n, issued := len(used), e.IMSTokensIssued(); n != issued || e.IMSRequests() != issued {
			return fmt.Errorf("%d token requests, %d tokens issued, %d used by the API: want all equal",
				e.IMSRequests(), issued, n)
		}
		return nil
	})
}

func TestAccProviderAuth_tokensRenewedDuringSlowUpload(t *testing.T) {
	const lifetime = 5 * time.Second
	e := newTestEmulator(t, emulator.Options{PartSize: 800_000, IMS: emulator.IMSOptions{TokenLifetime: lifetime}})
	e.SetBandwidth(250_000) // 3.2 s per part, one part at a time: the upload spans two token lifetimes
	src, sum := writeRandomFile(t, t.TempDir(), "long.mov", 2_400_000, 61)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: imsBlock(e, "upload_concurrency = 1") + fmt.Sprintf(`
resource "frameio_file" "long" {
  folder_id = %q
  source    = %q
}
`, e.Options().RootFolderID, hcl(src)),
			ConfigStateChecks: []statecheck.StateCheck{
				expectStoredContent(e, "frameio_file.long", sum),
				checkTokenUse(e),
				emulatorCheck(func() error {
					puts := partPUTs(e.Requests())
					if len(puts) != 3 {
						return fmt.Errorf("%d part PUTs, want 3", len(puts))
					}
					first, last := puts[0].Start, puts[len(puts)-1].Start.Add(puts[len(puts)-1].Duration)
					if span := last.Sub(first); span < lifetime+time.Second {
						return fmt.Errorf("the upload took %s: too short to outlive a %s token", span, lifetime)
					}
					// The create's token had expired when the upload ended: the status poll that followed
					// went out with a renewed one, and no IMS call was made while only parts were moving.
					var create, poll string
					for _, c := range apiCalls(e) {
						switch {
						case strings.HasSuffix(c.Path, "/local_upload"):
							create = c.token
						case strings.HasSuffix(c.Path, "/status") && c.Start.After(last) && poll == "":
							poll = c.token
						}
					}
					if create == "" || poll == "" || create == poll {
						return fmt.Errorf("status poll after the upload used the create's token (or none was seen)")
					}
					for _, r := range e.Requests() {
						if r.Path == "/ims/token/v3" && r.Start.After(first) && r.Start.Before(last) {
							return fmt.Errorf("token request during the part upload, when no API call needed one")
						}
					}
					t.Logf("token requests in the run: %d (%d-s tokens, upload of %s)", e.IMSRequests(), int(lifetime.Seconds()), last.Sub(first).Round(time.Millisecond))
					if n := e.IMSRequests(); n > 6 {
						return fmt.Errorf("%d token requests, want at most 6 for one apply and its checks", n)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccProviderAuth_twentyFilesShareOneToken(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{IMS: emulator.IMSOptions{TokenLifetime: time.Hour}})
	dir := t.TempDir()
	for i := range 20 {
		writeRandomFile(t, dir, fmt.Sprintf("still_%02d.png", i), 10_000+i, uint64(200+i))
	}
	config := imsBlock(e, "") + fmt.Sprintf(`
locals {
  stills = sort(fileset(%q, "*.png"))
}
resource "frameio_file" "stills" {
  count     = length(local.stills)
  folder_id = %q
  source    = "%s/${local.stills[count.index]}"
}
`, hcl(dir), e.Options().RootFolderID, hcl(dir))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectNoOrphans(e),
				checkTokenUse(e),
				emulatorCheck(func() error {
					// Terraform creates ten at a time: one token for all twenty means the first call's
					// token request was shared, not repeated by each resource.
					creates := map[string]int{}
					for _, c := range apiCalls(e) {
						if strings.HasSuffix(c.Path, "/local_upload") {
							creates[c.token]++
						}
					}
					if len(creates) != 1 {
						return fmt.Errorf("the 20 creates used %d different tokens, want 1", len(creates))
					}
					t.Logf("token requests in the run: %d, all 20 creates on one token", e.IMSRequests())
					return nil
				}),
			},
		}},
	})
}

// imsToken gets a token from e's IMS endpoint, as a CI job's own token step would.
func imsToken(t *testing.T, e *emulator.Emulator) string {
	t.Helper()
	o := e.Options().IMS
	resp, err := http.PostForm(e.URL()+"/ims/token/v3", url.Values{"grant_type": {"client_credentials"},
		"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "scope": {emulator.DefaultIMSScopes}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.AccessToken == "" {
		t.Fatalf("token request: %d %v", resp.StatusCode, err)
	}
	return r.AccessToken
}

func TestAccProviderAuth_tokenExpiresBetweenRuns(t *testing.T) {
	// A plan approved one day and applied the next: the emulator's clock jumps past the token lifetime
	// between the steps. A token obtained elsewhere has expired; credentials get a new one.
	clk := emulator.NewTestClock()
	e := newTestEmulator(t, emulator.Options{Clock: clk, IMS: emulator.IMSOptions{TokenLifetime: time.Hour}})
	src, _ := writeRandomFile(t, t.TempDir(), "daily.mov", 5_000, 71)
	file := func(name string) string {
		return fmt.Sprintf(`
resource "frameio_file" "daily" {
  folder_id = %q
  source    = %q
  name      = %q
}
`, e.Options().RootFolderID, hcl(src), name)
	}
	static := fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  account_id = %q
  token      = %q
}
`, e.URL(), e.Options().AccountID, imsToken(t, e))
	nextDay := func() { clk.Advance(25 * time.Hour) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{Config: static + file("day1.mov")},
			{
				PreConfig: nextDay,
				Config:    static + file("day2.mov"),
				ExpectError: errorPattern(`401 Unauthorized.*Frame.io refused the access token: it has expired or is ` +
					`not valid.*remove token and set client_id and client_secret \(FRAMEIO_CLIENT_ID, FRAMEIO_CLIENT_SECRET\)`),
			},
			{
				// The fix the message gives: credentials, with which the provider gets its own tokens.
				Config:            imsBlock(e, "") + file("day2.mov"),
				ConfigStateChecks: []statecheck.StateCheck{expectName(e, "frameio_file.daily", "day2.mov")},
			},
			{
				PreConfig: func() { nextDay(); e.ResetRequests() },
				Config:    imsBlock(e, "") + file("day3.mov"),
				ConfigStateChecks: []statecheck.StateCheck{
					expectName(e, "frameio_file.daily", "day3.mov"),
					emulatorCheck(func() error {
						for _, c := range apiCalls(e) {
							if c.Status == http.StatusUnauthorized {
								return fmt.Errorf("%s %s refused: a token from the day before was sent", c.Method, c.Path)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}

// expectName: Frame.io holds the file at addr under name.
func expectName(e *emulator.Emulator, addr, name string) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		f, err := emulatorFile(e, req, addr)
		if err == nil && f.Name != name {
			err = fmt.Errorf("%s is called %q in Frame.io, want %q", addr, f.Name, name)
		}
		resp.Error = err
	})
}

func TestAccProviderAuth_noTokenRequestWithoutAPICall(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "plan.mov", 1_000, 81)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// Planning a new file needs no Frame.io call, so no token either.
			Config: imsBlock(e, "") + fmt.Sprintf(`
resource "frameio_file" "p" {
  folder_id = %q
  source    = %q
}
`, e.Options().RootFolderID, hcl(src)),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
	if n := e.IMSRequests(); n != 0 {
		t.Errorf("%d token requests for a plan that calls no API, want none", n)
	}
}
