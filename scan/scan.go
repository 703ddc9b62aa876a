// Package scan decides, value by value, what polars decides with str.extract(pattern, 1).is_not_null(): whether
// the leftmost-first match of a pattern in the syntax of Rust's regex crate exists and its group 1 takes part.
//
// Patterns are translated to Go's regexp syntax with the regex crate's semantics (package rustre: Unicode \d,
// \w, \s and simple case folding with the crate's Unicode tables). Compile then looks at the translated pattern:
// the talk's pattern, (?im)(blazing|blazingly|\d+), and any pattern of the same shape reduce to "holds an ASCII
// digit or 'blazing' in any case, or a non-ASCII decimal digit", which simdscan answers in one vector pass per
// value; other patterns run Go's regexp behind a literal prefilter; patterns Go's regexp cannot express run on
// regexp2, a backtracking engine, when asked for with EngineBacktrack.
package scan

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"time"

	"github.com/dlclark/regexp2"

	"github.com/blazetools/blaze/scan/rustre"
)

// DefaultPattern is the talk's pattern.
const DefaultPattern = `(?im)(blazing|blazingly|\d+)`

// A Matcher decides for one value whether polars' str.extract(pattern, 1) is not null. Matchers are safe for
// concurrent use.
type Matcher interface {
	// Match reports whether the value b (UTF-8 text) has a match whose group 1 takes part. The error is
	// non-nil only for engines that can fail on a value (a backtracking engine's time limit).
	Match(b []byte) (bool, error)
}

// Engine selects the regex engine for patterns that are not answered by the vector fast path.
type Engine int

const (
	// EngineRegexp is Go's regexp (RE2: linear time). Patterns it cannot express are rejected with an
	// *rustre.UnsupportedError that says what to do.
	EngineRegexp Engine = iota
	// EngineBacktrack is github.com/dlclark/regexp2, a backtracking engine that also expresses Unicode word
	// boundaries; each value's match is bounded by Options.Timeout.
	EngineBacktrack
)

// ParseEngine parses "regexp" (also "auto" and "") or "backtrack".
func ParseEngine(s string) (Engine, error) {
	switch s {
	case "", "auto", "regexp", "re2":
		return EngineRegexp, nil
	case "backtrack", "regexp2":
		return EngineBacktrack, nil
	}
	return 0, fmt.Errorf("unknown engine %q (want regexp or backtrack)", s)
}

// String returns the engine's name as ParseEngine accepts it.
func (e Engine) String() string {
	if e == EngineBacktrack {
		return "backtrack"
	}
	return "regexp"
}

// Options configures Compile.
type Options struct {
	Engine  Engine
	Timeout time.Duration // per value, for EngineBacktrack; 0 means one second
	// Reference compiles to the plain engine, without the vector fast path or the prefilter: the reference
	// that tests and benchmarks compare the fast paths with.
	Reference bool
}

// A Compiled is a compiled pattern: the Matcher and what Compile learned about the pattern.
type Compiled struct {
	Matcher
	Pattern string // as given
	Go      string // the translation that runs, in the engine's syntax
	Kind    string // "digit-or-blazing", "regexp", "regexp+prefilter", "backtrack" or "never"
	// Warning is set when the pattern is valid but cannot match as the user probably intends: a pattern with no
	// capture group makes polars' str.extract(pattern, 1) null for every row.
	Warning string
}

// Compile compiles pattern, in the syntax of Rust's regex crate. Syntax errors and patterns the engine
// cannot express are returned as errors that print as one line.
func Compile(pattern string, opts Options) (*Compiled, error) {
	c := &Compiled{Pattern: pattern}
	if opts.Engine == EngineBacktrack {
		return compileBacktrack(c, pattern, opts)
	}
	goPat, err := rustre.Translate(pattern)
	if err != nil {
		return nil, err
	}
	c.Go = goPat
	re, err := syntax.Parse(goPat, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: internal error: its Go translation %q does not parse: %v", pattern, goPat, err)
	}
	if re.MaxCap() == 0 {
		c.Kind, c.Matcher = "never", never{}
		c.Warning = noGroupWarning
		return c, nil
	}
	whole := wholeGroup(re)
	if !opts.Reference && whole && isDigitOrBlazing(re.Sub[0]) {
		c.Kind, c.Matcher = "digit-or-blazing", DigitOrBlazing{}
		return c, nil
	}
	rx, err := regexp.Compile(goPat)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: internal error: its Go translation does not compile: %v", pattern, err)
	}
	m := &regexpMatcher{re: rx, whole: whole}
	c.Kind, c.Matcher = "regexp", m
	if pf := newPrefilter(re); pf != nil && !opts.Reference {
		c.Kind, c.Matcher = "regexp+prefilter", &prefiltered{pre: pf, confirm: m}
	}
	return c, nil
}

// QuoteTransparent reports whether the Matcher gives the same answer on a value as on the value with each quote
// doubled, the way a CSV field holds it: true when no match can contain or touch a '"' (the digit-or-blazing
// fast path, and a pattern that never matches). A count can then scan the field's bytes as they are, without
// unescaping them first (columnar.Column.Escaped).
func (c *Compiled) QuoteTransparent() bool {
	return c.Kind == "digit-or-blazing" || c.Kind == "never"
}

const noGroupWarning = "the pattern has no capture group, so polars' str.extract(pattern, 1) is null for every row " +
	"and nothing counts; wrap the part to extract in parentheses"

func compileBacktrack(c *Compiled, pattern string, opts Options) (*Compiled, error) {
	pat, ropts, err := rustre.TranslateBacktrack(pattern)
	if err != nil {
		return nil, err
	}
	re, err := regexp2.Compile(pat, ropts)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: internal error: its regexp2 translation does not compile: %v", pattern, err)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = time.Second
	}
	re.MatchTimeout = timeout
	c.Go, c.Kind = pat, "backtrack"
	if len(re.GetGroupNumbers()) < 2 {
		c.Kind, c.Matcher, c.Warning = "never", never{}, noGroupWarning
		return c, nil
	}
	c.Matcher = &backtrackMatcher{re: re}
	return c, nil
}

// wholeGroup reports whether group 1 is the whole pattern, so that any match has group 1 taking part.
func wholeGroup(re *syntax.Regexp) bool {
	return re.Op == syntax.OpCapture && re.Cap == 1
}

type never struct{}

func (never) Match([]byte) (bool, error) { return false, nil }

type regexpMatcher struct {
	re    *regexp.Regexp
	whole bool
}

func (m *regexpMatcher) Match(b []byte) (bool, error) {
	if m.whole {
		return m.re.Match(b), nil
	}
	loc := m.re.FindSubmatchIndex(b)
	return loc != nil && loc[2] >= 0, nil
}

type backtrackMatcher struct {
	re *regexp2.Regexp
}

// ErrTimeout is returned (wrapped) when the backtracking engine gives up on a value.
var ErrTimeout = errors.New("the backtracking engine timed out on this value")

func (m *backtrackMatcher) Match(b []byte) (bool, error) {
	match, err := m.re.FindStringMatch(string(b))
	if err != nil {
		return false, fmt.Errorf("%w (%v)", ErrTimeout, err)
	}
	if match == nil {
		return false, nil
	}
	g := match.GroupByNumber(1)
	return g != nil && len(g.Captures) > 0, nil
}
