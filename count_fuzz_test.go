package blaze

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
)

// FuzzCount runs whole counts over arbitrary CSV text and checks that the answer, or the error with its
// line and byte, is the same whatever the worker count, the chunk size and the size of the reads, and the
// same on the fast path (the pattern scanned on fields as the CSV holds them, by the SIMD matcher) as on the
// path that unescapes every field and runs the regex engine. Plain text on a seekable stdin is read by the
// workers, a range each (columnar.Ranges); with one-byte reads, gzipped or in an archive it is read and cut
// by one goroutine (columnar.Chunker): both must find the same records and the same first error.
func FuzzCount(f *testing.F) {
	const header = "id,name,readme\n"
	for _, body := range []string{
		"1,a,blazing\n2,b,\n3,c,\"\"\n",
		"1,a,\"multi\nline \"\"42\"\" \r\n readme\"\n2,b,no digits here\n",
		"1,a,\"٣ and ３ and 𝟙\"\n2,b,² Ⅻ\n3,c,BLAZINGLY\n4,d,blazıng\n",
		"1,a,\"a,\"\"b\"\",c\"\n2,b,x\n3,c,\"never ends\n",
		"1,a,b,c\n",
		"1,a,\"x\"y\n",
		"1,a,\xff\xfe\n",
		"1,a,\"x\"\r\n2,b,3\r\n",
		"",
	} {
		f.Add([]byte(header+body), uint8(2), uint16(100), false)
		f.Add([]byte(header+body), uint8(3), uint16(7), true)
	}
	f.Add([]byte("readme\n\"1\n\"\n"), uint8(1), uint16(1), true)
	f.Add([]byte("id,name\n1,2\n"), uint8(2), uint16(64), false)
	slow := `(?im)(blazing|blazingly|\d+)()` // an empty group keeps it off the fast path: fields are unescaped
	f.Fuzz(func(t *testing.T, data []byte, workers uint8, chunk uint16, oneByte bool) {
		w, c := 1+int(workers%4), 1+int(chunk%8192)
		want := countBytes(data, "", 1, 1<<20, false)
		if got := countBytes(data, "", w, c, oneByte); got != want {
			t.Fatalf("workers %d, chunk %d, one-byte reads %v: %s\n1 worker, 1 MiB chunks: %s", w, c, oneByte, got, want)
		}
		if got := countBytes(data, slow, w, c, false); got != want {
			t.Fatalf("unescaping path: %s\nfast path: %s", got, want)
		}
		// Gzipped, the text goes through the decompressor and its read-ahead goroutine first. (Input that is
		// not CSV text is told apart differently inside gzip: only counts and CSV errors are compared.)
		if len(data) > 0 && (!strings.HasPrefix(want, "error") || strings.Contains(want, ": line ")) {
			if got := countBytes(gz(data), "", w, c, oneByte); got != want {
				t.Fatalf("gzipped: %s\nplain: %s", got, want)
			}
			// As the crates.csv of a dump tarball and of a zip read as a stream; errors then name the member.
			const member = "2026-01-01-000000/data/crates.csv"
			tarGz := gz(tarOf(t, map[string]string{member: string(data)}))
			zipped := zipOf(t, map[string]string{"data/crates.csv": string(data)})
			for _, in := range []struct {
				name   string
				data   []byte
				member string
			}{{"tar.gz", tarGz, member}, {"zip", zipped, "data/crates.csv"}} {
				got := strings.Replace(countBytes(in.data, "", w, c, oneByte), ": "+in.member+":", ":", 1)
				if got != want {
					t.Fatalf("%s: %s\nplain: %s", in.name, got, want)
				}
			}
		}
	})
}

// countBytes counts data given on stdin and returns the counts or the error as text.
func countBytes(data []byte, pattern string, workers, chunk int, oneByte bool) string {
	r := bytes.NewReader(data)
	opts := CountOptions{Pattern: pattern, Options: Options{Workers: workers, ChunkSize: chunk, Stdin: r}}
	if oneByte {
		opts.Stdin = iotest.OneByteReader(r)
	}
	res, err := Count(context.Background(), "-", opts)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("matched %d total %d null %d empty %d", res.Matched, res.Total, res.Null, res.Empty)
}
