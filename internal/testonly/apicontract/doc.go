// Package apicontract holds no code, only tests: they keep the three hand-kept lists of API operations
// in step. The client's operations (frameio.Operations), the emulator's routes (emulator.Routes) and the
// emulator's rate-limit classes (emulator.RateLimits) are written separately on purpose (the emulator
// must not share the client's reading of the contract), so these tests compare them with each other and
// with the published OpenAPI document.
//
// To add an operation: add its entry (path, documented limit, what it changes) to the client's registry
// in internal/frameio/registry.go with its typed method, the route and handler in internal/emulator
// (routes.go), and its documented limit in internal/emulator/ratelimit.go; then run
// `go test ./internal/testonly/apicontract/`.
package apicontract
