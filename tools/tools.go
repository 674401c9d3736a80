//go:build generate

// Package tools pins the documentation generator and runs it with `go generate -tags generate ./...`
// (see `make docs`). It is its own module so the provider's go.mod does not carry doc-only dependencies.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

// Format the examples that end up in the documentation.
//go:generate terraform fmt -recursive ../examples/

// Generate docs/ from the provider schema, templates/ and examples/.
//go:generate go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate --provider-dir .. --provider-name frameio
