package blaze

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// A Loader reads, in one pass over a dump, only the tables it has callbacks for, and stops reading as soon as
// the last of them is done: a Loader for crates alone reads a fifth of db-dump.tar.gz. It is the Arrow-native
// counterpart of dtolnay/db-dump's Loader, without its schema lag: columns are matched by name, and a column
// blaze does not know is kept as text (see Options.Strict and Options.Warn).
//
// Callbacks run one at a time, on the goroutine that called Load, with each table's batches in the order of
// its rows; a batch is valid during the call (Retain it to keep it).
type Loader struct {
	Options
	tables []loaderTable
}

type loaderTable struct {
	name    string
	columns []string
	fn      func(arrow.RecordBatch) error
}

// Table registers fn for the batches of the table name, with the columns listed (all of them when none are).
// Registering a table twice calls both callbacks, each with its own columns.
func (l *Loader) Table(name string, fn func(arrow.RecordBatch) error, columns ...string) *Loader {
	l.tables = append(l.tables, loaderTable{name: name, columns: columns, fn: fn})
	return l
}

// Load reads input (see Open for what it may be) and calls the registered callbacks. It returns the dump's
// metadata (nil for a bare CSV). A registered table missing from the dump is an error wrapping ErrNoTable,
// reported once the whole dump has been read; an error from a callback stops Load and is returned as is.
func (l *Loader) Load(ctx context.Context, input string) (*Metadata, error) {
	if len(l.tables) == 0 {
		return nil, &UsageError{Err: fmt.Errorf("blaze: Loader.Load with no table registered")}
	}
	opts := l.Options
	if opts.CSVTable == "" {
		opts.CSVTable = l.tables[0].name
	}
	d, err := Open(ctx, input, opts)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	pending := map[string]bool{}
	for _, t := range l.tables {
		pending[t.name] = true
	}
	for len(pending) > 0 {
		tbl, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if !pending[tbl.Name] {
			continue
		}
		delete(pending, tbl.Name)
		if err := l.loadTable(ctx, tbl); err != nil {
			return nil, err
		}
	}
	if len(pending) > 0 {
		missing := make([]string, 0, len(pending))
		for name := range pending {
			missing = append(missing, "data/"+name+".csv")
		}
		slices.Sort(missing)
		return nil, locate(input, fmt.Errorf("%s %w", strings.Join(missing, ", "), ErrNoTable))
	}
	return d.Metadata(), nil
}

// loadTable reads one table once, with the union of the columns its callbacks asked for, and hands each
// callback its own projection of every batch.
func (l *Loader) loadTable(ctx context.Context, tbl *Table) error {
	var regs []loaderTable
	for _, t := range l.tables {
		if t.name == tbl.Name {
			regs = append(regs, t)
		}
	}
	var union []string // nil: every column
	all := false
	for _, r := range regs {
		if len(r.columns) == 0 {
			all = true
		}
		for _, c := range r.columns {
			if !slices.Contains(union, c) {
				union = append(union, c)
			}
		}
	}
	if all {
		union = nil
	}
	r, err := tbl.Read(ctx, ReadOptions{Columns: union})
	if err != nil {
		return err
	}
	defer r.Release()
	for r.Next() {
		rec := r.RecordBatch()
		for _, reg := range regs {
			if err := callProjected(reg, rec); err != nil {
				return err
			}
		}
	}
	return r.Err()
}

// callProjected calls reg.fn with the columns reg asked for, in its order.
func callProjected(reg loaderTable, rec arrow.RecordBatch) error {
	if len(reg.columns) == 0 || len(reg.columns) == int(rec.NumCols()) && slices.Equal(reg.columns, colNames(rec.Schema())) {
		return reg.fn(rec)
	}
	fields := make([]arrow.Field, len(reg.columns))
	cols := make([]arrow.Array, len(reg.columns))
	for i, name := range reg.columns {
		j := rec.Schema().FieldIndices(name)[0]
		fields[i] = rec.Schema().Field(j)
		cols[i] = rec.Column(j)
	}
	proj := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	defer proj.Release()
	return reg.fn(proj)
}

func colNames(s *arrow.Schema) []string {
	names := make([]string, s.NumFields())
	for i, f := range s.Fields() {
		names[i] = f.Name
	}
	return names
}
