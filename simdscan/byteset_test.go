package simdscan

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// testSets returns sets of one member, a few, high and zero bytes, every
// high nibble, and large sets.
func testSets() [][]byte {
	all := make([]byte, 0, 256)
	for c := range 256 {
		all = append(all, byte(c))
	}
	var nibbles []byte
	for h := range 16 {
		nibbles = append(nibbles, byte(h<<4|(h*7)%16))
	}
	r := rand.New(rand.NewPCG(11, 12))
	half := make([]byte, 0, 128)
	for _, c := range r.Perm(256)[:128] {
		half = append(half, byte(c))
	}
	return [][]byte{
		{'b'},
		{0},
		{0x80},
		{0xff, 0x7f},
		{'b', 'B', '"'},
		{'b', 'B', 'l', 'L'},
		{'b', 'B', 'l', 'L', 0xe2},
		{'b', 'b', 'B'},
		nibbles,
		half,
		all[1:],
		all[:255],
	}
}

// checkIndexAny compares generic with the oracle and every other
// implementation with generic.
func checkIndexAny(t *testing.T, b []byte, set []byte, s *ByteSet, desc func() string) bool {
	t.Helper()
	want := indexAnyOracle(b, set)
	ref := runIndexAny(&genericImpl, b, s)
	if ref != want {
		t.Errorf("generic vs oracle: %s: got %d, want %d", desc(), ref, want)
		return false
	}
	for _, im := range allImpls()[1:] {
		if got := runIndexAny(im, b, s); got != ref {
			t.Errorf("%s vs generic: %s: got %d, want %d", implName(im), desc(), got, ref)
			return false
		}
	}
	return true
}

func TestByteSetContains(t *testing.T) {
	for _, set := range append(testSets(), nil) {
		s := NewByteSet(set)
		for c := range 256 {
			want := false
			for _, m := range set {
				want = want || m == byte(c)
			}
			if s.Contains(byte(c)) != want {
				t.Fatalf("NewByteSet(%q).Contains(%#x) = %v, want %v", set, c, !want, want)
			}
		}
	}
	var nilSet *ByteSet
	if nilSet.Contains(0) || IndexAny([]byte{0}, nilSet) != -1 || IndexAny([]byte{0}, &ByteSet{}) != -1 {
		t.Fatal("nil or zero ByteSet is not empty")
	}
}

// TestIndexAnyEveryLengthAlignment plants a member at every position of
// every length 0..130 at every alignment 0..63, with members just outside
// the slice on both sides, for sets of each kind.
func TestIndexAnyEveryLengthAlignment(t *testing.T) {
	const maxLen, pad = 130, 80
	big := aligned(pad + 64 + maxLen + pad)
	r := rand.New(rand.NewPCG(13, 14))
	sets := testSets()
	// One set of each way the kernels search; TestIndexAnyLong has them all.
	for _, set := range [][]byte{sets[0], sets[3], sets[6], sets[8], sets[9], sets[10]} {
		s := NewByteSet(set)
		var outside []byte // bytes not in the set
		for c := range 256 {
			if !s.Contains(byte(c)) {
				outside = append(outside, byte(c))
			}
		}
		for length := 0; length <= maxLen; length++ {
			for align := 0; align < 64; align++ {
				start := pad + align
				for i := range big {
					big[i] = set[i%len(set)]
				}
				sl := big[start : start+length]
				for i := range sl {
					sl[i] = outside[r.IntN(len(outside))]
				}
				if !checkIndexAny(t, sl, set, s, func() string { return fmt.Sprintf("set %q len %d align %d none", set, length, align) }) {
					return
				}
				for p := range length {
					old := sl[p]
					sl[p] = set[r.IntN(len(set))]
					q := p + r.IntN(length-p)
					oldQ := sl[q]
					sl[q] = set[r.IntN(len(set))]
					if !checkIndexAny(t, sl, set, s, func() string { return fmt.Sprintf("set %q len %d align %d at %d and %d", set, length, align, p, q) }) {
						return
					}
					sl[q] = oldQ
					sl[p] = old
				}
			}
			if testing.Short() && length > 20 {
				length += 7
			}
		}
	}
}

func TestIndexAnyLong(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, set := range testSets() {
		s := NewByteSet(set)
		for _, n := range []int{1000, 4096 + 31} {
			b := make([]byte, n)
			for i := range b {
				for {
					b[i] = byte(r.IntN(256))
					if !s.Contains(b[i]) {
						break
					}
				}
			}
			if !checkIndexAny(t, b, set, s, func() string { return fmt.Sprintf("set %q, %d bytes, none", set, n) }) {
				return
			}
			for range 10 {
				p := r.IntN(n)
				old := b[p]
				b[p] = set[r.IntN(len(set))]
				if !checkIndexAny(t, b, set, s, func() string { return fmt.Sprintf("set %q, %d bytes, at %d", set, n, p) }) {
					return
				}
				b[p] = old
			}
		}
	}
}
