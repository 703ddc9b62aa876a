package simdscan

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// unescapeOracle drops every quote that follows an odd number of quotes, one byte at a time, into a new slice.
func unescapeOracle(b []byte) []byte {
	out := []byte{}
	odd := false
	for _, c := range b {
		if c == '"' {
			if odd {
				odd = false
				continue
			}
			odd = true
		}
		out = append(out, c)
	}
	return out
}

func checkUnescape(t *testing.T, b []byte, what string) {
	t.Helper()
	want := unescapeOracle(b)
	for _, im := range allImpls() {
		buf := aligned(len(b) + 64)[1 : 1+len(b)] // deliberately misaligned, with room after
		copy(buf, b)
		n := im.unescape(buf)
		if !bytes.Equal(buf[:n], want) {
			t.Fatalf("%s: %s: %q -> %q, want %q", implName(im), what, b, buf[:n], want)
		}
	}
}

// TestUnescapeAllLengths: every length 0..130 at every alignment 0..63, with "" pairs planted at every
// position, and runs of quotes that cross block boundaries.
func TestUnescapeAllLengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := 0; n <= 130; n++ {
		for align := 0; align < 64; align += 7 {
			base := make([]byte, n)
			for i := range base {
				base[i] = "ab,\n1 é"[rng.IntN(7)]
			}
			for p := 0; p+1 < n; p++ {
				b := bytes.Clone(base)
				b[p], b[p+1] = '"', '"'
				buf := make([]byte, align+n)[align:]
				copy(buf, b)
				checkUnescape(t, buf, "pair planted")
			}
			b := bytes.Clone(base)
			for i := range b {
				if rng.IntN(3) == 0 {
					b[i] = '"'
				}
			}
			checkUnescape(t, b, "random quotes")
		}
	}
	checkUnescape(t, []byte(strings.Repeat(`""`, 200)), "all quotes")
	checkUnescape(t, []byte(strings.Repeat(`x""`, 100)), "every third")
}

func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"", `""`, `a""b`, strings.Repeat(`"`, 65), strings.Repeat("x", 63) + `""` + "y"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkUnescape(t, b, "fuzz")
	})
}

func BenchmarkUnescape(b *testing.B) {
	// README-like text with a quoted string every ~60 bytes, as escaped in CSV.
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(`let s = ""hello, world""; // a line of Rust with a string literal in it.` + "\n")
	}
	src := []byte(sb.String())
	buf := make([]byte, len(src))
	for _, im := range allImpls() {
		b.Run(implName(im), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				copy(buf, src)
				im.unescape(buf)
			}
		})
	}
}
