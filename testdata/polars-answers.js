#!/usr/bin/env node
// Records polars' answer to the talk's query for every fixture in testdata/fixtures into
// testdata/fixtures/expected.json. Run it through `make fixture-answers`, which installs the peers.
//
//   node testdata/polars-answers.js PEERS_DIR
//
// For each fixture polars (nodejs-polars, the Rust regex crate) runs exactly the talk's pipeline:
//   pl.read_csv(path)  (every column as a string)
//     .with_columns(pl.col("readme").str.extract(r"(?im)(blazing|blazingly|\d+)", 1))
// and we record rows whose extract is not null, all rows, NULL readmes and empty ("") readmes.
// polars cannot read a tar.gz or zip: for those the member data/crates.csv is extracted first (tar, or
// Python's zipfile) and polars reads that. Fixtures polars rejects are recorded with polars' error.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");
const peers = process.argv[2];
const pl = require(path.join(path.resolve(peers), "node_modules", "nodejs-polars"));
const PATTERN = String.raw`(?im)(blazing|blazingly|\d+)`;
const dir = path.join(__dirname, "fixtures");
const out = {};
for (const name of fs.readdirSync(dir).sort()) {
  if (name === "expected.json") continue;
  let file = path.join(dir, name);
  let how = "polars read_csv";
  if (name.endsWith(".tar.gz") || name.endsWith(".zip")) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fx-"));
    try {
      if (name.endsWith(".tar.gz")) {
        execFileSync("tar", ["-xzf", file, "-C", tmp], { stdio: "ignore" });
      } else {
        execFileSync("python3", ["-c", "import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", file, tmp], { stdio: "ignore" });
      }
      const found = execFileSync("find", [tmp, "-path", "*data/crates.csv"]).toString().trim();
      if (!found) throw new Error("no data/crates.csv in the archive");
      file = found;
      how = "extracted data/crates.csv, then polars read_csv";
    } catch (e) {
      out[name] = { polars_error: String(e.message).split("\n")[0], how: "extraction failed" };
      continue;
    }
  }
  try {
    const df = pl.readCSV(file, { inferSchemaLength: 0 });
    const fast = df.withColumns(pl.col("readme").str.extract(PATTERN, 1).alias("fast"));
    const matched = fast.filter(pl.col("fast").isNotNull()).height;
    const total = df.height;
    const nulls = df.filter(pl.col("readme").isNull()).height;
    const empty = df.filter(pl.col("readme").eq(pl.lit(""))).height;
    out[name] = { matched, total, null: nulls, empty, percent: total ? (100 * matched / total).toFixed(2) + "%" : "NaN%", how };
  } catch (e) {
    out[name] = { polars_error: String(e.message).split("\n")[0], how };
  }
}
out._polars_version = pl.version;
fs.writeFileSync(path.join(dir, "expected.json"), JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${Object.keys(out).length - 1} answers (polars ${pl.version})`);
