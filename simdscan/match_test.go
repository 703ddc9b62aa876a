package simdscan

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkDigitOrBlazing compares generic with the oracle and every other
// implementation with generic. nonASCII is compared only when there is no
// hit, where it is specified.
func checkDigitOrBlazing(t *testing.T, b []byte, desc func() string) bool {
	t.Helper()
	wantHit, wantNon := digitOrBlazingOracle(b)
	refHit, refNon := digitOrBlazingGeneric(b)
	if refHit != wantHit || (!wantHit && refNon != wantNon) {
		t.Errorf("generic vs oracle: %s: got (%v, %v), want (%v, %v)", desc(), refHit, refNon, wantHit, wantNon)
		return false
	}
	for _, im := range allImpls()[1:] {
		hit, non := im.digitOrBlazing(b)
		if hit != refHit || (!refHit && non != refNon) {
			t.Errorf("%s vs generic: %s: got (%v, %v), want (%v, %v)", implName(im), desc(), hit, non, refHit, refNon)
			return false
		}
	}
	return true
}

// randomCase returns "blazing", or the prefix of it of length n, with each
// letter in a random case.
func randomCase(r *rand.Rand, n int) []byte {
	w := []byte(blazing[:n])
	for i := range w {
		if r.IntN(2) == 0 {
			w[i] -= 'a' - 'A'
		}
	}
	return w
}

// TestDigitOrBlazingEveryLengthAlignment covers every length 0..130 at every
// alignment 0..63 with, planted at every position: a digit; the bytes next to
// the digits; "blazing" in a random case, also straddling either end of the
// slice; a prefix of it that does not complete, or one with a letter off by
// a bit; and a non-ASCII byte. Around the slice are digits, non-ASCII bytes
// and the rest of "blazing".
func TestDigitOrBlazingEveryLengthAlignment(t *testing.T) {
	const maxLen, pad = 130, 80
	big := aligned(pad + 64 + maxLen + pad)
	r := rand.New(rand.NewPCG(7, 8))
	const background = "x xlaz ing BLA ZIN g"
	for length := 0; length <= maxLen; length++ {
		for align := 0; align < 64; align++ {
			start := pad + align
			s := big[start : start+length]
			reset := func() {
				for i := range big {
					big[i] = "7\xffblazing"[i%9]
				}
				for i := range s {
					s[i] = background[(i+align)%len(background)]
				}
			}
			reset()
			if !checkDigitOrBlazing(t, s, func() string { return fmt.Sprintf("len %d align %d %q", length, align, s) }) {
				return
			}
			for p := 0; p < length; p++ {
				for _, c := range []byte{'0' + byte(p%10), "/:"[p%2], 0x80 | byte(p*5)} {
					old := s[p]
					s[p] = c
					if !checkDigitOrBlazing(t, s, func() string { return fmt.Sprintf("len %d align %d %#x at %d: %q", length, align, c, p, s) }) {
						return
					}
					s[p] = old
				}
			}
			// Whole words from 6 bytes before the slice to its last byte:
			// only those that fit inside may hit.
			for p := -6; p < length; p++ {
				reset()
				copy(big[start+p:], randomCase(r, 7))
				if !checkDigitOrBlazing(t, s, func() string { return fmt.Sprintf("len %d align %d blazing at %d: %q", length, align, p, s) }) {
					return
				}
			}
			// Prefixes that never complete, and whole words with one letter
			// changed in a bit that the case-insensitive compare must not
			// ignore.
			for p := 0; p < length; p++ {
				reset()
				n := 1 + (p+align)%6
				w := append(randomCase(r, n), 'x')
				copy(s[p:], w)
				if !checkDigitOrBlazing(t, s, func() string { return fmt.Sprintf("len %d align %d prefix %q at %d: %q", length, align, w, p, s) }) {
					return
				}
				reset()
				w = randomCase(r, 7)
				w[(p+align)%7] ^= []byte{0x80, 0x01, 0x40, 0x10}[p%4]
				copy(s[p:], w)
				if !checkDigitOrBlazing(t, s, func() string { return fmt.Sprintf("len %d align %d near miss %q at %d: %q", length, align, w, p, s) }) {
					return
				}
			}
		}
		if testing.Short() && length > 20 {
			length += 7
		}
	}
}

// TestDigitOrBlazingLong checks longer inputs where a hit comes late, after
// blocks full of 'b's and near misses, and inputs with no hit at all.
func TestDigitOrBlazingLong(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	fills := []string{"bBbB", "blazin ", "BLAZINbLaZiN", "prose without numbers, ", "\xc3\xa9t\xc3\xa9 "}
	for _, fill := range fills {
		for _, n := range []int{64, 69, 70, 71, 127, 128, 129, 134, 135, 1000, 4096 + 13} {
			b := make([]byte, n)
			for i := range b {
				b[i] = fill[i%len(fill)]
			}
			if !checkDigitOrBlazing(t, b, func() string { return fmt.Sprintf("%d bytes of %q", n, fill) }) {
				return
			}
			for range 20 {
				p := r.IntN(n)
				c := b[p]
				b[p] = '5'
				if !checkDigitOrBlazing(t, b, func() string { return fmt.Sprintf("%d bytes of %q, digit at %d", n, fill, p) }) {
					return
				}
				b[p] = c
				q := r.IntN(n)
				old := append([]byte(nil), b[q:]...)
				copy(b[q:], randomCase(r, 7))
				if !checkDigitOrBlazing(t, b, func() string { return fmt.Sprintf("%d bytes of %q, blazing at %d", n, fill, q) }) {
					return
				}
				copy(b[q:], old)
			}
		}
	}
}
