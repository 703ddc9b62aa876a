package simdscan

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// utf8Oracle is the reference: the standard library's validation.
func utf8Oracle(b []byte) bool { return utf8.Valid(b) }

func checkValidUTF8(t *testing.T, b []byte, what string) {
	t.Helper()
	want := utf8Oracle(b)
	for _, im := range allImpls() {
		if got := im.validUTF8(b); got != want {
			t.Fatalf("%s: %s: ValidUTF8(%q) = %v, want %v", implName(im), what, b, got, want)
		}
	}
}

// utf8Pieces are byte sequences, valid and invalid, that exercise every error class: overlong forms of each
// length, surrogates, values above U+10FFFF, stray and missing continuations, bytes that never occur.
var utf8Pieces = []string{
	"a", "\n", "\x00", "\x7f", "é", "€", "𝟙", "٣", "３", "\u07ff", "\u0800", "\uffff", "\U00010000", "\U0010ffff",
	"\xed\x9f\xbf", "\xee\x80\x80", // U+D7FF, U+E000: around the surrogates
	"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", // overlong
	"\xed\xa0\x80", "\xed\xbf\xbf", // surrogates
	"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80", "\xff", "\xfe", // too large
	"\x80", "\xbf", "\xc2", "\xe2\x82", "\xf0\x9f\x98", "\xc2\xc2\x80", "\xe2\x82\xac\xac", // cut short, stray
	"\xef\xbf\xbd", // U+FFFD itself is valid
}

// TestValidUTF8AllLengths: every length 0..200 at several alignments, valid text with one piece planted at
// every position, so every piece meets every block boundary and the end of the input.
func TestValidUTF8AllLengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	valid := []string{"a", "b", " ", "é", "€", "𝟙", "\n", "z"}
	for n := 0; n <= 200; n++ {
		var base []byte
		for len(base) < n {
			base = append(base, valid[rng.IntN(len(valid))]...)
		}
		for len(base) > n { // cut back to n bytes at a rune boundary, padding with ASCII
			_, size := utf8.DecodeLastRune(base)
			base = base[:len(base)-size]
		}
		for len(base) < n {
			base = append(base, 'x')
		}
		for align := 0; align < 64; align += 13 {
			buf := make([]byte, align+n)[align:]
			copy(buf, base)
			checkValidUTF8(t, buf, "valid text")
		}
		for _, piece := range utf8Pieces {
			for p := 0; p+len(piece) <= n; p++ {
				b := bytes.Clone(base)
				copy(b[p:], piece)
				checkValidUTF8(t, b, "piece "+piece)
			}
		}
	}
}

// TestValidUTF8Random: long random mixes of the pieces and random bytes.
func TestValidUTF8Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for i := 0; i < 3000; i++ {
		var b []byte
		n := rng.IntN(600)
		for len(b) < n {
			switch rng.IntN(10) {
			case 0:
				b = append(b, utf8Pieces[rng.IntN(len(utf8Pieces))]...)
			case 1:
				b = append(b, byte(rng.IntN(256)))
			default:
				b = append(b, "abc é€𝟙 de"[rng.IntN(13)])
			}
		}
		checkValidUTF8(t, b, "random")
	}
}

func FuzzValidUTF8(f *testing.F) {
	for _, p := range utf8Pieces {
		f.Add([]byte(p))
		f.Add(append(bytes.Repeat([]byte("x"), 63), p...))
		f.Add(append(bytes.Repeat([]byte("é"), 40), p...))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkValidUTF8(t, b, "fuzz")
		if len(b) > 1 {
			checkValidUTF8(t, b[1:], "fuzz, from byte 1")
		}
	})
}
