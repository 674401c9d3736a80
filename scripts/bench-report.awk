# Summarises `go test -bench` output of internal/uploader: MB/s of the upload engine next to the bare
# concurrent PUTs at the same concurrency, per case. Used by `make bench`.
/^Benchmark(Upload|BarePUT)\// {
	name = $1
	sub(/-[0-9]+$/, "", name) # the GOMAXPROCS suffix
	kind = substr(name, 1, index(name, "/") - 1)
	key = substr(name, index(name, "/") + 1)
	for (i = 2; i < NF; i++) {
		if ($(i + 1) == "MB/s") {
			mbs[kind, key] = $i
		}
	}
	if (!(key in seen)) {
		seen[key] = 1
		order[++n] = key
	}
}
END {
	printf "%-30s %12s %14s %12s\n", "case", "engine MB/s", "bare PUT MB/s", "engine/bare"
	for (i = 1; i <= n; i++) {
		k = order[i]
		e = mbs["BenchmarkUpload", k]
		b = mbs["BenchmarkBarePUT", k]
		r = (e != "" && b > 0) ? sprintf("%.2f", e / b) : "-"
		printf "%-30s %12s %14s %12s\n", k, (e == "" ? "-" : e), (b == "" ? "-" : b), r
	}
}
