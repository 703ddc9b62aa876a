package dumpgen

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// dump is every form of one generated dump, in memory.
type dump struct {
	exp                 Expected
	csv, csvGz, tar, zp []byte
}

func genAll(t testing.TB, o Options) *dump {
	t.Helper()
	var d dump
	var a, b, c, e bytes.Buffer
	exp, err := WriteForms(o, map[Form]io.Writer{FormCratesCSV: &a, FormCratesCSVGz: &b, FormTarGz: &c, FormZip: &e})
	if err != nil {
		t.Fatal(err)
	}
	d.exp, d.csv, d.csvGz, d.tar, d.zp = exp, a.Bytes(), b.Bytes(), c.Bytes(), e.Bytes()
	return &d
}

var (
	cacheMu sync.Mutex
	cache   = map[Options]*dump{}
)

// cached returns the dump for o, generating it once per test binary.
func cached(t testing.TB, o Options) *dump {
	t.Helper()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if d, ok := cache[o]; ok {
		return d
	}
	d := genAll(t, o)
	cache[o] = d
	return d
}

var small = Options{Seed: 7, Scale: 0.003}

// member is one archive member.
type member struct {
	name string
	dir  bool
	data []byte
}

// gunzipOne decodes b, which must be exactly one gzip member (header,
// one deflate stream, trailer, nothing after), with the standard library's
// decoder, independent of the klauspost encoder that wrote it.
func gunzipOne(t testing.TB, b []byte) []byte {
	t.Helper()
	if len(b) < 18 || b[0] != 0x1f || b[1] != 0x8b || b[2] != 8 || b[3] != 0 {
		t.Fatalf("not a plain gzip header: % x", b[:min(len(b), 10)])
	}
	br := bytes.NewReader(b[10:])
	raw, err := io.ReadAll(flate.NewReader(br)) // a ByteReader: no read-ahead
	if err != nil {
		t.Fatal(err)
	}
	if br.Len() != 8 {
		t.Fatalf("%d bytes after the deflate stream, want the 8-byte trailer only", br.Len())
	}
	tr := b[len(b)-8:]
	if got, want := binary.LittleEndian.Uint32(tr), crc32.ChecksumIEEE(raw); got != want {
		t.Fatalf("gzip CRC %08x, want %08x", got, want)
	}
	if got := binary.LittleEndian.Uint32(tr[4:]); got != uint32(len(raw)) {
		t.Fatalf("gzip ISIZE %d, want %d", got, uint32(len(raw)))
	}
	// The klauspost reader agrees.
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	raw2, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(raw, raw2) {
		t.Fatalf("klauspost gzip disagrees: %v", err)
	}
	return raw
}

// readTarGz decompresses a tar.gz (exactly one gzip member) and lists it.
func readTarGz(t testing.TB, b []byte) []member {
	t.Helper()
	raw := gunzipOne(t, b)
	tr := tar.NewReader(bytes.NewReader(raw))
	var out []member
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, member{name: h.Name, dir: h.Typeflag == tar.TypeDir, data: data})
	}
	return out
}

func readZip(t testing.TB, b []byte) []member {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []member
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			out = append(out, member{name: f.Name, dir: true})
			continue
		}
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want deflate", f.Name, f.Method)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc) // checks the CRC-32
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, member{name: f.Name, data: data})
	}
	return out
}

func flateReader(b []byte) io.Reader { return flate.NewReader(bytes.NewReader(b)) }

func flateReader2(r io.Reader) io.Reader { return flate.NewReader(r) }
