// Package benchscale holds `make bench-scale`: N frameio_file resources (default 1,000) applied and then
// planned through the real Terraform CLI against an in-process emulator with the documented rate limits
// on. It prints wall times, API calls per endpoint, the 429s and the floors the documented limits imply.
//
// The benchmark is a test behind the benchscale build tag, so `go test ./...` (and `make test`) never
// runs it:
//
//	go test -tags benchscale ./internal/testonly/benchscale/ -run TestScale -v -timeout 2h
//
// TestBigFiles (BENCH_BIG_GIB, default "1 4") uploads one large file per size and reports throughput,
// provider peak RSS and hashing speed next to sha256sum.
//
// The stacked cases plan N files that each have a second version, in one folder: uploaded by the
// provider (version stacks it made), or in the web app and then seen by one refresh (whose cost is
// reported too), beside the same plan unstacked and with -refresh=false. They build their state at 100
// times the documented limits (emulator.SetRateLimitScale) and measure at the documented ones.
//
// The metadata cases apply N new files that set the same 3 metadata fields, with 1 or 5 distinct value
// sets, at a given -parallelism, and report the metadata.bulk_update calls (10 a minute, up to 100
// files a call) and their 429s: the provider's writer coalesces files that set the same values into
// shared calls, each carrying at most as many files as Terraform applies at once.
//
// Environment: BENCH_SCALE_N (files, default 1000), BENCH_SCALE_FOLDERS (space-separated folder counts,
// one layout each, default "1 20"; "none" for none), BENCH_SCALE_STACKED (stacked cases, default
// "provider webapp"; "none" for none), BENCH_SCALE_METADATA (metadata cases as sets:parallelism pairs,
// default "1:100 5:100 5:250 1:10"; "none" for none), BENCH_SCALE_PROVIDER (a prebuilt provider binary, e.g. an older
// commit's, to compare), TERRAFORM (the CLI, default bin/terraform).
package benchscale
