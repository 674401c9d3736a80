package emulator

import (
	"maps"
	"math"
	"time"
)

// RateLimit is a documented per-endpoint rate limit: N calls per Window, as a leaky bucket.
type RateLimit struct {
	N      int
	Window time.Duration
}

// rateLimits per route (keyed by operationId), from the V4 OpenAPI document ("Rate Limits: ... per
// account_user"). Every route in routeTable must have an entry: New panics otherwise.
var rateLimits = map[string]RateLimit{
	"users.show":                        {100, time.Minute},
	"accounts.index":                    {100, time.Minute},
	"workspaces.index":                  {100, time.Minute},
	"workspaces.show":                   {100, time.Minute},
	"account_projects.index":            {100, time.Minute},
	"projects.index":                    {100, time.Minute},
	"projects.show":                     {100, time.Minute},
	"folders.show":                      {100, time.Minute},
	"folders.update":                    {10, time.Minute},
	"folders.delete":                    {60, time.Minute},
	"folders.move":                      {10, time.Minute},
	"folders.list":                      {5, time.Second},
	"folders.create":                    {3, time.Second},
	"folders.index":                     {100, time.Minute},
	"files.list":                        {5, time.Second},
	"files.create_local_upload":         {5, time.Second},
	"files.create_remote_upload":        {5, time.Second},
	"files.show":                        {10, time.Second},
	"files.update":                      {100, time.Minute},
	"files.delete":                      {100, time.Minute},
	"files.move":                        {100, time.Minute},
	"files.show_file_upload_status":     {5, time.Second},
	"version_stacks.list":               {5, time.Second},
	"version_stacks.create":             {10, time.Minute},
	"version_stacks.show":               {100, time.Minute},
	"version_stacks.index":              {100, time.Minute},
	"version_stacks.move":               {10, time.Minute},
	"shares.index":                      {100, time.Minute},
	"shares.create":                     {10, time.Minute},
	"shares.show":                       {100, time.Minute},
	"shares.update":                     {10, time.Minute},
	"shares.delete":                     {60, time.Minute},
	"shares.add_asset":                  {10, time.Minute},
	"shares.remove_asset":               {10, time.Minute},
	"shares.list_reviewers":             {10, time.Minute},
	"shares.add_reviewers":              {10, time.Minute},
	"shares.remove_reviewers":           {10, time.Minute},
	"metadata.field_definitions.index":  {100, time.Minute},
	"metadata.field_definitions.create": {10, time.Minute},
	"metadata.field_definitions.update": {10, time.Minute},
	"metadata.field_definitions.delete": {60, time.Minute},
	"metadata.show":                     {100, time.Minute},
	"metadata.bulk_update":              {10, time.Minute},
}

// RateLimits returns the documented limit of every operation the emulator serves, keyed by operationId
// (a copy: changing it changes nothing).
func RateLimits() map[string]RateLimit { return maps.Clone(rateLimits) }

// unroutedLimit only fills the x-ratelimit-* headers of replies to calls that match no route (the
// service sends them on every reply); such calls are never counted.
var unroutedLimit = RateLimit{100, time.Minute}

// bucket is a leaky bucket: level drains at N/Window per second; a call fits when level+1 <= N.
type bucket struct {
	level float64
	last  time.Time
}

// takeLocked accounts one call of operation op, whose limit is lim, and reports whether it fits, with
// the x-ratelimit-remaining value. Called with e.mu held. When enforce is false the call is always
// allowed (and still counted); when consume is false the bucket is only read (replies to
// unauthenticated calls).
func (e *Emulator) takeLocked(op string, lim RateLimit, now time.Time, enforce, consume bool) (ok bool, remaining int) {
	b := e.buckets[op]
	if b == nil {
		b = &bucket{last: now}
		e.buckets[op] = b
	}
	rate := float64(lim.N) / lim.Window.Seconds()
	b.level = math.Max(0, b.level-now.Sub(b.last).Seconds()*rate)
	b.last = now
	if !consume {
		return true, int(math.Max(0, math.Floor(float64(lim.N)-b.level+1e-9)))
	}
	if b.level+1 > float64(lim.N)+1e-9 {
		if enforce {
			return false, 0
		}
		b.level = float64(lim.N) - 1
	}
	b.level++
	return true, max(0, int(math.Floor(float64(lim.N)-b.level+1e-9)))
}
