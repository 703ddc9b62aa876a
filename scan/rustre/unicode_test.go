package rustre

import (
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
