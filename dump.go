package blaze

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/ingest"
	"github.com/blazetools/blaze/schema"
)

// A Dump reads a crates.io dump table by table, in the order the dump stores them (the order of
// crates.io's export: categories, crate_downloads, crates, ..., version_downloads), decompressing only as
// far as the tables read. It reads db-dump.tar.gz, db-dump.zip, an extracted dump folder, or a single
// table's CSV (plain, gzip or zstd), from a file, standard input ("-") or an http(s) URL. A Dump is not
// safe for concurrent use; the Readers it returns run their own goroutines.
type Dump struct {
	input string
	opts  Options
	in    *ingest.Input
	mem   memory.Allocator
	meta  *Metadata
	cur   *Table
}

// Open opens input as a dump. Nothing but the format's magic bytes is read yet.
func Open(ctx context.Context, input string, opts Options) (*Dump, error) {
	in, err := openInput(ctx, input, &opts)
	if err != nil {
		return nil, err
	}
	return &Dump{input: input, opts: opts, in: in, mem: opts.allocator()}, nil
}

// Format describes what the input turned out to be ("tar (gzip)", "zip", "CSV (gzip)", ...).
func (d *Dump) Format() string { return d.in.Format().String() }

// Inflate names the decompression backend in use ("isal", "klauspost", ...).
func (d *Dump) Inflate() string { return d.in.Inflate() }

// InflateCPU returns the CPU the inflate goroutine's thread is kept on (see Options.NoPin), or -1.
func (d *Dump) InflateCPU() int { return d.in.InflateCPU() }

// Metadata returns the dump's metadata.json, or nil when the input has none (a bare CSV) or it has not been
// reached yet: a dump stores it before its tables, so it is known once Next has returned the first table.
func (d *Dump) Metadata() *Metadata { return d.meta }

// BytesRead returns how many bytes of the input have been read so far (compressed bytes for compressed
// inputs). It may be called from any goroutine.
func (d *Dump) BytesRead() int64 { return d.in.BytesRead() }

// Size returns the input's size in bytes, or -1 when it is not known (a pipe, a URL without a length).
func (d *Dump) Size() int64 { return d.in.Size() }

// Close stops reading: it closes the input (ending a download) and releases buffers. Readers still running
// stop with an error.
func (d *Dump) Close() error {
	if d.cur != nil {
		d.cur.close()
	}
	return d.in.Close()
}

// Next returns the next table of the dump, or io.EOF after the last one. The previous table is skipped if
// it was not read, and its Reader stops. Next reads metadata.json on the way.
func (d *Dump) Next() (*Table, error) {
	if d.cur != nil {
		d.cur.close()
		d.cur = nil
	}
	for {
		e, err := d.in.Next()
		if err != nil {
			return nil, err
		}
		if ingest.IsMetadata(e.Path) {
			if d.meta, err = parseMetadata(e); err != nil {
				return nil, locate(d.input, err)
			}
			continue
		}
		name, ok := ingest.TableName(e.Path)
		if e.Path == "" {
			name, ok = d.bareTable(), true
		}
		if !ok {
			continue // README.md, schema.sql, ...
		}
		errName := d.input
		if e.Path != "" {
			errName += ": " + e.Path
		}
		d.cur = &Table{Name: name, Path: e.Path, d: d, entry: e, errName: errName}
		return d.cur, nil
	}
}

// bareTable names the table of a bare CSV: Options.CSVTable, else the file's name (versions.csv.gz ->
// versions), else "crates".
func (d *Dump) bareTable() string {
	if d.opts.CSVTable != "" {
		return d.opts.CSVTable
	}
	base := path.Base(strings.ReplaceAll(d.input, "\\", "/"))
	for _, ext := range []string{".gz", ".zst"} {
		base = strings.TrimSuffix(base, ext)
	}
	if name, ok := strings.CutSuffix(base, ".csv"); ok {
		if _, known := schema.Lookup(name); known {
			return name
		}
	}
	return "crates"
}

// A Table is one table of a dump, positioned at its start. Read it with Read, or skip it by calling
// Dump.Next. It is valid until the next call to Dump.Next.
type Table struct {
	Name string // the table's name: "crates" for data/crates.csv
	Path string // the member's path in the archive; "" for a bare CSV

	d       *Dump
	entry   *ingest.Entry
	errName string

	chunker *columnar.Chunker
	first   *columnar.Chunk // the first chunk, holding the header
	header  []string
	dataAt  int // offset of the first record in first
	err     error
	reader  *Reader
	used    bool
}

// Header returns the CSV's column names, reading the table's first chunk if need be.
func (t *Table) Header() ([]string, error) {
	if t.header != nil || t.err != nil {
		return t.header, t.err
	}
	t.chunker = columnar.NewChunker(t.entry, t.d.mem, t.d.opts.chunkSize())
	ch, err := t.chunker.Next()
	if err == io.EOF {
		t.err = locate(t.errName, errEmptyCSV)
		return nil, t.err
	}
	if err != nil {
		var pe *columnar.ParseError
		if errors.As(err, &pe) {
			pe.Shift(1, 0) // a header that does not end: its line is the first
		}
		t.err = locate(t.errName, err)
		return nil, t.err
	}
	header, n, err := columnar.ParseHeader(ch.Data)
	if err != nil {
		ch.Release()
		t.err = locate(t.errName, err)
		return nil, t.err
	}
	t.first, t.header, t.dataAt = ch, header, n
	return header, nil
}

// Fields resolves the table's header against blaze's schema of the table: known columns get their Arrow
// types, unknown ones are kept as text (and reported through Options.Warn, or an error with Options.Strict).
// Columns of a table blaze does not know at all are all text.
func (t *Table) Fields() ([]arrow.Field, error) {
	header, err := t.Header()
	if err != nil {
		return nil, err
	}
	st, ok := schema.Lookup(t.Name)
	if !ok {
		if t.d.opts.Strict {
			return nil, locate(t.errName, fmt.Errorf("unknown table %q (--strict)", t.Name))
		}
		t.d.warnf("%s: table %q is not in blaze's schema: every column read as text", t.errName, t.Name)
		return schema.Unknown(t.Name, header), nil
	}
	fields, unknown, err := st.Resolve(header, t.d.opts.Strict)
	if err != nil {
		return nil, locate(t.errName, err)
	}
	if len(unknown) > 0 {
		t.d.warnf("%s: column(s) %s not in blaze's schema of %s: kept as text", t.errName, strings.Join(unknown, ", "), t.Name)
	}
	return fields, nil
}

func (d *Dump) warnf(format string, args ...any) {
	if d.opts.Warn != nil {
		d.opts.Warn(fmt.Sprintf(format, args...))
	}
}

// ReadOptions select what a Reader builds.
type ReadOptions struct {
	// Columns lists the columns to build, in this order; nil means every column of the CSV, in its order.
	Columns []string
	// Text is the Arrow type of text columns: arrow.BinaryTypes.StringView (the default: values point into
	// the chunk they were read from, no copy) or arrow.BinaryTypes.String (copied; what Parquet writers need).
	Text arrow.DataType
}

// columns resolves opts against the table: the columnar columns to build.
func (t *Table) columns(opts ReadOptions) ([]columnar.Column, *arrow.Schema, error) {
	fields, err := t.Fields()
	if err != nil {
		return nil, nil, err
	}
	byName := make(map[string]arrow.Field, len(fields))
	for _, f := range fields {
		byName[f.Name] = f
	}
	want := opts.Columns
	if want == nil {
		for _, f := range fields {
			want = append(want, f.Name)
		}
	}
	cols := make([]columnar.Column, 0, len(want))
	out := make([]arrow.Field, 0, len(want))
	for _, name := range want {
		f, ok := byName[name]
		if !ok {
			return nil, nil, locate(t.errName, &columnar.MissingColumnError{Column: name, Header: t.header})
		}
		if opts.Text != nil && (f.Type.ID() == arrow.STRING_VIEW || f.Type.ID() == arrow.STRING) {
			f.Type = opts.Text
		}
		cols = append(cols, columnar.Column{Name: name, Type: f.Type, NotNull: !f.Nullable, Metadata: f.Metadata})
		out = append(out, f)
	}
	return cols, arrow.NewSchema(out, nil), nil
}

// run streams the table through the pipeline with per-chunk work and an in-order reduction. It may be called
// once per table.
func run[R any](ctx context.Context, t *Table, setup func(header []string) (chunkFunc[R], error),
	merge func(a, b R) R, add func(R) error) (*TableStats, error) {
	if t.used {
		return nil, fmt.Errorf("%s: table already read", t.errName)
	}
	t.used = true
	header, err := t.Header()
	if err != nil {
		return nil, err
	}
	first := t.first
	t.first = nil
	var ranges *columnar.Ranges
	if at := t.entry.At; at != nil && !t.d.opts.SequentialRead {
		// The workers read the rest of the file themselves, from where the first chunk ends.
		ranges = columnar.NewRanges(at, first.Offset+int64(len(first.Data)), t.entry.Size, t.d.mem, t.d.opts.chunkSize())
	}
	return runChunks(ctx, &t.d.opts, t.d.mem, t.chunker, ranges, first, t.dataAt, header, t.errName, setup, merge, add)
}

func (t *Table) close() {
	if t.reader != nil {
		t.reader.stop()
	}
	if t.first != nil {
		t.first.Release()
		t.first = nil
	}
	if t.chunker != nil {
		t.chunker.Close()
	}
}
