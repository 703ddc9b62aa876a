package schema

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/dumpgen"
)

// BenchmarkResolve resolves the 2026 versions.csv header (26 columns) plus one unknown column. Bytes are the
// header's.
func BenchmarkResolve(b *testing.B) {
	tb, _ := Lookup("versions")
	header := append(names(tb.Columns), "future_column")
	n := 0
	for _, h := range header {
		n += len(h) + 1
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := tb.Resolve(header, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode decodes versions.csv and dependencies.csv of a generated 2026 dump with the types Resolve
// gives ("typed") and with every column as text ("text", what a reader without a schema does), to show what
// typing costs. Bytes are the CSV's.
func BenchmarkDecode(b *testing.B) {
	_, csvs, _ := genDump(b, dumpgen.Options{Seed: 1, Scale: 0.01})
	for _, name := range []string{"versions", "dependencies"} {
		data := csvs[name]
		tb, _ := Lookup(name)
		header, _, err := columnar.ParseHeader(data)
		if err != nil {
			b.Fatal(err)
		}
		typed, _, err := tb.Resolve(header, true)
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []struct {
			name   string
			fields []arrow.Field
		}{{"typed", typed}, {"text", Unknown(name, header)}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					decodeCSV(b, name, data, mode.fields, 1<<20)
				}
			})
		}
	}
}
