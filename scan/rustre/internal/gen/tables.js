#!/usr/bin/env node
// tables.js asks polars (nodejs-polars, whose str.* regexes are the Rust regex crate) for every Unicode set
// that package rustre needs, so the tables are the reference by construction.
//
// Usage: node tables.js PEERS_DIR NAMES_FILE > sets.json
//
// PEERS_DIR is a folder where `npm install nodejs-polars` has run (see /work/shared/peers). NAMES_FILE is the
// JSON name list that main.go writes (built in names.go from Go's standard library and the Unicode standard).
// The output is deterministic for a given polars: every set is a sorted list of inclusive [lo, hi] ranges over
// all code points but the surrogates (which a &str cannot hold). A name polars rejects is listed under
// "rejected"; any disagreement (an alias whose set differs from its canonical value's set, an alias polars
// accepts for a value it rejects, a property name that polars takes as a set, a case folding orbit that
// reaches outside the candidates) is fatal: the script exits 1 and says why.
"use strict";
const fs = require("fs");
const path = require("path");

const [peers, namesFile] = process.argv.slice(2);
if (!peers || !namesFile) {
  console.error("usage: node tables.js PEERS_DIR NAMES_FILE");
  process.exit(2);
}
const pl = require(path.join(path.resolve(peers), "node_modules", "nodejs-polars"));

const cps = [];
const strs = [];
for (let c = 0; c <= 0x10ffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  cps.push(c);
  strs.push(String.fromCodePoint(c));
}
const all = pl.DataFrame({ s: pl.Series("s", strs), cp: pl.Series("cp", cps, pl.Int32) });

function toRanges(list) {
  const rs = [];
  for (const c of list) {
    if (rs.length && rs[rs.length - 1][1] === c - 1) rs[rs.length - 1][1] = c;
    else rs.push([c, c]);
  }
  return rs;
}

// codePoints returns the sorted code points of frame whose one-character string matches the regex pattern.
function codePoints(frame, pattern) {
  const out = frame.filter(pl.col("s").str.contains(pattern)).getColumn("cp").toArray();
  return Array.from(out).map(Number).sort((a, b) => a - b);
}

function setOf(cls) {
  return toRanges(codePoints(all, `^${cls}$`));
}

function hex(c) {
  return c.toString(16).toUpperCase();
}

const failures = [];
function fail(msg) {
  failures.push(msg);
}

// The name list (written by main.go, see names.go): {bools, props, values, loose, noset}.
const names = JSON.parse(fs.readFileSync(namesFile, "utf8"));

const sets = {};
const rejected = [];

// mustReject fails unless polars rejects every pattern in pats.
function mustReject(key, pats) {
  for (const p of pats) {
    try {
      codePoints(all.head(1), p);
      fail(`${key}: polars rejects ${pats[0]} but accepts ${p}`);
    } catch (e) {
      // rejected, as it should be
    }
  }
}

// record asks polars for the set of cls and checks that every form in aliases gives the same set. If
// polars rejects cls (the regex crate has no table for a name Unicode defines, such as sc=Unknown), the key
// is listed as rejected, and every alias must be rejected too.
function record(key, cls, aliases) {
  let rs;
  try {
    rs = setOf(cls);
  } catch (e) {
    rejected.push(key);
    mustReject(key, [cls, ...aliases]);
    return;
  }
  sets[key] = rs;
  if (!aliases.length) return;
  // One query checks every alias: the symmetric difference of alias and canonical must be empty.
  const diff = aliases.map((a) => `[${a}--${cls}]|[${cls}--${a}]`).join("|");
  try {
    const bad = codePoints(all, `(?:${diff})`);
    if (bad.length) fail(`${key}: an alias of ${cls} differs at U+${hex(bad[0])}`);
  } catch (e) {
    fail(`${key}: polars rejects an alias of ${cls}: ${String(e.message || e).split("\n")[0]}`);
  }
}

record("perl:d", String.raw`\d`, []);
record("perl:w", String.raw`\w`, []);
record("perl:s", String.raw`\s`, []);
for (const b of Object.keys(names.bools).sort()) {
  record(`bool:${b}`, `\\p{${b}}`, names.bools[b].map((a) => `\\p{${a}}`));
}
for (const p of Object.keys(names.values).sort()) {
  for (const val of Object.keys(names.values[p]).sort()) {
    const vals = [val, ...names.values[p][val]];
    const forms = [];
    for (const n of names.props[p]) for (const v of vals) forms.push(`\\p{${n}=${v}}`);
    if (names.loose.includes(p)) for (const v of vals) forms.push(`\\p{${v}}`);
    const cls = `\\p{${p}=${val}}`;
    record(`${p}:${val}`, cls, forms.filter((f) => f !== cls));
  }
}
// A property name alone is not a set: the regex crate rejects \p{Script} and \p{gc} (but \p{sc} is
// Currency_Symbol, which names.go leaves out of noset).
for (const n of names.noset) mustReject(`noset:${n}`, [`\\p{${n}}`]);

// Simple case folding orbits. Every code point with a non-trivial orbit is cased or changes under case
// folding or case mapping; each candidate's orbit is what (?i) makes of it, and a last query over all code
// points proves that no orbit reaches outside the candidates.
const cand = codePoints(all, String.raw`^[\p{Cased}\p{Changes_When_Casefolded}\p{Changes_When_Casemapped}]$`);
const candFrame = pl.DataFrame({
  s: pl.Series("s", cand.map((c) => String.fromCodePoint(c))),
  cp: pl.Series("cp", cand, pl.Int32),
});
const seen = new Set();
const orbits = [];
for (const c of cand) {
  if (seen.has(c)) continue;
  const orbit = codePoints(candFrame, `(?i)^\\x{${hex(c)}}$`);
  for (const m of orbit) seen.add(m);
  if (!orbit.includes(c)) fail(`fold: U+${hex(c)} does not match itself under (?i)`);
  if (orbit.length > 1) orbits.push(orbit);
}
const members = orbits.flat().sort((a, b) => a - b);
const memberClass = toRanges(members).map(([lo, hi]) => `\\x{${hex(lo)}}-\\x{${hex(hi)}}`).join("");
const closure = codePoints(all, `(?i)^[${memberClass}]$`);
if (closure.length !== members.length) fail(`fold: (?i) closure has ${closure.length} code points, orbits ${members.length}`);
orbits.sort((a, b) => a[0] - b[0]);

if (failures.length) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
const version = pl.version ?? "unknown";
const keys = Object.keys(sets).sort();
const out = { polars: String(version), rejected: rejected.sort(), sets: {}, folds: orbits };
for (const k of keys) out.sets[k] = sets[k];
process.stdout.write(JSON.stringify(out) + "\n");
