package columnar

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestIntRanges: each integer type takes its whole range and rejects one past either end.
func TestIntRanges(t *testing.T) {
	dec, err := NewDecoder([]string{"a", "b", "c"}, []Column{
		{Name: "a", Type: arrow.PrimitiveTypes.Int16},
		{Name: "b", Type: arrow.PrimitiveTypes.Int32},
		{Name: "c", Type: arrow.PrimitiveTypes.Int64},
	}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	var sp Splitter
	var x FieldIndex
	data := []byte("32767,2147483647,9223372036854775807\n-32768,-2147483648,-9223372036854775808\n")
	rec, err := dec.Decode(NewChunk(data), &sp, &x)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	a, b, c := rec.Column(0).(*array.Int16), rec.Column(1).(*array.Int32), rec.Column(2).(*array.Int64)
	if a.Value(0) != 32767 || a.Value(1) != -32768 || b.Value(0) != 2147483647 || b.Value(1) != -2147483648 ||
		c.Value(0) != 9223372036854775807 || c.Value(1) != -9223372036854775808 {
		t.Errorf("decoded %v %v %v", a, b, c)
	}
	for _, bad := range []string{"32768,0,0\n", "-32769,0,0\n", "0,2147483648,0\n", "0,-2147483649,0\n",
		"0,0,9223372036854775808\n", "0,0,-9223372036854775809\n", "1x,0,0\n", "+,0,0\n"} {
		if _, err := dec.Decode(NewChunk([]byte(bad)), &sp, &x); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
