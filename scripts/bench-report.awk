# Summarises `go test -bench` output of internal/uploader: MB/s of the upload engine next to the bare
# concurrent PUTs at the same concurrency, per case, and (at its fixed concurrency of 5) next to the Go
# reimplementation of the Python SDK's uploader. Used by `make bench`.
/^Benchmark(Upload|BarePUT|SDKStyle)\// {
	name = $1
	sub(/-[0-9]+$/, "", name) # the GOMAXPROCS suffix
	kind = substr(name, 1, index(name, "/") - 1)
	key = substr(name, index(name, "/") + 1)
	for (i = 2; i < NF; i++) {
		if ($(i + 1) == "MB/s") {
			mbs[kind, key] = $i
		}
		if ($(i + 1) == "B/op") {
			bop[kind, key] = $i
		}
	}
	if (kind != "BenchmarkSDKStyle" && !(key in seen)) {
		seen[key] = 1
		order[++n] = key
	}
}
function ratio(a, b) { return (a != "" && b > 0) ? sprintf("%.2f", a / b) : "-" }
function orDash(v) { return v == "" ? "-" : v }
END {
	printf "%-30s %12s %14s %12s %14s %11s\n", "case", "engine MB/s", "bare PUT MB/s", "engine/bare", "SDK-style MB/s", "engine/SDK"
	for (i = 1; i <= n; i++) {
		k = order[i]
		e = mbs["BenchmarkUpload", k]
		b = mbs["BenchmarkBarePUT", k]
		s = mbs["BenchmarkSDKStyle", k]
		printf "%-30s %12s %14s %12s %14s %11s\n", k, orDash(e), orDash(b), ratio(e, b), orDash(s), ratio(e, s)
	}
	printf "\nmemory per upload (B/op): engine vs SDK-style at conc5\n"
	for (i = 1; i <= n; i++) {
		k = order[i]
		if (("BenchmarkSDKStyle", k) in bop) {
			printf "%-30s %14s %14s\n", k, bop["BenchmarkUpload", k], bop["BenchmarkSDKStyle", k]
		}
	}
}
