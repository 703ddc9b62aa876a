package ingest

import (
	"bufio"
	stdflate "compress/flate"
	stdgzip "compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	kflate "github.com/klauspost/compress/flate"
	kgzip "github.com/klauspost/compress/gzip"
)

// A Backend inflates DEFLATE-based streams (gzip files, zip members). Open
// picks one by name (Options.Inflate); RegisterBackend adds one, so another
// implementation fits in one file behind a build tag, as isal.go does (ISA-L
// through cgo, with -tags isal).
//
// Both methods read from a *bufio.Reader so that an implementation can use
// its fast path for it and, where it needs to, Peek and Discard exactly the
// bytes it consumes. Read errors of the returned readers must satisfy
// errors.Is(err, io.ErrUnexpectedEOF) when the stream ends early and
// errors.Is(err, ErrChecksum) when a check value does not match; any other
// error counts as corrupt data, except errors the *bufio.Reader itself
// returned, which must be passed on unchanged.
type Backend interface {
	// NewGzip starts reading a gzip stream (RFC 1952) of one or more members
	// from r. It reads the first member's header and returns its error, if
	// any. The returned reader yields the decompressed bytes of all members
	// and verifies each member's CRC-32 and size trailer. Close releases its
	// resources but not r.
	NewGzip(r *bufio.Reader) (io.ReadCloser, error)
	// NewDeflate starts reading a raw DEFLATE stream (RFC 1951) from r. The
	// returned reader must consume from r exactly the bytes of the stream and
	// no more, because the caller goes on reading r after the stream ends (the
	// next zip record follows it). Close releases its resources but not r.
	NewDeflate(r *bufio.Reader) (io.ReadCloser, error)
}

// DefaultBackend is the name of the pure-Go backend, which every build has:
// github.com/klauspost/compress, Go with assembly for amd64 and arm64. It is
// the one Options.Inflate "" means unless a faster one is compiled in (see
// PreferredBackend).
const DefaultBackend = "klauspost"

var (
	backendMu sync.RWMutex
	backends  = map[string]Backend{}
	preferred = DefaultBackend
)

func init() {
	RegisterBackend(DefaultBackend, klauspostBackend{})
	RegisterBackend("stdlib", stdlibBackend{})
}

// RegisterBackend makes b available under name for Options.Inflate. It is
// meant to be called from an init function and panics if name is empty, b is
// nil or the name is already taken.
func RegisterBackend(name string, b Backend) {
	backendMu.Lock()
	defer backendMu.Unlock()
	if name == "" || b == nil {
		panic("ingest: RegisterBackend with empty name or nil backend")
	}
	if _, dup := backends[name]; dup {
		panic("ingest: RegisterBackend called twice for " + name)
	}
	backends[name] = b
}

// registerPreferred registers b under name and makes it the backend that
// Options.Inflate "" means. Only a backend of this package that beats
// DefaultBackend on every input calls it (ISA-L, in builds with -tags isal).
//
//lint:ignore U1000 called from isal.go, which only builds with -tags isal.
func registerPreferred(name string, b Backend) {
	RegisterBackend(name, b)
	backendMu.Lock()
	preferred = name
	backendMu.Unlock()
}

// PreferredBackend returns the name of the backend that Options.Inflate ""
// selects: the fastest one compiled in, "isal" in a build with -tags isal
// (and cgo and Intel's ISA-L library), otherwise DefaultBackend.
func PreferredBackend() string {
	backendMu.RLock()
	defer backendMu.RUnlock()
	return preferred
}

// Backends returns the names of the registered backends in sorted order.
// It always includes DefaultBackend and "stdlib" (compress/gzip and
// compress/flate from the standard library, the portable reference).
func Backends() []string {
	backendMu.RLock()
	defer backendMu.RUnlock()
	names := make([]string, 0, len(backends))
	for n := range backends {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func lookupBackend(name string) (Backend, error) {
	if name == "" {
		name = PreferredBackend()
	}
	backendMu.RLock()
	b := backends[name]
	backendMu.RUnlock()
	if b == nil {
		return nil, fmt.Errorf("unknown inflate backend %q (have %v)", name, Backends())
	}
	return b, nil
}

// errGzipChecksum is what both gzip implementations' ErrChecksum becomes.
var errGzipChecksum = fmt.Errorf("%w (gzip trailer: CRC-32 or size does not match the data)", ErrChecksum)

// gzipErrors maps a gzip reader's ErrChecksum to the package's ErrChecksum.
// klauspost's gzip.ErrChecksum is the standard library's value.
type gzipErrors struct{ io.ReadCloser }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.ReadCloser.Read(p)
	if err != nil && errors.Is(err, stdgzip.ErrChecksum) {
		err = errGzipChecksum
	}
	return n, err
}

// headerEOF turns io.EOF from reading the first gzip header into
// io.ErrUnexpectedEOF: the stream was cut inside it (klauspost's reader
// returns io.EOF when a header field is cut).
func headerEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// klauspostBackend uses github.com/klauspost/compress, which has a fast path
// for *bufio.Reader sources.
type klauspostBackend struct{}

func (klauspostBackend) NewGzip(r *bufio.Reader) (io.ReadCloser, error) {
	z, err := kgzip.NewReader(r)
	if err != nil {
		return nil, headerEOF(err)
	}
	z.Multistream(false)
	return &klauspostGzip{z: z, br: r}, nil
}

// klauspostGzip reads the members of a gzip stream one by one with
// klauspost's reader, which in multistream mode takes a stream cut inside a
// later member's file name or comment for a complete one (its readString
// returns io.EOF as is). A member that starts with at least one byte must be
// whole.
type klauspostGzip struct {
	z   *kgzip.Reader
	br  *bufio.Reader
	err error
}

func (k *klauspostGzip) Read(p []byte) (int, error) {
	if k.err != nil {
		return 0, k.err
	}
	n, err := k.z.Read(p)
	if err == io.EOF {
		// A member ended (its trailer checked): is there another?
		if _, perr := k.br.Peek(1); perr != nil {
			k.err = perr // io.EOF at the end, or the source's error
		} else if rerr := k.z.Reset(k.br); rerr != nil {
			k.err = headerEOF(rerr)
		} else {
			k.z.Multistream(false)
		}
		if n > 0 || k.err == nil {
			return n, nil
		}
		return 0, k.err
	}
	if err != nil && errors.Is(err, stdgzip.ErrChecksum) {
		err = errGzipChecksum
	}
	return n, err
}

func (k *klauspostGzip) Close() error { return k.z.Close() }

func (klauspostBackend) NewDeflate(r *bufio.Reader) (io.ReadCloser, error) {
	return kflate.NewReader(r), nil
}

// stdlibBackend uses compress/gzip and compress/flate: slower, but the
// reference the tests compare the default backend with.
type stdlibBackend struct{}

func (stdlibBackend) NewGzip(r *bufio.Reader) (io.ReadCloser, error) {
	z, err := stdgzip.NewReader(r)
	if err != nil {
		return nil, headerEOF(err)
	}
	return gzipErrors{z}, nil
}

func (stdlibBackend) NewDeflate(r *bufio.Reader) (io.ReadCloser, error) {
	return stdflate.NewReader(r), nil
}

// outsideGo reports whether b inflates outside Go, in C through cgo, where a
// thread of its own on a CPU of its own pays (Options.PinReadAhead).
func outsideGo(b Backend) bool {
	_, ok := b.(interface{ inflatesOutsideGo() })
	return ok
}
