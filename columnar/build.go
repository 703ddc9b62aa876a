package columnar

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/simdscan"
)

// A Column names a CSV column to decode and the Arrow type to decode it to. Supported types: string view
// (arrow.BinaryTypes.StringView: zero-copy, the default for text), string, int16, int32, int64, float64,
// boolean (from t/f), date32 (YYYY-MM-DD) and timestamp[us, UTC] (PostgreSQL's text form, with or without
// a fraction and a +00 offset). An unquoted empty field is NULL; a quoted empty field ("") is the empty string
// for text and an error for other types.
type Column struct {
	Name string
	Type arrow.DataType
	// NotNull makes a NULL (an unquoted empty field) in this column an error, for columns the database
	// declares NOT NULL; the column's Arrow field is then not nullable.
	NotNull bool
	// Metadata is attached to the column's Arrow field.
	Metadata arrow.Metadata
	// Escaped leaves a quoted field's doubled quotes ("") as the CSV has them instead of unescaping them,
	// for string and string view columns. The values are then not the column's text: this is for scans that a
	// doubled quote cannot change (scan.Compiled.QuoteTransparent), which get their answer without the
	// unescaping pass and without writing to the chunk. UTF-8 is validated either way.
	Escaped bool
}

// A Decoder turns chunks of one CSV table into Arrow record batches holding the columns asked for, in the
// order asked for. It is safe for concurrent use: the per-goroutine state lives in the Splitter and
// FieldIndex passed to Decode.
type Decoder struct {
	header  []string
	schema  *arrow.Schema
	src     []int  // CSV column index of each output column
	escaped []bool // Column.Escaped of each output column
	mem     memory.Allocator
}

// NewDecoder returns a Decoder for a CSV whose header is header, building cols. A column missing from the
// header is an error naming the columns that exist.
func NewDecoder(header []string, cols []Column, mem memory.Allocator) (*Decoder, error) {
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	d := &Decoder{header: header, mem: mem}
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		j := indexOf(header, c.Name)
		if j < 0 {
			return nil, &MissingColumnError{Column: c.Name, Header: header}
		}
		if !supported(c.Type) {
			return nil, fmt.Errorf("column %q: unsupported Arrow type %s", c.Name, c.Type)
		}
		if c.Escaped && c.Type.ID() != arrow.STRING_VIEW && c.Type.ID() != arrow.STRING {
			return nil, fmt.Errorf("column %q: Escaped applies to string columns, not %s", c.Name, c.Type)
		}
		d.src = append(d.src, j)
		d.escaped = append(d.escaped, c.Escaped)
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type, Nullable: !c.NotNull, Metadata: c.Metadata}
	}
	d.schema = arrow.NewSchema(fields, nil)
	return d, nil
}

// A MissingColumnError reports a column that the header does not have.
type MissingColumnError struct {
	Column string
	Header []string
}

// Error names the column and lists the header.
func (e *MissingColumnError) Error() string {
	return fmt.Sprintf("no column %q in the header (columns: %s)", e.Column, joinNames(e.Header))
}

func joinNames(names []string) string {
	var b bytes.Buffer
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
	return b.String()
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

func supported(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRING_VIEW, arrow.STRING, arrow.INT16, arrow.INT32, arrow.INT64, arrow.FLOAT64, arrow.BOOL,
		arrow.DATE32:
		return true
	case arrow.TIMESTAMP:
		ts := t.(*arrow.TimestampType)
		return ts.Unit == arrow.Microsecond
	}
	return false
}

// Schema returns the schema of the batches Decode builds.
func (d *Decoder) Schema() *arrow.Schema { return d.schema }

// Header returns the CSV header the Decoder was made for.
func (d *Decoder) Header() []string { return d.header }

// Decode splits ch with sp into x and builds a record batch of its rows. The batch refers to ch's buffer
// (string views point into it), so it stays valid after ch is released; the caller releases the batch.
// Building string views unescapes "" pairs in place (unless the column is Escaped), rewriting the chunk's bytes
// inside those fields: decode each chunk once. Errors are *ParseError positioned relative to the chunk.
func (d *Decoder) Decode(ch *Chunk, sp *Splitter, x *FieldIndex) (arrow.RecordBatch, error) {
	if err := sp.Split(ch.Data, len(d.header), x); err != nil {
		return nil, err
	}
	return d.Build(ch, x)
}

// Build builds a record batch from a chunk already split into x.
func (d *Decoder) Build(ch *Chunk, x *FieldIndex) (arrow.RecordBatch, error) {
	arrs := make([]arrow.Array, len(d.src))
	release := func() {
		for _, a := range arrs {
			if a != nil {
				a.Release()
			}
		}
	}
	// The error is the first in the text: a later column can hold a bad value in an earlier row, so the
	// columns after a failing one are still built, for their errors.
	var first error
	for i, c := range d.src {
		f := d.schema.Field(i)
		a, err := buildColumn(d.mem, ch, x, c, f, d.escaped[i])
		switch {
		case err != nil:
			if first == nil || offsetOf(err) < offsetOf(first) {
				first = err
			}
		case first != nil:
			a.Release()
		default:
			arrs[i] = a
		}
	}
	if first != nil {
		release()
		return nil, first
	}
	rec := array.NewRecordBatch(d.schema, arrs, int64(x.Rows))
	release()
	return rec, nil
}

// offsetOf is where a build error lies in the chunk; errors without a position sort last.
func offsetOf(err error) int64 {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Offset
	}
	return math.MaxInt64
}

func buildColumn(mem memory.Allocator, ch *Chunk, x *FieldIndex, col int, f arrow.Field, escaped bool) (arrow.Array, error) {
	b := columnBuild{mem: mem, ch: ch, x: x, col: col, name: f.Name, notNull: !f.Nullable, escaped: escaped}
	switch f.Type.ID() {
	case arrow.STRING_VIEW:
		return b.stringView()
	case arrow.STRING:
		return b.str()
	case arrow.BOOL:
		return b.boolean()
	}
	return b.fixed(f.Type)
}

type columnBuild struct {
	mem     memory.Allocator
	ch      *Chunk
	x       *FieldIndex
	col     int
	name    string
	escaped bool // keep "" pairs (Column.Escaped)

	valid   *memory.Buffer
	nulls   int
	notNull bool
	nullErr error // set by setNull on a NOT NULL column
}

// setNull records row r as NULL in the validity bitmap, allocating it (all valid) on the first NULL.
func (b *columnBuild) setNull(r int) {
	if b.notNull {
		if b.nullErr == nil {
			start, _, _ := b.x.Field(b.ch.Data, r, b.col)
			b.nullErr = b.err(r, start, ErrValue, "NULL in a NOT NULL column")
		}
		return
	}
	if b.valid == nil {
		n := bitutil.BytesForBits(int64(b.x.Rows))
		b.valid = memory.NewResizableBuffer(b.mem)
		b.valid.Resize(int(n))
		bs := b.valid.Bytes()
		for i := range bs {
			bs[i] = 0xff
		}
	}
	bitutil.ClearBit(b.valid.Bytes(), r)
	b.nulls++
}

func (b *columnBuild) err(r int, pos int, err error, detail string) error {
	data := b.ch.Data
	return &ParseError{Line: int64(bytes.Count(data[:pos], []byte{'\n'})), Offset: int64(pos), Column: b.name,
		Err: err, Detail: detail}
}

// value returns the unquoted bytes of row r's field, whether it is NULL, and whether it still holds "" pairs.
func (b *columnBuild) value(r int) (v []byte, start int, null, escaped bool) {
	data := b.ch.Data
	s, e, esc := b.x.Field(data, r, b.col)
	if s == e {
		return nil, s, true, false
	}
	if data[s] == '"' {
		return data[s+1 : e-1], s + 1, false, esc
	}
	return data[s:e], s, false, false
}

// unescape appends v to dst with each "" pair turned into one quote.
func unescape(dst, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, '"')
		if i < 0 {
			return append(dst, v...)
		}
		dst = append(dst, v[:i+1]...)
		v = v[i+2:]
	}
}

// abort releases what the builder allocated and returns err, or the NULL in a NOT NULL column met in an
// earlier row (rows are built in order, so one met before err comes before it).
func (b *columnBuild) abort(err error, bufs ...*memory.Buffer) error {
	if b.nullErr != nil {
		err = b.nullErr
	}
	for _, buf := range bufs {
		buf.Release()
	}
	if b.valid != nil {
		b.valid.Release()
		b.valid = nil
	}
	return err
}

func (b *columnBuild) buffers(data ...*memory.Buffer) []*memory.Buffer {
	return append([]*memory.Buffer{b.valid}, data...)
}

func (b *columnBuild) finish(dt arrow.DataType, bufs []*memory.Buffer) (arrow.Array, error) {
	if b.nullErr != nil {
		return nil, b.abort(b.nullErr, bufs[1:]...)
	}
	d := array.NewData(dt, b.x.Rows, bufs, nil, b.nulls, 0)
	for _, buf := range bufs {
		if buf != nil {
			buf.Release()
		}
	}
	a := array.MakeFromData(d)
	d.Release()
	return a, nil
}

// stringView builds views that point into the chunk's buffer: no value is copied. A value holding "" pairs is
// unescaped in place, within its own field's bytes (it only gets shorter), so it too stays in the chunk.
func (b *columnBuild) stringView() (arrow.Array, error) {
	rows := b.x.Rows
	views := memory.NewResizableBuffer(b.mem)
	views.Resize(arrow.ViewHeaderTraits.BytesRequired(rows))
	vs := arrow.ViewHeaderTraits.CastFromBytes(views.Bytes())
	for r := range rows {
		v, start, null, esc := b.value(r)
		vs[r] = arrow.ViewHeader{}
		if null {
			b.setNull(r)
			continue
		}
		if !simdscan.ValidUTF8(v) {
			return nil, b.abort(b.err(r, start+invalidAt(v), ErrInvalidUTF8, ""), views)
		}
		if esc && !b.escaped {
			v = v[:simdscan.Unescape(v)]
		}
		vs[r].SetBytes(v)
		if !vs[r].IsInline() {
			vs[r].SetIndexOffset(0, int32(b.ch.base+start))
		}
	}
	chunkBuf := b.ch.buf
	chunkBuf.Retain()
	return b.finish(arrow.BinaryTypes.StringView, b.buffers(views, chunkBuf))
}

// invalidAt returns the offset of the first byte of v that is not valid UTF-8.
func invalidAt(v []byte) int {
	for i := 0; i < len(v); {
		r, n := utf8.DecodeRune(v[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// str builds a plain string column (offsets + one data buffer): values are copied.
func (b *columnBuild) str() (arrow.Array, error) {
	rows := b.x.Rows
	offsets := memory.NewResizableBuffer(b.mem)
	offsets.Resize(arrow.Int32Traits.BytesRequired(rows + 1))
	os := arrow.Int32Traits.CastFromBytes(offsets.Bytes())
	data := make([]byte, 0, 1024)
	os[0] = 0
	for r := range rows {
		v, start, null, esc := b.value(r)
		if null {
			b.setNull(r)
		} else {
			if !simdscan.ValidUTF8(v) {
				return nil, b.abort(b.err(r, start+invalidAt(v), ErrInvalidUTF8, ""), offsets)
			}
			if esc && !b.escaped {
				data = unescape(data, v)
			} else {
				data = append(data, v...)
			}
			if len(data) > math.MaxInt32 {
				return nil, b.abort(b.err(r, start, ErrRecordTooLarge, "over 2 GiB of text in one chunk"), offsets)
			}
		}
		os[r+1] = int32(len(data))
	}
	return b.finish(arrow.BinaryTypes.String, b.buffers(offsets, memory.NewBufferBytes(data)))
}

// boolean decodes PostgreSQL's t and f.
func (b *columnBuild) boolean() (arrow.Array, error) {
	rows := b.x.Rows
	vals := memory.NewResizableBuffer(b.mem)
	vals.Resize(int(bitutil.BytesForBits(int64(rows))))
	vb := vals.Bytes()
	clear(vb)
	for r := range rows {
		v, start, null, _ := b.value(r)
		if null {
			b.setNull(r)
			continue
		}
		switch string(v) {
		case "t", "true":
			bitutil.SetBit(vb, r)
		case "f", "false":
		default:
			return nil, b.abort(b.err(r, start, ErrValue, fmt.Sprintf("%q is not a boolean (t or f)", clip(v, 32))), vals)
		}
	}
	return b.finish(arrow.FixedWidthTypes.Boolean, b.buffers(vals))
}

// putInt stores n in the first width (2, 4 or 8) bytes of dst, little-endian.
func putInt(dst []byte, width int, n int64) {
	switch width {
	case 2:
		binary.LittleEndian.PutUint16(dst, uint16(n))
	case 4:
		binary.LittleEndian.PutUint32(dst, uint32(n))
	default:
		binary.LittleEndian.PutUint64(dst, uint64(n))
	}
}

// fixed decodes the fixed-width types: integers, floats, dates and timestamps.
func (b *columnBuild) fixed(dt arrow.DataType) (arrow.Array, error) {
	rows := b.x.Rows
	width := dt.(arrow.FixedWidthDataType).BitWidth() / 8
	vals := memory.NewResizableBuffer(b.mem)
	vals.Resize(rows * width)
	vb := vals.Bytes()
	for r := range rows {
		v, start, null, _ := b.value(r)
		if null {
			b.setNull(r)
			clear(vb[r*width : (r+1)*width])
			continue
		}
		var ok bool
		dst := vb[r*width:]
		switch dt.ID() {
		case arrow.INT16, arrow.INT32, arrow.INT64:
			var n int64
			if n, ok = parseInt(v); ok && n>>(8*width-1) == n>>63 { // fits in width bytes
				putInt(dst, width, n)
			} else {
				ok = false
			}
		case arrow.FLOAT64:
			var f float64
			if f, ok = parseFloat(v); ok {
				binary.LittleEndian.PutUint64(dst, math.Float64bits(f))
			}
		case arrow.DATE32:
			var days int64
			if days, ok = parseDate(v); ok {
				binary.LittleEndian.PutUint32(dst, uint32(int32(days)))
			}
		case arrow.TIMESTAMP:
			var us int64
			if us, ok = ParseTimestamp(v); ok {
				binary.LittleEndian.PutUint64(dst, uint64(us))
			}
		}
		if !ok {
			return nil, b.abort(b.err(r, start, ErrValue, fmt.Sprintf("%q is not a valid %s", clip(v, 40), dt)), vals)
		}
	}
	return b.finish(dt, b.buffers(vals))
}
