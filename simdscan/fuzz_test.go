package simdscan

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// FuzzStructure compares every implementation with the oracle on the whole
// input, and on the input split in two with the state carried over.
func FuzzStructure(f *testing.F) {
	f.Add([]byte(`a,"b,c"`+"\n"), false, uint16(3))
	f.Add([]byte(strings.Repeat(`"x,""y"`+"\n,", 20)), true, uint16(64))
	f.Add([]byte(strings.Repeat(`"`, 129)), false, uint16(63))
	f.Add([]byte(strings.Repeat(",\n", 70)), true, uint16(65))
	f.Add([]byte("id,readme\n1,\"# Title\r\nSome \"\"quoted\"\", text\n\"\n2,\n3,\"\"\n"), false, uint16(17))
	f.Fuzz(func(t *testing.T, data []byte, inside bool, split uint16) {
		wantBlocks, wantN, wantIn := structureOracle(data, inside)
		s := int(split) % (len(data) + 1)
		for _, im := range allImpls() {
			out := make([]Block, len(wantBlocks))
			n, in := runStructure(im, data, inside, out)
			if err := diffStructure(out, n, in, wantBlocks, wantN, wantIn); err != "" {
				t.Fatalf("%s vs oracle on %q inside=%v: %s", implName(im), data, inside, err)
			}
			a := make([]Block, Blocks(s))
			b := make([]Block, Blocks(len(data)-s))
			n1, in1 := runStructure(im, data[:s], inside, a)
			n2, in2 := runStructure(im, data[s:], in1, b)
			if n1+n2 != wantN || in2 != wantIn {
				t.Fatalf("%s split at %d of %q: newlines %d+%d state %v, want %d %v", implName(im), s, data, n1, n2, in2, wantN, wantIn)
			}
			for i := range data {
				var got int
				if i < s {
					got = byteClass(a, i)
				} else {
					got = byteClass(b, i-s)
				}
				if want := byteClass(wantBlocks, i); got != want {
					t.Fatalf("%s split at %d of %q: byte %d class %04b, want %04b", implName(im), s, data, i, got, want)
				}
			}
		}
	})
}

// defaultPattern is the default pattern restricted to what DigitOrBlazing
// decides: Go's regexp folds case the same simple way for these letters.
var defaultPattern = regexp.MustCompile(`(?i)blazing|[0-9]`)

// FuzzDigitOrBlazing compares every implementation with the oracle and the
// oracle with Go's regexp.
func FuzzDigitOrBlazing(f *testing.F) {
	f.Add([]byte("no numbers here, just prose"))
	f.Add([]byte(strings.Repeat("b", 63) + "lazing"))
	f.Add([]byte(strings.Repeat("x", 60) + "BlAzInG"))
	f.Add([]byte(strings.Repeat("bLaZiN", 30)))
	f.Add([]byte("\xc3\xa9t\xc3\xa9 \xe2\x80\x94 blazin\xc3\xa7"))
	f.Add([]byte(strings.Repeat("\xff", 70) + "9"))
	f.Add([]byte("\u212aelvin \u0130stanbul"))
	f.Fuzz(func(t *testing.T, data []byte) {
		hit, non := digitOrBlazingOracle(data)
		if re := defaultPattern.Match(data); re != hit {
			t.Fatalf("oracle says %v, regexp %v, on %q", hit, re, data)
		}
		if wantNon := bytes.ContainsFunc(data, func(r rune) bool { return r >= 0x80 }); wantNon != non {
			// ContainsFunc decodes UTF-8; any byte >= 0x80 gives a rune >= 0x80
			// or utf8.RuneError, both >= 0x80.
			t.Fatalf("oracle nonASCII %v on %q", non, data)
		}
		for _, im := range allImpls() {
			h, n := im.digitOrBlazing(data)
			if h != hit || (!hit && n != non) {
				t.Fatalf("%s on %q: (%v, %v), want (%v, %v)", implName(im), data, h, n, hit, non)
			}
		}
	})
}

// FuzzIndexAny compares every implementation with the oracle and with
// bytes.IndexAny over the set's bytes.
func FuzzIndexAny(f *testing.F) {
	f.Add([]byte("hello, world"), []byte(","))
	f.Add([]byte(strings.Repeat("a", 100)+"B"), []byte("bB"))
	f.Add([]byte(strings.Repeat("\x00", 70)+"\x80"), []byte{0x80, 0x90, 0xa0, 0xff, 0x01})
	f.Add([]byte("abcdefghijklmnopqrstuvwxyz0123456789"), []byte("9876543210zyx"))
	f.Fuzz(func(t *testing.T, data, set []byte) {
		want := indexAnyOracle(data, set)
		s := NewByteSet(set)
		for _, im := range allImpls() {
			if got := runIndexAny(im, data, s); got != want {
				t.Fatalf("%s on %q set %q: %d, want %d", implName(im), data, set, got, want)
			}
		}
		if got := IndexAny(data, s); got != want {
			t.Fatalf("IndexAny on %q set %q: %d, want %d", data, set, got, want)
		}
	})
}
