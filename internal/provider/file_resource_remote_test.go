package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFile_remoteUpload(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the source is on 127.0.0.1
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "trailer final.mp4", 300_000, 15)
	_, sum2 := writeRandomFile(t, dir, "trailer_v2.mp4", 200_000, 16)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)

	config := func(path, extra string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "trailer" {
  folder_id  = %q
  source_url = "%s/%s"
  %s
}
`, e.Options().RootFolderID, srv.URL, path, extra))
	}
	const addr = "frameio_file.trailer"
	root := e.Options().RootFolderID
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("trailer final.mp4")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("transcoded")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(300_000)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.Null()),
					expectStoredContent(e, addr, sum),
					sameID.AddStateValue(addr, idPath),
				},
			},
			{
				Config:           config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Renamed in the web app: drift is put back in place, as for local files.
				PreConfig: func() {
					if err := e.RenameFile(fileIDByName(t, e, "trailer final.mp4"), "renamed by a reviewer.mp4"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, idPath),
					newID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("trailer final.mp4")),
					expectPlacedAs(e, addr, "trailer final.mp4", root),
				},
			},
			{
				// A new URL is new content: Frame.io fetches it into a new version on top of the old one.
				Config:           config("trailer_v2.mp4", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, idPath),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("trailer_v2.mp4")),
					expectStoredContent(e, addr, sum2),
					expectStack(e, addr, root, sum, sum2),
					expectNoOrphans(e), // the old remote file is the first version, in version_ids
				},
			},
		},
	})
}

func TestAccFile_remoteUploadFailures(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the sources are on 127.0.0.1
	dir := t.TempDir()
	writeRandomFile(t, dir, "clip.mov", 10_000, 17)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "60000000000") // announced, never sent
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(huge.Close)
	root := e.Options().RootFolderID
	config := func(url, extra string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = %q
  %s
}
`, root, url, extra))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      config(srv.URL+"/missing.mov", ""),
				ExpectError: errorPattern(`could not fetch the URL.*nothing was left behind`),
			},
			{
				PreConfig:   func() { requireNoFiles(t, e) },
				Config:      config(huge.URL+"/huge.mov", ""),
				ExpectError: errorPattern(`source_url: the file is 60000000000 bytes; Frame.io remote uploads are limited to 50 GB`),
			},
			{
				PreConfig:   func() { requireNoFiles(t, e) },
				Config:      config(srv.URL+"/", ""),
				ExpectError: errorPattern(`source_url .* has no file name in its path; set name`),
			},
		},
	})
	requireNoFiles(t, e)
}

// Frame.io fetches source_url from the internet: a loopback or private host only makes sense against
// the emulator on this machine. Against any other base_url the configuration fails before a single
// request (the base_url host does not even resolve: .invalid is reserved, RFC 6761).
func TestAccFile_remoteLoopbackSourceNeedsLocalAPI(t *testing.T) {
	const api = "https://frameio.invalid"
	config := func(provider, src string) string {
		return provider + fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = "6f1f2b0e-0000-4000-8000-0000000000c1"
  source_url = %q
}
`, src)
	}
	known := `
provider "frameio" {
  base_url   = "` + api + `"
  token      = "unused"
  account_id = "unused"
}
`
	// base_url known only at apply: the first plan cannot check; the plan Terraform makes again at
	// apply, with the provider configured, does, still before any request.
	late := `
resource "terraform_data" "api" {
  input = "` + api + `"
}
provider "frameio" {
  base_url   = terraform_data.api.output
  token      = "unused"
  account_id = "unused"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      config(known, "http://127.0.0.1:8089/files/trailer.mp4"),
				PlanOnly:    true,
				ExpectError: errorPattern(`source_url "http://127\.0\.0\.1:8089/files/trailer\.mp4" has a loopback host, which Frame\.io cannot reach: it fetches the URL from the internet\. Serve the file from a public https:// URL, or upload it with source instead`),
			},
			{
				Config:      config(known, "https://192.168.1.20/trailer.mp4"),
				PlanOnly:    true,
				ExpectError: errorPattern(`source_url "https://192\.168\.1\.20/trailer\.mp4" has a private host`),
			},
			{
				Config:      config(known, "http://localhost/trailer.mp4"),
				PlanOnly:    true,
				ExpectError: errorPattern(`source_url "http://localhost/trailer\.mp4" has a loopback host`),
			},
			{
				Config:      config(late, "http://[::1]:8089/trailer.mp4"),
				ExpectError: errorPattern(`source_url not reachable by Frame\.io.*source_url "http://\[::1\]:8089/trailer\.mp4" has a loopback host`),
			},
		},
	})
}

// Against the emulator the provider lets a loopback source_url through; the emulator, by default,
// refuses it as the service would refuse a URL it cannot reach, and the create fails cleanly.
func TestAccFile_remoteSourceRefusedByTheAPI(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{}) // private source URLs refused, as by Frame.io
	srv := httptest.NewServer(http.FileServer(http.Dir(t.TempDir())))
	t.Cleanup(srv.Close)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = "%s/trailer.mp4"
}
`, e.Options().RootFolderID, srv.URL)),
			ExpectError: errorPattern(`creating the remote upload in folder .*422.*source_url host 127\.0\.0\.1 is loopback`),
		}},
	})
	requireNoFiles(t, e)
}
