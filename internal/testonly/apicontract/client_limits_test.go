package apicontract

import (
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/frameio"
)

// The client paces each operation by its own table of documented limits (it must not share the
// emulator's): every operation it calls has one, and each is the document's.
func TestEveryClientOperationIsPacedByItsDocumentedLimit(t *testing.T) {
	limits := frameio.RateLimits()
	ops := map[string]bool{}
	for _, op := range frameio.Operations() {
		ops[op.ID] = true
		if _, ok := limits[op.ID]; !ok {
			t.Errorf("client operation %s has no rate limit to pace it by: give its registry entry a limit in internal/frameio/registry.go", op.ID)
		}
	}
	for id := range limits {
		if !ops[id] {
			t.Errorf("the client paces %s, which it never calls", id)
		}
	}
	doc := loadOpenAPI(t)
	byID := map[string]openAPIOperation{}
	for _, op := range doc {
		byID[op.OperationID] = op
	}
	for id, got := range limits {
		want, err := parseDocumentedLimit(byID[id].Description)
		if err != nil {
			t.Errorf("%s: %v in its description", id, err)
			continue
		}
		if got.N != want.N || got.Window != want.Window {
			t.Errorf("%s: the client paces it at %d per %s, the document says %d per %s", id, got.N, got.Window, want.N, want.Window)
		}
	}
}
