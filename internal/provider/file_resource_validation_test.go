package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFile_badInput(t *testing.T) {
	t.Parallel()
	e := newTestEmulator(t, emulator.Options{})
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.mov")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	src, _ := writeRandomFile(t, dir, "ok.mov", 100, 14)
	root := e.Options().RootFolderID
	const missingFolder = "00000000-0000-4000-8000-00000000dead"
	cases := []struct {
		name   string
		folder string // folder_id of the resource
		body   string // the other attributes
		want   string // errorPattern of the diagnostic
	}{
		{"directory", root, fmt.Sprintf(`source = %q`, hcl(dir)), `source: .* is a directory; point source at a file`},
		{"empty file", root, fmt.Sprintf(`source = %q`, hcl(empty)), `source: .* is empty; Frame.io cannot store an empty file`},
		{"missing file", root, fmt.Sprintf(`source = %q`, hcl(filepath.Join(dir, "nope.mov"))), `source: .*nope.mov does not exist`},
		{"both sources", root, fmt.Sprintf("source = %q\n  source_url = \"https://example.com/a.mov\"", hcl(src)), `(?i)Invalid Attribute Combination`},
		{"no source", root, `name = "x.mov"`, `(?i)No attribute specified when one \(and only one\) of \[source,source_url\]`},
		{"plain http url", root, `source_url = "http://media.example.com/a.mov"`, `source_url .* uses plain http`},
		{"bad wait_for", root, fmt.Sprintf("source = %q\n  wait_for = \"forever\"", hcl(src)), `wait_for.*value must be one of`},
		{"bad on_destroy", root, fmt.Sprintf("source = %q\n  on_destroy = \"abandon\"", hcl(src)), `on_destroy.*value must be one of`},
		{"name too long", root, fmt.Sprintf("source = %q\n  name = %q", hcl(src), strings.Repeat("n", 256)), `name.*length must be between 1 and 255`},
		{"bad sha256", root, fmt.Sprintf("source = %q\n  source_sha256 = \"ABC\"", hcl(src)), `source_sha256 .*64 hexadecimal characters \(either case\)`},
		{"unknown folder", missingFolder, fmt.Sprintf("source = %q", hcl(src)),
			`Cannot create the Frame.io file.*creating the upload of .*ok.mov in folder ` + missingFolder + `: .*404 Not Found`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: fileConfig(e, fmt.Sprintf(`
resource "frameio_file" "bad" {
  folder_id = %q
  %s
}
`, c.folder, c.body)),
					ExpectError: errorPattern(c.want),
				}},
			})
			requireNoFiles(t, e)
		})
	}
}
