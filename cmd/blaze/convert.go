package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/blazetools/blaze"
)

func cmdConvert(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("convert", "convert [flags] INPUT --to parquet|arrow --out DIR\n\nWrites each table of INPUT to DIR/<table>.parquet (zstd) or DIR/<table>.arrow (Arrow IPC file), atomically.", stderr)
	to := fs.String("to", "parquet", "output format: parquet or arrow")
	out := fs.String("out", "", "output directory (required)")
	tables := fs.String("tables", "", "comma-separated tables to convert (default: all); reading stops after the last one")
	workers := fs.Int("workers", 0, "cores to use (0: all)")
	strict := fs.Bool("strict", false, "fail on a column or table blaze's schema does not know (default: keep it as text and warn)")
	inflate := fs.String("inflate", "", "decompression backend (see blaze version)")
	sample := fs.Bool("sample", false, "convert the sample dump built into blaze instead of INPUT")
	quiet := fs.Bool("quiet", false, "print nothing but warnings and errors")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{}
	}
	if *sample && len(pos) == 0 {
		pos = []string{blaze.SampleName}
	}
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return &usageError{msg: "convert takes one INPUT (or --sample) and --out DIR"}
	}
	opts := blaze.ConvertOptions{
		Options: blaze.Options{Workers: *workers, Stdin: stdin, Strict: *strict, Inflate: *inflate,
			Warn: func(msg string) { fmt.Fprintf(stderr, "blaze: warning: %s\n", msg) }},
		To:  blaze.Format(*to),
		Out: *out,
	}
	if *tables != "" {
		for t := range strings.SplitSeq(*tables, ",") {
			if t = strings.TrimSpace(t); t != "" {
				opts.Tables = append(opts.Tables, t)
			}
		}
	}
	if *workers > 0 {
		runtime.GOMAXPROCS(*workers)
	}
	start := time.Now()
	res, err := blaze.Convert(ctx, pos[0], opts)
	if err != nil {
		var ue *blaze.UsageError
		if errors.As(err, &ue) {
			return &usageError{msg: err.Error()}
		}
		return err
	}
	if *quiet {
		return nil
	}
	var rows int64
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "%-48s %10d rows %10s\n", f.Path, f.Rows, human(f.Bytes))
		rows += f.Rows
	}
	fmt.Fprintf(stdout, "%d tables, %d rows in %s\n", len(res.Files), rows, time.Since(start).Round(time.Millisecond))
	return nil
}
