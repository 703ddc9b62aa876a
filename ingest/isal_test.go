//go:build isal && cgo

package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

// The ISA-L backend against klauspost, its portable reference, on random
// and mutated deflate and gzip streams.

// diffCap bounds the output of one decode in the differential tests.
const diffCap = 16 << 20

// diffNext follows every stream, to check that raw deflate is consumed
// exactly.
const diffNext = "PK\x03\x04"

type decodeResult struct {
	out  []byte
	err  error
	rest []byte // what the bufio.Reader holds after the stream (raw deflate)
}

// decodeWith decodes stream (followed by diffNext) with the named backend,
// reading size bytes at a time.
func decodeWith(t testing.TB, backend string, gzip bool, stream []byte, size int) decodeResult {
	b, err := lookupBackend(backend)
	must(t, err)
	br := bufio.NewReaderSize(bytes.NewReader(append(bytes.Clone(stream), diffNext...)), bufSize)
	if gzip {
		br = bufio.NewReaderSize(bytes.NewReader(stream), bufSize)
	}
	var rc io.ReadCloser
	if gzip {
		rc, err = b.NewGzip(br)
	} else {
		rc, err = b.NewDeflate(br)
	}
	if err != nil {
		return decodeResult{err: err}
	}
	defer rc.Close()
	var r decodeResult
	buf := make([]byte, size)
	for len(r.out) <= diffCap {
		n, err := rc.Read(buf)
		r.out = append(r.out, buf[:n]...)
		if err == io.EOF {
			r.rest, _ = io.ReadAll(br)
			return r
		}
		if err != nil {
			r.err = err
			return r
		}
	}
	r.err = errors.New("output cap reached")
	return r
}

// compareBackends decodes stream with klauspost and isal and checks that
// they agree: a stream klauspost accepts, isal accepts with the same bytes
// and the same consumption; a stream klauspost finds cut short, isal rejects;
// otherwise whatever both hand out agrees as far as both go.
func compareBackends(t *testing.T, gzip bool, stream []byte, size int) {
	t.Helper()
	k := decodeWith(t, DefaultBackend, gzip, stream, size)
	z := decodeWith(t, IsalBackend, gzip, stream, size)
	capped := func(r decodeResult) bool { return r.err != nil && r.err.Error() == "output cap reached" }
	if capped(k) || capped(z) {
		return
	}
	switch {
	case k.err == nil:
		if z.err != nil {
			t.Fatalf("klauspost accepts %d bytes (%d out), isal: %v", len(stream), len(k.out), z.err)
		}
		if !bytes.Equal(k.out, z.out) {
			t.Fatalf("outputs differ: klauspost %d bytes, isal %d", len(k.out), len(z.out))
		}
		if !bytes.Equal(k.rest, z.rest) {
			t.Fatalf("consumption differs: after the stream klauspost leaves %q, isal %q", k.rest, z.rest)
		}
	case errors.Is(k.err, io.ErrUnexpectedEOF):
		if z.err == nil {
			t.Fatalf("klauspost: %v; isal accepts (%d bytes out)", k.err, len(z.out))
		}
		fallthrough
	default:
		n := min(len(k.out), len(z.out))
		if !bytes.Equal(k.out[:n], z.out[:n]) {
			t.Fatalf("outputs before the errors differ (klauspost %v, isal %v)", k.err, z.err)
		}
		if z.err == nil {
			// isal is laxer than klauspost here: log it, it is not wrong
			// output (checked above) and gzip and zip have a CRC-32.
			t.Logf("klauspost rejects (%v), isal accepts %d bytes", k.err, len(z.out))
		}
	}
	// Data klauspost inflates but finds a checksum mismatch in, isal inflates
	// the same and finds the mismatch too. (The other way round happens:
	// isal accepts some invalid Huffman tables klauspost rejects, such as
	// the one of corpus entry c7fe637f289e3cb7, and the CRC-32 then catches
	// the garbage.)
	if gzip && errors.Is(k.err, ErrChecksum) && !errors.Is(z.err, ErrChecksum) {
		t.Fatalf("klauspost: %v; isal: %v", k.err, z.err)
	}
	if gzip && errors.Is(z.err, ErrChecksum) && k.err != nil && !errors.Is(k.err, ErrChecksum) {
		t.Logf("klauspost rejects the deflate data (%v), isal inflates it and the CRC-32 rejects it", k.err)
	}
}

// diffStream builds the stream a fuzz input describes: data compressed at
// a level (or data itself as the stream, if raw), optionally cut and with
// one byte changed.
func diffStream(t testing.TB, data []byte, gzip, raw bool, level int, cut, flipAt uint32, flipBy byte) []byte {
	var s []byte
	switch {
	case raw:
		s = bytes.Clone(data)
	case gzip:
		split := int(cut) % (len(data) + 1)
		s = append(gzipBytes(t, data[:split], level), gzipBytes(t, data[split:], level)...)
	default:
		s = deflateLevel(t, data, level)
	}
	if len(s) > 0 && flipBy != 0 {
		s[int(flipAt)%len(s)] ^= flipBy
	}
	if !raw && !gzip && len(s) > 0 && cut > 0 {
		s = s[:len(s)-1-int(cut)%len(s)]
	}
	return s
}

// TestIsalDifferential runs the comparison over generated streams: every
// level, cut at many points and mutated at many bytes.
func TestIsalDifferential(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	payloads := [][]byte{nil, []byte("a"), text(31, 5000), text(32, 100<<10), bytes.Repeat([]byte("ab"), 100000)}
	noise := make([]byte, 70000)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	payloads = append(payloads, noise)
	n := 0
	for _, data := range payloads {
		for level := -2; level <= 9; level++ {
			for _, gzip := range []bool{false, true} {
				for range 6 {
					cut, flipAt, flipBy := r.Uint32()%4, r.Uint32(), byte(0)
					if r.IntN(3) > 0 {
						flipBy = byte(r.IntN(255) + 1)
					}
					if cut > 0 {
						cut = r.Uint32()
					}
					s := diffStream(t, data, gzip, false, level, cut, flipAt, flipBy)
					compareBackends(t, gzip, s, []int{7, 4096, 1 << 20}[n%3])
					n++
				}
			}
		}
	}
	t.Logf("%d streams compared", n)
}

// FuzzIsalInflate compares the isal backend with klauspost on fuzzed
// deflate and gzip streams: random bytes as the stream (raw), or the data
// compressed at a level, split into two gzip members, cut, with one byte
// changed.
func FuzzIsalInflate(f *testing.F) {
	f.Add([]byte("hello, hello, hello world"), false, false, int8(6), uint32(0), uint32(0), byte(0), uint16(4096))
	f.Add(text(1, 3000), true, false, int8(1), uint32(100), uint32(77), byte(0x10), uint16(7))
	f.Add(text(2, 3000), false, false, int8(-2), uint32(3), uint32(50), byte(1), uint16(1))
	f.Add([]byte("\x03\x00"), false, true, int8(0), uint32(0), uint32(0), byte(0), uint16(64))
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00"), true, true, int8(0), uint32(0), uint32(0), byte(0), uint16(64))
	f.Fuzz(func(t *testing.T, data []byte, gzip, raw bool, level int8, cut, flipAt uint32, flipBy byte, size uint16) {
		lv := int(level)%12 - 2 // -2..9
		if lv < -2 {
			lv += 12
		}
		s := diffStream(t, data, gzip, raw, lv, cut, flipAt, flipBy)
		compareBackends(t, gzip, s, int(size)%(1<<20)+1)
	})
}

// TestIsalBadDistanceNoStaleBytes reads a zip member (found by FuzzOpen)
// whose deflate data has a match reaching before the start of the output,
// after the pool's buffers were filled with 0xAA: the error must come with
// no bytes of a previous stream, which ISA-L leaves in the output of the call
// that finds the bad distance.
func TestIsalBadDistanceNoStaleBytes(t *testing.T) {
	data := []byte("PK\x03\x040Z\b.\b\x00$0u!\x00),*y7\x008%Z0#\t\x00\x00\x00z0\x83!\x9c\xfd!09C\xacA$0\x150\x007\x00B0\x00A'\x00\"")
	poison := deflateLevel(t, bytes.Repeat([]byte{0xAA}, 3<<20), 1)
	for range 3 {
		for range 3 {
			// Leave 0xAA in the pooled buffers.
			rc, err := isalBackend{}.NewDeflate(bufio.NewReader(bytes.NewReader(poison)))
			must(t, err)
			_, err = readAllSized(rc, 4096)
			must(t, err)
			rc.Close()
		}
		g, _, err := fuzzReadOpts(t, Options{Stdin: hideReader{bytes.NewReader(data)}, Inflate: IsalBackend})
		if err == nil || !errors.Is(err, ErrCorrupt) {
			t.Fatalf("err = %v, want corrupt deflate data", err)
		}
		for p, b := range g.data {
			if bytes.IndexByte(b, 0xAA) >= 0 {
				t.Fatalf("%q: bytes of an earlier stream before the error: %q", p, b)
			}
		}
	}
}
