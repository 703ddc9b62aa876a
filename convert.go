package blaze

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// A Format is an output format of Convert.
type Format string

// The formats Convert writes.
const (
	// Parquet is Apache Parquet with zstd compression, text as plain strings (arrow-go's pqarrow does not write
	// string views), one row group per ~64 MiB of data.
	Parquet Format = "parquet"
	// ArrowIPC is the Arrow IPC file format (Feather v2), uncompressed, text as string views.
	ArrowIPC Format = "arrow"
)

// ConvertOptions configures Convert.
type ConvertOptions struct {
	Options
	To  Format
	Out string // the directory to write into; created if missing
	// Tables lists the tables to convert; nil means every table of the input. Reading stops after the last
	// one listed.
	Tables []string
}

// ConvertResult lists what Convert wrote.
type ConvertResult struct {
	Files     []ConvertedFile
	Metadata  *Metadata
	BytesRead int64
}

// A ConvertedFile is one table written.
type ConvertedFile struct {
	Table string
	Path  string
	Rows  int64
	Bytes int64
}

// Convert writes tables of input to Out as <table>.parquet or <table>.arrow, each under a temporary name that
// is renamed into place only when complete: an error or an interruption never leaves a partial file behind
// under the final name.
func Convert(ctx context.Context, input string, opts ConvertOptions) (*ConvertResult, error) {
	if opts.To != Parquet && opts.To != ArrowIPC {
		return nil, &UsageError{Err: fmt.Errorf("unknown output format %q (want parquet or arrow)", opts.To)}
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	d, err := Open(ctx, input, opts.Options)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	res := &ConvertResult{}
	done := map[string]bool{}
	for len(opts.Tables) == 0 || len(done) < len(opts.Tables) {
		t, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(opts.Tables) > 0 && !slices.Contains(opts.Tables, t.Name) {
			continue
		}
		done[t.Name] = true
		f, err := convertTable(ctx, t, opts)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, f)
	}
	for _, name := range opts.Tables {
		if !done[name] {
			return nil, locate(input, fmt.Errorf("data/%s.csv %w", name, ErrNoTable))
		}
	}
	res.Metadata = d.Metadata()
	res.BytesRead = d.BytesRead()
	return res, nil
}

// rowGroupBytes is the data a Parquet row group collects before it is flushed: large enough for good
// compression and scans, small enough to keep memory flat.
const rowGroupBytes = 64 << 20

func convertTable(ctx context.Context, t *Table, opts ConvertOptions) (ConvertedFile, error) {
	ropts := ReadOptions{}
	if opts.To == Parquet {
		ropts.Text = arrow.BinaryTypes.String
	}
	r, err := t.Read(ctx, ropts)
	if err != nil {
		return ConvertedFile{}, err
	}
	defer r.Release()
	final := filepath.Join(opts.Out, t.Name+"."+string(opts.To))
	tmp, err := os.CreateTemp(opts.Out, "."+t.Name+".*.tmp")
	if err != nil {
		return ConvertedFile{}, err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	var rows int64
	switch opts.To {
	case Parquet:
		props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithStats(true))
		w, err := pqarrow.NewFileWriter(r.Schema(), tmp, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
		if err != nil {
			return ConvertedFile{}, err
		}
		var buffered int64
		for r.Next() {
			rec := r.RecordBatch()
			if buffered > rowGroupBytes {
				w.NewBufferedRowGroup()
				buffered = 0
			}
			if err := w.WriteBuffered(rec); err != nil {
				w.Close()
				return ConvertedFile{}, fmt.Errorf("%s: %w", final, err)
			}
			buffered += batchBytes(rec)
			rows += rec.NumRows()
		}
		if err := r.Err(); err != nil {
			w.Close()
			return ConvertedFile{}, err
		}
		if err := w.Close(); err != nil { // closes tmp too
			return ConvertedFile{}, fmt.Errorf("%s: %w", final, err)
		}
	case ArrowIPC:
		w, err := ipc.NewFileWriter(tmp, ipc.WithSchema(r.Schema()))
		if err != nil {
			return ConvertedFile{}, err
		}
		for r.Next() {
			rec := r.RecordBatch()
			if err := w.Write(rec); err != nil {
				w.Close()
				return ConvertedFile{}, fmt.Errorf("%s: %w", final, err)
			}
			rows += rec.NumRows()
		}
		if err := r.Err(); err != nil {
			w.Close()
			return ConvertedFile{}, err
		}
		if err := w.Close(); err != nil {
			return ConvertedFile{}, fmt.Errorf("%s: %w", final, err)
		}
		if err := tmp.Close(); err != nil {
			return ConvertedFile{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return ConvertedFile{}, err
	}
	st, err := os.Stat(tmp.Name())
	if err != nil {
		return ConvertedFile{}, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return ConvertedFile{}, err
	}
	ok = true
	return ConvertedFile{Table: t.Name, Path: final, Rows: rows, Bytes: st.Size()}, nil
}

// batchBytes estimates a batch's data size: the sum of its buffers.
func batchBytes(rec arrow.RecordBatch) int64 {
	var n int64
	for _, c := range rec.Columns() {
		for _, b := range c.Data().Buffers() {
			if b != nil {
				n += int64(b.Len())
			}
		}
	}
	return n
}
