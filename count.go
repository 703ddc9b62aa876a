package blaze

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/ingest"
	"github.com/blazetools/blaze/scan"
)

// CountOptions configures Count. The zero value asks the talk's question.
type CountOptions struct {
	Options
	Table   string // the table to read; "" means "crates"
	Column  string // the text column to match; "" means "readme"
	Pattern string // in the syntax of Rust's regex crate; "" means scan.DefaultPattern
	Engine  scan.Engine
	Timeout time.Duration // per value, for scan.EngineBacktrack
}

func (o *CountOptions) defaults() {
	if o.Table == "" {
		o.Table = "crates"
	}
	if o.Column == "" {
		o.Column = "readme"
	}
	if o.Pattern == "" {
		o.Pattern = scan.DefaultPattern
	}
}

// A CountResult is Count's answer and how it was reached.
type CountResult struct {
	scan.Counts
	// Percent is 100 * Matched / Total, NaN when there are no rows.
	Percent float64
	Input   string // as given
	Format  string // what the input turned out to be ("tar (gzip)", "CSV", ...)
	Inflate string // the decompression backend in use
	// InflateCPU is the CPU the inflate goroutine's thread was kept on (Options.NoPin), or -1.
	InflateCPU int
	Table      string
	Column     string
	Pattern    string
	// Matcher says how the pattern runs: "digit-or-blazing" (the vector fast path), "regexp",
	// "regexp+prefilter", "backtrack" or "never".
	Matcher string
	// Warning is non-empty when the pattern is valid but cannot count anything (no capture group).
	Warning  string
	Metadata *Metadata // nil when the input has no metadata.json (a bare CSV)
	// BytesRead is how many bytes of the input were consumed (compressed bytes, for compressed inputs); Size
	// is the input's total size, or -1 when unknown.
	BytesRead, Size int64
	Elapsed         time.Duration
	Stats           *TableStats
}

// ErrNoTable is returned (wrapped) when an archive has no CSV for the table asked for.
var ErrNoTable = errors.New("not found in the dump")

// Count answers the talk's question for input: how many rows of the table have a value in the column that
// polars' str.extract(pattern, 1) turns into something other than NULL. input is a path ("-" for standard
// input) or an http(s) URL, holding db-dump.tar.gz, db-dump.zip, an extracted dump folder, or one table's CSV
// (plain, gzip or zstd); the format is told from the bytes. Reading stops as soon as the table has been read.
func Count(ctx context.Context, input string, opts CountOptions) (*CountResult, error) {
	start := time.Now()
	opts.defaults()
	pat, err := scan.Compile(opts.Pattern, scan.Options{Engine: opts.Engine, Timeout: opts.Timeout})
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	res := &CountResult{Input: input, Table: opts.Table, Column: opts.Column, Pattern: opts.Pattern,
		Matcher: pat.Kind, Warning: pat.Warning}

	o := opts.Options
	o.CSVTable = opts.Table // a bare CSV is the table asked for
	d, err := Open(ctx, input, o)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	res.Format = d.Format()
	res.Inflate = d.Inflate()
	res.Size = d.Size()
	defer func() { res.InflateCPU = d.InflateCPU() }()
	stopProgress := startProgress(&opts.Options, d)
	defer stopProgress()

	var counts scan.Counts
	for {
		t, err := d.Next()
		if err == io.EOF {
			return nil, locate(input, fmt.Errorf("data/%s.csv %w", opts.Table, ErrNoTable))
		}
		if err != nil {
			return nil, err
		}
		if t.Name != opts.Table {
			continue
		}
		col := opts.Column
		setup := func(header []string) (chunkFunc[scan.Counts], error) {
			// A pattern no quote can affect is counted on the field as the CSV holds it, skipping the unescaping.
			cols := []columnar.Column{{Name: col, Type: arrow.BinaryTypes.StringView, Escaped: pat.QuoteTransparent()}}
			dec, err := columnar.NewDecoder(header, cols, d.mem)
			if err != nil {
				return nil, err
			}
			return countChunk(dec, pat.Matcher), nil
		}
		add := func(c scan.Counts) error { counts = counts.Add(c); return nil }
		res.Stats, err = run(ctx, t, setup, scan.Counts.Add, add)
		if err != nil {
			return nil, err
		}
		break
	}
	res.Metadata = d.Metadata()
	// Stop reading now: closing the input is what ends a download early.
	d.Close()
	stopProgress()
	res.Counts = counts
	res.Percent = math.NaN()
	if counts.Total > 0 {
		res.Percent = 100 * float64(counts.Matched) / float64(counts.Total)
	}
	res.BytesRead = d.BytesRead()
	res.Elapsed = time.Since(start)
	return res, nil
}

// openInput opens input with ingest, or the built-in sample for SampleName.
func openInput(ctx context.Context, input string, opts *Options) (*ingest.Input, error) {
	o := ingest.Options{Stdin: opts.Stdin, HTTPClient: opts.HTTPClient, Inflate: opts.Inflate, ReadAhead: opts.readAhead(),
		PinReadAhead: !opts.NoPin}
	if input == SampleName {
		o.Stdin = bytes.NewReader(sampleDump)
		input = "-"
	}
	return ingest.Open(ctx, input, o)
}

// countChunk builds the column's batch for a chunk and counts it.
func countChunk(dec *columnar.Decoder, m scan.Matcher) chunkFunc[scan.Counts] {
	return func(ctx context.Context, worker int, ch *columnar.Chunk, x *columnar.FieldIndex) (scan.Counts, error) {
		rec, err := dec.Build(ch, x)
		if err != nil {
			return scan.Counts{}, err
		}
		defer rec.Release()
		c, err := scan.CountColumn(m, rec.Column(0))
		if err != nil {
			var me *scan.MatchError
			if errors.As(err, &me) {
				start, _, _ := x.Field(ch.Data, me.Row, 0)
				return scan.Counts{}, &columnar.ParseError{Line: int64(countNewlines(ch.Data[:start])), Offset: int64(start),
					Column: dec.Schema().Field(0).Name, Err: me.Err}
			}
			return scan.Counts{}, err
		}
		return c, nil
	}
}

// A UsageError is a mistake in what was asked (a bad pattern or option), as opposed to bad data.
type UsageError struct{ Err error }

// Error returns the underlying error's message.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// startProgress calls opts.Progress periodically until the returned function is called; it is safe to call
// that function more than once.
func startProgress(opts *Options, in interface {
	BytesRead() int64
	Size() int64
}) func() {
	if opts.Progress == nil {
		return func() {}
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 100 * time.Millisecond
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				opts.Progress(in.BytesRead(), in.Size())
				return
			case <-tick.C:
				opts.Progress(in.BytesRead(), in.Size())
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done); wg.Wait() })
	}
}
