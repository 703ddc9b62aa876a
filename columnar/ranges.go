package columnar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Ranges cuts CSV text that can be read at offsets (a file) into chunks of whole records that workers read
// themselves, so that reading, like parsing, runs on every core, and each chunk lands in the cache of the core
// that parses it. A Chunker reads on one goroutine; Ranges is for when the text is in a file.
//
// The text is cut into ranges of equal size; range k's chunk holds the records that start in it, from the
// first record start at or after its first byte to the first at or after its end (reading on into the next
// ranges' bytes for the record that crosses it). Where records start depends on the quote parity of all the
// text before, so Read(k) reads range k, counts its quotes and publishes their parity, then waits until the
// parities of all the ranges before it are known: the only step done in order is one XOR per range, and the
// boundaries are exact, never guessed. Every record start is a '\n' outside quotes by the parity of everything
// before it, the same rule as the Chunker's, so both cut a text at the same record boundaries.
type Ranges struct {
	r     io.ReaderAt
	base  int64 // offset in r of the first range; a record starts there
	end   int64 // offset in r where the text ends
	step  int   // bytes per range
	alloc int   // buffer size asked for a range (step plus room for the record crossing its end)
	mem   memory.Allocator
	n     int
	// maxRecord is MaxRecordSize, but for tests.
	maxRecord int

	// Broken, if set, is called with a chunk's text, from its first record on, whenever its last record has
	// grown past 16 range sizes (and then at every doubling) without ending. A stray quote flips the parity of
	// everything after it, so no record seems to end; if Broken returns true (the text holds a parse error
	// that more text cannot mend), Read returns the chunk as it stands, for the caller's parse to report that
	// error, instead of reading on up to MaxRecordSize.
	Broken func(data []byte) bool

	readNs, parityNs, waitNs atomic.Int64 // time in Read, summed over its callers (see Stats)

	mu      sync.Mutex
	parity  []uint8       // per range: 0 not counted yet, 1 even, 2 odd number of quotes
	inside  []bool        // per range below known: whether it starts inside quotes
	known   int           // the starting quote states of ranges [0, known) are known
	failed  int           // the lowest range whose read failed, or n
	changed chan struct{} // closed, and replaced, whenever known or failed changes
}

// ErrEarlierRange is returned by Ranges.Read when the read of an earlier range failed, so that where this
// range's records start can never be known. The earlier range's error is the one to report.
var ErrEarlierRange = errors.New("an earlier range of the text could not be read")

// NewRanges returns Ranges over the text [base, end) of r, which must start at the start of a record, in ranges
// of about size bytes (DefaultChunkSize if size <= 0), with chunk buffers from mem. r must be safe for
// concurrent use (io.ReaderAt promises it).
func NewRanges(r io.ReaderAt, base, end int64, mem memory.Allocator, size int) *Ranges {
	if size <= 0 {
		size = DefaultChunkSize
	}
	// A range and the start of the record crossing its end fill a buffer of size bytes: 1/16 of it is left
	// for that record, which is rarely longer, so buffers stay in the allocator's size class of size.
	step := max(size-size/16-1, 1)
	n := 0
	if end > base {
		n = int((end - base + int64(step) - 1) / int64(step))
	}
	return &Ranges{r: r, base: base, end: end, step: step, alloc: max(size, step+2), mem: mem, n: n, maxRecord: MaxRecordSize,
		parity: make([]uint8, n), inside: make([]bool, n), known: min(1, n), failed: n,
		changed: make(chan struct{})}
}

// RangeStats says where the calls of Read spent their time, summed over the goroutines calling it.
type RangeStats struct {
	Read   time.Duration // reading the ranges from r (not the reads on past a range's end)
	Parity time.Duration // counting their quotes
	Wait   time.Duration // waiting for the quote counts of earlier ranges
}

// Stats returns the time spent in Read so far.
func (rs *Ranges) Stats() RangeStats {
	return RangeStats{Read: time.Duration(rs.readNs.Load()), Parity: time.Duration(rs.parityNs.Load()),
		Wait: time.Duration(rs.waitNs.Load())}
}

// Len returns the number of ranges.
func (rs *Ranges) Len() int { return rs.n }

// Size returns the number of bytes of text in range k (its share of the text, not its chunk's size).
func (rs *Ranges) Size(k int) int64 {
	lo := rs.base + int64(k)*int64(rs.step)
	return min(lo+int64(rs.step), rs.end) - lo
}

// Read returns the chunk of range k: the records that start in it, possibly none (an empty chunk, Offset
// where the range starts), and possibly running on past the range's end. It blocks until the ranges before k
// have been read far enough to count their quotes, so every Read(j) for j < k must be under way or done, or
// come, on another goroutine; ctx ends the wait. The caller owns the chunk and must Release it.
//
// Read errors come from r as they are (and ErrEarlierRange when an earlier range's read failed). A record
// larger than MaxRecordSize gives a *ParseError wrapping ErrRecordTooLarge, positioned relative to the chunk,
// and with it the chunk of the whole records before that record (to be parsed before reporting the error).
func (rs *Ranges) Read(ctx context.Context, k int) (*Chunk, error) {
	if k < 0 || k >= rs.n {
		return nil, fmt.Errorf("columnar: Read of range %d of %d", k, rs.n)
	}
	lo := rs.base + int64(k)*int64(rs.step)
	hi := lo + rs.Size(k)
	from := lo // buf[0] is at offset from: one byte before lo tells whether a record starts at lo
	if k > 0 {
		from--
	}
	buf := rs.mem.Allocate(max(rs.alloc, int(hi-from)))[:hi-from]
	fail := func(err error) (*Chunk, error) {
		rs.mem.Free(buf[:cap(buf)])
		return nil, err
	}
	tr := time.Now()
	if err := readAt(rs.r, buf, from); err != nil {
		rs.fail(k)
		return fail(err)
	}
	tc := time.Now()
	odd := bytes.Count(buf[lo-from:], quote)&1 == 1
	rs.publish(k, odd)
	tw := time.Now()
	inside, err := rs.wait(ctx, k)
	rs.readNs.Add(int64(tc.Sub(tr)))
	rs.parityNs.Add(int64(tw.Sub(tc)))
	rs.waitNs.Add(int64(time.Since(tw)))
	if err != nil {
		return fail(err)
	}

	start := 0 // index in buf of the chunk's first record
	if k > 0 {
		// A record starts at lo when buf[0], the byte before it, is a '\n' outside quotes; one starting at hi
		// is the next range's.
		i, _ := recordEnd(buf, 0, inside != (buf[0] == '"'))
		if i < 0 || i+1 == len(buf) {
			rs.mem.Free(buf[:cap(buf)])
			return &Chunk{Offset: hi}, nil
		}
		start = i + 1
	}
	if hi == rs.end {
		return rs.chunk(buf, start, len(buf), from), nil
	}
	// The chunk ends where the first record at or after hi starts: search from the '\n' that may end buf.
	at := len(buf) - 1
	buf, stop, err := rs.readOn(buf, at, inside != odd != (buf[at] == '"'), start, from)
	if buf == nil {
		return nil, err
	}
	return rs.chunk(buf, start, stop, from), err
}

// readOn finds the end of the record that crosses the end of buf, which holds the text from offset from:
// the first '\n' at or after buf[at] outside quotes, where inside is the quote state before buf[at]. It reads
// on from r, growing buf, and returns it with the index just past that '\n' (or len(buf) at the end of the
// text). start is where the chunk's first record starts in buf: the chunk is checked with Broken as it grows.
// For a record larger than MaxRecordSize it returns the whole records before it (buf[start:stop]) and a
// chunk-relative *ParseError; on a read error, a nil buf.
func (rs *Ranges) readOn(buf []byte, at int, inside bool, start int, from int64) ([]byte, int, error) {
	checkAt := 16 * rs.step
	at0 := at
	more := max(rs.alloc/16, 64)
	for {
		i, state := recordEnd(buf, at, inside)
		if i >= 0 {
			return buf, i + 1, nil
		}
		at, inside = len(buf), state
		rest := rs.end - from - int64(len(buf))
		if rest == 0 {
			return buf, len(buf), nil // the last record, ending without a '\n' or (an error) inside quotes
		}
		if rs.Broken != nil && len(buf)-start >= checkAt {
			if rs.Broken(buf[start:]) {
				return buf, len(buf), nil
			}
			checkAt *= 2
		}
		if len(buf)-start >= rs.maxRecord {
			// The record that crosses the range's end is the last to start before it.
			rec := start + lastRecordEnd(buf[start:at0], 0) + 1
			if len(buf)-rec >= rs.maxRecord {
				return buf, rec, &ParseError{Line: int64(countNewlines(buf[start:rec])), Offset: int64(rec - start),
					Err: ErrRecordTooLarge, Detail: fmt.Sprintf("no record end within %d bytes", len(buf)-rec)}
			}
		}
		n := int(min(int64(more), rest))
		more = min(2*more, MaxRecordSize)
		if len(buf)+n > cap(buf) {
			buf = rs.mem.Reallocate(max(2*cap(buf), len(buf)+n), buf[:cap(buf)])[:len(buf)]
		}
		if err := readAt(rs.r, buf[len(buf):len(buf)+n], from+int64(len(buf))); err != nil {
			rs.mem.Free(buf[:cap(buf)])
			return nil, 0, err
		}
		buf = buf[:len(buf)+n]
	}
}

// readAt fills p from r at off. io.ReaderAt may return io.EOF with a full p at the end of its input.
func readAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = fmt.Errorf("%w: %d bytes at offset %d, the text ends %d bytes short", io.ErrUnexpectedEOF, len(p), off,
			len(p)-n)
	}
	return err
}

// chunk wraps buf[start:stop], buf holding the text from offset from, as a Chunk owning buf.
func (rs *Ranges) chunk(buf []byte, start, stop int, from int64) *Chunk {
	return &Chunk{Data: buf[start:stop], Offset: from + int64(start),
		buf: memory.NewBufferWithAllocator(buf[:cap(buf)], rs.mem), base: start}
}

// publish records the quote parity of range k and works out the starting states it makes known.
func (rs *Ranges) publish(k int, odd bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.parity[k] = 1
	if odd {
		rs.parity[k] = 2
	}
	advanced := false
	for rs.known < rs.n && rs.parity[rs.known-1] != 0 {
		rs.inside[rs.known] = rs.inside[rs.known-1] != (rs.parity[rs.known-1] == 2)
		rs.known++
		advanced = true
	}
	if advanced {
		rs.broadcast()
	}
}

// fail records that range k could not be read: the ranges after it wait in vain.
func (rs *Ranges) fail(k int) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if k < rs.failed {
		rs.failed = k
		rs.broadcast()
	}
}

func (rs *Ranges) broadcast() {
	close(rs.changed)
	rs.changed = make(chan struct{})
}

// wait returns whether range k starts inside quotes, once the ranges before it are counted.
func (rs *Ranges) wait(ctx context.Context, k int) (bool, error) {
	for {
		rs.mu.Lock()
		if k < rs.known {
			inside := rs.inside[k]
			rs.mu.Unlock()
			return inside, nil
		}
		if rs.failed < k {
			rs.mu.Unlock()
			return false, ErrEarlierRange
		}
		ch := rs.changed
		rs.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// recordEnd returns the index of the first '\n' in b at or after from that lies outside quotes, given the quote
// state before b[from], or -1 and the quote state at the end of b. Inside quotes it jumps from quote to quote
// (a doubled "" leaves and re-enters), so a long quoted field costs one search for its closing quote.
func recordEnd(b []byte, from int, inside bool) (int, bool) {
	for {
		if inside {
			q := bytes.IndexByte(b[from:], '"')
			if q < 0 {
				return -1, true
			}
			from += q + 1
			inside = false
		}
		nl := bytes.IndexByte(b[from:], '\n')
		end := len(b)
		if nl >= 0 {
			end = from + nl
		}
		q := bytes.IndexByte(b[from:end], '"')
		if q < 0 {
			if nl < 0 {
				return -1, false
			}
			return end, false
		}
		from += q + 1
		inside = true
	}
}

func countNewlines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }
