package simdscan

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// sentinelBlock fills the block after the ones Structure may write, so a
// kernel writing too far is caught.
var sentinelBlock = Block{Quote: 0xdead, Inside: 0xbeef, Comma: 0xf00d, Newline: 0xcafe}

// checkStructure runs every implementation on buf and compares generic with
// the oracle and every other implementation with generic.
func checkStructure(t *testing.T, buf []byte, inside bool, desc func() string) bool {
	t.Helper()
	wantBlocks, wantN, wantIn := structureOracle(buf, inside)
	var ref []Block
	var refN int
	var refIn bool
	for _, im := range allImpls() {
		out := make([]Block, len(wantBlocks)+1)
		out[len(out)-1] = sentinelBlock
		n, in := runStructure(im, buf, inside, out)
		if out[len(out)-1] != sentinelBlock {
			t.Errorf("%s: %s: wrote past the %d blocks it needs", implName(im), desc(), len(wantBlocks))
			return false
		}
		out = out[:len(out)-1]
		if im == &genericImpl {
			if err := diffStructure(out, n, in, wantBlocks, wantN, wantIn); err != "" {
				t.Errorf("generic vs oracle: %s: %s", desc(), err)
				return false
			}
			ref, refN, refIn = out, n, in
			continue
		}
		if err := diffStructure(out, n, in, ref, refN, refIn); err != "" {
			t.Errorf("%s vs generic: %s: %s", implName(im), desc(), err)
			return false
		}
	}
	return true
}

func diffStructure(got []Block, gotN int, gotIn bool, want []Block, wantN int, wantIn bool) string {
	if gotN != wantN || gotIn != wantIn {
		return fmt.Sprintf("got newlines=%d insideAfter=%v, want %d %v", gotN, gotIn, wantN, wantIn)
	}
	for i := range want {
		if got[i] != want[i] {
			return fmt.Sprintf("block %d: got %+x, want %+x", i, got[i], want[i])
		}
	}
	return ""
}

// TestStructureEveryLengthAlignment covers every length 0..130 at every
// alignment 0..63, with each of '"', ',' and '\n' planted alone at every
// position, and with random dense fills; the bytes just outside the slice
// are structural characters that would change the answer if read.
func TestStructureEveryLengthAlignment(t *testing.T) {
	const maxLen, pad = 130, 80
	big := aligned(pad + 64 + maxLen + pad)
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\",\n\ra\"\",x")
	for length := 0; length <= maxLen; length++ {
		for align := 0; align < 64; align++ {
			start := pad + align
			fillSentinels := func() {
				for i := range big {
					big[i] = "\",\n"[i%3]
				}
			}
			fillSentinels()
			s := big[start : start+length]
			for i := range s {
				s[i] = 'a'
			}
			for _, ch := range []byte{'"', ',', '\n'} {
				for p := 0; p < length; p++ {
					s[p] = ch
					inside := p%2 == 1
					if !checkStructure(t, s, inside, func() string {
						return fmt.Sprintf("len %d align %d %q at %d inside=%v", length, align, ch, p, inside)
					}) {
						return
					}
					s[p] = 'a'
				}
			}
			for round := 0; round < 4; round++ {
				for i := range s {
					if r.IntN(4) <= round {
						s[i] = alphabet[r.IntN(len(alphabet))]
					} else {
						s[i] = 'b'
					}
				}
				inside := round%2 == 0
				if !checkStructure(t, s, inside, func() string {
					return fmt.Sprintf("len %d align %d random %q inside=%v", length, align, s, inside)
				}) {
					return
				}
			}
		}
		if testing.Short() && length > 20 {
			length += 7
		}
	}
}

// byteClass packs what the masks say about byte i into four bits.
func byteClass(blocks []Block, i int) int {
	b, bit := blocks[i/64], uint(i%64)
	return int(b.Quote>>bit&1) | int(b.Inside>>bit&1)<<1 | int(b.Comma>>bit&1)<<2 | int(b.Newline>>bit&1)<<3
}

// TestStructureCarriesStateAcrossCalls splits buffers at every point and
// checks that the two calls, the second given the state the first returned,
// describe every byte as one call over the whole buffer does.
func TestStructureCarriesStateAcrossCalls(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, im := range allImpls() {
		for round := 0; round < 6; round++ {
			buf := randomCSVish(r, 150+r.IntN(200), round)
			inside := round%2 == 1
			whole := make([]Block, Blocks(len(buf)))
			wantN, wantIn := runStructure(im, buf, inside, whole)
			for split := 0; split <= len(buf); split++ {
				a := make([]Block, Blocks(split))
				b := make([]Block, Blocks(len(buf)-split))
				n1, in1 := runStructure(im, buf[:split], inside, a)
				n2, in2 := runStructure(im, buf[split:], in1, b)
				if n1+n2 != wantN || in2 != wantIn {
					t.Fatalf("%s: split at %d of %q: newlines %d+%d state %v, want %d %v",
						implName(im), split, buf, n1, n2, in2, wantN, wantIn)
				}
				for i := range buf {
					got := 0
					if i < split {
						got = byteClass(a, i)
					} else {
						got = byteClass(b, i-split)
					}
					if want := byteClass(whole, i); got != want {
						t.Fatalf("%s: split at %d of %q: byte %d class %04b, want %04b",
							implName(im), split, buf, i, got, want)
					}
				}
			}
		}
	}
}

// randomCSVish returns n bytes in which quotes, commas and newlines are
// common; density grows with level.
func randomCSVish(r *rand.Rand, n, level int) []byte {
	const structural = "\",\n\"\r"
	const text = "abc blazing 123 \xc3\xa9"
	b := make([]byte, n)
	for i := range b {
		if r.IntN(8) <= level {
			b[i] = structural[r.IntN(len(structural))]
		} else {
			b[i] = text[r.IntN(len(text))]
		}
	}
	return b
}

func TestStructurePanicsOnShortOut(t *testing.T) {
	for _, n := range []int{1, 64, 65, 200} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Structure(%d bytes, %d blocks) did not panic", n, Blocks(n)-1)
				}
			}()
			Structure(make([]byte, n), false, make([]Block, Blocks(n)-1))
		}()
	}
}

// splitCSV splits buf, whose masks are in blocks, into records of unquoted
// fields, the way a columnar reader would use the masks. It expects every
// record to end with an unquoted '\n'.
func splitCSV(t *testing.T, buf []byte, blocks []Block) [][]string {
	var records [][]string
	var rec []string
	start := 0
	for bi, b := range blocks {
		seps := b.Comma | b.Newline
		for seps != 0 {
			bit := seps & -seps
			seps ^= bit
			i := bi*64 + trailingZeros(bit)
			rec = append(rec, unquote(t, buf[start:i]))
			start = i + 1
			if b.Newline&bit != 0 {
				records = append(records, rec)
				rec = nil
			}
		}
	}
	if start != len(buf) || rec != nil {
		t.Fatalf("text after the last record: %q", buf[start:])
	}
	return records
}

func trailingZeros(x uint64) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}

func unquote(t *testing.T, f []byte) string {
	if len(f) == 0 || f[0] != '"' {
		return string(f)
	}
	if len(f) < 2 || f[len(f)-1] != '"' {
		t.Fatalf("badly quoted field %q", f)
	}
	return strings.ReplaceAll(string(f[1:len(f)-1]), `""`, `"`)
}

// randomPGCSV writes records the way PostgreSQL COPY ... CSV does: quoted only
// when needed, NULL as an empty unquoted field, the empty string as "".
func randomPGCSV(r *rand.Rand, records int) []byte {
	var buf bytes.Buffer
	pieces := []string{"word", " ", ",", "\"", "\n", "\r\n", "\r", "blazing", "42", "é", "\"\"", "#", "readme"}
	for range records {
		fields := 2 + r.IntN(5)
		for f := range fields {
			if f > 0 {
				buf.WriteByte(',')
			}
			switch r.IntN(6) {
			case 0: // NULL
			case 1:
				buf.WriteString(`""`)
			default:
				var s strings.Builder
				for range r.IntN(12) {
					s.WriteString(pieces[r.IntN(len(pieces))])
				}
				v := s.String()
				if strings.ContainsAny(v, "\",\r\n") || v == "" || r.IntN(5) == 0 {
					v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
				}
				buf.WriteString(v)
			}
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// TestStructureSplitsLikeEncodingCSV splits random PostgreSQL-style CSV into
// fields with the masks, computed in random-sized pieces, and compares with
// encoding/csv, which rewrites CRLF inside quoted fields to LF.
func TestStructureSplitsLikeEncodingCSV(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, im := range allImpls() {
		for round := 0; round < 40; round++ {
			buf := randomPGCSV(r, 1+r.IntN(40))
			rd := csv.NewReader(bytes.NewReader(buf))
			rd.FieldsPerRecord = -1
			want, err := rd.ReadAll()
			if err != nil {
				t.Fatalf("encoding/csv rejects the generated CSV %q: %v", buf, err)
			}
			// Masks piece by piece, pieces of any size, copied bit by bit
			// into blocks for the whole buffer.
			blocks := make([]Block, Blocks(len(buf)))
			inside := false
			for off := 0; off < len(buf); {
				end := min(off+1+r.IntN(150), len(buf))
				piece := make([]Block, Blocks(end-off))
				_, inside = runStructure(im, buf[off:end], inside, piece)
				for i := off; i < end; i++ {
					c := byteClass(piece, i-off)
					b, bit := &blocks[i/64], uint64(1)<<(i%64)
					if c&4 != 0 {
						b.Comma |= bit
					}
					if c&8 != 0 {
						b.Newline |= bit
					}
				}
				off = end
			}
			if inside {
				t.Fatalf("%s: generated CSV ends inside quotes", implName(im))
			}
			got := splitCSV(t, buf, blocks)
			if len(got) != len(want) {
				t.Fatalf("%s: %d records, encoding/csv %d, in %q", implName(im), len(got), len(want), buf)
			}
			for i := range want {
				if len(got[i]) != len(want[i]) {
					t.Fatalf("%s: record %d has %d fields, encoding/csv %d: %q vs %q", implName(im), i, len(got[i]), len(want[i]), got[i], want[i])
				}
				for j := range want[i] {
					if g := strings.ReplaceAll(got[i][j], "\r\n", "\n"); g != want[i][j] {
						t.Fatalf("%s: record %d field %d: %q, encoding/csv %q", implName(im), i, j, g, want[i][j])
					}
				}
			}
		}
	}
}

// TestStructureSummaryLong: the summary words across word boundaries (64 blocks each), for lengths around
// them, with stretches of blocks that have no quote or delimiter between ones that do; runStructure checks
// every word against the Blocks, and the Blocks are compared with the oracle.
func TestStructureSummaryLong(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{64 * 63, 64*64 - 1, 64 * 64, 64*64 + 1, 64*65 + 63, 64 * 128, 64*200 + 17, 64 * 1000} {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = 'x'
			if (i/640)%3 == 0 && rng.IntN(40) == 0 { // every third stretch of 10 blocks has some
				buf[i] = "\",\n"[rng.IntN(3)]
			}
		}
		for _, inside := range []bool{false, true} {
			wantBlocks, wantN, wantIn := structureOracle(buf, inside)
			for _, im := range allImpls() {
				out := make([]Block, len(wantBlocks))
				n, in := runStructure(im, buf, inside, out)
				if err := diffStructure(out, n, in, wantBlocks, wantN, wantIn); err != "" {
					t.Fatalf("%s, %d bytes: %s", implName(im), n, err)
				}
			}
		}
	}
}
