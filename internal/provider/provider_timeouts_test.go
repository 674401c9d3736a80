package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stallingProxy forwards to e, except that the first GET of a path ending with suffix never answers:
// a connection held by a load balancer. It counts those GETs.
// (When the emulator can stall an operation itself, this proxy can go.)
func stallingProxy(t *testing.T, e *emulator.Emulator, suffix string) (string, *atomic.Int32) {
	t.Helper()
	target, err := url.Parse(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	fwd := httputil.NewSingleHostReverseProxy(target)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, suffix) && hits.Add(1) == 1 {
			select {
			case <-r.Context().Done(): // the provider gave up on it
			case <-time.After(5 * time.Minute): // failsafe: a provider that waits for ever fails the test
			}
			return
		}
		fwd.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &hits
}

func TestAccProvider_requestTimeoutRetriesStalledRead(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	proxy, hits := stallingProxy(t, e, "/projects/"+o.ProjectID)
	src, sum := writeRandomFile(t, t.TempDir(), "a.mov", 300_000, 71)
	start := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlockAt(proxy, e, `request_timeout = "2s"
  upload_stall_timeout = "30s"`) + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
resource "frameio_file" "f" {
  folder_id = data.frameio_project.p.root_folder_id
  source    = %q
}
`, o.ProjectID, hcl(src)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.frameio_project.p", tfjsonpath.New("root_folder_id"), knownvalue.StringExact(o.RootFolderID)),
				expectStoredContent(e, "frameio_file.f", sum),
			},
		}},
	})
	// Without a deadline the stalled read held the plan until the proxy's failsafe (five minutes); now
	// it is retried after request_timeout. The bound is generous: it only tells "retried" from "waited
	// for the failsafe".
	elapsed := time.Since(start)
	t.Logf("test with one stalled read took %v (request_timeout 2s)", elapsed)
	if n := hits.Load(); n < 2 {
		t.Fatalf("the project was read %d times, want the stalled GET and its retry", n)
	}
	if elapsed > 4*time.Minute {
		t.Fatalf("took %v: the stalled read was not retried after request_timeout", elapsed)
	}
}

func TestAccProvider_timeoutSettingsValidated(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	data := fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, e.Options().ProjectID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      providerBlockAt(e.URL(), e, `request_timeout = "60"`) + data,
				ExpectError: errorPattern(`Invalid duration.*request_timeout "60" is not a duration; write it like "60s" or "2m"`),
			},
			{
				Config:      providerBlockAt(e.URL(), e, `upload_stall_timeout = "0s"`) + data,
				ExpectError: errorPattern(`upload_stall_timeout "0s" is out of range: it must be between 1s and 1h`),
			},
			{
				Config: providerBlockAt(e.URL(), e, `request_timeout = "90s"`) + data,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.frameio_project.p", tfjsonpath.New("id"), knownvalue.StringExact(e.Options().ProjectID)),
				},
			},
		},
	})
}

func TestAccProvider_timeoutEnvValidated(t *testing.T) {
	// The environment variables are checked when the provider is configured, and the error names both
	// the attribute and the variable. resource.Test: the environment is process-wide.
	e := newTestEmulator(t, emulator.Options{})
	t.Setenv(EnvRequestTimeout, "forever")
	t.Setenv(EnvUploadStallTimeout, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(e) + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
`, e.Options().ProjectID),
			ExpectError: errorPattern(`Invalid request_timeout.*request_timeout \(or FRAMEIO_REQUEST_TIMEOUT\) "forever" is not a duration`),
		}},
	})
}
