#!/bin/sh
# bench-peers.sh BLAZE PEERS [DATA]: whole-process wall time and peak RSS of blaze against polars (eager: the
# talk's pipeline; streaming) and DuckDB on a generated --scale 1 dump, median of RUNS runs (default 5) after
# one warm-up run that puts the file in the page cache. DATA (default .cache/bench) holds the dump; it is
# generated once with blaze gen --scale 1 --seed 1. Prints a Markdown table for docs/benchmarks.md.
set -eu
blaze=$1
peers=$2
data=${3:-.cache/bench}
runs=${RUNS:-5}
scale=${SCALE:-1}
if [ ! -f "$data/expected.json" ]; then
	echo "generating a --scale $scale dump into $data (about a minute)..." >&2
	"$blaze" gen --out "$data" --scale "$scale" --seed 1 >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure LABEL CMD...: run CMD RUNS times after a warm-up, print a table row with the median wall time and
# median peak RSS, and the answer line of the last run.
measure() {
	label=$1
	shift
	"$@" >/dev/null 2>&1 || { echo "| $label | failed | | |"; return; }
	: >"$tmp/times"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null
		cat "$tmp/t" >>"$tmp/times"
		i=$((i + 1))
	done
	wall=$(sort -n -k1,1 "$tmp/times" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
	rss=$(sort -n -k2,2 "$tmp/times" | awk '{a[NR]=$2} END{printf "%.0f", a[int((NR+1)/2)]/1024}')
	answer=$(head -1 "$tmp/out")
	echo "| $label | $wall s | $rss MiB | $answer |"
}

# The talk's workflow on the tarball: extract crates.csv with tar (which reads the whole gzip stream), then polars.
talk_tar="rm -rf '$tmp/x' && mkdir -p '$tmp/x' && tar -xzf '$data/db-dump.tar.gz' -C '$tmp/x' --wildcards '*/data/crates.csv' && node '$peers/polars_count.js' \"\$(find '$tmp/x' -name crates.csv)\""

echo "| command | wall (median of $runs) | peak RSS | first line of output |"
echo "|---|---|---|---|"
for f in crates.csv crates.csv.gz; do
	measure "blaze count $f" "$blaze" count --quiet "$data/$f"
	measure "blaze count --workers 1 $f" "$blaze" count --quiet --workers 1 "$data/$f"
	measure "polars eager (the talk) $f" node "$peers/polars_count.js" "$data/$f"
	measure "polars streaming $f" node "$peers/polars_count.js" --mode streaming "$data/$f"
	measure "DuckDB $f" node "$peers/duckdb_count.js" "$data/$f"
done
measure "blaze count db-dump.tar.gz" "$blaze" count --quiet "$data/db-dump.tar.gz"
measure "tar -xzf crates.csv, then polars eager (the talk)" sh -c "$talk_tar"
measure "blaze count db-dump.zip" "$blaze" count --quiet "$data/db-dump.zip"
if command -v igzip >/dev/null 2>&1; then
	measure "igzip -dc crates.csv.gz (inflate alone)" sh -c "igzip -dc '$data/crates.csv.gz' >/dev/null"
fi
measure "gzip -dc crates.csv.gz (inflate alone)" sh -c "gzip -dc '$data/crates.csv.gz' >/dev/null"
