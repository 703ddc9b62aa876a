package ingest

import (
	"archive/zip"
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// sample is one test input and what reading it must give.
type sample struct {
	name   string
	data   []byte
	format Format
	want   []member // regular files, in order, with full paths
}

func prefixed(top string, ms []member) []member {
	out := make([]member, len(ms))
	for i, m := range ms {
		out[i] = member{top + "/" + m.path, m.data}
	}
	return out
}

// samples builds every format from the same members.
func samples(t testing.TB) []sample {
	ms := testMembers(1)
	tarb := buildTar(t, testTop, ms)
	csv := ms[7].data
	return []sample{
		{"csv", csv, CSV, []member{{"", csv}}},
		{"csv.gz", gzipBytes(t, csv, 6), CSVGzip, []member{{"", csv}}},
		{"csv.zst", zstdBytes(t, csv), CSVZstd, []member{{"", csv}}},
		{"tar", tarb, Tar, prefixed(testTop, ms)},
		{"tar.gz", gzipBytes(t, tarb, 6), TarGzip, prefixed(testTop, ms)},
		{"tar.zst", zstdBytes(t, tarb), TarZstd, prefixed(testTop, ms)},
		{"notop.tar.gz", gzipBytes(t, buildTar(t, "", ms), 9), TarGzip, ms},
		{"deflate.zip", buildZip(t, ms, zipOpts{method: zip.Deflate}), Zip, ms},
		{"store.zip", buildZip(t, ms, zipOpts{method: zip.Store}), Zip, ms},
		{"deflate-dd.zip", buildZip(t, ms, zipOpts{method: zip.Deflate, descriptor: true}), Zip, ms},
		{"store-dd.zip", buildZip(t, ms, zipOpts{method: zip.Store, descriptor: true}), Zip, ms},
		{"empty.zip", buildZip(t, nil, zipOpts{method: zip.Deflate}), Zip, nil},
		{"zip64.zip", handZip{method: zip.Deflate, zip64: true, desc: 1, wide: true}.build(t, ms), Zip, ms},
		{"nosig.zip", handZip{method: zip.Deflate, desc: 2}.build(t, ms), Zip, ms},
	}
}

// way is one way of handing an input to Open.
type way struct {
	name     string
	seekable bool
	open     func(t *testing.T, s sample, opts Options) (*Input, error)
}

func ways() []way {
	return []way{
		{"file", true, func(t *testing.T, s sample, opts Options) (*Input, error) {
			p := filepath.Join(t.TempDir(), s.name)
			must(t, os.WriteFile(p, s.data, 0o644))
			return Open(context.Background(), p, opts)
		}},
		{"stdin-seekable", true, func(t *testing.T, s sample, opts Options) (*Input, error) {
			opts.Stdin = bytes.NewReader(s.data)
			return Open(context.Background(), "-", opts)
		}},
		{"stdin-stream", false, func(t *testing.T, s sample, opts Options) (*Input, error) {
			opts.Stdin = hideReader{bytes.NewReader(s.data)}
			return Open(context.Background(), "-", opts)
		}},
		{"stdin-onebyte", false, func(t *testing.T, s sample, opts Options) (*Input, error) {
			opts.Stdin = iotest.OneByteReader(bytes.NewReader(s.data))
			return Open(context.Background(), "-", opts)
		}},
		{"url", false, func(t *testing.T, s sample, opts Options) (*Input, error) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", strconv.Itoa(len(s.data)))
				w.Write(s.data)
			}))
			t.Cleanup(srv.Close)
			return Open(context.Background(), srv.URL+"/"+s.name, opts)
		}},
	}
}

// checkGot compares what was read with what the sample holds.
func checkGot(t *testing.T, g got, want []member) {
	t.Helper()
	var paths []string
	for _, m := range want {
		paths = append(paths, m.path)
	}
	if !slices.Equal(g.paths, paths) {
		t.Fatalf("paths = %q, want %q", g.paths, paths)
	}
	for _, m := range want {
		if !bytes.Equal(g.data[m.path], m.data) {
			t.Errorf("%s: read %d bytes that differ from the %d written", m.path, len(g.data[m.path]), len(m.data))
		}
		if sz := g.sizes[m.path]; sz != -1 && sz != int64(len(m.data)) {
			t.Errorf("%s: Size = %d, want %d or -1", m.path, sz, len(m.data))
		}
	}
}

func TestFormats(t *testing.T) {
	for _, s := range samples(t) {
		for _, w := range ways() {
			for _, backend := range Backends() {
				for _, ra := range readAheads(s.format) {
					t.Run(s.name+"/"+w.name+"/"+backend+raName(ra), func(t *testing.T) {
						pin := ra == 2 // the pinned inflate thread, where the backend runs outside Go
						in, err := w.open(t, s, Options{Inflate: backend, ReadAhead: ra, PinReadAhead: pin})
						must(t, err)
						defer in.Close()
						if in.Format() != s.format {
							t.Errorf("Format = %v, want %v", in.Format(), s.format)
						}
						for _, chunk := range []int{1 << 20} {
							g, err := readAll(in, chunk)
							must(t, err)
							checkGot(t, g, s.want)
						}
						wantPinned := pin && outsideGo(backends[backend]) && (s.format == CSVGzip || s.format == TarGzip ||
							s.format == Zip && len(s.want) > 0) && canPin()
						if cpu := in.InflateCPU(); (cpu >= 0) != wantPinned {
							t.Errorf("InflateCPU = %d; want a CPU: %v", cpu, wantPinned)
						}
						if w.seekable || w.name == "url" {
							if in.Size() != int64(len(s.data)) {
								t.Errorf("Size = %d, want %d", in.Size(), len(s.data))
							}
						} else if in.Size() != -1 {
							t.Errorf("Size = %d, want -1 for a pipe", in.Size())
						}
						if (s.format != Zip || !w.seekable) && in.BytesRead() != int64(len(s.data)) {
							t.Errorf("BytesRead = %d after reading everything, want %d", in.BytesRead(), len(s.data))
						}
						if _, err := in.Next(); err != io.EOF {
							t.Errorf("Next after the end = %v, want io.EOF again", err)
						}
					})
				}
			}
		}
	}
}

// readAheads returns the Options.ReadAhead values worth testing for a format:
// 0, and for gzip and zstd streams also 1 and 2 buffers.
func readAheads(f Format) []int {
	switch f {
	case CSVGzip, CSVZstd, TarGzip, TarZstd, Zip:
		return []int{0, 1, 2}
	}
	return []int{0}
}

// raName names a read-ahead setting in a subtest's name.
func raName(ra int) string {
	if ra == 0 {
		return ""
	}
	return "/readahead" + strconv.Itoa(ra)
}

// TestReadSizes checks that one-byte reads of the entries give the same bytes
// as big reads, whatever the source's read sizes.
func TestReadSizes(t *testing.T) {
	for _, s := range samples(t) {
		for _, chunk := range []int{1, 7, 4096} {
			ra := readAheads(s.format)[len(readAheads(s.format))-1]
			t.Run(s.name+"/"+strconv.Itoa(chunk)+raName(ra), func(t *testing.T) {
				in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(s.data), ReadAhead: ra})
				must(t, err)
				defer in.Close()
				g, err := readAll(in, chunk)
				must(t, err)
				checkGot(t, g, s.want)
			})
		}
	}
}

func TestFormatString(t *testing.T) {
	for f := CSV; f <= Dir; f++ {
		if s := f.String(); s == "" || strings.HasPrefix(s, "Format(") {
			t.Errorf("Format(%d).String() = %q", f, s)
		}
	}
	if s := Format(0).String(); s != "Format(0)" {
		t.Errorf("Format(0).String() = %q", s)
	}
}

func TestTableName(t *testing.T) {
	for _, c := range []struct {
		path string
		want string
		ok   bool
	}{
		{"2026-11-21-020013/data/crates.csv", "crates", true},
		{"data/crates.csv", "crates", true},
		{"./data/version_downloads.csv", "version_downloads", true},
		{"./2026-11-21-020013/data/users.csv", "users", true},
		{"data/data/crates.csv", "crates", true},
		{"crates.csv", "", false},
		{"", "", false},
		{"2026-11-21-020013/crates.csv", "", false},
		{"a/b/data/crates.csv", "", false},
		{"data/.csv", "", false},
		{"data/crates.CSV", "", false},
		{"data/crates.csv/", "", false},
		{"/data/crates.csv", "", false},
		{"2026-11-21-020013/data/", "", false},
		{"2026-11-21-020013/metadata.json", "", false},
	} {
		name, ok := TableName(c.path)
		if name != c.want || ok != c.ok {
			t.Errorf("TableName(%q) = %q, %v; want %q, %v", c.path, name, ok, c.want, c.ok)
		}
	}
}

func TestIsMetadata(t *testing.T) {
	for _, c := range []struct {
		path string
		want bool
	}{
		{"metadata.json", true},
		{"2026-11-21-020013/metadata.json", true},
		{"./metadata.json", true},
		{"data/metadata.csv", false},
		{"data/metadata.json", true}, // a top folder named "data": still one folder deep
		{"a/b/metadata.json", false},
		{"/metadata.json", false},
		{"metadata.json.gz", false},
		{"", false},
	} {
		if got := IsMetadata(c.path); got != c.want {
			t.Errorf("IsMetadata(%q) = %v, want %v", c.path, got, c.want)
		}
	}
}

func TestBackends(t *testing.T) {
	names := Backends()
	if !slices.Contains(names, DefaultBackend) || !slices.Contains(names, "stdlib") || !slices.IsSorted(names) {
		t.Fatalf("Backends() = %q", names)
	}
	_, err := Open(context.Background(), "-", Options{Stdin: strings.NewReader("a,b\n"), Inflate: "nope"})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), `unknown inflate backend "nope"`) {
		t.Fatalf("unknown backend: err = %v", err)
	}
	for _, bad := range []func(){
		func() { RegisterBackend("", stdlibBackend{}) },
		func() { RegisterBackend("x", nil) },
		func() { RegisterBackend(DefaultBackend, stdlibBackend{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("RegisterBackend did not panic on a bad call")
				}
			}()
			bad()
		}()
	}
}

func TestStaleEntryAndClose(t *testing.T) {
	s := samples(t)[4] // tar.gz
	in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(s.data)})
	must(t, err)
	e1, err := in.Next()
	must(t, err)
	buf := make([]byte, 4)
	if _, err := e1.Read(buf); err != nil {
		t.Fatal(err)
	}
	e2, err := in.Next()
	must(t, err)
	if _, err := e1.Read(buf); !errors.Is(err, fs.ErrClosed) || !strings.Contains(err.Error(), e1.Path) {
		t.Errorf("reading an entry after Next: err = %v, want fs.ErrClosed naming %s", err, e1.Path)
	}
	must(t, in.Close())
	if _, err := e2.Read(buf); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("reading an entry after Close: err = %v, want fs.ErrClosed", err)
	}
	if _, err := in.Next(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Next after Close: err = %v, want fs.ErrClosed", err)
	}
	if err := in.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// TestSkip checks that Next skips unread and half-read members and still
// returns the right bytes for the member after them.
func TestSkip(t *testing.T) {
	for _, s := range samples(t) {
		if len(s.want) < 3 {
			continue
		}
		for _, ra := range readAheads(s.format) {
			t.Run(s.name+raName(ra), func(t *testing.T) {
				in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(s.data), ReadAhead: ra})
				must(t, err)
				defer in.Close()
				for i, m := range s.want {
					e, err := in.Next()
					must(t, err)
					if e.Path != m.path {
						t.Fatalf("entry %d = %q, want %q", i, e.Path, m.path)
					}
					switch i % 3 {
					case 0: // skip entirely
					case 1: // read part of it
						io.ReadFull(e, make([]byte, len(m.data)/2))
					case 2:
						b, err := io.ReadAll(e)
						must(t, err)
						if !bytes.Equal(b, m.data) {
							t.Fatalf("%s: wrong bytes after skipping", m.path)
						}
					}
				}
				if _, err := in.Next(); err != io.EOF {
					t.Fatalf("Next at the end = %v", err)
				}
			})
		}
	}
}

func TestContextCancel(t *testing.T) {
	for _, ra := range []int{0, 2} {
		t.Run("readahead"+strconv.Itoa(ra), func(t *testing.T) { testContextCancel(t, ra) })
	}
}

func testContextCancel(t *testing.T, ra int) {
	ms := testMembers(20)
	ms[9].data = text(99, 8<<20) // more than the read-ahead holds
	data := gzipBytes(t, buildTar(t, testTop, ms), 1)
	ctx, cancel := context.WithCancel(context.Background())
	in, err := Open(ctx, "-", Options{Stdin: iotest.HalfReader(bytes.NewReader(data)), ReadAhead: ra})
	must(t, err)
	defer in.Close()
	cancel()
	_, err = readAll(in, 1<<20)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.Input != "-" {
		t.Fatalf("err = %#v, want an *Error naming the input", err)
	}
}

func TestErrorString(t *testing.T) {
	for _, c := range []struct {
		e    *Error
		want string
	}{
		{&Error{Input: "db-dump.tar.gz", Offset: 1234567, Err: errors.New("x")}, "db-dump.tar.gz: byte 1234567: x"},
		{&Error{Input: "db-dump.zip", Member: "data/crates.csv", Offset: -1, Err: ErrChecksum}, "db-dump.zip: data/crates.csv: checksum mismatch"},
		{&Error{Input: "-", Offset: 0, Err: ErrEmpty}, "<stdin>: byte 0: empty input"},
		{&Error{Input: "x", Offset: -1}, "x: unknown error"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
	e := &Error{Input: "x", Offset: -1, Err: ErrTruncated}
	if !errors.Is(e, ErrTruncated) {
		t.Error("errors.Is does not see through *Error")
	}
}

// TestReadAheadEarlyStop reads crates.csv of a tar.gz with read-ahead and
// closes: the read-ahead reads at most its buffers' worth more of the source.
// Close does not wait for a read of a pipe in progress.
func TestReadAheadEarlyStop(t *testing.T) {
	ms := testMembers(5)
	ms[9].data = bytes.Repeat(text(5, 1<<20), 32) // 32 MiB of versions.csv after crates.csv
	data := gzipBytes(t, buildTar(t, testTop, ms), stdgzip.NoCompression)
	const ra = 2
	in, err := Open(context.Background(), "-", Options{Stdin: hideReader{bytes.NewReader(data)}, ReadAhead: ra})
	must(t, err)
	if !bytes.Equal(readTable(t, in, "crates"), ms[7].data) {
		t.Fatal("crates.csv differs")
	}
	must(t, in.Close())
	// The bufio.Reader's 1 MiB, the buffers, the one being filled, and the
	// decompressor's window.
	if limit := int64(bufSize + (ra+1)*raBufSize + 64<<10); in.BytesRead() > limit {
		t.Errorf("BytesRead = %d after an early stop with %d buffers, want at most %d", in.BytesRead(), ra, limit)
	}

	// A pipe that stalls after the first members: Close returns while the
	// read-ahead goroutine waits for the pipe, which ends it when it closes.
	pr, pw := io.Pipe()
	go func() {
		pw.Write(data[:len(data)/4])
		// ... and nothing more until the pipe is closed.
	}()
	in, err = Open(context.Background(), "-", Options{Stdin: pr, ReadAhead: ra})
	must(t, err)
	e, err := in.Next()
	must(t, err)
	if _, err := io.ReadAll(e); err != nil {
		t.Fatal(err)
	}
	closeStalled(t, in)
	pw.CloseWithError(errors.New("test over"))
}

// dataThenErr returns all its bytes and err in one Read, as a decompressor may at a truncation.
type dataThenErr struct {
	data []byte
	err  error
}

func (d *dataThenErr) Read(p []byte) (int, error) {
	n := copy(p, d.data)
	d.data = d.data[n:]
	if len(d.data) == 0 {
		return n, d.err
	}
	return n, nil
}

// TestSniffKeepsBytesBeforeAnError: an error that comes with the bytes that fill sniff's buffer is returned
// after them (the read-ahead delivers such bytes and the error apart, and both must read the same); one
// that comes before the buffer is full fails at once.
func TestSniffKeepsBytesBeforeAnError(t *testing.T) {
	data := bytes.Repeat([]byte("x"), sniffLen)
	head, pr, err := sniff(&dataThenErr{data: data, err: io.ErrUnexpectedEOF})
	if err != nil || !bytes.Equal(head, data) {
		t.Fatalf("full buffer with an error: %d bytes, err %v", len(head), err)
	}
	got, err := io.ReadAll(pr)
	if !bytes.Equal(got, data) || err != io.ErrUnexpectedEOF {
		t.Fatalf("replay: %d bytes, err %v; want %d bytes, then io.ErrUnexpectedEOF", len(got), err, len(data))
	}
	if _, _, err := sniff(&dataThenErr{data: data[:100], err: io.ErrUnexpectedEOF}); err != io.ErrUnexpectedEOF {
		t.Fatalf("short with an error: err %v", err)
	}
}

// closeStalled closes in, whose read-ahead goroutine waits for a pipe that sends nothing more, and fails the
// test if Close does not return.
func closeStalled(t *testing.T, in *Input) {
	t.Helper()
	done := make(chan struct{})
	go func() { in.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs on a stalled pipe")
	}
}
