package simdscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// The portable implementation works on 8-byte little-endian words (SWAR),
// except IndexAny, which uses a lookup table. It is always compiled: it is the reference the tests compare the assembly
// against, and the path on CPUs without AVX2.

var genericImpl = impl{
	name:           "generic",
	structure:      structureGeneric,
	digitOrBlazing: digitOrBlazingGeneric,
	indexAny:       indexAnyGeneric,
	unescape:       unescapeGeneric,
	validUTF8:      utf8.Valid, // the standard library's: 8 ASCII bytes at a time, then rune by rune
}

// unescapeGeneric drops every quote that follows an odd number of quotes. It jumps from quote to quote with
// the runtime's vectorised IndexByte, keeps the first of a pair, and moves the text up to the next quote
// left over the second.
func unescapeGeneric(b []byte) int {
	n, _ := unescapeFrom(b, 0, 0, false)
	return n
}

// unescapeFrom continues unescaping b[r:] into b[w:], odd telling whether an odd number of quotes came before
// b[r]; it returns the new length and the parity after b.
func unescapeFrom(b []byte, r, w int, odd bool) (int, bool) {
	for r < len(b) {
		i := bytes.IndexByte(b[r:], '"')
		if i < 0 {
			return w + copy(b[w:], b[r:]), odd
		}
		if odd {
			w += copy(b[w:], b[r:r+i]) // the quote follows an odd number: drop it
		} else {
			w += copy(b[w:], b[r:r+i+1])
		}
		r += i + 1
		odd = !odd
	}
	return w, odd
}

const (
	lsbs  = 0x0101010101010101 // 0x01 in every byte
	low7s = 0x7f7f7f7f7f7f7f7f // 0x7f in every byte
	highs = 0x8080808080808080 // 0x80 in every byte
	folds = 0x2020202020202020 // the ASCII case bit in every byte
)

func load64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// eqBytes returns the high bit of each byte of w that equals the
// corresponding byte of pat, and no other bits. Unlike the usual
// (t-0x01..)&^t test it is exact in every byte, not only the lowest match.
func eqBytes(w, pat uint64) uint64 {
	t := w ^ pat
	return ^((t&low7s + low7s) | t | low7s)
}

// movemask packs the high bits of the eight bytes of m, which has no other
// bits, into the low eight bits of the result: bit k for byte k.
func movemask(m uint64) uint64 {
	return ((m >> 7) * 0x0102040810204080) >> 56
}

// prefixXor returns the inclusive prefix XOR of x: bit i is the parity of the
// bits 0..i of x.
func prefixXor(x uint64) uint64 {
	x ^= x << 1
	x ^= x << 2
	x ^= x << 4
	x ^= x << 8
	x ^= x << 16
	x ^= x << 32
	return x
}

// structureGeneric computes the Blocks of the whole 64-byte blocks of buf, and their summary bits.
func structureGeneric(buf []byte, out []Block, carry uint64, sum []uint64) (int, uint64) {
	const (
		quotes   = '"' * lsbs
		commas   = ',' * lsbs
		newlines = '\n' * lsbs
	)
	n := 0
	nb := len(buf) / 64
	out = out[:nb]
	clear(sum[:(nb+63)/64])
	for i := range out {
		p := (*[64]byte)(buf[64*i:])
		var q, c, nl uint64
		for k := 0; k < 64; k += 8 {
			w := load64(p[k : k+8])
			q |= movemask(eqBytes(w, quotes)) << k
			c |= movemask(eqBytes(w, commas)) << k
			nl |= movemask(eqBytes(w, newlines)) << k
		}
		in := prefixXor(q) ^ carry
		carry = uint64(int64(in) >> 63)
		n += bits.OnesCount64(nl)
		out[i] = Block{Quote: q, Inside: in, Comma: c &^ in, Newline: nl &^ in}
		if q|(c|nl)&^in != 0 {
			sum[i/64] |= 1 << (i % 64)
		}
	}
	return n, carry
}

// hasDigit returns a non-zero value exactly when a byte of w is an ASCII
// digit ('0' < c+1 and c < '9'+1, the "has between" test, which is exact in
// every byte for bounds up to 128).
func hasDigit(w uint64) uint64 {
	const (
		lo = '0' - 1
		hi = '9' + 1
	)
	y := w & low7s
	return ((lsbs*(127+hi) - y) & ^w & (y + lsbs*(127-lo))) & highs
}

// eqFold is eqBytes for an ASCII lower-case letter in either case: setting
// the case bit maps exactly the two cases of a letter onto the lower case.
func eqFold(w uint64, letter byte) uint64 {
	return eqBytes(w|folds, uint64(letter)*lsbs)
}

const blazing = "blazing"

// digitOrBlazingGeneric looks at the 8 bytes at each multiple of 8 for a
// digit and for a 'b' or 'B', and only where there is a 'b' checks the
// following letters, each with one more word loaded one byte further on.
func digitOrBlazingGeneric(b []byte) (hit, nonASCII bool) {
	var acc uint64 // OR of every word, for the non-ASCII answer
	i := 0
	// The loads at i+1 .. i+6 need len(blazing)-1+8 bytes from i.
	for ; i+len(blazing)+7 <= len(b); i += 8 {
		w := load64(b[i:])
		acc |= w
		if hasDigit(w) != 0 {
			return true, acc&highs != 0
		}
		if m := eqFold(w, 'b'); m != 0 && blazingFrom(b[i:], m) {
			return true, acc&highs != 0
		}
	}
	// The rest, fewer than 14 bytes, goes through the same loop zero-padded:
	// a zero byte is no digit, no letter and ASCII.
	var pad [32]byte
	copy(pad[:], b[i:])
	for j := 0; j+len(blazing)+7 <= len(pad); j += 8 {
		w := load64(pad[j:])
		acc |= w
		if hasDigit(w) != 0 {
			return true, acc&highs != 0
		}
		if m := eqFold(w, 'b'); m != 0 && blazingFrom(pad[j:], m) {
			return true, acc&highs != 0
		}
	}
	return false, acc&highs != 0
}

// blazingFrom reports whether "blazing" starts at one of the bytes of p[0:8]
// whose high bit is set in m; p holds at least 14 bytes. It checks all six
// letters without branching: on text full of "bla" and "blazin" that stop
// short, early exits mispredict and measured slower (1.3 against 1.5 GB/s),
// and on prose the call is rare.
func blazingFrom(p []byte, m uint64) bool {
	_ = p[13]
	m &= eqFold(load64(p[1:]), 'l')
	m &= eqFold(load64(p[2:]), 'a')
	m &= eqFold(load64(p[3:]), 'z')
	m &= eqFold(load64(p[4:]), 'i')
	m &= eqFold(load64(p[5:]), 'n')
	m &= eqFold(load64(p[6:]), 'g')
	return m != 0
}

// indexAnyGeneric looks each byte up in the membership table, eight bytes
// per test. Word-at-a-time compares (one per member) measured slower than
// this even for three members, so the portable IndexAny does not use SWAR.
func indexAnyGeneric(b []byte, s *ByteSet) int {
	member := &s.member
	i := 0
	for ; i+8 <= len(b); i += 8 {
		p := (*[8]byte)(b[i:])
		if member[p[0]] || member[p[1]] || member[p[2]] || member[p[3]] ||
			member[p[4]] || member[p[5]] || member[p[6]] || member[p[7]] {
			break
		}
	}
	for ; i < len(b); i++ {
		if member[b[i]] {
			return i
		}
	}
	return -1
}
