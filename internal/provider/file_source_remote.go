package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfpath "github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/validators"
)

// The remote `source_url` at plan time: Frame.io fetches the URL itself (delivery's remote upload), so a
// URL it cannot reach is refused before anything is created. The delivery checks again at apply, with
// the same rule (delivery.Options.CheckSourceURL).

// checkSourceURLFetchable refuses, at plan, a source_url that Frame.io cannot fetch from the internet
// (a loopback or private host) unless the provider talks to a local emulator. It needs the configured
// provider; when the provider configuration is not known yet, the delivery checks again at apply.
func (r *fileResource) checkSourceURLFetchable(sourceURL types.String, diags *diag.Diagnostics) {
	if r.data == nil || sourceURL.IsNull() || sourceURL.IsUnknown() {
		return
	}
	if err := validators.CheckFetchableBy(sourceURL.ValueString(), r.data.account.Client().BaseURL()); err != nil {
		diags.AddAttributeError(tfpath.Root("source_url"), "source_url not reachable by Frame.io",
			fmt.Sprintf("source_url %s.", err))
	}
}
