package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"testing"
)

// handZip writes a zip archive record by record, for layouts archive/zip's
// writer does not produce: zip64 records on small files, data descriptors
// without a signature or with 8-byte sizes.
type handZip struct {
	method  uint16
	desc    int  // 0: sizes in the local header; 1: descriptor with signature; 2: without
	wide    bool // 8-byte sizes in the descriptor
	zip64   bool // zip64 extra fields, zip64 end record and locator
	comment string
}

func (h handZip) build(t testing.TB, ms []member) []byte {
	t.Helper()
	var b bytes.Buffer
	le := binary.LittleEndian
	type rec struct {
		name              string
		crc               uint32
		csize, usize, off uint64
	}
	var recs []rec
	for _, m := range ms {
		data := m.data
		if h.method == zip.Deflate {
			data = deflateBytes(t, m.data)
		}
		r := rec{m.path, crc32.ChecksumIEEE(m.data), uint64(len(data)), uint64(len(m.data)), uint64(b.Len())}
		recs = append(recs, r)
		var flags uint16
		crc, cs, us := r.crc, uint32(r.csize), uint32(r.usize)
		if h.desc != 0 {
			flags |= flagDescriptor
			crc, cs, us = 0, 0, 0
		}
		var extra []byte
		if h.zip64 && h.desc == 0 {
			cs, us = 0xffffffff, 0xffffffff
			extra = le.AppendUint16(extra, zip64ExtraID)
			extra = le.AppendUint16(extra, 16)
			extra = le.AppendUint64(extra, r.usize)
			extra = le.AppendUint64(extra, r.csize)
		}
		b.WriteString(sigLocal)
		for _, v := range []uint16{45, flags, h.method, 0, 0x5b75} {
			binary.Write(&b, le, v)
		}
		for _, v := range []uint32{crc, cs, us} {
			binary.Write(&b, le, v)
		}
		binary.Write(&b, le, uint16(len(r.name)))
		binary.Write(&b, le, uint16(len(extra)))
		b.WriteString(r.name)
		b.Write(extra)
		b.Write(data)
		if h.desc != 0 {
			if h.desc == 1 {
				b.WriteString(sigDescriptor)
			}
			binary.Write(&b, le, r.crc)
			if h.wide {
				binary.Write(&b, le, r.csize)
				binary.Write(&b, le, r.usize)
			} else {
				binary.Write(&b, le, uint32(r.csize))
				binary.Write(&b, le, uint32(r.usize))
			}
		}
	}
	cdOff := uint64(b.Len())
	for _, r := range recs {
		var flags uint16
		if h.desc != 0 {
			flags |= flagDescriptor
		}
		cs, us, off := uint32(r.csize), uint32(r.usize), uint32(r.off)
		var extra []byte
		if h.zip64 {
			cs, us, off = 0xffffffff, 0xffffffff, 0xffffffff
			extra = le.AppendUint16(extra, zip64ExtraID)
			extra = le.AppendUint16(extra, 24)
			extra = le.AppendUint64(extra, r.usize)
			extra = le.AppendUint64(extra, r.csize)
			extra = le.AppendUint64(extra, r.off)
		}
		b.WriteString(sigCentral)
		for _, v := range []uint16{0x031e, 45, flags, h.method, 0, 0x5b75} {
			binary.Write(&b, le, v)
		}
		for _, v := range []uint32{r.crc, cs, us} {
			binary.Write(&b, le, v)
		}
		for _, v := range []uint16{uint16(len(r.name)), uint16(len(extra)), 0, 0, 0} {
			binary.Write(&b, le, v)
		}
		binary.Write(&b, le, uint32(0o100644<<16))
		binary.Write(&b, le, off)
		b.WriteString(r.name)
		b.Write(extra)
	}
	cdSize := uint64(b.Len()) - cdOff
	count16, size32, off32 := uint16(len(recs)), uint32(cdSize), uint32(cdOff)
	if h.zip64 {
		end64 := uint64(b.Len())
		b.WriteString(sigEnd64)
		binary.Write(&b, le, uint64(44))
		binary.Write(&b, le, uint16(45))
		binary.Write(&b, le, uint16(45))
		binary.Write(&b, le, uint32(0))
		binary.Write(&b, le, uint32(0))
		for _, v := range []uint64{uint64(len(recs)), uint64(len(recs)), cdSize, cdOff} {
			binary.Write(&b, le, v)
		}
		b.WriteString(sigLocator64)
		binary.Write(&b, le, uint32(0))
		binary.Write(&b, le, end64)
		binary.Write(&b, le, uint32(1))
		count16, size32, off32 = 0xffff, 0xffffffff, 0xffffffff
	}
	b.WriteString(sigEnd)
	for _, v := range []uint16{0, 0, count16, count16} {
		binary.Write(&b, le, v)
	}
	binary.Write(&b, le, size32)
	binary.Write(&b, le, off32)
	binary.Write(&b, le, uint16(len(h.comment)))
	b.WriteString(h.comment)
	return b.Bytes()
}

// readBoth reads data as a stream and through the central directory.
func readBoth(t *testing.T, data []byte) (stream, seek got, serr, kerr error) {
	t.Helper()
	for i, src := range []any{hideReader{bytes.NewReader(data)}, bytes.NewReader(data)} {
		var g got
		in, err := Open(context.Background(), "-", Options{Stdin: src.(interface{ Read([]byte) (int, error) })})
		if err == nil {
			g, err = readAll(in, 1<<16)
			in.Close()
		}
		if i == 0 {
			stream, serr = g, err
		} else {
			seek, kerr = g, err
		}
	}
	return
}

func TestHandZip(t *testing.T) {
	ms := testMembers(2)
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		for _, h := range []handZip{
			{desc: 0}, {desc: 1}, {desc: 2}, {desc: 1, wide: true}, {desc: 2, wide: true},
			{zip64: true}, {zip64: true, desc: 1, wide: true}, {desc: 0, comment: "crates.io dump"},
		} {
			h.method = method
			if method == zip.Store && h.desc == 2 {
				continue // stored data needs the descriptor's signature to be found
			}
			name := fmt.Sprintf("method%d/%s", method, fmtHand(h))
			t.Run(name, func(t *testing.T) {
				data := h.build(t, ms)
				stream, seek, serr, kerr := readBoth(t, data)
				must(t, serr)
				must(t, kerr)
				checkGot(t, stream, ms)
				checkGot(t, seek, ms)
			})
		}
	}
}

func fmtHand(h handZip) string {
	s := "desc" + string(rune('0'+h.desc))
	if h.wide {
		s += "-wide"
	}
	if h.zip64 {
		s += "-zip64"
	}
	if h.comment != "" {
		s += "-comment"
	}
	return s
}

// TestZipStreamErrors checks what only the streaming reader can see.
func TestZipStreamErrors(t *testing.T) {
	ms := testMembers(1)
	crates := ms[7].data
	known := buildZip(t, ms, zipOpts{method: zip.Deflate})
	dd := buildZip(t, ms, zipOpts{method: zip.Deflate, descriptor: true})
	storedDD := buildZip(t, ms, zipOpts{method: zip.Store, descriptor: true})
	nosig := handZip{method: zip.Deflate, desc: 2}.build(t, ms)
	renamed := bytes.Clone(known)
	renamed[cdRecord(t, renamed, "data/crates.csv")+46] = 'D'
	descCRC := func(z []byte, name string) int {
		// The descriptor follows the member's data: find it by its signature.
		i := localRecord(t, z, name)
		return i + bytes.Index(z[i:], []byte(sigDescriptor)) + 4
	}
	for _, c := range []struct {
		name   string
		data   []byte
		want   error
		member string
	}{
		{"local header CRC", flip(known, localRecord(t, known, "data/crates.csv")+14), ErrChecksum, "data/crates.csv"},
		{"local header size", flip(known, localRecord(t, known, "data/crates.csv")+22), ErrChecksum, "data/crates.csv"},
		{"local header compressed size", flip(known, localRecord(t, known, "data/crates.csv")+18), ErrCorrupt, "data/crates.csv"},
		{"descriptor CRC", flip(dd, descCRC(dd, "data/crates.csv")), ErrChecksum, "data/crates.csv"},
		{"stored descriptor CRC", flip(storedDD, descCRC(storedDD, "data/crates.csv")), ErrChecksum, "data/crates.csv"},
		{"stored data with descriptor", flip(storedDD, bytes.Index(storedDD, crates)+10), ErrChecksum, "data/crates.csv"},
		{"descriptor without signature, CRC", flip(nosig, localRecord(t, nosig, "data/keywords.csv")-12), ErrChecksum, "data/crates.csv"},
		{"central directory names another member", renamed, ErrCorrupt, ""},
		{"data after the end", append(bytes.Clone(known), 0), ErrCorrupt, ""},
		{"zip64 central offset off in its top byte", func() []byte {
			// The zip64 extra field holds the sizes and then the local header's offset: make the offset's top
			// byte 4, which only a reader looking at all 64 bits sees (FuzzOpen found one that did not).
			b := handZip{method: zip.Store, zip64: true}.build(t, ms)
			const name = "data/crates.csv"
			extra := cdRecord(t, b, name) + 46 + len(name)
			if le16(b[extra:]) != 1 || le16(b[extra+2:]) != 24 {
				t.Fatalf("central record of %s: extra field % x, want a zip64 one with three 8-byte fields", name, b[extra:extra+4])
			}
			b[extra+4+16+7] = 4
			return b
		}(), ErrCorrupt, ""},
		{"local header method", func() []byte {
			b := bytes.Clone(dd)
			b[localRecord(t, b, "data/crates.csv")+8] = 99
			return b
		}(), nil, "data/crates.csv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, err := Open(context.Background(), "-", Options{Stdin: hideReader{bytes.NewReader(c.data)}})
			must(t, err)
			_, err = readAll(in, 1<<16)
			in.Close()
			if err == nil {
				t.Fatal("no error")
			}
			var e *Error
			if c.want == nil {
				if !errors.As(err, &e) || !errors.Is(err, errors.ErrUnsupported) {
					t.Fatalf("err = %v, want errors.ErrUnsupported", err)
				}
			} else {
				e = checkBad(t, err, "-", c.want)
			}
			if e.Member != c.member {
				t.Errorf("Member = %q, want %q (err %q)", e.Member, c.member, err)
			}
		})
	}
}
