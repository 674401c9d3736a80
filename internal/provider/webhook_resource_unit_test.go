package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// A webhook's refused fields are named by their attributes, with their rule.
func TestWebhookErrorDetailNamesTheAttributeAndItsRule(t *testing.T) {
	create := prefix + "/workspaces/w/webhooks"
	for _, tc := range []struct {
		pointer string
		want    []string
	}{
		{"/data/url", []string{"(url)", "Frame.io refused the value of url", "Check url: an absolute https:// URL"}},
		{"/data/events/1", []string{"(events)", "Frame.io refused the value of events", "Check events: at least one", "share.viewed"}},
		{"/data/name", []string{"(name)", "Check name: 1 to 255 characters"}},
	} {
		ae := apiErr(http.StatusUnprocessableEntity, http.MethodPost, create,
			frameio.ErrorDetail{Title: "Invalid value", Detail: "is not valid", Pointer: tc.pointer})
		requireText(t, webhookErrorDetail(ae, nil), tc.want, "/data/", "Check workspace_id")
	}
	// Subjects: a webhook's own calls name it.
	requireText(t, webhookErrorDetail(apiErr(http.StatusForbidden, http.MethodPatch, prefix+"/webhooks/h1"), nil),
		[]string{"may change it", "change webhook h1"})
}

// A workspace that does not exist may show only in the lookup after a lost reply: the hint reads every
// API error of the chain.
func TestWebhookErrorDetailFindsTheMissingWorkspaceBehindALostReply(t *testing.T) {
	path := prefix + "/workspaces/w-missing/webhooks"
	lost := &frameio.UncertainCreateError{Op: "webhooks.create",
		Err:     apiErr(http.StatusBadGateway, http.MethodPost, path),
		LookErr: fmt.Errorf("looking for what webhooks.create made: %w", apiErr(http.StatusNotFound, http.MethodGet, path))}
	requireText(t, webhookErrorDetail(lost, nil), []string{"502 Bad Gateway", "404 Not Found", "Check workspace_id"})
	requireText(t, webhookErrorDetail(apiErr(http.StatusNotFound, http.MethodPost, path), nil), []string{"Check workspace_id"})
	// A 404 of the webhook itself is no workspace's.
	requireText(t, webhookErrorDetail(apiErr(http.StatusNotFound, http.MethodGet, prefix+"/webhooks/h"), nil), nil, "Check workspace_id")
}

// An error text that echoes the secret (a server quoting a request, say) never shows it.
func TestWebhookErrorDetailScrubsTheSecret(t *testing.T) {
	const secret = "5f211c51c3fc7db861b54d5d295bb196"
	ae := apiErr(http.StatusBadRequest, http.MethodPatch, prefix+"/webhooks/h",
		frameio.ErrorDetail{Detail: "bad request for webhook with secret " + secret})
	m := webhookModel{Secret: types.StringValue(secret)}
	requireText(t, webhookErrorDetail(ae, secretsOf(m)), []string{"REDACTED"}, secret)
	if secretsOf(webhookModel{Secret: types.StringNull()}) != nil {
		t.Fatal("a null secret is something to scrub")
	}
}

// The PATCH holds what differs between state and plan, and nothing when only timeouts differ.
func TestWebhookChanges(t *testing.T) {
	base := webhookModel{Name: types.StringValue("n"), URL: types.StringValue("https://a"),
		Events: stringSet([]string{"file.ready", "share.viewed"}), Active: types.BoolValue(true)}
	if _, changed := webhookChanges(base, base); changed {
		t.Fatal("no difference, yet a change")
	}
	reordered := base
	reordered.Events = stringSet([]string{"share.viewed", "file.ready"})
	if _, changed := webhookChanges(reordered, base); changed {
		t.Fatal("the same events in another order are a change")
	}
	plan := base
	plan.Active, plan.Events = types.BoolValue(false), stringSet([]string{"file.ready"})
	u, changed := webhookChanges(plan, base)
	if !changed || u.Name != nil || u.URL != nil || u.Active == nil || *u.Active || fmt.Sprint(u.Events) != "[file.ready]" {
		t.Fatalf("changes %+v (%v); want active false and the events only", u, changed)
	}
}

// Errors about a refused value point at its attribute, so Terraform shows the configuration line.
func TestAddWebhookErrorPointsAtTheAttribute(t *testing.T) {
	create := prefix + "/workspaces/w/webhooks"
	for _, tc := range []struct {
		err  error
		want string // "" for no attribute
	}{
		{apiErr(http.StatusUnprocessableEntity, http.MethodPost, create, frameio.ErrorDetail{Pointer: "/data/events/2"}), "events"},
		{apiErr(http.StatusUnprocessableEntity, http.MethodPatch, prefix+"/webhooks/h", frameio.ErrorDetail{Pointer: "/data/url"}), "url"},
		{apiErr(http.StatusNotFound, http.MethodPost, create), "workspace_id"},
		{&frameio.UncertainCreateError{Err: apiErr(http.StatusBadGateway, http.MethodPost, create),
			LookErr: apiErr(http.StatusNotFound, http.MethodGet, create)}, "workspace_id"},
		{apiErr(http.StatusNotFound, http.MethodPatch, prefix+"/webhooks/h"), ""},
		{apiErr(http.StatusInternalServerError, http.MethodPost, create), ""},
		{apiErr(http.StatusUnprocessableEntity, http.MethodPost, create, frameio.ErrorDetail{Pointer: "/data"}), ""},
	} {
		var diags diag.Diagnostics
		addWebhookError(&diags, "Cannot create the Frame.io webhook", tc.err, "detail")
		if diags.ErrorsCount() != 1 {
			t.Fatalf("%v: %d errors", tc.err, diags.ErrorsCount())
		}
		got := ""
		if d, ok := diags.Errors()[0].(diag.DiagnosticWithPath); ok {
			got = d.Path().String()
		}
		if got != tc.want {
			t.Errorf("%v: error at %q, want %q", tc.err, got, tc.want)
		}
	}
}
