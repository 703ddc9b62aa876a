package ingest

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// The benchmarks read real text: Go's own sources (the standard library,
// without cmd, testdata and vendor), which compress about as well as
// crates.csv's READMEs (4-5x with gzip -6). Without GOROOT they fall back to
// the synthetic text of the tests, which compresses better.

var benchSizes = []int{1 << 20, 16 << 20}

var (
	corpusOnce sync.Once
	corpus     []byte
)

// benchText returns n bytes of source text.
func benchText(n int) []byte {
	corpusOnce.Do(func() {
		var b bytes.Buffer
		want := benchSizes[len(benchSizes)-1]
		filepath.WalkDir(filepath.Join(runtime.GOROOT(), "src"), func(p string, d fs.DirEntry, err error) error {
			if b.Len() >= want {
				return filepath.SkipAll
			}
			if err == nil && d.IsDir() && (d.Name() == "cmd" || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir // generated code that compresses unusually well
			}
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
				if data, err := os.ReadFile(p); err == nil {
					b.Write(data)
				}
			}
			return nil
		})
		corpus = b.Bytes()
	})
	if len(corpus) >= n {
		return corpus[:n]
	}
	return text(3, n)
}

// benchInputs caches the compressed inputs per size.
var benchInputs sync.Map

type benchInput struct {
	raw, gz, zst, targz, zipDeflate []byte
}

func getBenchInput(b *testing.B, n int) *benchInput {
	if v, ok := benchInputs.Load(n); ok {
		return v.(*benchInput)
	}
	raw := benchText(n)
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	must(b, tw.WriteHeader(&tar.Header{Name: testTop + "/data/crates.csv", Mode: 0o644, Size: int64(len(raw))}))
	_, err := tw.Write(raw)
	must(b, err)
	must(b, tw.Close())
	bi := &benchInput{
		raw:        raw,
		gz:         gzipBytes(b, raw, stdgzip.DefaultCompression),
		zst:        zstdBytes(b, raw),
		targz:      gzipBytes(b, tb.Bytes(), stdgzip.DefaultCompression),
		zipDeflate: buildZip(b, []member{{"data/crates.csv", raw}}, zipOpts{method: zip.Deflate}),
	}
	benchInputs.Store(n, bi)
	return bi
}

// chunk is the size of the pipeline's read buffers.
const chunk = 1 << 20

// drain reads r into a chunk-sized buffer until EOF and returns the count.
func drain(b *testing.B, r io.Reader, buf []byte) int {
	total := 0
	for {
		n, err := io.ReadFull(r, buf)
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return total
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// readInput opens data as a non-seekable stream (or seekable), reads its
// first entry and returns the byte count.
func readInput(b *testing.B, data []byte, seekable bool, backend string, buf []byte) int {
	var src io.Reader = bytes.NewReader(data)
	if !seekable {
		src = hideReader{src}
	}
	in, err := Open(context.Background(), "-", Options{Stdin: src, Inflate: backend})
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	e, err := in.Next()
	if err != nil {
		b.Fatal(err)
	}
	return drain(b, e, buf)
}

func benchRun(b *testing.B, raw, compressed []byte, read func(buf []byte) int) {
	buf := make([]byte, chunk)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if n := read(buf); n != len(raw) {
			b.Fatalf("read %d bytes, want %d", n, len(raw))
		}
	}
	b.ReportMetric(float64(len(raw))/float64(len(compressed)), "ratio")
}

// BenchmarkGzip compares bare klauspost gzip (over the same 1 MiB bufio.Reader)
// with the same stream read through an Input, for both backends.
func BenchmarkGzip(b *testing.B) {
	for _, n := range benchSizes {
		bi := getBenchInput(b, n)
		size := strconv.Itoa(n>>20) + "MiB"
		b.Run("bare-klauspost/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.gz, func(buf []byte) int {
				zr, err := kgzip.NewReader(bufio.NewReaderSize(bytes.NewReader(bi.gz), bufSize))
				must(b, err)
				return drain(b, zr, buf)
			})
		})
		b.Run("input-klauspost/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.gz, func(buf []byte) int { return readInput(b, bi.gz, false, "klauspost", buf) })
		})
		b.Run("bare-stdlib/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.gz, func(buf []byte) int {
				zr, err := stdgzip.NewReader(bufio.NewReaderSize(bytes.NewReader(bi.gz), bufSize))
				must(b, err)
				return drain(b, zr, buf)
			})
		})
		b.Run("input-stdlib/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.gz, func(buf []byte) int { return readInput(b, bi.gz, false, "stdlib", buf) })
		})
		// Every registered backend (isal too, with -tags isal), bare over
		// the same bufio.Reader and through an Input.
		for _, name := range Backends() {
			backend, err := lookupBackend(name)
			must(b, err)
			b.Run("backend-"+name+"/"+size, func(b *testing.B) {
				benchRun(b, bi.raw, bi.gz, func(buf []byte) int {
					zr, err := backend.NewGzip(bufio.NewReaderSize(bytes.NewReader(bi.gz), bufSize))
					must(b, err)
					defer zr.Close()
					return drain(b, zr, buf)
				})
			})
			if name != "klauspost" && name != "stdlib" {
				b.Run("input-"+name+"/"+size, func(b *testing.B) {
					benchRun(b, bi.raw, bi.gz, func(buf []byte) int { return readInput(b, bi.gz, false, name, buf) })
				})
			}
		}
	}
}

// BenchmarkTarGzip reads one tar member through gzip: bare klauspost plus
// archive/tar against an Input.
func BenchmarkTarGzip(b *testing.B) {
	for _, n := range benchSizes {
		bi := getBenchInput(b, n)
		size := strconv.Itoa(n>>20) + "MiB"
		b.Run("bare/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.targz, func(buf []byte) int {
				zr, err := kgzip.NewReader(bufio.NewReaderSize(bytes.NewReader(bi.targz), bufSize))
				must(b, err)
				tr := tar.NewReader(zr)
				_, err = tr.Next()
				must(b, err)
				return drain(b, tr, buf)
			})
		})
		b.Run("input/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.targz, func(buf []byte) int { return readInput(b, bi.targz, false, "", buf) })
		})
	}
}

// BenchmarkZip reads one deflate member: archive/zip's own reader (with
// klauspost's flate registered) against an Input through the central
// directory and as a stream.
func BenchmarkZip(b *testing.B) {
	for _, n := range benchSizes {
		bi := getBenchInput(b, n)
		size := strconv.Itoa(n>>20) + "MiB"
		b.Run("archive-zip/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.zipDeflate, func(buf []byte) int {
				zr, err := zip.NewReader(bytes.NewReader(bi.zipDeflate), int64(len(bi.zipDeflate)))
				must(b, err)
				zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser {
					rc, _ := klauspostBackend{}.NewDeflate(bufio.NewReaderSize(r, bufSize))
					return rc
				})
				rc, err := zr.File[1].Open() // File[0] is "data/"
				must(b, err)
				defer rc.Close()
				return drain(b, rc, buf)
			})
		})
		b.Run("input-seekable/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.zipDeflate, func(buf []byte) int { return readInput(b, bi.zipDeflate, true, "", buf) })
		})
		b.Run("input-stream/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.zipDeflate, func(buf []byte) int { return readInput(b, bi.zipDeflate, false, "", buf) })
		})
	}
}

// BenchmarkZstd compares a bare single-goroutine zstd decoder with an Input.
func BenchmarkZstd(b *testing.B) {
	for _, n := range benchSizes {
		bi := getBenchInput(b, n)
		size := strconv.Itoa(n>>20) + "MiB"
		b.Run("bare/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.zst, func(buf []byte) int {
				d, err := zstd.NewReader(bufio.NewReaderSize(bytes.NewReader(bi.zst), bufSize), zstd.WithDecoderConcurrency(1))
				must(b, err)
				defer d.Close()
				return drain(b, d, buf)
			})
		})
		b.Run("input/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.zst, func(buf []byte) int { return readInput(b, bi.zst, false, "", buf) })
		})
	}
}

// BenchmarkCSV reads plain text through an Input: the cost of the wrapper
// when there is nothing to decompress.
func BenchmarkCSV(b *testing.B) {
	for _, n := range benchSizes {
		bi := getBenchInput(b, n)
		size := strconv.Itoa(n>>20) + "MiB"
		b.Run("input/"+size, func(b *testing.B) {
			benchRun(b, bi.raw, bi.raw, func(buf []byte) int { return readInput(b, bi.raw, false, "", buf) })
		})
	}
}

// BenchmarkInflateFile inflates the gzip file named by $INGEST_BENCH_FILE
// (skipped without it) with each backend, over a 1 MiB bufio.Reader into
// 1 MiB reads, as the pipeline reads: the bare inflate speed on real data,
// such as the generated dump's crates.csv.gz. A file cut short (a prefix of
// db-dump.tar.gz) is read up to where it ends; the figure is MB/s of output.
func BenchmarkInflateFile(b *testing.B) {
	path := os.Getenv("INGEST_BENCH_FILE")
	if path == "" {
		b.Skip("set INGEST_BENCH_FILE to a gzip file")
	}
	gz, err := os.ReadFile(path)
	must(b, err)
	inflate := func(backend Backend, buf []byte) int64 {
		zr, err := backend.NewGzip(bufio.NewReaderSize(bytes.NewReader(gz), bufSize))
		must(b, err)
		defer zr.Close()
		var total int64
		for {
			n, err := io.ReadFull(zr, buf)
			total += int64(n)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return total
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, name := range Backends() {
		backend, err := lookupBackend(name)
		must(b, err)
		b.Run(name, func(b *testing.B) {
			buf := make([]byte, chunk)
			size := inflate(backend, buf)
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if n := inflate(backend, buf); n != size {
					b.Fatalf("inflated %d bytes, then %d", size, n)
				}
			}
		})
	}
}
