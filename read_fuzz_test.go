package blaze

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// FuzzRead reads arbitrary text as a table of the dump (crates, version_downloads or crate_downloads: every
// column type blaze decodes, int16/32/64, timestamp, date, boolean and text, NULL or NOT NULL), and
// checks that the rows, or the error with its line and byte, are the same whatever the worker count, the chunk
// size and the size of the reads; and that every buffer is released, whether the read ends or fails.
func FuzzRead(f *testing.F) {
	const header = "id,created_at,trustpub_only,readme,name,max_features\n"
	for _, body := range []string{
		"1,2017-01-17 19:13:05.112025+00,t,blazing,a,3\n2,2017-01-17 19:13:05,f,,b,\n3,2025-02-01 00:00:00+00,,\"\",c,\n",
		"1,2017-01-17 19:13:05,t,\"multi\nline \"\"42\"\"\r\n\",a,\n",
		"x,2017-01-17 19:13:05,t,r,a,\n",
		"1,2017-13-17 19:13:05,t,r,a,\n",
		"1,2017-01-17 19:13:05,yes,r,a,\n",
		"1,2017-01-17 19:13:05,t,\"never ends\n",
		"1,2017-01-17 19:13:05,t,\xff,a,\n",
		"2147483648,2017-01-17 19:13:05,t,r,a,32768\n",
	} {
		f.Add([]byte(header+body), uint8(2), uint16(50), false, uint8(0))
		f.Add([]byte(header+body), uint8(3), uint16(5), true, uint8(0))
	}
	f.Add([]byte("date,downloads,version_id\n2024-02-29,5,1\n2023-02-29,1,2\n"), uint8(2), uint16(9), false, uint8(1))
	f.Add([]byte("date,downloads,version_id\n2024-01-01,,1\n"), uint8(1), uint16(9), true, uint8(1))
	f.Add([]byte("crate_id,downloads\n1,9223372036854775807\n2,-9223372036854775809\n"), uint8(2), uint16(9), false, uint8(2))
	tables := []string{"crates", "version_downloads", "crate_downloads"}
	f.Fuzz(func(t *testing.T, data []byte, workers uint8, chunk uint16, oneByte bool, table uint8) {
		read := func(workers, chunk int, oneByte bool) string {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			var r = bytes.NewReader(data)
			opts := Options{Workers: workers, ChunkSize: chunk, Stdin: r, CSVTable: tables[int(table)%len(tables)], Allocator: mem}
			if oneByte {
				opts.Stdin = iotest.OneByteReader(r)
			}
			d, err := Open(context.Background(), "-", opts)
			if err != nil {
				return "open: " + err.Error()
			}
			defer d.Close()
			tbl, err := d.Next()
			if err != nil {
				return "next: " + err.Error()
			}
			rd, err := tbl.Read(context.Background(), ReadOptions{})
			if err != nil {
				return "read: " + err.Error()
			}
			defer rd.Release()
			var out strings.Builder
			for rd.Next() {
				formatRows(&out, rd.RecordBatch())
			}
			if err := rd.Err(); err != nil {
				out.WriteString("error: " + err.Error())
			}
			return out.String()
		}
		w, c := 1+int(workers%4), 1+int(chunk%8192)
		want := read(1, 1<<20, false)
		got := read(w, c, oneByte)
		// Rows stream out before an error is met, so the runs may deliver different numbers of the rows before
		// it (a chunk holding a bad row delivers none of its rows): on an error the rows of one run must start
		// the other's.
		gotRows, gotErr, _ := strings.Cut(got, "error: ")
		wantRows, wantErr, _ := strings.Cut(want, "error: ")
		same := gotRows == wantRows
		if wantErr != "" || gotErr != "" {
			same = strings.HasPrefix(gotRows, wantRows) || strings.HasPrefix(wantRows, gotRows)
		}
		if !same || gotErr != wantErr {
			t.Fatalf("workers %d, chunk %d, one-byte reads %v:\n%s\n1 worker, 1 MiB chunks:\n%s", w, c, oneByte, got, want)
		}
	})
}

// FuzzConvert converts arbitrary text, read as a table of the dump, to Parquet and to Arrow IPC and reads the
// files back: the rows must be the Reader's, and when the Reader fails, Convert must fail the same way and
// leave nothing in the output directory.
func FuzzConvert(f *testing.F) {
	f.Add([]byte("id,created_at,trustpub_only,readme,name,max_features\n1,2017-01-17 19:13:05.112025+00,t,\"x\"\"y\",a,3\n2,2017-01-17 19:13:05,f,,b,\n"), uint8(0))
	f.Add([]byte("id,created_at,readme\n1,2017-01-17 19:13:05,r\n2,bad,r\n"), uint8(0))
	f.Add([]byte("date,downloads,version_id\n2024-02-29,5,1\n2024-03-01,,2\n"), uint8(1))
	f.Add([]byte("crate_id,downloads\n1,9223372036854775807\n"), uint8(2))
	tables := []string{"crates", "version_downloads", "crate_downloads"}
	f.Fuzz(func(t *testing.T, data []byte, table uint8) {
		name := tables[int(table)%len(tables)]
		opts := Options{Stdin: bytes.NewReader(data), CSVTable: name, Workers: 2, ChunkSize: 64}
		want, wantErr := readRows(t, opts, ReadOptions{})
		for _, to := range []Format{Parquet, ArrowIPC} {
			out := t.TempDir()
			opts.Stdin = bytes.NewReader(data)
			_, err := Convert(context.Background(), "-", ConvertOptions{Options: opts, To: to, Out: out})
			left, _ := os.ReadDir(out)
			if wantErr != "" || err != nil {
				if err == nil || err.Error() != wantErr {
					t.Fatalf("%s: Convert: %v; Reader: %s", to, err, wantErr)
				}
				if len(left) != 0 {
					t.Fatalf("%s: a failed Convert left %v behind", to, left)
				}
				continue
			}
			if len(left) != 1 {
				t.Fatalf("%s: Convert wrote %v", to, left)
			}
			if got := formatFile(t, filepath.Join(out, left[0].Name()), to); got != want {
				t.Fatalf("%s: read back\n%s\nthe Reader gave\n%s", to, got, want)
			}
		}
	})
}

// readRows reads the one table of a bare CSV input and returns its rows as text, or the error.
func readRows(t *testing.T, opts Options, ro ReadOptions) (rows, errText string) {
	t.Helper()
	d, err := Open(context.Background(), "-", opts)
	if err != nil {
		return "", err.Error()
	}
	defer d.Close()
	tbl, err := d.Next()
	if err != nil {
		return "", err.Error()
	}
	rd, err := tbl.Read(context.Background(), ro)
	if err != nil {
		return "", err.Error()
	}
	defer rd.Release()
	var out strings.Builder
	for rd.Next() {
		formatRows(&out, rd.RecordBatch())
	}
	if err := rd.Err(); err != nil {
		return "", err.Error()
	}
	return out.String(), ""
}

func formatRows(out *strings.Builder, rec arrow.RecordBatch) {
	for i := range int(rec.NumRows()) {
		for c := range int(rec.NumCols()) {
			fmt.Fprintf(out, "%q|", rec.Column(c).ValueStr(i))
		}
		out.WriteString("\n")
	}
}

// formatFile reads a Parquet or Arrow IPC file back and returns its rows as text.
func formatFile(t *testing.T, path string, to Format) string {
	t.Helper()
	var out strings.Builder
	eachBatch(t, path, to, func(rec arrow.RecordBatch) { formatRows(&out, rec) })
	return out.String()
}
