#!/bin/sh
# peers.sh SHARED DEST: install the peer engines (polars and DuckDB, from npm) into DEST, from the scripts in
# SHARED (../shared/peers). Exits 0 when they are ready, 1 (saying why) when they cannot be installed here.
set -u
shared=$1
dest=$2
if [ -d "$dest/node_modules/nodejs-polars-linux-x64-gnu" ] && [ -d "$dest/node_modules/@duckdb/node-api" ]; then
	exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "peers: Node.js and npm are not installed" >&2
	exit 1
fi
if [ ! -f "$shared/setup.sh" ]; then
	echo "peers: $shared/setup.sh not found (set SHARED_PEERS)" >&2
	exit 1
fi
mkdir -p "$dest"
cp "$shared"/* "$dest"/
chmod u+w "$dest"/*
if ! bash "$dest/setup.sh" >&2; then
	echo "peers: npm install failed" >&2
	exit 1
fi
