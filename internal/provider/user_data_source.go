package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var _ datasource.DataSourceWithConfigure = (*userDataSource)(nil)

// NewUserDataSource returns the frameio_user data source.
func NewUserDataSource() datasource.DataSource {
	return &userDataSource{}
}

type userDataSource struct {
	configuredDataSource
}

type userModel struct {
	Email       types.String `tfsdk:"email"`
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	AccountRole types.String `tfsdk:"account_role"`
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up a user of the account by email, most often for the `user_id` of a " +
			"`frameio_project_user`. The user must already be in the account: Frame.io offers no call that " +
			"invites someone to an account, so invite them in the web app first.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				MarkdownDescription: "The user's email address, compared without regard to case or surrounding spaces.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"id": schema.StringAttribute{
				MarkdownDescription: "The user id.",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The user's name as Frame.io shows it (null when Frame.io has none).",
				Computed:            true,
			},
			"account_role": schema.StringAttribute{
				MarkdownDescription: "The user's role in the account: `member`, `owner`, `admin` or `reviewer`.",
				Computed:            true,
			},
		},
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = d.data.logContext(ctx)
	email, account := m.Email.ValueString(), d.data.account.ID()
	users, err := d.data.account.ListAccountUsers(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Cannot look up the Frame.io user",
			fmt.Sprintf("Listing the users of account %s: %s", account, explainAPIError(err)))
		return
	}
	found := usersWithEmail(users, email)
	switch {
	case len(found) == 0:
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Frame.io user not found",
			fmt.Sprintf("There is no user with email %q in account %s; invite them first (in the Frame.io web app, "+
				"to the account or to a project), then plan again. Deactivated users are not found.", email, account))
		return
	case len(found) > 1:
		all := make([]candidate, len(found))
		for i, u := range found {
			all[i] = candidate{id: u.User.ID, detail: "account role " + u.Role}
		}
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Ambiguous Frame.io user email",
			ambiguous(fmt.Sprintf("Email %q", email), "users", all, "Look the user up in the Frame.io web app and use "+
				"their id directly."))
		return
	case found[0].User.ID == "":
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Frame.io user has not joined yet",
			fmt.Sprintf("%q was invited to account %s but has not accepted the invitation yet, so Frame.io has no "+
				"user id for them. Ask them to accept it, then plan again.", email, account))
		return
	}
	u := found[0]
	m.ID = types.StringValue(u.User.ID)
	m.Name = types.StringNull()
	if u.User.Name != "" {
		m.Name = types.StringValue(u.User.Name)
	}
	m.AccountRole = types.StringValue(u.Role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// usersWithEmail returns the users whose email is email, without regard to case or surrounding spaces
// (email addresses are compared that way in practice, whatever RFC 5321 allows the local part).
func usersWithEmail(users []frameio.UserRole, email string) []frameio.UserRole {
	var out []frameio.UserRole
	want := strings.TrimSpace(email)
	for _, u := range users {
		if strings.EqualFold(strings.TrimSpace(u.User.Email), want) {
			out = append(out, u)
		}
	}
	return out
}
