package rustre

import (
	"errors"
	"strings"
	"testing"
)

// TestParseDeep feeds patterns nested far beyond the limit: each must give a *SyntaxError quickly, with the
// parser's recursion bounded (a million open groups would otherwise need a deep stack).
func TestParseDeep(t *testing.T) {
	const n = 1_000_000
	for name, p := range map[string]string{
		"groups":           strings.Repeat("(", n) + "a" + strings.Repeat(")", n),
		"unclosed groups":  strings.Repeat("(", n),
		"non-capturing":    strings.Repeat("(?:", n) + "a" + strings.Repeat(")", n),
		"brackets":         strings.Repeat("[", n) + "a" + strings.Repeat("]", n),
		"repetitions":      "a" + strings.Repeat("*", n),
		"set operations":   "[a" + strings.Repeat("&&a", n) + "]",
		"groups, repeated": strings.Repeat("(", n) + "a" + strings.Repeat(")*", n),
	} {
		_, err := Translate(p)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: %v, want a SyntaxError", name, err)
			continue
		}
		if se.Offset < 0 || se.Offset > len(p) {
			t.Errorf("%s: offset %d outside the pattern", name, se.Offset)
		}
	}
}

// TestParseLongFlat checks that long patterns without nesting are not rejected by the nesting limit.
func TestParseLongFlat(t *testing.T) {
	for _, p := range []string{
		"(" + strings.Repeat("a", 100_000) + ")",
		"(" + strings.Repeat("a|", 100_000) + "b)",
		"([" + strings.Repeat("ab", 50_000) + "])",
		"(?x)(" + strings.Repeat(" #c\n", 50_000) + "a)",
	} {
		if _, err := compile(p); err != nil {
			t.Errorf("%.20q...: %v", p, err)
		}
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	for p, off := range map[string]int{"\xff": 0, "a\xffb": 1, "(é\xe9)": 3} {
		_, err := Translate(p)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset != off {
			t.Errorf("%q: %v, want a SyntaxError at offset %d", p, err, off)
		}
	}
}

// TestParseFlagsResolved checks that every node carries the flags in force where it was written: a (?flags)
// item lasts to the end of its group, across alternatives, and a group restores the flags around it.
func TestParseFlagsResolved(t *testing.T) {
	n, err := parse(`a(?i)b|c((?-i)d)e(?x: f)`)
	if err != nil {
		t.Fatal(err)
	}
	lits := map[rune]flags{}
	var walk func(*node)
	walk = func(n *node) {
		if n.op == opLiteral {
			lits[n.r] = n.fl
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	want := map[rune]bool{'a': false, 'b': true, 'c': true, 'd': false, 'e': true, 'f': true}
	for r, i := range want {
		if fl, ok := lits[r]; !ok || fl.i != i || !fl.u {
			t.Errorf("%c: flags %+v (found %v), want i=%v", r, fl, ok, i)
		}
	}
	if !lits['f'].x || lits['e'].x {
		t.Errorf("x flag: e %v, f %v", lits['e'].x, lits['f'].x)
	}
}
