package schema

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/dumpgen"
)

// testScale keeps the generated dumps small: about 650 crates and a few thousand versions.
const testScale = 0.002

// genDump generates db-dump.tar.gz with dumpgen into a temporary directory and returns every data/*.csv of it
// in tar order, with the expected answer.
func genDump(t testing.TB, opts dumpgen.Options) (names []string, csvs map[string][]byte, exp dumpgen.Expected) {
	t.Helper()
	dir := t.TempDir()
	exp, err := dumpgen.Generate(dir, opts, dumpgen.FormTarGz)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, string(dumpgen.FormTarGz)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	csvs = map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || path.Base(path.Dir(h.Name)) != "data" || !strings.HasSuffix(h.Name, ".csv") {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(path.Base(h.Name), ".csv")
		names = append(names, name)
		csvs[name] = data
	}
	return names, csvs, exp
}

// decodeCSV decodes every row of a CSV held in memory into record batches of fields, with chunks of about
// chunkSize bytes, and checks each batch: the schema's types, and no NULL in a column that is not Nullable. It
// returns the number of rows.
func decodeCSV(t testing.TB, table string, data []byte, fields []arrow.Field, chunkSize int) int64 {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	header, n, err := columnar.ParseHeader(data)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	cols := make([]columnar.Column, len(fields))
	for i, f := range fields {
		cols[i] = columnar.Column{Name: f.Name, Type: f.Type}
	}
	dec, err := columnar.NewDecoder(header, cols, mem)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	ck := columnar.NewChunker(bytes.NewReader(data[n:]), mem, chunkSize)
	defer ck.Close()
	var (
		sp    columnar.Splitter
		x     columnar.FieldIndex
		rows  int64
		lines = 1 + int64(bytes.Count(data[:n], []byte{'\n'})) // 1-based line of the chunk's first record
	)
	for {
		ch, err := ck.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		off := ch.Offset
		rec, err := dec.Decode(ch, &sp, &x)
		ch.Release()
		if err != nil {
			var pe *columnar.ParseError
			if errors.As(err, &pe) {
				pe.Shift(lines, int64(n)+off)
			}
			t.Fatalf("%s.csv: %v", table, err)
		}
		lines += int64(x.Lines)
		for i, f := range fields {
			col := rec.Column(i)
			if !arrow.TypeEqual(col.DataType(), f.Type) {
				t.Errorf("%s.%s: decoded as %s, want %s", table, f.Name, col.DataType(), f.Type)
			}
			if !f.Nullable && col.NullN() > 0 {
				t.Errorf("%s.%s is not Nullable but chunk at byte %d has %d NULLs", table, f.Name, int64(n)+off, col.NullN())
			}
		}
		rows += rec.NumRows()
		rec.Release()
	}
	return rows
}

func names(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// TestDecodeGenerated decodes every table of dumpgen's dumps at each schema it knows with the fields Resolve
// gives, strictly: every column is known, every value parses as its type, NOT NULL columns hold no NULL, and the
// header is exactly the table's columns at the dump's date.
func TestDecodeGenerated(t *testing.T) {
	for _, sch := range []string{dumpgen.Schema2026, dumpgen.Schema2023, dumpgen.Schema2021} {
		t.Run(sch, func(t *testing.T) {
			got, csvs, exp := genDump(t, dumpgen.Options{Seed: 7, Scale: testScale, Schema: sch})
			day, err := time.Parse(time.RFC3339Nano, exp.Timestamp)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, tb := range Tables() {
				if tb.In(day) {
					want = append(want, tb.Name)
				}
			}
			if sch == dumpgen.Schema2026 {
				if !slices.Equal(got, want) {
					t.Errorf("tables in the %s dump:\n got %v\nwant %v (Tables() in dump order)", sch, got, want)
				}
			} else if !sameSet(got, want) {
				t.Errorf("tables in the %s dump:\n got %v\nwant %v", sch, got, want)
			}
			for _, name := range got {
				tb, ok := Lookup(name)
				if !ok {
					t.Errorf("table %s of the %s dump is not in the package", name, sch)
					continue
				}
				data := csvs[name]
				header, _, err := columnar.ParseHeader(data)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if w := names(tb.At(day)); !slices.Equal(header, w) {
					t.Errorf("%s.csv header on %s:\n got %v\nwant %v (Table.At)", name, day.Format(DateLayout), header, w)
				}
				fields, unknown, err := tb.Resolve(header, true)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(unknown) != 0 {
					t.Errorf("%s: unknown columns %v", name, unknown)
				}
				rows := decodeCSV(t, name, data, fields, 16<<10)
				if rows != exp.Rows[name] {
					t.Errorf("%s: decoded %d rows, dumpgen wrote %d", name, rows, exp.Rows[name])
				}
				if rows == 0 {
					t.Errorf("%s: no rows generated, nothing checked", name)
				}
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestDecodeExtraColumn decodes crates.csv with a column crates.io might add: Resolve keeps and reports it when
// not strict, refuses it when strict, and the column decodes as text.
func TestDecodeExtraColumn(t *testing.T) {
	const extra = "fastness_score"
	_, csvs, exp := genDump(t, dumpgen.Options{Seed: 3, Scale: testScale, ExtraColumn: extra})
	data := csvs["crates"]
	header, _, err := columnar.ParseHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := Lookup("crates")
	if _, _, err := tb.Resolve(header, true); !errors.Is(err, ErrUnknownColumn) {
		t.Fatalf("strict Resolve with %q: err = %v, want ErrUnknownColumn", extra, err)
	}
	fields, unknown, err := tb.Resolve(header, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(unknown, []string{extra}) {
		t.Fatalf("unknown = %v, want [%s]", unknown, extra)
	}
	i := slices.Index(header, extra)
	if i < 0 || fields[i].Name != extra || !arrow.TypeEqual(fields[i].Type, arrow.BinaryTypes.StringView) || !fields[i].Nullable {
		t.Fatalf("field for %s at %d: %v", extra, i, fields)
	}
	if rows := decodeCSV(t, "crates", data, fields, 64<<10); rows != exp.Rows["crates"] {
		t.Errorf("decoded %d rows, want %d", rows, exp.Rows["crates"])
	}
}

// TestDecodeUnknownTable reads a table the package does not know (users.csv under another name) with the
// all-text fields of Unknown.
func TestDecodeUnknownTable(t *testing.T) {
	_, csvs, exp := genDump(t, dumpgen.Options{Seed: 5, Scale: testScale})
	if _, ok := Lookup("user_profiles"); ok {
		t.Fatal("Lookup found a table that does not exist")
	}
	data := csvs["users"]
	header, _, err := columnar.ParseHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	fields := Unknown("user_profiles", header)
	for i, f := range fields {
		if f.Name != header[i] || !f.Nullable || !arrow.TypeEqual(f.Type, arrow.BinaryTypes.StringView) {
			t.Errorf("field %d = %v, want nullable string view %q", i, f, header[i])
		}
	}
	if rows := decodeCSV(t, "user_profiles", data, fields, 4<<10); rows != exp.Rows["users"] {
		t.Errorf("decoded %d rows, want %d", rows, exp.Rows["users"])
	}
}

// TestDecodeEarly2021 decodes hand-written rows in the shape of a dump from before 2021-05-12, which dumpgen does
// not generate: crates.csv with downloads and the tsvector textsearchable_index_col, and version_authors.csv.
func TestDecodeEarly2021(t *testing.T) {
	day := time.Date(2021, 3, 6, 14, 0, 39, 0, time.UTC)
	csvs := map[string]string{
		"crates": "created_at,description,documentation,downloads,homepage,id,max_upload_size,name,readme,repository,textsearchable_index_col,updated_at\n" +
			"2017-01-17 19:13:05.112025,A blazingly fast thing,,1234567,,42,,blaze,\"# blaze\r\n\"\"fast\"\"\",https://github.com/o/blaze,\"'blaze':1A 'blaze':4B 'fast':3B,6\",2021-02-28 10:00:00\n" +
			"2016-05-01 08:00:00,,https://docs.rs/x,0,https://x.rs,7,10485760,x,,,'x':1A,2016-05-01 08:00:00.5\n",
		"version_authors": "id,name,version_id\n" +
			"1,Jane Doe <jane@example.com>,10\n" +
			"2,\"Doe, John\",10\n",
	}
	for name, data := range csvs {
		tb, _ := Lookup(name)
		header, _, err := columnar.ParseHeader([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if w := names(tb.At(day)); !slices.Equal(header, w) {
			t.Errorf("%s header %v, want %v", name, header, w)
		}
		fields, _, err := tb.Resolve(header, true)
		if err != nil {
			t.Fatal(err)
		}
		if rows := decodeCSV(t, name, []byte(data), fields, 0); rows != 2 {
			t.Errorf("%s: %d rows, want 2", name, rows)
		}
	}
}
