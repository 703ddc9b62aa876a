#!/usr/bin/env node
// live.js answers the live test (scan/rustre, TestLivePolars): it reads JSON [{"p": pattern, "hays": [..]}]
// from the file named by its second argument and writes [{"p", "want": [..]} or {"p", "error"}] to stdout,
// where want[i] is polars' str.extract(p, 1) on hays[i] (null for null).
//
// Usage: node live.js PEERS_DIR CASES.json
"use strict";
const fs = require("fs");
const path = require("path");
const [peers, file] = process.argv.slice(2);
const pl = require(path.join(path.resolve(peers), "node_modules", "nodejs-polars"));
const out = [];
for (const { p, hays } of JSON.parse(fs.readFileSync(file, "utf8"))) {
  const df = pl.DataFrame({ s: pl.Series("s", hays, pl.Utf8) });
  try {
    const v = df.select(pl.col("s").str.extract(p, 1).alias("x")).getColumn("x").toArray();
    out.push({ p, want: Array.from(v, (x) => x ?? null) });
  } catch (e) {
    // The message repeats the pattern first; keep its start and the "error: ..." line at its end.
    const msg = String(e.message || e).replace(/\s+/g, " ");
    const tail = msg.lastIndexOf("error:");
    out.push({ p, error: msg.length <= 300 || tail < 0 ? msg : msg.slice(0, 100) + " ... " + msg.slice(tail) });
  }
}
process.stdout.write(JSON.stringify(out));
