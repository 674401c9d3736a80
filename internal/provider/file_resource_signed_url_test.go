package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// A CI job signs the same object again on every run: only the signature, its date and its expiry
// change. The test's file server ignores the query, as a bucket serving a valid signature would.

// presignedS3 is an S3 SigV4 pre-signed URL of path under base, signed with sig on date.
func presignedS3(base, path, sig, date string) string {
	return fmt.Sprintf("%s/%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%%2F%s%%2Fus-east-1%%2Fs3%%2Faws4_request"+
		"&X-Amz-Date=%sT120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=%s", base, path, date, date, sig)
}

// remoteUploads counts the remote uploads Frame.io was asked for.
func remoteUploads(e *emulator.Emulator) int {
	n := 0
	for _, r := range e.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/remote_upload") {
			n++
		}
	}
	return n
}

func TestAccFile_cliResignedSourceURLIsNotNewContent(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the source is on 127.0.0.1
	dir := t.TempDir()
	writeRandomFile(t, dir, "trailer.mp4", 40_000, 61)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	const sig1 = "5d1fa1e0c0ffee0000000000000000000000000000000000000000000000aaaa"
	const sig2 = "9b2e7c11decade0000000000000000000000000000000000000000000000bbbb"
	config := func(sig, date string) string {
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "trailer" {
  folder_id  = %q
  source_url = %q
}
`, e.Options().RootFolderID, presignedS3(srv.URL, "trailer.mp4", sig, date)))
	}
	noSignature := func(what, out string) {
		t.Helper()
		for _, s := range []string{sig1, sig2, "AKIAEXAMPLE"} {
			if strings.Contains(out, s) {
				t.Fatalf("%s prints the pre-signed URL's credential %.12s...:\n%s", what, s, out)
			}
		}
	}
	tf := newTerraformCLI(t)
	tf.write(config(sig1, "20250101"))
	tf.run(true, "init")
	out := tf.run(true, "apply", "-auto-approve")
	noSignature("apply", out)
	requireOutput(t, "apply", out, `\+ source_url = \(sensitive value\)`,
		`\+ source_url_identity = "http://127\.0\.0\.1:\d+/trailer\.mp4"`)
	first := fileIDByName(t, e, "trailer.mp4")
	fetches := remoteUploads(e)

	// The next run: the same object, signed again.
	tf.write(config(sig2, "20250102"))
	plan := tf.run(true, "plan")
	t.Logf("terraform plan of the re-signed URL:\n%s", plan)
	noSignature("plan", plan)
	requireOutput(t, "plan", plan,
		`frameio_file.trailer will be updated in-place`,
		`~ source_url = \(sensitive value\)`,
		`Plan: 0 to add, 1 to change, 0 to destroy`)
	for _, attr := range []string{"id", "version_ids", "file_size", "status"} {
		if v := plannedValue(plan, attr); v != "" {
			t.Errorf("the re-signed URL plans %s: %s", attr, v)
		}
	}
	noSignature("apply", tf.run(true, "apply", "-auto-approve"))
	if files := e.Files(); len(files) != 1 || files[0].ID != first || len(e.Stacks()) != 0 || remoteUploads(e) != fetches {
		t.Fatalf("a re-signed URL made Frame.io fetch again: %d files, %d stacks, %d more remote uploads", len(files),
			len(e.Stacks()), remoteUploads(e)-fetches)
	}
	requireOutput(t, "plan after apply", tf.run(true, "plan"), `No changes\.`)
	noSignature("state show", tf.run(true, "state", "show", "frameio_file.trailer"))
}

// What identifies the object: its host and path, and source_version when set. A re-signed URL records
// the new URL in place; a new source_version or a new path is a new version.
func TestAccFile_sourceURLIdentityAndSourceVersion(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the source is on 127.0.0.1
	dir := t.TempDir()
	_, sum := writeRandomFile(t, dir, "grade.mov", 30_000, 62)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	const addr = "frameio_file.grade"
	config := func(sig, version string) string {
		v := ""
		if version != "" {
			v = fmt.Sprintf("source_version = %q", version)
		}
		return fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "grade" {
  folder_id  = %q
  source_url = %q
  %s
}
`, e.Options().RootFolderID, presignedS3(srv.URL, "grade.mov", sig, "20250101"), v))
	}
	identity := srv.URL + "/grade.mov"
	// Files in Frame.io, not requests: the count holds under every reading of lost create replies.
	uploads := func(want int) statecheck.StateCheck {
		return emulatorCheck(func() error {
			if n := len(e.Files()); n != want {
				return fmt.Errorf("%d files in Frame.io, want %d", n, want)
			}
			return nil
		})
	}
	recordsInPlace := func(version int64) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("source_url_identity"), knownvalue.StringExact(identity)),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("version_number"), knownvalue.Int64Exact(version)),
		}}
	}
	root := e.Options().RootFolderID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{
			{
				Config: config("aaaa", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("source_url_identity"), knownvalue.StringExact(identity)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("grade.mov")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectStoredContent(e, addr, sum), uploads(1)},
			},
			{Config: config("bbbb", ""), ConfigPlanChecks: recordsInPlace(1), ConfigStateChecks: []statecheck.StateCheck{uploads(1)}},
			{
				// Adding source_version changes the trigger: a new version.
				Config:            config("bbbb", "r1"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{expectStack(e, addr, root, sum, sum), uploads(2)},
			},
			{
				// Signed again under the same source_version: recorded in place.
				Config: config("cccc", "r1"), ConfigPlanChecks: recordsInPlace(2),
				ConfigStateChecks: []statecheck.StateCheck{expectStack(e, addr, root, sum, sum), uploads(2)},
			},
			{
				Config:            config("cccc", "r2"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: plansNewVersion(addr)},
				ConfigStateChecks: []statecheck.StateCheck{expectStack(e, addr, root, sum, sum, sum), uploads(3)},
			},
		},
	})
}

// A source_url known only at apply (made by another resource): its identity is unknown at plan and
// recorded at apply.
func TestAccFile_sourceURLIdentityKnownAfterApply(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{AllowPrivateRemoteURLs: true}) // the source is on 127.0.0.1
	dir := t.TempDir()
	writeRandomFile(t, dir, "late.mov", 10_000, 63)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	const addr = "frameio_file.late"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fileConfig(e, fmt.Sprintf(`
resource "terraform_data" "url" {
  input = %q
}
resource "frameio_file" "late" {
  folder_id  = %q
  name       = "late.mov"
  source_url = terraform_data.url.output
}
`, presignedS3(srv.URL, "late.mov", "dddd", "20250101"), e.Options().RootFolderID)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("source_url_identity")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_url_identity"), knownvalue.StringExact(srv.URL+"/late.mov")),
			},
		}},
	})
}

func TestSourceURLPlanHelpers(t *testing.T) {
	const signed1 = "https://cdn.example.com/a.mov?X-Amz-Signature=1"
	const signed2 = "https://cdn.example.com/a.mov?X-Amz-Signature=2&X-Amz-Date=2"
	str, null, unknown := types.StringValue, types.StringNull(), types.StringUnknown()
	model := func(source, url, version types.String) fileModel {
		return fileModel{Source: source, SourceURL: url, SourceVersion: version}
	}
	if got := sourceURLIdentityOf(str(signed1), null); got.ValueString() != "https://cdn.example.com/a.mov" {
		t.Errorf("identity %s", got)
	}
	if got := sourceURLIdentityOf(str(signed1+"&v=2"), str("r1")); got.ValueString() != "https://cdn.example.com/a.mov" {
		t.Errorf("identity under a source_version keeps the query: %s", got)
	}
	if !sourceURLIdentityOf(null, str("r1")).IsNull() || !sourceURLIdentityOf(unknown, null).IsUnknown() ||
		!sourceURLIdentityOf(str(signed1), unknown).IsUnknown() {
		t.Error("identity of a null or unknown URL or version")
	}
	if got := sourceURLIdentityOf(str("https://cdn.example.com/%zz?sig=secret"), null); strings.Contains(got.ValueString(), "secret") {
		t.Errorf("identity of an unparsable URL shows its query: %s", got)
	}
	for _, c := range []struct {
		name          string
		config, state fileModel
		same          bool
	}{
		{"signed again", model(null, str(signed1), null), model(null, str(signed2), null), true},
		{"another path", model(null, str(signed1), null), model(null, str("https://cdn.example.com/b.mov"), null), false},
		{"another version", model(null, str(signed1), str("r2")), model(null, str(signed2), str("r1")), false},
		{"same version, other query", model(null, str(signed1+"&v=1"), str("r1")), model(null, str(signed2+"&v=2"), str("r1")), true},
		{"unknown URL", model(null, unknown, null), model(null, str(signed1), null), false},
		{"unknown version", model(null, str(signed1), unknown), model(null, str(signed1), null), false},
		{"from a local source", model(null, str(signed1), null), model(str("/a.mov"), null, null), false},
	} {
		if got := sameSourceObject(c.config, c.state); got != c.same {
			t.Errorf("%s: sameSourceObject = %v", c.name, got)
		}
	}
	imported := model(null, null, null)
	for _, c := range []struct {
		name   string
		config fileModel
		state  *fileModel
		want   bool
	}{
		{"create", model(null, str(signed1), str("r1")), nil, false},
		{"adopted by import", model(null, str(signed1), str("r1")), &imported, false},
		{"set", model(null, str(signed1), str("r1")), ptr(model(null, str(signed1), null)), true},
		{"changed", model(null, str(signed1), str("r2")), ptr(model(null, str(signed1), str("r1"))), true},
		{"removed", model(null, str(signed1), null), ptr(model(null, str(signed1), str("r1"))), true},
		{"unknown", model(null, str(signed1), unknown), ptr(model(null, str(signed1), str("r1"))), true},
		{"unchanged", model(null, str(signed2), str("r1")), ptr(model(null, str(signed1), str("r1"))), false},
	} {
		if got := sourceVersionChanged(c.config, c.state); got != c.want {
			t.Errorf("%s: sourceVersionChanged = %v, want %v", c.name, got, c.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// The name error quotes the URL, redacted: a pre-signed URL's signature never reaches a diagnostic.
func TestDefaultNameErrorRedactsTheURL(t *testing.T) {
	var diags diag.Diagnostics
	plan := fileModel{}
	planDefaultName(&plan, fileModel{Name: types.StringNull(), Source: types.StringNull(),
		SourceURL: types.StringValue("https://cdn.example.com/?X-Amz-Signature=5ecre7")}, &diags)
	if !diags.HasError() {
		t.Fatal("no error for a URL without a file name")
	}
	if d := diags[0].Detail(); strings.Contains(d, "5ecre7") || !strings.Contains(d, `"https://cdn.example.com/?REDACTED"`) {
		t.Fatalf("detail %q", d)
	}
}
