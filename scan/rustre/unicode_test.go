package rustre

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func count(t *unicode.RangeTable) (n, ranges int) {
	for _, r := range t.R16 {
		n += int(r.Hi-r.Lo)/int(r.Stride) + 1
		ranges++
	}
	for _, r := range t.R32 {
		n += int(r.Hi-r.Lo)/int(r.Stride) + 1
		ranges++
	}
	return n, ranges
}

// The sizes below were measured with polars by hand (see docs/regex.md), independently of the generator.
func TestPerlClassSizes(t *testing.T) {
	if n, r := count(Digit); n != 760 || r != 71 {
		t.Errorf("Digit: %d code points in %d ranges, polars has 760 in 71", n, r)
	}
	if n, _ := count(Word); n != 144667 {
		t.Errorf("Word: %d code points, polars has 144667", n)
	}
	if n, _ := count(Space); n != 25 {
		t.Errorf("Space: %d code points, polars has 25", n)
	}
}

func TestIsDigit(t *testing.T) {
	for _, r := range []rune{'0', '9', '٣', '３', '𝟙', 0x10D40, 0x1CCF0, 0x16130, 0x11BF0} {
		if !IsDigit(r) {
			t.Errorf("IsDigit(%U) = false", r)
		}
	}
	for _, r := range []rune{'²', 'Ⅻ', 'a', '/', ':', -1, 0x110000} {
		if IsDigit(r) {
			t.Errorf("IsDigit(%U) = true", r)
		}
	}
	// Unicode 15 digits are digits in both; Go's table is the independent reference there.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Nd, r) && !IsDigit(r) {
			t.Fatalf("%U is Nd in Go's Unicode %s but not IsDigit", r, unicode.Version)
		}
	}
}

func orbit(r rune, fold func(rune) rune) map[rune]bool {
	o := map[rune]bool{r: true}
	for f := fold(r); f != r; f = fold(f) {
		if o[f] || len(o) > 8 {
			return nil // not a cycle through r
		}
		o[f] = true
	}
	return o
}

func TestSimpleFold(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want []rune
	}{
		{'k', []rune{'K', 'k', 0x212A}},
		{'s', []rune{'S', 's', 0x17F}},
		{'ß', []rune{'ß', 0x1E9E}},
		{'σ', []rune{'Σ', 'σ', 'ς'}},
		{'İ', []rune{'İ'}},
		{'ı', []rune{'ı'}},
		{0x10D50, []rune{0x10D50, 0x10D70}}, // Garay, new in Unicode 16
	} {
		o := orbit(c.r, SimpleFold)
		if len(o) != len(c.want) {
			t.Errorf("orbit of %U: %v, want %U", c.r, o, c.want)
		}
		for _, w := range c.want {
			if !o[w] {
				t.Errorf("orbit of %U lacks %U", c.r, w)
			}
		}
	}
	// Differential against Go's Unicode 15.0 folding: orbits may differ only where a member is new in
	// Unicode 16 (not in \p{Age=15.1}), or for the three pairs CaseFolding.txt gained in Unicode 15.1
	// (polars confirms: (?i)\x{FB05} matches U+FB06).
	old := mustSet("age:V15_1")
	added151 := map[rune]bool{0x390: true, 0x1FD3: true, 0x3B0: true, 0x1FE3: true, 0xFB05: true, 0xFB06: true}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		ours, gos := orbit(r, SimpleFold), orbit(r, unicode.SimpleFold)
		if ours == nil {
			t.Fatalf("SimpleFold does not cycle through %U", r)
		}
		same := len(ours) == len(gos)
		for m := range gos {
			same = same && ours[m]
		}
		if same {
			continue
		}
		newer := false
		for m := range ours {
			newer = newer || added151[m]
			newer = newer || !old.contains(m)
		}
		if !newer {
			t.Errorf("orbit of %U: ours %v, Go's %v, and all members are older than Unicode 16", r, ours, gos)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"Greek": "greek", "Is_Greek": "greek", "IsC": "isc", "is c": "isc", "General-Category": "generalcategory",
		"L": "l", "é L": "l", "ASCII_Hex_Digit": "asciihexdigit", "1.1": "1.1",
	} {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSetOps(t *testing.T) {
	a := canon([]rrange{{'a', 'f'}, {'x', 'z'}})
	b := canon([]rrange{{'d', 'y'}})
	check := func(name string, got, want runeSet) {
		t.Helper()
		if !got.equal(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("union", a.union(b), runeSet{{'a', 'z'}})
	check("intersect", a.intersect(b), runeSet{{'d', 'f'}, {'x', 'y'}})
	check("minus", a.minus(b), runeSet{{'a', 'c'}, {'z', 'z'}})
	check("symdiff", a.symdiff(b), runeSet{{'a', 'c'}, {'g', 'w'}, {'z', 'z'}})
	check("negate twice", a.negate().negate(), a)
	check("negate", runeSet(nil).negate(), runeSet{{0, 0xD7FF}, {0xE000, 0x10FFFF}})
	check("foldASCII", single('k', 'k').foldASCII(), runeSet{{'K', 'K'}, {'k', 'k'}})
	check("foldSimple", single('k', 'k').foldSimple(), runeSet{{'K', 'K'}, {'k', 'k'}, {0x212A, 0x212A}})
}

// fromTable converts one of Go's range tables to a runeSet.
func fromTable(t *unicode.RangeTable) runeSet {
	var rs []rrange
	for _, r := range t.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			rs = append(rs, rrange{c, c})
		}
	}
	for _, r := range t.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			rs = append(rs, rrange{c, c})
		}
	}
	return canon(rs)
}

// TestGoNames checks the names the tables were generated from against Go's own Unicode 15.0 tables, which
// are independent of polars: every name of unicode.Categories, unicode.CategoryAliases, unicode.Scripts and
// unicode.Properties resolves (but Cs and Surrogate, which polars rejects), and on the code points Go
// knows as assigned, general categories and scripts agree with Go's tables exactly, and binary properties
// only gained members from 15.0 to 16.0. The exceptions are changes of the Unicode standard that polars
// shows: U+1171E is Mn in 15.0 and Mc in 16.0, U+0836 left Terminal_Punctuation.
func TestGoNames(t *testing.T) {
	var assigned runeSet
	for _, c := range []string{"L", "M", "N", "P", "S", "Z", "Cc", "Cf", "Co"} {
		assigned = assigned.union(fromTable(unicode.Categories[c]))
	}
	changed := map[string]runeSet{
		"gc Mn": single(0x1171E, 0x1171E), "gc Mc": single(0x1171E, 0x1171E),
		"bool Terminal_Punctuation": single(0x836, 0x836),
	}
	// check looks up \p{name} (prop == "") or \p{prop=name} and compares it with table, which is Go's table
	// for the value key names; exact false only requires that Go's members are ours.
	check := func(key, prop, name string, table *unicode.RangeTable, exact bool) {
		t.Helper()
		pattern := `\p{` + name + `}`
		if prop != "" {
			pattern = `\p{` + prop + "=" + name + `}`
		}
		s, err := lookupProperty(prop, name, true, 0, pattern)
		if prop == "" {
			s, err = lookupProperty(name, "", false, 0, pattern)
		}
		if strings.HasSuffix(key, " Cs") {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("%s: %v, want a SyntaxError (polars rejects it)", pattern, err)
			}
			return
		}
		if err != nil {
			t.Errorf("%s: %v", pattern, err)
			return
		}
		if table == nil {
			if len(s) == 0 {
				t.Errorf("%s is empty", pattern)
			}
			return
		}
		gos := fromTable(table)
		diff := gos.minus(s)
		if exact {
			diff = diff.union(s.minus(gos))
		}
		if diff = diff.intersect(assigned).minus(changed[key]); len(diff) > 0 {
			t.Errorf("%s differs from Go's Unicode %s table %s at %U", pattern, unicode.Version, key, diff[0].lo)
		}
	}
	for name, table := range unicode.Categories {
		check("gc "+name, "", name, table, true)
		check("gc "+name, "gc", name, table, true)
	}
	for name, short := range unicode.CategoryAliases {
		check("gc "+short, "", name, unicode.Categories[short], true)
		check("gc "+short, "General_Category", name, unicode.Categories[short], true)
	}
	for name, table := range unicode.Scripts {
		check("sc "+name, "", name, table, true)
		check("sc "+name, "sc", name, table, true)
		check("scx "+name, "scx", name, nil, false) // Script_Extensions differs from Script by design
	}
	for name, table := range unicode.Properties {
		check("bool "+name, "", name, table, false)
	}
}

func TestLookupPropertyErrors(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    string // "set", "syntax" or "unsupported"
	}{
		{`\p{Greek}`, "set"}, {`\p{IsGreek}`, "set"}, {`\p{sc=Greek}`, "set"}, {`\p{Script_Extensions=Greek}`, "set"},
		{`\p{Garay}`, "set"}, {`\p{scx=Tulu_Tigalari}`, "set"}, {`\p{Lu}`, "set"}, {`\p{Uppercase_Letter}`, "set"},
		{`\p{gc=punct}`, "set"}, {`\p{digit}`, "set"}, {`\p{Combining_Mark}`, "set"}, {`\p{LC}`, "set"},
		{`\p{sc}`, "set"}, {`\p{cf}`, "set"}, {`\p{Any}`, "set"}, {`\p{Assigned}`, "set"}, {`\p{STerm}`, "set"},
		{`\p{Alphabetic}`, "set"}, {`\p{White Space}`, "set"}, {`\p{age=16.0}`, "set"}, {`\p{Age:V6_0}`, "set"},
		{`\p{wb=ALetter}`, "set"}, {`\p{Grapheme_Cluster_Break=Extend}`, "set"}, {`\p{SB=STerm}`, "set"},
		// Names polars rejects.
		{`\pX`, "syntax"}, {`\p{}`, "syntax"}, {`\p{L&}`, "syntax"}, {`\p{gc=Foo}`, "syntax"}, {`\p{Age=17.0}`, "syntax"},
		{`\p{age=Unassigned}`, "syntax"}, {`\p{sc=Unknown}`, "syntax"}, {`\p{Unknown}`, "syntax"},
		{`\p{Surrogate}`, "syntax"}, {`\p{gc}`, "syntax"}, {`\p{Script}`, "syntax"}, {`\p{scx}`, "syntax"},
		{`\p{InCB}`, "syntax"}, {`\p{isc}`, "syntax"}, {`\p{Bidi_Class=L}`, "syntax"}, {`\p{Greek=Foo}`, "syntax"},
		{`\p{Alphabetic=Yes}`, "syntax"}, {`\p{Full_Composition_Exclusion}`, "syntax"}, {`\p{wb=Other}`, "syntax"},
		{`\p{gcb=E_Base}`, "syntax"}, {`\p{sc=Greek1}`, "syntax"},
		// Names that may be aliases blaze does not carry (polars accepts the first five).
		{`\p{Grek}`, "unsupported"}, {`\p{sc=Latn}`, "unsupported"}, {`\p{alpha}`, "unsupported"},
		{`\p{wb=LE}`, "unsupported"}, {`\p{Zyyy}`, "unsupported"}, {`\p{Foo}`, "unsupported"},
	} {
		_, err := Translate(c.pattern)
		_, _, berr := TranslateBacktrack(c.pattern)
		var se *SyntaxError
		var ue *UnsupportedError
		got := "set"
		switch {
		case errors.As(err, &se):
			got = "syntax"
		case errors.As(err, &ue) && ue.Engine == engineBlaze && ue.Construct == c.pattern:
			got = "unsupported"
		case err != nil:
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: %s (%v), want %s", c.pattern, got, err, c.want)
		}
		if (err == nil) != (berr == nil) || err != nil && err.Error() != berr.Error() {
			t.Errorf("%s: Translate gives %v, TranslateBacktrack %v", c.pattern, err, berr)
		}
	}
}
