package blaze

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/blazetools/blaze/columnar"
)

// A Reader streams a table as Arrow record batches, in the order of the CSV's rows, built in parallel on the
// scheduler. It implements array.RecordReader. Each batch is valid until the next call to Next (Retain it to
// keep it longer); string view columns point into the chunk of CSV text the batch was built from, which the
// batch keeps alive.
type Reader struct {
	schema  *arrow.Schema
	batches chan arrow.RecordBatch
	cur     arrow.RecordBatch
	err     error
	errOnce sync.Once
	cancel  context.CancelFunc
	done    chan struct{}
	refs    atomic.Int64
	stats   *TableStats
}

var _ array.RecordReader = (*Reader)(nil)

// Read starts streaming the table's rows as record batches of the columns opts selects. The table can be read
// once. Cancelling ctx, calling Release until the count drops to zero, or moving the Dump to its next table
// stops the Reader.
func (t *Table) Read(ctx context.Context, opts ReadOptions) (*Reader, error) {
	cols, sch, err := t.columns(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &Reader{schema: sch, batches: make(chan arrow.RecordBatch), cancel: cancel, done: make(chan struct{})}
	r.refs.Store(1)
	t.reader = r
	mem := t.d.mem
	// A chunk's result is its batch; the halves of a split chunk stay two batches, in order.
	setup := func(header []string) (chunkFunc[batches], error) {
		dec, err := columnar.NewDecoder(header, cols, mem)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, worker int, ch *columnar.Chunk, x *columnar.FieldIndex) (batches, error) {
			rec, err := dec.Build(ch, x)
			if err != nil {
				return nil, err
			}
			return batches{rec}, nil
		}, nil
	}
	merge := func(a, b batches) batches { return append(a, b...) }
	add := func(recs batches) error {
		for i, rec := range recs {
			select {
			case r.batches <- rec:
			case <-ctx.Done():
				for _, rec := range recs[i:] {
					rec.Release()
				}
				return ctx.Err()
			}
		}
		return nil
	}
	go func() {
		defer close(r.done)
		defer close(r.batches)
		st, err := run(ctx, t, setup, merge, add)
		r.stats = st
		if err != nil && ctx.Err() == nil {
			r.setErr(err)
		}
	}()
	return r, nil
}

// batches is a chunk's result: its batch, or both halves' after a split. Results the scheduler drops are
// released.
type batches []arrow.RecordBatch

// Release releases every batch.
func (b batches) Release() {
	for _, rec := range b {
		rec.Release()
	}
}

func (r *Reader) setErr(err error) { r.errOnce.Do(func() { r.err = err }) }

// Schema returns the schema of the batches.
func (r *Reader) Schema() *arrow.Schema { return r.schema }

// Next advances to the next batch, releasing the previous one. It returns false at the end of the table or
// on an error (see Err).
func (r *Reader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	rec, ok := <-r.batches
	if !ok {
		<-r.done
		return false
	}
	r.cur = rec
	return true
}

// RecordBatch returns the current batch, valid until the next call to Next.
func (r *Reader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current batch.
//
// Deprecated: use RecordBatch.
func (r *Reader) Record() arrow.RecordBatch { return r.cur }

// Err returns the error that ended the table early, if any: a positioned *Error for bad data.
func (r *Reader) Err() error {
	return r.err
}

// Stats describes the table's trip through the pipeline; it is set once Next has returned false.
func (r *Reader) Stats() *TableStats { return r.stats }

// Retain adds a reference to the Reader.
func (r *Reader) Retain() { r.refs.Add(1) }

// Release drops a reference; the last one stops the Reader and releases its batches.
func (r *Reader) Release() {
	if r.refs.Add(-1) == 0 {
		r.stop()
	}
}

// stop cancels the pipeline and waits for it, dropping batches nobody will read.
func (r *Reader) stop() {
	r.cancel()
	for rec := range r.batches {
		rec.Release()
	}
	<-r.done
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}
