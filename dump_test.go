package blaze

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/dumpgen"
)

// readAll reads every table of input with every column and returns the row count per table, in dump order.
func readAll(t *testing.T, input string, opts Options) (names []string, rows map[string]int64, warnings []string) {
	t.Helper()
	var mu sync.Mutex
	opts.Warn = func(msg string) { mu.Lock(); warnings = append(warnings, msg); mu.Unlock() }
	d, err := Open(context.Background(), input, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows = map[string]int64{}
	for {
		tbl, err := d.Next()
		if err == io.EOF {
			return names, rows, warnings
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := tbl.Read(context.Background(), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			rec := r.RecordBatch()
			if !rec.Schema().Equal(r.Schema()) {
				t.Fatalf("%s: batch schema %s differs from the reader's", tbl.Name, rec.Schema())
			}
			rows[tbl.Name] += rec.NumRows()
		}
		if err := r.Err(); err != nil {
			t.Fatalf("%s: %v", tbl.Name, err)
		}
		r.Release()
		names = append(names, tbl.Name)
	}
}

// TestDumpEveryTableEverySchema loads every table of generated dumps with the 2021, 2023 and 2026 layouts, with
// and without an unknown column, from the tarball and the zip, and checks row counts and the drift warning.
func TestDumpEveryTableEverySchema(t *testing.T) {
	for _, schema := range []string{dumpgen.Schema2026, dumpgen.Schema2023, dumpgen.Schema2021} {
		for _, extra := range []string{"", "readme_html"} {
			dir := t.TempDir()
			exp, err := dumpgen.Generate(dir, dumpgen.Options{Seed: 3, Scale: 0.002, Schema: schema, ExtraColumn: extra},
				dumpgen.FormTarGz, dumpgen.FormZip)
			if err != nil {
				t.Fatal(err)
			}
			for _, form := range []string{"db-dump.tar.gz", "db-dump.zip"} {
				names, rows, warnings := readAll(t, filepath.Join(dir, form), Options{ChunkSize: 16 << 10})
				if !slices.Equal(names, exp.Tables) {
					t.Errorf("%s %s: tables %v, want %v", schema, form, names, exp.Tables)
				}
				for tbl, n := range exp.Rows {
					if rows[tbl] != n {
						t.Errorf("%s %s: %s has %d rows, want %d", schema, form, tbl, rows[tbl], n)
					}
				}
				warned := slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, "readme_html") })
				if warned != (extra != "") {
					t.Errorf("%s %s extra %q: warnings %q", schema, form, extra, warnings)
				}
			}
			if extra != "" {
				d, err := Open(context.Background(), filepath.Join(dir, "db-dump.tar.gz"), Options{Strict: true})
				if err != nil {
					t.Fatal(err)
				}
				var strictErr error
				for strictErr == nil {
					tbl, err := d.Next()
					if err != nil {
						t.Fatalf("strict: reached %v without an error", err)
					}
					if tbl.Name == "crates" {
						_, strictErr = tbl.Fields()
					}
				}
				d.Close()
				if !strings.Contains(strictErr.Error(), "readme_html") {
					t.Errorf("strict: %v", strictErr)
				}
			}
		}
	}
}

// TestReaderTypesAndValues checks the typed columns of the crates table against the CSV read by the columnar
// reference path, and that stopping early releases everything.
func TestReaderTypesAndValues(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d, err := Open(context.Background(), SampleName, Options{Allocator: mem, ChunkSize: 32 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for {
		tbl, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if tbl.Name != "crates" {
			continue
		}
		r, err := tbl.Read(context.Background(), ReadOptions{Columns: []string{"id", "created_at", "trustpub_only", "readme"}})
		if err != nil {
			t.Fatal(err)
		}
		want := []arrow.Type{arrow.INT32, arrow.TIMESTAMP, arrow.BOOL, arrow.STRING_VIEW}
		for i, f := range r.Schema().Fields() {
			if f.Type.ID() != want[i] {
				t.Errorf("%s: %s, want %s", f.Name, f.Type, want[i])
			}
		}
		if !r.Next() {
			t.Fatal(r.Err())
		}
		rec := r.RecordBatch()
		if rec.Column(0).NullN() != 0 || rec.Column(0).(*array.Int32).Value(0) <= 0 {
			t.Errorf("ids: %v", rec.Column(0))
		}
		ts := rec.Column(1).(*array.Timestamp).Value(0).ToTime(arrow.Microsecond)
		if ts.Year() < 2014 || ts.Year() > 2026 {
			t.Errorf("created_at %v", ts)
		}
		r.Release() // stop after one batch: the rest is dropped and released
		break
	}
	d.Close()
}

func TestConvertRoundTrip(t *testing.T) {
	out := t.TempDir()
	for _, to := range []Format{Parquet, ArrowIPC} {
		res, err := Convert(context.Background(), SampleName, ConvertOptions{To: to, Out: out, Tables: []string{"crates", "version_downloads"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 2 {
			t.Fatalf("%s: wrote %v", to, res.Files)
		}
		for _, f := range res.Files {
			n := readBack(t, f.Path, to)
			if n != f.Rows {
				t.Errorf("%s: read back %d rows, wrote %d", f.Path, n, f.Rows)
			}
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	// A failing conversion leaves no file under the final name.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("id,name\n1,\"x\n"), 0o644)
	out2 := t.TempDir()
	_, err := Convert(context.Background(), bad, ConvertOptions{To: Parquet, Out: out2, Options: Options{CSVTable: "crates"}})
	if !errors.Is(err, columnar.ErrUnterminatedQuote) {
		t.Fatalf("got %v", err)
	}
	if entries, _ := os.ReadDir(out2); len(entries) != 0 {
		t.Errorf("files left after a failed conversion: %v", entries)
	}
}

func readBack(t *testing.T, path string, to Format) int64 {
	t.Helper()
	var n int64
	eachBatch(t, path, to, func(rec arrow.RecordBatch) { n += rec.NumRows() })
	return n
}

// eachBatch reads a Parquet or Arrow IPC file blaze wrote and calls fn with each of its record batches.
func eachBatch(t *testing.T, path string, to Format, fn func(arrow.RecordBatch)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if to == ArrowIPC {
		r, err := ipc.NewFileReader(f)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for i := range r.NumRecords() {
			rec, err := r.RecordBatch(i)
			if err != nil {
				t.Fatal(err)
			}
			fn(rec)
		}
		return
	}
	pf, err := file.NewParquetReader(f)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1<<20)
	defer tr.Release()
	for tr.Next() {
		fn(tr.RecordBatch())
	}
}

func TestLoader(t *testing.T) {
	dir, exp := genDump(t, 9, 0.01)
	input := filepath.Join(dir, "db-dump.tar.gz")
	var rows int64
	var l Loader
	l.Table("crates", func(rec arrow.RecordBatch) error { rows += rec.NumRows(); return nil }, "id")
	meta, err := l.Load(context.Background(), input)
	if err != nil || rows != exp.Rows["crates"] || meta == nil {
		t.Fatalf("rows %d (want %d), meta %v, err %v", rows, exp.Rows["crates"], meta, err)
	}
	// Two registrations of one table get their own projections.
	var a, b []string
	var l2 Loader
	l2.Table("users", func(rec arrow.RecordBatch) error { a = colNames(rec.Schema()); return nil }, "gh_login")
	l2.Table("users", func(rec arrow.RecordBatch) error { b = colNames(rec.Schema()); return nil }, "id", "name")
	if _, err := l2.Load(context.Background(), input); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, []string{"gh_login"}) || !slices.Equal(b, []string{"id", "name"}) {
		t.Errorf("projections %v and %v", a, b)
	}
	// A missing table, and a callback's error.
	var l3 Loader
	l3.Table("no_such_table", func(arrow.RecordBatch) error { return nil })
	if _, err := l3.Load(context.Background(), input); !errors.Is(err, ErrNoTable) {
		t.Errorf("missing table: %v", err)
	}
	stop := errors.New("enough")
	var l4 Loader
	l4.Table("versions", func(arrow.RecordBatch) error { return stop })
	if _, err := l4.Load(context.Background(), input); !errors.Is(err, stop) {
		t.Errorf("callback error: %v", err)
	}
}
