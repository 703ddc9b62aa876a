#!/usr/bin/env node
// check-convert.js PEERS DUMP_DIR PARQUET_DIR ARROW_DIR: reads blaze convert's output back with DuckDB (Parquet)
// and polars (Parquet and Arrow IPC) and compares with the extracted dump's CSVs read by DuckDB as text: every
// table's row count, and every value of crates.readme (NULL vs "" included). Prints one line per check; exits 1
// on any difference.
"use strict";
const path = require("path");
const fs = require("fs");
const [peers, dumpDir, pqDir, arrowDir] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(path.resolve(peers), "node_modules", "@duckdb/node-api"));
const pl = require(path.join(path.resolve(peers), "node_modules", "nodejs-polars"));
const q = (s) => `'${s.replace(/'/g, "''")}'`;
let failed = false;
function check(what, ok, detail) {
  console.log(`${ok ? "ok      " : "MISMATCH"}  ${what}${detail ? ": " + detail : ""}`);
  if (!ok) failed = true;
}
(async () => {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const one = async (sql) => (await db.runAndReadAll(sql)).getRows()[0];
  const csvOf = (t) => `read_csv(${q(path.join(dumpDir, "data", t + ".csv"))}, header=true, all_varchar=true, quote='"', escape='"', max_line_size=${64 << 20}, strict_mode=true, allow_quoted_nulls=false)`;
  for (const f of fs.readdirSync(pqDir).filter((f) => f.endsWith(".parquet")).sort()) {
    const t = f.replace(/\.parquet$/, "");
    const [csvRows] = await one(`SELECT count(*) FROM ${csvOf(t)}`);
    const [pqRows] = await one(`SELECT count(*) FROM read_parquet(${q(path.join(pqDir, f))})`);
    const plRows = pl.readParquet(path.join(pqDir, f)).height;
    const arRows = pl.scanIPC(path.join(arrowDir, t + ".arrow")).collectSync().height;
    check(`${t}: rows`, csvRows === pqRows && Number(pqRows) === plRows && plRows === arRows,
      `CSV ${csvRows}, Parquet (DuckDB) ${pqRows}, Parquet (polars) ${plRows}, Arrow IPC (polars) ${arRows}`);
  }
  // Types as DuckDB sees them.
  const types = (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(path.join(pqDir, "crates.parquet"))})`)).getRows();
  const ty = Object.fromEntries(types.map((r) => [r[0], r[1]]));
  check("crates.parquet types", ty.id === "INTEGER" && ty.created_at.startsWith("TIMESTAMP") && ty.trustpub_only === "BOOLEAN" && ty.readme === "VARCHAR",
    JSON.stringify(ty));
  // Every readme value, NULL and "" kept apart.
  const [diff] = await one(`SELECT count(*) FROM ${csvOf("crates")} c FULL JOIN read_parquet(${q(path.join(pqDir, "crates.parquet"))}) p
    ON CAST(c.id AS INTEGER) = p.id WHERE c.readme IS DISTINCT FROM p.readme OR c.id IS NULL OR p.id IS NULL`);
  check("crates.readme values (DuckDB: CSV vs Parquet)", Number(diff) === 0, `${diff} rows differ`);
  const csv = pl.readCSV(path.join(dumpDir, "data", "crates.csv"), { inferSchemaLength: 0 });
  const ipc = pl.scanIPC(path.join(arrowDir, "crates.arrow")).collectSync(); // (readIPC(path) of nodejs-polars 0.26 misreads paths)
  const a = csv.getColumn("readme").toArray(), b = ipc.getColumn("readme").toArray();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  check("crates.readme values (polars: CSV vs Arrow IPC)", a.length === b.length && n === 0, `${n} of ${a.length} differ`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
