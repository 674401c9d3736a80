package planmodifiers

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// RequiresReplaceUnlessAdopted makes a change of the attribute replace the resource, like
// stringplanmodifier.RequiresReplace, except for an object adopted by `terraform import`: one whose prior
// state has every attribute in recordedBy null, because import cannot know how the object was made.
// Setting the attribute on such an object only records the configured value in place, as long as that
// value is known at plan time (an unknown one may still turn out different, so it replaces).
//
// recordedBy lists the attributes that a resource created by Terraform always has one of in state, e.g.
// the alternative sources of its content.
func RequiresReplaceUnlessAdopted(recordedBy ...path.Path) planmodifier.String {
	return requiresReplaceUnlessAdopted{recordedBy: recordedBy}
}

type requiresReplaceUnlessAdopted struct {
	recordedBy []path.Path
}

func (m requiresReplaceUnlessAdopted) Description(context.Context) string {
	return "a change replaces the resource, except on an imported resource with none of " +
		m.names("") + " in state, where a known value is recorded in place"
}

func (m requiresReplaceUnlessAdopted) MarkdownDescription(context.Context) string {
	return "a change replaces the resource, except on an imported resource with none of " +
		m.names("`") + " in state, where a known value is recorded in place"
}

func (m requiresReplaceUnlessAdopted) names(quote string) string {
	s := make([]string, len(m.recordedBy))
	for i, p := range m.recordedBy {
		s[i] = quote + p.String() + quote
	}
	return strings.Join(s, ", ")
}

func (m requiresReplaceUnlessAdopted) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.PlanValue.Equal(req.StateValue) {
		return // create, destroy, or no change
	}
	if req.PlanValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	adopted, diags := m.adopted(ctx, req)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !adopted && !diags.HasError()
}

// adopted reports whether every recordedBy attribute is null in the prior state.
func (m requiresReplaceUnlessAdopted) adopted(ctx context.Context, req planmodifier.StringRequest) (bool, diag.Diagnostics) {
	for _, p := range m.recordedBy {
		var v attr.Value
		if diags := req.State.GetAttribute(ctx, p, &v); diags.HasError() {
			return false, diags
		}
		if !v.IsNull() {
			return false, nil
		}
	}
	return true, nil
}
