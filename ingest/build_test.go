package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	stdflate "compress/flate"
	stdgzip "compress/gzip"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// This file builds small dumps in memory, shaped like crates.io's.

const testTop = "2026-11-21-020013"

// member is one file of a test dump.
type member struct {
	path string // without the top folder
	data []byte
}

// words feeds the text generator: README-like prose with digits, quotes,
// commas, CRLF and non-ASCII text.
var words = strings.Fields(`the crate is a blazing blazingly fast parser for 42 formats with "quotes", commas,
	and unicode: Grüße 東京 ١٢٣ émoji 🦀 version 1.2.3 MIT OR Apache-2.0 serde tokio async await
	README install cargo add usage example docs license contributing benchmark 0.5x 10_000`)

// text returns n bytes of deterministic pseudo-random text.
func text(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		switch r.IntN(12) {
		case 0:
			b.WriteString("\r\n")
		case 1:
			b.WriteString("\n")
		default:
			b.WriteByte(' ')
		}
	}
	return b.Bytes()[:n:n]
}

// cratesCSV returns a crates.csv with rows rows, quoted the PostgreSQL way.
func cratesCSV(seed uint64, rows int) []byte {
	var b bytes.Buffer
	b.WriteString("created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at\n")
	for i := range rows {
		readme := strings.ReplaceAll(string(text(seed+uint64(i), 50+i*37%400)), `"`, `""`)
		fmt.Fprintf(&b, "2017-01-17 19:13:05.112025+00,desc %d,,,%d,,,crate%d,\"%s\",,f,2026-01-01 00:00:00+00\n",
			i, i+1, i, readme)
	}
	return b.Bytes()
}

// testMembers returns the files of a small dump in crates.io's order.
func testMembers(scale int) []member {
	return []member{
		{"README.md", []byte("# crates.io database dump\n")},
		{"export.sql", []byte("BEGIN;\n\\copy crates TO 'data/crates.csv' WITH CSV HEADER\nCOMMIT;\n")},
		{"import.sql", []byte("BEGIN;\nCOMMIT;\n")},
		{"metadata.json", []byte("{\n  \"timestamp\": \"2026-11-21T02:00:13.123456789Z\",\n  \"crates_io_commit\": \"0123456789abcdef0123456789abcdef01234567\"\n}")},
		{"schema.sql", []byte("CREATE TABLE crates ();\n")},
		{"data/categories.csv", []byte("category,crates_cnt,created_at,description,id,path,slug\n")},
		{"data/crate_downloads.csv", []byte("crate_id,downloads\n1,42\n2,7\n")},
		{"data/crates.csv", cratesCSV(1, 3*scale)},
		{"data/keywords.csv", []byte("crates_cnt,created_at,id,keyword\n")},
		{"data/versions.csv", text(99, 200*scale)},
	}
}

// buildTar writes members under top (no top folder if top is ""), with the
// directory entries crates.io writes.
func buildTar(t testing.TB, top string, ms []member) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	mt := time.Date(2026, 11, 21, 2, 0, 13, 0, time.UTC)
	prefix := ""
	if top != "" {
		prefix = top + "/"
		must(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: top, Mode: 0o755, ModTime: mt}))
	}
	dataDone := false
	for _, m := range ms {
		if strings.HasPrefix(m.path, "data/") && !dataDone {
			must(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: prefix + "data", Mode: 0o755, ModTime: mt}))
			dataDone = true
		}
		must(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: prefix + m.path, Mode: 0o644,
			Size: int64(len(m.data)), ModTime: mt, Format: tar.FormatGNU}))
		_, err := tw.Write(m.data)
		must(t, err)
	}
	must(t, tw.Close())
	return b.Bytes()
}

func gzipBytes(t testing.TB, b []byte, level int) []byte {
	t.Helper()
	var out bytes.Buffer
	zw, err := stdgzip.NewWriterLevel(&out, level)
	must(t, err)
	_, err = zw.Write(b)
	must(t, err)
	must(t, zw.Close())
	return out.Bytes()
}

func zstdBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderCRC(true))
	must(t, err)
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

func deflateBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	fw, err := stdflate.NewWriter(&out, stdflate.DefaultCompression)
	must(t, err)
	_, err = fw.Write(b)
	must(t, err)
	must(t, fw.Close())
	return out.Bytes()
}

// zipOpts says how buildZip stores members.
type zipOpts struct {
	method     uint16 // zip.Store or zip.Deflate
	descriptor bool   // data descriptors (sizes after the data) vs sizes in the local header
}

// buildZip writes members the way db-dump.zip holds them: no top folder, a
// "data/" directory entry before the CSV files.
func buildZip(t testing.TB, ms []member, o zipOpts) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	mt := time.Date(2026, 11, 21, 2, 0, 13, 0, time.UTC)
	dataDone := false
	for _, m := range ms {
		if strings.HasPrefix(m.path, "data/") && !dataDone {
			_, err := zw.CreateHeader(&zip.FileHeader{Name: "data/", Method: zip.Store, Modified: mt})
			must(t, err)
			dataDone = true
		}
		h := &zip.FileHeader{Name: m.path, Method: o.method, Modified: mt}
		if o.descriptor {
			// zip.Writer.CreateHeader always writes a data descriptor.
			w, err := zw.CreateHeader(h)
			must(t, err)
			_, err = w.Write(m.data)
			must(t, err)
			continue
		}
		raw := m.data
		if o.method == zip.Deflate {
			raw = deflateBytes(t, m.data)
		}
		h.CRC32 = crc32.ChecksumIEEE(m.data)
		h.CompressedSize64 = uint64(len(raw))
		h.UncompressedSize64 = uint64(len(m.data))
		w, err := zw.CreateRaw(h)
		must(t, err)
		_, err = w.Write(raw)
		must(t, err)
	}
	must(t, zw.Close())
	return b.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// readTable reads in's members up to the one holding table and returns that member's bytes.
func readTable(t testing.TB, in *Input, table string) []byte {
	t.Helper()
	for {
		e, err := in.Next()
		must(t, err)
		if name, _ := TableName(e.Path); name == table {
			b, err := io.ReadAll(e)
			must(t, err)
			return b
		}
	}
}

// got is what reading an input produced.
type got struct {
	paths []string
	data  map[string][]byte
	sizes map[string]int64
}

// readAll reads every entry of in. chunk > 0 reads with io.ReadFull into
// buffers of that size; chunk == 1 reads one byte at a time.
func readAll(in *Input, chunk int) (got, error) {
	g := got{data: map[string][]byte{}, sizes: map[string]int64{}}
	buf := make([]byte, max(chunk, 1))
	for {
		e, err := in.Next()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return g, err
		}
		g.paths = append(g.paths, e.Path)
		g.sizes[e.Path] = e.Size
		var data []byte
		for {
			n, err := e.Read(buf)
			data = append(data, buf[:n]...)
			g.data[e.Path] = data
			if err == io.EOF {
				break
			}
			if err != nil {
				return g, err
			}
		}
	}
}

// hideReader hides every method but Read, so a reader cannot be seeked.
type hideReader struct{ r io.Reader }

func (h hideReader) Read(p []byte) (int, error) { return h.r.Read(p) }
