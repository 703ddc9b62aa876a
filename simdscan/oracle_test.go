package simdscan

import (
	"fmt"
	"testing"
	"unsafe"
)

// This file holds the naive byte-at-a-time oracles the portable code is
// checked against, and helpers shared by the tests.

// structureOracle computes Structure one byte at a time.
func structureOracle(buf []byte, inside bool) (blocks []Block, newlines int, insideAfter bool) {
	blocks = make([]Block, Blocks(len(buf)))
	in := inside
	for i, c := range buf {
		b := &blocks[i/64]
		bit := uint64(1) << (i % 64)
		if c == '"' {
			b.Quote |= bit
			in = !in
		}
		if in {
			b.Inside |= bit
		}
		if c == '\n' {
			newlines++
		}
		if !in && c == ',' {
			b.Comma |= bit
		}
		if !in && c == '\n' {
			b.Newline |= bit
		}
	}
	// Padding bytes of the last block keep the final state.
	if len(buf)%64 != 0 && in {
		blocks[len(blocks)-1].Inside |= ^uint64(0) << (len(buf) % 64)
	}
	return blocks, newlines, in
}

// digitOrBlazingOracle computes DigitOrBlazing one byte at a time, both
// results exact.
func digitOrBlazingOracle(b []byte) (hit, nonASCII bool) {
	for i, c := range b {
		if c >= 0x80 {
			nonASCII = true
		}
		if c >= '0' && c <= '9' {
			hit = true
		}
		if i+7 <= len(b) {
			match := true
			for k := 0; k < 7; k++ {
				lc := b[i+k]
				if lc >= 'A' && lc <= 'Z' {
					lc += 'a' - 'A'
				}
				if lc != "blazing"[k] {
					match = false
					break
				}
			}
			if match {
				hit = true
			}
		}
	}
	return hit, nonASCII
}

// indexAnyOracle is IndexAny with a plain membership table.
func indexAnyOracle(b, set []byte) int {
	var in [256]bool
	for _, c := range set {
		in[c] = true
	}
	for i, c := range b {
		if in[c] {
			return i
		}
	}
	return -1
}

// allImpls returns every implementation this CPU can run, generic first,
// including variants that dispatch never picks.
func allImpls() []*impl {
	return append(append([]*impl(nil), impls...), variants...)
}

// implName names an implementation in test output, telling variants apart.
func implName(im *impl) string {
	if im.variant != "" {
		return im.name + "-" + im.variant
	}
	return im.name
}

// aligned returns a zeroed slice of n bytes whose first byte is at an address
// that is a multiple of 64.
func aligned(n int) []byte {
	b := make([]byte, n+64)
	off := (64 - int(uintptr(unsafe.Pointer(&b[0]))%64)) % 64
	return b[off : off+n : off+n]
}

// runStructure calls the kernel of im through the same wrapper Structure
// uses.
//
// It also asks for the summary, with sentinel bits in the words, and panics if any word differs from the
// summary of the Blocks written (bit i set where Quote|Comma|Newline != 0, zero past the last block): the
// panic fails whichever test called it.
func runStructure(im *impl, buf []byte, inside bool, out []Block) (int, bool) {
	sum := make([]uint64, SummaryWords(len(buf))+1)
	for i := range sum {
		sum[i] = 0x5555555555555555
	}
	n, in := structureWith(im.structure, buf, inside, out, sum[:len(sum)-1])
	want := make([]uint64, len(sum))
	want[len(want)-1] = 0x5555555555555555
	for i := range Blocks(len(buf)) {
		if b := out[i]; b.Quote|b.Comma|b.Newline != 0 {
			want[i/64] |= 1 << (i % 64)
		}
	}
	for i := range sum {
		if sum[i] != want[i] {
			panic(fmt.Sprintf("%s: summary word %d of %d bytes = %#x, want %#x", implName(im), i, len(buf), sum[i], want[i]))
		}
	}
	return n, in
}

// runIndexAny calls im through the same checks IndexAny makes.
func runIndexAny(im *impl, b []byte, s *ByteSet) int {
	if s == nil || s.n == 0 {
		return -1
	}
	return im.indexAny(b, s)
}

func TestAllImplsHasGenericFirst(t *testing.T) {
	all := allImpls()
	if len(all) == 0 || all[0] != &genericImpl {
		t.Fatalf("allImpls() does not start with the generic implementation")
	}
	for _, im := range all {
		if im.structure == nil || im.digitOrBlazing == nil || im.indexAny == nil || im.unescape == nil {
			t.Errorf("implementation %s has a missing kernel", implName(im))
		}
	}
	t.Logf("implementations on this CPU: %d (Path %s)", len(all), Path())
}
