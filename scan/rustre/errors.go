package rustre

import "fmt"

// SyntaxError reports a pattern that the Rust regex crate itself rejects, so polars would fail on it too.
type SyntaxError struct {
	Offset int    // byte offset in the pattern where the problem is
	Msg    string // what is wrong, in the regex crate's terms
}

// Error returns one line: the offset and the message.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("regex syntax error at offset %d: %s", e.Offset, e.Msg)
}

// UnsupportedError reports a pattern that is valid for the Rust regex crate (or may be) but that the target
// engine cannot express with the same meaning, or that blaze cannot translate for any engine: a Unicode
// property name or value that blaze's tables do not carry, such as a four-letter script code (\p{Grek});
// polars may accept it or reject it, blaze cannot tell which.
type UnsupportedError struct {
	Engine    string // "Go's regexp", "regexp2", or "blaze" when no engine gets a translation
	Offset    int    // byte offset in the pattern of the construct
	Construct string // the construct as written in the pattern
	Hint      string // what to do instead; may be empty
}

// Error returns one line: the offset, the construct and the hint.
func (e *UnsupportedError) Error() string {
	s := fmt.Sprintf("regex at offset %d: %q is not supported by %s", e.Offset, e.Construct, e.Engine)
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}
