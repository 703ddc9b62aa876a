package scan

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"

	"github.com/blazetools/blaze/simdscan"
)

// A prefilter says "maybe" or "no" for a whole value: "no" only when none of the atoms some part of the
// pattern requires occurs in it, so a value it rejects can never match (it never says no to a match). It finds
// candidate positions with simdscan.IndexAny over the atoms' possible first bytes, checks the atoms there, and
// leaves the answer to the regex on the first real occurrence.
type prefilter struct {
	atoms []atom
	first *simdscan.ByteSet
}

// maxPrefilterBytes is the most distinct first bytes a useful prefilter may have: beyond it nearly every byte
// of text is a candidate and the prefilter only adds work.
const maxPrefilterBytes = 48

// newPrefilter returns a prefilter for re, or nil when re has no useful required atoms.
func newPrefilter(re *syntax.Regexp) *prefilter {
	atoms, ok := necessaryAtoms(re)
	if !ok {
		return nil
	}
	first := firstBytes(atoms)
	if len(first) == 0 || len(first) > maxPrefilterBytes {
		return nil
	}
	return &prefilter{atoms: atoms, first: simdscan.NewByteSet(first)}
}

// maybe reports whether some atom occurs in b.
func (p *prefilter) maybe(b []byte) bool {
	for i := 0; i < len(b); {
		j := simdscan.IndexAny(b[i:], p.first)
		if j < 0 {
			return false
		}
		i += j
		for _, a := range p.atoms {
			if a.at(b[i:]) {
				return true
			}
		}
		i++
	}
	return false
}

type prefiltered struct {
	pre     *prefilter
	confirm Matcher
}

func (m *prefiltered) Match(b []byte) (bool, error) {
	if !m.pre.maybe(b) {
		return false, nil
	}
	return m.confirm.Match(b)
}

// at reports whether a occurs at the start of b.
func (a *atom) at(b []byte) bool {
	if a.lit == nil {
		r, _ := utf8.DecodeRune(b)
		return inRanges(a.class, r)
	}
	for _, want := range a.lit {
		if len(b) == 0 {
			return false
		}
		r, n := utf8.DecodeRune(b)
		if r != want && !(a.fold && sameFold(r, want)) {
			return false
		}
		b = b[n:]
	}
	return true
}

// sameFold reports whether r and s are in one case-folding orbit, as Go's regexp folds (FoldCase literals).
func sameFold(r, s rune) bool {
	for f := unicode.SimpleFold(s); f != s; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}

func inRanges(ranges []rune, r rune) bool {
	for i := 0; i < len(ranges); i += 2 {
		if r < ranges[i] {
			return false
		}
		if r <= ranges[i+1] {
			return true
		}
	}
	return false
}

// necessaryAtoms returns atoms one of which occurs in every value re matches; ok is false when re can match
// without any (it can match the empty string, or holds a wide-open class such as '.').
func necessaryAtoms(re *syntax.Regexp) (atoms []atom, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []atom{{lit: re.Rune, fold: re.Flags&syntax.FoldCase != 0}}, len(re.Rune) > 0
	case syntax.OpCharClass:
		return []atom{{class: re.Rune}}, len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return necessaryAtoms(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return necessaryAtoms(re.Sub[0])
		}
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			a, ok := necessaryAtoms(s)
			if !ok {
				return nil, false
			}
			atoms = append(atoms, a...)
		}
		return atoms, true
	case syntax.OpConcat:
		// Every part must occur: keep the part whose atoms make the narrowest filter.
		best, bestN := []atom(nil), -1
		for _, s := range re.Sub {
			a, ok := necessaryAtoms(s)
			if !ok {
				continue
			}
			n := len(firstBytes(a))
			if n == 0 {
				continue
			}
			if bestN < 0 || n < bestN || n == bestN && minLen(a) > minLen(best) {
				best, bestN = a, n
			}
		}
		return best, bestN > 0
	}
	return nil, false
}

func minLen(atoms []atom) int {
	m := -1
	for _, a := range atoms {
		n := len(a.lit)
		if a.lit == nil {
			n = 1
		}
		if m < 0 || n < m {
			m = n
		}
	}
	return m
}

// firstBytes returns the distinct bytes that can start an occurrence of one of the atoms.
func firstBytes(atoms []atom) []byte {
	var set [256]bool
	for _, a := range atoms {
		if a.lit != nil {
			r := a.lit[0]
			addLead(&set, r, r)
			if a.fold {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					addLead(&set, f, f)
				}
			}
			continue
		}
		for i := 0; i < len(a.class); i += 2 {
			addLead(&set, a.class[i], a.class[i+1])
		}
	}
	var out []byte
	for b, ok := range set {
		if ok {
			out = append(out, byte(b))
		}
	}
	return out
}

// addLead adds the first UTF-8 bytes of the runes lo..hi. Lead bytes grow with the code point, so the range of
// lead bytes from lo's to hi's covers every rune between (surrogates, which are not runes, included harmlessly).
func addLead(set *[256]bool, lo, hi rune) {
	lo = max(lo, 0)
	hi = min(hi, unicode.MaxRune)
	if lo > hi {
		return
	}
	var a, b [utf8.UTFMax]byte
	utf8.EncodeRune(a[:], lo)
	if lo >= 0xD800 && lo <= 0xDFFF {
		a[0] = 0xED
	}
	utf8.EncodeRune(b[:], hi)
	if hi >= 0xD800 && hi <= 0xDFFF {
		b[0] = 0xED
	}
	for c := int(a[0]); c <= int(b[0]); c++ {
		set[c] = true
	}
}
