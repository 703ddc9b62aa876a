// Package ingest turns what crates.io publishes into a sequence of named
// entries with readable bytes: it opens a file, standard input, a URL or an
// extracted directory, detects the format from the bytes (gzip, zstd, zip,
// tar, CSV text), decompresses, and walks tar or zip members. It knows bytes
// and archives, not CSV.
//
// A tar.gz is streamed and never extracted: Next skips members the caller
// does not read, and a caller that has what it wants simply stops calling
// Next and calls Close, so nothing more is downloaded or decompressed. A zip
// in a file is read through its central directory, inflating only the
// members that are read.
//
// Every error is an *Error that names the input, the member and the byte
// offset in the source, and wraps one of ErrNotDump, ErrEmpty, ErrTruncated,
// ErrChecksum or ErrCorrupt (or the source's own error). Bad input never
// panics. See docs/ingest.md for the design and measured throughput.
//
// Inflating is pluggable (Backend): klauspost/compress by default, the
// standard library as the tests' reference, and Intel's ISA-L through cgo in
// builds with -tags isal, which then becomes PreferredBackend. With
// Options.ReadAhead, gzip and zstd streams are inflated on a goroutine of
// their own ahead of the reader. See docs/inflate.md.
package ingest
