package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sentinels are the causes a bad input may have.
var sentinels = []error{ErrNotDump, ErrEmpty, ErrTruncated, ErrChecksum, ErrCorrupt}

// checkBad checks that err is an *Error naming input, wrapping one of want
// (any sentinel if want is empty).
func checkBad(t *testing.T, err error, input string, want ...error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want an *Error", err, err)
	}
	shown := input
	if input == "-" {
		shown = "<stdin>"
	}
	if e.Input != input || !strings.HasPrefix(err.Error(), shown+": ") {
		t.Fatalf("err = %q: does not name the input %q", err, input)
	}
	if len(want) == 0 {
		want = sentinels
	}
	for _, w := range want {
		if errors.Is(err, w) {
			return e
		}
	}
	t.Fatalf("err = %q, want one of %v", err, want)
	return nil
}

// TestTruncation cuts each archive at every byte: reading the prefix must
// end in an error naming the input, never io.EOF, and every byte handed out
// before the error must be right.
func TestTruncation(t *testing.T) {
	for _, s := range samples(t) {
		if s.format == CSV {
			continue // plain text cannot tell it was cut
		}
		want := map[string][]byte{}
		for _, m := range s.want {
			want[m.path] = m.data
		}
		for _, seekable := range []bool{false, true} {
			backends := Backends()
			if s.format != CSVGzip && s.format != TarGzip && s.format != Zip {
				backends = []string{DefaultBackend} // no deflate in it
			}
			for i, backend := range backends {
				name := s.name + "/stream/" + backend
				if seekable {
					name = s.name + "/seekable/" + backend
				}
				ra := 0
				if i == 0 && !seekable {
					ra = readAheads(s.format)[len(readAheads(s.format))-1]
				}
				name += raName(ra)
				t.Run(name, func(t *testing.T) {
					for cut := range len(s.data) {
						var src io.Reader = bytes.NewReader(s.data[:cut])
						if !seekable {
							src = hideReader{src}
						}
						in, err := Open(context.Background(), "-", Options{Stdin: src, Inflate: backend, ReadAhead: ra})
						if err == nil && in.Format() == CSV && (s.format == Tar || s.format == TarGzip && cut < 2) {
							// A tar cut inside its first member's name is text:
							// nothing can tell it from a CSV file.
							in.Close()
							continue
						}
						if err == nil {
							var g got
							g, err = readAll(in, 1<<10)
							in.Close()
							for p, b := range g.data {
								if !bytes.HasPrefix(want[p], b) {
									t.Fatalf("cut at %d: %q: wrong bytes before the error", cut, p)
								}
							}
						}
						if err == nil {
							t.Fatalf("cut at %d of %d: no error", cut, len(s.data))
						}
						if cut == 0 {
							checkBad(t, err, "-", ErrEmpty)
						} else {
							checkBad(t, err, "-")
						}
					}
				})
			}
		}
	}
}

func TestTruncationMessage(t *testing.T) {
	for _, ra := range []int{0, 2} {
		t.Run("readahead"+strconv.Itoa(ra), func(t *testing.T) { testTruncationMessage(t, ra) })
	}
}

func testTruncationMessage(t *testing.T, ra int) {
	s := samples(t)[4] // tar.gz
	p := filepath.Join(t.TempDir(), "db-dump.tar.gz")
	must(t, os.WriteFile(p, s.data[:len(s.data)/2], 0o644))
	in, err := Open(context.Background(), p, Options{ReadAhead: ra})
	must(t, err)
	defer in.Close()
	_, err = readAll(in, 1<<20)
	e := checkBad(t, err, p, ErrTruncated)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "truncated gzip stream") {
		t.Errorf("err = %q, want a truncated gzip stream", err)
	}
	if e.Offset != int64(len(s.data)/2) {
		t.Errorf("Offset = %d, want the end of the cut file, %d", e.Offset, len(s.data)/2)
	}
}

// flip returns a copy of b with the byte at i changed.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x55
	return c
}

// cdRecord returns the offset of name's central directory record in a zip.
func cdRecord(t *testing.T, z []byte, name string) int {
	t.Helper()
	for i := 0; ; {
		j := bytes.Index(z[i:], []byte("PK\x01\x02"))
		if j < 0 {
			t.Fatalf("no central directory record for %s", name)
		}
		i += j
		if bytes.HasPrefix(z[i+46:], []byte(name)) {
			return i
		}
		i += 4
	}
}

// localRecord returns the offset of name's local file header in a zip.
func localRecord(t *testing.T, z []byte, name string) int {
	t.Helper()
	for i := 0; ; {
		j := bytes.Index(z[i:], []byte("PK\x03\x04"))
		if j < 0 {
			t.Fatalf("no local header for %s", name)
		}
		i += j
		if bytes.HasPrefix(z[i+30:], []byte(name)) {
			return i
		}
		i += 4
	}
}

func TestChecksums(t *testing.T) {
	ss := samples(t)
	csvgz, csvzst, tarb, storeZip := ss[1].data, ss[2].data, ss[3].data, ss[8].data
	deflateZip := ss[7].data
	crates := testMembers(1)[7].data
	type bad struct {
		name   string
		data   []byte
		want   error
		member string
	}
	cases := []bad{
		{"gzip CRC", flip(csvgz, len(csvgz)-8), ErrChecksum, ""},
		{"gzip size", flip(csvgz, len(csvgz)-2), ErrChecksum, ""},
		{"gzip deflate data", flip(csvgz, len(csvgz)/2), nil, ""},
		{"gzip header", flip(csvgz, 2), ErrCorrupt, ""},
		{"gzip trailing garbage", append(bytes.Clone(csvgz), strings.Repeat("garbage!", 4)...), ErrCorrupt, ""},
		{"zstd checksum", flip(csvzst, len(csvzst)-1), ErrChecksum, ""},
		{"tar header checksum", flip(tarb, 3*512+1), ErrCorrupt, ""},
		{"zip CRC in central directory", flip(deflateZip, cdRecord(t, deflateZip, "data/crates.csv")+16), ErrChecksum, "data/crates.csv"},
		{"zip size in central directory", flip(deflateZip, cdRecord(t, deflateZip, "data/crates.csv")+24), ErrChecksum, "data/crates.csv"},
		{"zip stored data", flip(storeZip, bytes.Index(storeZip, crates)+100), ErrChecksum, "data/crates.csv"},
		{"zip deflate data", flip(deflateZip, localRecord(t, deflateZip, "data/crates.csv")+30+len("data/crates.csv")+40), nil, "data/crates.csv"},
		{"zip local header signature", flip(deflateZip, localRecord(t, deflateZip, "data/crates.csv")), ErrCorrupt, "data/crates.csv"},
	}
	for _, c := range cases {
		for i, backend := range Backends() {
			ra := 0
			if i == 0 {
				ra = 2 // only gzip and zstd streams use it
			}
			t.Run(c.name+"/"+backend+raName(ra), func(t *testing.T) {
				in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(c.data), Inflate: backend, ReadAhead: ra})
				if err == nil {
					_, err = readAll(in, 1<<20)
					in.Close()
				}
				if err == nil {
					t.Fatal("no error")
				}
				var e *Error
				if c.want == nil {
					e = checkBad(t, err, "-", ErrCorrupt, ErrChecksum, ErrTruncated)
				} else {
					e = checkBad(t, err, "-", c.want)
				}
				if e.Member != c.member {
					t.Errorf("Member = %q, want %q (err %q)", e.Member, c.member, err)
				}
			})
		}
	}
}

func TestZipChecksumMessage(t *testing.T) {
	z := samples(t)[7].data
	z = flip(z, cdRecord(t, z, "data/crates.csv")+16)
	p := filepath.Join(t.TempDir(), "db-dump.zip")
	must(t, os.WriteFile(p, z, 0o644))
	in, err := Open(context.Background(), p, Options{})
	must(t, err)
	defer in.Close()
	_, err = readAll(in, 1<<20)
	checkBad(t, err, p, ErrChecksum)
	if !strings.HasPrefix(err.Error(), p+": data/crates.csv: byte ") || !strings.Contains(err.Error(), "CRC-32") {
		t.Errorf("err = %q", err)
	}
}

func TestNotDump(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 100)...)
	dir := t.TempDir()
	p := filepath.Join(dir, "x.png")
	must(t, os.WriteFile(p, png, 0o644))
	_, err := Open(context.Background(), p, Options{})
	checkBad(t, err, p, ErrNotDump)
	if want := p + ": not a crates.io dump (neither gzip, zstd, zip, tar nor CSV text)"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	for name, data := range map[string][]byte{
		"nul in text":      []byte("id,name\n1,a\x00b\n"),
		"control bytes":    []byte("id,name\n1,\x01\x02\x03\x04\x05\n"),
		"gzip of png":      gzipBytes(t, png, 6),
		"zstd of png":      zstdBytes(t, png),
		"gzip of gzip":     gzipBytes(t, gzipBytes(t, []byte("a,b\n"), 6), 6),
		"gzip of controls": gzipBytes(t, bytes.Repeat([]byte("\x01\x02\x03abc,\n"), 100), 6),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(data)})
			checkBad(t, err, "-", ErrNotDump)
		})
	}
}

// TestInvalidUTF8IsText checks that text with invalid UTF-8 is CSV, handed
// out byte for byte: the CSV parser, not detection, reports the bad byte.
func TestInvalidUTF8IsText(t *testing.T) {
	for name, data := range map[string][]byte{
		"latin-1":            []byte("id,name\n1,caf\xe9\n"),
		"invalid bytes":      []byte("id,name\n1,\xff\xfe\n"),
		"cut rune, complete": []byte("id,name\n1,\xe6\x9d"),
		"latin-1 in gzip":    gzipBytes(t, []byte("id,name\n1,caf\xe9\n"), 6),
	} {
		t.Run(name, func(t *testing.T) {
			in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(data)})
			must(t, err)
			defer in.Close()
			g, err := readAll(in, 4096)
			must(t, err)
			want := data
			if in.Format() == CSVGzip {
				want = []byte("id,name\n1,caf\xe9\n")
			} else if in.Format() != CSV {
				t.Fatalf("Format = %v, want CSV", in.Format())
			}
			checkGot(t, g, []member{{"", want}})
		})
	}
}

func TestIsText(t *testing.T) {
	long := bytes.Repeat([]byte("a"), textCheckLen)
	ctl := func(n int, c byte) []byte { // 100 bytes of which n are c
		return append(bytes.Repeat([]byte{c}, n), bytes.Repeat([]byte("x"), 100-n)...)
	}
	for _, c := range []struct {
		name string
		b    []byte
		want bool
	}{
		{"ascii", []byte("a,b\n"), true},
		{"utf-8", []byte("Grüße, 東京 🦀"), true},
		{"rune cut", []byte("a\xe6\x9d"), true},
		{"invalid byte", []byte("a\x80b"), true},
		{"latin-1", []byte("caf\xe9,na\xefve\r\n"), true},
		{"whitespace controls", []byte("a\tb\r\n\v\f\x1b[1m\n"), true},
		{"nul", []byte("a\x00"), false},
		{"nul after the window", append(bytes.Clone(long), 0), true},
		{"4 control bytes in 100", ctl(4, 0x01), true},
		{"5 control bytes in 100", ctl(5, 0x01), false},
		{"5 DEL in 100", ctl(5, 0x7f), false},
		{"one control byte alone", []byte{0x02}, false},
		{"controls after the window", append(bytes.Clone(long), bytes.Repeat([]byte{1}, 500)...), true},
		{"png header", []byte("\x89PNG\r\n\x1a\n"), false},
	} {
		if got := isText(c.b); got != c.want {
			t.Errorf("%s: isText = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEmpty(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty")
	must(t, os.WriteFile(p, nil, 0o644))
	_, err := Open(context.Background(), p, Options{})
	checkBad(t, err, p, ErrEmpty)
	if err.Error() != p+": empty input" {
		t.Errorf("err = %q", err)
	}
	_, err = Open(context.Background(), "-", Options{Stdin: hideReader{strings.NewReader("")}})
	checkBad(t, err, "-", ErrEmpty)
	_, err = Open(context.Background(), "-", Options{Stdin: bytes.NewReader(gzipBytes(t, nil, 6))})
	checkBad(t, err, "-", ErrEmpty)
	_, err = Open(context.Background(), "-", Options{Stdin: bytes.NewReader(zstdBytes(t, nil))})
	checkBad(t, err, "-", ErrEmpty)
}

func TestMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.tar.gz")
	_, err := Open(context.Background(), p, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Input != p || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
}

func TestHTTPStatus(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	u := srv.URL + "/db-dump.tar.gz"
	_, err := Open(context.Background(), u, Options{})
	var e *Error
	if !errors.As(err, &e) || err.Error() != u+": HTTP 404 Not Found" {
		t.Fatalf("err = %v", err)
	}
	// A password in the URL stays out of error messages.
	withPass := strings.Replace(srv.URL, "http://", "http://user:secret@", 1) + "/x"
	_, err = Open(context.Background(), withPass, Options{})
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "HTTP 404") {
		t.Fatalf("err = %v", err)
	}
	// A server that cannot be reached.
	srv2 := httptest.NewServer(http.NotFoundHandler())
	dead := srv2.URL + "/x"
	srv2.Close()
	_, err = Open(context.Background(), dead, Options{})
	if !errors.As(err, &e) || e.Input != dead {
		t.Fatalf("err = %v", err)
	}
}

// countWriter counts the bytes the handler managed to send.
type countWriter struct {
	w http.ResponseWriter
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err == nil {
		http.NewResponseController(c.w).Flush()
	}
	return n, err
}

// TestHTTPEarlyStop serves a tar.gz whose crates.csv comes before a 256 MiB
// member; the caller reads up to crates.csv and closes. The server must see
// the connection closed having sent only a small part of the body.
func TestHTTPEarlyStop(t *testing.T) {
	ms := testMembers(5)
	const big = 256 << 20
	// Everything up to data/versions.csv, then the header of a huge member.
	head := buildTar(t, testTop, ms[:9])
	head = head[:len(head)-endMarkerLen] // buildTar ends the archive: take the marker off
	head = append(head, tarHeader(t, testTop+"/data/versions.csv", big)...)
	sent := make(chan int64, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &countWriter{w: w}
		defer func() { sent <- cw.n }()
		zw, _ := stdgzip.NewWriterLevel(cw, stdgzip.NoCompression) // incompressible on the wire
		if _, err := zw.Write(head); err != nil {
			return
		}
		chunk := make([]byte, 1<<16)
		for range big / len(chunk) {
			if _, err := zw.Write(chunk); err != nil {
				return
			}
		}
		zw.Write(make([]byte, endMarkerLen))
		zw.Close()
	}))
	defer srv.Close()
	in, err := Open(context.Background(), srv.URL+"/db-dump.tar.gz", Options{})
	must(t, err)
	if in.Size() != -1 {
		t.Errorf("Size = %d for a chunked response, want -1", in.Size())
	}
	if !bytes.Equal(readTable(t, in, "crates"), ms[7].data) {
		t.Fatal("crates.csv differs")
	}
	read := in.BytesRead()
	must(t, in.Close())
	n := <-sent // the handler returns once writes fail: the connection is closed
	t.Logf("body %d MiB; sent %d bytes; read %d bytes", big>>20, n, read)
	if n > big/8 {
		t.Errorf("server sent %d bytes of a %d-byte body after an early stop", n, big)
	}
	if read > 4<<20 {
		t.Errorf("BytesRead = %d after an early stop", read)
	}
}

// tarHeader returns a GNU tar header block for a regular file.
func tarHeader(t testing.TB, name string, size int64) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b) // WriteHeader writes the block at once
	must(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: size, Format: tar.FormatGNU}))
	return b.Bytes()
}

// TestFileEarlyStop reads a tar.gz file and a zip file up to crates.csv and
// checks how little of them was read.
func TestFileEarlyStop(t *testing.T) {
	ms := testMembers(5)
	ms[9].data = bytes.Repeat(text(5, 1<<20), 32) // 32 MiB of versions.csv after crates.csv
	dir := t.TempDir()
	files := map[string][]byte{
		"db-dump.tar.gz": gzipBytes(t, buildTar(t, testTop, ms), stdgzip.NoCompression),
		"db-dump.zip":    buildZip(t, ms, zipOpts{method: zip.Store}),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			must(t, os.WriteFile(p, data, 0o644))
			in, err := Open(context.Background(), p, Options{})
			must(t, err)
			defer in.Close()
			if !bytes.Equal(readTable(t, in, "crates"), ms[7].data) {
				t.Fatal("crates.csv differs")
			}
			t.Logf("%s: read %d of %d bytes", name, in.BytesRead(), in.Size())
			if in.BytesRead() > in.Size()/8 {
				t.Errorf("BytesRead = %d of %d", in.BytesRead(), in.Size())
			}
		})
	}
}
