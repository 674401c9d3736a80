package testonly

import (
	"errors"
	"os"
	"path/filepath"
)

// ModuleRoot is the directory of this repository's go.mod, found by walking up from the working
// directory (go test runs a package's tests in the package's directory). Tests use it instead of a
// count of "..", which breaks whenever a package moves.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
