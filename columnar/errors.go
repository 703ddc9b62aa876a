package columnar

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by *ParseError. Test for them with errors.Is.
var (
	// ErrUnterminatedQuote is returned when the input ends inside a quoted field.
	ErrUnterminatedQuote = errors.New("unterminated quoted field")
	// ErrBareQuote is returned when a quote appears inside an unquoted field (PostgreSQL quotes such fields).
	ErrBareQuote = errors.New(`bare " in unquoted field`)
	// ErrAfterQuote is returned when a closing quote is followed by something other than a quote, a comma or
	// the end of the record.
	ErrAfterQuote = errors.New(`extraneous character after closing "`)
	// ErrFieldCount is returned when a record does not have as many fields as the header.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrInvalidUTF8 is returned when a text value is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrRecordTooLarge is returned when one record is larger than MaxRecordSize.
	ErrRecordTooLarge = errors.New("record too large")
	// ErrHeader is returned when the header line is missing, empty or malformed.
	ErrHeader = errors.New("bad header")
	// ErrValue is returned when a field cannot be converted to its column's type.
	ErrValue = errors.New("bad value")
)

// A ParseError locates a problem in CSV text. Line is 1-based and counts every '\n', including those inside
// quoted fields, so it matches what an editor shows; Offset is the 0-based byte offset from the start of the CSV.
type ParseError struct {
	Line   int64
	Offset int64
	Column string // the column's name, when the problem is in one field
	Err    error
	Detail string // optional: what was found, e.g. "got 11 fields, want 12"
}

// Error formats the position, the column if any, the problem and the detail on one line.
func (e *ParseError) Error() string {
	s := fmt.Sprintf("line %d (byte %d)", e.Line, e.Offset)
	if e.Column != "" {
		s += fmt.Sprintf(", column %q", e.Column)
	}
	s += ": " + e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// Shift moves e by lines and bytes: functions that parse one chunk report positions relative to the chunk
// (Line 0 is the chunk's first line), and the caller, who knows what came before, shifts them.
func (e *ParseError) Shift(lines, bytes int64) {
	e.Line += lines
	e.Offset += bytes
}
