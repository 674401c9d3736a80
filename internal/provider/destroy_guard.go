package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// The one rule of frameio_folder's and frameio_project's destroy: deleting either in Frame.io deletes
// everything in it, so unless force_destroy is set, destroy refuses while it holds anything this run did
// not delete itself (what the configuration manages inside depends on it and was destroyed first), and
// says what is left and how to proceed.

// destroyTarget is what a destroy deletes: a folder, or a project (whose content is its root folder's).
type destroyTarget struct {
	kind         string // "folder", "project"
	resourceType string // "frameio_folder", "frameio_project"
	name, id     string
	contentOf    string // the folder whose content counts: the folder itself, a project's root folder
}

// clearedForDelete reports whether t may be deleted now (force_destroy off: see above). gone is true
// when its folder is already gone (404): nothing is left to delete. On a refusal or an error it adds the
// diagnostic; hint is added to the text of an error (the timeout to raise).
func clearedForDelete(ctx context.Context, account *frameio.AccountClient, t destroyTarget, hint func() string,
	diags *diag.Diagnostics) (ok, gone bool) {
	children, err := unmanagedChildren(ctx, account, t.contentOf)
	switch {
	case frameio.IsNotFound(err):
		return false, true
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot delete the Frame.io %s", t.kind),
			fmt.Sprintf("Listing what %s %s holds before deleting it: %s%s", t.kind, t.id, explainAPIError(err), hint()))
		return false, false
	case len(children) > 0:
		diags.AddAttributeError(path.Root("force_destroy"), fmt.Sprintf("Frame.io %s is not empty", t.kind),
			notEmptyMessage(t, children))
		return false, false
	}
	return true, false
}

// notEmptyMessage says what a folder or project still holds and how to proceed.
func notEmptyMessage(t destroyTarget, children []frameio.Asset) string {
	what := listed(children, func(c frameio.Asset) string {
		return fmt.Sprintf("%q (%s)", c.Name, strings.ReplaceAll(c.Type, "_", " "))
	})
	items := "items"
	if len(children) == 1 {
		items = "item"
	}
	return fmt.Sprintf("%s %q (%s) holds %d %s that this configuration does not manage: %s. Deleting the "+
		"%s in Frame.io would delete them too, so it is kept. Move or delete them in Frame.io, or set "+
		"force_destroy = true on this %s and apply that before destroying, to delete the %s with "+
		"everything in it.", capitalized(t.kind), t.name, t.id, len(children), items, what, t.kind, t.resourceType, t.kind)
}

// capitalized is s with its first letter in upper case ("folder" -> "Folder").
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
