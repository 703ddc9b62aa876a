// Command inflatecat inflates a gzip file with one of ingest's backends and writes the bytes to standard
// output, like gzip -dc: the bare inflate speed of a backend as a whole process, to set beside igzip -dc,
// gzip -dc and blaze count in docs/inflate.md.
//
//	go build -tags isal -o /tmp/inflatecat ./ingest/internal/inflatecat
//	/tmp/inflatecat -inflate isal crates.csv.gz > /dev/null
//	head -c N db-dump.tar.gz > prefix.tar.gz; /tmp/inflatecat -inflate klauspost -truncated prefix.tar.gz > /dev/null
//
// It reads through ingest.Open (which costs nothing measurable over the bare decoder: docs/ingest.md) and
// copies every member of a tar, or the one CSV stream, in 1 MiB reads. With -truncated, a stream that ends
// early (a prefix of a file) ends the output without an error: the bytes before the cut are all written.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/blazetools/blaze/ingest"
)

func main() {
	backend := flag.String("inflate", "", "backend (default: ingest.PreferredBackend())")
	truncated := flag.Bool("truncated", false, "a stream cut short is not an error")
	readAhead := flag.Int("read-ahead", 0, "ingest.Options.ReadAhead: 1 MiB buffers inflated ahead on a goroutine of their own")
	pin := flag.Bool("pin", false, "ingest.Options.PinReadAhead: keep the read-ahead goroutine's thread on one CPU")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: inflatecat [-inflate NAME] [-truncated] [-read-ahead N [-pin]] FILE.gz > out")
		os.Exit(2)
	}
	n, err := run(flag.Arg(0), ingest.Options{Inflate: *backend, ReadAhead: *readAhead, PinReadAhead: *pin}, os.Stdout)
	if err != nil && !(*truncated && errors.Is(err, ingest.ErrTruncated)) {
		fmt.Fprintf(os.Stderr, "inflatecat: %v (after %d bytes)\n", err, n)
		os.Exit(1)
	}
}

// run writes the bytes of every member of the input to w and returns how many it wrote.
func run(name string, opts ingest.Options, w io.Writer) (int64, error) {
	in, err := ingest.Open(context.Background(), name, opts)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	buf := make([]byte, 1<<20)
	var total int64
	for {
		e, err := in.Next()
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		for {
			n, err := io.ReadFull(e, buf)
			if _, werr := w.Write(buf[:n]); werr != nil {
				return total, werr
			}
			total += int64(n)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				break
			}
			if err != nil {
				return total, err
			}
		}
	}
}
