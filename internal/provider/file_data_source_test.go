package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestAccFileDataSource(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	o := e.Options()
	folder := addFolder(t, e, "", "Delivery")
	mix := putFileOutOfBand(t, e, folder, "mix.wav", randomBytes(2_000, 1))
	putFileOutOfBand(t, e, folder, "dup.srt", []byte("1"))
	putFileOutOfBand(t, e, folder, "dup.srt", []byte("2"))
	v1 := putFileOutOfBand(t, e, folder, "cut_v1.mov", randomBytes(3_000, 2))
	v2 := putFileOutOfBand(t, e, folder, "cut_v2.mov", randomBytes(3_000, 3))
	stack, err := e.StackFiles(folder, v1, v2)
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(attrs string) string {
		return fileConfig(e, fmt.Sprintf("data \"frameio_file\" \"f\" {\n%s\n}\n", attrs))
	}
	byName := func(name string) string { return lookup(fmt.Sprintf("folder_id = %q\nname = %q", folder, name)) }
	const mixAddr, cutAddr, oldAddr = "data.frameio_file.mix", "data.frameio_file.cut", "data.frameio_file.old"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: byName("dup.srt"),
				ExpectError: errorPattern(`Ambiguous Frame.io file name.*File "dup.srt" in folder ` + folder +
					` matches 2 files: [0-9a-f-]+, [0-9a-f-]+. Frame.io does not keep names unique`),
			},
			{
				Config: byName("cut_v1.mov"),
				ExpectError: errorPattern(`Frame.io file not found.*File "cut_v1.mov" in folder ` + folder + `: no file of ` +
					`that name. It holds: "mix.wav", "dup.srt", "dup.srt", "cut_v2.mov".`),
			},
			{
				Config:      lookup(`name = "mix.wav"`),
				ExpectError: errorPattern(`Attribute "folder_id" must be specified when "name" is specified`),
			},
			// Last, so that the test's closing destroy runs on a valid configuration.
			{
				Config: fileConfig(e, fmt.Sprintf(`
data "frameio_file" "mix" {
  folder_id = %[1]q
  name      = "mix.wav"
}
data "frameio_file" "cut" {
  folder_id = %[1]q
  name      = "cut_v2.mov"
}
data "frameio_file" "old" {
  id = %[2]q
}
`, folder, v1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(mixAddr, idPath, knownvalue.StringExact(mix)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("file_size"), knownvalue.Int64Exact(2_000)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("media_type"), knownvalue.StringExact("audio/wav")),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("status"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("project_id"), knownvalue.StringExact(o.ProjectID)),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("version_stack_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(mixAddr, tfjsonpath.New("view_url"), knownvalue.StringRegexp(errorPattern(`/view/`+mix+`$`))),
					// A stacked file is found by its stack's newest version, and says which stack holds it.
					statecheck.ExpectKnownValue(cutAddr, idPath, knownvalue.StringExact(v2)),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
					statecheck.ExpectKnownValue(cutAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("name"), knownvalue.StringExact("cut_v1.mov")),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("version_stack_id"), knownvalue.StringExact(stack)),
					statecheck.ExpectKnownValue(oldAddr, tfjsonpath.New("folder_id"), knownvalue.StringExact(folder)),
				},
			},
		},
	})
}
