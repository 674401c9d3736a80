package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// The two ways the published examples size upload_urls: exactly (the upload guide: the sizes add up to
// file_size) and nominally (the OpenAPI document's example: every URL one chunk size, the last larger
// than what remains). The provider must upload the same content either way, with one PUT per part the
// file needs and none to a URL past its end.

const testPartSize = 64 << 10

// partSizeCases: 1 KiB, exactly one part, one byte over a part, several parts with a short last one.
var partSizeCases = []struct {
	name string
	size int
}{
	{"kib", 1 << 10},
	{"one_part", testPartSize},
	{"one_over", testPartSize + 1},
	{"several", 3*testPartSize + testPartSize/2},
}

func TestAccFile_partSizesExact(t *testing.T) {
	testPartSizes(t, emulator.Options{PartSize: testPartSize})
}

func TestAccFile_partSizesNominal(t *testing.T) {
	// Two more URLs past the end of every file: the provider must leave them alone.
	testPartSizes(t, emulator.Options{PartSize: testPartSize, NominalPartSize: true, ExtraPartURLs: 2})
}

func testPartSizes(t *testing.T, opts emulator.Options) {
	e := newTestEmulator(t, opts)
	dir := t.TempDir()
	var body strings.Builder
	var checks []statecheck.StateCheck
	sizes := map[int64]bool{}
	for i, c := range partSizeCases {
		src, sum := writeRandomFile(t, dir, c.name+".mov", c.size, uint64(200+i))
		fmt.Fprintf(&body, "resource \"frameio_file\" %q {\n  folder_id = %q\n  source    = %q\n}\n", c.name, e.Options().RootFolderID, hcl(src))
		addr := "frameio_file." + c.name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(int64(c.size))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_sha256"), knownvalue.StringExact(sum)),
			expectStoredContent(e, addr, sum))
		sizes[int64(c.size)] = true
	}
	checks = append(checks, expectNoOrphans(e), expectPartPUTsCover(e, testPartSize, sizes))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoFiles(e),
		Steps: []resource.TestStep{{
			Config:            fileConfig(e, body.String()),
			ConfigStateChecks: checks,
		}},
	})
}
