package ingest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
)

// Format is the shape of an input, detected from its first bytes.
type Format int

// The formats Open recognizes.
const (
	// CSV is plain CSV text: one entry with Path "".
	CSV Format = iota + 1
	// CSVGzip is CSV text compressed with gzip (one or more members).
	CSVGzip
	// CSVZstd is CSV text compressed with zstd.
	CSVZstd
	// Tar is an uncompressed tar archive.
	Tar
	// TarGzip is a gzip-compressed tar archive, like db-dump.tar.gz.
	TarGzip
	// TarZstd is a zstd-compressed tar archive.
	TarZstd
	// Zip is a zip archive, like db-dump.zip.
	Zip
	// Dir is a directory holding an extracted dump.
	Dir
)

// String returns a short human-readable name such as "tar (gzip)".
func (f Format) String() string {
	switch f {
	case CSV:
		return "CSV"
	case CSVGzip:
		return "CSV (gzip)"
	case CSVZstd:
		return "CSV (zstd)"
	case Tar:
		return "tar"
	case TarGzip:
		return "tar (gzip)"
	case TarZstd:
		return "tar (zstd)"
	case Zip:
		return "zip"
	case Dir:
		return "directory"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Stdin is read when the name is "-"; nil means os.Stdin. The Input does
	// not close it. If it implements io.ReaderAt and io.Seeker and seeking
	// works (a regular file, a *bytes.Reader), a zip archive is read through
	// its central directory from the current position to the end; otherwise
	// it is read once, as a stream.
	Stdin io.Reader
	// HTTPClient sends the GET request for an http:// or https:// name. Nil
	// means a client with timeouts for connecting and for the response
	// headers, none for the body, and no transparent decompression.
	HTTPClient *http.Client
	// Inflate names the Backend for gzip and deflate data; "" means
	// PreferredBackend(). An unknown name makes Open fail.
	Inflate string
	// ReadAhead is how many buffers of decompressed bytes (1 MiB each) a
	// goroutine of the Input's own fills ahead of the caller's reads for a
	// gzip or zstd stream (tar.gz, CSV.gz, ...): decompression then runs in
	// parallel with what the caller does with the bytes, on another core.
	// 0 means none: the caller's Read decompresses. With read-ahead, a
	// caller that stops early has had up to that many MiB more decompressed
	// (and so more of the source read) than it used. A zip member is read
	// ahead from its first Read on, by a goroutine that ends with the member
	// (Next waits for it). Uncompressed inputs are never read ahead.
	ReadAhead int
	// PinReadAhead keeps the read-ahead goroutine on one OS thread and that
	// thread on one CPU (Linux, when the process may use two or more), if
	// the Backend inflates outside Go, as ISA-L does through cgo. Go's
	// scheduler gives the goroutine's P away during each cgo call, so
	// without it the inflate thread shares the CPUs with as many threads of
	// Go code as there are Ps, and the kernel moves it about: on 2 cores
	// that cost ISA-L ~6% of its speed (docs/inflate.md). Every 16 MiB the
	// thread looks at how long it waited for its CPU, lets go of a CPU that
	// another busy thread shares and pins itself again once it runs free.
	// The thread ends with the goroutine, so nothing else ever runs with its
	// affinity. Ignored for Go decompressors, which keep their P.
	PinReadAhead bool
}

// An Input is an opened source: a sequence of entries with readable bytes.
// Its methods, except BytesRead, must be called from one goroutine at a time.
type Input struct {
	name    string // as given
	errName string // for errors: a URL without its password
	format  Format
	inflate string // the Backend's name
	size    int64
	read    atomic.Int64
	src     *source
	stack   *stack // nil for a directory
	l       lister
	gen     uint64 // bumped by Next and Close: older entries are stale
	err     error  // sticky result of Next (io.EOF included)
	closed  bool
	scratch []byte

	// Zip members are read ahead (Options.ReadAhead) by a memberAhead each:
	// member is the current entry's, if any.
	memberAhead int
	pinMember   bool
	member      *memberAhead
	memberCPU   int32 // the last member's memberAhead.cpu, once it has ended
}

// An Entry is one member of an input, in the order the input stores them.
type Entry struct {
	// Path is the member's path as stored in the archive, such as
	// "2026-11-21-020013/data/crates.csv" in a tar or "data/crates.csv" in a
	// zip; for a directory it is relative to the directory opened, with
	// slashes. A bare CSV input (plain or compressed) has Path "".
	Path string
	// Size is the member's uncompressed size in bytes, or -1 if unknown.
	Size int64
	// Reader reads the member's bytes. It is valid until the next call to
	// Next or Close; after that it returns an error. Its errors are *Error
	// values naming the input, the member and the position.
	io.Reader
	// At, when not nil, also reads the member's bytes, at offsets (0 is its
	// first byte), concurrently and without moving Reader: the member is
	// stored as it is in a file of known Size (a plain CSV file or seekable
	// standard input, a file of an extracted dump). It lets several workers
	// read one table at once. It is valid, and its errors are, like Reader's.
	At io.ReaderAt
}

// lister is one format's iterator. next returns io.EOF at the end and
// otherwise only *Error values; close releases what the lister holds.
type lister interface {
	next() (*Entry, error)
	close() error
}

// Open opens name: "-" is standard input (opts.Stdin, default os.Stdin),
// "http://" or "https://" a URL read with one streamed GET, a directory an
// extracted dump (its top folder, holding data/ and metadata.json, or the
// folder the top folder was extracted into), anything else a file.
//
// The format is detected from the bytes, never from the name: gzip (1f 8b),
// zstd (28 b5 2f fd), zip (PK\x03\x04, or PK\x05\x06 for an empty archive),
// tar ("ustar" at offset 257; also inside gzip or zstd), else CSV text.
// Bytes that mean binary data in the first KiB (a NUL, or one byte in twenty
// a control character other than whitespace) are not a dump; invalid UTF-8
// is left for the CSV parser to report with its line.
//
// Open reads the first few KiB of the source (and of its decompressed
// stream) to detect the format. Errors are *Error values: ErrEmpty for no
// bytes, ErrNotDump for an unknown format, the HTTP status for a failed
// request, and the source's own error otherwise. The caller must Close the
// Input; Open closes what it opened when it fails.
func Open(ctx context.Context, name string, opts Options) (*Input, error) {
	in := &Input{name: name, errName: name, size: -1, memberCPU: -1}
	fail := func(off int64, err error) (*Input, error) {
		if in.src != nil && in.src.closer != nil {
			in.src.closer.Close()
		}
		return nil, &Error{Input: in.errName, Offset: off, Err: err}
	}
	in.inflate = opts.Inflate
	if in.inflate == "" {
		in.inflate = PreferredBackend()
	}
	backend, err := lookupBackend(in.inflate)
	if err != nil {
		return fail(-1, err)
	}
	switch {
	case name == "-":
		r := opts.Stdin
		if r == nil {
			r = os.Stdin
		}
		in.src = stdinSource(r)
	case strings.HasPrefix(name, "http://") || strings.HasPrefix(name, "https://"):
		in.errName = redactURL(name)
		src, err := openURL(ctx, name, opts.HTTPClient)
		if err != nil {
			return fail(-1, err)
		}
		in.src = src
	default:
		src, isDir, err := openFile(name)
		if err != nil {
			return fail(-1, err)
		}
		if isDir {
			d, err := openDir(ctx, in, name)
			if err != nil {
				return nil, err
			}
			in.format, in.l = Dir, d
			return in, nil
		}
		in.src = src
	}
	in.size = in.src.size

	cnt := &counter{ctx: ctx, r: in.src.r, n: &in.read}
	head, pre, err := sniff(cnt)
	if err != nil {
		return fail(in.read.Load(), sourceError(err))
	}
	if len(head) == 0 {
		return fail(-1, ErrEmpty)
	}
	s := &stack{in: in, cnt: cnt, pre: pre}
	in.stack = s
	switch k := detect(head); k {
	case kindGzip, kindZstd:
		s.br = getBuf(s.pre)
		var dec io.ReadCloser
		if k == kindGzip {
			s.codec = "gzip"
			dec, err = backend.NewGzip(s.br)
		} else {
			s.codec = "zstd"
			dec, err = newZstd(s.br)
		}
		if err != nil {
			err = s.classify(err, func(err error) error { return codecError(s.codec, err) })
			off := s.offset()
			s.close()
			return fail(off, err)
		}
		s.dec = dec
		var decoded io.Reader = &decReader{s}
		if opts.ReadAhead > 0 {
			s.ra = startReadAhead(s, opts.ReadAhead, opts.PinReadAhead && k == kindGzip && outsideGo(backend))
			decoded = s.ra
		}
		inner, out, err := sniff(decoded)
		if err != nil {
			err = s.classify(err, nil)
			off := s.offset()
			s.close()
			return fail(off, err)
		}
		s.out = out
		switch detect(inner) {
		case kindTar:
			in.format, in.l = byCodec(k, TarGzip, TarZstd), newTarLister(s)
		case kindText:
			in.format, in.l = byCodec(k, CSVGzip, CSVZstd), &csvLister{s: s, r: s.out, size: -1}
		case kindEmpty:
			s.close()
			return fail(-1, fmt.Errorf("%w (the %s stream holds no data)", ErrEmpty, s.codec))
		default:
			s.close()
			return fail(-1, fmt.Errorf("%w (%s data is neither tar nor CSV text)", ErrNotDump, s.codec))
		}
	case kindZip:
		in.memberAhead, in.pinMember = opts.ReadAhead, opts.PinReadAhead && outsideGo(backend)
		if in.src.ra == nil {
			s.br = getBuf(s.pre)
			in.format, in.l = Zip, newZipStream(s, backend)
			break
		}
		z, err := newZipLister(ctx, in, backend)
		if err != nil {
			return fail(-1, err)
		}
		in.format, in.l = Zip, z
	case kindTar:
		s.br = getBuf(s.pre)
		s.out = s.br
		in.format, in.l = Tar, newTarLister(s)
	case kindText:
		in.format, in.l = CSV, &csvLister{s: s, r: s.pre, size: in.size}
	case kindPartial:
		return fail(in.read.Load(), fmt.Errorf("%w input: it ends inside a %s signature", ErrTruncated, partialSignature(head)))
	default:
		return fail(-1, fmt.Errorf("%w (neither gzip, zstd, zip, tar nor CSV text)", ErrNotDump))
	}
	return in, nil
}

// byCodec returns gz for a gzip stream and zst for a zstd one.
func byCodec(k kind, gz, zst Format) Format {
	if k == kindGzip {
		return gz
	}
	return zst
}

// Name returns the name the Input was opened with.
func (in *Input) Name() string { return in.name }

// Format returns the detected format.
func (in *Input) Format() Format { return in.format }

// Inflate returns the name of the Backend that inflates the input's gzip
// and deflate data: Options.Inflate, or PreferredBackend() if that was "".
func (in *Input) Inflate() string { return in.inflate }

// InflateCPU returns the CPU that the read-ahead goroutine's thread is kept
// on (Options.PinReadAhead), or -1 if it is not pinned (or has not started).
// For a zip, it is the goroutine of the member being read, or of the last
// member read.
func (in *Input) InflateCPU() int {
	if in.member != nil && in.member.started {
		return int(in.member.cpu.Load())
	}
	if in.format == Zip {
		return int(in.memberCPU)
	}
	if in.stack == nil || in.stack.ra == nil {
		return -1
	}
	return int(in.stack.ra.cpu.Load())
}

// Size returns the size of the source in bytes if known (a file's size, an
// HTTP Content-Length, the sum of a directory's member files), else -1.
func (in *Input) Size() int64 { return in.size }

// BytesRead returns how many bytes have been read from the source so far:
// compressed bytes, including read-ahead not yet decompressed. It may be
// called from any goroutine, for a progress display.
func (in *Input) BytesRead() int64 { return in.read.Load() }

// Next returns the next regular-file member in archive order; directories,
// links and other special members are skipped. It first discards what the
// caller left unread of the previous entry (a tar or zip stream has to
// decompress it to get past it; a zip read through its central directory
// does not). At the end it returns io.EOF, after checking that the input is
// complete (a tar's end-of-archive marker, a gzip or zstd stream's final
// checksum, a zip's central directory). Other errors are *Error values and
// are returned again by later calls.
func (in *Input) Next() (*Entry, error) {
	if in.closed {
		return nil, &Error{Input: in.errName, Offset: -1, Err: fmt.Errorf("Next after Close: %w", fs.ErrClosed)}
	}
	if in.err != nil {
		return nil, in.err
	}
	in.gen++
	if in.member != nil { // the lister reads on from where the member's goroutine stopped
		in.member.wait()
		if in.member.started {
			in.memberCPU = in.member.cpu.Load()
		}
		in.member = nil
	}
	e, err := in.l.next()
	if err != nil {
		in.err = err
		return nil, err
	}
	if in.memberAhead > 0 {
		in.member = newMemberAhead(e.Reader, in.memberAhead, in.pinMember)
		e.Reader = in.member
	}
	e.Reader = &entryReader{in: in, gen: in.gen, path: e.Path, r: e.Reader}
	return e, nil
}

// Close stops reading and releases everything the Input holds: it closes the
// file or the HTTP response body (which ends the download) and the
// decompressors. It does not close Options.Stdin. Entries become invalid.
// Close returns the error of closing the source, if any; later calls return
// nil.
func (in *Input) Close() error {
	if in.closed {
		return nil
	}
	in.closed = true
	in.gen++
	var err error
	if m := in.member; m != nil {
		// The member's goroutine may be inside a read of the source: close the source first, which ends
		// such a read (except on a pipe given as Stdin), and let whoever is last release the lister.
		m.stop()
		if in.src != nil && in.src.closer != nil {
			err = in.src.closer.Close()
		}
		select {
		case <-m.done:
			m.drain()
			if cerr := in.l.close(); err == nil {
				err = cerr
			}
		default:
			go func() {
				<-m.done
				m.drain()
				in.l.close()
			}()
		}
	} else {
		if in.l != nil {
			err = in.l.close()
		}
		if in.src != nil && in.src.closer != nil {
			if cerr := in.src.closer.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		return &Error{Input: in.errName, Offset: -1, Err: err}
	}
	return nil
}

// discard reads r to its end through the Input's scratch buffer.
func (in *Input) discard(r io.Reader) error {
	if in.scratch == nil {
		in.scratch = make([]byte, 64<<10)
	}
	for {
		_, err := r.Read(in.scratch)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// entryReader makes an entry's reader stale after Next or Close.
type entryReader struct {
	in   *Input
	gen  uint64
	path string
	r    io.Reader
}

func (e *entryReader) Read(p []byte) (int, error) {
	if e.in.gen != e.gen {
		return 0, &Error{Input: e.in.errName, Member: e.path, Offset: -1,
			Err: fmt.Errorf("entry read after Next or Close: %w", fs.ErrClosed)}
	}
	return e.r.Read(p)
}

// stack is the chain of readers for a streamed source: the counted source,
// the sniffed prefix, a large bufio.Reader, and a decompressor if any.
type stack struct {
	in     *Input
	cnt    *counter
	pre    *prefixReader // the source's first bytes, then the source
	br     *bufio.Reader // over pre; nil for plain CSV
	codec  string        // "gzip", "zstd" or "" for none
	dec    io.ReadCloser // the decompressor, reading br
	decErr error         // first error other than io.EOF from dec
	out    io.Reader     // the (decompressed) bytes the archive reader reads
	// ra, if not nil, decompresses on its own goroutine, which then owns
	// cnt.err, decErr, pre and br: the reading side sees them through ra.
	ra *readAhead
}

// offset returns the position in the source up to which bytes have been
// consumed (read-ahead excluded). With read-ahead it is the position after
// the buffer being read.
func (s *stack) offset() int64 {
	if s.ra != nil {
		return s.ra.cur.meta.off
	}
	return s.consumed()
}

// consumed returns the position in the source up to which the decompressor
// (or the archive reader) has consumed bytes. With read-ahead, only its
// goroutine may call it.
func (s *stack) consumed() int64 {
	off := s.in.read.Load() - int64(len(s.pre.pre))
	if s.br != nil {
		off -= int64(s.br.Buffered())
	}
	return off
}

// classify turns err into the cause of an *Error: the source's own failure
// if there was one, else the decompressor's, else layer(err) (or err itself
// if layer is nil) for errors of the format above the decompressor.
func (s *stack) classify(err error, layer func(error) error) error {
	srcErr, decErr := s.cnt.err, s.decErr
	if s.ra != nil {
		srcErr, decErr = s.ra.cur.meta.srcErr, s.ra.cur.meta.decErr
	}
	switch {
	case srcErr != nil:
		return sourceError(srcErr)
	case decErr != nil:
		return codecError(s.codec, decErr)
	case layer != nil:
		return layer(err)
	}
	return err
}

// wrap returns classify's cause as an *Error at the current position.
func (s *stack) wrap(member string, err error, layer func(error) error) error {
	return &Error{Input: s.in.errName, Member: member, Offset: s.offset(), Err: s.classify(err, layer)}
}

// close releases the decompressor and the buffer; s is unusable after it.
// With read-ahead, it stops the goroutine, which releases them.
func (s *stack) close() error {
	if s.ra != nil {
		s.ra.close()
		return nil
	}
	var err error
	if s.dec != nil {
		err = s.dec.Close()
	}
	putBuf(s.br)
	s.br = nil
	return err
}

// decReader reads the decompressor and remembers its first error.
type decReader struct{ s *stack }

func (d *decReader) Read(p []byte) (int, error) {
	n, err := d.s.dec.Read(p)
	if err != nil && err != io.EOF && d.s.decErr == nil {
		d.s.decErr = err
	}
	return n, err
}

// csvLister yields a bare CSV stream as one entry with Path "".
type csvLister struct {
	s     *stack
	r     io.Reader
	size  int64
	state int // 0 before the entry, 1 during it, 2 after it
	done  bool
	at    *entryAt // the entry's At, or nil
}

func (c *csvLister) next() (*Entry, error) {
	switch c.state {
	case 0:
		c.state = 1
		e := &Entry{Path: "", Size: c.size, Reader: csvEntry{c}}
		if src := c.s.in.src; c.s.dec == nil && src.ra != nil && c.size >= 0 {
			// The stream is the whole entry: the bytes read of it so far (what sniffing read ahead) are
			// all the Input has counted.
			c.at = &entryAt{ctx: c.s.cnt.ctx, ra: src.ra, base: src.base, size: c.size, n: &c.s.in.read,
				input: c.s.in.errName}
			e.At = c.at
		}
		return e, nil
	case 1:
		c.state = 2
		c.expire()
		// Decompress the rest so that its checksum is verified; a plain
		// file has nothing to verify and is not read further.
		if c.s.dec != nil && !c.done {
			if err := c.s.in.discard(csvEntry{c}); err != nil {
				return nil, err
			}
		}
	}
	return nil, io.EOF
}

func (c *csvLister) close() error {
	c.expire()
	return c.s.close()
}

func (c *csvLister) expire() {
	if c.at != nil {
		c.at.gone.Store(true)
	}
}

type csvEntry struct{ c *csvLister }

func (e csvEntry) Read(p []byte) (int, error) {
	n, err := e.c.r.Read(p)
	if err == io.EOF {
		e.c.done = true
	} else if err != nil {
		err = e.c.s.wrap("", err, nil)
	}
	return n, err
}
