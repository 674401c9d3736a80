// Package emulatortest starts the Frame.io emulator for tests. It is the only part of the emulator
// that imports "testing", so that the emulator itself (also served by cmd/frameio-emulator) does not.
package emulatortest

import (
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// New starts an Emulator on 127.0.0.1:0 and closes it when the test ends.
func New(t testing.TB, opts emulator.Options) *emulator.Emulator {
	t.Helper()
	e, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}
