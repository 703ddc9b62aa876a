#!/bin/sh
# isal.sh: is Intel's ISA-L (the igzip inflater that ingest's "isal" backend uses through cgo) installed?
#
#   sh scripts/isal.sh            prints "yes" and exits 0 if it is (header, library and a C compiler that
#                                 links against it), else prints "no: <what is missing>" and exits 1
#   sh scripts/isal.sh install    if it is missing and we are root on Debian/Ubuntu, installs libisal-dev
#                                 with apt-get (quietly), then checks again; always exits 0
#   sh scripts/isal.sh tags       prints "isal" if it is installed, else nothing (for go build -tags); exit 0
#
# The Makefile builds with -tags isal when this says yes. Nothing here can break the default build.
set -u

CC=${CC:-cc}

check() {
	if ! command -v "$CC" >/dev/null 2>&1; then
		echo "no: no C compiler ($CC) for cgo"
		return 1
	fi
	if [ "$(${GO:-go} env CGO_ENABLED 2>/dev/null)" != "1" ]; then
		echo "no: cgo is disabled (CGO_ENABLED=0)"
		return 1
	fi
	dir=$(mktemp -d 2>/dev/null || echo /tmp/isal-check.$$)
	mkdir -p "$dir"
	cat > "$dir/t.c" <<'EOF'
#include <isa-l/igzip_lib.h>
int main(void) {
	struct inflate_state s;
	isal_inflate_init(&s);
	s.crc_flag = ISAL_GZIP_NO_HDR_VER;
	return 0;
}
EOF
	if ! "$CC" -o "$dir/t" "$dir/t.c" -lisal >"$dir/log" 2>&1; then
		if grep -q 'isa-l/igzip_lib.h' "$dir/log"; then
			echo "no: header isa-l/igzip_lib.h not found (Debian: apt-get install libisal-dev)"
		else
			echo "no: cannot link with -lisal (Debian: apt-get install libisal-dev)"
		fi
		rm -rf "$dir"
		return 1
	fi
	rm -rf "$dir"
	echo yes
	return 0
}

case "${1:-}" in
"")
	check
	;;
tags)
	if check >/dev/null; then echo isal; fi
	exit 0
	;;
install)
	if check >/dev/null; then
		echo "ISA-L: already installed"
		exit 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "ISA-L: not installed, and not root: skipping (as root: apt-get install libisal-dev)"
		exit 0
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "ISA-L: not installed, and no apt-get here: skipping"
		exit 0
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -qq libisal-dev >/dev/null 2>&1; then
		apt-get update -qq >/dev/null 2>&1
		apt-get install -y -qq libisal-dev >/dev/null 2>&1
	fi
	if out=$(check); then
		echo "ISA-L: installed libisal-dev"
	else
		echo "ISA-L: could not install libisal-dev ($out)"
	fi
	exit 0
	;;
*)
	echo "usage: sh scripts/isal.sh [install|tags]" >&2
	exit 2
	;;
esac
