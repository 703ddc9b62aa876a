package scan

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Counts are the answer to the talk's question for some rows: Total rows, of which Matched have a non-null
// str.extract(pattern, 1), Null are NULL and Empty hold the empty string.
type Counts struct {
	Matched int64 `json:"matched"`
	Total   int64 `json:"total"`
	Null    int64 `json:"null"`
	Empty   int64 `json:"empty"`
}

// Add returns c + d.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.Matched + d.Matched, c.Total + d.Total, c.Null + d.Null, c.Empty + d.Empty}
}

// A MatchError reports a value the matcher failed on (a backtracking time-out), by row of the array.
type MatchError struct {
	Row int
	Err error
}

// Error names the row and the matcher's error.
func (e *MatchError) Error() string { return fmt.Sprintf("row %d: %v", e.Row, e.Err) }

// Unwrap returns the matcher's error.
func (e *MatchError) Unwrap() error { return e.Err }

// CountColumn counts the values of col that m matches. col must be a string or string view array. NULL values
// never match (polars' str.extract of NULL is NULL); empty strings are offered to m like any other value, since a
// pattern that can match the empty string extracts "" from them, which is not NULL.
func CountColumn(m Matcher, col arrow.Array) (Counts, error) {
	var c Counts
	c.Total = int64(col.Len())
	c.Null = int64(col.NullN())
	visit := func(i int, v []byte) error {
		if len(v) == 0 {
			c.Empty++
		}
		ok, err := m.Match(v)
		if err != nil {
			return &MatchError{Row: i, Err: err}
		}
		if ok {
			c.Matched++
		}
		return nil
	}
	if err := EachValue(col, visit); err != nil {
		return Counts{}, err
	}
	return c, nil
}

// EachValue calls f with the bytes of every non-null value of col, a string or string view array, in order,
// stopping at the first error. The bytes are valid only during the call.
func EachValue(col arrow.Array, f func(i int, v []byte) error) error {
	hasNulls := col.NullN() > 0
	switch a := col.(type) {
	case *array.StringView:
		bufs := a.Data().Buffers()[2:]
		data := make([][]byte, len(bufs))
		for i, b := range bufs {
			if b != nil {
				data[i] = b.Bytes()
			}
		}
		for i := range a.Len() {
			if hasNulls && a.IsNull(i) {
				continue
			}
			h := a.ValueHeader(i)
			var v []byte
			if h.IsInline() {
				v = h.InlineBytes()
			} else {
				off := int(h.BufferOffset())
				v = data[h.BufferIndex()][off : off+h.Len()]
			}
			if err := f(i, v); err != nil {
				return err
			}
		}
	case *array.String:
		offs := a.ValueOffsets()
		data := a.ValueBytes()
		base := offs[0]
		for i := range a.Len() {
			if hasNulls && a.IsNull(i) {
				continue
			}
			if err := f(i, data[offs[i]-base:offs[i+1]-base]); err != nil {
				return err
			}
		}
	case *array.LargeString:
		for i := range a.Len() {
			if hasNulls && a.IsNull(i) {
				continue
			}
			if err := f(i, []byte(a.Value(i))); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("column of type %s is not text", col.DataType())
	}
	return nil
}
