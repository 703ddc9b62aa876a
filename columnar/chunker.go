package columnar

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// MaxRecordSize bounds one CSV record. Arrow string views address their data with 32-bit offsets, and a single
// record this large is not a crates.io dump; the largest README there is a few MiB.
const MaxRecordSize = 1 << 30 // 1 GiB

// DefaultChunkSize is the target size of the chunks a Chunker cuts. 1 MiB keeps ~two chunks per core in flight
// inside a 32 MiB budget and amortises per-chunk costs (a goroutine hand-off, a batch) to nothing.
const DefaultChunkSize = 1 << 20

// A Chunk is a run of whole CSV records: it starts at the start of a record and ends just after a record's '\n'
// (the last chunk of a stream may end without one). Its bytes live in a reference-counted Arrow buffer, so record
// batches built from it can point into it instead of copying strings.
type Chunk struct {
	Data   []byte // whole records
	Offset int64  // byte offset of Data[0] in the stream
	buf    *memory.Buffer
	base   int // offset of Data[0] in buf
}

// Buffer returns the Arrow buffer holding Data, for zero-copy views, and the offset of Data[0] in it. Retain the
// buffer to keep it beyond Release.
func (c *Chunk) Buffer() (buf *memory.Buffer, base int) { return c.buf, c.base }

// Skip drops the first n bytes of the chunk (which must end a record), such as a header line.
func (c *Chunk) Skip(n int) {
	c.Data = c.Data[n:]
	c.Offset += int64(n)
	c.base += n
}

// Cut splits the chunk at n, which must be a record start, into two chunks sharing its buffer. c must not be
// used afterwards except through the two halves, which are released separately.
func (c *Chunk) Cut(n int) (first, second *Chunk) {
	c.buf.Retain()
	first = &Chunk{Data: c.Data[:n:n], Offset: c.Offset, buf: c.buf, base: c.base}
	second = &Chunk{Data: c.Data[n:], Offset: c.Offset + int64(n), buf: c.buf, base: c.base + n}
	c.Data, c.buf = nil, nil
	return first, second
}

// Release drops the chunk's reference to its memory.
func (c *Chunk) Release() {
	if c.buf != nil {
		c.buf.Release()
		c.buf = nil
	}
	c.Data = nil
}

// NewChunk wraps data, which must hold whole records, as a Chunk at offset 0. It is meant for tests and for
// callers that already hold a CSV in memory.
func NewChunk(data []byte) *Chunk {
	return &Chunk{Data: data, buf: memory.NewBufferBytes(data)}
}

// A Chunker cuts a stream of CSV text into Chunks of whole records, exactly: a chunk boundary is a '\n' outside
// quotes, found from the quote parity of everything before it, never guessed. The stream must start at the start
// of a record. Reading (and therefore decompression, when r decompresses) happens in Next, on the caller's
// goroutine.
type Chunker struct {
	r    io.Reader
	mem  memory.Allocator
	size int

	next   []byte // the next chunk's buffer, holding the carried-over start of a record
	off    int64  // stream offset of next[0]
	eof    bool
	closed bool

	// ReadTime and SplitTime accumulate the time Next spends reading from r and finding record boundaries.
	ReadTime, SplitTime time.Duration

	// Check, if set, is called with the buffered text whenever one record has grown past 16 chunk sizes. A
	// stray quote early in a stream flips the quote parity of everything after it, so no record seems to end;
	// Check can parse the text for the real error and return it, instead of the Chunker buffering up to
	// MaxRecordSize before giving up. It must ignore the incomplete record at the end of data.
	Check func(data []byte, offset int64) error
}

// NewChunker returns a Chunker reading r, allocating chunk buffers of about size bytes (DefaultChunkSize if
// size <= 0) from mem. A record longer than size makes its chunk grow to hold it, up to MaxRecordSize.
func NewChunker(r io.Reader, mem memory.Allocator, size int) *Chunker {
	if size <= 0 {
		size = DefaultChunkSize
	}
	return &Chunker{r: r, mem: mem, size: size}
}

// Next returns the next chunk, or io.EOF after the last one. The caller owns the chunk and must Release it.
// Read errors from r are returned as they are; a record larger than MaxRecordSize gives a *ParseError wrapping
// ErrRecordTooLarge with a chunk-relative position (Line 0, Offset from the stream start).
func (c *Chunker) Next() (*Chunk, error) {
	if c.closed || (c.eof && len(c.next) == 0) {
		c.free()
		return nil, io.EOF
	}
	buf := c.next
	if buf == nil {
		buf = c.mem.Allocate(c.size)[:0]
	}
	c.next = nil
	// buf[:searched] is known to hold no record boundary: the carried-over bytes are the start of a record.
	searched := len(buf)
	for {
		if !c.eof && len(buf) < cap(buf) {
			t := time.Now()
			n, err := c.fill(buf)
			buf = buf[:n]
			c.ReadTime += time.Since(t)
			if err != nil {
				c.mem.Free(buf[:cap(buf)])
				c.closed = true
				return nil, err
			}
		}
		if c.eof {
			if len(buf) == 0 {
				c.mem.Free(buf[:cap(buf)])
				return nil, io.EOF
			}
			return c.emit(buf, len(buf)), nil
		}
		t := time.Now()
		end := lastRecordEnd(buf, searched)
		c.SplitTime += time.Since(t)
		if end >= 0 {
			return c.emit(buf, end+1), nil
		}
		// One record fills the whole buffer: grow it.
		if cap(buf) >= MaxRecordSize {
			c.mem.Free(buf[:cap(buf)])
			c.closed = true
			return nil, &ParseError{Offset: c.off, Err: ErrRecordTooLarge,
				Detail: fmt.Sprintf("no record end within %d bytes", len(buf))}
		}
		if c.Check != nil && len(buf) >= 16*c.size {
			if err := c.Check(buf, c.off); err != nil {
				c.mem.Free(buf[:cap(buf)])
				c.closed = true
				return nil, err
			}
		}
		searched = len(buf)
		buf = c.mem.Reallocate(min(2*cap(buf), MaxRecordSize), buf[:cap(buf)])[:len(buf)]
	}
}

// fill reads into buf[len(buf):cap(buf)] until it is full or the stream ends.
func (c *Chunker) fill(buf []byte) (int, error) {
	n := len(buf)
	for n < cap(buf) {
		m, err := c.r.Read(buf[n:cap(buf)])
		n += m
		if errors.Is(err, io.EOF) {
			c.eof = true
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if m == 0 {
			// A reader returning 0, nil repeatedly would spin; io.ReadFull treats it the same way.
			continue
		}
	}
	return n, nil
}

// Allocator methods see whole buffers: buf[:cap(buf)] is what was allocated (an Allocator returns exactly the
// capacity asked for, or, like Pool, frees by capacity).

// emit returns buf[:n] as a chunk and carries buf[n:] over into the next chunk's buffer.
func (c *Chunker) emit(buf []byte, n int) *Chunk {
	if rest := buf[n:]; len(rest) > 0 {
		c.next = c.mem.Allocate(max(c.size, 2*len(rest)))[:len(rest)]
		copy(c.next, rest)
	}
	ch := &Chunk{Data: buf[:n], Offset: c.off, buf: memory.NewBufferWithAllocator(buf[:cap(buf)], c.mem)}
	c.off += int64(n)
	return ch
}

func (c *Chunker) free() {
	if c.next != nil {
		c.mem.Free(c.next[:cap(c.next)])
		c.next = nil
	}
}

// Close releases the Chunker's buffers. Chunks already returned stay valid until released.
func (c *Chunker) Close() {
	c.closed = true
	c.free()
}

// lastRecordEnd returns the index of the last '\n' in b that lies outside quotes, given that b starts outside
// quotes, or -1. Newlines in b[:from] are not considered (the caller already knows there is none).
// The quote parity of everything before a newline decides: even means outside. Counting quotes uses the
// runtime's vectorised bytes.Count, and the walk back from the end usually stops at the first newline.
func lastRecordEnd(b []byte, from int) int {
	total := bytes.Count(b, quote)
	after := 0 // quotes in b[i+1:]
	pos := len(b)
	for pos > from {
		i := bytes.LastIndexByte(b[from:pos], '\n')
		if i < 0 {
			return -1
		}
		i += from
		after += bytes.Count(b[i+1:pos], quote)
		if (total-after)&1 == 0 {
			return i
		}
		pos = i
	}
	return -1
}

// NextRecordEnd returns the index of the first '\n' at or after from that lies outside quotes, given that b
// starts outside quotes, or -1. It lets a large chunk be split in two at a record boundary.
func NextRecordEnd(b []byte, from int) int {
	i, _ := recordEnd(b, from, bytes.Count(b[:from], quote)&1 == 1)
	return i
}

var quote = []byte{'"'}
