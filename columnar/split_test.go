package columnar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// parseAll runs the fast path over data as one chunk and reads every field back through a string view column.
func parseAll(t testing.TB, data []byte, cols int, mem memory.Allocator) ([][]refField, error) {
	var sp Splitter
	var x FieldIndex
	if err := sp.Split(data, cols, &x); err != nil {
		return nil, err
	}
	return readFields(t, NewChunk(data), &x, cols, mem)
}

// readFields builds every column of the split chunk as a string view array and returns the records.
func readFields(t testing.TB, ch *Chunk, x *FieldIndex, cols int, mem memory.Allocator) ([][]refField, error) {
	header := make([]string, cols)
	want := make([]Column, cols)
	for c := range cols {
		header[c] = string(rune('a' + c))
		want[c] = Column{Name: header[c], Type: arrow.BinaryTypes.StringView}
	}
	dec, err := NewDecoder(header, want, mem)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := dec.Build(ch, x)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	recs := make([][]refField, rec.NumRows())
	for c := range cols {
		a := rec.Column(c).(*array.StringView)
		for r := range recs {
			if a.IsNull(r) {
				recs[r] = append(recs[r], refField{null: true})
			} else {
				recs[r] = append(recs[r], refField{val: strings.Clone(a.Value(r))}) // Value aliases the chunk
			}
		}
	}
	return recs, nil
}

func TestSplitAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		cols := 1 + rng.IntN(12)
		rows := rng.IntN(40)
		data, want := genCSV(rng, rows, cols, rng.IntN(2) == 0)
		ref, rerr := refParse(data, cols)
		if rerr != nil {
			t.Fatalf("case %d: the reference rejects generated CSV: %v at %d\n%q", i, rerr.err, rerr.offset, data)
		}
		if fieldsString(ref) != fieldsString(want) {
			t.Fatalf("case %d: the reference misreads generated CSV:\n got %s\nwant %s", i, fieldsString(ref), fieldsString(want))
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		got, err := parseAll(t, data, cols, mem)
		if err != nil {
			t.Fatalf("case %d: %v\n%q", i, err, data)
		}
		if fieldsString(got) != fieldsString(want) {
			t.Fatalf("case %d:\n got %s\nwant %s\ninput %q", i, fieldsString(got), fieldsString(want), data)
		}
		mem.AssertSize(t, 0)
	}
}

// TestSplitAgainstEncodingCSV compares with the standard library, allowing for what it cannot tell apart (NULL
// and "") and what it rewrites (CRLF inside quoted fields becomes LF).
func TestSplitAgainstEncodingCSV(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		cols := 1 + rng.IntN(6)
		data, _ := genCSV(rng, 1+rng.IntN(30), cols, true)
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = cols
		std, err := r.ReadAll()
		if err != nil {
			t.Fatalf("case %d: encoding/csv: %v", i, err)
		}
		got, err := parseAll(t, data, cols, memory.DefaultAllocator)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		// encoding/csv skips empty lines, which only a 1-column CSV can have (a NULL field).
		if cols == 1 {
			var kept [][]refField
			for _, rec := range got {
				if !rec[0].null {
					kept = append(kept, rec)
				}
			}
			got = kept
		}
		if len(got) != len(std) {
			t.Fatalf("case %d: %d records, encoding/csv %d", i, len(got), len(std))
		}
		for ri := range std {
			for c := range std[ri] {
				g := strings.ReplaceAll(got[ri][c].val, "\r\n", "\n")
				if g != std[ri][c] {
					t.Fatalf("case %d record %d field %d: %q, encoding/csv %q", i, ri, c, g, std[ri][c])
				}
			}
		}
	}
}

func TestSplitErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		cols       int
		err        error
		line, off  int64
	}{
		{"unterminated", "a,b\n1,\"abc\n2,x\n", 2, ErrUnterminatedQuote, 2, 6},
		{"bare quote", "a,b\n1,ab\"c\n", 2, ErrBareQuote, 2, 8},
		{"after quote", "a,b\n1,\"ab\"c\n", 2, ErrAfterQuote, 2, 10},
		{"too few", "a,b\n1,2\n3\n", 2, ErrFieldCount, 3, 8},
		{"too many", "a,b\n1,2,3\n", 2, ErrFieldCount, 2, 4},
		{"empty line", "a,b\n1,2\n\n3,4\n", 2, ErrFieldCount, 3, 8},
		{"last record short", "a,b\n1,2\n3", 2, ErrFieldCount, 3, 8},
		{"quote after CR", "a,b\n1,\"x\"\ry\n", 2, ErrAfterQuote, 2, 9},
		{"far in a long chunk", strings.Repeat("1,\"a\nb\"\n", 5000) + "1,x\"\n", 2, ErrBareQuote, 10001, 40003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sp Splitter
			var x FieldIndex
			err := sp.Split([]byte(tc.data), tc.cols, &x)
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, tc.err) {
				t.Fatalf("got %v, want %v", err, tc.err)
			}
			pe.Shift(1, 0)
			if pe.Line != tc.line || pe.Offset != tc.off {
				t.Errorf("at line %d byte %d, want line %d byte %d (%v)", pe.Line, pe.Offset, tc.line, tc.off, pe)
			}
			_, rerr := refParse([]byte(tc.data), tc.cols)
			if rerr == nil || rerr.err != tc.err || int64(rerr.offset) != tc.off || int64(rerr.line) != tc.line {
				t.Errorf("reference disagrees: %+v", rerr)
			}
		})
	}
}

func TestSplitCRLFRecords(t *testing.T) {
	data := []byte("1,\"a\r\nb\"\r\n2,c\r\n3,\"\"\r\n4,\r\n")
	got, err := parseAll(t, data, 2, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	want := "0: \"1\" \"a\\r\\nb\"\n1: \"2\" \"c\"\n2: \"3\" \"\"\n3: \"4\" NULL\n"
	if s := fieldsString(got); s != want {
		t.Errorf("got\n%swant\n%s", s, want)
	}
}

func TestChunkerAnySize(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data, want := genCSV(rng, 400, 5, true)
	for _, size := range []int{1, 2, 3, 7, 64, 100, 1000, 4096, 1 << 16, 1 << 20} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			pool := NewPool(mem, 4)
			c := NewChunker(r, pool, size)
			var got [][]refField
			var off int64
			var sp Splitter
			var x FieldIndex
			for {
				ch, err := c.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if ch.Offset != off {
					t.Fatalf("size %d: chunk at %d, want %d", size, ch.Offset, off)
				}
				off += int64(len(ch.Data))
				if err := sp.Split(ch.Data, 5, &x); err != nil {
					t.Fatalf("size %d: %v", size, err)
				}
				recs, err := readFields(t, ch, &x, 5, pool)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, recs...)
				ch.Release()
			}
			c.Close()
			if off != int64(len(data)) {
				t.Fatalf("size %d: chunks cover %d bytes of %d", size, off, len(data))
			}
			if fieldsString(got) != fieldsString(want) {
				t.Fatalf("size %d one-byte %v: records differ", size, oneByte)
			}
			if pool.InUse() != 0 {
				t.Fatalf("size %d: %d bytes still in use", size, pool.InUse())
			}
		}
	}
}

func TestChunkerGrowsForLongRecords(t *testing.T) {
	long := strings.Repeat("line,\"quoted\"\n", 10000)
	data := []byte("1,\"" + strings.ReplaceAll(long, `"`, `""`) + "\"\n2,x\n")
	c := NewChunker(bytes.NewReader(data), memory.DefaultAllocator, 1024)
	ch, err := c.Next()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(ch.Data, data[:len(data)-4]) {
		t.Fatalf("first chunk is %d bytes, want the whole long record (%d bytes)", len(ch.Data), len(data)-4)
	}
}

func TestChunkerCheckFindsStrayQuote(t *testing.T) {
	// A stray quote flips the parity of everything after it: no record ever seems to end.
	data := []byte("a,b\n1,x\"y\n" + strings.Repeat("2,z\n", 100000))
	c := NewChunker(bytes.NewReader(data), memory.DefaultAllocator, 256)
	c.Check = func(d []byte, off int64) error {
		var sp Splitter
		var x FieldIndex
		err := sp.Split(d, 2, &x)
		if errors.Is(err, ErrUnterminatedQuote) {
			return nil
		}
		return err
	}
	var err error
	for err == nil {
		var ch *Chunk
		if ch, err = c.Next(); err == nil {
			ch.Release()
		}
	}
	if !errors.Is(err, ErrBareQuote) {
		t.Fatalf("got %v, want the bare quote", err)
	}
}

func TestNextRecordEnd(t *testing.T) {
	data := []byte("1,\"a\nb\"\n2,\"c\n\"\"d\"\n3,e\n")
	var ends []int
	for i := 0; ; {
		j := NextRecordEnd(data, i)
		if j < 0 {
			break
		}
		ends = append(ends, j)
		i = j + 1
	}
	want := []int{7, 17, 21}
	if len(ends) != len(want) {
		t.Fatalf("ends %v, want %v", ends, want)
	}
	for i := range want {
		if ends[i] != want[i] {
			t.Fatalf("ends %v, want %v", ends, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "1,\"a\"\"b\"\n", "\"\n", "1,\"x\"\r\n2,y\r\n", "a\"b,c\n", "\"a\"b,c\n",
		",\n", "\"\",\"\"\n", "1,2", "1,\"a\nb\"", "\r\n"} {
		f.Add([]byte(s), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, cols uint8) {
		checkSplitAgainstRef(t, data, int(cols%8)+1)
	})
}

// checkSplitAgainstRef splits data with n columns and compares the fields, or the error with its byte and
// line, with the reference parser's.
func checkSplitAgainstRef(t *testing.T, data []byte, n int) {
	t.Helper()
	ref, rerr := refParse(data, n)
	var sp Splitter
	var x FieldIndex
	err := sp.Split(data, n, &x)
	if rerr != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, rerr.err) {
			t.Fatalf("reference: %v at %d; fast path: %v", rerr.err, rerr.offset, err)
		}
		pe.Shift(1, 0)
		if pe.Offset != int64(rerr.offset) || pe.Line != int64(rerr.line) {
			t.Fatalf("reference: %v at byte %d line %d; fast path at byte %d line %d", rerr.err, rerr.offset, rerr.line, pe.Offset, pe.Line)
		}
		// The whole records before the error stay indexed, for their values to be checked.
		if x.Rows != len(ref) {
			t.Fatalf("%d records indexed before the error, the reference read %d", x.Rows, len(ref))
		}
		if got, err := readFields(t, NewChunk(data), &x, n, memory.DefaultAllocator); err == nil && fieldsString(got) != fieldsString(ref) {
			t.Fatalf("records before the error: got\n%swant\n%s", fieldsString(got), fieldsString(ref))
		}
		return
	}
	if err != nil {
		t.Fatalf("reference accepts, fast path: %v", err)
	}
	got, err := readFields(t, NewChunk(data), &x, n, memory.DefaultAllocator)
	if err != nil {
		if errors.Is(err, ErrInvalidUTF8) {
			return
		}
		t.Fatal(err)
	}
	if fieldsString(got) != fieldsString(ref) {
		t.Fatalf("got\n%swant\n%s", fieldsString(got), fieldsString(ref))
	}
}

// TestSplitSparseLongFields: README-like quoted fields, kilobytes of plain text with a "" pair, a comma or a
// newline here and there, so that most 64-byte blocks hold no quote and no delimiter and Split jumps over
// them; and the same with one quoting error planted at every offset around block and summary-word edges
// (a bare quote, text after a closing quote).
func TestSplitSparseLongFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	field := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			switch rng.IntN(400) {
			case 0:
				b.WriteString(`""`)
			case 1:
				b.WriteString(",")
			case 2:
				b.WriteString("\n")
			case 3:
				b.WriteString("\r\n")
			default:
				b.WriteByte('a' + byte(rng.IntN(26)))
			}
		}
		return b.String()
	}
	// A bare quote at the start of a block right after a jump over blocks with no delimiter, the block before
	// them ending with a comma: the jump must forget that an opening quote could have followed it.
	for _, at := range []int{64 * 5, 64 * 64, 64 * 65, 64 * 128} {
		d := []byte(strings.Repeat("a", 63) + "," + strings.Repeat("b", 64*130) + ",x\n")
		d[at] = '"'
		checkSplitAgainstRef(t, d, 3)
	}
	for i := range 40 {
		var b strings.Builder
		for r := range 1 + rng.IntN(4) {
			fmt.Fprintf(&b, "%d,\"%s\",x\n", r, field(rng.IntN(20000)))
		}
		data := []byte(b.String())
		checkSplitAgainstRef(t, data, 3)
		if i < 4 {
			for _, at := range []int{62, 63, 64, 65, 127, 128, 4095, 4096, 4097, 16383, 16384, 16385} {
				for _, bad := range []string{`"`, `"z`, `"",`} {
					if at+len(bad) < len(data) {
						d := append([]byte(nil), data...)
						copy(d[at:], bad)
						checkSplitAgainstRef(t, d, 3)
					}
				}
			}
		}
	}
}

// FuzzChunker checks exact chunking against a sequential parse: cutting any input into chunks of any size
// and splitting each gives the records (or the first error) of splitting the whole input at once. The input
// is a CSV built from the fuzzer's bytes, so quoted fields holding lines that look like records are common.
func FuzzChunker(f *testing.F) {
	f.Add([]byte("1,\"a\nb,c\n\"\"x\"\"\"\n2,y\n"), uint16(3), uint8(2))
	f.Add([]byte("\"\n1,2\n\",3\n4,5"), uint16(1), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, size uint16, cols uint8) {
		if !utf8.Valid(data) {
			// Within one chunk a quoting error is found before any value is decoded, wherever they are;
			// the whole input is one chunk, so invalid UTF-8 before a quoting error would tell them apart.
			return
		}
		n := int(cols%4) + 1
		var sp Splitter
		var whole FieldIndex
		wantErr := sp.Split(data, n, &whole)
		var want [][]refField
		if wantErr == nil {
			var err error
			if want, err = readFields(t, NewChunk(bytes.Clone(data)), &whole, n, memory.DefaultAllocator); err != nil {
				wantErr = err
			}
		}
		c := NewChunker(bytes.NewReader(data), memory.DefaultAllocator, int(size%512)+1)
		var got [][]refField
		var gotErr error
		var x FieldIndex
		for gotErr == nil {
			ch, err := c.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				gotErr = err
				break
			}
			if err := sp.Split(ch.Data, n, &x); err != nil {
				gotErr = err
				break
			}
			recs, err := readFields(t, ch, &x, n, memory.DefaultAllocator)
			if err != nil {
				gotErr = err
				break
			}
			got = append(got, recs...)
		}
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("whole: %v; chunked: %v", wantErr, gotErr)
		}
		if wantErr != nil {
			var a, b *ParseError
			if errors.As(wantErr, &a) && errors.As(gotErr, &b) && !errors.Is(gotErr, a.Err) {
				t.Fatalf("whole: %v; chunked: %v", wantErr, gotErr)
			}
			return
		}
		if fieldsString(got) != fieldsString(want) {
			t.Fatalf("chunked\n%swhole\n%s", fieldsString(got), fieldsString(want))
		}
	})
}
