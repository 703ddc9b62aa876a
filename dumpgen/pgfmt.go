package dumpgen

import (
	"strconv"
	"strings"
	"time"
)

// This file writes values the way PostgreSQL's COPY ... CSV HEADER prints
// them: a field is quoted only when it has to be (delimiter, quote, CR, LF,
// the value equal to the NULL string, i.e. empty, or exactly `\.`), quotes
// are doubled inside quotes, NULL is an unquoted empty field.

// needsQuote reports whether PostgreSQL would quote s in CSV output.
func needsQuote(s string) bool {
	if s == "" || s == `\.` {
		return true
	}
	return strings.ContainsAny(s, ",\"\r\n")
}

// appendText appends the non-NULL text value s as a CSV field.
func appendText(dst []byte, s string) []byte {
	if !needsQuote(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}

// appendQuotedBytes appends b as a quoted CSV field (the caller knows quoting
// is needed, as for any multi-line README).
func appendQuotedBytes(dst, b []byte) []byte {
	dst = append(dst, '"')
	for {
		i := indexByte(b, '"')
		if i < 0 {
			break
		}
		dst = append(dst, b[:i+1]...)
		dst = append(dst, '"')
		b = b[i+1:]
	}
	dst = append(dst, b...)
	return append(dst, '"')
}

// appendTextBytes appends the non-NULL text value b as a CSV field.
func appendTextBytes(dst, b []byte) []byte {
	if len(b) > 0 && !(len(b) == 2 && b[0] == '\\' && b[1] == '.') {
		quote := false
		for _, c := range b {
			if c == ',' || c == '"' || c == '\r' || c == '\n' {
				quote = true
				break
			}
		}
		if !quote {
			return append(dst, b...)
		}
	}
	return appendQuotedBytes(dst, b)
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// appendInt appends a decimal integer field.
func appendInt(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }

// appendBool appends t or f.
func appendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, 't')
	}
	return append(dst, 'f')
}

// ts is a timestamp with microsecond precision, as PostgreSQL stores them.
type ts struct {
	sec   int64 // Unix seconds, UTC
	micro int32 // 0..999999
}

// appendTimestamp appends t in ISO DateStyle: `2017-01-17 19:13:05.112025`,
// the fraction without trailing zeros and absent when zero, followed by
// `+00` when tz is set (timestamptz columns since the 2025-02 migration).
func appendTimestamp(dst []byte, t ts, tz bool) []byte {
	tt := time.Unix(t.sec, 0).UTC()
	y, mo, d := tt.Date()
	h, mi, s := tt.Clock()
	dst = append4(dst, y)
	dst = append(dst, '-')
	dst = append2(dst, int(mo))
	dst = append(dst, '-')
	dst = append2(dst, d)
	dst = append(dst, ' ')
	dst = append2(dst, h)
	dst = append(dst, ':')
	dst = append2(dst, mi)
	dst = append(dst, ':')
	dst = append2(dst, s)
	if t.micro != 0 {
		var f [7]byte
		f[0] = '.'
		m := int(t.micro)
		for i := 6; i >= 1; i-- {
			f[i] = byte('0' + m%10)
			m /= 10
		}
		n := 7
		for f[n-1] == '0' {
			n--
		}
		dst = append(dst, f[:n]...)
	}
	if tz {
		dst = append(dst, "+00"...)
	}
	return dst
}

// appendDate appends the date part of t as YYYY-MM-DD.
func appendDate(dst []byte, sec int64) []byte {
	y, mo, d := time.Unix(sec, 0).UTC().Date()
	dst = append4(dst, y)
	dst = append(dst, '-')
	dst = append2(dst, int(mo))
	dst = append(dst, '-')
	return append2(dst, d)
}

func append2(dst []byte, v int) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }

func append4(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// pgArray renders a text[] value as PostgreSQL prints it: {a,b}, elements
// double-quoted (with backslash escapes) when empty, equal to NULL, or
// containing braces, commas, quotes, backslashes or white space.
func pgArray(elems []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		if e == "" || strings.EqualFold(e, "NULL") || strings.ContainsAny(e, "{},\"\\ \t\n\r") {
			b.WriteByte('"')
			for j := 0; j < len(e); j++ {
				if e[j] == '"' || e[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(e[j])
			}
			b.WriteByte('"')
			continue
		}
		b.WriteString(e)
	}
	b.WriteByte('}')
	return b.String()
}

// appendHexBytea appends a bytea value in PostgreSQL's hex output format
// (`\x` followed by two lower-case hex digits per byte), drawing n random bytes.
func appendHexBytea(dst []byte, r *rng, n int) []byte {
	dst = append(dst, '\\', 'x')
	return appendHex(dst, r, n)
}

// appendHex appends 2n random lower-case hex digits.
func appendHex(dst []byte, r *rng, n int) []byte {
	const hexdig = "0123456789abcdef"
	for n > 0 {
		v := r.next()
		for i := 0; i < 8 && n > 0; i++ {
			dst = append(dst, hexdig[v>>4&15], hexdig[v&15])
			v >>= 8
			n--
		}
	}
	return dst
}
