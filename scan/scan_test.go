package scan

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/scan/rustre"
)

func mustCompile(t testing.TB, pattern string, opts Options) *Compiled {
	t.Helper()
	c, err := Compile(pattern, opts)
	if err != nil {
		t.Fatalf("Compile(%q): %v", pattern, err)
	}
	return c
}

func match(t testing.TB, m Matcher, s string) bool {
	t.Helper()
	ok, err := m.Match([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestDefaultPatternPolars checks values whose answers were read off polars (nodejs-polars 0.26.1, Rust regex
// with Unicode 16 tables): str.extract("(?im)(blazing|blazingly|\d+)", 1) is not null exactly for these.
func TestDefaultPatternPolars(t *testing.T) {
	cases := map[string]bool{
		"٣": true, "３": true, "𝟙": true, "\U00010D40": true, "\U0001CCF0": true, "\U00016130": true, "\U00011BF0": true,
		"²": false, "Ⅻ": false, "BLAZİNG": false, "blazıng": false, "BlAzInG": true, "x": false, "": false,
		"blazin": false, "blaz ing": false, "Blazingly fast": true, "v1": true, "日本語のREADME": false,
	}
	fast := mustCompile(t, DefaultPattern, Options{})
	if fast.Kind != "digit-or-blazing" {
		t.Fatalf("the default pattern runs as %q, want the fast path", fast.Kind)
	}
	ref := mustCompile(t, DefaultPattern, Options{Reference: true})
	bt := mustCompile(t, DefaultPattern, Options{Engine: EngineBacktrack})
	for s, want := range cases {
		for _, m := range []*Compiled{fast, ref, bt} {
			if got := match(t, m, s); got != want {
				t.Errorf("%s: %q: %v, polars says %v", m.Kind, s, got, want)
			}
		}
	}
}

func TestFastPathShapes(t *testing.T) {
	for pat, want := range map[string]string{
		`(?im)(blazing|blazingly|\d+)`: "digit-or-blazing",
		`(?i)(\d|blazing)`:             "digit-or-blazing",
		`(?i)(blazing|\d{1,})`:         "digit-or-blazing",
		`(blazing|\d+)`:                "regexp+prefilter", // case-sensitive: not the fast path
		`(?i)(blazing|\d{2})`:          "regexp+prefilter", // two digits in a row
		`(?i)(blazing)|(\d+)`:          "regexp+prefilter", // group 1 is not the whole pattern
		`(?i)(blazingl|\d)`:            "regexp+prefilter",
		`(?i)blazing|\d+`:              "never", // no capture group
		`(\d*)`:                        "regexp",
	} {
		c := mustCompile(t, pat, Options{})
		if c.Kind != want {
			t.Errorf("%s runs as %q, want %q", pat, c.Kind, want)
		}
	}
}

var corpusPieces = []string{"The ", "quick ", "blazing", "BLAZINGLY", "Blazin", "g", "b", "B", "lazing", "blaz", "ing",
	"١", "٣", "३", "１", "𝟙", "\U00010D40", "²", "Ⅻ", "İ", "ı", "日本", "🚀", "é", "\r\n", "\n", ",", "\"", "0", "9",
	"v", "x", " ", "\u00a0", "rust", "tokio", "Rust", "K", "\u212a", "ſ", "ß", "ẞ"}

func randomValue(rng *rand.Rand) string {
	var b strings.Builder
	n := rng.IntN(30)
	if rng.IntN(10) == 0 {
		n = 100 + rng.IntN(400)
	}
	for range n {
		p := corpusPieces[rng.IntN(len(corpusPieces))]
		if rng.IntN(3) == 0 && (p == "0" || p == "9" || p == "١" || p == "٣" || p == "३" || p == "１" || p == "𝟙") {
			continue // keep many values digit-free so both answers are common
		}
		b.WriteString(p)
	}
	return b.String()
}

// TestMatchersAgainstReference compares every fast path with the plain engine, and the backtracking engine
// with both, over random README-like values.
func TestMatchersAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, pat := range []string{DefaultPattern, `(?i)(rust|tokio)`, `(?i)(ſ|k)`, `([٣३])`, `(?m)^(\d+)$`,
		`(b)(?:lazing)`, `(a)|b`, `x(\d)?`, `(\w+)`, `(é\s)`} {
		fast := mustCompile(t, pat, Options{})
		ref := mustCompile(t, pat, Options{Reference: true})
		bt := mustCompile(t, pat, Options{Engine: EngineBacktrack})
		for range 3000 {
			v := randomValue(rng)
			want := match(t, ref, v)
			if got := match(t, fast, v); got != want {
				t.Fatalf("%s (%s) on %q: %v, reference %v", pat, fast.Kind, v, got, want)
			}
			if got := match(t, bt, v); got != want {
				t.Fatalf("%s (backtrack) on %q: %v, reference %v", pat, v, got, want)
			}
		}
	}
}

func FuzzDigitOrBlazing(f *testing.F) {
	for _, s := range []string{"", "blazing", "bLaZiNg", "blazin", "٣", "x²", "BLAZİNG", strings.Repeat("b", 70) + "lazing",
		"\xe0٣", "\xf0\x9f٣", "日本\U00010D40", "\U0001D7CE", `bla"zing`, `"1"`, `blazing"`} {
		f.Add([]byte(s))
	}
	ref := mustCompile(f, DefaultPattern, Options{Reference: true})
	f.Fuzz(func(t *testing.T, b []byte) {
		// The block-skipping digit search against decoding every rune, on any bytes.
		want := false
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r >= utf8.RuneSelf && rustre.IsDigit(r) {
				want = true
				break
			}
			i += n
		}
		if got := hasNonASCIIDigit(b); got != want {
			t.Fatalf("hasNonASCIIDigit(%q) = %v, want %v", b, got, want)
		}
		if !utf8.Valid(b) {
			return // values are valid UTF-8: the CSV reader checks
		}
		got, _ := DigitOrBlazing{}.Match(b)
		wantRe, _ := ref.Match(b)
		if got != wantRe {
			t.Fatalf("%q: fast %v, regexp %v", b, got, wantRe)
		}
		// QuoteTransparent: the same answer on the field as the CSV escapes it.
		if esc, _ := (DigitOrBlazing{}).Match(bytes.ReplaceAll(b, []byte{'"'}, []byte{'"', '"'})); esc != got {
			t.Fatalf("%q: %v, but %v with its quotes doubled", b, got, esc)
		}
	})
}

func FuzzPrefilter(f *testing.F) {
	patterns := []string{`(?i)(rust|tokio)`, `(foo\d+bar)`, `(?i)(ß|k)`, `(日本|🚀)`, `([a-c]x|y)`, `(?s)(a.b)`}
	for i, s := range []string{"rust", "TOKIO", "foo12bar", "ẞ", "\u212a", "日本", "ax", "a\nb"} {
		f.Add(uint8(i), []byte(s))
	}
	var fast, ref []*Compiled
	for _, p := range patterns {
		fast = append(fast, mustCompile(f, p, Options{}))
		ref = append(ref, mustCompile(f, p, Options{Reference: true}))
	}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		i := int(which) % len(patterns)
		got, _ := fast[i].Match(b)
		want, _ := ref[i].Match(b)
		if got != want {
			t.Fatalf("%s (%s) on %q: %v, reference %v", patterns[i], fast[i].Kind, b, got, want)
		}
	})
}

func TestCountColumn(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	vals := []string{"", "v1", "nothing here", "", "a rather long value that is not inline, blazing", "x"}
	valid := []bool{false, true, true, true, true, true}
	for _, build := range []func() (arrow.Array, error){
		func() (arrow.Array, error) {
			b := array.NewStringViewBuilder(mem)
			defer b.Release()
			b.AppendValues(vals, valid)
			return b.NewArray(), nil
		},
		func() (arrow.Array, error) {
			b := array.NewStringBuilder(mem)
			defer b.Release()
			b.AppendValues(vals, valid)
			return b.NewArray(), nil
		},
	} {
		a, _ := build()
		for pat, want := range map[string]Counts{
			DefaultPattern:       {Matched: 2, Total: 6, Null: 1, Empty: 1},
			`(\d*)`:              {Matched: 5, Total: 6, Null: 1, Empty: 1}, // "" extracts "": not null
			`(?i)(blazing)|(\d)`: {Matched: 1, Total: 6, Null: 1, Empty: 1},
		} {
			got, err := CountColumn(mustCompile(t, pat, Options{}), a)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s on %s: %+v, want %+v", pat, a.DataType(), got, want)
			}
		}
		a.Release()
	}
}

func TestQuoteTransparent(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{DefaultPattern, true},
		{`(?i)(blazing|\d+)`, true},
		{`blazing`, true}, // no group: never matches
		{`(\d+)"`, false},
		{`(\w+)`, false},
	} {
		p := mustCompile(t, c.pattern, Options{})
		if got := p.QuoteTransparent(); got != c.want {
			t.Errorf("%s (%s): QuoteTransparent %v, want %v", c.pattern, p.Kind, got, c.want)
		}
	}
	// The reference engine unescapes: never transparent.
	if mustCompile(t, DefaultPattern, Options{Reference: true}).QuoteTransparent() {
		t.Error("reference regexp reported QuoteTransparent")
	}
}
