package ingest

import (
	"io"
	"sync"
	"sync/atomic"
)

// memberAhead is the inflate stage for a zip member (Options.ReadAhead): from
// the first Read on, a goroutine reads the member's reader (which inflates,
// checks the CRC-32 and size, and words its own errors, offsets included)
// into a ring of reused buffers ahead of the caller. Unlike readAhead it has
// no error attribution of its own to do: a slot carries the member reader's
// error as it was returned.
//
// The goroutine owns the member reader, and through it the archive's
// bufio.Reader, until it ends: stop asks it to end and wait waits for that,
// so Input.Next waits before the lister reads on, and Input.Close hands the
// lister's release to the goroutine if it is still inside a read (a stalled
// pipe).
type memberAhead struct {
	r    io.Reader
	n    int
	pin  bool
	full chan maSlot
	free chan *[]byte
	quit chan struct{}
	done chan struct{} // closed when the goroutine has ended (or never started)
	once sync.Once
	cpu  atomic.Int32 // the CPU the goroutine's thread is kept on, or -1

	started bool
	cur     maSlot
	pos     int
	err     error // sticky: the last slot's error once reached
}

type maSlot struct {
	buf *[]byte
	n   int
	err error // after the n bytes: the member reader's error or io.EOF
}

func newMemberAhead(r io.Reader, n int, pin bool) *memberAhead {
	m := &memberAhead{r: r, n: n, pin: pin, done: make(chan struct{}), quit: make(chan struct{})}
	m.cpu.Store(-1)
	return m
}

func (m *memberAhead) start() {
	m.started = true
	m.full = make(chan maSlot, m.n)
	m.free = make(chan *[]byte, m.n)
	for range m.n {
		m.free <- raPool.Get().(*[]byte)
	}
	go m.run()
}

// run is the producer: it fills free buffers from the member until an error
// (io.EOF included) or stop.
func (m *memberAhead) run() {
	defer close(m.done)
	defer func() { // the buffers not handed out
		for {
			select {
			case buf := <-m.free:
				raPool.Put(buf)
			default:
				return
			}
		}
	}()
	var p *pinner
	if m.pin {
		if p = newPinner(); p != nil { // its thread ends with this goroutine: never unlocked
			m.cpu.Store(int32(p.cpu))
			defer p.close()
		}
	}
	for i := 1; ; i++ {
		var buf *[]byte
		select {
		case buf = <-m.free:
		case <-m.quit:
			return
		}
		if p != nil && i%pinCheckEvery == 0 {
			m.cpu.Store(int32(p.check()))
		}
		n, err := fill(m.r, *buf)
		select {
		case m.full <- maSlot{buf: buf, n: n, err: err}: // never blocks: as many slots as buffers
		case <-m.quit:
			raPool.Put(buf)
			return
		}
		if err != nil {
			return
		}
	}
}

// Read copies the member's bytes out of the filled buffers; after the last
// byte it returns the member reader's error or io.EOF.
func (m *memberAhead) Read(p []byte) (int, error) {
	if !m.started {
		m.start()
	}
	for m.cur.buf == nil || m.pos == m.cur.n {
		if m.err != nil {
			return 0, m.err
		}
		if m.cur.buf != nil {
			if m.cur.err != nil {
				m.err = m.cur.err
				continue
			}
			m.free <- m.cur.buf // never blocks: as many slots as buffers
			m.cur.buf = nil
		}
		select {
		case m.cur = <-m.full:
			m.pos = 0
		case <-m.quit:
			return 0, io.ErrClosedPipe
		}
	}
	n := copy(p, (*m.cur.buf)[m.pos:m.cur.n])
	m.pos += n
	return n, nil
}

// stop asks the goroutine to end and gives back the buffers the reading side
// holds; it does not wait (see wait).
func (m *memberAhead) stop() {
	m.once.Do(func() {
		close(m.quit)
		if !m.started {
			close(m.done)
			return
		}
		if m.cur.buf != nil {
			raPool.Put(m.cur.buf)
			m.cur.buf = nil
		}
		m.err = io.ErrClosedPipe
	})
}

// wait stops the goroutine and waits until it has ended, so that the member
// reader is the caller's again. The filled buffers left go back to the pool.
func (m *memberAhead) wait() {
	m.stop()
	<-m.done
	m.drain()
}

// drain gives the filled buffers nobody will read back to the pool; call it
// once the goroutine has ended.
func (m *memberAhead) drain() {
	for m.full != nil {
		select {
		case s := <-m.full:
			raPool.Put(s.buf)
		default:
			return
		}
	}
}
