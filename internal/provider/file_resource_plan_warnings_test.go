package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The conditions of the plan warnings, case by case; the CLI tests show them as a user sees them.

func TestAdoptedBySize(t *testing.T) {
	const sum = "0000000000000000000000000000000000000000000000000000000000000000"
	imported := func() *fileModel {
		return &fileModel{ID: types.StringValue("f1"), Name: types.StringValue("a.mov"), FileSize: types.Int64Value(3),
			SourceSHA256: types.StringNull(), SourceURL: types.StringNull()}
	}
	recorded := fileModel{ID: types.StringValue("f1"), SourceSHA256: types.StringValue(sum)}
	local := fileModel{Source: types.StringValue("/renders/a.mov"), SourceSHA256: types.StringNull()}
	cases := []struct {
		name   string
		plan   fileModel
		config fileModel
		state  func() *fileModel
		want   bool
	}{
		{"same size, no hash configured", recorded, local, imported, true},
		{"create", recorded, local, func() *fileModel { return nil }, false},
		{"hash already in state", recorded, local, func() *fileModel {
			s := imported()
			s.SourceSHA256 = types.StringValue(sum)
			return s
		}, false},
		{"was a source_url", recorded, local, func() *fileModel {
			s := imported()
			s.SourceURL = types.StringValue("https://cdn.example.com/a.mov")
			return s
		}, false},
		{"hash configured", recorded, fileModel{Source: local.Source, SourceSHA256: types.StringValue(sum)}, imported, false},
		{"other size: a new version", fileModel{ID: types.StringUnknown(), SourceSHA256: types.StringUnknown()}, local, imported, false},
		{"source unknown", fileModel{ID: types.StringValue("f1"), SourceSHA256: types.StringUnknown()},
			fileModel{Source: types.StringUnknown(), SourceSHA256: types.StringNull()}, imported, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := adoptedBySize(c.plan, c.config, c.state()); got != c.want {
				t.Fatalf("adoptedBySize = %v, want %v", got, c.want)
			}
			var diags diag.Diagnostics
			warnAdoptedBySize(c.plan, c.config, c.state(), &diags)
			if got := diags.WarningsCount() == 1; got != c.want {
				t.Fatalf("warned %v, want %v: %v", got, c.want, diags)
			}
		})
	}
}

func TestWarnVersionsDeleted(t *testing.T) {
	ctx := context.Background()
	state := func(onDestroy string, ids ...string) *fileModel {
		return &fileModel{ID: types.StringValue(ids[len(ids)-1]), Name: types.StringValue("cut_v4.mov"),
			OnDestroy: types.StringValue(onDestroy), VersionIDs: stringList(ids)}
	}
	cases := []struct {
		name    string
		state   *fileModel
		replace bool
		want    string // "" for no warning
	}{
		{"destroy, two versions", state("delete", "v1", "v2"), false, "destroys cut_v4.mov (id v2): it deletes the file and all 2 versions"},
		{"replace, three versions", state("delete", "v1", "v2", "v3"), true, "replaces cut_v4.mov (id v3) (on_content_change = \"replace\"): it deletes the file and all 3 versions"},
		{"one version", state("delete", "v1"), false, ""},
		{"kept", state("keep", "v1", "v2"), false, ""},
		{"kept on replace", state("keep", "v1", "v2"), true, ""},
		{"a state from before on_destroy", &fileModel{ID: types.StringValue("v2"), Name: types.StringValue("cut_v4.mov"),
			OnDestroy: types.StringNull(), VersionIDs: stringList([]string{"v1", "v2"})}, false, "all 2 versions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var resp resource.ModifyPlanResponse
			warnVersionsDeleted(ctx, c.state, c.replace, &resp)
			switch {
			case c.want == "" && resp.Diagnostics.WarningsCount() != 0:
				t.Fatalf("want no warning, got %v", resp.Diagnostics)
			case c.want != "" && (resp.Diagnostics.WarningsCount() != 1 || !strings.Contains(resp.Diagnostics[0].Detail(), c.want)):
				t.Fatalf("want one warning containing %q, got %v", c.want, resp.Diagnostics)
			}
		})
	}
}
