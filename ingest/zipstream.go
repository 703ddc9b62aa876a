package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
)

// Zip record signatures (APPNOTE.TXT 4.3).
const (
	sigLocal       = "PK\x03\x04"
	sigCentral     = "PK\x01\x02"
	sigEnd         = "PK\x05\x06"
	sigEnd64       = "PK\x06\x06"
	sigLocator64   = "PK\x06\x07"
	sigDescriptor  = "PK\x07\x08"
	localLen       = 30
	centralLen     = 46
	endLen         = 22
	locator64Len   = 20
	end64MinLen    = 56
	zip64ExtraID   = 0x0001
	flagEncrypted  = 0x1
	flagDescriptor = 0x8
	methodStore    = 0
	methodDeflate  = 8
)

// zipStream reads a zip archive as a stream, record by record: each local
// file header, the member's data (deflate streams end by themselves; stored
// data with a data descriptor is found by its signature), and at the end the
// central directory, which must list the same members as the local headers.
type zipStream struct {
	s       *stack
	backend Backend
	cur     *zsMember
	nLocal  uint64
	local   hash.Hash // digest of the local records, compared with the central directory's
}

func newZipStream(s *stack, backend Backend) *zipStream {
	return &zipStream{s: s, backend: backend, local: sha256.New()}
}

// zsMember is one member being streamed.
type zsMember struct {
	z          *zipStream
	name       string
	flags      uint16
	method     uint16
	crc        uint32 // from the local header (0 with a data descriptor)
	csize      uint64 // idem
	usize      uint64 // idem
	known      bool   // sizes and CRC are in the local header (no data descriptor)
	zip64      bool   // the local header has a zip64 extra field
	hdrOff     int64  // offset of the local header
	dataOff    int64  // offset of the data
	r          io.Reader
	dec        io.ReadCloser
	gotCRC     uint32
	gotN       uint64
	gotC       uint64 // compressed size found (set at the end)
	sawBadDesc bool   // a stored member's scan met a descriptor with the right sizes and a wrong CRC
	done       bool   // read to its end and verified
	err        error  // sticky
}

// le16, le32 and le64 read little-endian integers.
func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }
func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// errAt returns an *Error at offset off (or the current offset if off < 0),
// letting a failure of the source or the inflater take precedence.
func (z *zipStream) errAt(member string, off int64, err error) error {
	if off < 0 {
		off = z.s.offset()
	}
	if z.s.cnt.err != nil {
		err = sourceError(z.s.cnt.err)
	}
	return &Error{Input: z.s.in.errName, Member: member, Offset: off, Err: err}
}

// peek returns the next n bytes without consuming them. If the stream ends
// first it returns an ErrTruncated error naming what was expected.
func (z *zipStream) peek(n int, what string) ([]byte, error) {
	b, err := z.s.br.Peek(n)
	if len(b) == n {
		return b, nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return nil, fmt.Errorf("%w %s: %w", ErrTruncated, what, err)
}

func (z *zipStream) next() (*Entry, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	for {
		off := z.s.offset()
		sig, err := z.peek(4, "zip archive: no central directory")
		if err != nil {
			return nil, z.errAt("", off, err)
		}
		switch string(sig) {
		case sigLocal:
			m, err := z.readLocal(off)
			if err != nil {
				return nil, err
			}
			z.cur = m
			if isZipDir(m.name) {
				if err := z.finish(); err != nil {
					return nil, err
				}
				continue
			}
			size := int64(-1)
			if m.known && m.usize <= math.MaxInt64 {
				size = int64(m.usize)
			}
			return &Entry{Path: m.name, Size: size, Reader: m}, nil
		case sigCentral, sigEnd, sigEnd64:
			if err := z.readCentral(off); err != nil {
				return nil, err
			}
			return nil, io.EOF
		default:
			return nil, z.errAt("", off, fmt.Errorf("%w: zip: no local file header or central directory (signature %q)", ErrCorrupt, sig))
		}
	}
}

// readLocal reads the local file header at off and prepares its member.
func (z *zipStream) readLocal(off int64) (*zsMember, error) {
	h, err := z.peek(localLen, "zip local file header")
	if err != nil {
		return nil, z.errAt("", off, err)
	}
	m := &zsMember{z: z, hdrOff: off,
		flags: le16(h[6:]), method: le16(h[8:]), crc: le32(h[14:]),
		csize: uint64(le32(h[18:])), usize: uint64(le32(h[22:]))}
	nameLen, extraLen := int(le16(h[26:])), int(le16(h[28:]))
	h, err = z.peek(localLen+nameLen+extraLen, "zip local file header")
	if err != nil {
		return nil, z.errAt("", off, err)
	}
	m.name = string(h[localLen : localLen+nameLen])
	extra := h[localLen+nameLen:]
	m.known = m.flags&flagDescriptor == 0
	needU, needC := m.usize == math.MaxUint32, m.csize == math.MaxUint32
	if f, ok := zip64Field(extra); ok {
		m.zip64 = true
		if needU && m.known {
			if len(f) < 8 {
				return nil, z.errAt(m.name, off, fmt.Errorf("%w: zip64 extra field too short", ErrCorrupt))
			}
			m.usize, f = le64(f), f[8:]
		}
		if needC && m.known {
			if len(f) < 8 {
				return nil, z.errAt(m.name, off, fmt.Errorf("%w: zip64 extra field too short", ErrCorrupt))
			}
			m.csize = le64(f)
		}
	} else if needC && m.known {
		return nil, z.errAt(m.name, off, fmt.Errorf("%w: zip local header needs a zip64 extra field", ErrCorrupt))
	}
	if _, err := z.s.br.Discard(len(h)); err != nil {
		return nil, z.errAt(m.name, off, err)
	}
	m.dataOff = z.s.offset()
	if err := m.check(); err != nil && !m.known {
		// Without sizes there is no way past this member.
		return nil, z.errAt(m.name, off, fmt.Errorf("%w: cannot find the end of a member with a data descriptor", err))
	}
	return m, nil
}

// zip64Field returns the data of the first zip64 extended information field.
func zip64Field(extra []byte) ([]byte, bool) {
	for len(extra) >= 4 {
		tag, size := le16(extra), int(le16(extra[2:]))
		extra = extra[4:]
		if len(extra) < size {
			break
		}
		if tag == zip64ExtraID {
			return extra[:size], true
		}
		extra = extra[size:]
	}
	return nil, false
}

// check reports whether the member can be read.
func (m *zsMember) check() error {
	switch {
	case m.flags&flagEncrypted != 0:
		return fmt.Errorf("encrypted zip member: %w", errors.ErrUnsupported)
	case m.method != methodStore && m.method != methodDeflate:
		return fmt.Errorf("zip compression method %d: %w", m.method, errors.ErrUnsupported)
	case m.method == methodStore && m.known && m.csize != m.usize:
		return fmt.Errorf("%w: stored zip member with compressed size %d and size %d", ErrCorrupt, m.csize, m.usize)
	}
	return nil
}

// finish moves past the current member: a member with known sizes is
// skipped without inflating; otherwise it is read to its end.
func (z *zipStream) finish() error {
	m := z.cur
	if m == nil || m.done {
		return nil
	}
	if m.err != nil {
		return m.err
	}
	if !m.known {
		if err := z.s.in.discard(m); err != nil {
			return err
		}
		return nil
	}
	end := m.dataOff + int64(m.csize)
	pos := z.s.offset()
	if m.csize > math.MaxInt64 || end < pos {
		return m.fail(-1, fmt.Errorf("%w: zip member data overruns its compressed size %d", ErrCorrupt, m.csize))
	}
	for pos < end {
		n, err := z.s.br.Discard(int(min(end-pos, 1<<30)))
		pos += int64(n)
		if err != nil {
			if err == io.EOF {
				err = fmt.Errorf("%w zip member data: %w", ErrTruncated, io.ErrUnexpectedEOF)
			}
			return m.fail(-1, err)
		}
	}
	m.done = true
	z.record(m, m.crc, m.csize, m.usize)
	return nil
}

// record adds a member's local record to the digest compared with the
// central directory.
func (z *zipStream) record(m *zsMember, crc uint32, csize, usize uint64) {
	z.nLocal++
	writeRecord(z.local, m.name, m.method, m.flags, crc, csize, usize, uint64(m.hdrOff))
}

func writeRecord(h hash.Hash, name string, method, flags uint16, crc uint32, csize, usize, off uint64) {
	var b [40]byte
	binary.LittleEndian.PutUint64(b[0:], uint64(len(name)))
	binary.LittleEndian.PutUint16(b[8:], method)
	binary.LittleEndian.PutUint16(b[10:], flags&flagEncrypted)
	binary.LittleEndian.PutUint32(b[12:], crc)
	binary.LittleEndian.PutUint64(b[16:], csize)
	binary.LittleEndian.PutUint64(b[24:], usize)
	binary.LittleEndian.PutUint64(b[32:], off) // all 64 bits: a zip64 offset differing only in its top bits is a mismatch
	h.Write(b[:])
	h.Write([]byte(name))
}

func (m *zsMember) fail(off int64, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		err = m.z.errAt(m.name, off, err)
	}
	m.err = err
	return err
}

// open sets up the member's reader.
func (m *zsMember) open() error {
	if err := m.check(); err != nil {
		return err
	}
	br := m.z.s.br
	switch {
	case m.method == methodDeflate:
		dec, err := m.z.backend.NewDeflate(br)
		if err != nil {
			return codecError("deflate", err)
		}
		m.dec = dec
		m.r = dec
	case m.known:
		m.r = &storedReader{br: br, left: m.csize}
	default:
		m.r = &scanReader{m: m}
	}
	return nil
}

func (m *zsMember) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if m.done {
		return 0, io.EOF
	}
	if m.r == nil {
		if err := m.open(); err != nil {
			return 0, m.fail(-1, err)
		}
	}
	n, err := m.r.Read(p)
	m.gotCRC = crc32.Update(m.gotCRC, crc32.IEEETable, p[:n])
	m.gotN += uint64(n)
	if m.known && m.gotN > m.usize {
		return n, m.fail(-1, fmt.Errorf("%w: zip member is larger than its recorded size %d", ErrChecksum, m.usize))
	}
	switch {
	case err == io.EOF:
		if err := m.end(); err != nil {
			return n, m.fail(-1, err)
		}
		m.done = true
		if m.dec != nil {
			m.dec.Close()
		}
	case err != nil:
		if m.dec != nil && m.z.s.cnt.err == nil {
			err = codecError("deflate", err)
		} else if errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w zip member data: %w", ErrTruncated, err)
		}
		return n, m.fail(-1, err)
	}
	return n, err
}

// end verifies a member whose data has been read: sizes and CRC-32 against
// the local header or the data descriptor, which it consumes.
func (m *zsMember) end() error {
	csize := uint64(m.z.s.offset() - m.dataOff)
	if m.known {
		switch {
		case csize != m.csize:
			return fmt.Errorf("%w: zip member's compressed data is %d bytes, its header says %d", ErrCorrupt, csize, m.csize)
		case m.gotN != m.usize:
			return fmt.Errorf("%w: zip member has %d bytes, its header says %d", ErrChecksum, m.gotN, m.usize)
		case m.gotCRC != m.crc:
			return fmt.Errorf("%w (CRC-32 of the data %#08x, local header says %#08x)", ErrChecksum, m.gotCRC, m.crc)
		}
		m.z.record(m, m.crc, m.csize, m.usize)
		return nil
	}
	if m.method == methodStore {
		// scanReader has matched and consumed the descriptor already.
		m.z.record(m, m.gotCRC, m.gotC, m.gotN)
		return nil
	}
	ok, err := m.descriptor(csize)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: zip data descriptor does not match the data (CRC-32 %#08x, %d bytes compressed, %d bytes)",
			ErrChecksum, m.gotCRC, csize, m.gotN)
	}
	m.z.record(m, m.gotCRC, csize, m.gotN)
	return nil
}

// descriptor looks for a data descriptor at the current position that
// matches the data read (CRC-32 m.gotCRC, csize compressed bytes, m.gotN
// bytes) and is followed by another record's signature. The descriptor's
// signature is optional and its sizes are 4 or 8 bytes wide, so all four
// layouts are tried. On a match it consumes the descriptor and returns true.
func (m *zsMember) descriptor(csize uint64) (bool, error) {
	const longest = 4 + 4 + 16 + 4 // signature, CRC, two 8-byte sizes, next signature
	b, _ := m.z.s.br.Peek(longest)
	short := len(b) < longest
	for _, sig := range []bool{true, false} {
		at := 0
		if sig {
			if !bytes.HasPrefix(b, []byte(sigDescriptor)) {
				continue
			}
			at = 4
		}
		for _, wide := range []bool{false, true} {
			w := 4
			if wide {
				w = 8
			}
			end := at + 4 + 2*w
			if len(b) < end+4 {
				continue
			}
			crc := le32(b[at:])
			var c, u uint64
			if wide {
				c, u = le64(b[at+4:]), le64(b[at+12:])
			} else {
				c, u = uint64(le32(b[at+4:])), uint64(le32(b[at+8:]))
			}
			if crc != m.gotCRC || c != csize || u != m.gotN || !nextRecord(b[end:end+4]) {
				if c == csize && u == m.gotN && nextRecord(b[end:end+4]) {
					m.sawBadDesc = true
				}
				continue
			}
			if _, err := m.z.s.br.Discard(end); err != nil {
				return false, err
			}
			m.gotC = c
			return true, nil
		}
	}
	if short && !m.sawBadDesc {
		return false, fmt.Errorf("%w zip data descriptor: %w", ErrTruncated, io.ErrUnexpectedEOF)
	}
	return false, nil
}

// nextRecord reports whether sig starts a record that may follow a member.
func nextRecord(sig []byte) bool {
	switch string(sig) {
	case sigLocal, sigCentral, sigEnd, sigEnd64:
		return true
	}
	return false
}

// storedReader reads left bytes of stored data; the stream ending first is
// io.ErrUnexpectedEOF.
type storedReader struct {
	br interface {
		Read([]byte) (int, error)
	}
	left uint64
}

func (s *storedReader) Read(p []byte) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	if uint64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.br.Read(p)
	s.left -= uint64(n)
	if err == io.EOF {
		if s.left > 0 {
			return n, io.ErrUnexpectedEOF
		}
		err = nil
	}
	return n, err
}

// scanReader reads stored data followed by a data descriptor: the data ends
// where a descriptor with the signature matches the bytes before it.
type scanReader struct{ m *zsMember }

func (s *scanReader) Read(p []byte) (int, error) {
	m, br := s.m, s.m.z.s.br
	for {
		var eof bool
		if br.Buffered() < 64 {
			if _, err := br.Peek(64); err != nil {
				if err != io.EOF {
					return 0, err
				}
				eof = true
			}
		}
		if eof {
			// Fewer than 64 bytes are left: too few for a descriptor, the
			// central directory and the end record, so the archive is cut
			// short. What is left is not handed out: it may be the
			// descriptor rather than data.
			if m.sawBadDesc {
				return 0, fmt.Errorf("%w: zip data descriptor CRC-32 does not match the data (%#08x)", ErrChecksum, m.gotCRC)
			}
			return 0, fmt.Errorf("%w zip member: no data descriptor: %w", ErrTruncated, io.ErrUnexpectedEOF)
		}
		buf, _ := br.Peek(br.Buffered())
		i := bytes.Index(buf, []byte(sigDescriptor))
		switch {
		case i == 0:
			if ok, err := m.descriptor(m.gotN); err == nil && ok {
				return 0, io.EOF
			}
			i = 1 // Not this one: the "P" is data.
		case i < 0:
			i = len(buf) - (len(sigDescriptor) - 1) // a signature may straddle the buffer's end
		}
		n := copy(p, buf[:i])
		br.Discard(n)
		if n > 0 || len(p) == 0 {
			return n, nil
		}
	}
}

// readCentral reads the central directory at off to the end of the
// archive and checks it against the local headers seen.
func (z *zipStream) readCentral(cdOff int64) error {
	fail := func(err error) error { return z.errAt("", -1, err) }
	cd := sha256.New()
	var n uint64
	for {
		sig, err := z.peek(4, "zip central directory")
		if err != nil {
			return fail(err)
		}
		if string(sig) != sigCentral {
			break
		}
		h, err := z.peek(centralLen, "zip central directory record")
		if err != nil {
			return fail(err)
		}
		flags, method, crc := le16(h[8:]), le16(h[10:]), le32(h[16:])
		csize, usize := uint64(le32(h[20:])), uint64(le32(h[24:]))
		nameLen, extraLen, commentLen := int(le16(h[28:])), int(le16(h[30:])), int(le16(h[32:]))
		off := uint64(le32(h[42:]))
		total := centralLen + nameLen + extraLen + commentLen
		h, err = z.peek(total, "zip central directory record")
		if err != nil {
			return fail(err)
		}
		name := string(h[centralLen : centralLen+nameLen])
		if f, ok := zip64Field(h[centralLen+nameLen : centralLen+nameLen+extraLen]); ok {
			// The same rule as archive/zip: each field is present only if
			// its 32-bit counterpart is all ones.
			for _, p := range []*uint64{&usize, &csize, &off} {
				if *p == math.MaxUint32 {
					if len(f) < 8 {
						return fail(fmt.Errorf("%w: zip64 extra field too short in the central directory", ErrCorrupt))
					}
					*p, f = le64(f), f[8:]
				}
			}
		} else if csize == math.MaxUint32 || off == math.MaxUint32 {
			return fail(fmt.Errorf("%w: zip central directory record needs a zip64 extra field", ErrCorrupt))
		}
		writeRecord(cd, name, method, flags, crc, csize, usize, off)
		n++
		z.s.br.Discard(total)
	}
	cdEnd := z.s.offset()
	if n != z.nLocal || !bytes.Equal(cd.Sum(nil), z.local.Sum(nil)) {
		return fail(fmt.Errorf("%w: zip central directory does not match the local headers (%d records, %d local headers)",
			ErrCorrupt, n, z.nLocal))
	}
	// The end records: an optional zip64 end record and its locator, then
	// the end of central directory record.
	var end64 struct {
		seen           bool
		off            int64
		count, size, o uint64
	}
	for {
		sig, err := z.peek(4, "zip end of central directory record")
		if err != nil {
			return fail(err)
		}
		switch string(sig) {
		case sigEnd64:
			h, err := z.peek(12, "zip64 end of central directory record")
			if err != nil {
				return fail(err)
			}
			size := le64(h[4:])
			if size < end64MinLen-12 || size > 1<<20 {
				return fail(fmt.Errorf("%w: zip64 end of central directory record of size %d", ErrCorrupt, size))
			}
			h, err = z.peek(12+int(size), "zip64 end of central directory record")
			if err != nil {
				return fail(err)
			}
			end64.seen, end64.off = true, z.s.offset()
			end64.count, end64.size, end64.o = le64(h[32:]), le64(h[40:]), le64(h[48:])
			if le32(h[16:]) != 0 || le32(h[20:]) != 0 || le64(h[24:]) != end64.count {
				return fail(fmt.Errorf("%w: multi-disk zip archive", errors.ErrUnsupported))
			}
			z.s.br.Discard(len(h))
			continue
		case sigLocator64:
			h, err := z.peek(locator64Len, "zip64 end of central directory locator")
			if err != nil {
				return fail(err)
			}
			if !end64.seen || int64(le64(h[8:])) != end64.off {
				return fail(fmt.Errorf("%w: zip64 locator does not point at the zip64 end record", ErrCorrupt))
			}
			z.s.br.Discard(locator64Len)
			continue
		case sigEnd:
		default:
			return fail(fmt.Errorf("%w: zip: no end of central directory record (signature %q)", ErrCorrupt, sig))
		}
		break
	}
	h, err := z.peek(endLen, "zip end of central directory record")
	if err != nil {
		return fail(err)
	}
	count, size, off := uint64(le16(h[10:])), uint64(le32(h[12:])), uint64(le32(h[16:]))
	if le16(h[4:]) != 0 || le16(h[6:]) != 0 || le16(h[8:]) != le16(h[10:]) {
		return fail(fmt.Errorf("%w: multi-disk zip archive", errors.ErrUnsupported))
	}
	if count == math.MaxUint16 || size == math.MaxUint32 || off == math.MaxUint32 {
		if !end64.seen {
			return fail(fmt.Errorf("%w: zip end record needs a zip64 end record", ErrCorrupt))
		}
		count, size, off = end64.count, end64.size, end64.o
	}
	if count != n || size != uint64(cdEnd-cdOff) || off != uint64(cdOff) {
		return fail(fmt.Errorf("%w: zip end record (%d records, %d bytes at %d) does not match the central directory (%d records, %d bytes at %d)",
			ErrCorrupt, count, size, off, n, cdEnd-cdOff, cdOff))
	}
	commentLen := int(le16(h[20:]))
	if _, err := z.peek(endLen+commentLen, "zip archive comment"); err != nil {
		return fail(err)
	}
	z.s.br.Discard(endLen + commentLen)
	if b, _ := z.s.br.Peek(1); len(b) > 0 {
		return fail(fmt.Errorf("%w: data after the end of the zip archive", ErrCorrupt))
	}
	if z.s.cnt.err != nil {
		return fail(sourceError(z.s.cnt.err))
	}
	return nil
}

func (z *zipStream) close() error { return z.s.close() }
