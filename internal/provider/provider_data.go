package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// configuredDataSource is embedded in every data source: its Configure keeps what the provider hands over.
type configuredDataSource struct {
	data *providerData
}

func (c *configuredDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	c.data.requireAccount(&resp.Diagnostics)
}

// accountFreeDataSource is embedded instead by the data sources that need no account (frameio_accounts):
// they work when account_id is unset and the credentials see several accounts, to help choose one.
type accountFreeDataSource struct {
	data *providerData
}

func (c *accountFreeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// configuredResource is embedded in every resource: its Configure keeps what the provider hands over.
type configuredResource struct {
	data *providerData
}

// Every resource needs an account: without one, its Configure fails, so the error (with the accounts to
// choose from) comes at plan, for new resources too, not only when they are applied.
func (c *configuredResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
	c.data.requireAccount(&resp.Diagnostics)
}

// providerDataFrom unpacks what Configure handed to resources and data sources. It is nil before the
// provider is configured (e.g. during validation), which callers must tolerate.
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			"Terraform handed this resource or data source a provider configuration it does not recognise. This is "+
				"a bug in the provider: please report it, with the versions of Terraform and of the provider.")
		return nil
	}
	return data
}

// ready reports whether the provider was configured with an account; when it was not (unknown provider
// values at plan, or no account_id and not exactly one account to infer), it adds a diagnostic saying why
// the operation cannot run.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	return d.configured(diags) && d.requireAccount(diags)
}

// configured is ready for the calls that need no account (listing the accounts).
func (d *providerData) configured(diags *diag.Diagnostics) bool {
	if d != nil {
		return true
	}
	diags.AddError("Frame.io provider not configured",
		"The provider configuration is unknown or incomplete (for example token, client_id or account_id depend on a "+
			"resource not yet created). Make them known at plan time.")
	return false
}

// requireAccount reports, for what needs an account, whether there is one; when account_id was not set and
// the credentials do not see exactly one account, it adds the error that lists those they see. A provider
// not configured yet (d nil, e.g. during validation) passes: there is nothing to tell yet.
func (d *providerData) requireAccount(diags *diag.Diagnostics) bool {
	if d == nil || d.account != nil {
		return true
	}
	reportNoAccount(d.accounts, diags)
	return false
}

// logContext returns ctx with secret masking for every log line of one operation.
func (d *providerData) logContext(ctx context.Context) context.Context {
	return withLogMasking(ctx, d.secrets.all()...)
}
