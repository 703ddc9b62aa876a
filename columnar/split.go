package columnar

import (
	"bytes"
	"fmt"
	"math/bits"

	"github.com/blazetools/blaze/simdscan"
)

// escBit marks, in FieldIndex.ends, a quoted field whose value holds doubled quotes ("") to unescape.
const escBit = 1 << 31

// A FieldIndex locates the fields of every record in a chunk: Rows records of Cols fields each.
type FieldIndex struct {
	Cols  int
	Rows  int
	Lines int // '\n' bytes in the chunk, inside quotes or not: the chunk's share of line numbers

	// ends[r*Cols+c] is the offset just past field c of record r (the offset of the ',' or '\n' that ends it,
	// or len(data) for the last field of an unterminated last record), with escBit set when the field is quoted
	// and holds "" escapes.
	ends []uint32
}

// Field returns the bounds of field c of record r in the chunk's data, as written: quotes included.
// A field that ends its record loses a '\r' before the '\n' (CRLF line ends, which polars also accepts).
func (x *FieldIndex) Field(data []byte, r, c int) (start, end int, escaped bool) {
	i := r*x.Cols + c
	if i > 0 {
		start = int(x.ends[i-1]&^escBit) + 1
	}
	e := x.ends[i]
	end = int(e &^ escBit)
	if c == x.Cols-1 && end > start && data[end-1] == '\r' {
		end--
	}
	return start, end, e&escBit != 0
}

// A Splitter finds the records and fields of chunks of PostgreSQL-COPY CSV text with the structural masks of
// simdscan, and checks the quoting on the way: every opening quote starts a field or follows a closing quote
// (an escaped ""), every closing quote ends a field or is followed by a quote. It keeps scratch space between
// calls, so use one Splitter per goroutine.
type Splitter struct {
	blocks []simdscan.Block
	sum    [splitBatch / 64]uint64 // the blocks' summary bits: which have a quote or a delimiter
}

// splitBatch is how many 64-byte blocks Split asks simdscan for at a time: 16 KiB of text, 8 KiB of masks, so
// both stay in the L1 cache between the kernel and the loop that reads its masks.
const splitBatch = 256

// Split indexes the records of data, a chunk that starts at the start of a record, into x. Each record must
// have exactly cols fields. The chunk may end without a final '\n' (the last chunk of a stream), but not inside
// quotes. Errors are *ParseError with positions relative to the chunk (Line 0 is the chunk's first line); the
// error is the first by position, and x then holds the x.Rows whole records before the one in error, so their
// values can still be checked for an error that comes earlier in the input.
func (s *Splitter) Split(data []byte, cols int, x *FieldIndex) error {
	if s.blocks == nil {
		s.blocks = make([]simdscan.Block, splitBatch)
	}
	x.Cols, x.Rows, x.Lines = cols, 0, 0
	x.ends = x.ends[:0]

	var (
		inside    bool
		nf        int    // fields seen in the current record
		recStart  int    // offset of the current record
		escaped   bool   // the current field holds "" escapes
		prevClose uint64 // 1 if the previous block's last byte was a closing quote
		// The last block with a quote that opens a field, and those quotes' bits: for the position of an
		// unterminated field.
		lastOpenBase int
		lastOpenMask uint64
		prevOK       uint64 // 1 if the previous block's last byte may precede an opening quote
	)
	prevOK = 1 // the chunk starts at a record start
	for off := 0; off < len(data); off += splitBatch * 64 {
		end := min(off+splitBatch*64, len(data))
		nb := (end - off + 63) / 64
		var nl int
		nl, inside = simdscan.StructureSummary(data[off:end], inside, s.blocks[:nb], s.sum[:])
		x.Lines += nl
		for j := 0; j < nb; j++ {
			if prevClose == 0 {
				// Jump over blocks with no quote and no delimiter (most of a README): after a block that
				// did not end with a closing quote there is nothing to do in them but note that no opening
				// quote may follow. Bits past the last block are zero, so j may pass nb.
				if w := s.sum[j/64] >> (j % 64); w == 0 {
					j = (j | 63) + 1
					prevOK = 0
					if j >= nb {
						break
					}
					j-- // the loop's j++ lands on the next word's first block
					continue
				} else if z := bits.TrailingZeros64(w); z > 0 {
					j += z
					prevOK = 0
				}
			}
			b := &s.blocks[j]
			base := off + 64*j
			if b.Comma|b.Newline == 0 {
				// The usual block, inside a README: no delimiter, and every quote (if any) the second
				// half of a "" pair with its first half (a closing quote, in the masks) right before it.
				// Then no quote can be misplaced, and the field being read holds escapes if there are
				// any. Anything else (a field's own quotes, an error) takes the general path.
				open := b.Quote & b.Inside
				closing := b.Quote &^ b.Inside
				if closing<<1|prevClose == open && closing>>63 == 0 {
					if open != 0 {
						escaped = true
					}
					prevClose, prevOK = 0, 0
					continue
				}
			}
			open := b.Quote & b.Inside
			closing := b.Quote &^ b.Inside
			delim := b.Comma | b.Newline

			// A closing quote in the previous block's last byte must be followed by a quote or a delimiter.
			if prevClose != 0 && (b.Quote|delim)&1 == 0 {
				if err := s.afterQuote(data, base-1); err != nil {
					return err
				}
			}
			// Opening quotes follow a delimiter, a closing quote (escape) or the chunk start.
			badOpen := open &^ ((closing|delim)<<1 | prevOK)
			// Closing quotes precede a quote or a delimiter; the last bit waits for the next block.
			follow := (b.Quote | delim) >> 1
			if n := len(data) - base; n < 64 {
				follow |= 1 << (n - 1) // a closing quote may end the data
			}
			badClose := closing &^ follow &^ (1 << 63)
			esc := open & (closing<<1 | prevClose)
			prevClose = closing >> 63
			prevOK = (closing | delim) >> 63
			if fo := open &^ esc; fo != 0 { // quotes that open a field, not the second of a ""
				lastOpenBase, lastOpenMask = base, fo
			}

			if bad := badOpen | badClose; bad != 0 {
				// Rare: a quoting error, or a closing quote before a CRLF line end. Walk the block's
				// events in order so the first error by position wins.
				ev := delim | esc
				for ev != 0 || bad != 0 {
					t := bits.TrailingZeros64(ev)
					if bad != 0 && bits.TrailingZeros64(bad) < t {
						t = bits.TrailingZeros64(bad)
						bad &= bad - 1
						p := base + t
						if badOpen&(1<<t) != 0 {
							return s.errAt(data, recStartOf(data, p), p, ErrBareQuote, "")
						}
						if err := s.afterQuote(data, p); err != nil {
							return err
						}
						continue
					}
					ev &= ev - 1
					if esc&(1<<t) != 0 {
						escaped = true
						continue
					}
					if err := s.field(data, x, base+t, b.Newline&(1<<t) != 0, &escaped, &nf, &recStart, cols); err != nil {
						return err
					}
				}
				continue
			}
			// The usual block: fields end at the delimiters, and a field holds "" when an escape bit
			// lies before its end (and after the previous one's).
			for delim != 0 {
				t := bits.TrailingZeros64(delim)
				delim &= delim - 1
				upTo := uint64(2)<<t - 1 // bits 0..t
				if esc&upTo != 0 {
					escaped = true
					esc &^= upTo
				}
				// s.field, inlined: this loop runs once per field of the table.
				f := uint32(base + t)
				if escaped {
					f |= escBit
					escaped = false
				}
				x.ends = append(x.ends, f)
				nf++
				if b.Newline&(1<<t) != 0 {
					if nf != cols {
						return s.fieldCount(data, recStart, nf, cols)
					}
					x.Rows++
					nf = 0
					recStart = base + t + 1
				}
			}
			if esc != 0 {
				escaped = true // in the field that goes on into the next block
			}
		}
	}
	lastOpen := -1
	if lastOpenMask != 0 {
		lastOpen = lastOpenBase + 63 - bits.LeadingZeros64(lastOpenMask)
	}
	if inside {
		return s.errAt(data, lastOpen, lastOpen, ErrUnterminatedQuote, "the input ends inside the field that starts here")
	}
	if recStart < len(data) { // an unterminated last record
		f := uint32(len(data))
		if escaped {
			f |= escBit
		}
		x.ends = append(x.ends, f)
		nf++
		if nf != cols {
			return s.fieldCount(data, recStart, nf, cols)
		}
		x.Rows++
	}
	return nil
}

// field records the end of a field at p, the delimiter's offset, and at a newline checks the record's field
// count.
func (s *Splitter) field(data []byte, x *FieldIndex, p int, newline bool, escaped *bool, nf, recStart *int, cols int) error {
	f := uint32(p)
	if *escaped {
		f |= escBit
		*escaped = false
	}
	x.ends = append(x.ends, f)
	*nf++
	if newline {
		if *nf != cols {
			return s.fieldCount(data, *recStart, *nf, cols)
		}
		x.Rows++
		*nf = 0
		*recStart = p + 1
	}
	return nil
}

// afterQuote checks the byte after the closing quote at p: a '\r' that ends a CRLF line is allowed.
func (s *Splitter) afterQuote(data []byte, p int) error {
	if p+2 < len(data) && data[p+1] == '\r' && data[p+2] == '\n' {
		return nil
	}
	if p+2 == len(data) && data[p+1] == '\r' {
		return nil
	}
	return s.errAt(data, p+1, p+1, ErrAfterQuote, fmt.Sprintf("found %q", clipLine(data[p+1:], 12)))
}

func (s *Splitter) fieldCount(data []byte, recStart, got, want int) error {
	detail := fmt.Sprintf("got %d, want %d", got, want)
	if got == 1 && (recStart == len(data) || data[recStart] == '\n' || data[recStart] == '\r') {
		detail = fmt.Sprintf("an empty line, want %d fields", want)
	}
	return s.errAt(data, recStart, recStart, ErrFieldCount, detail)
}

// errAt builds a chunk-relative ParseError at byte pos; line is the line of lineAt.
func (s *Splitter) errAt(data []byte, lineAt, pos int, err error, detail string) error {
	lineAt = max(0, min(lineAt, len(data)))
	return &ParseError{Line: int64(bytes.Count(data[:lineAt], []byte{'\n'})), Offset: int64(pos), Err: err, Detail: detail}
}

// recStartOf returns the start of the line holding p: for a bare quote, the line is the useful position.
func recStartOf(data []byte, p int) int {
	return bytes.LastIndexByte(data[:p], '\n') + 1
}

// clipLine is clip that also stops after the first '\n'. A chunk always holds the line a position is on up to
// its '\n' (a chunk ends at a record end, after the position), so an excerpt clipped this way is the same
// however the text was cut into chunks.
func clipLine(b []byte, n int) []byte {
	b = clip(b, n)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
