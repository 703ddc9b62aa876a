// Package blaze analyses the crates.io database dump at the speed of the hardware.
//
// It reads what crates.io publishes (db-dump.tar.gz, db-dump.zip, an extracted folder, or a single table's CSV,
// plain or compressed, from a file, standard input or a URL) without extracting anything, and streams tables as
// Arrow record batches through a staged pipeline:
//
//	ingest    source, decompression, tar/zip member        (one goroutine: the reader)
//	columnar  record-aligned chunks; CSV to Arrow batches   (workers, on sched)
//	scan      the matcher over an Arrow column              (workers, on sched)
//	sched     ordered reassembly of the chunks' results     (one goroutine: the consumer)
//
// Count answers the question of the talk "Techniques for Blazing Speed": the share of crates whose README says
// "blazing" or any number, exactly as polars answers it.
package blaze

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/blazetools/blaze/columnar"
)

// Options are the knobs shared by everything that reads a dump.
type Options struct {
	// Workers is the number of goroutines parsing and scanning chunks; <= 0 means runtime.GOMAXPROCS(0).
	// The answer never depends on it.
	Workers int
	// ChunkSize is the target size of a chunk of CSV text; <= 0 means columnar.DefaultChunkSize. The answer
	// never depends on it.
	ChunkSize int
	// MaxInFlight bounds the bytes of chunks read but not yet fully processed (back-pressure on the reader);
	// <= 0 means four chunks per worker, and at least eight. Together with the chunk size it bounds memory.
	MaxInFlight int64
	// Inflate names the decompression backend ("" for the best one built in: isal with -tags isal, else
	// klauspost; see ingest).
	Inflate string
	// ReadAhead is how many 1 MiB buffers of a gzip or zstd input are inflated ahead of the reader, on a
	// goroutine of their own (ingest.Options.ReadAhead); 0 means 3, a negative number none.
	ReadAhead int
	// NoPin leaves the read-ahead goroutine's thread where the kernel puts it. By default, when the
	// inflate backend runs outside Go (ISA-L), that thread is kept on one CPU while it inflates
	// (ingest.Options.PinReadAhead): ~6% faster on 2 cores, but it cannot move off a CPU that another
	// busy process takes.
	NoPin bool
	// Stdin is read for the input "-"; nil means os.Stdin.
	Stdin io.Reader
	// HTTPClient fetches http(s) inputs; nil means ingest's default client.
	HTTPClient *http.Client
	// Allocator allocates chunk buffers and Arrow arrays; nil means a recycling pool over the Go heap.
	Allocator memory.Allocator
	// CSVTable names the table a bare CSV input holds; "" means the table its file name names
	// (versions.csv.gz holds versions), else crates.
	CSVTable string
	// Strict makes a column or table that blaze's schema does not know an error instead of a warning.
	Strict bool
	// Warn, if set, receives warnings (an unknown column kept as text), once each.
	Warn func(msg string)
	// Progress, if set, is called from a separate goroutine about every Options.ProgressEvery with the
	// input's bytes read so far and its size (-1 if unknown), and once more at the end.
	Progress      func(read, size int64)
	ProgressEvery time.Duration
	// SequentialRead makes one goroutine read every table's CSV and cut it into chunks, as it must for a
	// stream, also for a table stored as it is in a file (a plain CSV file, a file of an extracted dump),
	// which the workers otherwise read themselves, a range each, all at once (columnar.Ranges). The answer
	// never depends on it; it is there to compare the two, and for storage that reads badly at many offsets.
	SequentialRead bool
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (o *Options) readAhead() int {
	switch {
	case o.ReadAhead < 0:
		return 0
	case o.ReadAhead == 0:
		return 3
	}
	return o.ReadAhead
}

func (o *Options) chunkSize() int {
	if o.ChunkSize > 0 {
		return o.ChunkSize
	}
	return columnar.DefaultChunkSize
}

func (o *Options) maxInFlight() int64 {
	if o.MaxInFlight > 0 {
		return o.MaxInFlight
	}
	return int64(o.inFlightChunks()) * int64(o.chunkSize())
}

func (o *Options) inFlightChunks() int { return max(8, 4*o.workers()) }

func (o *Options) allocator() memory.Allocator {
	if o.Allocator != nil {
		return o.Allocator
	}
	// Enough free buffers for everything in flight plus the reader's next one: steady state allocates nothing.
	return columnar.NewPool(nil, o.inFlightChunks()+2)
}

// Metadata is the dump's metadata.json.
type Metadata struct {
	// Timestamp is when crates.io started the dump, UTC.
	Timestamp time.Time `json:"timestamp"`
	// CratesIOCommit is the git commit of the crates.io deployment that made the dump.
	CratesIOCommit string `json:"crates_io_commit"`
}

func parseMetadata(r io.Reader) (*Metadata, error) {
	var m Metadata
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("metadata.json: %w", err)
	}
	return &m, nil
}
