package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// inferAccountID picks the account when account_id is not configured: the only account the token can
// see. It is called from Configure, so only when Terraform configures the provider to plan or apply
// (never by terraform validate), and only when account_id is unset: a configured account costs no call.
func inferAccountID(ctx context.Context, client *frameio.Client, diags *diag.Diagnostics) string {
	only, accounts, ok, err := client.OnlyAccount(ctx)
	if err != nil {
		diags.AddAttributeError(path.Root("account_id"), "Cannot list the Frame.io accounts to choose account_id",
			fmt.Sprintf("account_id is not set (nor %s), so the provider asked Frame.io which accounts the token can "+
				"see: %s\n\nSet account_id to skip this lookup.", EnvAccountID, explainAPIError(err)))
		return ""
	}
	switch {
	case ok:
		return only.ID
	case len(accounts) == 0:
		diags.AddAttributeError(path.Root("account_id"), "No Frame.io account",
			fmt.Sprintf("account_id is not set (nor %s), and the token can see no Frame.io account. Check that the "+
				"credentials belong to a user or an organisation with access to Frame.io, or set account_id.", EnvAccountID))
	default:
		diags.AddAttributeError(path.Root("account_id"), "Several Frame.io accounts: set account_id",
			fmt.Sprintf("account_id is not set (nor %s), and the token can see %d Frame.io accounts: %s. Set account_id "+
				"in the provider block, or the %s environment variable, to the id of the one to manage.",
				EnvAccountID, len(accounts), describeAccounts(accounts), EnvAccountID))
	}
	return ""
}

// describeAccounts lists accounts as `"Name" (id)`, at most maxListed of them.
func describeAccounts(accounts []frameio.Account) string {
	return listed(accounts, func(a frameio.Account) string { return fmt.Sprintf("%q (%s)", a.DisplayName, a.ID) })
}
