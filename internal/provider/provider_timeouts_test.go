package provider

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// stallingProxy forwards to an emulator, except that, once armed, the first GET of every path that
// stall accepts never answers: a connection held by a load balancer. (When the emulator can stall an
// operation itself, this proxy can go.)
type stallingProxy struct {
	URL   string
	armed atomic.Bool
	mu    sync.Mutex
	hits  map[string]int // GETs per stalled path, once armed
}

func newStallingProxy(t *testing.T, e *emulator.Emulator, stall func(path string) bool) *stallingProxy {
	t.Helper()
	target, err := url.Parse(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	fwd := httputil.NewSingleHostReverseProxy(target)
	p := &stallingProxy{hits: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && p.armed.Load() && stall(r.URL.Path) {
			p.mu.Lock()
			p.hits[r.URL.Path]++
			first := p.hits[r.URL.Path] == 1
			p.mu.Unlock()
			if first {
				select {
				case <-r.Context().Done(): // the provider gave up on it
				case <-time.After(5 * time.Minute): // failsafe: a provider that waits for ever fails the test
				}
				return
			}
		}
		fwd.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// stalled returns the paths whose first GET was stalled and how often each was asked for.
func (p *stallingProxy) stalled() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.hits)
}

func TestAccProvider_requestTimeoutRetriesStalledRead(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	proxy := newStallingProxy(t, e, func(p string) bool { return strings.HasSuffix(p, "/projects/"+o.ProjectID) })
	proxy.armed.Store(true)
	src, sum := writeRandomFile(t, t.TempDir(), "a.mov", 300_000, 71)
	var start time.Time // set when the step starts: ParallelTest first waits for the serial tests
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: func() { start = time.Now() },
			Config: providerBlockAt(proxy.URL, e, `request_timeout = "2s"
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
	t.Logf("apply, refresh and destroy with one stalled read took %v (request_timeout 2s)", elapsed)
	if n := proxy.stalled()["/v4/accounts/"+o.AccountID+"/projects/"+o.ProjectID]; n < 2 {
		t.Fatalf("the project was read %d times, want the stalled GET and its retry", n)
	}
	if elapsed > 4*time.Minute {
		t.Fatalf("took %v: the stalled read was not retried after request_timeout", elapsed)
	}
}

func TestAccProvider_planThroughStalledReads(t *testing.T) {
	// The refresh of a plan meets one stalled call on every path it reads (the project, the listings
	// behind the folder's and the file's Read): each is retried after request_timeout, and the plan
	// completes, empty.
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	proxy := newStallingProxy(t, e, func(string) bool { return true })
	src, _ := writeRandomFile(t, t.TempDir(), "a.mov", 100_000, 72)
	config := providerBlockAt(proxy.URL, e, `request_timeout = "2s"`) + fmt.Sprintf(`
data "frameio_project" "p" {
  id = %q
}
resource "frameio_folder" "d" {
  name      = "Dailies"
  parent_id = data.frameio_project.p.root_folder_id
}
resource "frameio_file" "f" {
  folder_id = frameio_folder.d.id
  source    = %q
}
`, o.ProjectID, hcl(src))
	var armedAt, doneAt time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { armedAt = time.Now(); proxy.armed.Store(true) },
				Config:    config,
				PlanOnly:  true, // fails on any planned change
			},
			{
				PreConfig: func() { doneAt = time.Now(); proxy.armed.Store(false) },
				Config:    config,
				PlanOnly:  true,
			},
		},
	})
	stalled := proxy.stalled()
	elapsed := doneAt.Sub(armedAt)
	t.Logf("plan with %d stalled reads took %v (request_timeout 2s): %v", len(stalled), elapsed, stalled)
	if len(stalled) < 3 {
		t.Fatalf("only %d paths were read (and stalled) during the plan: %v", len(stalled), stalled)
	}
	for p, n := range stalled {
		if n < 2 {
			t.Errorf("%s: stalled and never asked again", p)
		}
	}
	if elapsed > 4*time.Minute {
		t.Fatalf("the plan took %v", elapsed)
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
