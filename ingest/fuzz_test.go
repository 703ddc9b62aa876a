package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"testing/iotest"
)

// fuzzCap bounds how many bytes the fuzz target reads from one input, so a
// small compressed bomb cannot exhaust memory or time.
const fuzzCap = 16 << 20

// fuzzRead opens data through src and reads every entry; capped reports
// that it stopped at fuzzCap.
func fuzzRead(t *testing.T, src io.Reader) (g got, capped bool, err error) {
	return fuzzReadOpts(t, Options{Stdin: src})
}

func fuzzReadOpts(t *testing.T, opts Options) (g got, capped bool, err error) {
	g = got{data: map[string][]byte{}, sizes: map[string]int64{}}
	in, err := Open(context.Background(), "-", opts)
	if err != nil {
		return g, false, err
	}
	defer in.Close()
	total := 0
	buf := make([]byte, 32<<10)
	for {
		e, err := in.Next()
		if err == io.EOF {
			return g, false, nil
		}
		if err != nil {
			return g, false, err
		}
		g.paths = append(g.paths, e.Path)
		key := e.Path
		for {
			n, err := e.Read(buf)
			total += n
			if total > fuzzCap {
				return g, true, nil
			}
			g.data[key] = append(g.data[key], buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				return g, false, err
			}
		}
	}
}

// checkFuzzErr checks the contract for errors on arbitrary bytes.
func checkFuzzErr(t *testing.T, how string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) || e.Input != "-" {
		t.Fatalf("%s: err = %v (%T), want an *Error naming the input", how, err, err)
	}
	for _, s := range append(slices.Clone(sentinels), errors.ErrUnsupported) {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%s: err = %q wraps none of the sentinels", how, err)
}

func sameGot(a, b got) bool {
	if !slices.Equal(a.paths, b.paths) {
		return false
	}
	for _, p := range a.paths {
		if !bytes.Equal(a.data[p], b.data[p]) {
			return false
		}
	}
	return true
}

// sameGotBefore is sameGot for reads that ended in an error (failed): the
// same members, and of each member's bytes one is a prefix of the other.
// How much of a member's good bytes comes out before a corrupt deflate block
// may depend on how the input arrived: ISA-L drops the output of the call
// that finds the bad block, so a one-byte source gets more of it out than a
// buffered one.
func sameGotBefore(a, b got, failed bool) bool {
	if !failed {
		return sameGot(a, b)
	}
	if !slices.Equal(a.paths, b.paths) {
		return false
	}
	for _, p := range a.paths {
		x, y := a.data[p], b.data[p]
		if len(x) > len(y) {
			x, y = y, x
		}
		if !bytes.HasPrefix(y, x) {
			return false
		}
	}
	return true
}

// FuzzOpen feeds arbitrary bytes to Open as a stream, as a stream read one
// byte at a time, as a stream read ahead, and as a seekable reader. Nothing may panic; errors must be
// *Error values with a sentinel; the one-byte stream and the read-ahead must
// give the same result as the stream; and whenever the streaming zip reader accepts an
// archive, archive/zip's central directory must list the same members with
// the same bytes.
func FuzzOpen(f *testing.F) {
	for _, s := range samples(f) {
		f.Add(s.data)
	}
	ms := testMembers(1)[:4]
	f.Add(buildZip(f, ms, zipOpts{method: zip.Store, descriptor: true}))
	f.Add(handZip{method: zip.Store, zip64: true}.build(f, ms))
	f.Add([]byte("id,name\n1,a\n"))
	f.Add([]byte{0x1f})
	f.Add([]byte("PK\x05\x06"))
	f.Fuzz(func(t *testing.T, data []byte) {
		stream, capped1, serr := fuzzRead(t, hideReader{bytes.NewReader(data)})
		checkFuzzErr(t, "stream", serr)
		one, capped2, oerr := fuzzRead(t, iotest.OneByteReader(bytes.NewReader(data)))
		checkFuzzErr(t, "one-byte stream", oerr)
		seek, capped3, kerr := fuzzRead(t, bytes.NewReader(data))
		checkFuzzErr(t, "seekable", kerr)
		ahead, capped4, aerr := fuzzReadOpts(t, Options{Stdin: hideReader{bytes.NewReader(data)}, ReadAhead: 1})
		checkFuzzErr(t, "read-ahead", aerr)
		if capped1 || capped2 || capped3 || capped4 {
			return
		}
		if (serr == nil) != (oerr == nil) || !sameGotBefore(stream, one, serr != nil) {
			t.Fatalf("one-byte reads differ: %v vs %v", serr, oerr)
		}
		if (serr == nil) != (aerr == nil) || !sameGotBefore(stream, ahead, serr != nil) {
			t.Fatalf("read-ahead differs: %v vs %v", serr, aerr)
		}
		if serr == nil && (kerr != nil || !sameGot(stream, seek)) {
			t.Fatalf("stream accepted what the seekable reader read differently (err %v): %q vs %q", kerr, stream.paths, seek.paths)
		}
	})
}
