package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
)

// zipLister reads a zip archive from a seekable source through its central
// directory (archive/zip). A member's bytes are read and inflated only when
// the caller reads them.
type zipLister struct {
	in      *Input
	ra      *counterAt
	size    int64
	backend Backend
	files   []*zip.File
	i       int
	br      *bufio.Reader // reused by the members' inflaters
}

func newZipLister(ctx context.Context, in *Input, backend Backend) (*zipLister, error) {
	ra := &counterAt{ctx: ctx, ra: in.src.ra, base: in.src.base, n: &in.read}
	size := in.src.size
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // nothing is written to disk
		switch {
		case ra.err != nil:
			return nil, sourceError(ra.err)
		case !hasEndRecord(ra, size):
			return nil, fmt.Errorf("%w zip archive: no end of central directory record", ErrTruncated)
		default:
			return nil, fmt.Errorf("%w: zip central directory: %w", ErrCorrupt, err)
		}
	}
	return &zipLister{in: in, ra: ra, size: size, backend: backend, files: zr.File}, nil
}

// hasEndRecord reports whether the end of central directory signature occurs
// where it can be: in the last 22+65535 bytes.
func hasEndRecord(ra io.ReaderAt, size int64) bool {
	n := min(size, 22+math.MaxUint16)
	buf := make([]byte, n)
	if _, err := ra.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return false
	}
	return bytes.Contains(buf, []byte("PK\x05\x06"))
}

func (z *zipLister) next() (*Entry, error) {
	for z.i < len(z.files) {
		f := z.files[z.i]
		z.i++
		if isZipDir(f.Name) {
			continue
		}
		size := int64(-1)
		if f.UncompressedSize64 <= math.MaxInt64 {
			size = int64(f.UncompressedSize64)
		}
		return &Entry{Path: f.Name, Size: size, Reader: &zipMember{z: z, f: f}}, nil
	}
	return nil, io.EOF
}

func (z *zipLister) close() error {
	putBuf(z.br)
	z.br = nil
	return nil
}

// isZipDir reports whether a zip member is a directory: its name ends in a
// slash. Both zip readers skip such members.
func isZipDir(name string) bool { return strings.HasSuffix(name, "/") }

// zipMember reads one member through the central directory's record.
type zipMember struct {
	z      *zipLister
	f      *zip.File
	opened bool
	start  int64 // offset of the compressed data
	sec    *io.SectionReader
	r      io.Reader // the member's bytes: sec, or an inflater over z.br
	dec    io.ReadCloser
	crc    uint32
	n      uint64
	err    error // sticky
}

// offset returns the source offset up to which the member's compressed data
// has been consumed.
func (m *zipMember) offset() int64 {
	if m.sec == nil {
		return -1
	}
	pos, _ := m.sec.Seek(0, io.SeekCurrent)
	if m.dec != nil {
		pos -= int64(m.z.br.Buffered())
	}
	return m.start + pos
}

func (m *zipMember) fail(off int64, err error) error {
	m.err = &Error{Input: m.z.in.errName, Member: m.f.Name, Offset: off, Err: err}
	return m.err
}

func (m *zipMember) open() error {
	m.opened = true
	f := m.f
	if f.Flags&1 != 0 {
		return fmt.Errorf("encrypted zip member: %w", errors.ErrUnsupported)
	}
	start, err := f.DataOffset()
	if err != nil {
		if m.z.ra.err != nil {
			return sourceError(m.z.ra.err)
		}
		return fmt.Errorf("%w: zip local file header: %w", ErrCorrupt, err)
	}
	if f.CompressedSize64 > uint64(m.z.size) {
		return fmt.Errorf("%w: zip member's compressed size %d exceeds the file", ErrCorrupt, f.CompressedSize64)
	}
	m.start = start
	m.sec = io.NewSectionReader(m.z.ra, start, int64(f.CompressedSize64))
	switch f.Method {
	case zip.Store:
		m.r = m.sec
	case zip.Deflate:
		if m.z.br == nil {
			m.z.br = getBuf(m.sec)
		} else {
			m.z.br.Reset(m.sec)
		}
		dec, err := m.z.backend.NewDeflate(m.z.br)
		if err != nil {
			return codecError("deflate", err)
		}
		m.dec = dec
		m.r = dec
	default:
		return fmt.Errorf("zip compression method %d: %w", f.Method, errors.ErrUnsupported)
	}
	return nil
}

func (m *zipMember) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	if !m.opened {
		if err := m.open(); err != nil {
			return 0, m.fail(-1, err)
		}
	}
	n, err := m.r.Read(p)
	m.crc = crc32.Update(m.crc, crc32.IEEETable, p[:n])
	m.n += uint64(n)
	if m.n > m.f.UncompressedSize64 {
		return n, m.fail(m.offset(), fmt.Errorf("%w: zip member is larger than its recorded size %d",
			ErrChecksum, m.f.UncompressedSize64))
	}
	switch {
	case err == io.EOF:
		if m.n != m.f.UncompressedSize64 {
			return n, m.fail(m.offset(), fmt.Errorf("%w: zip member has %d bytes, its record says %d",
				ErrChecksum, m.n, m.f.UncompressedSize64))
		}
		if m.crc != m.f.CRC32 {
			return n, m.fail(m.offset(), fmt.Errorf("%w (CRC-32 of the data %#08x, recorded %#08x)",
				ErrChecksum, m.crc, m.f.CRC32))
		}
		if m.dec != nil {
			m.dec.Close()
		}
	case err != nil:
		if m.z.ra.err != nil {
			return n, m.fail(m.offset(), sourceError(m.z.ra.err))
		}
		if m.dec != nil {
			return n, m.fail(m.offset(), codecError("deflate", err))
		}
		return n, m.fail(m.offset(), err)
	}
	return n, err
}
