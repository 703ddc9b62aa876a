#!/bin/sh
# parity.sh BLAZE PEERS: blaze against polars (the reference), live, on the fixtures, the built-in sample and
# generated dumps at two seeds in every form. Prints one line per comparison; exits 1 on any mismatch.
set -eu
blaze=$1
peers=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# polars_counts FILE: "matched total" as polars answers the talk's query (eager read_csv, the talk's pipeline).
polars_counts() {
	node "$peers/polars_count.js" "$1" | sed -n 's/^matched=\([0-9]*\) total=\([0-9]*\).*/\1 \2/p'
}
# blaze_counts INPUT [flags]: "matched total" from blaze count --json.
blaze_counts() {
	"$blaze" count --json --quiet "$@" | tr -d ' ,"' | awk -F: '$1=="matched"{m=$2} $1=="total"{t=$2} END{print m, t}'
}
compare() { # what want got
	if [ "$2" = "$3" ]; then echo "ok        $1: $3"; else echo "MISMATCH  $1: polars $2, blaze $3"; fail=1; fi
}

for f in testdata/fixtures/*.csv testdata/fixtures/*.csv.gz testdata/fixtures/*.csv.zst; do
	case $(basename "$f") in bad-*|header-only.csv) continue ;; esac
	compare "$f" "$(polars_counts "$f")" "$(blaze_counts "$f")"
done

mkdir -p "$tmp/sample"
tar -xzf testdata/sample/db-dump.tar.gz -C "$tmp/sample"
compare "built-in sample" "$(polars_counts "$(find "$tmp/sample" -path '*data/crates.csv')")" "$(blaze_counts --sample)"

for seed in 11 12; do
	"$blaze" gen --out "$tmp/g$seed" --seed $seed --scale 0.01 >/dev/null
	want=$(polars_counts "$tmp/g$seed/crates.csv")
	for form in crates.csv crates.csv.gz db-dump.tar.gz db-dump.zip; do
		compare "seed $seed $form" "$want" "$(blaze_counts "$tmp/g$seed/$form")"
	done
	compare "seed $seed db-dump.tar.gz on stdin" "$want" "$(blaze_counts - < "$tmp/g$seed/db-dump.tar.gz")"
done
# blaze convert read back by DuckDB and polars: row counts, types, every readme value.
"$blaze" convert --quiet "$tmp/g11/db-dump.tar.gz" --to parquet --out "$tmp/pq" >/dev/null
"$blaze" convert --quiet "$tmp/g11/db-dump.tar.gz" --to arrow --out "$tmp/ipc" >/dev/null
mkdir -p "$tmp/x11"
tar -xzf "$tmp/g11/db-dump.tar.gz" -C "$tmp/x11"
node scripts/check-convert.js "$peers" "$(dirname "$(find "$tmp/x11" -type d -name data)")" "$tmp/pq" "$tmp/ipc" || fail=1
exit $fail
