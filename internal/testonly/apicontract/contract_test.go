package apicontract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
	"github.com/frameio/terraform-provider-frameio/internal/frameio"
	"github.com/frameio/terraform-provider-frameio/internal/testonly"
)

// opKey identifies an operation the way the OpenAPI document does: method and path template.
func opKey(method, path string) string { return strings.ToUpper(method) + " " + path }

func routesByKey(t *testing.T) map[string]emulator.Route {
	t.Helper()
	out := map[string]emulator.Route{}
	for _, r := range emulator.Routes() {
		k := opKey(r.Method, r.Pattern)
		if _, dup := out[k]; dup {
			t.Errorf("emulator serves %s twice", k)
		}
		out[k] = r
	}
	return out
}

func TestEveryClientOperationHasAnEmulatorRoute(t *testing.T) {
	routes := routesByKey(t)
	seen := map[string]bool{}
	for _, op := range frameio.Operations() {
		if seen[op.ID] {
			t.Errorf("client operation %s is listed twice", op.ID)
		}
		seen[op.ID] = true
		r, ok := routes[opKey(op.Method, op.Path)]
		switch {
		case !ok:
			t.Errorf("client operation %s (%s %s) has no emulator route: add it in internal/emulator/routes.go", op.ID, op.Method, op.Path)
		case r.OperationID != op.ID:
			t.Errorf("%s %s: the client calls it %s, the emulator %s", op.Method, op.Path, op.ID, r.OperationID)
		}
	}
	if len(seen) == 0 {
		t.Fatal("frameio.Operations() is empty")
	}
}

func TestEveryRouteHasARateLimitClassAndNoClassIsOrphaned(t *testing.T) {
	limits := emulator.RateLimits()
	used := map[string]bool{}
	for _, r := range emulator.Routes() {
		used[r.OperationID] = true
		if _, ok := limits[r.OperationID]; !ok {
			t.Errorf("route %s %s (%s) has no rate-limit class: add it in internal/emulator/ratelimit.go", r.Method, r.Pattern, r.OperationID)
		}
	}
	for id := range limits {
		if !used[id] {
			t.Errorf("rate-limit class %s belongs to no route", id)
		}
	}
}

// openAPIOperation is the part of an OpenAPI operation these tests read.
type openAPIOperation struct {
	OperationID string `json:"operationId"`
	Description string `json:"description"`
}

// loadOpenAPI reads the published OpenAPI document. It is not copied into the repository (its publisher
// asks us not to); FRAMEIO_OPENAPI names it, by default the shared/ folder beside the checkout, which CI
// provides. CI fails without it; elsewhere the document-based checks skip with a note.
func loadOpenAPI(t *testing.T) map[string]openAPIOperation {
	t.Helper()
	path := os.Getenv("FRAMEIO_OPENAPI")
	if path == "" {
		root, err := testonly.ModuleRoot()
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(root, "..", "shared", "frameio-v4-openapi.json")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the OpenAPI document is needed in CI: %v (set FRAMEIO_OPENAPI)", err)
		}
		t.Skipf("OpenAPI document not found (%v): set FRAMEIO_OPENAPI to check the operation table against it", err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	ops := map[string]openAPIOperation{}
	for p, methods := range doc.Paths {
		for m, body := range methods {
			var op openAPIOperation
			if json.Unmarshal(body, &op) != nil || op.OperationID == "" {
				continue // "parameters" and other non-operation keys
			}
			ops[opKey(m, p)] = op
		}
	}
	if len(ops) == 0 {
		t.Fatalf("%s lists no operations", path)
	}
	return ops
}

func TestClientAndEmulatorOperationsAreInTheOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	check := func(who, id, method, path string) {
		op, ok := doc[opKey(method, path)]
		switch {
		case !ok:
			t.Errorf("%s: %s %s is not in the OpenAPI document", who, method, path)
		case op.OperationID != id:
			t.Errorf("%s: %s %s is %s in the OpenAPI document, not %s", who, method, path, op.OperationID, id)
		}
	}
	for _, op := range frameio.Operations() {
		check("client", op.ID, op.Method, op.Path)
	}
	for _, r := range emulator.Routes() {
		check("emulator", r.OperationID, r.Method, r.Pattern)
	}
}

// documentedLimit reads "Rate Limits: 5 calls per 1 second(s) per account_user" from a description.
var documentedLimit = regexp.MustCompile(`Rate Limits: (\d+) calls per ([\d.]+) (second|minute|hour)\(s\)`)

func parseDocumentedLimit(desc string) (emulator.RateLimit, error) {
	m := documentedLimit.FindStringSubmatch(desc)
	if m == nil {
		return emulator.RateLimit{}, fmt.Errorf("no documented rate limit")
	}
	n, _ := strconv.Atoi(m[1])
	count, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		return emulator.RateLimit{}, err
	}
	unit := map[string]time.Duration{"second": time.Second, "minute": time.Minute, "hour": time.Hour}[m[3]]
	return emulator.RateLimit{N: n, Window: time.Duration(count * float64(unit))}, nil
}

func TestEveryRateLimitClassIsTheDocumentedLimit(t *testing.T) {
	doc := loadOpenAPI(t)
	byID := map[string]openAPIOperation{}
	for _, op := range doc {
		byID[op.OperationID] = op
	}
	for id, got := range emulator.RateLimits() {
		op, ok := byID[id]
		if !ok {
			t.Errorf("rate-limit class %s is not an operationId of the OpenAPI document", id)
			continue
		}
		want, err := parseDocumentedLimit(op.Description)
		if err != nil {
			t.Errorf("%s: %v in its description", id, err)
			continue
		}
		if got != want {
			t.Errorf("%s: emulator limits it to %d per %s, the document to %d per %s", id, got.N, got.Window, want.N, want.Window)
		}
	}
}

func TestParseDocumentedLimit(t *testing.T) {
	for desc, want := range map[string]emulator.RateLimit{
		"Show file. <br/>Rate Limits: 10 calls per 1 second(s) per account_user":        {N: 10, Window: time.Second},
		"Update folder. <br/>Rate Limits: 10 calls per 1.00 minute(s) per account_user": {N: 10, Window: time.Minute},
	} {
		got, err := parseDocumentedLimit(desc)
		if err != nil || got != want {
			t.Errorf("parseDocumentedLimit(%q) = %v, %v; want %v", desc, got, err, want)
		}
	}
	if _, err := parseDocumentedLimit("List things."); err == nil {
		t.Error("a description without a limit must be an error")
	}
}
