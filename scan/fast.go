package scan

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blazetools/blaze/scan/rustre"
	"github.com/blazetools/blaze/simdscan"
)

// DigitOrBlazing is the Matcher of the talk's pattern, (?im)(blazing|blazingly|\d+), and of every pattern that
// matches exactly when the same is true: the value holds "blazing" in any letter case, or a decimal digit
// (\p{Nd} of the regex crate's Unicode tables). Under the regex crate's simple case folding no non-ASCII
// character folds to the letters of "blazing" (dotless ı and dotted İ do not fold to i), so one vector pass
// (simdscan.DigitOrBlazing) settles every value that has an ASCII answer or is pure ASCII, and only values with
// neither and some non-ASCII bytes are decoded rune by rune.
type DigitOrBlazing struct{}

// Match implements Matcher.
func (DigitOrBlazing) Match(b []byte) (bool, error) {
	hit, nonASCII := simdscan.DigitOrBlazing(b)
	if hit {
		return true, nil
	}
	return nonASCII && hasNonASCIIDigit(b), nil
}

// hasNonASCIIDigit reports whether b holds a non-ASCII rune of the regex crate's \d. Every such digit is at or
// above U+0660, so ASCII bytes are skipped without decoding, and so is every rune whose 64-code-point block holds
// no digit, which the first two or three bytes of its encoding name: CJK, emoji and most letters are passed over
// without decoding them.
func hasNonASCIIDigit(b []byte) bool {
	for i := 0; i < len(b); {
		// Jump to the next byte that can start a digit's encoding: CJK text (lead bytes E3-E9) and ASCII
		// are passed over at vector speed.
		j := simdscan.IndexAny(b[i:], digitLeads)
		if j < 0 {
			return false
		}
		i += j
		c := b[i]
		var blk uint32 // code point >> 6
		n := 1
		switch {
		case c >= 0xF0 && i+3 < len(b) && cont(b[i+1]) && cont(b[i+2]) && cont(b[i+3]):
			blk, n = uint32(c&7)<<12|uint32(b[i+1]&0x3F)<<6|uint32(b[i+2]&0x3F), 4
		case c >= 0xE0 && c < 0xF0 && i+2 < len(b) && cont(b[i+1]) && cont(b[i+2]):
			blk, n = uint32(c&0x0F)<<6|uint32(b[i+1]&0x3F), 3
		case c >= 0xC0 && c < 0xE0 && i+1 < len(b) && cont(b[i+1]):
			blk, n = uint32(c&0x1F), 2
		default: // a stray continuation byte or a truncated sequence: one invalid byte, as utf8.DecodeRune sees it
			i++
			continue
		}
		if blk < uint32(len(digitBlocks))*64 && digitBlocks[blk>>6]&(1<<(blk&63)) != 0 {
			r, _ := utf8.DecodeRune(b[i : i+n])
			if rustre.IsDigit(r) {
				return true
			}
		}
		i += n
	}
	return false
}

func cont(c byte) bool { return c&0xC0 == 0x80 }

// digitLeads holds the first bytes of the UTF-8 encodings of the non-ASCII \d digits.
var digitLeads = func() *simdscan.ByteSet {
	var leads []byte
	add := func(lo, hi, stride rune) {
		var buf [utf8.UTFMax]byte
		for r := max(lo, utf8.RuneSelf); r <= hi; r += stride {
			utf8.EncodeRune(buf[:], r)
			if !slices.Contains(leads, buf[0]) {
				leads = append(leads, buf[0])
			}
		}
	}
	for _, r := range rustre.Digit.R16 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range rustre.Digit.R32 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return simdscan.NewByteSet(leads)
}()

// digitBlocks has bit k set when the 64 code points from k*64 hold a \d digit.
var digitBlocks = func() (bits [(unicode.MaxRune + 1) >> 12]uint64) {
	set := func(lo, hi, stride uint32) {
		for r := lo; r <= hi; r += stride {
			k := r >> 6
			bits[k>>6] |= 1 << (k & 63)
		}
	}
	for _, r := range rustre.Digit.R16 {
		set(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range rustre.Digit.R32 {
		set(r.Lo, r.Hi, r.Stride)
	}
	return bits
}()

// An atom is something whose presence anywhere in a value is what a pattern needs: a literal (maybe
// case-folded, as Go's regexp folds it) or one character of a class.
type atom struct {
	lit   []rune // a literal; nil for a class
	fold  bool
	class []rune // ranges, as in syntax.Regexp.Rune
}

// exactAtoms returns atoms such that re matches somewhere in a value exactly when one of them occurs in it.
// ok is false when re is not of that shape (a sequence of several classes, a counted repetition, anchors, ...).
func exactAtoms(re *syntax.Regexp) (atoms []atom, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []atom{{lit: re.Rune, fold: re.Flags&syntax.FoldCase != 0}}, len(re.Rune) > 0
	case syntax.OpCharClass:
		return []atom{{class: re.Rune}}, true
	case syntax.OpCapture, syntax.OpPlus:
		return exactAtoms(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 1 {
			return exactAtoms(re.Sub[0])
		}
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			a, ok := exactAtoms(s)
			if !ok {
				return nil, false
			}
			atoms = append(atoms, a...)
		}
		return atoms, true
	case syntax.OpConcat:
		// x followed by something that can always match the empty string: as present as x alone.
		if len(re.Sub) == 0 {
			return nil, false
		}
		for _, s := range re.Sub[1:] {
			if !matchesEmpty(s) {
				return nil, false
			}
		}
		return exactAtoms(re.Sub[0])
	}
	return nil, false
}

// matchesEmpty reports whether re matches the empty string wherever it is tried (no anchors, no classes).
func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpRepeat:
		return re.Min == 0
	case syntax.OpCapture:
		return matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !matchesEmpty(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return slices.ContainsFunc(re.Sub, matchesEmpty)
	}
	return false
}

// isDigitOrBlazing reports whether re (group 1's contents) matches somewhere exactly when DigitOrBlazing does:
// its atoms are "blazing" case-folded, literals that contain it (implied by it), and the \d class.
func isDigitOrBlazing(re *syntax.Regexp) bool {
	atoms, ok := exactAtoms(re)
	if !ok {
		return false
	}
	var blazing, digit bool
	for _, a := range atoms {
		switch {
		case a.lit != nil && a.fold && strings.EqualFold(string(a.lit), "blazing"):
			blazing = true
		case a.lit != nil && a.fold && len(a.lit) > 7 && strings.EqualFold(string(a.lit[:7]), "blazing"):
			// implied by "blazing"
		case a.class != nil && sameClass(a.class, rustre.Digit):
			digit = true
		default:
			return false
		}
	}
	return blazing && digit
}

// sameClass reports whether the ranges of a syntax class are exactly the code points of t.
func sameClass(ranges []rune, t *unicode.RangeTable) bool {
	var want []rune
	for _, r := range t.R16 {
		want = appendRanges(want, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		want = appendRanges(want, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return slices.Equal(ranges, want)
}

// appendRanges appends [lo, hi] with stride as contiguous ranges, merging with the previous range.
func appendRanges(rs []rune, lo, hi, stride rune) []rune {
	add := func(a, b rune) {
		if n := len(rs); n > 0 && rs[n-1]+1 == a {
			rs[n-1] = b
			return
		}
		rs = append(rs, a, b)
	}
	if stride == 1 {
		add(lo, hi)
		return rs
	}
	for r := lo; r <= hi; r += stride {
		add(r, r)
	}
	return rs
}
