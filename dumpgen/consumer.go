package dumpgen

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"time"

	"github.com/klauspost/compress/flate"
)

// consumer receives the units in order and writes every output.
type consumer struct {
	w         *world
	es        []*entry
	nextEntry int

	csv, csvGz, tarGz, zipOut *countWriter
	csvBuf, csvGzBuf, tarBuf  *bufio.Writer
	zw                        *zip.Writer
	headFW                    *flate.Writer

	// the entry in progress
	comp     [][]byte
	compSize int64
	rawSize  int64
	crc      uint32

	tarCRC  uint32
	tarSize int64
	pad     int64 // zero bytes owed after the previous tar member

	rows       map[string]int64
	crates     ReadmeStats
	cratesSize int64
	cratesEnd  int64
	members    []string
	dataBytes  map[string]int64
}

func newConsumer(w *world, s sinks, es []*entry) *consumer {
	c := &consumer{w: w, es: es, rows: map[string]int64{}, dataBytes: map[string]int64{}}
	wrap := func(x io.Writer, name Form) (*countWriter, *bufio.Writer) {
		if x == nil {
			return nil, nil
		}
		cw := &countWriter{w: x, name: name}
		return cw, bufio.NewWriterSize(cw, 1<<20)
	}
	c.csv, c.csvBuf = wrap(s.csv, FormCratesCSV)
	c.csvGz, c.csvGzBuf = wrap(s.csvGz, FormCratesCSVGz)
	c.tarGz, c.tarBuf = wrap(s.tarGz, FormTarGz)
	if s.zip != nil {
		c.zipOut = &countWriter{w: s.zip, name: FormZip}
		c.zw = zip.NewWriter(c.zipOut)
	}
	c.headFW, _ = flate.NewWriter(nil, levelHead)
	return c
}

// written returns how many bytes of db-dump.tar.gz have been produced.
func (c *consumer) tarWritten() int64 { return c.tarGz.n + int64(c.tarBuf.Buffered()) }

// unit handles unit ui of entry e.
func (c *consumer) unit(e *entry, ui int, r unitResult) error {
	if ui == 0 {
		if err := c.startEntry(e); err != nil {
			return err
		}
	}
	c.comp = append(c.comp, r.comp)
	c.compSize += int64(len(r.comp))
	c.rawSize += int64(len(r.raw))
	c.crc = crc32.Update(c.crc, crc32.IEEETable, r.raw)
	if e.table != "" {
		c.rows[e.table] += r.rows
	}
	if r.st != nil {
		c.crates.add(r.st)
	}
	if e.table == "crates" {
		if c.csvBuf != nil {
			if _, err := c.csvBuf.Write(r.raw); err != nil {
				return err
			}
		}
		if c.csvGzBuf != nil {
			if _, err := c.csvGzBuf.Write(r.comp); err != nil {
				return err
			}
		}
	}
	if ui == len(e.units)-1 {
		return c.endEntry(e)
	}
	return nil
}

// startEntry writes the directory entries that come before e, and the
// gzip header of crates.csv.gz when e is crates.csv.
func (c *consumer) startEntry(e *entry) error {
	if c.nextEntry == 0 && c.tarBuf != nil {
		if _, err := c.tarBuf.Write(gzipHeader); err != nil {
			return err
		}
		top := topName(c.w.opts.Timestamp)
		if err := c.tarMember(&tar.Header{Typeflag: tar.TypeDir, Name: top, Mode: 0o755}, 0); err != nil {
			return err
		}
	}
	for c.es[c.nextEntry] != e {
		if c.es[c.nextEntry].dir {
			if err := c.dirEntry(c.es[c.nextEntry]); err != nil {
				return err
			}
		}
		c.nextEntry++
	}
	c.comp, c.compSize, c.rawSize, c.crc = c.comp[:0], 0, 0, 0
	if e.table == "crates" && c.csvGzBuf != nil {
		if _, err := c.csvGzBuf.Write(gzipHeader); err != nil {
			return err
		}
	}
	return nil
}

// tarMember writes (compressed) the padding owed and the header of a member
// of the given size.
func (c *consumer) tarMember(h *tar.Header, size int64) error {
	h.Size = size
	h.Format = tar.FormatGNU
	h.ModTime = c.w.opts.Timestamp.Truncate(1e9)
	h.Uid, h.Gid = 1000, 1000
	if h.Mode == 0 {
		h.Mode = 0o644
	}
	var raw rawBuf
	raw.b = make([]byte, c.pad, c.pad+1024)
	tw := tar.NewWriter(&raw)
	if err := tw.WriteHeader(h); err != nil {
		return fmt.Errorf("dumpgen: tar header %s: %w", h.Name, err)
	}
	c.members = append(c.members, h.Name)
	return c.tarRaw(raw.b)
}

type rawBuf struct{ b []byte }

func (r *rawBuf) Write(p []byte) (int, error) { r.b = append(r.b, p...); return len(p), nil }

// tarRaw compresses and writes raw tar bytes produced by the consumer itself.
func (c *consumer) tarRaw(raw []byte) error {
	comp, err := deflateUnit(c.headFW, raw)
	if err != nil {
		return err
	}
	c.tarCRC = crc32.Update(c.tarCRC, crc32.IEEETable, raw)
	c.tarSize += int64(len(raw))
	c.pad = 0
	_, err = c.tarBuf.Write(comp)
	return err
}

func (c *consumer) dirEntry(e *entry) error {
	if c.tarBuf != nil {
		name := topName(c.w.opts.Timestamp) + "/" + e.name
		if err := c.tarMember(&tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755}, 0); err != nil {
			return err
		}
	}
	if c.zw != nil {
		fh := &zip.FileHeader{Name: e.name + "/", Method: zip.Store, Modified: e.mtime}
		fh.SetMode(0o755 | 1<<31) // os.ModeDir
		if _, err := c.zw.CreateHeader(fh); err != nil {
			return fmt.Errorf("dumpgen: zip %s: %w", e.name, err)
		}
	}
	return nil
}

// endEntry writes the finished entry to the tar.gz and the zip.
func (c *consumer) endEntry(e *entry) error {
	c.nextEntry++
	if e.table != "" {
		c.dataBytes[e.table] = c.rawSize
	}
	if e.table == "crates" {
		c.cratesSize = c.rawSize
		if c.csvGzBuf != nil {
			var tr [8]byte
			binary.LittleEndian.PutUint32(tr[:4], c.crc)
			binary.LittleEndian.PutUint32(tr[4:], uint32(c.rawSize))
			if _, err := c.csvGzBuf.Write(append(append([]byte(nil), finalBlock...), tr[:]...)); err != nil {
				return err
			}
		}
	}
	if c.tarBuf != nil {
		name := topName(c.w.opts.Timestamp) + "/" + e.name
		if err := c.tarMember(&tar.Header{Typeflag: tar.TypeReg, Name: name}, c.rawSize); err != nil {
			return err
		}
		for _, b := range c.comp {
			if _, err := c.tarBuf.Write(b); err != nil {
				return err
			}
		}
		if e.table == "crates" {
			c.cratesEnd = c.tarWritten()
		}
		c.tarCRC = crc32Combine(c.tarCRC, c.crc, c.rawSize)
		c.tarSize += c.rawSize
		c.pad = (512 - c.rawSize%512) % 512
	}
	if c.zw != nil {
		fh := &zip.FileHeader{
			Name: e.name, Method: zip.Deflate, Modified: e.mtime,
			CRC32: c.crc, CompressedSize64: uint64(c.compSize) + uint64(len(finalBlock)),
			UncompressedSize64: uint64(c.rawSize),
		}
		fh.SetMode(0o644)
		fh.ModifiedDate, fh.ModifiedTime = msdosTime(e.mtime)
		zwr, err := c.zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("dumpgen: zip %s: %w", e.name, err)
		}
		for _, b := range c.comp {
			if _, err := zwr.Write(b); err != nil {
				return err
			}
		}
		if _, err := zwr.Write(finalBlock); err != nil {
			return err
		}
	}
	for i := range c.comp {
		c.comp[i] = nil
	}
	return nil
}

// finish writes the remaining directory entries and every trailer.
func (c *consumer) finish() error {
	for ; c.nextEntry < len(c.es); c.nextEntry++ {
		if c.es[c.nextEntry].dir {
			if err := c.dirEntry(c.es[c.nextEntry]); err != nil {
				return err
			}
		}
	}
	if c.tarBuf != nil {
		raw := make([]byte, c.pad+1024) // padding, then two zero blocks end the archive
		if err := c.tarRaw(raw); err != nil {
			return err
		}
		var tr [8]byte
		binary.LittleEndian.PutUint32(tr[:4], c.tarCRC)
		binary.LittleEndian.PutUint32(tr[4:], uint32(c.tarSize))
		if _, err := c.tarBuf.Write(append(append([]byte(nil), finalBlock...), tr[:]...)); err != nil {
			return err
		}
	}
	if c.zw != nil {
		if err := c.zw.Close(); err != nil {
			return fmt.Errorf("dumpgen: closing db-dump.zip: %w", err)
		}
	}
	for _, b := range []*bufio.Writer{c.csvBuf, c.csvGzBuf, c.tarBuf} {
		if b != nil {
			if err := b.Flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *consumer) sizes() map[Form]int64 {
	m := map[Form]int64{}
	for f, cw := range map[Form]*countWriter{FormCratesCSV: c.csv, FormCratesCSVGz: c.csvGz, FormTarGz: c.tarGz, FormZip: c.zipOut} {
		if cw != nil {
			m[f] = cw.n
		}
	}
	return m
}

// msdosTime encodes t (UTC) as MS-DOS date and time, as zip headers hold
// them. CreateRaw, unlike CreateHeader, does not fill them from Modified.
func msdosTime(t time.Time) (date, tm uint16) {
	t = t.UTC()
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}
