package dumpgen

import (
	"io"
	"strings"
	"testing"
)

// countingDiscard counts what is written to it.
type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkWriteCratesCSV measures generating crates.csv alone (with the
// slow path running alongside, as always); MB/s are of crates.csv.
func BenchmarkWriteCratesCSV(b *testing.B) {
	for _, scale := range []float64{0.001, 0.01} {
		b.Run(strings.TrimPrefix(ftoa(scale), "0."), func(b *testing.B) {
			o := Options{Seed: 1, Scale: scale}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var c countingDiscard
				if _, err := WriteCratesCSV(&c, o); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(c.n)
			}
		})
	}
}

// BenchmarkWriteAllForms measures one generation into all four forms;
// MB/s are of the uncompressed dump (the tar stream's payload).
func BenchmarkWriteAllForms(b *testing.B) {
	o := Options{Seed: 1, Scale: 0.01}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var w [4]countingDiscard
		exp, err := WriteForms(o, map[Form]io.Writer{FormCratesCSV: &w[0], FormCratesCSVGz: &w[1], FormTarGz: &w[2], FormZip: &w[3]})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(rawDumpBytes(exp))
	}
}

// BenchmarkSlowCount measures the reference path alone.
func BenchmarkSlowCount(b *testing.B) {
	var sb strings.Builder
	if _, err := WriteCratesCSV(&sb, Options{Seed: 1, Scale: 0.01}); err != nil {
		b.Fatal(err)
	}
	s := sb.String()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := SlowCount(strings.NewReader(s), "readme", GoPattern); err != nil {
			b.Fatal(err)
		}
	}
}

func ftoa(f float64) string {
	s := itoa(int(f*1e6 + 0.5))
	for len(s) < 7 {
		s = "0" + s
	}
	return s[:len(s)-6] + "." + strings.TrimRight(s[len(s)-6:], "0")
}
