package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

var (
	_ resource.ResourceWithConfigure   = (*projectUserResource)(nil)
	_ resource.ResourceWithImportState = (*projectUserResource)(nil)
)

// NewProjectUserResource returns the frameio_project_user resource.
func NewProjectUserResource() resource.Resource {
	return &projectUserResource{}
}

// Default timeouts of frameio_project_user. Setting a role is limited to 10 a minute: a team added in one
// apply waits its turn.
const (
	defaultProjectUserCreateTimeout = 5 * time.Minute
	defaultProjectUserUpdateTimeout = 15 * time.Minute
	defaultProjectUserDeleteTimeout = 5 * time.Minute
)

type projectUserResource struct {
	configuredResource
}

type projectUserModel struct {
	ID        types.String   `tfsdk:"id"`
	ProjectID types.String   `tfsdk:"project_id"`
	UserID    types.String   `tfsdk:"user_id"`
	Role      types.String   `tfsdk:"role"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (r *projectUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project_user"
}

func (r *projectUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	roles := frameio.ProjectRoles()
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user's membership of a Frame.io project, with their role. The user must already " +
			"be a user of the account (find their id by email with the `frameio_user` data source); a role change " +
			"is made in place, and destroy removes the user from the project.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<project_id>/<user_id>`, the form `terraform import` takes.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The project (e.g. `frameio_project.x.id`). Changing it moves the membership: " +
					"the user is removed from the old project and added to the new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), noSlash()},
				PlanModifiers: replace,
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The user's id (e.g. `data.frameio_user.x.id`). Changing it replaces the " +
					"membership.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1), noSlash()},
				PlanModifiers: replace,
			},
			"role": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The user's role in the project: %s. A change is made in place. "+
					"A user who is already a member when this resource is created gets this role, and destroy then "+
					"removes them.", quotedList(roles)),
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(roles...)},
			},
			"timeouts": timeoutsAttribute(ctx, timeouts.Opts{
				Create: true, Update: true, Delete: true,
				CreateDescription: fmt.Sprintf("%s for adding the user. Defaults to %s.", timeoutDuration,
					minutes(defaultProjectUserCreateTimeout)),
				UpdateDescription: fmt.Sprintf("%s for a role change. Defaults to %s: Frame.io allows 10 of them a "+
					"minute.", timeoutDuration, minutes(defaultProjectUserUpdateTimeout)),
				DeleteDescription: fmt.Sprintf("%s for removing the user. Defaults to %s. Delete reads it from "+
					"state, so a new value applies once an apply has saved it.", timeoutDuration,
					minutes(defaultProjectUserDeleteTimeout)),
			}, "How long create, update and delete may take, waits for Frame.io's rate limits and retries "+
				"included, before they are cancelled."),
		},
	}
}

// quotedList is `a`, `b` or `c`, for descriptions.
func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// noSlashPattern matches a value without a slash.
var noSlashPattern = regexp.MustCompile(`^[^/]*$`)

// noSlash refuses a "/", which the resource's id uses to join the two ids.
func noSlash() validator.String {
	return stringvalidator.RegexMatches(noSlashPattern, "must not contain a slash")
}

// projectUserID is the resource's id: the project's and the user's ids joined by a slash.
func projectUserID(projectID, userID string) string { return projectID + "/" + userID }

// parseProjectUserID splits an import id into the project's and the user's ids.
func parseProjectUserID(id string) (projectID, userID string, err error) {
	projectID, userID, found := strings.Cut(id, "/")
	if !found || strings.TrimSpace(projectID) == "" || strings.TrimSpace(userID) == "" || strings.Contains(userID, "/") {
		return "", "", fmt.Errorf("the import id must be <project_id>/<user_id>, the project's id and the user's "+
			"joined by a slash (e.g. 6f1f2b0e-...-0000000000b1/6f1f2b0e-...-0000000000d1); got %q", id)
	}
	return projectID, userID, nil
}

func (r *projectUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	projectID, userID, err := parseProjectUserID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import the Frame.io project user", err.Error()+
			". Find the user's id with the frameio_user data source (by email), and the project's in its URL in the "+
			"Frame.io web app.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), projectUserID(projectID, userID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), projectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), userID)...)
}

// memberRole is the role of user userID in project projectID, and whether they are a member. A project
// that is gone is IsNotFound.
func (r *projectUserResource) memberRole(ctx context.Context, projectID, userID string) (role string, member bool, err error) {
	members, err := r.data.account.ListProjectUsers(ctx, projectID)
	if err != nil {
		return "", false, err
	}
	for _, m := range members {
		if m.User.ID == userID {
			return m.Role, true, nil
		}
	}
	return "", false, nil
}

func (r *projectUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan projectUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Create, defaultProjectUserCreateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	projectID, userID, role := plan.ProjectID.ValueString(), plan.UserID.ValueString(), plan.Role.ValueString()
	// Frame.io adds a user who is not a member and changes the role of one who is, alike: look first, to
	// say so when this takes over a membership made elsewhere.
	before, member, err := r.memberRole(ctx, projectID, userID)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "Cannot add the user to the Frame.io project",
			fmt.Sprintf("Listing the members of project %s: %s%s%s", projectID, explainAPIError(err),
				timeoutHint(ctx, "create", timeout), memberHint(err)))
		return
	}
	if _, err := r.data.account.SetProjectUserRole(ctx, projectID, userID, role); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("user_id"), "Cannot add the user to the Frame.io project",
			fmt.Sprintf("Giving user %s the role %s in project %s: %s%s%s%s", userID, role, projectID, explainAPIError(err),
				timeoutHint(ctx, "create", timeout), memberHint(err), unmanagedRoleHint(before, member)))
		return
	}
	if member {
		resp.Diagnostics.AddAttributeWarning(path.Root("user_id"), "User was already a member of the Frame.io project",
			fmt.Sprintf("User %s was already a member of project %s, as %s; their role is now %s, and this "+
				"configuration manages the membership: destroying it removes them from the project.", userID, projectID,
				before, role))
	}
	tflog.Info(ctx, "project user added", map[string]any{"project_id": projectID, "user_id": userID, "role": role})
	plan.ID = types.StringValue(projectUserID(projectID, userID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// memberHint explains a 404 on a project or user: an id of another account, or a user not in the account.
func memberHint(err error) string {
	if !frameio.IsNotFound(err) {
		return ""
	}
	return "\n\nCheck project_id and user_id: the project must be in the provider's account_id, and the user a " +
		"user of that account (invite them to the account in Frame.io first; the frameio_user data source finds " +
		"their id by email)."
}

// unmanagedRoleHint explains a refusal to change the role of a member whose role is none this resource
// sets (the project's owner, an admin).
func unmanagedRoleHint(before string, member bool) string {
	if !member || slices.Contains(frameio.ProjectRoles(), before) {
		return ""
	}
	return fmt.Sprintf("\n\nThe user is on the project as %s, a role no project role replaces (the project's "+
		"owner or an administrator): leave them out of this configuration.", before)
}

func (r *projectUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state projectUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx = r.data.logContext(ctx)
	projectID, userID := state.ProjectID.ValueString(), state.UserID.ValueString()
	role, member, err := r.memberRole(ctx, projectID, userID)
	switch {
	case frameio.IsNotFound(err) || err == nil && !member:
		// Removed in the web app, or the project deleted: the next plan adds them again.
		tflog.Info(ctx, "project user not found: removed from the state", map[string]any{
			"project_id": projectID, "user_id": userID, "project_found": err == nil})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.AddError("Cannot read the Frame.io project user",
			fmt.Sprintf("Listing the members of project %s: %s", projectID, explainAPIError(err)))
		return
	}
	state.ID = types.StringValue(projectUserID(projectID, userID))
	state.Role = types.StringValue(role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes the role in place; timeouts alone change only the state.
func (r *projectUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state projectUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, plan.Timeouts.Update, defaultProjectUserUpdateTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	if role := plan.Role.ValueString(); role != state.Role.ValueString() {
		projectID, userID := state.ProjectID.ValueString(), state.UserID.ValueString()
		if _, err := r.data.account.SetProjectUserRole(ctx, projectID, userID, role); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("role"), "Cannot change the user's role in the Frame.io project",
				fmt.Sprintf("Giving user %s the role %s in project %s: %s%s%s%s", userID, role, projectID,
					explainAPIError(err), timeoutHint(ctx, "update", timeout), memberHint(err),
					unmanagedRoleHint(state.Role.ValueString(), true)))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete removes the user from the project; one already removed (404) is fine.
func (r *projectUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state projectUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel, timeout, ok := withOperationTimeout(ctx, state.Timeouts.Delete, defaultProjectUserDeleteTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.logContext(ctx)
	projectID, userID := state.ProjectID.ValueString(), state.UserID.ValueString()
	if err := r.data.account.RemoveProjectUser(ctx, projectID, userID); err != nil && !frameio.IsNotFound(err) {
		resp.Diagnostics.AddError("Cannot remove the user from the Frame.io project",
			fmt.Sprintf("Removing user %s from project %s: %s%s", userID, projectID, explainAPIError(err),
				timeoutHint(ctx, "delete", timeout)))
	}
}
