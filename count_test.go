package blaze

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/columnar"
	"github.com/blazetools/blaze/dumpgen"
	"github.com/blazetools/blaze/ingest"
	"github.com/blazetools/blaze/scan"
)

// genDump writes a small generated dump in every form into a temporary folder.
func genDump(t testing.TB, seed uint64, scale float64) (string, dumpgen.Expected) {
	t.Helper()
	dir := t.TempDir()
	exp, err := dumpgen.Generate(dir, dumpgen.Options{Seed: seed, Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	return dir, exp
}

func checkCounts(t *testing.T, what string, res *CountResult, exp dumpgen.Expected) {
	t.Helper()
	if res.Matched != exp.Matched || res.Total != exp.Total || res.Null != exp.Null || res.Empty != exp.Empty {
		t.Errorf("%s: matched %d total %d null %d empty %d; want %d %d %d %d", what, res.Matched, res.Total, res.Null,
			res.Empty, exp.Matched, exp.Total, exp.Null, exp.Empty)
	}
	if got := fmt.Sprintf("%.2f%%", res.Percent); got != exp.PercentText {
		t.Errorf("%s: %s, want %s", what, got, exp.PercentText)
	}
}

// TestCountGeneratedDumps checks every input form against the generator's independent slow path, at several
// seeds, and that reading stops after crates.csv.
func TestCountGeneratedDumps(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		dir, exp := genDump(t, seed, 0.004)
		for _, form := range dumpgen.AllForms {
			path := filepath.Join(dir, string(form))
			res, err := Count(context.Background(), path, CountOptions{})
			if err != nil {
				t.Fatalf("seed %d %s: %v", seed, form, err)
			}
			checkCounts(t, fmt.Sprintf("seed %d %s", seed, form), res, exp)
			switch form {
			case dumpgen.FormTarGz, dumpgen.FormZip:
				if res.Metadata == nil || res.Metadata.Timestamp.Format("2006-01-02T15:04:05Z07:00") != "2026-11-21T02:00:13Z" {
					t.Errorf("seed %d %s: metadata %+v", seed, form, res.Metadata)
				}
			}
			if form == dumpgen.FormTarGz {
				// Reading stops after crates.csv: with read-ahead off, within the bufio buffer (1 MiB) of
				// where its data ends; with the default 3 MiB of read-ahead, within that much more.
				for _, ra := range []int{-1, 0} {
					r, err := Count(context.Background(), path, CountOptions{Options: Options{ReadAhead: ra}})
					if err != nil {
						t.Fatal(err)
					}
					slack := int64(1<<20 + 64<<10)
					if ra == 0 {
						slack += 4 << 20
					}
					if r.BytesRead > exp.CratesCSVEndOffset+slack || r.BytesRead < exp.CratesCSVEndOffset {
						t.Errorf("seed %d read-ahead %d: read %d of %d bytes; crates.csv ends at %d", seed, ra,
							r.BytesRead, res.Size, exp.CratesCSVEndOffset)
					}
				}
			}
		}
	}
}

// TestCountSameAnswerAnyConfig: workers, chunk sizes and one-byte reads never change the answer.
func TestCountSameAnswerAnyConfig(t *testing.T) {
	dir, exp := genDump(t, 4, 0.003)
	csvPath := filepath.Join(dir, "crates.csv")
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3, 8} {
		for _, chunk := range []int{1 << 10, 37 << 10, 1 << 20, 64 << 20} {
			for _, seq := range []bool{false, true} {
				res, err := Count(context.Background(), csvPath, CountOptions{Options: Options{Workers: workers, ChunkSize: chunk,
					SequentialRead: seq}})
				if err != nil {
					t.Fatal(err)
				}
				checkCounts(t, fmt.Sprintf("workers %d chunk %d sequential read %v", workers, chunk, seq), res, exp)
				if want := chunk < len(data)/2 && !seq; (res.Stats.Ranges > 0) != want {
					t.Errorf("workers %d chunk %d sequential read %v: %d ranges read by the workers", workers, chunk, seq,
						res.Stats.Ranges)
				}
			}
		}
	}
	res, err := Count(context.Background(), "-", CountOptions{Options: Options{Stdin: iotest.OneByteReader(bytes.NewReader(data)), ChunkSize: 4096}})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, "one-byte stdin", res, exp)
	// The inflate thread pinned (where the backend runs outside Go and two CPUs are allowed) or not.
	for _, form := range []dumpgen.Form{dumpgen.FormCratesCSVGz, dumpgen.FormTarGz} {
		for _, noPin := range []bool{false, true} {
			res, err := Count(context.Background(), filepath.Join(dir, string(form)), CountOptions{Options: Options{NoPin: noPin}})
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, fmt.Sprintf("%s no-pin %v (inflate %s, CPU %d)", form, noPin, res.Inflate, res.InflateCPU), res, exp)
			if noPin && res.InflateCPU != -1 {
				t.Errorf("%s: NoPin, but the inflate thread was pinned to CPU %d", form, res.InflateCPU)
			}
		}
	}
}

func TestCountStdinEveryForm(t *testing.T) {
	dir, exp := genDump(t, 5, 0.002)
	for _, form := range dumpgen.AllForms {
		data, err := os.ReadFile(filepath.Join(dir, string(form)))
		if err != nil {
			t.Fatal(err)
		}
		// io.MultiReader hides Seek and ReadAt: stdin as a pipe.
		res, err := Count(context.Background(), "-", CountOptions{Options: Options{Stdin: io.MultiReader(bytes.NewReader(data))}})
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		checkCounts(t, "stdin "+string(form), res, exp)
	}
}

// TestCountURL serves the dump over HTTP on the loopback and checks the answer and that the download stops
// early: the server must not send the whole tar.gz.
func TestCountURL(t *testing.T) {
	// Large enough that the kernel's socket buffers cannot hold what blaze does not read.
	dir, exp := genDump(t, 6, 0.03)
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Open(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, _ := f.Stat()
		w.Header().Set("Content-Length", fmt.Sprint(st.Size()))
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				if _, werr := w.Write(buf[:n]); werr != nil {
					return
				}
				sent.Add(int64(n))
			}
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	// A small, fixed receive buffer: Linux grows a loopback socket's up to tcp_rmem's maximum (32 MiB here),
	// which can hold the whole file, and then the server sends all of it however early blaze stops.
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(128 << 10)
		}
		return c, err
	}}}
	for _, form := range dumpgen.AllForms {
		sent.Store(0)
		res, err := Count(context.Background(), srv.URL+"/"+string(form), CountOptions{Options: Options{HTTPClient: client}})
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		checkCounts(t, "url "+string(form), res, exp)
		if form == dumpgen.FormTarGz {
			// The kernel's socket buffers absorb megabytes that blaze never reads, so the server gets ahead
			// of the reader; but it must never get to send the whole file, and blaze reads no further than the
			// end of crates.csv plus its buffers (1 MiB) and read-ahead (3 MiB, plus the slot being filled).
			srv.CloseClientConnections()
			size := exp.Files[form]
			t.Logf("tar.gz: the server sent %d of %d bytes; blaze read %d, crates.csv ends at %d", sent.Load(), size,
				res.BytesRead, exp.CratesCSVEndOffset)
			if s := sent.Load(); s >= size {
				t.Errorf("server sent all %d bytes: the download did not stop after crates.csv", size)
			}
			if res.BytesRead > exp.CratesCSVEndOffset+5<<20+64<<10 || res.BytesRead < exp.CratesCSVEndOffset {
				t.Errorf("read %d of %d bytes; crates.csv ends at %d", res.BytesRead, size, exp.CratesCSVEndOffset)
			}
		}
	}
	_, err := Count(context.Background(), srv.URL+"/missing.tar.gz", CountOptions{})
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing URL: %v", err)
	}
}

// TestCountNoLeaks runs with a checked allocator: every chunk buffer and Arrow array is released.
func TestCountNoLeaks(t *testing.T) {
	dir, _ := genDump(t, 7, 0.002)
	for _, form := range dumpgen.AllForms {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		_, err := Count(context.Background(), filepath.Join(dir, string(form)), CountOptions{Options: Options{Allocator: mem, ChunkSize: 8192}})
		if err != nil {
			t.Fatal(err)
		}
		mem.AssertSize(t, 0)
	}
}

// TestNoLeaksWhenStopped: chunks still queued on the scheduler when a run ends early (a bad record, or a
// Reader released after its first batch) are released too. The CSV is read in many small chunks, so several
// are queued when the run stops.
func TestNoLeaksWhenStopped(t *testing.T) {
	dir, _ := genDump(t, 9, 0.002)
	good, err := os.ReadFile(filepath.Join(dir, "crates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(good, []byte("\n"))
	header := lines[0]
	var bad bytes.Buffer
	bad.Write(header)
	bad.WriteString(strings.Repeat(strings.Repeat("x,", bytes.Count(header, []byte(","))-1)+"1,x\n", 200))
	bad.WriteString("1,2,3\n") // wrong field count on line 202
	for range 50 {
		bad.WriteString(strings.Repeat("x,", bytes.Count(header, []byte(","))-1) + "1,x\n")
	}
	bad.Write(bytes.Repeat(good[len(header):], 4)) // many chunks after the error
	badPath := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(badPath, bad.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 4} {
		for round := range 5 {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			opts := Options{Allocator: mem, ChunkSize: 4096, Workers: workers, MaxInFlight: 1 << 20}
			_, err := Count(context.Background(), badPath, CountOptions{Options: opts})
			if !errors.Is(err, columnar.ErrFieldCount) {
				t.Fatalf("workers %d: %v, want a field count error", workers, err)
			}
			mem.AssertSize(t, 0)

			mem = memory.NewCheckedAllocator(memory.NewGoAllocator())
			opts.Allocator = mem
			d, err := Open(context.Background(), filepath.Join(dir, "crates.csv"), opts)
			if err != nil {
				t.Fatal(err)
			}
			tbl, err := d.Next()
			if err != nil {
				t.Fatal(err)
			}
			r, err := tbl.Read(context.Background(), ReadOptions{Columns: []string{"id", "readme"}})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Next() {
				t.Fatal(r.Err())
			}
			if round%2 == 1 {
				time.Sleep(time.Millisecond) // let the queue fill up
			}
			r.Release()
			d.Close()
			mem.AssertSize(t, 0)
		}
	}
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestCountBadInput(t *testing.T) {
	dir, _ := genDump(t, 8, 0.002)
	tarGz, _ := os.ReadFile(filepath.Join(dir, "db-dump.tar.gz"))
	zipData, _ := os.ReadFile(filepath.Join(dir, "db-dump.zip"))
	header := "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at\n"
	row := `2017-01-17 19:13:05.112025+00,"d",,,1,,,n,"x1",,f,2017-01-17 19:13:05+00` + "\n"
	for _, tc := range []struct {
		name  string
		data  []byte
		want  error    // errors.Is target, if any
		parts []string // substrings the message must hold
	}{
		{"empty", nil, ingest.ErrEmpty, []string{"in"}},
		{"not a dump", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), ingest.ErrNotDump, []string{"in"}},
		{"unterminated quote", []byte(header + row + `2017-01-17 19:13:05+00,"d",,,2,,,m,"never ends`), columnar.ErrUnterminatedQuote,
			[]string{fmt.Sprintf("in: line 3 (byte %d)", len(header+row+`2017-01-17 19:13:05+00,"d",,,2,,,m,`)), "unterminated"}},
		{"wrong field count", []byte(header + row + "1,2,3\n"), columnar.ErrFieldCount, []string{"line 3", "got 3, want 12"}},
		{"missing column", []byte("id,name\n1,a\n"), nil, []string{`no column "readme"`, "id, name"}},
		{"invalid utf-8", []byte(header + strings.Repeat(row, 20) + strings.Replace(row, "x1", "x\xff", 1)), columnar.ErrInvalidUTF8,
			[]string{fmt.Sprintf("line 22 (byte %d)", len(header)+20*len(row)+strings.Index(row, "x1")+1), `column "readme"`}},
		{"truncated gzip", tarGz[:len(tarGz)/10], ingest.ErrTruncated, []string{"in"}},
		{"truncated csv.gz", gz([]byte(header + row + row))[:60], ingest.ErrTruncated, []string{"in"}},
		{"truncated zip", zipData[:len(zipData)/2], nil, []string{"in"}},
		{"no crates.csv", gz(tarOf(t, map[string]string{"2026-01-01-000000/data/users.csv": "id\n1\n"})), ErrNoTable, []string{"data/crates.csv not found"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "in")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Count(context.Background(), path, CountOptions{})
			if err == nil {
				t.Fatalf("no error; counted %+v", res.Counts)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans lines: %q", msg)
			}
			if !strings.HasPrefix(msg, path+": ") || strings.Count(msg, path) != 1 {
				t.Errorf("error %q should name the input once, first", msg)
			}
			for _, p := range tc.parts {
				if !strings.Contains(msg, p) {
					t.Errorf("error %q does not mention %q", msg, p)
				}
			}
			// Small chunks: the workers read ranges of a plain file themselves, or one goroutine reads it.
			for _, o := range []Options{{ChunkSize: 64}, {ChunkSize: 64, Workers: 3}, {ChunkSize: 64, SequentialRead: true}} {
				_, err := Count(context.Background(), path, CountOptions{Options: o})
				if err == nil || err.Error() != msg {
					t.Errorf("chunks of %d bytes, %d workers, sequential read %v: %v; with the defaults: %s", o.ChunkSize,
						o.Workers, o.SequentialRead, err, msg)
				}
			}
		})
	}
}

func TestCountUsageErrors(t *testing.T) {
	for _, pat := range []string{`(unclosed`, `(?<!x)(a)`, `(\b)`} {
		_, err := Count(context.Background(), "testdata/does-not-matter", CountOptions{Pattern: pat})
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("pattern %q: %v, want a usage error", pat, err)
		}
	}
}

func TestCountStats(t *testing.T) {
	res, err := Count(context.Background(), SampleName, CountOptions{Options: Options{ChunkSize: 64 << 10}})
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stats
	if st == nil || st.Rows != res.Total || st.Chunks < 2 || st.Bytes <= 0 || len(st.Sched.Workers) == 0 {
		t.Fatalf("stats %+v for %d rows", st, res.Total)
	}
}

// TestCountEscapedFieldsSameAnswer: the fast path counts readmes as the CSV holds them ("" pairs kept,
// columnar.Column.Escaped); the same pattern written so that it takes the regexp path counts unescaped text.
// Both must agree with each other and with the generator, whose readmes are full of quotes next to digits.
func TestCountEscapedFieldsSameAnswer(t *testing.T) {
	const slow = `(?im)(blazing|blazingly|\d+)()` // the second, empty group keeps it off the fast path
	c, err := scan.Compile(slow, scan.Options{})
	if err != nil || c.QuoteTransparent() {
		t.Fatalf("%s compiled to %v (%v): the test needs a path that unescapes", slow, c, err)
	}
	for _, seed := range []uint64{4, 5} {
		dir, exp := genDump(t, seed, 0.004)
		path := filepath.Join(dir, string(dumpgen.FormCratesCSV))
		for _, p := range []string{"", slow} {
			res, err := Count(context.Background(), path, CountOptions{Pattern: p})
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, fmt.Sprintf("seed %d pattern %q (%s)", seed, p, res.Matcher), res, exp)
		}
	}
}
