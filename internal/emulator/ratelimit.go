package emulator

import (
	"math"
	"time"
)

// limit is a documented per-endpoint rate limit: n calls per window, leaky bucket.
type limit struct {
	n      int
	window time.Duration
}

// limits per route (keyed by operationId), from the V4 OpenAPI document ("Rate Limits: ... per
// account_user").
var limits = map[string]limit{
	"users.show":                    {100, time.Minute},
	"accounts.index":                {100, time.Minute},
	"workspaces.index":              {100, time.Minute},
	"account_projects.index":        {100, time.Minute},
	"projects.index":                {100, time.Minute},
	"projects.show":                 {100, time.Minute},
	"folders.show":                  {100, time.Minute},
	"folders.update":                {10, time.Minute},
	"folders.delete":                {60, time.Minute},
	"folders.move":                  {10, time.Minute},
	"folders.list":                  {5, time.Second},
	"folders.create":                {3, time.Second},
	"folders.index":                 {100, time.Minute},
	"files.list":                    {5, time.Second},
	"files.create_local_upload":     {5, time.Second},
	"files.create_remote_upload":    {5, time.Second},
	"files.show":                    {10, time.Second},
	"files.update":                  {100, time.Minute},
	"files.delete":                  {100, time.Minute},
	"files.move":                    {100, time.Minute},
	"files.show_file_upload_status": {5, time.Second},
}

var defaultLimit = limit{100, time.Minute}

// bucket is a leaky bucket: level drains at n/window per second; a call fits when level+1 <= n.
type bucket struct {
	level float64
	last  time.Time
}

// takeLocked accounts one call for route and reports whether it fits, with the header values.
// Called with e.mu held. When enforce is false the call is always allowed (and still counted); when
// consume is false the bucket is only read (replies to unauthenticated or unroutable calls).
func (e *Emulator) takeLocked(route string, now time.Time, enforce, consume bool) (ok bool, lim limit, remaining int) {
	lim, found := limits[route]
	if !found {
		lim = defaultLimit
	}
	b := e.buckets[route]
	if b == nil {
		b = &bucket{last: now}
		e.buckets[route] = b
	}
	rate := float64(lim.n) / lim.window.Seconds()
	b.level = math.Max(0, b.level-now.Sub(b.last).Seconds()*rate)
	b.last = now
	if !consume {
		return true, lim, int(math.Max(0, math.Floor(float64(lim.n)-b.level+1e-9)))
	}
	if b.level+1 > float64(lim.n)+1e-9 {
		if enforce {
			return false, lim, 0
		}
		b.level = float64(lim.n) - 1
	}
	b.level++
	remaining = int(math.Floor(float64(lim.n) - b.level + 1e-9))
	if remaining < 0 {
		remaining = 0
	}
	return true, lim, remaining
}
