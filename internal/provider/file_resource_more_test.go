package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/uploader"
)

// localFileConfig is the provider block plus one frameio_file named name that uploads src to the
// project's root folder.
func localFileConfig(e *emulator.Emulator, name, src string) string {
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" %q {
  folder_id = %q
  source    = %q
}
`, name, e.Options().RootFolderID, hcl(src)))
}

// uploadOutOfBand uploads a file the way another tool (or the web app) would, through the real client
// and engine, and returns its id: the asset a team later adopts with terraform import.
func uploadOutOfBand(t *testing.T, e *emulator.Emulator, src, name string) string {
	t.Helper()
	ctx := context.Background()
	o := e.Options()
	client, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: o.Token})
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	file, err := client.CreateLocalUpload(ctx, o.AccountID, o.RootFolderID, name, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	parts := make([]uploader.Part, len(file.UploadURLs))
	for i, u := range file.UploadURLs {
		parts[i] = uploader.Part{URL: u.URL, Size: u.Size}
	}
	if err := uploader.New(uploader.Options{}).Upload(ctx, uploader.Job{
		Reader: f, Size: info.Size(), Parts: parts, ContentType: file.MediaType,
	}); err != nil {
		t.Fatal(err)
	}
	return file.ID
}

func TestAccFile_importAdoptsSameSizeWithoutUpload(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "review_cut.mov", 1_500_000, 7)
	id := uploadOutOfBand(t, e, src, "review_cut.mov")
	config := localFileConfig(e, "adopted", src)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       "frameio_file.adopted",
				ImportState:        true,
				ImportStateId:      id,
				ImportStatePersist: true,
			},
			{
				// Same size: the hash is recorded in place, the reviewed asset keeps its id and comments.
				PreConfig: e.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.adopted", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("frameio_file.adopted", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("frameio_file.adopted", "id", id),
					func(*terraform.State) error {
						for _, r := range e.Requests() {
							if r.S3 || r.Method == http.MethodPost {
								return fmt.Errorf("adoption uploaded again: %s %s", r.Method, r.Path)
							}
						}
						return nil
					},
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestAccFile_importDifferentSizeReplaces(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	old, _ := writeRandomFile(t, dir, "old.mov", 10_000, 8)
	id := uploadOutOfBand(t, e, old, "cut.mov")
	src, _ := writeRandomFile(t, dir, "cut.mov", 12_000, 9)
	config := localFileConfig(e, "adopted", src)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: "frameio_file.adopted", ImportState: true, ImportStateId: id, ImportStatePersist: true},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.adopted", plancheck.ResourceActionReplace),
				}},
				Check: resource.TestCheckResourceAttrWith("frameio_file.adopted", "id", func(v string) error {
					if v == id {
						return fmt.Errorf("different content kept the imported id")
					}
					return nil
				}),
			},
		},
	})
}

func TestAccFile_userSuppliedSHA256(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "mix.wav", 50_000, 10)
	config := func(sha string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "mix" {
  folder_id     = %q
  source        = %q
  source_sha256 = %q
}
`, e.Options().RootFolderID, hcl(src), sha))
	}
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config(sum),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("frameio_file.mix", tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStoredContent(e, "frameio_file.mix", sum),
					captureID("frameio_file.mix", &firstID),
				),
			},
			{
				// The caller's hash is the content identity: a new value replaces the file.
				PreConfig: func() { writeRandomFile(t, dir, "mix.wav", 50_000, 11) },
				Config:    config(sum[:63] + "0"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.mix", plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

func TestAccFile_sourceWrittenDuringApply(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	target := filepath.Join(dir, "render.mov")
	config := fileConfig(e, fmt.Sprintf(`
resource "terraform_data" "render" {
  input = %q
  provisioner "local-exec" {
    command = "head -c 2200000 /dev/urandom > '${self.input}'"
  }
}
resource "frameio_file" "render" {
  folder_id = %q
  source    = terraform_data.render.output
}
`, hcl(target), e.Options().RootFolderID))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		ExternalProviders:        map[string]resource.ExternalProvider{},
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("frameio_file.render", tfjsonpath.New("source_sha256")),
				}},
				Check: func(s *terraform.State) error {
					sum, _, err := uploader.HashFile(context.Background(), target)
					if err != nil {
						return err
					}
					return resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("frameio_file.render", "source_sha256", sum),
						resource.TestCheckResourceAttr("frameio_file.render", "file_size", "2200000"),
						checkStoredContent(e, "frameio_file.render", sum),
					)(s)
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestAccFile_failedUploadLeavesNoOrphan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "broken.mov", 3_000_000, 12)
	config := localFileConfig(e, "broken", src)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// Part URLs rejected for good (403): fails fast, the half-created file is deleted.
				PreConfig:   func() { e.FailNextParts(1, http.StatusForbidden, 0) },
				Config:      config,
				ExpectError: errorPattern(`(?s)part \d+ of 3.*403.*nothing was left behind`),
			},
			{
				// Frame.io reports upload_failed after the parts landed: same rule.
				PreConfig:   func() { checkEmpty(t, e); e.SetUploadFails(true) },
				Config:      config,
				ExpectError: errorPattern(`(?s)upload_failed.*nothing was left behind`),
			},
			{
				PreConfig: func() { checkEmpty(t, e); e.SetUploadFails(false) },
				Config:    config,
				Check:     resource.TestCheckResourceAttr("frameio_file.broken", "file_size", "3000000"),
			},
		},
	})
}

func checkEmpty(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	if files := e.Files(); len(files) != 0 {
		t.Fatalf("orphan left in Frame.io after a failed create: %+v", files[0])
	}
}

func TestAccFile_transientFaultsAreRetried(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	dir := t.TempDir()
	src, sum := writeRandomFile(t, dir, "flaky.mov", 3_000_000, 13)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.FailNextParts(1, http.StatusServiceUnavailable, 0)
				e.ResetNextParts(1)
				e.RateLimitNext(1, time.Second)
			},
			Config: localFileConfig(e, "flaky", src),
			Check:  checkStoredContent(e, "frameio_file.flaky", sum),
		}},
	})
}

func TestAccFile_badInput(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.mov")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	src, _ := writeRandomFile(t, dir, "ok.mov", 100, 14)
	root := e.Options().RootFolderID
	cases := []struct {
		name, body, want string
	}{
		{"directory", fmt.Sprintf(`source = %q`, hcl(dir)), `source: .* is a directory; point source at a file`},
		{"empty file", fmt.Sprintf(`source = %q`, hcl(empty)), `source: .* is empty; Frame.io cannot store an empty file`},
		{"missing file", fmt.Sprintf(`source = %q`, hcl(filepath.Join(dir, "nope.mov"))), `source: .*nope.mov does not exist`},
		{"both sources", fmt.Sprintf("source = %q\n  source_url = \"https://example.com/a.mov\"", hcl(src)), `(?i)Invalid Attribute Combination`},
		{"no source", `name = "x.mov"`, `(?i)No attribute specified when one \(and only one\) of \[source,source_url\]`},
		{"plain http url", `source_url = "http://media.example.com/a.mov"`, `source_url .* uses plain http`},
		{"bad wait_for", fmt.Sprintf("source = %q\n  wait_for = \"forever\"", hcl(src)), `wait_for.*value must be one of`},
		{"name too long", fmt.Sprintf("source = %q\n  name = %q", hcl(src), string(make([]byte, 0))+regexp.QuoteMeta(fmt.Sprintf("%0256d", 0))), `name.*length must be between 1 and 255`},
		{"bad sha256", fmt.Sprintf("source = %q\n  source_sha256 = \"ABC\"", hcl(src)), `source_sha256 .*64 lowercase hexadecimal`},
		{"unknown folder", fmt.Sprintf("source = %q", hcl(src)), `(?s)404`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			folder := root
			if c.name == "unknown folder" {
				folder = "00000000-0000-4000-8000-00000000dead"
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "bad" {
  folder_id = %q
  %s
}
`, folder, c.body)),
					ExpectError: errorPattern(c.want),
				}},
			})
			checkEmpty(t, e)
		})
	}
}

func TestAccFile_twentyFilesDefaultConcurrency(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts, RateLimits: true})
	dir := t.TempDir()
	for i := range 20 {
		writeRandomFile(t, dir, fmt.Sprintf("shot_%02d.mov", i), 100_000+i*50_000, uint64(100+i))
	}
	config := fileConfig(e, fmt.Sprintf(`
locals {
  shots = sort(fileset(%q, "*.mov"))
}
resource "frameio_file" "shots" {
  count     = length(local.shots)
  folder_id = %q
  source    = "%s/${local.shots[count.index]}"
}
`, hcl(dir), e.Options().RootFolderID, hcl(dir)))
	// count, not for_each: terraform-plugin-testing's legacy state shim (used after every test, even without
	// Check functions) rejects string instance keys. The provider does not care which one a config uses.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
					files := e.Files()
					if len(files) != 20 {
						return fmt.Errorf("%d files in Frame.io, want 20", len(files))
					}
					for _, f := range files {
						if !f.UploadComplete || f.SHA256 == "" {
							return fmt.Errorf("%s not complete", f.Name)
						}
					}
					return nil
				})},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	checkEmpty(t, e)
}

// emulatorCheck runs fn as a state check, for assertions about what Frame.io holds.
type emulatorCheck func() error

func (c emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

func TestAccFile_remoteUpload(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
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
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("frameio_file.trailer", tfjsonpath.New("name"), knownvalue.StringExact("trailer final.mp4")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("frameio_file.trailer", tfjsonpath.New("status"), knownvalue.StringExact("transcoded")),
					statecheck.ExpectKnownValue("frameio_file.trailer", tfjsonpath.New("file_size"), knownvalue.Int64Exact(300_000)),
					statecheck.ExpectKnownValue("frameio_file.trailer", tfjsonpath.New("source_sha256"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStoredContent(e, "frameio_file.trailer", sum),
					captureID("frameio_file.trailer", &firstID),
				),
			},
			{
				Config:           config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Renamed in the web app: drift is put back in place, as for local files.
				PreConfig: func() {
					if err := e.RenameFile(firstID, "renamed by a reviewer.mp4"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("trailer%20final.mp4", `wait_for = "transcode"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.trailer", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPtr("frameio_file.trailer", "id", &firstID),
					resource.TestCheckResourceAttr("frameio_file.trailer", "name", "trailer final.mp4"),
				),
			},
			{
				Config: config("trailer_v2.mp4", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.trailer", plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStoredContent(e, "frameio_file.trailer", sum2),
					resource.TestCheckResourceAttr("frameio_file.trailer", "name", "trailer_v2.mp4"),
					func(*terraform.State) error {
						if _, ok := e.File(firstID); ok {
							return fmt.Errorf("old remote file still present after replace")
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccFile_remoteUploadFailures(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
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

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = "%s/missing.mov"
}
`, root, srv.URL)),
				ExpectError: errorPattern(`(?s)could not fetch the URL.*nothing was left behind`),
			},
			{
				PreConfig: func() { checkEmpty(t, e); e.SetNeverComplete(true) },
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = "%s/clip.mov"
  timeouts = {
    create = "3s"
  }
}
`, root, srv.URL)),
				ExpectError: errorPattern(`(?s)timed out waiting for Frame.io.*timeouts.create is 3s.*nothing was left behind`),
			},
			{
				PreConfig: func() { checkEmpty(t, e) },
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = "%s/huge.mov"
}
`, root, huge.URL)),
				ExpectError: errorPattern(`source_url: the file is 60000000000 bytes; Frame.io remote uploads are limited to 50 GB`),
			},
			{
				PreConfig: func() { checkEmpty(t, e) },
				Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "r" {
  folder_id  = %q
  source_url = "%s/"
}
`, root, srv.URL)),
				ExpectError: errorPattern(`(?s)source_url .* has no file name in its path; set name`),
			},
		},
	})
}

func TestAccFile_logsShowProgressAndHideSecrets(t *testing.T) {
	const token = "tok-3f9a1c77e5b2-very-secret"
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts, Token: token})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "logged.mov", 2_000_000, 18)
	logPath := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG_PROVIDER_FRAMEIO_UPLOAD", "DEBUG")
	t.Setenv(EnvToken, token)
	e.FailNextParts(1, http.StatusInternalServerError, 0) // a retry line mentions the part URL's host

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// The token comes from the environment: the test harness logs the configuration itself.
			Config: fmt.Sprintf(`
provider "frameio" {
  base_url   = %q
  account_id = %q
}
resource "frameio_file" "logged" {
  folder_id = %q
  source    = %q
}
`, e.URL(), e.Options().AccountID, e.Options().RootFolderID, hcl(src)),
		}},
	})

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	for _, want := range []string{"upload started", "upload progress", "upload finished", "upload status", "frameio.upload"} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(logs) {
			t.Errorf("provider log has no %q line", want)
		}
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, token) {
			t.Errorf("the token appears in the log: %.300s", line)
		}
	}
	if m := regexp.MustCompile(`X-Amz-Signature=[0-9a-f]{16,}`).FindString(logs); m != "" {
		t.Errorf("a pre-signed URL signature appears in the log: %s", m)
	}
}

func TestAccFile_createTimeoutMidUploadLeavesNoOrphan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	e.SetBandwidth(200_000) // 2 MB at 200 kB/s per connection: far longer than the timeout
	src, _ := writeRandomFile(t, t.TempDir(), "slow.mov", 2_000_000, 19)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "slow" {
  folder_id = %q
  source    = %q
  timeouts = {
    create = "2s"
  }
}
`, e.Options().RootFolderID, hcl(src))),
			ExpectError: errorPattern(`timeouts.create is 2s.*nothing was left behind`),
		}},
	})
	checkEmpty(t, e)
}

func TestAccFile_moveToMissingFolderKeepsRename(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	src, _ := writeRandomFile(t, t.TempDir(), "a.mov", 1_000, 20)
	config := func(folder, name string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "f" {
  folder_id = %q
  name      = %q
  source    = %q
}
`, folder, name, hcl(src)))
	}
	root := e.Options().RootFolderID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config(root, "a.mov")},
			{
				Config:      config("00000000-0000-4000-8000-00000000beef", "b.mov"),
				ExpectError: errorPattern(`folder_id: cannot move the file to folder 00000000-0000-4000-8000-00000000beef`),
			},
			{
				// The rename was done and recorded; only the move is left to plan.
				Config: config(root, "b.mov"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestAccFile_failedCleanupTaintsInsteadOfOrphaning(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: smallParts})
	var failDeletes atomic.Bool
	failDeletes.Store(true)
	// A front for the API that refuses DELETE: the cleanup after a failed upload cannot succeed.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete && failDeletes.Load() {
			http.Error(w, `{"errors":[{"detail":"maintenance"}]}`, http.StatusServiceUnavailable)
			return
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	src, sum := writeRandomFile(t, t.TempDir(), "tainted.mov", 2_000_000, 21)
	o := e.Options()
	config := providerBlockAt(front.URL, e, "max_retries = 0") + fmt.Sprintf(`
resource "frameio_file" "t" {
  folder_id = %q
  source    = %q
}
`, o.RootFolderID, hcl(src))

	var orphanID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.FailNextParts(1, http.StatusForbidden, 0) },
				Config:      config,
				ExpectError: errorPattern(`could not be deleted.*kept in state as tainted`),
			},
			{
				PreConfig: func() {
					files := e.Files()
					if len(files) != 1 {
						t.Fatalf("want the one undeletable file in Frame.io, got %d", len(files))
					}
					orphanID = files[0].ID
					failDeletes.Store(false)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.t", plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStoredContent(e, "frameio_file.t", sum),
					func(*terraform.State) error {
						if _, ok := e.File(orphanID); ok {
							return fmt.Errorf("tainted file %s still in Frame.io after the replace", orphanID)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccFile_statusNotFoundRightAfterCreateIsWaitedOut(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	var hidden atomic.Int32
	hidden.Store(2)
	// Eventual consistency: the first status reads of a new file answer 404.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/status") && hidden.Add(-1) >= 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errors":[{"detail":"Not Found"}]}`))
			return
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	src, sum := writeRandomFile(t, t.TempDir(), "eventual.mov", 10_000, 22)
	o := e.Options()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlockAt(front.URL, e, "") + fmt.Sprintf(`
resource "frameio_file" "e" {
  folder_id = %q
  source    = %q
}
`, o.RootFolderID, hcl(src)),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkStoredContent(e, "frameio_file.e", sum),
				func(*terraform.State) error {
					if n := hidden.Load(); n >= 0 {
						return fmt.Errorf("the status endpoint was read only %d times", 2-n)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccFile_importRemoteFileRecordsURLInPlace(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	src, _ := writeRandomFile(t, dir, "promo.mp4", 20_000, 23)
	id := uploadOutOfBand(t, e, src, "promo.mp4")
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	config := fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "promo" {
  folder_id  = %q
  source_url = "%s/promo.mp4"
}
`, e.Options().RootFolderID, srv.URL))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config, ResourceName: "frameio_file.promo", ImportState: true, ImportStateId: id, ImportStatePersist: true},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("frameio_file.promo", plancheck.ResourceActionUpdate),
				}},
				Check: resource.TestCheckResourceAttr("frameio_file.promo", "id", id),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// maxOverlap is the largest number of requests among reqs that were being served at the same moment.
func maxOverlap(reqs []emulator.Request) int {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, r := range reqs {
		edges = append(edges, edge{r.Start, +1}, edge{r.Start.Add(r.Duration), -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at.Equal(edges[j].at) {
			return edges[i].delta < edges[j].delta // an end before a start at the same instant
		}
		return edges[i].at.Before(edges[j].at)
	})
	peak, cur := 0, 0
	for _, e := range edges {
		cur += e.delta
		peak = max(peak, cur)
	}
	return peak
}

func TestAccFile_uploadConcurrencyIsProviderWide(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{PartSize: 200_000})
	e.SetBandwidth(2_000_000) // slow parts, so that parts of different files overlap in time
	dir := t.TempDir()
	for i := range 4 {
		writeRandomFile(t, dir, fmt.Sprintf("reel_%d.mov", i), 1_000_000, uint64(30+i)) // 5 parts each
	}
	config := providerBlockAt(e.URL(), e, "upload_concurrency = 3") + fmt.Sprintf(`
locals {
  reels = sort(fileset(%q, "*.mov"))
}
resource "frameio_file" "reels" {
  count     = length(local.reels)
  folder_id = %q
  source    = "%s/${local.reels[count.index]}"
}
`, hcl(dir), e.Options().RootFolderID, hcl(dir))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
				var puts []emulator.Request
				for _, r := range e.Requests() {
					if r.S3 && r.Method == http.MethodPut {
						puts = append(puts, r)
					}
				}
				if len(puts) != 20 {
					return fmt.Errorf("%d part PUTs, want 20", len(puts))
				}
				if peak := maxOverlap(puts); peak > 3 || peak < 2 {
					return fmt.Errorf("up to %d part PUTs in flight across 4 files, want 2..3 (upload_concurrency = 3)", peak)
				}
				return nil
			})},
		}},
	})
}
