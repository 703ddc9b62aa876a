// Package dumpgen generates deterministic, realistic crates.io database
// dumps for testing blaze, and the answer to the reference query on them.
//
// From a seed and a scale (1 = the 2026 dump's 327,000 crates) it writes
// crates.csv, crates.csv.gz, db-dump.tar.gz and db-dump.zip with crates.io's
// structure: one gzip member holding a tar whose members come in the real
// order (top folder named after the dump time, README.md, export.sql,
// import.sql, metadata.json, schema.sql, data/, then every table of the
// chosen schema), PostgreSQL COPY CSV quoting, NULL versus "", heap-ordered
// rows, and READMEs built to exercise a matcher of
// (?im)(blazing|blazingly|\d+): ASCII digits, the word in many cases,
// Unicode decimal digits alone, near misses, CRLF, CJK, emoji, huge fields,
// and lines that look like CSV rows.
//
// The expected answer comes from SlowCount, an independent reading of
// crates.csv with encoding/csv and Go's regexp, and is cross-checked with
// what the generator built. Output is byte-identical for equal Options on
// every machine and at every GOMAXPROCS.
//
// See docs/generator.md for what each property mirrors in the real dump.
package dumpgen
