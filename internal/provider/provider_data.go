package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

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
		"The provider configuration is unknown or incomplete (for example token or account_id depend on a "+
			"resource not yet created). Make them known at plan time.")
	return false
}

// logContext returns ctx with secret masking for every log line of one operation.
func (d *providerData) logContext(ctx context.Context) context.Context {
	return withLogMasking(ctx, d.token)
}

// explainAPIError adds the fix to an error whose cause Frame.io's reply does not name: a 401 says the
// token was refused, not which setting holds it.
func explainAPIError(err error) error {
	if frameio.IsStatus(err, http.StatusUnauthorized) {
		return fmt.Errorf("%w\n\nFrame.io refused the access token: set token in the provider block or the %s "+
			"environment variable to a valid Frame.io V4 access token (tokens from Adobe IMS expire; get a new one)",
			err, EnvToken)
	}
	return err
}
