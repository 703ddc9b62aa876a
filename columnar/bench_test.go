package columnar

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/dumpgen"
)

var (
	benchOnce sync.Once
	benchCSV  []byte // a generated crates.csv, header removed
	benchCols int
)

// benchData returns about 7 MB of generated crates.csv (the 2026 layout, realistic READMEs).
func benchData(b *testing.B) ([]byte, int) {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		if _, err := dumpgen.WriteCratesCSV(&buf, dumpgen.Options{Seed: 1, Scale: 0.01}); err != nil {
			b.Fatal(err)
		}
		header, n, err := ParseHeader(buf.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		benchCSV, benchCols = buf.Bytes()[n:], len(header)
	})
	return benchCSV, benchCols
}

// chunks cuts data into record-aligned chunks of about 1 MiB, as the pipeline does.
func chunks(b *testing.B, data []byte) [][]byte {
	var out [][]byte
	c := NewChunker(bytes.NewReader(data), memory.DefaultAllocator, DefaultChunkSize)
	for {
		ch, err := c.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, bytes.Clone(ch.Data))
		ch.Release()
	}
}

func BenchmarkSplit(b *testing.B) {
	data, cols := benchData(b)
	cs := chunks(b, data)
	var sp Splitter
	var x FieldIndex
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			if err := sp.Split(c, cols, &x); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkChunker(b *testing.B) {
	data, _ := benchData(b)
	pool := NewPool(nil, 16)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c := NewChunker(bytes.NewReader(data), pool, DefaultChunkSize)
		for {
			ch, err := c.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			ch.Release()
		}
	}
}

// BenchmarkDecodeReadme splits and builds the readme column as string views (unescaping in place), the
// work of blaze count per chunk before matching. The chunks are restored before each pass.
func BenchmarkDecodeReadme(b *testing.B) {
	data, cols := benchData(b)
	header := make([]string, cols)
	header[8] = "readme"
	for i := range header {
		if header[i] == "" {
			header[i] = string(rune('a' + i))
		}
	}
	dec, err := NewDecoder(header, []Column{{Name: "readme", Type: arrow.BinaryTypes.StringView}}, memory.DefaultAllocator)
	if err != nil {
		b.Fatal(err)
	}
	cs := chunks(b, data)
	work := make([][]byte, len(cs))
	for i := range cs {
		work[i] = make([]byte, len(cs[i]))
	}
	var sp Splitter
	var x FieldIndex
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for i, c := range cs {
			copy(work[i], c)
			rec, err := dec.Decode(NewChunk(work[i]), &sp, &x)
			if err != nil {
				b.Fatal(err)
			}
			rec.Release()
		}
	}
}
