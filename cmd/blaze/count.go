package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/blazetools/blaze"
	"github.com/blazetools/blaze/scan"
)

// countFlags are count's flags as parsed, before they become blaze.CountOptions.
type countFlags struct {
	json      bool
	pattern   string
	column    string
	table     string
	engine    string
	timeout   time.Duration
	workers   int
	chunk     int
	inflate   string
	stats     bool
	quiet     bool
	sample    bool
	readAhead int
	noPin     bool
	seqRead   bool
}

func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	// Accept flags before and after the positional arguments (blaze count dump.tar.gz --json).
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: blaze %s\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func cmdCount(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var f countFlags
	fs := newFlagSet("count", "count [flags] INPUT\n\nINPUT: db-dump.tar.gz, db-dump.zip, a dump folder, crates.csv[.gz|.zst], - (stdin) or an http(s) URL", stderr)
	fs.BoolVar(&f.json, "json", false, "print one JSON object instead of text")
	fs.StringVar(&f.pattern, "pattern", scan.DefaultPattern, "pattern in the syntax of Rust's regex crate (as polars uses it); group 1 is what str.extract returns")
	fs.StringVar(&f.column, "column", "readme", "text column to match")
	fs.StringVar(&f.table, "table", "crates", "table to read (data/TABLE.csv in a dump)")
	fs.StringVar(&f.engine, "engine", "regexp", "regex engine for patterns off the fast path: regexp (linear time) or backtrack (regexp2, for what regexp cannot express)")
	fs.DurationVar(&f.timeout, "timeout", time.Second, "per-value time limit of the backtrack engine")
	fs.IntVar(&f.workers, "workers", 0, "cores to use: parsing workers, and the Go scheduler's limit (0: all); the answer does not depend on it")
	fs.IntVar(&f.chunk, "chunk-size", 0, "target chunk size in bytes (0: 1 MiB); the answer does not depend on it")
	fs.StringVar(&f.inflate, "inflate", "", "decompression backend: isal or klauspost (default: the best built in; see blaze version)")
	fs.IntVar(&f.readAhead, "read-ahead", 0, "MiB of a compressed input inflated ahead of the reader on a goroutine of its own (0: 3, -1: none)")
	fs.BoolVar(&f.noPin, "no-pin", false, "let the kernel move the ISA-L inflate thread between CPUs (by default it keeps one)")
	fs.BoolVar(&f.seqRead, "sequential-read", false, "read a plain CSV file on one goroutine, as a stream, instead of by the workers, a range each")
	fs.BoolVar(&f.stats, "stats", false, "print per-stage bytes, time and busy share to stderr")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&f.sample, "sample", false, "count the small sample dump built into blaze (654 generated crates) instead of INPUT")
	pos, err := parseArgs(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return &usageError{}
	}
	if f.sample && len(pos) == 0 {
		pos = []string{blaze.SampleName}
	}
	if len(pos) != 1 {
		fs.Usage()
		return &usageError{msg: "count takes exactly one INPUT (or --sample)"}
	}
	engine, err := scan.ParseEngine(f.engine)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	if f.workers < 0 || f.chunk < 0 {
		return &usageError{msg: "--workers and --chunk-size must not be negative"}
	}
	if f.workers > 0 {
		// N workers means N cores: the reader and the consumer share them too, so --workers 1 is one core.
		runtime.GOMAXPROCS(f.workers)
	}
	opts := blaze.CountOptions{
		Options: blaze.Options{Workers: f.workers, ChunkSize: f.chunk, Inflate: f.inflate, Stdin: stdin, ReadAhead: f.readAhead, NoPin: f.noPin,
			SequentialRead: f.seqRead},
		Table: f.table, Column: f.column, Pattern: f.pattern, Engine: engine, Timeout: f.timeout,
	}
	var bar *progressBar
	if !f.quiet && isTerminal(stderr) {
		bar = newProgressBar(stderr)
		opts.Progress = bar.update
	}
	res, err := blaze.Count(ctx, pos[0], opts)
	if bar != nil {
		bar.clear()
	}
	if err != nil {
		var ue *blaze.UsageError
		if errors.As(err, &ue) {
			return &usageError{msg: err.Error()}
		}
		return err
	}
	if res.Warning != "" {
		fmt.Fprintf(stderr, "blaze: warning: %s\n", res.Warning)
	}
	if f.stats {
		printStats(stderr, res)
	}
	if f.json {
		err = writeJSON(stdout, res, opts.Options)
	} else {
		err = writeText(stdout, res)
	}
	if errors.Is(err, syscall.EPIPE) {
		return errBrokenPipe
	}
	return err
}

func percent(res *blaze.CountResult) string {
	if math.IsNaN(res.Percent) {
		return "n/a (no rows)"
	}
	return fmt.Sprintf("%.2f%%", res.Percent)
}

func writeText(w io.Writer, res *blaze.CountResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", percent(res))
	rows := res.Table
	fmt.Fprintf(&b, "%d of %d %s: %s matches %s; %d NULL, %d empty", res.Matched, res.Total, rows, res.Column,
		res.Pattern, res.Null, res.Empty)
	if res.Metadata != nil {
		fmt.Fprintf(&b, "; dump of %s", res.Metadata.Timestamp.UTC().Format(time.RFC3339))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// countJSON is the --json output. Its keys are part of blaze's interface: add, never rename.
type countJSON struct {
	Matched        int64    `json:"matched"`
	Total          int64    `json:"total"`
	Null           int64    `json:"null"`
	Empty          int64    `json:"empty"`
	Percent        *float64 `json:"percent"`
	Pattern        string   `json:"pattern"`
	Table          string   `json:"table"`
	Column         string   `json:"column"`
	Input          string   `json:"input"`
	Format         string   `json:"format"`
	DumpTimestamp  *string  `json:"dump_timestamp"`
	CratesIOCommit *string  `json:"crates_io_commit"`
	BytesRead      int64    `json:"bytes_read"`
	InputSize      *int64   `json:"input_size"`
	ElapsedSeconds float64  `json:"elapsed_seconds"`
	Matcher        string   `json:"matcher"`
	Inflate        string   `json:"inflate"`
	Workers        int      `json:"workers"`
}

func writeJSON(w io.Writer, res *blaze.CountResult, opts blaze.Options) error {
	out := countJSON{
		Matched: res.Matched, Total: res.Total, Null: res.Null, Empty: res.Empty,
		Pattern: res.Pattern, Table: res.Table, Column: res.Column, Input: res.Input, Format: res.Format,
		BytesRead: res.BytesRead, ElapsedSeconds: res.Elapsed.Seconds(), Matcher: res.Matcher, Inflate: res.Inflate,
		Workers: opts.Workers,
	}
	if out.Workers <= 0 {
		out.Workers = defaultWorkers()
	}
	if !math.IsNaN(res.Percent) {
		p := res.Percent
		out.Percent = &p
	}
	if res.Metadata != nil {
		ts := res.Metadata.Timestamp.UTC().Format(time.RFC3339Nano)
		out.DumpTimestamp = &ts
		c := res.Metadata.CratesIOCommit
		out.CratesIOCommit = &c
	}
	if res.Size >= 0 {
		s := res.Size
		out.InputSize = &s
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
