package simdscan

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// Benchmarks run every implementation this CPU has, as sub-benchmarks named
// kernel/input/size/implementation, for example
//
//	go test -run x -bench 'Structure/crates/1MiB' -cpu 1 ./simdscan/
//
// Besides MB/s by the wall clock they report cpuMB/s, the same bytes over
// the CPU time of the benchmark's thread, which stays put when other
// processes share the cores.

// benchBytes runs f, which processes n bytes, in a b.Loop.
func benchBytes(b *testing.B, n int, f func()) {
	b.SetBytes(int64(n))
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	iters := 0
	c0 := threadCPU()
	for b.Loop() {
		f()
		iters++
	}
	if c := threadCPU() - c0; c > 0 {
		b.ReportMetric(float64(n)*float64(iters)/c.Seconds()/1e6, "cpuMB/s")
	}
}

var benchSizes = []struct {
	name string
	n    int
}{{"64B", 64}, {"4KiB", 4 << 10}, {"1MiB", 1 << 20}}

// readmeWords is the vocabulary of the generated READMEs; it has no digit
// and cannot form "blazing".
var readmeWords = strings.Fields(`the a crate for parsing fast and safe Rust library with async support
	serde features example usage install cargo add build run test documentation license MIT Apache
	see also this that it is are be can will should use using used your you we our API types traits
	struct enum impl fn let mut pub mod where returns error Result Option unwrap iterator stream
	buffer bytes string UTF zero copy allocation performance benchmark compare against other crates
	blaze blazes blazer lazy glazing grazing amazing configuration optional default tokio runtime`)

// readme returns markdown like a crate README: headings, prose with commas
// and "quotes", code blocks, lists and links. With digits set it has version
// numbers and badges from the first line on.
func readme(r *rand.Rand, n int, digits bool) []byte {
	var b strings.Builder
	if digits {
		b.WriteString("# mycrate\n\n[![crates.io](https://img.shields.io/crates/v/mycrate.svg)](https://crates.io/crates/mycrate) version 0.4.2\n\n")
	} else {
		b.WriteString("# mycrate\n\n")
	}
	for b.Len() < n {
		switch r.IntN(10) {
		case 0:
			b.WriteString("\n## ")
			b.WriteString(readmeWords[r.IntN(len(readmeWords))])
			b.WriteString("\n\n")
		case 1:
			b.WriteString("\n```rust\nlet x = mycrate::parse(\"input, with comma\")?;\n```\n\n")
		case 2:
			b.WriteString("- ")
			b.WriteString(readmeWords[r.IntN(len(readmeWords))])
			b.WriteString(", see [docs](https://docs.rs/mycrate)\n")
		default:
			for range 8 + r.IntN(12) {
				w := readmeWords[r.IntN(len(readmeWords))]
				if r.IntN(12) == 0 {
					w = `"` + w + `"`
				}
				b.WriteString(w)
				if r.IntN(8) == 0 {
					b.WriteByte(',')
				}
				b.WriteByte(' ')
			}
			b.WriteString(".\n")
		}
	}
	return []byte(b.String()[:n])
}

// cratesCSV returns n bytes of text shaped like crates.csv: short fields and
// a quoted multi-line readme field (quotes doubled) in every row.
func cratesCSV(r *rand.Rand, n int) []byte {
	var b strings.Builder
	b.WriteString("created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at\n")
	for id := 1; b.Len() < n; id++ {
		md := strings.ReplaceAll(string(readme(r, 200+r.IntN(6000), true)), `"`, `""`)
		fmt.Fprintf(&b, "2017-01-17 19:13:05.112025+00,\"A crate, number %d\",,https://example.com,%d,,,crate%d,\"%s\",https://github.com/o/crate%d,f,2025-02-01 10:00:00+00\n",
			id, id, id, md, id)
	}
	return []byte(b.String()[:n])
}

func fill(n int, pattern string) []byte {
	return []byte(strings.Repeat(pattern, n/len(pattern)+1)[:n])
}

func BenchmarkStructure(b *testing.B) {
	r := rand.New(rand.NewPCG(21, 22))
	inputs := []struct {
		name string
		data []byte
	}{
		{"crates", cratesCSV(r, 1<<20)},
		{"quotes", fill(1<<20, `"`)},
		{"commas", fill(1<<20, ",")},
	}
	for _, in := range inputs {
		for _, size := range benchSizes {
			buf := in.data[:size.n]
			out := make([]Block, Blocks(len(buf)))
			for _, im := range allImpls() {
				b.Run(in.name+"/"+size.name+"/"+implName(im), func(b *testing.B) {
					benchBytes(b, len(buf), func() { runStructure(im, buf, false, out) })
				})
			}
		}
	}
}

func BenchmarkDigitOrBlazing(b *testing.B) {
	r := rand.New(rand.NewPCG(23, 24))
	nonASCII := fill(1<<20, "Привет, мир. 这是一个快速的箱子。")
	bHeavy := fill(1<<20, "bBbb Blazin bLAZ blazin' BLAZINg? no: blazinG is not. ")
	bHeavy = []byte(strings.ReplaceAll(string(bHeavy), "BLAZINg", "BLAZINx"))
	bHeavy = []byte(strings.ReplaceAll(string(bHeavy), "blazinG", "blazinX"))
	inputs := []struct {
		name string
		data []byte
	}{
		{"readme", readme(r, 1<<20, true)},
		{"prose", readme(r, 1<<20, false)},
		{"nonascii", nonASCII},
		{"bheavy", bHeavy},
	}
	for _, in := range inputs {
		for _, size := range benchSizes {
			buf := in.data[:size.n]
			wantHit := in.name == "readme" && size.n >= 4<<10
			if hit, _ := digitOrBlazingOracle(buf); hit != wantHit {
				b.Fatalf("%s/%s: input has hit=%v, want %v", in.name, size.name, hit, wantHit)
			}
			for _, im := range allImpls() {
				b.Run(in.name+"/"+size.name+"/"+implName(im), func(b *testing.B) {
					benchBytes(b, len(buf), func() { im.digitOrBlazing(buf) })
				})
			}
		}
	}
}

func BenchmarkIndexAny(b *testing.B) {
	r := rand.New(rand.NewPCG(25, 26))
	text := readme(r, 1<<20, true)
	sets := []struct {
		name string
		set  *ByteSet
	}{
		{"3bytes", NewByteSet([]byte("$@~"))},
		{"16bytes", NewByteSet([]byte("$@~^|{}\\<>\x00\x01\x7f\x80\xfe\xff"))},
	}
	for _, s := range sets {
		for _, size := range benchSizes {
			buf := text[:size.n]
			if i := indexAnyOracle(buf, []byte("$@~^|{}\\<>\x00\x01\x7f\x80\xfe\xff")); i >= 0 {
				b.Fatalf("benchmark text holds a set member at %d", i)
			}
			for _, im := range allImpls() {
				b.Run(s.name+"/"+size.name+"/"+implName(im), func(b *testing.B) {
					benchBytes(b, len(buf), func() { runIndexAny(im, buf, s.set) })
				})
			}
		}
	}
}

func BenchmarkValidUTF8(b *testing.B) {
	r := rand.New(rand.NewPCG(25, 26))
	// Markdown with a few non-ASCII characters per line (accents, dashes, emoji), like many READMEs.
	mixed := []byte(strings.NewReplacer("the ", "thé ", "fast", "fast — ", "safe", "safe 🦀").
		Replace(string(readme(r, 1<<20, true))))
	inputs := []struct {
		name string
		data []byte
	}{
		{"ascii", readme(r, 1<<20, true)},
		{"mixed", mixed[:1<<20]},
		{"nonascii", fill(1<<20, "Привет, мир. 这是一个快速的箱子。")},
	}
	for _, in := range inputs {
		for _, size := range benchSizes {
			buf := in.data[:size.n]
			for len(buf) > 0 && !utf8.Valid(buf) { // cut at a rune boundary
				buf = buf[:len(buf)-1]
			}
			for _, im := range allImpls() {
				b.Run(in.name+"/"+size.name+"/"+implName(im), func(b *testing.B) {
					benchBytes(b, len(buf), func() {
						if !im.validUTF8(buf) {
							b.Fatal("invalid")
						}
					})
				})
			}
		}
	}
}
