package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/ims"
)

// configuredDataSource is embedded in every data source: its Configure keeps what the provider hands over.
type configuredDataSource struct {
	data *providerData
}

func (c *configuredDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// configuredResource is embedded in every resource: its Configure keeps what the provider hands over.
type configuredResource struct {
	data *providerData
}

func (c *configuredResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
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
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

// ready reports whether the provider was configured; when it was not (unknown provider values at plan),
// it adds a diagnostic explaining why the operation cannot run.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	if d != nil {
		return true
	}
	diags.AddError("Frame.io provider not configured",
		"The provider configuration is unknown or incomplete (for example token, client_id or account_id depend on a "+
			"resource not yet created). Make them known at plan time.")
	return false
}

// logContext returns ctx with secret masking for every log line of one operation.
func (d *providerData) logContext(ctx context.Context) context.Context {
	return withLogMasking(ctx, d.secrets.all()...)
}

// explainAPIError adds the fix to an error whose cause the reply does not name: a 401 says the token
// was refused, not which setting holds it, and an IMS error names IMS's field, not the provider's.
func explainAPIError(err error) error {
	var ie *ims.Error
	switch {
	case errors.As(err, &ie):
		return fmt.Errorf("%w\n\n%s", err, explainIMSError(ie))
	case frameio.IsRefusedAfterRenewal(err):
		return fmt.Errorf("%w\n\nFrame.io refused an access token Adobe IMS had just issued for client_id. Check that the "+
			"credential's project in the Adobe Developer Console includes the Frame.io API, that scopes (or %s; "+
			"default %s) include frame.s2s.all for server-to-server credentials, and that account_id is an account "+
			"of the organisation or user the credentials stand for", err, EnvScopes, ims.DefaultScopes)
	case frameio.IsStatus(err, http.StatusUnauthorized):
		return fmt.Errorf("%w\n\nFrame.io refused the access token: it has expired or is not valid. Tokens from Adobe "+
			"IMS expire (server-to-server tokens after 24 hours), so a token fetched before a run can run out before "+
			"or during it. Set a fresh token in token or the %s environment variable, or let the provider obtain and "+
			"renew tokens itself: remove token and set client_id and client_secret (%s, %s), with refresh_token (%s) "+
			"for a user login", err, EnvToken, EnvClientID, EnvClientSecret, EnvRefreshToken)
	}
	return err
}

// explainIMSError names the settings to check for a failed token request.
func explainIMSError(e *ims.Error) string {
	switch e.Kind {
	case ims.KindClient:
		return fmt.Sprintf("Adobe IMS refused the client credentials: check client_id (%s) and client_secret (%s). "+
			"They are the Client ID and a Client Secret of the OAuth credential in your Adobe Developer Console "+
			"project; a secret rotated there must be updated here too.", EnvClientID, EnvClientSecret)
	case ims.KindScope:
		return fmt.Sprintf("Adobe IMS did not grant the scopes asked for: check scopes (%s; default %s) and that "+
			"the credential's project in the Adobe Developer Console includes the Frame.io API, which grants "+
			"frame.s2s.all.", EnvScopes, ims.DefaultScopes)
	case ims.KindRefreshToken:
		// The emulator's RotateRefreshTokens reading shows the case this text is for: IMS rotated the
		// token during the plan, in a provider process that has since ended.
		return fmt.Sprintf("Adobe IMS refused refresh_token (%s): it has expired, was revoked, or IMS retired it "+
			"when it issued a newer one. If your IMS credential issues single-use refresh tokens (a new one on "+
			"every renewal, the old one retired), the refresh-token method cannot work with Terraform: Terraform "+
			"starts a new provider process for the plan and for the apply, each starts again from the stored "+
			"refresh token, and the first renewal retired it; the provider keeps the new one in memory only and "+
			"never writes it anywhere. Use a credential whose refresh tokens stay valid when used or, for "+
			"automation and CI, server-to-server credentials: client_id and client_secret without "+
			"refresh_token. To go on now, sign in again and store the new refresh token.", EnvRefreshToken)
	case ims.KindUnreachable:
		return fmt.Sprintf("Adobe IMS could not be reached at %s: check ims_url (%s; default %s) and that this "+
			"machine can reach it (DNS, proxy, firewall).", e.URL, EnvIMSURL, ims.DefaultURL)
	case ims.KindUnavailable:
		return "Adobe IMS is unavailable or throttling token requests, still after the retries (max_retries): " +
			"try again in a few minutes."
	}
	return fmt.Sprintf("Adobe IMS gave an unexpected reply: check ims_url (%s; default %s).", EnvIMSURL, ims.DefaultURL)
}
