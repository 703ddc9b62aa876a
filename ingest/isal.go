//go:build isal && cgo

package ingest

// The ISA-L backend: Intel's Intelligent Storage Acceleration Library, whose
// igzip inflater decodes deflate with AVX2/AVX-512 code at two to three times
// the speed of the pure-Go inflaters. It needs the library and its header
// (Debian: libisal-dev; scripts/isal.sh installs it) and is built only with
// -tags isal and cgo; registered, it becomes PreferredBackend.
//
// The gzip header is parsed here, in Go, with the same rules as
// compress/gzip (so both backends accept and reject the same headers); ISA-L
// inflates the deflate data and checks the CRC-32 and size trailer
// (ISAL_GZIP_NO_HDR_VER). Raw deflate (zip members) uses ISAL_DEFLATE.
//
// Input: ISA-L reads from a slice of the *bufio.Reader's buffer (Peek) and
// keeps up to 8 bytes in its bit buffer, which may lie past the end of the
// stream. So the last 8 bytes handed to it stay in the bufio.Reader until the
// stream ends (Discard lags behind); at the end the bytes ISA-L did not use
// (the whole bytes left in its bit buffer) stay unread, and the next zip
// record or gzip member is read from exactly the right byte.
//
// Output: reads of at least isalDirectMin bytes are inflated straight into the
// caller's buffer; smaller ones through the reader's own buffer. ISA-L keeps
// its 32 KiB window itself, so the output buffer may change between calls.
// The inflate state (C memory) and the output buffer come from a pool.

/*
#cgo LDFLAGS: -lisal
#include <stdint.h>
#include <stdlib.h>
#include <isa-l/igzip_lib.h>

typedef struct {
	int ret;           // isal_inflate's return value
	uint32_t in_used;  // bytes of in consumed (including those left in the bit buffer)
	uint32_t out_used; // bytes written to out
	int finished;      // the stream (and its gzip trailer) ended
	uint32_t unused;   // whole bytes in the bit buffer: consumed but not part of the stream
} blz_result;

static uint8_t blz_empty[8];

static struct inflate_state *blz_new(void) {
	struct inflate_state *s = malloc(sizeof(struct inflate_state));
	if (s != NULL) {
		isal_inflate_init(s);
	}
	return s;
}

static void blz_reset(struct inflate_state *s, uint32_t crc_flag) {
	isal_inflate_reset(s);
	s->crc_flag = crc_flag;
	s->hist_bits = 0;
}

// blz_inflate runs isal_inflate on one input and one output buffer, which
// are Go memory: the state keeps no pointer to them after the call.
static blz_result blz_inflate(struct inflate_state *s, uint8_t *in, uint32_t in_len,
		uint8_t *out, uint32_t out_len) {
	blz_result r;
	s->next_in = in_len ? in : blz_empty;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_len;
	r.ret = isal_inflate(s);
	r.in_used = in_len - s->avail_in;
	r.out_used = out_len - s->avail_out;
	r.finished = s->block_state == ISAL_BLOCK_FINISH;
	r.unused = s->read_in_length > 0 ? (uint32_t)s->read_in_length / 8 : 0;
	s->next_in = NULL;
	s->avail_in = 0;
	s->next_out = NULL;
	s->avail_out = 0;
	return r;
}
*/
import "C"

import (
	"bufio"
	stdgzip "compress/gzip"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sync"
	"unsafe"
)

// IsalBackend is the name under which the ISA-L backend is registered.
const IsalBackend = "isal"

func init() {
	registerPreferred(IsalBackend, isalBackend{})
}

const (
	// isalOutSize is the reader's own output buffer, for reads smaller than
	// isalDirectMin. Each call to isal_inflate that does not end the stream
	// copies its 32 KiB window aside and decodes the next 32 KiB through it,
	// so small output buffers cost copies: this one is large.
	isalOutSize = 1 << 20
	// isalDirectMin is the smallest read inflated into the caller's buffer.
	isalDirectMin = 256 << 10
	// isalLag is how many bytes handed to ISA-L stay in the bufio.Reader:
	// its bit buffer holds at most 64 bits.
	isalLag = 8
)

// isalState is what a reader borrows from isalPool: an inflate state in C
// memory (freed by a cleanup when the pool drops it) and an output buffer.
type isalState struct {
	st  *C.struct_inflate_state
	out []byte
}

var isalPool = sync.Pool{New: func() any {
	st := C.blz_new()
	if st == nil {
		return (*isalState)(nil)
	}
	s := &isalState{st: st, out: make([]byte, isalOutSize)}
	runtime.AddCleanup(s, func(st *C.struct_inflate_state) { C.free(unsafe.Pointer(st)) }, st)
	return s
}}

var errIsalMemory = errors.New("ISA-L: cannot allocate the inflate state")

// errIsalClosed is what a reader returns after Close.
var errIsalClosed = errors.New("ISA-L inflater used after Close")

// isalBackend implements Backend with ISA-L.
type isalBackend struct{}

// inflatesOutsideGo marks the backend for outsideGo: ISA-L runs in cgo calls.
func (isalBackend) inflatesOutsideGo() {}

func (isalBackend) NewGzip(br *bufio.Reader) (io.ReadCloser, error) {
	if err := readGzipHeader(br, true); err != nil {
		return nil, err
	}
	return newIsalReader(br, true)
}

func (isalBackend) NewDeflate(br *bufio.Reader) (io.ReadCloser, error) {
	return newIsalReader(br, false)
}

func newIsalReader(br *bufio.Reader, gzip bool) (*isalReader, error) {
	s := isalPool.Get().(*isalState)
	if s == nil {
		return nil, errIsalMemory
	}
	z := &isalReader{br: br, s: s, gzip: gzip}
	z.reset()
	return z, nil
}

// isalReader inflates one gzip stream (all its members) or one raw deflate
// stream.
type isalReader struct {
	br   *bufio.Reader
	s    *isalState // nil after Close
	gzip bool
	lag  int   // bytes handed to ISA-L and not yet discarded from br
	r, w int   // pending output: s.out[r:w]
	done bool  // the current member (or the deflate stream) has ended
	err  error // sticky; handed out after the pending output
}

func (z *isalReader) reset() {
	flag := C.uint32_t(C.ISAL_DEFLATE)
	if z.gzip {
		flag = C.ISAL_GZIP_NO_HDR_VER
	}
	C.blz_reset(z.s.st, flag)
	z.done = false
}

func (z *isalReader) Read(p []byte) (int, error) {
	for {
		if z.r < z.w {
			n := copy(p, z.s.out[z.r:z.w])
			z.r += n
			return n, nil
		}
		if z.err != nil {
			return 0, z.err
		}
		if len(p) == 0 {
			return 0, nil
		}
		if z.done {
			if !z.gzip {
				z.err = io.EOF
				continue
			}
			// Another member follows, or the stream ends here.
			if err := readGzipHeader(z.br, false); err != nil {
				z.err = err
				continue
			}
			z.reset()
			continue
		}
		if len(p) >= isalDirectMin {
			n, err := z.inflate(p)
			z.err = err
			if n > 0 {
				return n, nil
			}
			continue
		}
		n, err := z.inflate(z.s.out)
		z.r, z.w, z.err = 0, n, err
	}
}

// inflate inflates into dst until it has written something, the stream has
// ended, or an error. Errors of the bufio.Reader are returned unchanged.
func (z *isalReader) inflate(dst []byte) (int, error) {
	stuck := 0
	for {
		in, rerr := z.input()
		var inPtr *C.uint8_t
		if len(in) > 0 {
			inPtr = (*C.uint8_t)(unsafe.Pointer(&in[0]))
		}
		res := C.blz_inflate(z.s.st, inPtr, C.uint32_t(len(in)),
			(*C.uint8_t)(unsafe.Pointer(&dst[0])), C.uint32_t(min(len(dst), 1<<30)))
		out := int(res.out_used)
		z.consumed(int(res.in_used))
		if res.ret < 0 {
			// The output of a call that finds bad data is not to be trusted:
			// ISA-L may have copied a match before checking its distance.
			z.flush()
			return 0, isalError(int(res.ret))
		}
		if res.finished != 0 {
			// Give back what ISA-L read past the end of the stream.
			unused := int(res.unused)
			if unused > z.lag {
				z.flush()
				return out, fmt.Errorf("ISA-L kept %d bytes past the end of the stream, %d are left", unused, z.lag)
			}
			z.br.Discard(z.lag - unused)
			z.lag = 0
			z.done = true
			return out, nil
		}
		if out > 0 {
			return out, nil
		}
		if len(in) == 0 {
			// ISA-L wants more input and there is none.
			z.flush()
			if rerr == io.EOF || rerr == nil {
				return 0, io.ErrUnexpectedEOF
			}
			return 0, rerr
		}
		if res.in_used == 0 {
			// Input offered, none taken, nothing written: never expected;
			// an error rather than a loop.
			if stuck++; stuck > 2 {
				z.flush()
				return 0, errors.New("ISA-L inflater made no progress")
			}
		} else {
			stuck = 0
		}
	}
}

// input returns the buffered bytes not yet handed to ISA-L, filling the
// buffer if there are none; with none it returns the bufio.Reader's error.
func (z *isalReader) input() ([]byte, error) {
	if z.br.Buffered() <= z.lag {
		if _, err := z.br.Peek(z.lag + 1); z.br.Buffered() <= z.lag {
			return nil, err
		}
	}
	b, _ := z.br.Peek(z.br.Buffered())
	return b[z.lag:], nil
}

// consumed records that ISA-L took n more bytes: all but the last isalLag
// handed to it are discarded from the bufio.Reader.
func (z *isalReader) consumed(n int) {
	held := z.lag + n
	keep := min(held, isalLag)
	z.br.Discard(held - keep)
	z.lag = keep
}

// flush discards every byte handed to ISA-L, so that the bufio.Reader's
// position (which error offsets are computed from) is where ISA-L stopped.
func (z *isalReader) flush() {
	z.br.Discard(z.lag)
	z.lag = 0
}

// Close returns the inflate state and the buffer to the pool. It does not
// close the bufio.Reader's source. Reads after Close fail.
func (z *isalReader) Close() error {
	if z.s != nil {
		isalPool.Put(z.s)
		z.s = nil
		z.r, z.w = 0, 0
		z.err = errIsalClosed
	}
	return nil
}

// isalError describes a negative return value of isal_inflate.
func isalError(ret int) error {
	switch ret {
	case C.ISAL_INCORRECT_CHECKSUM:
		return errGzipChecksum
	case C.ISAL_INVALID_BLOCK:
		return errors.New("invalid deflate data (ISA-L: invalid block)")
	case C.ISAL_INVALID_SYMBOL:
		return errors.New("invalid deflate data (ISA-L: invalid symbol)")
	case C.ISAL_INVALID_LOOKBACK:
		return errors.New("invalid deflate data (ISA-L: distance too far back)")
	}
	return fmt.Errorf("invalid deflate data (ISA-L error %d)", ret)
}

// gzip header flags (RFC 1952, 2.3.1).
const (
	gzipFlagHdrCRC  = 1 << 1
	gzipFlagExtra   = 1 << 2
	gzipFlagName    = 1 << 3
	gzipFlagComment = 1 << 4
)

// readGzipHeader reads a gzip member header from br with compress/gzip's
// rules: magic, method 8, no reserved flag (as klauspost's reader and RFC
// 1952 2.3.1.2 require; compress/gzip ignores them), optional extra field,
// name and comment of at most 511 bytes, and the header CRC-16 when flagged.
// A bad header is gzip.ErrHeader; a header cut short is
// io.ErrUnexpectedEOF. With no bytes at all it returns io.EOF, the end of a
// multi-member stream, unless first is set.
func readGzipHeader(br *bufio.Reader, first bool) error {
	h, err := br.Peek(10)
	if len(h) < 10 {
		switch {
		case err != io.EOF:
			return err
		case len(h) == 0 && !first:
			return io.EOF
		}
		return io.ErrUnexpectedEOF
	}
	if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
		return stdgzip.ErrHeader
	}
	flg := h[3]
	if flg>>5 != 0 {
		return stdgzip.ErrHeader // reserved flags (RFC 1952 2.3.1.2)
	}
	digest := crc32.ChecksumIEEE(h)
	br.Discard(10)
	if flg&gzipFlagExtra != 0 {
		l, err := br.Peek(2)
		if len(l) < 2 {
			return noEOF(err)
		}
		digest = crc32.Update(digest, crc32.IEEETable, l)
		n := int(l[0]) | int(l[1])<<8
		br.Discard(2)
		for n > 0 {
			b, err := br.Peek(min(n, br.Size()))
			if len(b) == 0 {
				return noEOF(err)
			}
			digest = crc32.Update(digest, crc32.IEEETable, b)
			br.Discard(len(b))
			n -= len(b)
		}
	}
	for _, f := range []byte{gzipFlagName, gzipFlagComment} {
		if flg&f == 0 {
			continue
		}
		var s [512]byte
		for i := 0; ; i++ {
			if i >= len(s) {
				return stdgzip.ErrHeader
			}
			c, err := br.ReadByte()
			if err != nil {
				return noEOF(err)
			}
			s[i] = c
			if c == 0 {
				digest = crc32.Update(digest, crc32.IEEETable, s[:i+1])
				break
			}
		}
	}
	if flg&gzipFlagHdrCRC != 0 {
		b, err := br.Peek(2)
		if len(b) < 2 {
			return noEOF(err)
		}
		if uint16(b[0])|uint16(b[1])<<8 != uint16(digest) {
			return stdgzip.ErrHeader
		}
		br.Discard(2)
	}
	return nil
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
