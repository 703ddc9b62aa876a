// Package simdscan holds the byte kernels of blaze: the structural masks of
// CSV text (quotes, the inside-quotes state, field and record separators), the
// matcher for the default pattern (an ASCII digit or "blazing" in any case),
// and a byte-set search used as a literal prefilter.
//
// Each kernel has three implementations: AVX-512BW, AVX2 and portable Go
// (SWAR on 8-byte words). The best one this CPU supports is chosen when the
// package is initialised; the environment variable BLAZE_CPU=generic, avx2 or
// avx512 forces a choice, and Path reports the one in use. A forced choice the
// CPU cannot run falls back to the best available one. The portable code is
// always compiled, and building with -tags purego leaves out all assembly.
//
// All functions are safe for concurrent use; none keeps a reference to its
// arguments after it returns.
package simdscan

import (
	"fmt"
	"os"
)

// Block holds the structural masks of one 64-byte block of CSV text; bit i
// describes byte i of the block.
type Block struct {
	// Quote has the bits of the bytes equal to '"'.
	Quote uint64
	// Inside is the inside-quotes state after each byte: the inclusive prefix
	// XOR of Quote, XORed with the state carried in from before the block. An
	// opening quote has its bit set, a closing quote has it clear, and the
	// bytes between them are set.
	Inside uint64
	// Comma has the bits of the ',' bytes whose Inside bit is clear.
	Comma uint64
	// Newline has the bits of the '\n' bytes whose Inside bit is clear.
	Newline uint64
}

// Blocks returns the number of Blocks that Structure writes for n bytes of
// input: n/64 rounded up.
func Blocks(n int) int { return (n + 63) / 64 }

// Structure computes the masks of the Blocks(len(buf)) blocks of buf into out,
// which must be at least that long: a shorter out is a programming error and
// Structure panics. A final partial block is treated as padded with bytes that
// are none of '"', ',' and '\n', so its Inside bits past the end of buf hold
// the state after the last byte. inside is the quote state before buf[0].
// Structure returns the number of '\n' bytes in buf, inside quotes or not, and
// the quote state after the last byte, which is the inside argument for the
// text that follows buf. Blocks of out past the ones it computes are left
// untouched.
func Structure(buf []byte, inside bool, out []Block) (newlines int, insideAfter bool) {
	return structureWith(active.structure, buf, inside, out)
}

// DigitOrBlazing reports whether b contains an ASCII digit '0'-'9' or the
// seven bytes "blazing" in any ASCII letter case ("BlAzInG"). This is exactly
// where the Rust regex (?i)(blazing|\d) matches ASCII text, since no non-ASCII
// character simple-case-folds to those letters. nonASCII reports whether b
// holds a byte >= 0x80; it is exact when hit is false and unspecified when hit
// is true (the kernel may stop at the first hit).
func DigitOrBlazing(b []byte) (hit, nonASCII bool) {
	return active.digitOrBlazing(b)
}

// IndexAny returns the index of the first byte of b that is in s, or -1 if
// there is none. A nil s is the empty set.
func IndexAny(b []byte, s *ByteSet) int {
	if s == nil || s.n == 0 {
		return -1
	}
	return active.indexAny(b, s)
}

// Path returns the name of the implementation in use: "avx512", "avx2" or
// "generic". It reflects BLAZE_CPU when the CPU can run the forced choice,
// and the best available implementation otherwise.
func Path() string { return active.name }

// impl is one implementation of all kernels.
type impl struct {
	// name is what Path reports and what BLAZE_CPU selects.
	name string
	// structure computes the masks of the len(buf)/64 whole blocks of buf
	// into out, with carry all ones when the state before buf[0] is inside
	// quotes and zero otherwise. It returns the number of '\n' bytes in those
	// blocks and the carry after them.
	structure func(buf []byte, out []Block, carry uint64) (newlines int, carryOut uint64)
	// digitOrBlazing and indexAny implement DigitOrBlazing and IndexAny; the
	// ByteSet passed to indexAny is not empty.
	digitOrBlazing func(b []byte) (hit, nonASCII bool)
	indexAny       func(b []byte, s *ByteSet) int
}

// impls lists the implementations this CPU can run, worst first: generic, then
// whatever the platform file registers in init.
var impls = []*impl{&genericImpl}

// variants lists extra implementations that dispatch never chooses on this
// CPU but the tests compare too (such as an AVX2 kernel that avoids CLMUL).
var variants []*impl

// active is the implementation in use.
var active = &genericImpl

func init() {
	registerPlatform()
	active = choose(os.Getenv("BLAZE_CPU"), impls)
}

// choose returns the implementation named want, or the last (best) one when
// none has that name.
func choose(want string, avail []*impl) *impl {
	for _, im := range avail {
		if im.name == want {
			return im
		}
	}
	return avail[len(avail)-1]
}

// structureWith runs the whole-block kernel k over buf and handles the final
// partial block by copying it into a zero-padded block.
func structureWith(k func([]byte, []Block, uint64) (int, uint64), buf []byte, inside bool, out []Block) (int, bool) {
	nb := Blocks(len(buf))
	if len(out) < nb {
		panic(fmt.Sprintf("simdscan: Structure needs %d blocks for %d bytes, out has %d", nb, len(buf), len(out)))
	}
	var carry uint64
	if inside {
		carry = ^uint64(0)
	}
	full := len(buf) / 64
	newlines := 0
	if full > 0 {
		newlines, carry = k(buf[:full*64], out[:full], carry)
	}
	if rest := buf[full*64:]; len(rest) > 0 {
		var pad [64]byte
		copy(pad[:], rest)
		var n int
		n, carry = k(pad[:], out[full:full+1], carry)
		newlines += n
	}
	return newlines, carry != 0
}
