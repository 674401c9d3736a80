package planmodifiers

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var testSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"source":     schema.StringAttribute{Optional: true},
	"source_url": schema.StringAttribute{Optional: true},
}}

var objectType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"source": tftypes.String, "source_url": tftypes.String,
}}

// object builds a raw resource object; nil means a null attribute, unknown an unknown one.
func object(source, sourceURL any) tftypes.Value {
	str := func(v any) tftypes.Value {
		if v == unknown {
			return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		}
		return tftypes.NewValue(tftypes.String, v)
	}
	return tftypes.NewValue(objectType, map[string]tftypes.Value{"source": str(source), "source_url": str(sourceURL)})
}

type unknownMarker struct{}

var unknown any = unknownMarker{}

func stringValue(v any) types.String {
	switch v := v.(type) {
	case nil:
		return types.StringNull()
	case string:
		return types.StringValue(v)
	default:
		return types.StringUnknown()
	}
}

func TestRequiresReplaceUnlessAdopted(t *testing.T) {
	nullObject := tftypes.NewValue(objectType, nil)
	for _, c := range []struct {
		name              string
		state, plan       tftypes.Value
		stateURL, planURL any
		want              bool
	}{
		{"create", nullObject, object(nil, "https://a/x"), nil, "https://a/x", false},
		{"destroy", object(nil, "https://a/x"), nullObject, "https://a/x", nil, false},
		{"unchanged", object(nil, "https://a/x"), object(nil, "https://a/x"), "https://a/x", "https://a/x", false},
		{"new URL", object(nil, "https://a/x"), object(nil, "https://a/y"), "https://a/x", "https://a/y", true},
		{"URL removed for a local source", object(nil, "https://a/x"), object("f.mov", nil), "https://a/x", nil, true},
		{"URL added to a local-source file", object("f.mov", nil), object(nil, "https://a/x"), nil, "https://a/x", true},
		{"imported, known URL recorded in place", object(nil, nil), object(nil, "https://a/x"), nil, "https://a/x", false},
		{"imported, URL unknown at plan", object(nil, nil), object(nil, unknown), nil, unknown, true},
		{"new URL unknown at plan", object(nil, "https://a/x"), object(nil, unknown), "https://a/x", unknown, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := RequiresReplaceUnlessAdopted(path.Root("source"), path.Root("source_url"))
			req := planmodifier.StringRequest{
				Path:       path.Root("source_url"),
				State:      tfsdk.State{Schema: testSchema, Raw: c.state},
				Plan:       tfsdk.Plan{Schema: testSchema, Raw: c.plan},
				Config:     tfsdk.Config{Schema: testSchema, Raw: c.plan},
				StateValue: stringValue(c.stateURL),
				PlanValue:  stringValue(c.planURL),
			}
			resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
			m.PlanModifyString(context.Background(), req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if resp.RequiresReplace != c.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, c.want)
			}
			if !resp.PlanValue.Equal(req.PlanValue) {
				t.Errorf("planned value changed to %s", resp.PlanValue)
			}
		})
	}
}

func TestRequiresReplaceUnlessAdoptedBadPath(t *testing.T) {
	m := RequiresReplaceUnlessAdopted(path.Root("no_such_attribute"))
	req := planmodifier.StringRequest{
		Path:       path.Root("source_url"),
		State:      tfsdk.State{Schema: testSchema, Raw: object(nil, nil)},
		Plan:       tfsdk.Plan{Schema: testSchema, Raw: object(nil, "https://a/x")},
		StateValue: types.StringNull(),
		PlanValue:  types.StringValue("https://a/x"),
	}
	resp := &planmodifier.StringResponse{}
	m.PlanModifyString(context.Background(), req, resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("a recordedBy path missing from the schema must be reported, not read as null")
	}
}

func TestRequiresReplaceUnlessAdoptedDescription(t *testing.T) {
	m := RequiresReplaceUnlessAdopted(path.Root("source"), path.Root("source_url"))
	ctx := context.Background()
	if d := m.Description(ctx); !strings.Contains(d, "none of source, source_url in state") {
		t.Errorf("Description = %q", d)
	}
	if d := m.MarkdownDescription(ctx); !strings.Contains(d, "none of `source`, `source_url` in state") {
		t.Errorf("MarkdownDescription = %q", d)
	}
}
