package rustre

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// IsDigit reports whether r is \d of the regex crate as polars uses it (\p{Nd}, Unicode 16).
func IsDigit(r rune) bool {
	if r < 0x80 {
		return '0' <= r && r <= '9'
	}
	return unicode.Is(Digit, r)
}

// SimpleFold is like unicode.SimpleFold but follows the simple case folding orbits of the regex crate as
// polars uses it (Unicode 16): it returns the smallest member of r's orbit larger than r, or the smallest
// member if r is the largest, or r itself if r has no other case.
func SimpleFold(r rune) rune {
	i := sort.Search(len(foldNext), func(i int) bool { return foldNext[i][0] >= r })
	if i < len(foldNext) && foldNext[i][0] == r {
		return foldNext[i][1]
	}
	return r
}

var setCache sync.Map // key -> runeSet

// propertySet decodes propertySets[key] (see encodeRanges in internal/gen).
func propertySet(key string) (runeSet, bool) {
	if v, ok := setCache.Load(key); ok {
		return v.(runeSet), true
	}
	enc, ok := propertySets[key]
	if !ok {
		return nil, false
	}
	var s runeSet
	next := rune(0)
	for _, f := range strings.Fields(enc) {
		gap, length, _ := strings.Cut(f, ".")
		g, _ := strconv.ParseInt(gap, 16, 32)
		n := int64(0)
		if length != "" {
			n, _ = strconv.ParseInt(length, 16, 32)
		}
		lo := next + rune(g)
		s = append(s, rrange{lo, lo + rune(n)})
		next = lo + rune(n) + 1
	}
	setCache.Store(key, s)
	return s, true
}

func mustSet(key string) runeSet {
	s, ok := propertySet(key)
	if !ok {
		panic("rustre: generated table lacks " + key)
	}
	return s
}

// normalizeName applies UAX44-LM3 as the regex crate does: drop a leading "is", spaces, '_' and '-', and
// every non-ASCII byte; lower-case the rest. "isc" stays "isc" (ISO_Comment's alias is not "c").
func normalizeName(name string) string {
	startsWithIs := len(name) >= 2 && strings.EqualFold(name[:2], "is")
	if startsWithIs {
		name = name[2:]
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == ' ' || c == '_' || c == '-' || c >= 0x80:
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	if startsWithIs && out == "c" {
		return "isc"
	}
	return out
}

var byValueProps = map[string]string{
	"General_Category":       "gc",
	"Script":                 "sc",
	"Script_Extensions":      "scx",
	"Age":                    "age",
	"Grapheme_Cluster_Break": "gcb",
	"Sentence_Break":         "sb",
	"Word_Break":             "wb",
}

// gencat resolves a normalized General_Category value, including the regex crate's Any, ASCII and Assigned.
func gencat(v string) (runeSet, bool) {
	switch v {
	case "any":
		return single(0, 0x10FFFF).minus(surrogates), true
	case "ascii":
		return single(0, 0x7F), true
	case "assigned":
		return mustSet("gc:Unassigned").negate(), true
	}
	key, ok := propertyValues["gc:"+v]
	if !ok {
		return nil, false
	}
	return mustSet(key), true
}

// completeValues lists the properties whose every value name (long, short and alias) is in the tables, so
// that a value not found there is one polars rejects: General_Category (all its names come from Go's
// unicode.Categories and unicode.CategoryAliases) and Age (Unicode versions). The names of Script,
// Script_Extensions and the segmentation properties are the long ones only.
var completeValues = map[string]bool{"gc": true, "age": true}

// mayBeAlias reports whether a normalized name not in the tables could still be a Unicode alias polars
// accepts: one that blaze leaves out (four-letter script codes such as grek, short names of binary
// properties such as alpha, short values such as wb=LE). Those are letters only and at least two long.
func mayBeAlias(norm string) bool {
	if len(norm) < 2 {
		return false
	}
	for i := 0; i < len(norm); i++ {
		if norm[i] < 'a' || norm[i] > 'z' {
			return false
		}
	}
	return true
}

// lookupProperty resolves \p{name} (value == "" and !byValue) or \p{name=value} the way the regex crate does.
// It returns the set, or a *SyntaxError where polars rejects the name, or an *UnsupportedError for a name
// that blaze's tables do not carry but that may be a valid alias (blaze knows long names; see
// internal/gen/names.go). pos and construct locate the class in the pattern.
func lookupProperty(name, value string, byValue bool, pos int, construct string) (runeSet, error) {
	notFound := &SyntaxError{Offset: pos, Msg: "Unicode property not found"}
	valueNotFound := &SyntaxError{Offset: pos, Msg: "Unicode property value not found"}
	if !byValue {
		norm := normalizeName(name)
		// cf, sc and lc are general categories here, not the properties they also abbreviate.
		if norm != "cf" && norm != "sc" && norm != "lc" {
			if canon, ok := propertyNames[norm]; ok {
				if s, ok := propertySet("bool:" + canon); ok {
					return s, nil
				}
				return nil, notFound
			}
		}
		if s, ok := gencat(norm); ok {
			return s, nil
		}
		if key, ok := propertyValues["sc:"+norm]; ok {
			return mustSet(key), nil
		}
		_, rejectedGC := rejectedValues["gc:"+norm]
		_, rejectedSC := rejectedValues["sc:"+norm]
		if rejectedGC || rejectedSC || !mayBeAlias(norm) {
			return nil, notFound
		}
		return nil, &UnsupportedError{Engine: engineBlaze, Offset: pos, Construct: construct,
			Hint: `the name is not in blaze's tables, which hold long names and the general category abbreviations: ` +
				`write the long name, such as \p{Greek} for \p{Grek} or \p{Alphabetic} for \p{Alpha}`}
	}
	// The regex crate takes values only for the properties in byValueProps, and the tables hold every
	// name of those: any other property name is an error in polars.
	canon, ok := propertyNames[normalizeName(name)]
	if !ok {
		return nil, notFound
	}
	short, ok := byValueProps[canon]
	if !ok {
		return nil, valueNotFound
	}
	v := normalizeName(value)
	if short == "gc" {
		if s, ok := gencat(v); ok {
			return s, nil
		}
	} else if key, ok := propertyValues[short+":"+v]; ok {
		return mustSet(key), nil
	}
	if _, rejected := rejectedValues[short+":"+v]; rejected || completeValues[short] || !mayBeAlias(v) {
		return nil, valueNotFound
	}
	return nil, &UnsupportedError{Engine: engineBlaze, Offset: pos, Construct: construct,
		Hint: `the value is not in blaze's tables, which hold long value names: ` +
			`write the long name, such as \p{sc=Greek} for \p{sc=Grek} or \p{wb=ALetter} for \p{wb=LE}`}
}
