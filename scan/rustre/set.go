package rustre

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// rrange is an inclusive range of code points.
type rrange struct{ lo, hi rune }

// runeSet is a set of code points: sorted, non-overlapping, non-adjacent inclusive ranges. The zero value is
// the empty set. Operations return new sets and never modify their operands.
type runeSet []rrange

// canon sorts and merges rs into canonical form.
func canon(rs []rrange) runeSet {
	if len(rs) == 0 {
		return nil
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo < rs[j].lo })
	out := runeSet{rs[0]}
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r.lo <= last.hi+1 {
			if r.hi > last.hi {
				last.hi = r.hi
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

func single(lo, hi rune) runeSet { return runeSet{{lo, hi}} }

func (s runeSet) contains(r rune) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].hi >= r })
	return i < len(s) && s[i].lo <= r
}

func (s runeSet) union(t runeSet) runeSet {
	rs := make([]rrange, 0, len(s)+len(t))
	rs = append(append(rs, s...), t...)
	return canon(rs)
}

// negate returns the complement within the Unicode scalar values, like the regex crate (no surrogates).
func (s runeSet) negate() runeSet { return s.complement().minus(surrogates) }

// complement returns the code points 0..utf8.MaxRune that s does not hold, surrogates included.
func (s runeSet) complement() runeSet {
	var out runeSet
	next := rune(0)
	for _, r := range s {
		if r.lo > next {
			out = append(out, rrange{next, r.lo - 1})
		}
		next = r.hi + 1
	}
	if next <= utf8.MaxRune {
		out = append(out, rrange{next, utf8.MaxRune})
	}
	return out
}

var surrogates = runeSet{{0xD800, 0xDFFF}}

func (s runeSet) intersect(t runeSet) runeSet {
	var out runeSet
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		lo, hi := max(s[i].lo, t[j].lo), min(s[i].hi, t[j].hi)
		if lo <= hi {
			out = append(out, rrange{lo, hi})
		}
		if s[i].hi < t[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (s runeSet) minus(t runeSet) runeSet { return s.intersect(t.complement()) }

func (s runeSet) symdiff(t runeSet) runeSet {
	return s.union(t).minus(s.intersect(t))
}

func (s runeSet) equal(t runeSet) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range s {
		if s[i] != t[i] {
			return false
		}
	}
	return true
}

// foldSimple closes s under the regex crate's simple case folding (its orbits, from polars).
func (s runeSet) foldSimple() runeSet {
	out := append([]rrange(nil), s...)
	for _, p := range foldNext {
		if s.contains(p[0]) && !s.contains(p[1]) {
			for r := p[1]; r != p[0]; r = SimpleFold(r) {
				out = append(out, rrange{r, r})
			}
		}
	}
	return canon(out)
}

// foldASCII closes s under ASCII case folding, as the regex crate does with Unicode mode off.
func (s runeSet) foldASCII() runeSet {
	out := append([]rrange(nil), s...)
	for _, r := range s.intersect(runeSet{{'A', 'Z'}, {'a', 'z'}}) {
		out = append(out, rrange{r.lo ^ 0x20, r.hi ^ 0x20})
	}
	return canon(out)
}

// writeRune writes r for a pattern of Go's regexp or regexp2: ASCII letters and digits as themselves,
// everything else as \x{..}, which both read the same inside and outside classes.
func writeRune(b *strings.Builder, r rune) {
	if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
		b.WriteRune(r)
		return
	}
	b.WriteString(`\x{`)
	b.WriteString(strconv.FormatInt(int64(r), 16))
	b.WriteByte('}')
}

// writeClass writes s as a bracketed class whose every member is explicit. It writes the shorter of s and of
// its complement (as [^..]); the empty set is [^\x{0}-\x{10ffff}], which never matches.
func writeClass(b *strings.Builder, s runeSet) {
	if len(s) == 0 {
		b.WriteString(`[^\x{0}-\x{10ffff}]`)
		return
	}
	if len(s) == 1 && s[0].lo == s[0].hi {
		writeRune(b, s[0].lo)
		return
	}
	// The complement over all of 0..10FFFF (surrogates included) is what [^..] means to both engines; a
	// haystack never holds a surrogate, so adding them to s where that shortens the class changes nothing.
	full := s.union(surrogates)
	comp := runeSet{{0, utf8.MaxRune}}.minus(full)
	if len(full) < len(s) {
		s = full
	}
	if len(comp) == 0 {
		b.WriteString(`[\x{0}-\x{10ffff}]`)
		return
	}
	b.WriteByte('[')
	if len(comp) < len(s) {
		b.WriteByte('^')
		s = comp
	}
	for _, r := range s {
		writeRune(b, r.lo)
		if r.hi > r.lo {
			if r.hi > r.lo+1 {
				b.WriteByte('-')
			}
			writeRune(b, r.hi)
		}
	}
	b.WriteByte(']')
}
