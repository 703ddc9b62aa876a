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

// raSlot is one filled buffer, with what the consumer needs to know about
// the stack when it reaches these bytes: the source offset after them and
// the source's and the decompressor's errors so far.
type raSlot struct {
	buf            *[]byte
	n              int
	err            error // after the n bytes: the decompressor's error or io.EOF
	off            int64
	srcErr, decErr error
}

// readAhead is the inflate stage: a goroutine decompresses a stack's stream
// into a small ring of reused buffers ahead of the reader, so decompression
// overlaps with what the caller does with the bytes (finding records,
// parsing), each on its own core.
//
// The producer owns the stack's source, bufio.Reader and decompressor while
// it runs, and releases them when it ends. The consumer sees the stack's
// errors and position through the slot it is reading (see stack.offset and
// stack.classify), so error attribution and offsets stay as without
// read-ahead, at buffer granularity.
type readAhead struct {
	full chan raSlot
	free chan *[]byte
	stop chan struct{}
	once sync.Once

	cpu atomic.Int32 // the CPU the producer's thread is kept on, or -1

	// consumer side
	cur            raSlot
	pos            int
	off            int64
	srcErr, decErr error
	err            error // sticky: the last slot's error once reached
}

// startReadAhead starts decompressing s into n buffers on a new goroutine,
// whose thread is kept on one CPU if pin (see pinner).
func startReadAhead(s *stack, n int, pin bool) *readAhead {
	ra := &readAhead{
		full: make(chan raSlot, n),
		free: make(chan *[]byte, n),
		stop: make(chan struct{}),
		off:  s.consumed(),
	}
	for range n {
		ra.free <- raPool.Get().(*[]byte)
	}
	ra.cpu.Store(-1)
	go ra.run(s, &decReader{s}, pin)
	return ra
}

// pinCheckEvery is how many buffers the producer fills between looks at
// whether its CPU is still its own (pinner.check): ~10 ms of ISA-L.
const pinCheckEvery = 16

// run is the producer: it fills free buffers from src until an error (io.EOF
// included) or stop, then releases the decompressor and the bufio.Reader.
func (ra *readAhead) run(s *stack, src io.Reader, pin bool) {
	var p *pinner
	if pin {
		if p = newPinner(); p != nil { // its thread ends with this goroutine: never unlocked
			ra.cpu.Store(int32(p.cpu))
			defer p.close()
		}
	}
	defer func() {
		if s.dec != nil {
			s.dec.Close()
		}
		putBuf(s.br)
		s.br = nil
		for {
			select {
			case buf := <-ra.free:
				raPool.Put(buf)
			default:
				return
			}
		}
	}()
	for i := 1; ; i++ {
		var buf *[]byte
		select {
		case buf = <-ra.free:
		case <-ra.stop:
			return
		}
		if p != nil && i%pinCheckEvery == 0 {
			ra.cpu.Store(int32(p.check()))
		}
		n, err := fill(src, *buf)
		slot := raSlot{buf: buf, n: n, err: err, off: s.consumed(), srcErr: s.cnt.err, decErr: s.decErr}
		select {
		case ra.full <- slot: // never blocks: there are as many slots as buffers
		case <-ra.stop:
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

// Read copies decompressed bytes out of the filled buffers; after the last
// byte it returns the decompressor's error or io.EOF.
func (ra *readAhead) Read(p []byte) (int, error) {
	for ra.cur.buf == nil || ra.pos == ra.cur.n {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.cur.buf != nil {
			if ra.cur.err != nil {
				ra.err = ra.cur.err
				continue
			}
			ra.free <- ra.cur.buf // never blocks: as many slots as buffers
			ra.cur.buf = nil
		}
		ra.cur, ra.pos = <-ra.full, 0
		ra.off, ra.srcErr, ra.decErr = ra.cur.off, ra.cur.srcErr, ra.cur.decErr
	}
	n := copy(p, (*ra.cur.buf)[ra.pos:ra.cur.n])
	ra.pos += n
	return n, nil
}

// close stops the producer; it releases the stack's decompressor and buffer
// when it ends, which may be after close returns (a read of a pipe in
// progress finishes first). The buffers the consumer holds go back to the
// pool.
func (ra *readAhead) close() {
	ra.once.Do(func() {
		close(ra.stop)
		ra.err = io.ErrClosedPipe
		if ra.cur.buf != nil {
			raPool.Put(ra.cur.buf)
			ra.cur.buf = nil
		}
		for {
			select {
			case slot := <-ra.full:
				raPool.Put(slot.buf)
			default:
				return
			}
		}
	})
}
