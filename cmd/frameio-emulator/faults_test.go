package main

import (
	"testing"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

func TestFaultFlags(t *testing.T) {
	fail, lose, stall, reset := &faultFlag{kind: "fail"}, &faultFlag{kind: "lose-reply"}, &faultFlag{kind: "stall"}, &faultFlag{kind: "reset"}
	for _, tc := range []struct {
		f  *faultFlag
		v  string
		ok bool
	}{
		{fail, "s3.put_part=2:503", true},
		{fail, "*=-1:429", true},
		{fail, "files.show=1", false},     // no status
		{fail, "files.show=1:200", false}, // not an error status
		{fail, "files.show=x:500", false},
		{fail, "=1:500", false},
		{lose, "folders.create=1:cut", true},
		{lose, "folders.create=1:lost", false},
		{stall, "files.delete=1", true},
		{stall, "files.delete=1:500", false},
		{reset, "users.show=3", true},
	} {
		if err := tc.f.Set(tc.v); (err == nil) != tc.ok {
			t.Errorf("-%s %s: err = %v, want ok %v", tc.f.kind, tc.v, err, tc.ok)
		}
	}
	e := emulator.New(emulator.Options{})
	defer e.Close()
	for _, f := range []*faultFlag{fail, lose, stall, reset} {
		f.inject(e)
	}
	for op, want := range map[string]int{emulator.OpPutPart: 2, emulator.OpAnyAPI: emulator.Always,
		"folders.create": 1, "files.delete": 1, "users.show": 3} {
		if got := e.PendingFaults(op); got != want {
			t.Errorf("%s: %d faults pending, want %d", op, got, want)
		}
	}
}
