// Package testonly is the home of the packages that hold only tests and benchmarks, kept apart from the
// production packages beside it so that no reader mistakes them for code the provider runs:
//
//   - apicontract: tests that keep the client's operations, the emulator's routes and rate-limit
//     classes, and the published OpenAPI document in step (part of `go test ./...`).
//   - benchscale: the scale and large-file benchmarks behind `make bench-scale` and `make bench-big`,
//     through the real Terraform CLI (build tag benchscale, so `go test ./...` never runs them).
//   - doccheck: every HCL block of README.md, the doc templates and guides, and every directory of
//     examples/ through `terraform fmt` and `terraform validate` (TestAccDocsHCL, TF_ACC only), and
//     README.md's configuration table against the provider schema.
//
// The upload engine's own benchmarks (`make bench`) stay beside the code they measure, in
// internal/uploader. No production package imports anything under internal/testonly.
//
// This package itself holds only ModuleRoot, which the tests below it use to find files by the
// repository's layout rather than by how deep they sit in it.
package testonly
