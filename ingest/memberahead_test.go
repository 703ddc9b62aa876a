package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// TestMemberAheadZipStream reads a streamed zip (no central directory reachable: a pipe) with members read
// ahead, skipping some, reading part of others: every member read whole has its bytes, and the stream's
// position after each member is right for the next header.
func TestMemberAheadZipStream(t *testing.T) {
	ms := testMembers(3)
	ms[len(ms)-1].data = bytes.Repeat(text(9, 1<<20), 5) // a member longer than the buffers
	for _, o := range []zipOpts{{method: zip.Deflate}, {method: zip.Deflate, descriptor: true}, {method: zip.Store}} {
		data := buildZip(t, ms, o)
		for _, src := range []io.Reader{hideReader{bytes.NewReader(data)}, bytes.NewReader(data)} {
			in, err := Open(context.Background(), "-", Options{Stdin: src, ReadAhead: 2})
			must(t, err)
			for i, m := range ms {
				e, err := in.Next()
				must(t, err)
				if e.Path != m.path {
					t.Fatalf("entry %d = %q, want %q", i, e.Path, m.path)
				}
				switch i % 3 {
				case 0:
				case 1:
					io.ReadFull(e, make([]byte, len(m.data)/3))
				case 2:
					b, err := io.ReadAll(e)
					must(t, err)
					if !bytes.Equal(b, m.data) {
						t.Fatalf("%+v %s: %d bytes that differ from the %d written", o, m.path, len(b), len(m.data))
					}
				}
			}
			if _, err := in.Next(); err != io.EOF {
				t.Fatalf("%+v: Next at the end = %v", o, err)
			}
			must(t, in.Close())
		}
	}
}

// TestMemberAheadCorrupt: a member whose bytes fail its CRC-32 gives the same error with read-ahead as
// without, member and offset included.
func TestMemberAheadCorrupt(t *testing.T) {
	ms := testMembers(2)
	data := buildZip(t, ms, zipOpts{method: zip.Store})
	i := bytes.Index(data, ms[len(ms)-1].data[:64])
	data[i+10] ^= 0x20
	read := func(ra int) error {
		in, err := Open(context.Background(), "-", Options{Stdin: hideReader{bytes.NewReader(data)}, ReadAhead: ra})
		must(t, err)
		defer in.Close()
		for {
			e, err := in.Next()
			if err != nil {
				return err
			}
			if _, err := io.Copy(io.Discard, e); err != nil {
				return err
			}
		}
	}
	plain, ahead := read(0), read(2)
	if !errors.Is(plain, ErrChecksum) || ahead == nil || plain.Error() != ahead.Error() {
		t.Fatalf("without read-ahead: %v\nwith: %v", plain, ahead)
	}
}

// TestMemberAheadStalledPipe: Close returns while a member's goroutine waits for a pipe that sends nothing
// more; the lister is released when the pipe closes.
func TestMemberAheadStalledPipe(t *testing.T) {
	ms := testMembers(3)
	ms[len(ms)-1].data = bytes.Repeat(text(4, 1<<20), 4)
	data := buildZip(t, ms, zipOpts{method: zip.Deflate})
	pr, pw := io.Pipe()
	go pw.Write(data[:len(data)-len(data)/4]) // and nothing more until the pipe is closed
	in, err := Open(context.Background(), "-", Options{Stdin: pr, ReadAhead: 2})
	must(t, err)
	var e *Entry
	for range ms {
		e, err = in.Next()
		must(t, err)
	}
	if _, err := io.ReadFull(e, make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	closeStalled(t, in)
	pw.CloseWithError(errors.New("test over"))
}
