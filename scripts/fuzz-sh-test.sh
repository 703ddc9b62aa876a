#!/bin/sh
# Tests scripts/fuzz.sh's handling of Go's fuzztime-boundary race with a fake `go`: a bare
# "context deadline exceeded" once is retried and passes, twice fails, and a real finding fails at once.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/go" <<'FAKE'
#!/bin/sh
n=$(cat "$FAKE_DIR/n" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$FAKE_DIR/n"
race='--- FAIL: FuzzX (10.21s)
    context deadline exceeded
FAIL'
case $FAKE_MODE in
race-once) if [ "$n" = 1 ]; then echo "$race"; exit 1; fi ;;
race-twice) echo "$race"; exit 1 ;;
finding) printf -- '--- FAIL: FuzzX (3.1s)\n    x_test.go:12: bad\n    Failing input written to testdata/fuzz/FuzzX/1\n    context deadline exceeded\n'; exit 1 ;;
esac
echo ok
FAKE
chmod +x "$dir/go"
fail=0
check() { # MODE WANT_STATUS WANT_RUNS
	rm -f "$dir/n"
	FAKE_DIR=$dir FAKE_MODE=$1 GO="$dir/go" sh "$(dirname "$0")/fuzz.sh" ./x/:FuzzX >/dev/null 2>&1
	status=$?
	runs=$(cat "$dir/n")
	if [ "$status" != "$2" ] || [ "$runs" != "$3" ]; then
		echo "fuzz.sh with $1: exit $status after $runs runs, want exit $2 after $3" >&2
		fail=1
	fi
}
check pass 0 1
check race-once 0 2
check race-twice 1 2
check finding 1 1
[ "$fail" = 0 ] && echo "fuzz.sh: ok"
exit "$fail"
