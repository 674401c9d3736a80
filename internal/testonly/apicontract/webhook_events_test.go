package apicontract

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// validEvents reads the "Valid events:" list of an operation's description: the comma-separated names
// inside the <code> element that follows it.
var validEvents = regexp.MustCompile(`(?s)Valid events:.*?<code>(.*?)</code>`)

// The events a webhook may subscribe to are listed in one place in the client (the provider validates
// configurations against it) and once in the emulator (written from the document, not from the client):
// both must be the list of the webhooks.create operation's description, in its order, so that none can
// drift from the document.
func TestWebhookEventsAreTheDocumentedList(t *testing.T) {
	doc := loadOpenAPI(t)
	var desc string
	for _, op := range doc {
		if op.OperationID == "webhooks.create" {
			desc = op.Description
		}
	}
	m := validEvents.FindStringSubmatch(desc)
	if m == nil {
		t.Fatalf("the description of webhooks.create lists no valid events: %q", desc)
	}
	var want []string
	for _, ev := range strings.Split(m[1], ",") {
		if ev = strings.TrimSpace(ev); ev != "" {
			want = append(want, ev)
		}
	}
	if len(want) < 2 {
		t.Fatalf("read %v from the description: the pattern no longer fits it", want)
	}
	if got := frameio.WebhookEvents(); !slices.Equal(got, want) {
		t.Errorf("the client's webhook events (internal/frameio/wire_webhooks.go) are\n %v\nthe document lists\n %v", got, want)
	}
	if got := emulator.WebhookEvents(); !slices.Equal(got, want) {
		t.Errorf("the emulator's webhook events (internal/emulator/webhooks.go) are\n %v\nthe document lists\n %v", got, want)
	}
}
