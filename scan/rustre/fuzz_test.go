package rustre

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dlclark/regexp2"
)

// patternGen turns fuzz bytes into a pattern of the regex crate's syntax and a haystack, so that the fuzzer
// explores valid patterns instead of mostly syntax errors.
type patternGen struct {
	data []byte
	i    int
}

func (g *patternGen) next() int {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return int(g.data[g.i-1])
}

func (g *patternGen) pick(list []string) string { return list[g.next()%len(list)] }

var (
	fuzzAtoms = []string{
		"a", "b", "k", "K", "s", "ß", "σ", "é", "1", "٣", "_", " ", `\x{212A}`, `\u017F`, `\n`, `\r`, `\.`,
		`\d`, `\w`, `\s`, `\D`, `\W`, `\S`, ".", `\pL`, `\p{Lu}`, `\P{Greek}`, `\p{Nd}`,
		"[a-c]", "[^ab]", `[\w&&\p{Greek}]`, `[\d--[0-5]]`, `[k-s~~a-m]`, "[[:alpha:]]", "[[:^digit:]]", "[]a-]",
		"^", "$", `\A`, `\z`, `\b`, `\B`, `(?-u:\b)`, `(?-u:\B)`, `\b{start}`, `\b{end}`, `\<`, `\>`,
	}
	fuzzGroups = []string{"(", "(?:", "(?i:", "(?-i:", "(?m:", "(?s:", "(?U:", "(?x:", "(?-u:", "(?P<n%d>", "(?R:", "(?mR:"}
	fuzzReps   = []string{"*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,2}?", "{2,}"}
	fuzzFlags  = []string{"(?i)", "(?m)", "(?s)", "(?U)", "(?-i)", "(?mR)"}
	fuzzHay    = []string{"a", "b", "k", "K", "\u212a", "s", "S", "\u017f", "ß", "ẞ", "σ", "ς", "Σ", "é", "e\u0301",
		"1", "٣", "\U00010d40", "_", " ", "\n", "\r\n", "\r", "x", "😀", "日", "Ω", "İ", "ı", ".", "-"}
)

func (g *patternGen) expr(depth int) string {
	var b strings.Builder
	n := 1 + g.next()%3
	for i := 0; i < n; i++ {
		switch c := g.next() % 10; {
		case c < 5 || depth > 3:
			b.WriteString(g.pick(fuzzAtoms))
		case c < 7:
			open := g.pick(fuzzGroups)
			if strings.Contains(open, "%d") {
				open = strings.Replace(open, "%d", string(rune('a'+g.i%26))+string(rune('a'+depth)), 1)
			}
			b.WriteString(open + g.expr(depth+1) + ")")
		case c < 8:
			b.WriteString(g.expr(depth+1) + "|" + g.expr(depth+1))
		default:
			b.WriteString(g.pick(fuzzFlags))
		}
		if g.next()%3 == 0 {
			b.WriteString(g.pick(fuzzReps))
		}
	}
	return b.String()
}

func (g *patternGen) haystack() string {
	var b strings.Builder
	n := g.next() % 12
	for i := 0; i < n; i++ {
		b.WriteString(g.pick(fuzzHay))
	}
	return b.String()
}

// syntaxTokens are pieces of the regex crate's syntax, put side by side at random by (*patternGen).syntax to
// exercise the parser's corners: class brackets, dashes and set operators, escapes, counted repetitions,
// verbose-mode white space and comments, flag groups, group names. Most results are invalid patterns,
// which is the point: the parser must reject exactly what polars rejects.
var syntaxTokens = []string{
	"a", "b", "a", "b", "k", "K", "é", "σ", "ς", "\u212a", "0", "1", "2", "-", "-", "&", "~", "^", "]", "[", "[", "(", ")",
	"|", "*", "+", "?", "{", "}", ",", "{2}", "{1,2}", "{0,}", "{ 1 , 2 }", "* ?", "+ ?", "{1,2} ?", "*#\n?",
	"{1,2}#c\n?", "- ]", "-#]", "-#c\n]", "- -", "&&", "--", "~~", ".", "$", " ", " ", "\t", "\n", "#", "#c\n",
	"\u00a0", "\u3000", ":", "[:alpha:]", "[:^digit:]", "[[:word:]]", "[: alpha:]", "\\", "\\d", "\\w", "\\s",
	"\\D", "\\b", "\\B", "\\A", "\\z", "\\<", "\\>", "\\b{start}", "\\b{end}", "\\b{", "\\pL",
	"\\p{Lu}", "\\P{Greek}", "\\p{sc!=Greek}", "\\p", "\\P", "\\x41", "\\x{62}", "\\u0061", "\\xFF",
	"\\x{FF}", "\\x", "\\u{", "\\U", "\\-", "\\]", "\\[", "\\^", "\\&", "\\ ", "\\#", "\\\n",
	"\\t", "\\n", "\\Q", "\\1", "(?i)", "(?x)", "(?-x)", "(?i:", "(?x:", "(?s)", "(?m)", "(?U)", "(?-u)",
	"(?-u:", "(?R)", "(?mR)", "(?P<n>", "(?<m>", "(?", "P", "<", ">", "!", "=", "x", "u", "U", "p", "_",
}

// syntax returns a pattern of a few syntax tokens, wrapped so that it usually has a group 1.
func (g *patternGen) syntax() string {
	var b strings.Builder
	n := 1 + g.next()%12
	for i := 0; i < n; i++ {
		b.WriteString(g.pick(syntaxTokens))
	}
	switch g.next() % 5 {
	case 0, 1:
		return "(" + b.String() + ")"
	case 2:
		return "([" + b.String() + "])"
	case 3:
		return "(?x)([" + b.String() + "])"
	}
	return "(?x)(" + b.String() + ")"
}

type extraction struct{ whole, group1 *string }

func goExtract(re *regexp.Regexp, h string) extraction {
	m := re.FindStringSubmatchIndex(h)
	if m == nil {
		return extraction{}
	}
	w := h[m[0]:m[1]]
	e := extraction{whole: &w}
	if len(m) >= 4 && m[2] >= 0 {
		g := h[m[2]:m[3]]
		e.group1 = &g
	}
	return e
}

func backtrackExtract(re *regexp2.Regexp, h string) (extraction, error) {
	m, err := re.FindStringMatch(h)
	if err != nil || m == nil {
		return extraction{}, err
	}
	w := m.String()
	e := extraction{whole: &w}
	if g := m.GroupByNumber(1); g != nil && len(g.Captures) > 0 {
		s := g.String()
		e.group1 = &s
	}
	return e, nil
}

// checkPattern translates p for both engines, requires typed errors and no panic, and, when both
// translations exist, the same whole match and group 1 on h.
func checkPattern(t *testing.T, p, h string) {
	gs, gerr := Translate(p)
	bs, opt, berr := TranslateBacktrack(p)
	var se *SyntaxError
	var ue *UnsupportedError
	for _, err := range []error{gerr, berr} {
		if err != nil && !errors.As(err, &se) && !errors.As(err, &ue) {
			t.Fatalf("%q: untyped error %v", p, err)
		}
	}
	if errors.As(gerr, &se) != errors.As(berr, &se) {
		t.Fatalf("%q: Go translation says %v, backtrack translation %v", p, gerr, berr)
	}
	if errors.As(gerr, &se) && (se.Offset < 0 || se.Offset > len(p)) {
		t.Fatalf("%q: %v: offset outside the pattern", p, gerr)
	}
	if gerr != nil || berr != nil {
		return
	}
	gre, err := regexp.Compile(gs)
	if err != nil {
		t.Fatalf("%q: Go rejects %q: %v", p, gs, err)
	}
	bre, err := regexp2.Compile(bs, opt)
	if err != nil {
		t.Fatalf("%q: regexp2 rejects %q: %v", p, bs, err)
	}
	bre.MatchTimeout = time.Second
	want := goExtract(gre, h)
	got, err := backtrackExtract(bre, h)
	if err != nil {
		return // a timeout: catastrophic backtracking is the caller's to bound
	}
	if show(got.whole) != show(want.whole) || show(got.group1) != show(want.group1) {
		t.Fatalf("%q on %q: Go engine whole=%s group1=%s, backtrack engine whole=%s group1=%s\nGo: %.400s\nbacktrack: %.400s",
			p, h, show(want.whole), show(want.group1), show(got.whole), show(got.group1), gs, bs)
	}
}

func FuzzTranslate(f *testing.F) {
	for _, s := range []string{"", "\x00\x01\x02", "blazing", "\x05\x06\x07\x08\x09\x0a\x0b", "(?i)k|\\d+\x03\x11"} {
		f.Add([]byte(s), s)
	}
	f.Fuzz(func(t *testing.T, data []byte, raw string) {
		// Any string as a pattern: typed errors with an offset in the pattern, no panic.
		_, err := Translate(raw)
		var se *SyntaxError
		var ue *UnsupportedError
		if err != nil && !errors.As(err, &se) && !errors.As(err, &ue) {
			t.Fatalf("%q: untyped error %v", raw, err)
		}
		if se != nil && (se.Offset < 0 || se.Offset > len(raw)) {
			t.Fatalf("%q: %v: offset outside the pattern", raw, err)
		}
		if _, _, err := TranslateBacktrack(raw); err != nil && !errors.As(err, &se) && !errors.As(err, &ue) {
			t.Fatalf("%q: untyped error %v", raw, err)
		}
		g := &patternGen{data: data}
		p := "(" + g.expr(0) + ")"
		if g.next()%4 == 0 {
			p = g.expr(0) // group 1 may be absent or elsewhere
		}
		checkPattern(t, p, g.haystack())
		checkPattern(t, g.syntax(), g.haystack())
	})
}

// TestFuzzGrammar runs the grammar deterministically over many seeds, so the normal test run covers it.
func TestFuzzGrammar(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	for seed := 0; seed < n; seed++ {
		data := make([]byte, 64)
		x := uint32(seed*2654435761 + 1)
		for i := range data {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			data[i] = byte(x)
		}
		g := &patternGen{data: data}
		p := "(" + g.expr(0) + ")"
		checkPattern(t, p, g.haystack())
		checkPattern(t, g.syntax(), g.haystack())
	}
}

// TestEnginesAgree checks hand-picked patterns where a backtracker and the regex crate's automata are
// known to part ways easily: bounded repetitions of bodies that can match empty, alternations that prefer
// the empty branch, lazy loops, and the ASCII word boundary that both engines express.
func TestEnginesAgree(t *testing.T) {
	hays := []string{"", "a", "aa", "ab", "abc", "bc", "b", "aab", "ba", "cab", "a b", "k\u212aK", "é a"}
	for _, p := range []string{
		`((a?){1,3}b)`, `(a?){0,2}`, `(a?){2,3}`, `((?:b?|c){0,3})`, `(?:(a)|b?){0,3}`, `(|a){2}`, `(a|){1,2}b`,
		`(a*?){1,2}`, `(a{0,2}?)(b)?`, `(?U)(a{1,3})`, `((?-u:\b)\w)`, `(\w(?-u:\B))`, `(?i)(k+)`, `(a|ab)(c|bcd)?`,
		`(?m)(^a$)`, `(?s)(.+?)b`, `(?:a{0,2}){2}(b)`,
	} {
		for _, h := range hays {
			checkPattern(t, p, h)
		}
	}
}
