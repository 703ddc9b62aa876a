package ingest

import (
	"bytes"
	"strings"
)

// kind is what the first bytes of a stream look like.
type kind int

const (
	kindUnknown kind = iota
	kindEmpty
	kindGzip
	kindZstd
	kindZip
	kindTar
	kindText
	kindPartial // the whole stream is a proper prefix of a signature
)

// signatures are the magic numbers detect recognizes, by name.
var signatures = []struct {
	name  string
	magic string
}{
	{"gzip", "\x1f\x8b"},
	{"zstd", "\x28\xb5\x2f\xfd"},
	{"zip", "PK\x03\x04"},
	{"zip", "PK\x05\x06"},
}

// partialSignature returns the name of the format whose signature the whole
// stream head is a proper prefix of, or "".
func partialSignature(head []byte) string {
	for _, s := range signatures {
		if len(head) < len(s.magic) && strings.HasPrefix(s.magic, string(head)) {
			return s.name
		}
	}
	return ""
}

// textCheckLen is how much of a would-be CSV stream isText looks at.
const textCheckLen = 1024

// detect classifies a stream by its first bytes (up to sniffLen of them; all
// of them if the stream is shorter).
func detect(head []byte) kind {
	switch {
	case len(head) == 0:
		return kindEmpty
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return kindGzip
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return kindZstd
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return kindTar
	case partialSignature(head) != "":
		return kindPartial
	case isText(head):
		return kindText
	}
	return kindUnknown
}

// isText reports whether the first textCheckLen bytes of head look like text
// rather than binary data: no NUL byte, and fewer than one byte in
// controlShare that is a control character other than the whitespace ones
// (tab, line feed, vertical tab, form feed, carriage return) and escape.
//
// Text need not be valid UTF-8 here: a CSV file with a stray Latin-1 byte is
// still a CSV file, and the CSV parser reports the bad byte with its line
// and offset, which says far more than "not a dump". Binary files are told
// apart by their control bytes: a PNG, a JPEG or compressed data has a NUL
// in its first KiB or about one byte in nine below 0x20, text next to none.
func isText(head []byte) bool {
	b := head[:min(len(head), textCheckLen)]
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	ctl := 0
	for _, c := range b {
		if isBinaryControl(c) {
			ctl++
		}
	}
	return ctl*controlShare < len(b)
}

// controlShare is the share of control bytes (one in controlShare) from which
// isText calls the bytes binary.
const controlShare = 20

// isBinaryControl reports whether c is a control byte that text does not use.
func isBinaryControl(c byte) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', 0x1b:
		return false
	}
	return c < 0x20 || c == 0x7f
}
