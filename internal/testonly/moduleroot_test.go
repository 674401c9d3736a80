package testonly

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestModuleRootIsThisRepository(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(mod), "module github.com/frameio/terraform-provider-frameio\n") {
		t.Fatalf("%s/go.mod is not this repository's:\n%.80s", root, mod)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "testonly", "doc.go")); err != nil {
		t.Fatalf("root %s does not hold internal/testonly: %v", root, err)
	}
}

func TestModuleRootOutsideAModuleFails(t *testing.T) {
	t.Chdir(t.TempDir())
	if root, err := ModuleRoot(); err == nil {
		t.Fatalf("got root %q outside any module, want an error", root)
	}
}
