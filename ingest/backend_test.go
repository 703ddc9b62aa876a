package ingest

import (
	"bufio"
	"bytes"
	stdflate "compress/flate"
	stdgzip "compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strconv"
	"testing"
	"testing/iotest"
)

// These tests hold every registered backend (klauspost, stdlib, and isal in
// builds with -tags isal) to the Backend contract directly, below Open:
// same bytes for every read size and source read size, exact consumption of
// raw deflate streams, multi-member gzip, the gzip header's optional fields,
// truncation at every byte, corrupt data, and the source's own errors passed
// through.

// backendReadSizes are the read sizes the backend tests use: tiny, odd,
// below and above the ISA-L backend's direct-read threshold (256 KiB).
var backendReadSizes = []int{1, 7, 4096, 100 << 10, 300 << 10, 1 << 20}

// readAllSized reads r to its end with reads of size n.
func readAllSized(r io.Reader, n int) ([]byte, error) {
	var out []byte
	buf := make([]byte, n)
	for {
		m, err := r.Read(buf)
		out = append(out, buf[:m]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// deflateLevel compresses b with compress/flate at level.
func deflateLevel(t testing.TB, b []byte, level int) []byte {
	t.Helper()
	var out bytes.Buffer
	fw, err := stdflate.NewWriter(&out, level)
	must(t, err)
	_, err = fw.Write(b)
	must(t, err)
	must(t, fw.Close())
	return out.Bytes()
}

// backendTexts are the payloads: empty, tiny, text, and 3 MiB of text with
// an incompressible stretch (stored blocks) in the middle.
func backendTexts() map[string][]byte {
	big := bytes.Clone(text(11, 3<<20))
	noise := bytes.Clone(big[1<<20 : 1<<20+200<<10])
	for i := range noise {
		noise[i] = byte(i*7919>>3) ^ byte(i>>11)
	}
	copy(big[1<<20:], noise)
	return map[string][]byte{
		"empty": {},
		"tiny":  []byte("a,b\n"),
		"text":  text(12, 70<<10),
		"3MiB":  big,
	}
}

// TestBackendDeflateExact checks every backend on raw deflate streams of
// every compression level followed by more bytes: the bytes come out right
// for every read size, through a small bufio.Reader and a one-byte source,
// and exactly the stream's bytes are consumed (the next record follows).
func TestBackendDeflateExact(t *testing.T) {
	const next = "PK\x01\x02 the next record"
	for name, data := range backendTexts() {
		for _, level := range []int{stdflate.NoCompression, stdflate.HuffmanOnly, 1, 6, 9} {
			if testing.Short() && len(data) > 1<<20 && level != 6 {
				continue
			}
			comp := append(deflateLevel(t, data, level), next...)
			for _, backend := range Backends() {
				for _, src := range []string{"buffered", "small-bufio", "onebyte"} {
					sizes := backendReadSizes
					if src != "buffered" || len(data) > 1<<20 {
						sizes = []int{7, 300 << 10}
					}
					for _, size := range sizes {
						if src == "onebyte" && len(data) > 1<<20 {
							continue
						}
						t.Run(fmt.Sprintf("%s/level%d/%s/%s/%d", name, level, backend, src, size), func(t *testing.T) {
							var br *bufio.Reader
							switch src {
							case "buffered":
								br = bufio.NewReaderSize(bytes.NewReader(comp), bufSize)
							case "small-bufio":
								br = bufio.NewReaderSize(bytes.NewReader(comp), 16)
							case "onebyte":
								br = bufio.NewReaderSize(iotest.OneByteReader(bytes.NewReader(comp)), bufSize)
							}
							b, err := lookupBackend(backend)
							must(t, err)
							rc, err := b.NewDeflate(br)
							must(t, err)
							got, err := readAllSized(rc, size)
							must(t, err)
							must(t, rc.Close())
							if !bytes.Equal(got, data) {
								t.Fatalf("got %d bytes that differ from the %d compressed", len(got), len(data))
							}
							rest, err := io.ReadAll(br)
							must(t, err)
							if string(rest) != next {
								t.Fatalf("after the stream: %q, want %q (consumption not exact)", rest, next)
							}
						})
					}
				}
			}
		}
	}
}

// gzipMember is one member of a hand-made gzip stream.
type gzipMember struct {
	data    []byte
	level   int
	name    string // FNAME
	comment string // FCOMMENT
	extra   []byte // FEXTRA
	hcrc    bool   // FHCRC
	badHCRC bool   // a wrong header CRC-16
}

// bytes returns the member as a gzip file would hold it.
func (m gzipMember) bytes(t testing.TB) []byte {
	var flg byte
	if m.hcrc || m.badHCRC {
		flg |= 1 << 1
	}
	if m.extra != nil {
		flg |= 1 << 2
	}
	if m.name != "" {
		flg |= 1 << 3
	}
	if m.comment != "" {
		flg |= 1 << 4
	}
	h := []byte{0x1f, 0x8b, 8, flg, 0x78, 0x56, 0x34, 0x12, 0, 3}
	if m.extra != nil {
		h = append(h, byte(len(m.extra)), byte(len(m.extra)>>8))
		h = append(h, m.extra...)
	}
	if m.name != "" {
		h = append(append(h, m.name...), 0)
	}
	if m.comment != "" {
		h = append(append(h, m.comment...), 0)
	}
	if flg&(1<<1) != 0 {
		c := uint16(crc32.ChecksumIEEE(h))
		if m.badHCRC {
			c ^= 0x5555
		}
		h = append(h, byte(c), byte(c>>8))
	}
	h = append(h, deflateLevel(t, m.data, m.level)...)
	crc, n := crc32.ChecksumIEEE(m.data), uint32(len(m.data))
	return append(h, byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24), byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
}

// gzipStream concatenates members.
func gzipStream(t testing.TB, ms ...gzipMember) (stream, data []byte) {
	for _, m := range ms {
		stream = append(stream, m.bytes(t)...)
		data = append(data, m.data...)
	}
	return stream, data
}

// multiMember returns a gzip stream of several members with every optional
// header field, an empty member, and a member that ends in a stored block.
func multiMember(t testing.TB, rows int) (stream, data []byte) {
	csv := cratesCSV(3, rows)
	third := len(csv) / 3
	return gzipStream(t,
		gzipMember{data: csv[:third], level: 6, name: "crates.csv"},
		gzipMember{data: nil, level: 6},
		gzipMember{data: csv[third : 2*third], level: 1, comment: "café", extra: []byte("AB\x02\x00hi"), hcrc: true},
		gzipMember{data: csv[2*third:], level: stdflate.NoCompression, name: string(bytes.Repeat([]byte("n"), 511))},
	)
}

// TestBackendMultiMember reads a multi-member gzip stream with every backend,
// directly and through Open in every way, with several read sizes.
func TestBackendMultiMember(t *testing.T) {
	stream, data := multiMember(t, 200)
	for _, backend := range Backends() {
		b, err := lookupBackend(backend)
		must(t, err)
		for _, size := range backendReadSizes {
			t.Run(backend+"/direct/"+strconv.Itoa(size), func(t *testing.T) {
				rc, err := b.NewGzip(bufio.NewReaderSize(iotest.HalfReader(bytes.NewReader(stream)), bufSize))
				must(t, err)
				defer rc.Close()
				got, err := readAllSized(rc, size)
				must(t, err)
				if !bytes.Equal(got, data) {
					t.Fatalf("got %d bytes that differ from the %d in the members", len(got), len(data))
				}
			})
		}
		for _, w := range ways() {
			t.Run(backend+"/"+w.name, func(t *testing.T) {
				in, err := w.open(t, sample{name: "multi.csv.gz", data: stream}, Options{Inflate: backend})
				must(t, err)
				defer in.Close()
				if in.Format() != CSVGzip {
					t.Fatalf("Format = %v", in.Format())
				}
				g, err := readAll(in, 1<<20)
				must(t, err)
				checkGot(t, g, []member{{"", data}})
			})
		}
	}
}

// TestBackendGzipErrors checks the errors of every backend on bad gzip
// streams: the same class for all (checksum, truncated, corrupt), and the
// source's own error passed through unchanged.
func TestBackendGzipErrors(t *testing.T) {
	stream, _ := multiMember(t, 50)
	good := gzipMember{data: text(5, 5000), level: 6}.bytes(t)
	type class int
	const (
		corrupt class = iota
		truncated
		checksum
	)
	classOf := func(err error) class {
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return truncated
		case errors.Is(err, ErrChecksum):
			return checksum
		}
		return corrupt
	}
	cases := []struct {
		name string
		data []byte
		want class
	}{
		{"crc", flip(good, len(good)-8), checksum},
		{"size", flip(good, len(good)-3), checksum},
		{"trailing garbage", append(bytes.Clone(good), "garbage!garbage!"...), corrupt},
		{"trailing byte", append(bytes.Clone(good), 0x1f), truncated},
		{"trailing partial header", append(bytes.Clone(good), good[:9]...), truncated},
		{"second member, bad magic", append(bytes.Clone(good), flip(good, 1)...), corrupt},
		{"second member, bad method", append(bytes.Clone(good), flip(good, 2)...), corrupt},
		{"second member, bad header crc", append(bytes.Clone(good), gzipMember{data: []byte("x"), hcrc: true, badHCRC: true}.bytes(t)...), corrupt},
		{"name too long", gzipMember{data: []byte("x"), name: string(bytes.Repeat([]byte("n"), 512))}.bytes(t), corrupt},
		{"no deflate data", good[:10], truncated},
		{"no trailer", good[:len(good)-8], truncated},
		{"half a trailer", good[:len(good)-4], truncated},
		{"cut in the middle", stream[:len(stream)/2], truncated},
		{"invalid block type", append(bytes.Clone(good[:10]), 0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0), corrupt},
	}
	for _, c := range cases {
		for _, backend := range Backends() {
			t.Run(c.name+"/"+backend, func(t *testing.T) {
				b, err := lookupBackend(backend)
				must(t, err)
				rc, err := b.NewGzip(bufio.NewReaderSize(bytes.NewReader(c.data), bufSize))
				if err == nil {
					_, err = readAllSized(rc, 4096)
					rc.Close()
				}
				if err == nil {
					t.Fatal("no error")
				}
				if got := classOf(err); got != c.want {
					t.Fatalf("err = %v: class %d, want %d", err, got, c.want)
				}
			})
		}
	}
	// The source's own error comes out unchanged, wherever it happens.
	errSource := errors.New("disk on fire")
	for _, backend := range Backends() {
		b, err := lookupBackend(backend)
		must(t, err)
		for _, at := range []int{3, 12, len(stream) / 2, len(stream) - 4} {
			t.Run("source error/"+backend+"/"+strconv.Itoa(at), func(t *testing.T) {
				src := io.MultiReader(bytes.NewReader(stream[:at]), iotest.ErrReader(errSource))
				rc, err := b.NewGzip(bufio.NewReaderSize(src, bufSize))
				if err == nil {
					_, err = readAllSized(rc, 1<<20)
					rc.Close()
				}
				if !errors.Is(err, errSource) {
					t.Fatalf("err = %v, want the source's error", err)
				}
			})
		}
	}
}

// TestBackendTruncation cuts a multi-member gzip stream and a deflate stream
// at every byte: every backend must report io.ErrUnexpectedEOF (never io.EOF
// or success), having handed out only right bytes, with one-byte reads of a
// one-byte source too.
func TestBackendTruncation(t *testing.T) {
	stream, data := multiMember(t, 12)
	small := text(21, 3000)
	def := deflateLevel(t, small, 6)
	for _, backend := range Backends() {
		b, err := lookupBackend(backend)
		must(t, err)
		t.Run("gzip/"+backend, func(t *testing.T) {
			step := 1
			if testing.Short() {
				step = 7
			}
			for cut := 2; cut < len(stream); cut += step {
				rc, err := b.NewGzip(bufio.NewReaderSize(bytes.NewReader(stream[:cut]), bufSize))
				var got []byte
				if err == nil {
					got, err = readAllSized(rc, 64<<10)
					rc.Close()
				}
				if cut > 0 && isMemberEnd(t, stream, cut) {
					// Cut between two members: a complete stream.
					if err != nil {
						t.Fatalf("cut at %d, between members: %v", cut, err)
					}
					continue
				}
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("cut at %d of %d: err = %v, want io.ErrUnexpectedEOF", cut, len(stream), err)
				}
				if !bytes.HasPrefix(data, got) {
					t.Fatalf("cut at %d: wrong bytes before the error", cut)
				}
			}
		})
		t.Run("deflate-onebyte/"+backend, func(t *testing.T) {
			for cut := range len(def) {
				br := bufio.NewReaderSize(iotest.OneByteReader(bytes.NewReader(def[:cut])), bufSize)
				rc, err := b.NewDeflate(br)
				must(t, err)
				got, err := readAllSized(rc, 1)
				rc.Close()
				if !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("cut at %d of %d: err = %v, want io.ErrUnexpectedEOF", cut, len(def), err)
				}
				if !bytes.HasPrefix(small, got) {
					t.Fatalf("cut at %d: wrong bytes before the error", cut)
				}
			}
		})
	}
}

// isMemberEnd reports whether cut falls exactly between two gzip members of
// stream (found by decoding with compress/gzip member by member).
func isMemberEnd(t testing.TB, stream []byte, cut int) bool {
	br := bytes.NewReader(stream)
	zr, err := stdgzip.NewReader(br)
	must(t, err)
	zr.Multistream(false)
	for {
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		pos := len(stream) - br.Len()
		if pos == cut {
			return true
		}
		if pos > cut || br.Len() == 0 {
			return false
		}
		if err := zr.Reset(br); err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
	}
}

func TestPreferredBackend(t *testing.T) {
	p := PreferredBackend()
	if !slices.Contains(Backends(), p) {
		t.Fatalf("PreferredBackend() = %q, not among %q", p, Backends())
	}
	if slices.Contains(Backends(), "isal") != (p == "isal") {
		t.Fatalf("PreferredBackend() = %q with backends %q: isal, when built in, is preferred", p, Backends())
	}
	// Options.Inflate "" means the preferred backend.
	csvgz := gzipBytes(t, []byte("a,b\n1,2\n"), 6)
	for _, name := range append([]string{""}, Backends()...) {
		in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(csvgz), Inflate: name})
		must(t, err)
		want := name
		if name == "" {
			want = p
		}
		if in.Inflate() != want {
			t.Errorf("Options.Inflate %q: Input.Inflate() = %q, want %q", name, in.Inflate(), want)
		}
		in.Close()
	}
}
