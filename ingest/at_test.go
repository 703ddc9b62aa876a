package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestEntryAt: a table stored as it is in a file (a plain CSV file, seekable stdin, a file of an extracted
// dump) can be read at offsets, concurrently; a compressed or archived one cannot.
func TestEntryAt(t *testing.T) {
	for _, s := range samples(t) {
		for _, w := range ways() {
			in, err := w.open(t, s, Options{})
			must(t, err)
			for {
				e, err := in.Next()
				if err == io.EOF {
					break
				}
				must(t, err)
				if wantAt := s.format == CSV && w.seekable; (e.At != nil) != wantAt {
					t.Errorf("%s %s: At = %v, want one: %v", s.name, w.name, e.At, wantAt)
				}
				if e.At != nil {
					checkAt(t, s.name+" "+w.name, e, s.want[0].data)
				}
			}
			must(t, in.Close())
		}
	}
	// Standard input already read into: its entry starts where it stood.
	data := cratesCSV(3, 300)
	r := bytes.NewReader(append([]byte("skipped\n"), data...))
	if _, err := r.Seek(8, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	in, err := Open(context.Background(), "-", Options{Stdin: r})
	must(t, err)
	defer in.Close()
	e, err := in.Next()
	must(t, err)
	checkAt(t, "stdin at byte 8", e, data)
}

// checkAt reads e's bytes at offsets from several goroutines and compares them with want.
func checkAt(t *testing.T, name string, e *Entry, want []byte) {
	t.Helper()
	if e.Size != int64(len(want)) {
		t.Fatalf("%s: Size %d, want %d", name, e.Size, len(want))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for off := g; off < len(want); off += 997 {
				buf := make([]byte, 1500)
				n, err := e.At.ReadAt(buf, int64(off))
				if end := min(off+len(buf), len(want)); n != end-off || !bytes.Equal(buf[:n], want[off:end]) {
					t.Errorf("%s: ReadAt(%d) = %d bytes, want %d, or the bytes differ", name, off, n, end-off)
					return
				}
				if (off+len(buf) > len(want)) != (err == io.EOF) || err != nil && err != io.EOF {
					t.Errorf("%s: ReadAt(%d) of %d bytes at the end: %v", name, off, len(buf), err)
				}
			}
		})
	}
	wg.Wait()
}

func TestEntryAtCountsHowFarItRead(t *testing.T) {
	data := cratesCSV(1, 2000)
	in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(data)})
	must(t, err)
	defer in.Close()
	e, err := in.Next()
	must(t, err)
	start := in.BytesRead() // what sniffing read
	buf := make([]byte, 1000)
	if _, err := e.At.ReadAt(buf, 50000); err != nil {
		t.Fatal(err)
	}
	if got := in.BytesRead(); got != 51000 {
		t.Errorf("BytesRead after reading [50000,51000) = %d (sniffing read %d), want 51000", got, start)
	}
	if _, err := e.At.ReadAt(buf, 0); err != nil {
		t.Fatal(err)
	}
	if got := in.BytesRead(); got != 51000 {
		t.Errorf("BytesRead after reading [0,1000) again = %d, want still 51000: bytes are counted once", got)
	}
}

func TestEntryAtErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "crates.csv")
	data := cratesCSV(2, 500)
	must(t, os.WriteFile(path, data, 0o644))
	in, err := Open(context.Background(), path, Options{})
	must(t, err)
	e, err := in.Next()
	must(t, err)
	// The file shrinks after it was opened: the read says where and by how much, naming the file.
	must(t, os.Truncate(path, 1000))
	buf := make([]byte, 100)
	_, err = e.At.ReadAt(buf, 950)
	var ie *Error
	if !errors.Is(err, ErrTruncated) || !errors.As(err, &ie) || ie.Input != path || ie.Offset != 1000 ||
		!strings.Contains(err.Error(), "byte 1000") {
		t.Errorf("reading past the end of a shrunk file: %v", err)
	}
	if _, err := e.At.ReadAt(buf, int64(len(data))+1); err == nil {
		t.Errorf("reading past the entry's end: no error")
	}
	if _, err := in.Next(); err != io.EOF {
		t.Fatalf("Next after the only entry: %v", err)
	}
	if _, err := e.At.ReadAt(buf, 0); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("reading an entry at an offset after Next: %v, want fs.ErrClosed", err)
	}
	must(t, in.Close())

	// An extracted dump: each member's At ends with Next.
	root := t.TempDir()
	ms := testMembers(1)
	writeDump(t, root, testTop, ms)
	in, err = Open(context.Background(), root, Options{})
	must(t, err)
	defer in.Close()
	e1, err := in.Next()
	must(t, err)
	if e1.At == nil {
		t.Fatalf("%s of a directory has no At", e1.Path)
	}
	if _, err := in.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := e1.At.ReadAt(buf[:1], 0); !errors.Is(err, fs.ErrClosed) || !strings.Contains(err.Error(), e1.Path) {
		t.Errorf("reading %s at an offset after Next: %v, want fs.ErrClosed naming it", e1.Path, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	in2, err := Open(ctx, root, Options{})
	must(t, err)
	defer in2.Close()
	e2, err := in2.Next()
	must(t, err)
	cancel()
	if _, err := e2.At.ReadAt(buf[:1], 0); !errors.Is(err, context.Canceled) {
		t.Errorf("reading at an offset after the context ended: %v", err)
	}
}
