//go:build amd64 && !purego

package simdscan

import (
	"unicode/utf8"

	"github.com/klauspost/cpuid/v2"
)

var avx2Impl = impl{
	name:           "avx2",
	structure:      structureKernel(structureAVX2),
	digitOrBlazing: digitOrBlazingKernel(digitOrBlazingAVX2),
	indexAny:       indexAnyKernel(indexAnyAVX2),
	unescape:       unescapeGeneric, // AVX2 has no byte compress
	validUTF8:      validUTF8Kernel(validUTF8AVX2),
}

var avx512Impl = impl{
	name:           "avx512",
	structure:      structureKernel(structureAVX512),
	digitOrBlazing: digitOrBlazingKernel(digitOrBlazingAVX512),
	indexAny:       indexAnyKernel(indexAnyAVX512),
	unescape:       unescapeGeneric, // replaced by the VBMI2 kernel where the CPU has it
	validUTF8:      validUTF8Kernel(validUTF8AVX512),
}

// validUTF8Kernel adapts a ValidUTF8 kernel, which takes whole 64-byte blocks and then a zero-padded last
// block, to any b; below 64 bytes the standard library's check, whose ASCII loop is as fast there, saves the
// copy.
func validUTF8Kernel(k func(b []byte, tail *[64]byte) bool) func([]byte) bool {
	return func(b []byte) bool {
		if len(b) < 64 {
			return utf8.Valid(b)
		}
		var tail [64]byte
		full := len(b) &^ 63
		copy(tail[:], b[full:])
		return k(b[:full], &tail)
	}
}

// unescapeKernel adapts the VBMI2 kernel, which compacts whole blocks, to any b: the blocks first, then the
// tail through the portable code, continuing with the parity and the write position.
func unescapeKernel(b []byte) int {
	if len(b) < 64 {
		return unescapeGeneric(b)
	}
	full := len(b) &^ 63
	w, carry := unescapeVBMI2(b[:full], 0)
	n, _ := unescapeFrom(b, full, w, carry != 0)
	return n
}

// avx2ShiftImpl is the AVX2 implementation for CPUs without PCLMULQDQ.
var avx2ShiftImpl = impl{
	name:           "avx2",
	variant:        "noclmul",
	structure:      structureKernel(structureAVX2Shift),
	digitOrBlazing: avx2Impl.digitOrBlazing,
	indexAny:       avx2Impl.indexAny,
	unescape:       unescapeGeneric,
	validUTF8:      avx2Impl.validUTF8,
}

// registerPlatform registers the assembly implementations this CPU can run
// (cpuid checks that the OS saves the vector registers too).
func registerPlatform() {
	if !cpuid.CPU.Supports(cpuid.AVX2, cpuid.POPCNT) {
		return
	}
	clmul := cpuid.CPU.Supports(cpuid.CLMUL)
	if clmul {
		impls = append(impls, &avx2Impl)
		variants = append(variants, &avx2ShiftImpl)
	} else {
		impls = append(impls, &avx2ShiftImpl)
	}
	if clmul && cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512BW) {
		if cpuid.CPU.Supports(cpuid.AVX512VBMI2) {
			avx512Impl.unescape = unescapeKernel
		}
		impls = append(impls, &avx512Impl)
	}
}

// structureKernel adapts an assembly Structure kernel to impl.structure.
func structureKernel(k func(buf []byte, out *uint64, carry uint64, sum *uint64) (int, uint64)) func([]byte, []Block, uint64, []uint64) (int, uint64) {
	return func(buf []byte, out []Block, carry uint64, sum []uint64) (int, uint64) {
		nb := len(buf) / 64
		if nb == 0 {
			return 0, carry
		}
		_ = out[nb-1]         // the kernel writes nb blocks
		_ = sum[(nb+63)/64-1] // and their summary words
		return k(buf, &out[0].Quote, carry, &sum[0])
	}
}

// digitOrBlazingKernel adapts an assembly DigitOrBlazing kernel, which
// looks at whole 64-byte blocks and needs the 6 bytes after each, to the
// whole of b: what is left over goes through the kernel again, zero-padded.
func digitOrBlazingKernel(k func(b []byte) (hit, nonASCII bool)) func([]byte) (bool, bool) {
	return func(b []byte) (hit, nonASCII bool) {
		nb := 0
		if len(b) >= 70 {
			nb = (len(b) - 6) / 64
			if hit, nonASCII = k(b[:64*nb+6]); hit {
				return true, nonASCII
			}
		}
		rest := b[64*nb:] // fewer than 70 bytes
		if len(rest) == 0 {
			return false, nonASCII
		}
		// Zero bytes are neither digits nor letters, and ASCII.
		var pad [2*64 + 6]byte
		copy(pad[:], rest)
		h, n := k(pad[:64*((len(rest)+63)/64)+6])
		return h, nonASCII || n
	}
}

// indexAnyKernel adapts an assembly IndexAny kernel, which needs at least 64
// bytes, to any b: a shorter b is searched zero-padded and a member found in
// the padding does not count.
func indexAnyKernel(k func(b []byte, nib *[32]byte) int) func([]byte, *ByteSet) int {
	return func(b []byte, s *ByteSet) int {
		if len(b) >= 64 {
			return k(b, &s.nib)
		}
		if len(b) == 0 {
			return -1
		}
		var pad [64]byte
		copy(pad[:], b)
		if i := k(pad[:], &s.nib); i < len(b) {
			return i
		}
		return -1
	}
}
