package ingest

import (
	"io"
	"sync"
	"sync/atomic"
)

// raBufSize is the size of one read-ahead buffer: the pipeline's chunk size.
const raBufSize = 1 << 20

// raPool recycles read-ahead buffers across Inputs.
var raPool = sync.Pool{New: func() any {
	b := make([]byte, raBufSize)
	return &b
}}

// pinCheckEvery is how many buffers the producer fills between looks at
// whether its CPU is still its own (pinner.check): ~10 ms of ISA-L.
const pinCheckEvery = 16

// ahead is the machinery of the inflate stage: a producer goroutine fills a
// ring of reused buffers from a reader ahead of the consumer's Reads, so
// decompression overlaps with what the caller does with the bytes, each on
// its own core. With each buffer the producer records an M: what the
// consumer needs to know when it reaches those bytes (readAhead: the
// stack's position and errors; memberAhead: nothing).
type ahead[M any] struct {
	full chan aheadSlot[M]
	free chan *[]byte
	quit chan struct{}
	done chan struct{} // closed when the producer has ended
	once sync.Once
	cpu  atomic.Int32 // the CPU the producer's thread is kept on, or -1

	// consumer side
	cur aheadSlot[M] // cur.meta stays the last slot's after its buffer goes back
	pos int
	err error // sticky: the last slot's error once reached, or io.ErrClosedPipe after stop
}

type aheadSlot[M any] struct {
	buf  *[]byte
	n    int
	err  error // after the n bytes: the reader's error or io.EOF
	meta M
}

// init makes the ring of n buffers; meta is what the consumer sees before
// the first buffer.
func (a *ahead[M]) init(n int, meta M) {
	a.full = make(chan aheadSlot[M], n)
	a.free = make(chan *[]byte, n)
	a.quit = make(chan struct{})
	a.done = make(chan struct{})
	for range n {
		a.free <- raPool.Get().(*[]byte)
	}
	a.cpu.Store(-1)
	a.cur.meta = meta
}

// run is the producer: it fills free buffers from src, recording meta()
// after each, until an error (io.EOF included) or stop; then it calls
// release (if not nil) and ends. With pin, its thread is kept on one CPU
// (see pinner).
func (a *ahead[M]) run(src io.Reader, pin bool, meta func() M, release func()) {
	defer close(a.done)
	var p *pinner
	if pin {
		if p = newPinner(); p != nil { // its thread ends with this goroutine: never unlocked
			a.cpu.Store(int32(p.cpu))
			defer p.close()
		}
	}
	defer func() {
		if release != nil {
			release()
		}
		for {
			select {
			case buf := <-a.free:
				raPool.Put(buf)
			default:
				return
			}
		}
	}()
	for i := 1; ; i++ {
		var buf *[]byte
		select {
		case buf = <-a.free:
		case <-a.quit:
			return
		}
		if p != nil && i%pinCheckEvery == 0 {
			a.cpu.Store(int32(p.check()))
		}
		n, err := fill(src, *buf)
		select {
		case a.full <- aheadSlot[M]{buf: buf, n: n, err: err, meta: meta()}: // never blocks: as many slots as buffers
		case <-a.quit:
			raPool.Put(buf)
			return
		}
		if err != nil {
			return
		}
	}
}

// fill reads src until buf is full or an error.
func fill(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := src.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Read copies bytes out of the filled buffers; after the last byte it
// returns the reader's error or io.EOF.
func (a *ahead[M]) Read(p []byte) (int, error) {
	for a.cur.buf == nil || a.pos == a.cur.n {
		if a.err != nil {
			return 0, a.err
		}
		if a.cur.buf != nil {
			if a.cur.err != nil {
				a.err = a.cur.err
				continue
			}
			a.free <- a.cur.buf // never blocks: as many slots as buffers
			a.cur.buf = nil
		}
		select {
		case a.cur = <-a.full:
			a.pos = 0
		case <-a.quit:
			return 0, io.ErrClosedPipe
		}
	}
	n := copy(p, (*a.cur.buf)[a.pos:a.cur.n])
	a.pos += n
	return n, nil
}

// stop asks the producer to end without waiting for it (it may be inside a
// read of a pipe) and gives the buffers the consumer holds, and the filled
// ones, back to the pool.
func (a *ahead[M]) stop() {
	a.once.Do(func() {
		close(a.quit)
		a.err = io.ErrClosedPipe
		if a.cur.buf != nil {
			raPool.Put(a.cur.buf)
			a.cur.buf = nil
		}
		a.drain()
	})
}

// drain gives the filled buffers nobody will read back to the pool.
func (a *ahead[M]) drain() {
	for {
		select {
		case s := <-a.full:
			raPool.Put(s.buf)
		default:
			return
		}
	}
}

// raMeta is what the consumer of a stack's stream needs to know about the
// stack when it reaches a buffer: the source offset after it and the
// source's and the decompressor's errors so far.
type raMeta struct {
	off            int64
	srcErr, decErr error
}

// readAhead is the inflate stage of a gzip or zstd stream. The producer owns
// the stack's source, bufio.Reader and decompressor while it runs, and
// releases them when it ends. The consumer sees the stack's errors and
// position through the meta of the buffer it is reading (see stack.offset
// and stack.classify), so error attribution and offsets stay as without
// read-ahead, at buffer granularity.
type readAhead struct{ ahead[raMeta] }

// startReadAhead starts decompressing s into n buffers on a new goroutine,
// whose thread is kept on one CPU if pin (see pinner).
func startReadAhead(s *stack, n int, pin bool) *readAhead {
	ra := &readAhead{}
	ra.init(n, raMeta{off: s.consumed()})
	meta := func() raMeta { return raMeta{off: s.consumed(), srcErr: s.cnt.err, decErr: s.decErr} }
	release := func() {
		if s.dec != nil {
			s.dec.Close()
		}
		putBuf(s.br)
		s.br = nil
	}
	go ra.run(&decReader{s}, pin, meta, release)
	return ra
}

// close stops the producer; it releases the stack's decompressor and buffer
// when it ends, which may be after close returns (a read of a pipe in
// progress finishes first).
func (ra *readAhead) close() { ra.stop() }
