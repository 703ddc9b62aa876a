package ingest

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Sentinel errors. Every error returned by this package is an *Error whose
// chain contains at most one of these, so callers can test with errors.Is.
// Errors from the source itself (a failed read, a cancelled context, an HTTP
// failure) carry the underlying error instead.
var (
	// ErrNotDump reports input that is neither gzip, zstd, zip, tar nor CSV
	// text, or a compressed stream or directory whose contents are not a dump.
	ErrNotDump = errors.New("not a crates.io dump")
	// ErrEmpty reports an input (or a decompressed stream) with no bytes.
	ErrEmpty = errors.New("empty input")
	// ErrTruncated reports input that ends too early: a compressed stream
	// without its end, a tar header or member cut short, a tar archive without
	// its end-of-archive marker, a zip file without its central directory.
	ErrTruncated = errors.New("truncated")
	// ErrChecksum reports data that does not match its CRC-32 or size: a gzip
	// trailer, a zstd frame checksum, a zip member's CRC-32 or sizes.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrCorrupt reports malformed data that is neither truncated nor a
	// checksum mismatch: an invalid deflate block, a bad tar header, a zip
	// record with a wrong signature.
	ErrCorrupt = errors.New("corrupt data")
)

// Error describes a failure and where it happened. Err holds the cause; its
// chain contains one of the package's sentinels (ErrNotDump, ErrEmpty,
// ErrTruncated, ErrChecksum, ErrCorrupt), errors.ErrUnsupported, fs.ErrClosed,
// or the source's own error (I/O, context, HTTP).
type Error struct {
	// Input is the name the input was opened with ("-" for standard input;
	// a URL has its password removed).
	Input string
	// Member is the path of the archive member being read, or "".
	Member string
	// Offset is the byte offset in the source (so, in compressed bytes) where
	// the problem was found, or -1 if unknown. For a directory input it is the
	// offset in the member's file.
	Offset int64
	// Err is the cause.
	Err error
}

// Error formats the error as "input: member: byte N: cause", leaving out the
// parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Input == "-" {
		b.WriteString("<stdin>")
	} else {
		b.WriteString(e.Input)
	}
	if e.Member != "" {
		b.WriteString(": ")
		b.WriteString(e.Member)
	}
	if e.Offset >= 0 {
		b.WriteString(": byte ")
		b.WriteString(strconv.FormatInt(e.Offset, 10))
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// codecError classifies an error returned by a decompressor of the named
// codec ("gzip", "zstd", "deflate") under the package's sentinels.
func codecError(codec string, err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w %s stream: %w", ErrTruncated, codec, err)
	case errors.Is(err, ErrChecksum), errors.Is(err, ErrCorrupt):
		return fmt.Errorf("%s stream: %w", codec, err)
	default:
		return fmt.Errorf("%w: %s stream: %w", ErrCorrupt, codec, err)
	}
}

// sourceError wraps an error of the source itself (not of its contents).
func sourceError(err error) error {
	return fmt.Errorf("read error: %w", err)
}
