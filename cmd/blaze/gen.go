package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/blazetools/blaze/dumpgen"
)

func cmdGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", "gen [flags]\n\nWrites a deterministic, realistic crates.io dump and expected.json (the answer by an independent slow path).", stderr)
	out := fs.String("out", "dumps", "directory to write into")
	seed := fs.Uint64("seed", 1, "seed: the same seed and flags give byte-identical files")
	scale := fs.Float64("scale", 0.01, "size relative to the 2026 dump (1 = 327k crates, crates.csv ~0.7 GB)")
	schema := fs.String("schema", dumpgen.Schema2026, "crates.csv layout: 2026, 2023 or 2021")
	extra := fs.String("extra-column", "", "add an unknown column to crates.csv (schema drift)")
	forms := fs.String("forms", "all", "comma-separated forms to write: crates.csv, crates.csv.gz, db-dump.tar.gz, db-dump.zip, or all")
	ts := fs.String("timestamp", "", "dump timestamp, RFC 3339 (default: fixed per schema)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{}
	}
	if len(pos) != 0 {
		return &usageError{msg: "gen takes no arguments"}
	}
	if !(*scale > 0 && *scale <= dumpgen.MaxScale) {
		return &usageError{msg: fmt.Sprintf("--scale must be in (0, %d]", dumpgen.MaxScale)}
	}
	switch *schema {
	case dumpgen.Schema2026, dumpgen.Schema2023, dumpgen.Schema2021:
	default:
		return &usageError{msg: fmt.Sprintf("--schema: unknown schema %q (2026, 2023 or 2021)", *schema)}
	}
	opts := dumpgen.Options{Seed: *seed, Scale: *scale, Schema: *schema, ExtraColumn: *extra}
	if *ts != "" {
		t, err := time.Parse(time.RFC3339Nano, *ts)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("--timestamp: %v", err)}
		}
		opts.Timestamp = t
	}
	var fl []dumpgen.Form
	if *forms != "all" {
		for f := range strings.SplitSeq(*forms, ",") {
			f = strings.TrimSpace(f)
			ok := false
			for _, a := range dumpgen.AllForms {
				if string(a) == f {
					fl = append(fl, a)
					ok = true
				}
			}
			if !ok {
				return &usageError{msg: fmt.Sprintf("--forms: unknown form %q", f)}
			}
		}
	}
	start := time.Now()
	exp, err := dumpgen.Generate(*out, opts, fl...)
	if err != nil {
		return err
	}
	for _, f := range dumpgen.AllForms {
		if n, ok := exp.Files[f]; ok {
			fmt.Fprintf(stdout, "%-40s %s\n", filepath.Join(*out, string(f)), human(n))
		}
	}
	fmt.Fprintf(stdout, "%-40s expected: %s (%d of %d crates; %d NULL, %d empty) in %s\n",
		filepath.Join(*out, dumpgen.ExpectedFile), exp.PercentText, exp.Matched, exp.Total, exp.Null, exp.Empty,
		time.Since(start).Round(time.Millisecond))
	return nil
}
