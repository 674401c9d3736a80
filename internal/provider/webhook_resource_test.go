package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

const webhookAddr = "frameio_webhook.ingest"

var secretPath = tfjsonpath.New("secret")

// webhookConfig is the provider block for e and one frameio_webhook "ingest"; extra holds more attribute
// lines (active, ...).
func webhookConfig(e *emulator.Emulator, workspaceID, name, url string, events []string, extra string) string {
	quoted := make([]string, len(events))
	for i, ev := range events {
		quoted[i] = fmt.Sprintf("%q", ev)
	}
	return fileConfig(e, fmt.Sprintf(`
resource "frameio_webhook" "ingest" {
  workspace_id = %q
  name         = %q
  url          = %q
  events       = [%s]
  %s
}
`, workspaceID, name, url, strings.Join(quoted, ", "), extra))
}

// expectWebhook runs check on the emulator's copy of the webhook the state records at addr.
func expectWebhook(e *emulator.Emulator, addr string, check func(emulator.Webhook) error) statecheck.StateCheck {
	return stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, err := stateString(req, addr, "id")
		if err != nil {
			resp.Error = err
			return
		}
		w, ok := e.Webhook(id)
		if !ok {
			resp.Error = fmt.Errorf("%s: webhook %s is not in Frame.io", addr, id)
			return
		}
		if err := check(w); err != nil {
			resp.Error = fmt.Errorf("%s: %w", addr, err)
		}
	})
}

// secretIsFrameIOs: the state's secret is the one Frame.io signs the webhook's requests with.
func secretIsFrameIOs(e *emulator.Emulator, addr string) statecheck.StateCheck {
	return stateCheckFunc(func(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		secret, err := stateString(req, addr, "secret")
		if err != nil {
			resp.Error = err
			return
		}
		expectWebhook(e, addr, func(w emulator.Webhook) error {
			if secret == "" || secret != w.Secret {
				return fmt.Errorf("the state's secret (%d characters) is not the webhook's", len(secret))
			}
			return nil
		}).CheckState(ctx, req, resp)
	})
}

// webhookIs checks the emulator's webhook against the attributes a config sets.
func webhookIs(e *emulator.Emulator, name, url string, active bool, events ...string) statecheck.StateCheck {
	return expectWebhook(e, webhookAddr, func(w emulator.Webhook) error {
		if w.Name != name || w.URL != url || w.Active != active || !sameElements(w.Events, events) {
			return fmt.Errorf("Frame.io holds %+v, want name %q, url %q, active %v, events %v", w, name, url, active, events)
		}
		return nil
	})
}

// checkNoWebhooks is a CheckDestroy that proves nothing is left in the emulator.
func checkNoWebhooks(e *emulator.Emulator) func(*terraform.State) error {
	return func(*terraform.State) error {
		if hooks := e.Webhooks(); len(hooks) != 0 {
			return fmt.Errorf("%d webhooks left in Frame.io after destroy, e.g. %q", len(hooks), hooks[0].Name)
		}
		return nil
	}
}

// Create, update in place (the secret stays), drift from the web app put back, deleted in the web app
// created again (a new secret), another workspace replaces it, destroy.
func TestAccWebhook_lifecycle(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	ws := e.Options().WorkspaceID
	other, err := e.AddWorkspace(e.Options().AccountID, "Archive")
	if err != nil {
		t.Fatal(err)
	}
	const url1, url2 = "https://hooks.example.com/frameio", "https://hooks.example.com/frameio/v2"
	created := webhookConfig(e, ws, "Ingest", url1, []string{"file.ready", "comment.created"}, "")
	updated := webhookConfig(e, ws, "Ingest v2", url2, []string{"file.ready", "share.viewed", "file.versioned"}, "active = false")
	sameHook, newHook := statecheck.CompareValue(compare.ValuesSame()), statecheck.CompareValue(compare.ValuesDiffer())
	sameSecret, newSecret := statecheck.CompareValue(compare.ValuesSame()), statecheck.CompareValue(compare.ValuesDiffer())
	var id string
	recordID := stateCheckFunc(func(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
		id, resp.Error = stateString(req, webhookAddr, "id")
	})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoWebhooks(e),
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigStateChecks: []statecheck.StateCheck{
					recordID,
					sameHook.AddStateValue(webhookAddr, idPath),
					newHook.AddStateValue(webhookAddr, idPath),
					sameSecret.AddStateValue(webhookAddr, secretPath),
					newSecret.AddStateValue(webhookAddr, secretPath),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					secretIsFrameIOs(e, webhookAddr),
					webhookIs(e, "Ingest", url1, true, "file.ready", "comment.created"),
				},
			},
			{
				// Everything but the workspace changes in place, in one call; the secret stays.
				PreConfig: e.ResetRequests,
				Config:    updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(webhookAddr, secretPath, knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameHook.AddStateValue(webhookAddr, idPath),
					sameSecret.AddStateValue(webhookAddr, secretPath),
					secretIsFrameIOs(e, webhookAddr),
					webhookIs(e, "Ingest v2", url2, false, "file.ready", "share.viewed", "file.versioned"),
					emulatorCheck(func() error {
						if n, c := len(e.Calls("webhooks.update")), len(e.Calls("webhooks.create")); n != 1 || c != 0 {
							return fmt.Errorf("%d updates and %d creates, want one update", n, c)
						}
						return nil
					}),
				},
			},
			{
				// Renamed, events changed and turned back on in the web app: shown, then put back.
				PreConfig: func() {
					for _, err := range []error{e.RenameWebhook(id, "Ingest (edited)"), e.SetWebhookActive(id, true),
						e.SetWebhookEvents(id, "file.ready", "comment.deleted")} {
						if err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ingest v2")),
					plancheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("active"), knownvalue.Bool(false)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameHook.AddStateValue(webhookAddr, idPath),
					sameSecret.AddStateValue(webhookAddr, secretPath),
					webhookIs(e, "Ingest v2", url2, false, "file.ready", "share.viewed", "file.versioned"),
				},
			},
			{
				// Nothing changed anywhere: nothing to do.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Deleted in the web app: created again, with a new secret, and paused as configured.
				PreConfig: func() {
					if err := e.DeleteWebhook(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newHook.AddStateValue(webhookAddr, idPath),
					newSecret.AddStateValue(webhookAddr, secretPath),
					secretIsFrameIOs(e, webhookAddr),
					webhookIs(e, "Ingest v2", url2, false, "file.ready", "share.viewed", "file.versioned"),
				},
			},
			{
				// Another workspace: a new webhook there, with a new secret; the old one is deleted.
				Config: webhookConfig(e, other, "Ingest v2", url2, []string{"file.ready"}, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newHook.AddStateValue(webhookAddr, idPath),
					newSecret.AddStateValue(webhookAddr, secretPath),
					secretIsFrameIOs(e, webhookAddr),
					expectWebhook(e, webhookAddr, func(w emulator.Webhook) error {
						if w.WorkspaceID != other || len(e.Webhooks()) != 1 {
							return fmt.Errorf("webhook %+v among %d; want the only one, in workspace %s", w, len(e.Webhooks()), other)
						}
						return nil
					}),
				},
			},
		},
	})
}

// createWebhookOutOfBand creates a webhook the way the web app would, through the real client.
func createWebhookOutOfBand(t *testing.T, e *emulator.Emulator, w frameio.NewWebhook) string {
	t.Helper()
	o := e.Options()
	client, err := frameio.New(frameio.Config{BaseURL: e.URL(), Token: o.Token})
	if err != nil {
		t.Fatal(err)
	}
	created, err := client.ForAccount(o.AccountID).CreateWebhook(context.Background(), o.WorkspaceID, w)
	if err != nil {
		t.Fatal(err)
	}
	return created.ID
}

// Import reads everything Frame.io shows; the secret it never shows again is null, and stays null
// through in-place updates.
func TestAccWebhook_import(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	const url = "https://hooks.example.com/review"
	id := createWebhookOutOfBand(t, e, frameio.NewWebhook{Name: "Review", URL: url, Events: []string{"comment.created", "share.viewed"}})
	ws := e.Options().WorkspaceID
	config := webhookConfig(e, ws, "Review", url, []string{"comment.created", "share.viewed"}, "")
	importID := id
	if e.Readings().OmitWebhookWorkspaceID {
		importID = ws + "/" + id // the id alone is refused then: TestAccWebhook_importWhenRepliesOmitWorkspace
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: webhookAddr, ImportState: true, ImportStateId: importID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					attrs := states[0].Attributes
					want := map[string]string{"id": id, "workspace_id": ws, "name": "Review", "url": url, "active": "true",
						"events.#": "2"}
					for k, v := range want {
						if attrs[k] != v {
							return fmt.Errorf("imported %s = %q, want %q", k, attrs[k], v)
						}
					}
					if s, ok := attrs["secret"]; ok && s != "" {
						return fmt.Errorf("import invented a secret (%d characters)", len(s))
					}
					if attrs["created_at"] == "" {
						return fmt.Errorf("imported no created_at: %v", attrs)
					}
					return nil
				},
			},
			{
				// The configuration matches what was imported: nothing to do, and the secret stays null.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, secretPath, knownvalue.Null()),
					statecheck.ExpectKnownValue(webhookAddr, idPath, knownvalue.StringExact(id)),
				},
			},
			{
				// An in-place update of the imported webhook: still null, not "known after apply" made up.
				Config: webhookConfig(e, ws, "Review", url, []string{"comment.created"}, "active = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(webhookAddr, secretPath, knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, secretPath, knownvalue.Null()),
					statecheck.ExpectKnownValue(webhookAddr, idPath, knownvalue.StringExact(id)),
					webhookIs(e, "Review", url, false, "comment.created"),
				},
			},
		},
	})
}

// Replies that leave out workspace_id (nullable in the document's schema): an import by the webhook's id
// alone is refused with the form that works, <workspace_id>/<webhook_id> imports it, and the configured
// workspace_id then plans nothing (no replacement, which would lose the secret). A malformed import id
// is refused.
func TestAccWebhook_importWhenRepliesOmitWorkspace(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{OmitWebhookWorkspaceID: true}})
	const url = "https://hooks.example.com/review"
	id := createWebhookOutOfBand(t, e, frameio.NewWebhook{Name: "Review", URL: url, Events: []string{"file.ready"}})
	ws := e.Options().WorkspaceID
	config := webhookConfig(e, ws, "Review", url, []string{"file.ready"}, "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: webhookAddr, ImportState: true, ImportStateId: id,
				ExpectError: errorPattern(`Cannot import the Frame.io webhook without its workspace.*Import it as <workspace_id>/<webhook_id>.*` + id),
			},
			{
				Config: config, ResourceName: webhookAddr, ImportState: true, ImportStateId: "/" + id,
				ExpectError: errorPattern(`give the webhook's id, or <workspace_id>/<webhook_id>`),
			},
			{
				Config: config, ResourceName: webhookAddr, ImportState: true, ImportStateId: ws + "/" + id,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if got := states[0].Attributes["workspace_id"]; got != ws || states[0].Attributes["id"] != id {
						return fmt.Errorf("imported id %q, workspace_id %q; want %s, %s", states[0].Attributes["id"], got, id, ws)
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, idPath, knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(ws)),
				},
			},
		},
	})
}

// Bad input is refused at plan, before any call: a plain http url (loopback too), a host Frame.io cannot
// reach, an event the document does not list, no events, an empty name.
func TestAccWebhook_badInputAtPlan(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	ws := e.Options().WorkspaceID
	good := []string{"file.ready"}
	steps := []resource.TestStep{}
	for _, c := range []struct {
		name, url string
		events    []string
		want      string
	}{
		{"N", "http://hooks.example.com/x", good, `Invalid webhook URL.*url "http://hooks.example.com/x" uses plain http; use https`},
		{"N", "http://127.0.0.1:8080/x", good, `uses plain http; use https. A webhook takes no plain http URL, not even one of a loopback host`},
		{"N", "https://192.168.1.20/x", good, `has a private host, which Frame.io cannot reach`},
		{"N", "https://localhost/x", good, `has a loopback host, which Frame.io cannot reach`},
		{"N", "hooks.example.com/x", good, `is not an absolute https:// URL`},
		{"N", "https://hooks.example.com/x", []string{"file.ready", "file.exploded"}, `events.*value must be one of:.*"share.viewed"`},
		{"N", "https://hooks.example.com/x", []string{}, `events set must contain at least 1 elements`},
		{"", "https://hooks.example.com/x", good, `name string length must be between 1 and 255`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      webhookConfig(e, ws, c.name, c.url, c.events, ""),
			PlanOnly:    true,
			ExpectError: errorPattern(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      webhookConfig(e, ws, "N", "https://hooks.example.com/x", good, "active = \"sometimes\""),
		PlanOnly:    true,
		ExpectError: errorPattern(`Inappropriate value for attribute "active"`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProviders, Steps: steps})
	if n := len(e.Calls("webhooks.create")); n != 0 {
		t.Fatalf("%d webhook creates for configurations refused at plan", n)
	}
}

// A workspace Frame.io does not have is refused by Frame.io at apply: the error names workspace_id, and
// nothing is made.
func TestAccWebhook_unknownWorkspace(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:      webhookConfig(e, "6f1f2b0e-0000-4000-8000-0000000000ff", "N", "https://hooks.example.com/x", []string{"file.ready"}, ""),
			ExpectError: errorPattern(`Cannot create the Frame.io webhook.*404.*Check workspace_id`),
		}},
	})
	if n := len(e.Webhooks()); n != 0 {
		t.Fatalf("%d webhooks made by a refused create", n)
	}
}

// A create whose reply is lost (the strict reading of the document's silence: it took effect) leaves
// one webhook, and the state holds its real secret: the one the lost reply made is deleted and made
// again, since an adopted webhook's secret would be unknown.
func TestAccWebhook_lostCreateReply(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{Readings: emulator.Readings{LoseCreateReplies: true, WebhookActiveAsString: true}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoWebhooks(e),
		Steps: []resource.TestStep{{
			Config: webhookConfig(e, e.Options().WorkspaceID, "Ingest", "https://hooks.example.com/x", []string{"file.ready"}, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				secretIsFrameIOs(e, webhookAddr),
				emulatorCheck(func() error {
					if n, c, d := len(e.Webhooks()), len(e.Calls("webhooks.create")), len(e.Calls("webhooks.delete")); n != 1 || c != 2 || d != 1 {
						return fmt.Errorf("%d webhooks after %d creates and %d deletes; want 1 after 2 and 1", n, c, d)
					}
					return nil
				}),
			},
		}},
	})
}

// A new webhook that cannot be paused (active = false needs a second call) is kept in the state,
// tainted, not orphaned: the next apply replaces it with one that is paused.
func TestAccWebhook_pauseFailsAtCreate(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := webhookConfig(e, e.Options().WorkspaceID, "Paused", "https://hooks.example.com/x", []string{"file.ready"}, "active = false")
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoWebhooks(e),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { e.FailOperation("webhooks.update", emulator.Always, http.StatusForbidden) },
				Config:      config,
				ExpectError: errorPattern(`Cannot pause the new Frame.io webhook.*Webhook \S+ was created.*marked for replacement.*403 Forbidden`),
			},
			{
				PreConfig: func() {
					hooks := e.Webhooks()
					if len(hooks) != 1 || !hooks[0].Active {
						t.Fatalf("after the failed pause Frame.io holds %+v; want the one new, active webhook", hooks)
					}
					first = hooks[0].ID
					e.ClearFaults("webhooks.update")
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					secretIsFrameIOs(e, webhookAddr),
					webhookIs(e, "Paused", "https://hooks.example.com/x", false, "file.ready"),
					emulatorCheck(func() error {
						if _, ok := e.Webhook(first); ok || len(e.Webhooks()) != 1 {
							return fmt.Errorf("the tainted webhook %s was not replaced: %+v", first, e.Webhooks())
						}
						return nil
					}),
				},
			},
		},
	})
}

// A webhook made by a create whose reply was lost, and that cannot be deleted (its secret unknown), is
// kept in the state, tainted, with a null secret: the next apply replaces it, and nothing is orphaned.
func TestAccWebhook_lostReplyUndeletableIsTainted(t *testing.T) {
	e := newTestEmulator(t, emulator.Options{})
	config := webhookConfig(e, e.Options().WorkspaceID, "Ingest", "https://hooks.example.com/x", []string{"file.ready"}, "")
	var made string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkNoWebhooks(e),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.LoseReply("webhooks.create", 1, emulator.LostReplyStatus)
					e.FailOperation("webhooks.delete", emulator.Always, http.StatusForbidden)
				},
				Config:      config,
				ExpectError: errorPattern(`Cannot create the Frame.io webhook.*502 Bad Gateway.*may have taken effect.*403 Forbidden`),
			},
			{
				PreConfig: func() {
					hooks := e.Webhooks()
					if len(hooks) != 1 {
						t.Fatalf("Frame.io holds %+v; want the one webhook the lost reply made", hooks)
					}
					made = hooks[0].ID
					e.ClearFaults("webhooks.delete")
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					secretIsFrameIOs(e, webhookAddr),
					emulatorCheck(func() error {
						if _, ok := e.Webhook(made); ok || len(e.Webhooks()) != 1 {
							return fmt.Errorf("the webhook of the lost reply, %s, is still there: %+v", made, e.Webhooks())
						}
						return nil
					}),
				},
			},
		},
	})
}
