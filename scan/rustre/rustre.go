// Package rustre translates patterns written for Rust's regex crate, as polars uses it (Regex::new on &str:
// Unicode mode on, leftmost-first), into equivalent patterns for Go's regexp and for
// github.com/dlclark/regexp2, keeping the capture group numbering.
//
// The translation never relies on the target engine's own Unicode data or case folding: \d, \w, \s, \p{..},
// [..] with set operations and (?i) all become explicit classes built from tables that were generated from
// polars itself (see tables.go and internal/gen), so Go's Unicode 15 tables and .NET's culture-invariant
// lower-casing never apply. docs/regex.md describes the semantics and the scheme.
//
// Patterns the regex crate rejects give a *SyntaxError; valid patterns that the target engine cannot express
// give an *UnsupportedError.
package rustre

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"strings"

	"github.com/dlclark/regexp2"
)

// Translate returns a pattern for Go's regexp package that matches exactly where pattern matches under the
// Rust regex crate's semantics as polars uses them, with the same capture group numbering (group names are
// dropped: Go would accept fewer names than Rust). It returns a *SyntaxError if the regex crate rejects
// pattern, and an *UnsupportedError if Go's regexp cannot express it (Unicode \b, \B, \b{start} and the
// other word-boundary forms except (?-u:\b) and (?-u:\B), the (?mR) anchors, counts above 1000).
func Translate(pattern string) (string, error) {
	h, err := compile(pattern)
	if err != nil {
		return "", err
	}
	e := &emitter{pat: pattern}
	if err := e.emit(h); err != nil {
		return "", err
	}
	out := e.b.String()
	if _, err := syntax.Parse(out, syntax.Perl); err != nil {
		msg := err.Error()
		var se *syntax.Error
		if errors.As(err, &se) {
			msg = string(se.Code) // se.Expr can be a very long class
		}
		return "", &UnsupportedError{Engine: engineGo, Offset: 0, Construct: pattern, Hint: fmt.Sprintf("Go's regexp rejects its translation (%s): %s", msg, backtrackHint)}
	}
	return out, nil
}

// TranslateBacktrack returns a pattern and options for github.com/dlclark/regexp2 with the same semantics as
// pattern under the Rust regex crate, for the constructs Go's regexp cannot express: word boundaries become
// look-arounds over the exact \w class, the (?mR) anchors look-arounds over \r and \n. Capture groups keep
// Rust's numbering (named groups become plain groups, since .NET numbers named groups last). The options
// are always regexp2.None (RE2 compatibility off); the caller sets MatchTimeout on the compiled Regexp.
// It returns a *SyntaxError if the regex crate rejects pattern, and an *UnsupportedError if regexp2 rejects
// the translation (a count above its limit) or for an unbounded
// repetition whose body can match the empty string (the regex crate and a backtracker iterate it differently;
// Translate handles it).
func TranslateBacktrack(pattern string) (string, regexp2.RegexOptions, error) {
	h, err := compile(pattern)
	if err != nil {
		return "", 0, err
	}
	e := &emitter{pat: pattern, backtrack: true}
	if err := e.emit(h); err != nil {
		return "", 0, err
	}
	out := e.b.String()
	if _, err := regexp2.Compile(out, regexp2.None); err != nil {
		msg, _, _ := strings.Cut(err.Error(), " in `") // the rest repeats the (long) translation
		return "", 0, &UnsupportedError{Engine: engineBacktrack, Offset: 0, Construct: pattern, Hint: fmt.Sprintf("regexp2 rejects its translation (%s)", msg)}
	}
	return out, regexp2.None, nil
}
