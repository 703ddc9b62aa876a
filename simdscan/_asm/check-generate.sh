#!/bin/sh
# check-generate.sh regenerates the assembly of package simdscan from the avo
# program in this directory and fails if the result differs from what is
# committed. Run it from anywhere in the repository:
#
#	sh simdscan/_asm/check-generate.sh
set -eu
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
generated="simdscan/simdscan_amd64.s simdscan/stubs_amd64.go"
go generate ./simdscan/
status=0
# shellcheck disable=SC2086 # the list is split on purpose
if ! git diff --exit-code HEAD -- $generated; then
	status=1
fi
# shellcheck disable=SC2086
untracked=$(git ls-files --others --exclude-standard -- $generated)
if [ -n "$untracked" ]; then
	echo "not committed: $untracked"
	status=1
fi
if [ "$status" -ne 0 ]; then
	echo "check-generate: simdscan assembly is stale: run 'go generate ./simdscan/' and commit the result" >&2
fi
exit "$status"
