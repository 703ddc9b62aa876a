package blaze

import (
	_ "embed"
)

// sampleDump is a small generated dump (blaze gen --scale 0.002 --seed 42 --forms db-dump.tar.gz): 654 crates
// in the layout of the 2026 db-dump.tar.gz, every table present. testdata/sample/expected.json holds its answer.
//
//go:embed testdata/sample/db-dump.tar.gz
var sampleDump []byte

// SampleDump returns a small dump built into blaze: a generated db-dump.tar.gz of 654 crates with every table of
// the 2026 dump, for examples, tests and a first run. The caller must not modify the returned bytes.
func SampleDump() []byte { return sampleDump }

// SampleName is the input name that Count and the loader read as the built-in sample dump.
const SampleName = "sample:db-dump.tar.gz"
