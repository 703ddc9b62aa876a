package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"sync/atomic"
)

// entryAt reads an entry's bytes at offsets, for Entry.At: the entry is the
// bytes [base, base+size) of ra. It is safe for concurrent use, as the
// io.ReaderAt contract asks. The Input's BytesRead counts how far into the
// entry anything has read, the entry's Reader or At: the progress of workers
// reading ranges of it at once, each byte counted once.
// Error offsets are in the entry, like those of the entry's Reader (for a
// bare CSV, the source's offsets; for a directory, the member file's).
type entryAt struct {
	ctx    context.Context
	ra     io.ReaderAt
	base   int64
	size   int64
	n      *atomic.Int64 // the Input's count of bytes read
	start  int64         // *n when the entry began: *n - start of its bytes are counted
	input  string
	member string
	gone   atomic.Bool // set once the input has moved past the entry (Next or Close)
}

func (e *entryAt) ReadAt(p []byte, off int64) (int, error) {
	if err := e.ctx.Err(); err != nil {
		return 0, err
	}
	if e.gone.Load() {
		// Like the entry's Reader after Next or Close.
		return 0, &Error{Input: e.input, Member: e.member, Offset: off, Err: fs.ErrClosed}
	}
	if off < 0 || off > e.size {
		return 0, fmt.Errorf("ingest: read at offset %d of an entry of %d bytes", off, e.size)
	}
	want := len(p)
	if rest := e.size - off; int64(want) > rest {
		want = int(rest)
	}
	n, err := e.ra.ReadAt(p[:want], e.base+off)
	e.count(off + int64(n))
	if n == want {
		if want < len(p) {
			return n, io.EOF
		}
		return n, nil
	}
	if err == nil || err == io.EOF {
		// The file is shorter than it was when it was opened.
		err = fmt.Errorf("%w: the file ends %d bytes into it, %d bytes short of its size when opened",
			ErrTruncated, off+int64(n), e.size-off-int64(n))
	} else {
		err = sourceError(err)
	}
	return n, &Error{Input: e.input, Member: e.member, Offset: off + int64(n), Err: err}
}

// count moves the entry's share of the Input's count of bytes read up to end, if it is below.
func (e *entryAt) count(end int64) {
	for {
		cur := e.n.Load()
		if end <= cur-e.start || e.n.CompareAndSwap(cur, e.start+end) {
			return
		}
	}
}
