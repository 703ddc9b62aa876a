#!/bin/sh
# bench.sh runs the scheduler benchmarks interleaved, several rounds, and summarises them: for each
# benchmark the best (minimum) and median wall time per op, the MB/s of the best, and the median CPU time
# of the process per op. The machine is shared with other work, which inflates wall time at random; the
# minimum over interleaved rounds is the least disturbed figure, and CPU time shows the scheduling overhead.
# With benchstat on the PATH (go install golang.org/x/perf/cmd/benchstat@latest) it prints its table too.
#
# Usage: sched/bench.sh [rounds] [benchtime] [bench regexp]     (defaults: 8 10x the five comparisons)
# Raw output goes to $OUT (default /tmp/sched-bench.txt).
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-8}
benchtime=${2:-10x}
pattern=${3:-'BenchmarkRun$|BenchmarkRunBounded$|BenchmarkErrgroupFanout$|BenchmarkErrgroupFanoutBounded$|BenchmarkSequential$'}
out=${OUT:-/tmp/sched-bench.txt}
dir=$(mktemp -d)
go test -c -o "$dir/sched.test" ./sched/
: >"$out"
i=0
while [ "$i" -lt "$rounds" ]; do
	"$dir/sched.test" -test.run '^$' -test.bench "$pattern" -test.benchtime "$benchtime" -test.cpu 1,2 >>"$out"
	i=$((i + 1))
done
rm -r "$dir"
uptime
awk '
/^Benchmark/ {
	name = $1; n[name]++
	for (i = 3; i < NF; i += 2) {
		if ($(i+1) == "ns/op") wall[name, n[name]] = $i
		if ($(i+1) == "MB/s") mbs[name, n[name]] = $i
		if ($(i+1) == "cpu-ns/op") cpu[name, n[name]] = $i
	}
	if (!(name in seen)) { seen[name] = 1; order[++k] = name }
}
function median(arr, name, m,   a, j, l, v) {
	for (j = 1; j <= m; j++) {
		v = arr[name, j] + 0
		for (l = j - 1; l >= 1 && a[l] > v; l--) a[l + 1] = a[l]
		a[l + 1] = v
	}
	return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
END {
	printf "%-52s %10s %10s %9s %10s %3s\n", "benchmark", "best ms", "median ms", "best MB/s", "cpu ms", "n"
	for (j = 1; j <= k; j++) {
		name = order[j]; best = 0
		for (r = 1; r <= n[name]; r++) if (best == 0 || wall[name, r] + 0 < wall[name, best] + 0) best = r
		printf "%-52s %10.2f %10.2f %9.0f %10.2f %3d\n", name, wall[name, best] / 1e6, median(wall, name, n[name]) / 1e6,
			mbs[name, best], median(cpu, name, n[name]) / 1e6, n[name]
	}
}' "$out"
if command -v benchstat >/dev/null 2>&1; then
	benchstat -col .name -row /work,/gomaxprocs "$out"
fi
