package rustre

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
)

const defaultPattern = `(?im)(blazing|blazingly|\d+)`

func BenchmarkTranslate(b *testing.B) {
	for _, p := range []string{defaultPattern, `(?i)\b\p{Greek}+[\w&&\P{Lu}]{2,}\b`} {
		b.Run(p, func(b *testing.B) {
			b.SetBytes(int64(len(p)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := TranslateBacktrack(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// readme is a README-like haystack with no digit and no "blazing", so every engine scans all of it.
func readme(n int) string {
	var sb strings.Builder
	for sb.Len() < n {
		sb.WriteString("This crate provides a fast, safe parser for configuration files. Ünïcode wörds, 日本語.\r\n")
	}
	return sb.String()[:n]
}

// BenchmarkMatch compares the two translations of the default pattern on a haystack that does not match.
func BenchmarkMatch(b *testing.B) {
	for _, n := range []int{1 << 10, 64 << 10} {
		h := readme(n)
		gs, err := Translate(defaultPattern)
		if err != nil {
			b.Fatal(err)
		}
		gre := regexp.MustCompile(gs)
		b.Run("go/"+sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if gre.FindStringSubmatchIndex(h) != nil {
					b.Fatal("match")
				}
			}
		})
		bs, opt, err := TranslateBacktrack(defaultPattern)
		if err != nil {
			b.Fatal(err)
		}
		bre := regexp2.MustCompile(bs, opt)
		b.Run("backtrack/"+sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if m, _ := bre.FindStringMatch(h); m != nil {
					b.Fatal("match")
				}
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1<<10 {
		return strconv.Itoa(n>>10) + "KiB"
	}
	return "B"
}
