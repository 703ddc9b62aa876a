package ingest_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log"

	"github.com/blazetools/blaze/ingest"
)

// dump builds a tiny db-dump.tar.gz in memory.
func dump() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	tw := tar.NewWriter(zw)
	for _, f := range []struct{ name, body string }{
		{"2026-11-21-020013/metadata.json", `{"timestamp": "2026-11-21T02:00:13Z"}`},
		{"2026-11-21-020013/data/categories.csv", "category,id\n"},
		{"2026-11-21-020013/data/crates.csv", "id,name,readme\n1,blaze,\"blazingly fast\"\n"},
		{"2026-11-21-020013/data/versions.csv", "id,num\n1,0.1.0\n"},
	} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body))})
		tw.Write([]byte(f.body))
	}
	tw.Close()
	zw.Close()
	return b.Bytes()
}

// Read crates.csv from a dump and stop: nothing after it is decompressed.
func ExampleOpen() {
	in, err := ingest.Open(context.Background(), "-", ingest.Options{Stdin: bytes.NewReader(dump())})
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()
	fmt.Println("format:", in.Format())
	for {
		e, err := in.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		table, ok := ingest.TableName(e.Path)
		fmt.Printf("%s (table %q, %v)\n", e.Path, table, ok)
		if table == "crates" {
			b, err := io.ReadAll(e)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%q\n", b)
			break
		}
	}
	// Output:
	// format: tar (gzip)
	// 2026-11-21-020013/metadata.json (table "", false)
	// 2026-11-21-020013/data/categories.csv (table "categories", true)
	// 2026-11-21-020013/data/crates.csv (table "crates", true)
	// "id,name,readme\n1,blaze,\"blazingly fast\"\n"
}
