package ingest

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
)

// endMarkerLen is the size of a tar's end-of-archive marker: two zero blocks.
const endMarkerLen = 1024

// tarLister reads a tar stream with archive/tar.
type tarLister struct {
	s       *stack
	tail    *zeroTail
	tr      *tar.Reader
	cur     string // the current member's path
	hasCur  bool
	curDone bool // the current member was read to its end
}

func newTarLister(s *stack) *tarLister {
	t := &tarLister{s: s, tail: &zeroTail{r: s.out}}
	t.tr = tar.NewReader(t.tail)
	return t
}

func (t *tarLister) next() (*Entry, error) {
	if t.hasCur && !t.curDone {
		// Read the rest here rather than in tar.Reader.Next, so that an error
		// names the member it happened in.
		if err := t.s.in.discard(tarEntry{t}); err != nil {
			return nil, err
		}
	}
	t.hasCur = false
	for {
		hdr, err := t.tr.Next()
		if err != nil && hdr != nil && errors.Is(err, tar.ErrInsecurePath) {
			err = nil // Nothing is written to disk: any path is fine.
		}
		if err == io.EOF {
			return nil, t.end()
		}
		if err != nil {
			return nil, t.s.wrap("", err, func(err error) error {
				if errors.Is(err, io.ErrUnexpectedEOF) {
					return fmt.Errorf("%w tar header: %w", ErrTruncated, err)
				}
				return fmt.Errorf("%w: tar header: %w", ErrCorrupt, err)
			})
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		t.cur, t.hasCur, t.curDone = hdr.Name, true, false
		return &Entry{Path: hdr.Name, Size: hdr.Size, Reader: tarEntry{t}}, nil
	}
}

// end checks that the archive is complete after archive/tar reported its end:
// archive/tar also accepts a stream that stops at a header boundary without
// the end-of-archive marker, which is how a truncated tar looks. A compressed
// stream is then read to its end so that its checksum is verified.
func (t *tarLister) end() error {
	if t.tail.zeros < endMarkerLen {
		return t.s.wrap("", nil, func(error) error {
			return fmt.Errorf("%w tar archive: no end-of-archive marker", ErrTruncated)
		})
	}
	if t.s.dec != nil {
		if err := t.s.in.discard(t.s.out); err != nil {
			return t.s.wrap("", err, nil)
		}
	}
	return io.EOF
}

func (t *tarLister) close() error { return t.s.close() }

type tarEntry struct{ t *tarLister }

func (e tarEntry) Read(p []byte) (int, error) {
	n, err := e.t.tr.Read(p)
	if err == io.EOF {
		e.t.curDone = true
	} else if err != nil {
		err = e.t.s.wrap(e.t.cur, err, func(err error) error {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%w tar member: %w", ErrTruncated, err)
			}
			return fmt.Errorf("%w: tar member: %w", ErrCorrupt, err)
		})
	}
	return n, err
}

// zeroTail counts the zero bytes at the end of what has been read so far.
// archive/tar reports the end of the archive after two zero blocks, and also
// when the stream ends at a header boundary; the run of zeros tells the two
// apart. (A stream cut at a header boundary right after a member whose data
// ends in 1024 zero bytes would pass as complete; the dump's text members do
// not end that way.)
type zeroTail struct {
	r     io.Reader
	zeros int64
}

func (z *zeroTail) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	if n > 0 {
		b := p[:n]
		i := len(b)
		for i > 0 && b[i-1] == 0 {
			i--
		}
		if i == 0 {
			z.zeros += int64(n)
		} else {
			z.zeros = int64(n - i)
		}
	}
	return n, err
}

// zstdReader adapts a zstd.Decoder: Close releases it, and a checksum
// mismatch becomes ErrChecksum.
type zstdReader struct{ d *zstd.Decoder }

func newZstd(r io.Reader) (io.ReadCloser, error) {
	// One decoder goroutine at most: the caller's reader goroutine is the
	// inflate stage, and the other cores parse.
	d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	return zstdReader{d}, nil
}

func (z zstdReader) Read(p []byte) (int, error) {
	n, err := z.d.Read(p)
	if err != nil && errors.Is(err, zstd.ErrCRCMismatch) {
		err = fmt.Errorf("%w (zstd frame checksum: %w)", ErrChecksum, err)
	}
	return n, err
}

func (z zstdReader) Close() error {
	z.d.Close()
	return nil
}
