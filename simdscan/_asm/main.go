// Command _asm generates the amd64 assembly of package simdscan with avo.
//
// It is a module of its own so that avo never enters blaze's go.mod. Run it
// through `go generate ./simdscan/` from the repository root, which calls
//
//	go run -C _asm . -out ../simdscan_amd64.s -stubs ../stubs_amd64.go -pkg simdscan
//
// and check that the committed files are current with check-generate.sh.
//
// Every kernel here has a portable twin in simdscan/generic.go with the same
// semantics; the comments on each generator say how the two differ in method.
package main

import (
	"github.com/mmcloughlin/avo/ir"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("amd64,!purego")

	structureAVX512()
	structureAVX2("structureAVX2", true)
	structureAVX2("structureAVX2Shift", false)
	digitOrBlazingAVX512()
	digitOrBlazingAVX2()
	bitsel := bitselTable()
	indexAnyAVX512(bitsel)
	indexAnyAVX2(bitsel)
	unescapeVBMI2()
	ph, pl, ch := utf8Tables()
	validUTF8AVX512(ph, pl, ch)
	validUTF8AVX2(ph, pl, ch)

	Generate()
}

const structureSig = "func(buf []byte, out *uint64, carry uint64, sum *uint64) (newlines int, carryOut uint64)"

// broadcastB puts the byte c in every byte of the 512-bit register z.
func broadcastB(c byte, z VecPhysical) {
	MOVL(U32(c), EAX)
	VPBROADCASTB(EAX, z)
}

// broadcastY puts the byte c in every byte of the 256-bit register y,
// without AVX-512 (VPBROADCASTB from a general register is AVX-512 only).
func broadcastY(c byte, y VecPhysical) {
	MOVL(U32(c), EAX)
	VMOVD(EAX, y.AsX())
	VPBROADCASTB(y.AsX(), y)
}

// structureBlockTail finishes one block whose quote, comma and newline
// masks are in AX, BX and DX: it computes the inside mask (prefix XOR of AX,
// by CLMUL with all ones in X3, or by shifts), XORs in the carry in R8,
// updates the carry, counts the newlines into R10 and stores the Block at
// (DI). Then it sets the block's bit (number R14) in the summary word R13
// when the block has a quote, comma or newline, and stores R13 at sum when
// it is full. R9, R11 and R12 are scratch; X5 too when clmul is set. label
// names the jump past the store.
func structureBlockTail(clmul bool, label string) {
	if clmul {
		VMOVQ(RAX, X5)
		VPCLMULQDQ(U8(0), X3, X5, X5)
		VMOVQ(X5, R9)
	} else {
		MOVQ(RAX, R9)
		for _, s := range []uint64{1, 2, 4, 8, 16, 32} {
			MOVQ(R9, R11)
			SHLQ(U8(s), R11)
			XORQ(R11, R9)
		}
	}
	XORQ(R8, R9) // R9 = Inside
	MOVQ(R9, R8)
	SARQ(U8(63), R8) // carry: all ones when the block ends inside quotes
	POPCNTQ(RDX, R11)
	ADDQ(R11, R10)
	MOVQ(R9, R12)
	NOTQ(R12)
	ANDQ(R12, RBX)
	ANDQ(R12, RDX)
	MOVQ(RAX, Mem{Base: RDI})
	MOVQ(R9, Mem{Base: RDI, Disp: 8})
	MOVQ(RBX, Mem{Base: RDI, Disp: 16})
	MOVQ(RDX, Mem{Base: RDI, Disp: 24})

	MOVQ(RAX, R11)
	ORQ(RBX, R11)
	ORQ(RDX, R11)
	MOVQ(R13, R12)
	BTSQ(R14, R12)
	TESTQ(R11, R11)
	CMOVQNE(R12, R13)
	INCQ(R14)
	TESTQ(U32(63), R14)
	JNZ(LabelRef(label))
	Load(Param("sum"), R12)
	MOVQ(R14, R9)
	SHRQ(U8(6), R9)
	MOVQ(R13, Mem{Base: R12, Index: R9, Scale: 8, Disp: -8})
	XORQ(R13, R13)
	Label(label)
}

// structureProlog loads the arguments: SI the text, CX the number of whole
// blocks, DI the output, R8 the carry; R10 counts newlines.
func structureProlog() {
	Load(Param("buf").Base(), RSI)
	Load(Param("buf").Len(), RCX)
	Load(Param("out"), RDI)
	Load(Param("carry"), R8)
	SHRQ(U8(6), RCX)
	XORQ(R10, R10)
	XORQ(R13, R13) // the summary word being filled
	XORQ(R14, R14) // blocks done
}

// structureEpilog stores the last, partly filled summary word, if any, and
// returns; label names the jump past that store.
func structureEpilog(label string) {
	TESTQ(U32(63), R14)
	JZ(LabelRef(label))
	Load(Param("sum"), R12)
	MOVQ(R14, R9)
	SHRQ(U8(6), R9)
	MOVQ(R13, Mem{Base: R12, Index: R9, Scale: 8})
	Label(label)
	Store(R10, ReturnIndex(0))
	Store(R8, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// structureAVX512 compares 64 bytes at a time with VPCMPEQB into mask
// registers; the prefix XOR is one carry-less multiply by all ones.
func structureAVX512() {
	TEXT("structureAVX512", NOSPLIT, structureSig)
	Pragma("noescape")
	Doc("structureAVX512 computes the Blocks of the len(buf)/64 whole blocks of buf",
		"into the Blocks at out, and their summary bits into the words at sum",
		"(AVX-512BW and PCLMULQDQ).")
	structureProlog()
	broadcastB('"', Z0)
	broadcastB(',', Z1)
	broadcastB('\n', Z2)
	MOVQ(I64(-1), RAX)
	VMOVQ(RAX, X3)
	TESTQ(RCX, RCX)
	JZ(LabelRef("structure512_done"))

	Label("structure512_loop")
	VMOVDQU64(Mem{Base: RSI}, Z4)
	VPCMPEQB(Z0, Z4, K1)
	VPCMPEQB(Z1, Z4, K2)
	VPCMPEQB(Z2, Z4, K3)
	KMOVQ(K1, RAX)
	KMOVQ(K2, RBX)
	KMOVQ(K3, RDX)
	structureBlockTail(true, "structure512_sum")
	ADDQ(U32(64), RSI)
	ADDQ(U32(32), RDI)
	DECQ(RCX)
	JNZ(LabelRef("structure512_loop"))

	Label("structure512_done")
	structureEpilog("structure512_end")
}

// structureAVX2 compares two 32-byte halves with VPCMPEQB and joins their
// VPMOVMSKB masks; the prefix XOR uses CLMUL when clmul is set and six shifts
// otherwise (for CPUs with AVX2 but no PCLMULQDQ).
func structureAVX2(name string, clmul bool) {
	TEXT(name, NOSPLIT, structureSig)
	Pragma("noescape")
	if clmul {
		Doc(name+" computes the Blocks of the len(buf)/64 whole blocks of buf",
			"into the Blocks at out, and their summary bits into the words at sum",
			"(AVX2 and PCLMULQDQ).")
	} else {
		Doc(name+" computes the Blocks of the len(buf)/64 whole blocks of buf",
			"into the Blocks at out, and their summary bits into the words at sum",
			"(AVX2, prefix XOR by shifts).")
	}
	structureProlog()
	broadcastY('"', Y0)
	broadcastY(',', Y1)
	broadcastY('\n', Y2)
	if clmul {
		MOVQ(I64(-1), RAX)
		VMOVQ(RAX, X3)
	}
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_done"))

	Label(name + "_loop")
	VMOVDQU(Mem{Base: RSI}, Y4)
	VMOVDQU(Mem{Base: RSI, Disp: 32}, Y5)
	mask := func(pat VecPhysical, dst GPPhysical) {
		VPCMPEQB(pat, Y4, Y6)
		VPCMPEQB(pat, Y5, Y7)
		VPMOVMSKB(Y6, dst.As32())
		VPMOVMSKB(Y7, R11L)
		SHLQ(U8(32), R11)
		ORQ(R11, dst)
	}
	mask(Y0, RAX)
	mask(Y1, RBX)
	mask(Y2, RDX)
	structureBlockTail(clmul, name+"_sum")
	ADDQ(U32(64), RSI)
	ADDQ(U32(32), RDI)
	DECQ(RCX)
	JNZ(LabelRef(name + "_loop"))

	Label(name + "_done")
	structureEpilog(name + "_end")
}

// The DigitOrBlazing kernels look at each 64-byte block and the 6 bytes
// after it: a digit is (c-'0') < 10 unsigned; "blazing" starts at byte i
// when byte i+k, with the case bit 0x20 set, equals the k-th letter for all
// k, which takes one unaligned load per letter. The caller passes a buffer
// of 64*n+6 bytes and handles what is left over.
const dobSig = "func(b []byte) (hit bool, nonASCII bool)"

func dobProlog() {
	Load(Param("b").Base(), RSI)
	Load(Param("b").Len(), RCX)
	SUBQ(U8(6), RCX)
	SHRQ(U8(6), RCX)
}

// digitOrBlazingAVX512 ORs the XOR of each shifted load with its letter
// into one vector (VPTERNLOGD with the load folded in) and tests it once:
// fewer operations and no chain through mask registers, which measured
// faster than seven VPCMPEQB chained through a write mask. Digits are tested
// with VPCMPUB.
func digitOrBlazingAVX512() {
	TEXT("digitOrBlazingAVX512", NOSPLIT, dobSig)
	Pragma("noescape")
	Doc("digitOrBlazingAVX512 reports whether one of the (len(b)-6)/64 whole blocks of b",
		"holds a digit or the start of \"blazing\" in any case, and whether the",
		"blocks it read before stopping hold a byte >= 0x80 (AVX-512BW).",
		"len(b) is 64*n+6.")
	dobProlog()
	broadcastB(0xdf, Z16) // all bits but the ASCII case bit
	for k, c := range []byte("blazing") {
		broadcastB(c, zreg(17+k))
	}
	broadcastB('0', Z24)
	broadcastB(10, Z25)
	VPXORQ(Z26, Z26, Z26) // OR of all bytes read, for the non-ASCII answer
	XORL(EAX, EAX)
	TESTQ(RCX, RCX)
	JZ(LabelRef("dob512_done"))

	Label("dob512_loop")
	VMOVDQU64(Mem{Base: RSI}, Z0)
	VPORQ(Z0, Z26, Z26)
	VPSUBB(Z24, Z0, Z1)
	VPCMPUB(U8(1), Z25, Z1, K1) // K1: c-'0' < 10
	// Z2 = OR over k of (byte i+k XOR letter k): byte i starts "blazing"
	// when Z2 is 0 or 0x20 there.
	VPXORQ(Z0, Z17, Z2)
	for k := 1; k < 7; k++ {
		VPTERNLOGD(U8(0xf6), Mem{Base: RSI, Disp: k}, zreg(17+k), Z2) // Z2 |= mem ^ letter
	}
	VPTESTNMB(Z16, Z2, K2) // K2: Z2 & 0xdf == 0
	KORTESTQ(K1, K2)
	JNZ(LabelRef("dob512_hit"))
	ADDQ(U32(64), RSI)
	DECQ(RCX)
	JNZ(LabelRef("dob512_loop"))
	JMP(LabelRef("dob512_done"))

	Label("dob512_hit")
	MOVL(U32(1), EAX)

	Label("dob512_done")
	Store(AL, ReturnIndex(0))
	VPMOVB2M(Z26, K3)
	KORTESTQ(K3, K3)
	SETNE(AL)
	Store(AL, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// zreg returns the physical register Zn.
func zreg(n int) VecPhysical {
	return []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
		Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}[n]
}

// yreg returns the physical register Yn.
func yreg(n int) VecPhysical {
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}[n]
}

// digitOrBlazingAVX2 does the same with 32-byte vectors, two per block, an
// XOR and an OR per letter, and tests digits as min(c-'0', 9) == c-'0'.
func digitOrBlazingAVX2() {
	TEXT("digitOrBlazingAVX2", NOSPLIT, dobSig)
	Pragma("noescape")
	Doc("digitOrBlazingAVX2 reports whether one of the (len(b)-6)/64 whole blocks of b",
		"holds a digit or the start of \"blazing\" in any case, and whether the",
		"blocks it read before stopping hold a byte >= 0x80 (AVX2).",
		"len(b) is 64*n+6.")
	dobProlog()
	// Y8..Y14 the letters, Y15 all bits but the case bit, Y7 '0', Y6 9, Y5
	// the OR of all bytes; Y0..Y4 scratch.
	broadcastY(0xdf, Y15)
	for k, c := range []byte("blazing") {
		broadcastY(c, yreg(8+k))
	}
	broadcastY('0', Y7)
	broadcastY(9, Y6)
	VPXOR(Y5, Y5, Y5)
	XORL(EAX, EAX)
	TESTQ(RCX, RCX)
	JZ(LabelRef("dob2_done"))

	Label("dob2_loop")
	for h, res := range []VecPhysical{Y3, Y4} {
		off := 32 * h
		VMOVDQU(Mem{Base: RSI, Disp: off}, Y0)
		VPOR(Y0, Y5, Y5)
		VPXOR(Y0, Y8, Y1)
		VPSUBB(Y7, Y0, Y0)
		VPMINUB(Y6, Y0, Y2)
		VPCMPEQB(Y2, Y0, res) // digits
		// Y1 = OR over k of (byte i+k XOR letter k): 0 or 0x20 where
		// "blazing" starts.
		for k := 1; k < 7; k++ {
			VPXOR(Mem{Base: RSI, Disp: off + k}, yreg(8+k), Y2)
			VPOR(Y2, Y1, Y1)
		}
		VPAND(Y15, Y1, Y1)
		VPXOR(Y2, Y2, Y2)
		VPCMPEQB(Y2, Y1, Y1)
		VPOR(Y1, res, res)
	}
	VPOR(Y3, Y4, Y3)
	VPTEST(Y3, Y3)
	JNZ(LabelRef("dob2_hit"))
	ADDQ(U32(64), RSI)
	DECQ(RCX)
	JNZ(LabelRef("dob2_loop"))
	JMP(LabelRef("dob2_done"))

	Label("dob2_hit")
	MOVL(U32(1), EAX)

	Label("dob2_done")
	Store(AL, ReturnIndex(0))
	VPMOVMSKB(Y5, EDX)
	TESTL(EDX, EDX)
	SETNE(AL)
	Store(AL, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// bitselTable declares the 16 bytes 1<<(h%8) for h = 0..15: the bit a high
// nibble h selects in the ByteSet nibble tables.
func bitselTable() Mem {
	m := GLOBL("bitsel", RODATA|NOPTR)
	for h := 0; h < 16; h++ {
		DATA(h, U8(1<<(h%8)))
	}
	return m
}

// The IndexAny kernels look each byte c up by nibbles: the ByteSet table
// row for the low nibble (nib[0:16] when c < 0x80, nib[16:32] otherwise)
// has the bit for the high nibble set when c is in the set. They need
// len(b) >= 64 and finish with an overlapping load of the last bytes.
const indexAnySig = "func(b []byte, nib *[32]byte) int"

// indexAnyAVX512 picks the row with a masked VPSHUFB and tests with
// VPTESTMB.
func indexAnyAVX512(bitsel Mem) {
	TEXT("indexAnyAVX512", NOSPLIT, indexAnySig)
	Pragma("noescape")
	Doc("indexAnyAVX512 returns the index of the first byte of b in the set whose",
		"nibble tables are at nib, or -1 (AVX-512BW). len(b) must be at least 64.")
	Load(Param("b").Base(), RSI)
	Load(Param("b").Len(), RCX)
	Load(Param("nib"), RDX)
	VBROADCASTI32X4(Mem{Base: RDX}, Z10)
	VBROADCASTI32X4(Mem{Base: RDX, Disp: 16}, Z11)
	VBROADCASTI32X4(bitsel, Z12)
	broadcastB(0x0f, Z13)
	XORQ(RAX, RAX) // offset of the block
	LEAQ(Mem{Base: RCX, Disp: -64}, RDI)

	block := func() {
		VMOVDQU64(Mem{Base: RSI, Index: RAX, Scale: 1}, Z0)
		VPANDQ(Z13, Z0, Z1)
		VPSRLW(U8(4), Z0, Z2)
		VPANDQ(Z13, Z2, Z2)
		VPSHUFB(Z1, Z10, Z3)
		VPMOVB2M(Z0, K1)
		VPSHUFB(Z1, Z11, K1, Z3)
		VPSHUFB(Z2, Z12, Z4)
		VPTESTMB(Z4, Z3, K2)
		KORTESTQ(K2, K2)
		JNZ(LabelRef("any512_found"))
	}
	Label("any512_loop")
	CMPQ(RAX, RDI)
	JG(LabelRef("any512_last"))
	block()
	ADDQ(U32(64), RAX)
	JMP(LabelRef("any512_loop"))

	Label("any512_last")
	// Bytes left over: look at the last 64 bytes again. The ones looked at
	// before hold no member, so a member found is past them.
	MOVQ(RCX, RDX)
	ANDQ(U32(63), RDX)
	JZ(LabelRef("any512_none"))
	MOVQ(RDI, RAX)
	block()

	Label("any512_none")
	MOVQ(I64(-1), RAX)
	Store(RAX, ReturnIndex(0))
	VZEROUPPER()
	RET()

	Label("any512_found")
	KMOVQ(K2, RDX)
	BSFQ(RDX, RDX)
	ADDQ(RDX, RAX)
	Store(RAX, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// indexAnyAVX2 works on 32 bytes at a time and picks the row by VPSHUFB's
// rule that an index with the high bit set gives zero: c&0x8f indexes
// nib[0:16] and is zero for c >= 0x80, (c&0x8f)^0x80 does the opposite.
func indexAnyAVX2(bitsel Mem) {
	TEXT("indexAnyAVX2", NOSPLIT, indexAnySig)
	Pragma("noescape")
	Doc("indexAnyAVX2 returns the index of the first byte of b in the set whose",
		"nibble tables are at nib, or -1 (AVX2). len(b) must be at least 64.")
	Load(Param("b").Base(), RSI)
	Load(Param("b").Len(), RCX)
	Load(Param("nib"), RDX)
	VBROADCASTI128(Mem{Base: RDX}, Y10)
	VBROADCASTI128(Mem{Base: RDX, Disp: 16}, Y11)
	VBROADCASTI128(bitsel, Y12)
	broadcastY(0x0f, Y13)
	broadcastY(0x8f, Y14)
	broadcastY(0x80, Y15)
	VPXOR(Y9, Y9, Y9)
	XORQ(RAX, RAX)
	LEAQ(Mem{Base: RCX, Disp: -32}, RDI)

	block := func() {
		VMOVDQU(Mem{Base: RSI, Index: RAX, Scale: 1}, Y0)
		VPAND(Y14, Y0, Y1)
		VPSHUFB(Y1, Y10, Y2)
		VPXOR(Y15, Y1, Y1)
		VPSHUFB(Y1, Y11, Y3)
		VPOR(Y3, Y2, Y2)
		VPSRLW(U8(4), Y0, Y0)
		VPAND(Y13, Y0, Y0)
		VPSHUFB(Y0, Y12, Y0)
		VPAND(Y0, Y2, Y2)
		VPCMPEQB(Y9, Y2, Y2)
		VPMOVMSKB(Y2, EDX)
		NOTL(EDX)
		TESTL(EDX, EDX)
		JNZ(LabelRef("any2_found"))
	}
	Label("any2_loop")
	CMPQ(RAX, RDI)
	JG(LabelRef("any2_last"))
	block()
	ADDQ(U32(32), RAX)
	JMP(LabelRef("any2_loop"))

	Label("any2_last")
	MOVQ(RCX, RDX)
	ANDQ(U32(31), RDX)
	JZ(LabelRef("any2_none"))
	MOVQ(RDI, RAX)
	block()

	Label("any2_none")
	MOVQ(I64(-1), RAX)
	Store(RAX, ReturnIndex(0))
	VZEROUPPER()
	RET()

	Label("any2_found")
	BSFL(EDX, EDX)
	ADDQ(RDX, RAX)
	Store(RAX, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// unescapeVBMI2 drops every second quote of the whole 64-byte blocks of b, in
// place, with VPCOMPRESSB (AVX-512 VBMI2): per block, the quotes' inclusive
// prefix XOR (by CLMUL), XORed with the carried parity, is set on the first
// quote of each pair and clear on the second, which is the byte to drop.
// unescapeGeneric is the reference: the same parity rule, byte by byte.
func unescapeVBMI2() {
	TEXT("unescapeVBMI2", NOSPLIT, "func(b []byte, carry uint64) (n int, carryOut uint64)")
	Pragma("noescape")
	Doc("unescapeVBMI2 compacts the len(b)/64 whole blocks of b, dropping each quote",
		"that follows an odd number of quotes (counting carry, all ones for odd,",
		"before b), and returns the number of bytes kept, written from b[0], and",
		"the parity after the blocks (AVX-512 VBMI2).")
	Load(Param("b").Base(), RSI) // read pointer
	Load(Param("b").Len(), RCX)
	Load(Param("carry"), R8)
	MOVQ(RSI, RDI) // write pointer
	SHRQ(U8(6), RCX)
	broadcastB('"', Z1)
	MOVQ(I64(-1), RAX)
	VMOVQ(RAX, X3) // all ones, for the prefix XOR
	TESTQ(RCX, RCX)
	JZ(LabelRef("unesc_done"))

	Label("unesc_loop")
	VMOVDQU64(Mem{Base: RSI}, Z0)
	VPCMPEQB(Z1, Z0, K1)
	KMOVQ(K1, RAX) // quotes
	VMOVQ(RAX, X5)
	VPCLMULQDQ(U8(0), X3, X5, X5)
	VMOVQ(X5, R9)
	XORQ(R8, R9) // R9: parity of the quotes up to each byte
	MOVQ(R9, R8)
	SARQ(U8(63), R8)
	NOTQ(R9)
	ANDQ(RAX, R9) // R9: quotes to drop
	NOTQ(R9)      // bytes to keep
	KMOVQ(R9, K2)
	// VPCOMPRESSB Z0, K2, (DI): avo v0.5.0 does not know the instruction; Go's assembler does.
	Instruction(&ir.Instruction{Opcode: "VPCOMPRESSB", Operands: []Op{Z0, K2, Mem{Base: RDI}}})
	POPCNTQ(R9, R9)
	ADDQ(R9, RDI)
	ADDQ(U32(64), RSI)
	DECQ(RCX)
	JNZ(LabelRef("unesc_loop"))

	Label("unesc_done")
	Load(Param("b").Base(), RSI)
	SUBQ(RSI, RDI)
	Store(RDI, ReturnIndex(0))
	Store(R8, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// UTF-8 validation after Keiser and Lemire, "Validating UTF-8 in less than
// one instruction per byte" (2021), reconstructed from the paper's
// description: every error shows in the pair (previous byte, this byte) and
// can be looked up by three nibbles: the previous byte's high and low
// nibbles and this byte's high nibble. Each table entry holds the error
// classes that nibble allows; a byte pair is in error when a class survives
// the AND of its three entries. The one rule pairs cannot check, that the
// second and third byte after a 3- or 4-byte lead must be continuation bytes
// (and no other continuation may follow a continuation), is checked by
// comparing "a lead two or three bytes back" with the TWO_CONTS class.
const (
	u8TooShort  = 1 << 0 // a lead or ASCII byte where a continuation must come
	u8TooLong   = 1 << 1 // a continuation after an ASCII byte
	u8Overlong3 = 1 << 2 // E0 followed by 80..9F
	u8TooLarge  = 1 << 3 // F4 followed by 90..BF, or F5..FF followed by 90..BF
	u8Surrogate = 1 << 4 // ED followed by A0..BF
	u8Overlong2 = 1 << 5 // C0 or C1 followed by a continuation
	u8Bit6      = 1 << 6 // F0 followed by 80..8F (overlong), F5..FF followed by 80..8F (too large)
	u8TwoConts  = 1 << 7 // a continuation after a continuation
	u8Carry     = u8TooShort | u8TooLong | u8TwoConts
)

// utf8Tables declares the three 16-byte lookup tables, indexed by the
// previous byte's high nibble, its low nibble, and this byte's high nibble.
func utf8Tables() (prevHigh, prevLow, curHigh Mem) {
	var ph, pl, ch [16]byte
	for h := 0; h < 16; h++ {
		switch {
		case h < 8:
			ph[h] = u8TooLong
		case h < 12:
			ph[h] = u8TwoConts
		case h == 0xC:
			ph[h] = u8TooShort | u8Overlong2
		case h == 0xD:
			ph[h] = u8TooShort
		case h == 0xE:
			ph[h] = u8TooShort | u8Overlong3 | u8Surrogate
		default: // F
			ph[h] = u8TooShort | u8TooLarge | u8Bit6
		}
	}
	for l := 0; l < 16; l++ {
		pl[l] = u8Carry
		switch {
		case l == 0:
			pl[l] |= u8Overlong3 | u8Overlong2 | u8Bit6
		case l == 1:
			pl[l] |= u8Overlong2
		case l == 4:
			pl[l] |= u8TooLarge
		case l >= 5:
			pl[l] |= u8TooLarge | u8Bit6
		}
		if l == 0xD {
			pl[l] |= u8Surrogate
		}
	}
	for h := 0; h < 16; h++ {
		switch h {
		case 8:
			ch[h] = u8TooLong | u8Overlong2 | u8TwoConts | u8Overlong3 | u8Bit6
		case 9:
			ch[h] = u8TooLong | u8Overlong2 | u8TwoConts | u8Overlong3 | u8TooLarge
		case 0xA, 0xB:
			ch[h] = u8TooLong | u8Overlong2 | u8TwoConts | u8Surrogate | u8TooLarge
		default: // ASCII or a lead: not a continuation
			ch[h] = u8TooShort
		}
	}
	table := func(name string, t [16]byte) Mem {
		m := GLOBL(name, RODATA|NOPTR)
		for i, b := range t {
			DATA(i, U8(b))
		}
		return m
	}
	return table("utf8PrevHigh", ph), table("utf8PrevLow", pl), table("utf8CurHigh", ch)
}

// validUTF8AVX512 checks the len(b)/64 whole blocks of b, then the 64 bytes
// at tail, which hold the rest of b padded with zeros (ASCII, so a sequence
// cut short at the end of b is an error there). A block without a byte >=
// 0x80 only needs the check that the block before it did not end inside a
// sequence; the others take the full check. The previous bytes of each
// position come from one register holding this block shifted by 1, 2 and 3
// bytes with the end of the block before: VALIGNQ puts that block's last
// lane under this block's first three, VPALIGNR shifts within lanes.
func validUTF8AVX512(ph, pl, ch Mem) {
	TEXT("validUTF8AVX512", NOSPLIT, "func(b []byte, tail *[64]byte) bool")
	Pragma("noescape")
	Doc("validUTF8AVX512 reports whether the whole blocks of b followed by the 64",
		"bytes at tail are valid UTF-8 (AVX-512BW). tail holds the rest of b padded",
		"with zero bytes.")
	Load(Param("b").Base(), RSI)
	Load(Param("b").Len(), RCX)
	Load(Param("tail"), RDX)
	SHRQ(U8(6), RCX)
	VBROADCASTI32X4(ph, Z10)
	VBROADCASTI32X4(pl, Z11)
	VBROADCASTI32X4(ch, Z12)
	broadcastB(0x0f, Z13)
	broadcastB(0xE0-0x80, Z17)
	broadcastB(0xF0-0x80, Z18)
	broadcastB(0x80, Z19)
	// The bytes a block may end with and still be complete: anything but a
	// lead in the last byte, a 3- or 4-byte lead in the one before, a 4-byte
	// lead three from the end.
	MOVQ(I64(-1), RAX)
	VPBROADCASTQ(RAX, Z16)
	MOVQ(U64(0xBFDFEFFFFFFFFFFF), RAX)
	VMOVQ(RAX, X20)
	MOVL(U32(0x80), R8L) // qword 7 only
	KMOVB(R8L, K1)
	VPBROADCASTQ(X20, K1, Z16)
	VPXORQ(Z9, Z9, Z9)    // errors
	VPXORQ(Z14, Z14, Z14) // the block before ended inside a sequence
	VPXORQ(Z15, Z15, Z15) // the block before

	block := func(label string) {
		VPMOVB2M(Z0, K1)
		KORTESTQ(K1, K1)
		JNZ(LabelRef(label + "_full"))
		VPORQ(Z14, Z9, Z9)
		VPXORQ(Z14, Z14, Z14)
		VMOVDQA64(Z0, Z15)
		JMP(LabelRef(label + "_next"))

		Label(label + "_full")
		VALIGNQ(U8(6), Z15, Z0, Z1)  // the previous block's last lane, then this one's first three
		VPALIGNR(U8(15), Z1, Z0, Z2) // prev1
		VPALIGNR(U8(14), Z1, Z0, Z3) // prev2
		VPALIGNR(U8(13), Z1, Z0, Z4) // prev3
		VPSRLW(U8(4), Z2, Z5)
		VPANDQ(Z13, Z5, Z5)
		VPSHUFB(Z5, Z10, Z5) // by the previous byte's high nibble
		VPANDQ(Z13, Z2, Z6)
		VPSHUFB(Z6, Z11, Z6) // by its low nibble
		VPSRLW(U8(4), Z0, Z7)
		VPANDQ(Z13, Z7, Z7)
		VPSHUFB(Z7, Z12, Z7)             // by this byte's high nibble
		VPTERNLOGD(U8(0x80), Z7, Z6, Z5) // Z5 = Z5 & Z6 & Z7
		VPSUBUSB(Z17, Z3, Z3)            // >= 0x80 where prev2 >= 0xE0
		VPSUBUSB(Z18, Z4, Z4)            // >= 0x80 where prev3 >= 0xF0
		VPORQ(Z4, Z3, Z3)
		VPANDQ(Z19, Z3, Z3) // 0x80 where a continuation must come
		VPXORQ(Z5, Z3, Z3)  // ... which the pair check flags as TWO_CONTS
		VPORQ(Z3, Z9, Z9)
		VPSUBUSB(Z16, Z0, Z14) // nonzero where the block ends inside a sequence
		VMOVDQA64(Z0, Z15)
		Label(label + "_next")
	}

	TESTQ(RCX, RCX)
	JZ(LabelRef("utf8_tail"))
	Label("utf8_loop")
	VMOVDQU64(Mem{Base: RSI}, Z0)
	block("utf8_b")
	ADDQ(U32(64), RSI)
	DECQ(RCX)
	JNZ(LabelRef("utf8_loop"))

	Label("utf8_tail")
	VMOVDQU64(Mem{Base: RDX}, Z0)
	block("utf8_t")
	// The tail ends in zero bytes, or is all zeros when b had no partial
	// block: either way nothing is left open after it.
	VPORQ(Z14, Z9, Z9)
	VPTESTMQ(Z9, Z9, K1)
	KORTESTB(K1, K1)
	SETEQ(AL)
	Store(AL, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// validUTF8AVX2 is validUTF8AVX512 on 32-byte blocks: VPERM2I128 puts the
// block before's high lane under this block's low lane for VPALIGNR, the
// three lookups are ANDed in two steps, and the bytes a block may end with
// come from a 32-byte constant.
func validUTF8AVX2(ph, pl, ch Mem) {
	maxEnd := GLOBL("utf8MaxEndY", RODATA|NOPTR)
	for i := 0; i < 32; i++ {
		v := byte(0xFF)
		switch i {
		case 29:
			v = 0xEF
		case 30:
			v = 0xDF
		case 31:
			v = 0xBF
		}
		DATA(i, U8(v))
	}
	TEXT("validUTF8AVX2", NOSPLIT, "func(b []byte, tail *[64]byte) bool")
	Pragma("noescape")
	Doc("validUTF8AVX2 reports whether the whole 64-byte blocks of b followed by",
		"the 64 bytes at tail are valid UTF-8 (AVX2). tail holds the rest of b",
		"padded with zero bytes.")
	Load(Param("b").Base(), RSI)
	Load(Param("b").Len(), RCX)
	Load(Param("tail"), RDX)
	SHRQ(U8(5), RCX)
	VBROADCASTI128(ph, Y10)
	VBROADCASTI128(pl, Y11)
	VBROADCASTI128(ch, Y12)
	broadcastY(0x0f, Y13)
	VMOVDQU(maxEnd, Y8)
	VPXOR(Y9, Y9, Y9)    // errors
	VPXOR(Y14, Y14, Y14) // the block before ended inside a sequence
	VPXOR(Y15, Y15, Y15) // the block before

	block := func(label string) {
		VPMOVMSKB(Y0, EAX)
		TESTL(EAX, EAX)
		JNZ(LabelRef(label + "_full"))
		VPOR(Y14, Y9, Y9)
		VPXOR(Y14, Y14, Y14)
		VMOVDQA(Y0, Y15)
		JMP(LabelRef(label + "_next"))

		Label(label + "_full")
		VPERM2I128(U8(0x21), Y0, Y15, Y1) // the previous block's high lane, then this one's low lane
		VPALIGNR(U8(15), Y1, Y0, Y2)      // prev1
		VPALIGNR(U8(14), Y1, Y0, Y3)      // prev2
		VPALIGNR(U8(13), Y1, Y0, Y4)      // prev3
		VPSRLW(U8(4), Y2, Y5)
		VPAND(Y13, Y5, Y5)
		VPSHUFB(Y5, Y10, Y5) // by the previous byte's high nibble
		VPAND(Y13, Y2, Y6)
		VPSHUFB(Y6, Y11, Y6) // by its low nibble
		VPSRLW(U8(4), Y0, Y7)
		VPAND(Y13, Y7, Y7)
		VPSHUFB(Y7, Y12, Y7) // by this byte's high nibble
		VPAND(Y6, Y5, Y5)
		VPAND(Y7, Y5, Y5)
		broadcastY(0xE0-0x80, Y6)
		VPSUBUSB(Y6, Y3, Y3) // >= 0x80 where prev2 >= 0xE0
		broadcastY(0xF0-0x80, Y6)
		VPSUBUSB(Y6, Y4, Y4) // >= 0x80 where prev3 >= 0xF0
		VPOR(Y4, Y3, Y3)
		broadcastY(0x80, Y6)
		VPAND(Y6, Y3, Y3) // 0x80 where a continuation must come
		VPXOR(Y5, Y3, Y3) // ... which the pair check flags as TWO_CONTS
		VPOR(Y3, Y9, Y9)
		VPSUBUSB(Y8, Y0, Y14) // nonzero where the block ends inside a sequence
		VMOVDQA(Y0, Y15)
		Label(label + "_next")
	}

	TESTQ(RCX, RCX)
	JZ(LabelRef("utf8y_tail"))
	Label("utf8y_loop")
	VMOVDQU(Mem{Base: RSI}, Y0)
	block("utf8y_b")
	ADDQ(U32(32), RSI)
	DECQ(RCX)
	JNZ(LabelRef("utf8y_loop"))

	Label("utf8y_tail")
	VMOVDQU(Mem{Base: RDX}, Y0)
	block("utf8y_t0")
	VMOVDQU(Mem{Base: RDX, Disp: 32}, Y0)
	block("utf8y_t1")
	VPOR(Y14, Y9, Y9)
	VPTEST(Y9, Y9)
	SETEQ(AL)
	Store(AL, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
