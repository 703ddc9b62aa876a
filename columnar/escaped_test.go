package columnar

import (
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestEscaped: an Escaped column keeps "" pairs and leaves the chunk as it was; NULL, the empty string and
// UTF-8 checks are unchanged; the same column unescaped gets the text.
func TestEscaped(t *testing.T) {
	const csv = "a,b\n\"say \"\"1\"\"\",\"x\"\"y\"\n,\"\"\n\"\xff\",z\n"
	cases := []struct {
		typ     arrow.DataType
		escaped bool
		want    []string
	}{
		{arrow.BinaryTypes.StringView, true, []string{`say ""1""`, `x""y`}},
		{arrow.BinaryTypes.String, true, []string{`say ""1""`, `x""y`}},
		{arrow.BinaryTypes.StringView, false, []string{`say "1"`, `x"y`}},
		{arrow.BinaryTypes.String, false, []string{`say "1"`, `x"y`}},
	}
	for _, c := range cases {
		dec, err := NewDecoder([]string{"a", "b"}, []Column{
			{Name: "a", Type: c.typ, Escaped: c.escaped},
			{Name: "b", Type: c.typ, Escaped: c.escaped},
		}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		data := []byte(csv)
		body := data[4:]
		good := len("\"say \"\"1\"\"\",\"x\"\"y\"\n,\"\"\n")
		var sp Splitter
		var x FieldIndex
		rec, err := dec.Decode(NewChunk(body[:good]), &sp, &x)
		if err != nil {
			t.Fatal(err)
		}
		a, b := rec.Column(0).(array.StringLike), rec.Column(1).(array.StringLike)
		if a.Value(0) != c.want[0] || b.Value(0) != c.want[1] {
			t.Errorf("%s escaped=%v: row 0 is %q, %q; want %q, %q", c.typ, c.escaped, a.Value(0), b.Value(0),
				c.want[0], c.want[1])
		}
		if !a.IsNull(1) || b.IsNull(1) || b.Value(1) != "" {
			t.Errorf("%s escaped=%v: row 1 should be NULL and \"\"", c.typ, c.escaped)
		}
		rec.Release()
		if c.escaped && string(data) != csv {
			t.Errorf("%s: an Escaped column wrote to the chunk: %q", c.typ, data)
		}
		_, err = dec.Decode(NewChunk(body[good:]), &sp, &x)
		if !errors.Is(err, ErrInvalidUTF8) {
			t.Errorf("%s escaped=%v: invalid UTF-8 gave %v", c.typ, c.escaped, err)
		}
	}
	if _, err := NewDecoder([]string{"a"}, []Column{{Name: "a", Type: arrow.PrimitiveTypes.Int64, Escaped: true}},
		nil); err == nil {
		t.Error("Escaped accepted on an integer column")
	}
}
