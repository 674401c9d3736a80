package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// inferAccountID picks the account when account_id is not configured: the only account the credentials
// can see. It is called from Configure, so only when Terraform configures the provider to plan or apply
// (never by terraform validate), and only when account_id is unset: a configured account costs no call.
//
// With no account or several, it returns "" and the accounts seen, and Configure still succeeds: the
// lookups that need no account (frameio_accounts, to find the id) work, and whatever needs an account
// fails with the list (reportNoAccount). ok is false only when the accounts could not be listed.
func inferAccountID(ctx context.Context, client *frameio.Client, diags *diag.Diagnostics) (id string, seen []frameio.Account, ok bool) {
	only, accounts, found, err := client.OnlyAccount(ctx)
	if err != nil {
		diags.AddAttributeError(path.Root("account_id"), "Cannot list the Frame.io accounts to choose account_id",
			fmt.Sprintf("account_id is not set (nor %s), so the provider asked Frame.io which accounts the credentials "+
				"can see: %s\n\nSet account_id to skip this lookup.", EnvAccountID, explainAPIError(err)))
		return "", nil, false
	}
	if found {
		return only.ID, accounts, true
	}
	tflog.Info(ctx, "account_id is not set and the credentials do not see exactly one account: only lookups "+
		"that need no account can run", map[string]any{"accounts": len(accounts)})
	return "", accounts, true
}

// reportNoAccount is the error of whatever needs an account when account_id is not set and the
// credentials see none or several (accounts).
func reportNoAccount(accounts []frameio.Account, diags *diag.Diagnostics) {
	if len(accounts) == 0 {
		diags.AddError("No Frame.io account",
			fmt.Sprintf("account_id is not set (nor %s), and the credentials can see no Frame.io account. Check that "+
				"they belong to a user or an organisation with access to Frame.io (a server-to-server credential's "+
				"technical account user must be added to the account in Frame.io), or set account_id.", EnvAccountID))
		return
	}
	diags.AddError("Several Frame.io accounts: set account_id",
		fmt.Sprintf("account_id is not set (nor %s), and the credentials can see %d Frame.io accounts: %s. Set "+
			"account_id in the provider block, or the %s environment variable, to the id of the one to manage. The "+
			"frameio_accounts data source lists them, and works without account_id.",
			EnvAccountID, len(accounts), describeAccounts(accounts), EnvAccountID))
}

// describeAccounts lists accounts as `"Name" (id)`, at most maxListed of them.
func describeAccounts(accounts []frameio.Account) string {
	return listed(accounts, func(a frameio.Account) string { return fmt.Sprintf("%q (%s)", a.DisplayName, a.ID) })
}
