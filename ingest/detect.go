package ingest

import (
	"bytes"
	"strings"
	"unicode/utf8"
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

// textCheckLen is how much of a would-be CSV stream must be NUL-free UTF-8.
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
	case isText(head, len(head) < sniffLen):
		return kindText
	}
	return kindUnknown
}

// isText reports whether the first textCheckLen bytes of head are UTF-8
// without NUL bytes. A rune cut by the end of the checked window is allowed
// unless complete says head is the whole stream.
func isText(head []byte, complete bool) bool {
	b := head
	if len(b) > textCheckLen {
		b, complete = b[:textCheckLen], false
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			// Invalid, unless it is the start of a rune the window cut.
			return !complete && !utf8.FullRune(b[i:])
		}
		i += size
	}
	return true
}
