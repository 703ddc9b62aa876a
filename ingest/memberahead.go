package ingest

import "io"

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
	ahead[struct{}]
	r       io.Reader
	pin     bool
	started bool // the goroutine was started (by the first Read)
	unused  bool // stop found it never started and closed done itself
}

func newMemberAhead(r io.Reader, n int, pin bool) *memberAhead {
	m := &memberAhead{r: r, pin: pin}
	m.init(n, struct{}{})
	return m
}

// Read starts the goroutine on the first call.
func (m *memberAhead) Read(p []byte) (int, error) {
	if !m.started && !m.unused {
		m.started = true
		go m.run(m.r, m.pin, func() struct{} { return struct{}{} }, nil)
	}
	return m.ahead.Read(p)
}

// stop asks the goroutine to end, or marks it ended if it never started.
func (m *memberAhead) stop() {
	m.ahead.stop()
	if !m.started && !m.unused {
		m.unused = true
		close(m.done)
	}
}

// wait stops the goroutine and waits until it has ended, so that the member
// reader is the caller's again.
func (m *memberAhead) wait() {
	m.stop()
	<-m.done
	m.drain()
}
