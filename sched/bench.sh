#!/bin/sh
# bench.sh runs the scheduler benchmarks interleaved, several rounds, and summarises them with benchstat
# (go install golang.org/x/perf/cmd/benchstat@latest). The machine is shared with other work: compare the
# medians, and look at the spread benchstat prints before believing a difference.
#
# Usage: sched/bench.sh [rounds] [benchtime] [bench regexp]     (defaults: 8 10x all)
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-8}
benchtime=${2:-10x}
pattern=${3:-'BenchmarkRun$|BenchmarkRunBounded$|BenchmarkErrgroupFanout$|BenchmarkSequential$'}
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
benchstat=$(command -v benchstat || echo "$(go env GOPATH)/bin/benchstat")
"$benchstat" -col .name -row /work,/gomaxprocs "$out"
