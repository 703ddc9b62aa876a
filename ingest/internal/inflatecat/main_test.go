package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/blazetools/blaze/ingest"
)

func TestRun(t *testing.T) {
	csv := bytes.Repeat([]byte("id,readme\n1,\"blazing 42\"\n"), 5000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(csv)
	zw.Close()
	dir := t.TempDir()
	whole, cut := filepath.Join(dir, "crates.csv.gz"), filepath.Join(dir, "cut.csv.gz")
	if err := os.WriteFile(whole, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cut, gz.Bytes()[:gz.Len()/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, backend := range ingest.Backends() {
		for _, ra := range []int{0, 2} {
			var out bytes.Buffer
			n, err := run(whole, ingest.Options{Inflate: backend, ReadAhead: ra}, &out)
			if err != nil || n != int64(len(csv)) || !bytes.Equal(out.Bytes(), csv) {
				t.Fatalf("%s: wrote %d bytes (err %v), want the %d of the CSV", backend, n, err, len(csv))
			}
			out.Reset()
			n, err = run(cut, ingest.Options{Inflate: backend, ReadAhead: ra}, &out)
			if !errors.Is(err, ingest.ErrTruncated) || !bytes.HasPrefix(csv, out.Bytes()) || n != int64(out.Len()) {
				t.Fatalf("%s, cut: wrote %d bytes, err %v; want a prefix of the CSV and ErrTruncated", backend, n, err)
			}
		}
	}
}
