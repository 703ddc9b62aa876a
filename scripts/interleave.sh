#!/bin/sh
# interleave.sh ROUNDS CMD... : runs the commands in turn, ROUNDS times (after one warm-up run of each), and
# prints each command's wall time in ms: median, minimum, quartiles, and x = the first command's median over
# this one's (above 1: this command is faster).
#
# Interleaving is for a shared machine: a burst of load from elsewhere then hits every command alike, where
# hyperfine's back-to-back runs of one command can put the whole burst on one of them. Each run goes through
# `sh -c` (about 1 ms, the same for every command); its output is discarded and a failing run stops the series.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 ROUNDS CMD..." >&2
	exit 2
fi
rounds=$1
shift
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for cmd in "$@"; do sh -c "$cmd" >/dev/null 2>&1 || { echo "failed: $cmd" >&2; exit 1; }; done
r=0
while [ "$r" -lt "$rounds" ]; do
	i=0
	for cmd in "$@"; do
		t0=$(date +%s%N)
		sh -c "$cmd" >/dev/null 2>&1 || { echo "failed: $cmd" >&2; exit 1; }
		t1=$(date +%s%N)
		echo "$i $(( (t1 - t0) / 1000 ))" >>"$times"
		i=$((i + 1))
	done
	r=$((r + 1))
done
i=0
base=
for cmd in "$@"; do
	line=$(awk -v i="$i" '$1 == i { print $2 / 1000 }' "$times" | sort -n | awk '
		{ v[NR] = $1 }
		END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f %.1f %.1f %.1f", med, v[1], v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)]
		}')
	med=${line%% *}
	[ -n "$base" ] || base=$med
	echo "$line" | awk -v b="$base" -v c="$cmd" '{ printf "median %7.1f ms  min %7.1f  q1 %7.1f  q3 %7.1f  x%.2f  %s\n", $1, $2, $3, $4, b / $1, c }'
	i=$((i + 1))
done
