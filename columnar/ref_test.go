package columnar

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
)

// refField is one field as the reference parser reads it.
type refField struct {
	null bool
	val  string
}

// refError is the error the reference parser finds first: the sentinel, the byte offset and the line (1-based).
type refError struct {
	err    error
	offset int
	line   int
}

// refParse is the portable reference for Splitter plus the string builders: a byte-at-a-time state machine
// over PostgreSQL-COPY CSV. It distinguishes NULL (unquoted empty) from "" (quoted empty), keeps CRLF inside
// quoted fields, ends records at '\n' or "\r\n", and reports the first error at the same position the fast
// path does.
func refParse(data []byte, cols int) (recs [][]refField, rerr *refError) {
	lineOf := func(p int) int { return 1 + bytes.Count(data[:min(p, len(data))], []byte{'\n'}) }
	fail := func(err error, off, lineAt int) ([][]refField, *refError) {
		return recs, &refError{err: err, offset: off, line: lineOf(lineAt)}
	}
	var rec []refField
	recStart := 0
	p := 0
	endRecord := func() *refError {
		if len(rec) != cols {
			return &refError{err: ErrFieldCount, offset: recStart, line: lineOf(recStart)}
		}
		recs = append(recs, rec)
		rec = nil
		return nil
	}
	for p < len(data) {
		// At the start of a field.
		if data[p] == '"' {
			open := p
			p++
			var val []byte
			for {
				if p >= len(data) {
					return fail(ErrUnterminatedQuote, open, open)
				}
				if data[p] != '"' {
					val = append(val, data[p])
					p++
					continue
				}
				// A quote: escaped pair or closing.
				if p+1 < len(data) && data[p+1] == '"' {
					val = append(val, '"')
					p += 2
					continue
				}
				p++ // past the closing quote
				break
			}
			rec = append(rec, refField{val: string(val)})
			switch {
			case p == len(data):
				if err := endRecord(); err != nil {
					return recs, err
				}
				return recs, nil
			case data[p] == ',':
				p++
				if p == len(data) { // a trailing comma at EOF: one more, NULL field
					rec = append(rec, refField{null: true})
					if err := endRecord(); err != nil {
						return recs, err
					}
					return recs, nil
				}
			case data[p] == '\n':
				p++
				if err := endRecord(); err != nil {
					return recs, err
				}
				recStart = p
			case data[p] == '\r' && (p+1 == len(data) || data[p+1] == '\n'):
				p++
				if p < len(data) {
					p++
				}
				if err := endRecord(); err != nil {
					return recs, err
				}
				recStart = p
			default:
				return fail(ErrAfterQuote, p, p)
			}
			continue
		}
		// Unquoted field: up to ',' or '\n'; a quote inside is an error.
		start := p
		for p < len(data) && data[p] != ',' && data[p] != '\n' {
			if data[p] == '"' {
				return fail(ErrBareQuote, p, p)
			}
			p++
		}
		v := data[start:p]
		last := p == len(data) || data[p] == '\n'
		if last && len(rec) == cols-1 {
			v = bytes.TrimSuffix(v, []byte{'\r'})
		}
		rec = append(rec, refField{null: len(v) == 0, val: string(v)})
		if p == len(data) {
			if err := endRecord(); err != nil {
				return recs, err
			}
			return recs, nil
		}
		if data[p] == ',' {
			p++
			if p == len(data) {
				rec = append(rec, refField{null: true})
				if err := endRecord(); err != nil {
					return recs, err
				}
				return recs, nil
			}
			continue
		}
		p++ // '\n'
		if err := endRecord(); err != nil {
			return recs, err
		}
		recStart = p
	}
	return recs, nil
}

// genCSV writes rows random records of cols fields in the dump's dialect, mixing every case the parser must
// handle: NULL, "", plain text, quoted text with "" escapes, commas, LF and CRLF inside, lines that look like
// records, non-ASCII, and CRLF record ends. It returns the text and the records a correct parser reads.
func genCSV(rng *rand.Rand, rows, cols int, finalNewline bool) ([]byte, [][]refField) {
	var b bytes.Buffer
	var recs [][]refField
	for r := range rows {
		var rec []refField
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			f := genField(rng, c == cols-1)
			rec = append(rec, f)
			writeField(&b, f, rng)
		}
		recs = append(recs, rec)
		// A last record of one NULL field is an empty line: it exists only with its newline.
		if r < rows-1 || finalNewline || cols == 1 && rec[0].null {
			if rng.IntN(10) == 0 {
				b.WriteString("\r\n")
			} else {
				b.WriteByte('\n')
			}
		}
	}
	return b.Bytes(), recs
}

var pieces = []string{"a", "b", "blazing", "12", "٣", "Ｂ", "日本", "🚀", " ", ",", "\"", "\n", "\r\n", "\r",
	`2017-01-17 19:13:05.112025+00,"desc",,`, "x,y\nz", "\"\"", "\\", "\t"}

func genField(rng *rand.Rand, last bool) refField {
	switch rng.IntN(8) {
	case 0:
		return refField{null: true}
	case 1:
		return refField{val: ""}
	}
	n := rng.IntN(12)
	if rng.IntN(20) == 0 {
		n = 200 + rng.IntN(3000)
	}
	var s strings.Builder
	for range n {
		s.WriteString(pieces[rng.IntN(len(pieces))])
	}
	v := s.String()
	if last && strings.HasSuffix(v, "\r") && !needsQuotes(v) {
		v += "x" // an unquoted last field cannot end in '\r': it would read as a CRLF line end
	}
	return refField{val: v}
}

func needsQuotes(v string) bool {
	return v == "" || strings.ContainsAny(v, ",\"\n\r")
}

func writeField(b *bytes.Buffer, f refField, rng *rand.Rand) {
	switch {
	case f.null:
	case needsQuotes(f.val) || rng.IntN(5) == 0: // PostgreSQL quotes only when needed; be laxer to test more
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f.val, `"`, `""`))
		b.WriteByte('"')
	default:
		b.WriteString(f.val)
	}
}

func fieldsString(recs [][]refField) string {
	var b strings.Builder
	for i, r := range recs {
		fmt.Fprintf(&b, "%d:", i)
		for _, f := range r {
			if f.null {
				b.WriteString(" NULL")
			} else {
				fmt.Fprintf(&b, " %q", f.val)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
