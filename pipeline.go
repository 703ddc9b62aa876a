package blaze

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/ingest"
	"github.com/blazetools/blaze/sched"
)

// A chunkFunc does a table's per-chunk work on a worker: the chunk is already split into x. It must not keep
// ch or x after returning (record batches it builds keep their own reference to ch's buffer).
type chunkFunc[R any] func(ctx context.Context, worker int, ch *columnar.Chunk, x *columnar.FieldIndex) (R, error)

// A tableRun streams one table's CSV through the scheduler: the reader goroutine cuts record-aligned chunks
// (reading, and so decompressing, on the way), workers split and process them, and the consumer receives the
// results in input order, which is also where chunk-relative error positions become absolute.
type tableRun[R any] struct {
	header []string
	work   chunkFunc[R]
	merge  func(a, b R) R
	add    func(R) error

	scratch []workerScratch
	stats   TableStats
	parseNs atomic.Int64 // worker time in Split and work
}

type workerScratch struct {
	sp columnar.Splitter
	x  columnar.FieldIndex
}

// chunkOut is what a chunk task hands the consumer: the work's result or a chunk-relative error, and what the
// consumer needs to place the chunk: its offset and how many lines it holds. An empty chunk (a range in which
// no record starts) has no result.
type chunkOut[R any] struct {
	val    R
	offset int64
	size   int64
	lines  int64
	rows   int64
	empty  bool
	rng    int // for a rangeTask's result, 1 + the range it read; else 0
	err    error
}

// Release releases a result that will never be consumed (sched drops it after an error or a cancellation).
func (o chunkOut[R]) Release() {
	if rl, ok := any(o.val).(sched.Releaser); ok {
		rl.Release()
	}
}

// TableStats describes one table's trip through the pipeline.
type TableStats struct {
	Rows, Bytes, Chunks int64
	ReadTime            time.Duration // reader goroutine: in the source's Read (decompression included)
	SplitTime           time.Duration // reader goroutine: finding record boundaries
	WorkTime            time.Duration // workers, summed: splitting fields, building batches, the table's work
	Wall                time.Duration
	Sched               sched.Stats
	// Ranges is how many ranges the workers read themselves, after the reader's first chunk (0 when the
	// reader read it all), and Range the workers' time reading them and finding their records.
	Ranges int
	Range  columnar.RangeStats
}

// runChunks streams a table's CSV through the scheduler. first is the table's first chunk, whose first
// dataAt bytes are the header; chunker yields the rest, or, when ranges is not nil, the workers read the rest
// themselves, a range each (ranges must start where first ends). setup is called with the header and returns
// the per-chunk work. name prefixes errors ("db-dump.tar.gz: data/crates.csv").
func runChunks[R any](ctx context.Context, opts *Options, mem memory.Allocator, chunker *columnar.Chunker,
	ranges *columnar.Ranges, first *columnar.Chunk, dataAt int, header []string, name string,
	setup func(header []string) (chunkFunc[R], error), merge func(a, b R) R, add func(R) error) (*TableStats, error) {
	start := time.Now()
	defer chunker.Close()
	work, err := setup(header)
	if err != nil {
		first.Release()
		return nil, locate(name, err)
	}
	headerLines := int64(countNewlines(first.Data[:dataAt]))
	first.Skip(dataAt)

	t := &tableRun[R]{header: header, work: work, merge: merge, add: add}
	t.scratch = make([]workerScratch, opts.workers())
	check := func(data []byte, offset int64) error {
		// A record that will not end: look for the error that broke the quote parity. data is that one
		// record, cut off where the read stopped, so an unterminated quote or a short field count at its end
		// says nothing yet.
		var sp columnar.Splitter
		var x columnar.FieldIndex
		err := sp.Split(data, len(header), &x)
		if err == nil || errors.Is(err, columnar.ErrUnterminatedQuote) || errors.Is(err, columnar.ErrFieldCount) {
			return nil
		}
		var pe *columnar.ParseError
		if errors.As(err, &pe) {
			if p := int(pe.Offset); p+16 > len(data) && bytes.IndexByte(data[p:], '\n') < 0 {
				return nil // the text after the error, which its message quotes, is not all read yet
			}
			pe.Shift(0, offset) // its line is shifted with the chunker's other errors, below
		}
		return err
	}
	chunker.Check = check
	if ranges != nil {
		ranges.Broken = func(data []byte) bool { return check(data, 0) != nil }
	}

	lineBase := 1 + headerLines // the line the next chunk starts on
	produce := func(ctx context.Context, submit func(sched.Task[chunkOut[R]], int64) error) error {
		ch := first
		first = nil
		for {
			if len(ch.Data) == 0 {
				ch.Release()
			} else if err := submit(&chunkTask[R]{t: t, ch: ch}, int64(len(ch.Data))); err != nil {
				ch.Release()
				return err
			}
			if ranges != nil {
				break // the rest is the workers' to read
			}
			var err error
			ch, err = chunker.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
		// Each task reads the next range not yet taken when it starts (see rangeTask): the bytes in flight are
		// counted by range, in order, so they are the same.
		claim := new(atomic.Int64)
		for k := range ranges.Len() {
			if err := submit(&rangeTask[R]{t: t, rs: ranges, next: claim}, ranges.Size(k)); err != nil {
				return err
			}
		}
		return nil
	}
	consumeOne := func(o chunkOut[R]) error {
		if o.err != nil {
			var pe *columnar.ParseError
			if errors.As(o.err, &pe) {
				pe.Shift(lineBase, o.offset)
			}
			return o.err
		}
		lineBase += o.lines
		if o.empty {
			return nil
		}
		t.stats.Rows += o.rows
		t.stats.Bytes += o.size
		t.stats.Chunks++
		return t.add(o.val)
	}
	// Range tasks' results come back in the order the tasks were submitted, not the order of the ranges they
	// read: they are put back in order here.
	held := make(map[int]chunkOut[R])
	nextRange := 0
	consume := func(o chunkOut[R]) error {
		if o.rng == 0 {
			return consumeOne(o)
		}
		held[o.rng-1] = o
		for {
			o, ok := held[nextRange]
			if !ok {
				return nil
			}
			delete(held, nextRange)
			nextRange++
			if err := consumeOne(o); err != nil {
				return err
			}
		}
	}
	defer func() {
		for _, o := range held {
			o.Release()
		}
	}()
	mergeOut := func(a, b chunkOut[R]) chunkOut[R] {
		if a.err != nil {
			b.Release() // the first half's error ends the run: the second half is never consumed
			return a
		}
		if b.err != nil {
			a.Release()
			var pe *columnar.ParseError
			if errors.As(b.err, &pe) {
				pe.Shift(a.lines, b.offset-a.offset)
			}
			b.offset = a.offset
			return b
		}
		return chunkOut[R]{val: t.merge(a.val, b.val), offset: a.offset, size: a.size + b.size, lines: a.lines + b.lines,
			rows: a.rows + b.rows}
	}
	st, err := sched.Run(ctx, sched.Options{
		Workers:     len(t.scratch),
		MaxInFlight: opts.maxInFlight(),
		SplitAbove:  int64(4 * opts.chunkSize()),
	}, produce, consume, mergeOut)
	if first != nil {
		first.Release()
	}
	t.stats.Sched = st
	if ranges != nil {
		t.stats.Ranges = ranges.Len()
		t.stats.Range = ranges.Stats()
	}
	t.stats.ReadTime = chunker.ReadTime
	t.stats.SplitTime = chunker.SplitTime
	t.stats.WorkTime = time.Duration(t.parseNs.Load())
	t.stats.Wall = time.Since(start)
	if err != nil {
		var se *sched.Error
		if errors.As(err, &se) {
			err = se.Err // where in input order is already in the error's position
			var pe *columnar.ParseError
			if se.Op == "produce" && errors.As(err, &pe) {
				// The chunker's errors count lines from the record it could not end; every chunk before it
				// has been consumed (a produce error comes after all of them), so lineBase is that line.
				pe.Shift(lineBase, 0)
			}
		}
		return &t.stats, locate(name, err)
	}
	return &t.stats, nil
}

var errEmptyCSV = errors.New("empty CSV: no header line")

// locate prefixes err with the input and member name, keeping it testable with errors.Is/As. An error from
// ingest names them already (with the byte offset in the input): it is returned as it is.
func locate(name string, err error) error {
	if err == nil {
		return nil
	}
	if ie, ok := errors.AsType[*ingest.Error](err); ok && ie.Input != "" {
		return err
	}
	return &Error{Name: name, Err: err}
}

// An Error is an error reading name (the input, and the member inside an archive when there is one).
type Error struct {
	Name string
	Err  error
}

// Error prefixes the underlying error with the input's name.
func (e *Error) Error() string { return e.Name + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func countNewlines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }

// chunkTask is one chunk on the scheduler.
type chunkTask[R any] struct {
	t  *tableRun[R]
	ch *columnar.Chunk
}

func (c *chunkTask[R]) Run(ctx context.Context, worker int) (chunkOut[R], error) {
	t0 := time.Now()
	defer func() { c.t.parseNs.Add(int64(time.Since(t0))) }()
	return c.t.process(ctx, worker, c.ch), nil
}

// process splits the chunk ch on a worker and does the table's work on it, and releases it.
func (t *tableRun[R]) process(ctx context.Context, worker int, ch *columnar.Chunk) chunkOut[R] {
	defer ch.Release()
	out := chunkOut[R]{offset: ch.Offset, size: int64(len(ch.Data))}
	s := &t.scratch[worker]
	if err := s.sp.Split(ch.Data, len(t.header), &s.x); err != nil {
		// The records before the broken one are whole and indexed (s.x.Rows of them): a bad value in one
		// of them comes first in the input, so it is the error, as it would be with smaller chunks.
		out.err = err
		if s.x.Rows > 0 {
			v, werr := t.work(ctx, worker, ch, &s.x)
			if werr != nil {
				out.err = werr
			} else if rl, ok := any(v).(sched.Releaser); ok {
				rl.Release()
			}
		}
		return out
	}
	out.lines = int64(s.x.Lines)
	out.rows = int64(s.x.Rows)
	v, err := t.work(ctx, worker, ch, &s.x)
	if err != nil {
		out.err = err
		return out
	}
	out.val = v
	return out
}

// Release drops the chunk of a task the scheduler never runs (after an error, or on a cancellation).
func (c *chunkTask[R]) Release() { c.ch.Release() }

// Split divides a large chunk in two at a record boundary near its middle, so an idle worker can take half.
func (c *chunkTask[R]) Split() (sched.Task[chunkOut[R]], sched.Task[chunkOut[R]], bool) {
	data := c.ch.Data
	mid := columnar.NextRecordEnd(data, len(data)/2)
	if mid < 0 || mid+1 >= len(data) {
		return nil, nil, false
	}
	a, b := c.ch.Cut(mid + 1)
	return &chunkTask[R]{t: c.t, ch: a}, &chunkTask[R]{t: c.t, ch: b}, true
}

// rangeTask is one range of a table that the worker reads itself (see columnar.Ranges). Which range is decided
// when the task starts: the next one not yet taken. Reading a range waits until the ranges before it have been
// read and their quotes counted; taking them in the order the tasks start means those ranges are always
// being read already, by tasks running on other workers, whatever order the deques hand tasks out in. (With
// a range fixed per task, a worker would wait for a range queued behind a long task on another worker.)
type rangeTask[R any] struct {
	t    *tableRun[R]
	rs   *columnar.Ranges
	next *atomic.Int64 // the next range to take
}

func (c *rangeTask[R]) Run(ctx context.Context, worker int) (chunkOut[R], error) {
	k := int(c.next.Add(1) - 1)
	ch, err := c.rs.Read(ctx, k)
	t0 := time.Now()
	defer func() { c.t.parseNs.Add(int64(time.Since(t0))) }()
	if ch == nil {
		return chunkOut[R]{rng: k + 1, err: err}, nil
	}
	if len(ch.Data) == 0 && err == nil {
		ch.Release()
		return chunkOut[R]{offset: ch.Offset, empty: true, rng: k + 1}, nil
	}
	out := c.t.process(ctx, worker, ch)
	out.rng = k + 1
	if err != nil && out.err == nil {
		// A record too large to read, after the chunk's whole records: the chunk's own error comes first.
		if rl, ok := any(out.val).(sched.Releaser); ok {
			rl.Release()
		}
		var zero R
		out.val, out.err = zero, err
	}
	return out, nil
}
