package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/frameio/terraform-provider-frameio/internal/emulator"
)

// faultFlag collects the repeatable fault flags, each OP=N[:ARG], and injects them once the emulator
// is up: -fail OP=N:STATUS, -lose-reply OP=N:MODE (status, timeout or cut), -stall OP=N, -reset OP=N. OP is an
// operation id (an OpenAPI operationId, s3.put_part, ims.token, or * for any API operation); N < 0 hits
// every call.
type faultFlag struct {
	kind  string // fail, lose-reply, stall, reset
	specs []faultSpec
}

type faultSpec struct {
	op  string
	n   int
	arg string
}

func (f *faultFlag) String() string {
	var parts []string
	for _, s := range f.specs {
		parts = append(parts, fmt.Sprintf("%s=%d:%s", s.op, s.n, s.arg))
	}
	return strings.Join(parts, ",")
}

func (f *faultFlag) Set(v string) error {
	op, rest, ok := strings.Cut(v, "=")
	if !ok || op == "" {
		return fmt.Errorf("%q: want OP=N%s", v, f.argHint())
	}
	count, arg, hasArg := strings.Cut(rest, ":")
	n, err := strconv.Atoi(count)
	if err != nil {
		return fmt.Errorf("%q: count %q is not an integer", v, count)
	}
	if hasArg != (f.kind == "fail" || f.kind == "lose-reply") {
		return fmt.Errorf("%q: want OP=N%s", v, f.argHint())
	}
	if err := f.check(arg); err != nil {
		return fmt.Errorf("%q: %w", v, err)
	}
	f.specs = append(f.specs, faultSpec{op: op, n: n, arg: arg})
	return nil
}

func (f *faultFlag) argHint() string {
	switch f.kind {
	case "fail":
		return ":STATUS"
	case "lose-reply":
		return ":MODE"
	}
	return ""
}

func (f *faultFlag) check(arg string) error {
	switch f.kind {
	case "fail":
		if st, err := strconv.Atoi(arg); err != nil || st < 400 || st > 599 {
			return fmt.Errorf("status %q: want 400..599", arg)
		}
	case "lose-reply":
		_, err := emulator.ParseLostReplyMode(arg)
		return err
	}
	return nil
}

// inject adds the collected faults to e.
func (f *faultFlag) inject(e *emulator.Emulator) {
	for _, s := range f.specs {
		switch f.kind {
		case "fail":
			st, _ := strconv.Atoi(s.arg)
			e.FailOperation(s.op, s.n, st)
		case "lose-reply":
			m, _ := emulator.ParseLostReplyMode(s.arg)
			e.LoseReply(s.op, s.n, m)
		case "stall":
			e.Stall(s.op, s.n)
		case "reset":
			e.ResetConnection(s.op, s.n)
		}
	}
}
