package dumpgen

import (
	"bytes"
	"encoding/csv"
	"errors"
	"hash/crc32"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/klauspost/compress/flate"
)

func TestSlowCount(t *testing.T) {
	in := "id,readme,x\n" +
		"1,,a\n" + // NULL
		"2,\"\",b\n" + // empty string
		"3,\"Blazingly fast, \"\"really\"\"\",c\n" +
		"4,\"line one\r\nline two\",d\n" + // CRLF, no match
		"5,version \u0663,e\n" + // Arabic-Indic digit: \p{Nd}
		"6,BLAZ\u0130NG and blaz\u0131ng and x\u00b2 \u216b,f\n" + // near misses, superscript, Roman numeral
		"7,\"2017-01-17 19:13:05+00,\"\"desc\"\",,\n1,,\",g\n" // a README that looks like rows
	c, err := SlowCount(strings.NewReader(in), "readme", GoPattern)
	if err != nil {
		t.Fatal(err)
	}
	if c != (Count{Matched: 3, Total: 7, Empty: 2}) {
		t.Errorf("got %+v, want 3 matched of 7, 2 empty", c)
	}
	// Go's \d is ASCII: the Arabic-Indic row no longer matches.
	c, _ = SlowCount(strings.NewReader(in), "readme", `(?im)(blazing|blazingly|\d+)`)
	if c.Matched != 2 {
		t.Errorf("ASCII \\d: matched %d, want 2", c.Matched)
	}
	// A pattern without a group counts whole matches.
	c, _ = SlowCount(strings.NewReader(in), "x", `[a-c]`)
	if c.Matched != 3 {
		t.Errorf("no group: matched %d, want 3", c.Matched)
	}
}

func TestSlowCountErrors(t *testing.T) {
	if _, err := SlowCount(strings.NewReader("a,b\n1,2\n"), "readme", GoPattern); err == nil || !strings.Contains(err.Error(), `no column "readme"`) {
		t.Errorf("missing column: %v", err)
	}
	if _, err := SlowCount(strings.NewReader(""), "readme", GoPattern); err == nil {
		t.Error("empty input accepted")
	}
	if _, err := SlowCount(strings.NewReader("readme\nx\n"), "readme", `(`); err == nil {
		t.Error("bad pattern accepted")
	}
	_, err := SlowCount(strings.NewReader("id,readme\n1,ok\n2,\"unterminated\n3,x\n"), "readme", GoPattern)
	var pe *csv.ParseError
	if !errors.As(err, &pe) || pe.StartLine != 3 {
		t.Errorf("want a ParseError starting on line 3, got %v", err)
	}
	_, err = SlowCount(strings.NewReader("id,readme\n1,ok,extra\n"), "readme", GoPattern)
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("want a field-count ParseError on line 2, got %v", err)
	}
}

// TestAppendText checks PostgreSQL-style quoting against encoding/csv.
func TestAppendText(t *testing.T) {
	for _, s := range []string{"", "a", "a,b", `say "hi"`, "x\ny", "x\r\ny", `\.`, `\`, " lead", "\u00e9"} {
		checkAppendText(t, s)
	}
}

func checkAppendText(t *testing.T, s string) {
	t.Helper()
	field := appendText(nil, s)
	if string(appendTextBytes(nil, []byte(s))) != string(field) {
		t.Fatalf("appendText and appendTextBytes disagree on %q", s)
	}
	quoted := len(field) > 0 && field[0] == '"'
	if quoted != needsQuote(s) {
		t.Fatalf("%q: quoted=%v", s, quoted)
	}
	if !quoted && strings.ContainsAny(s, ",\"\r\n") {
		t.Fatalf("%q left unquoted", s)
	}
	line := "x," + string(field) + ",y\n"
	rec, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	// encoding/csv folds CRLF inside fields to LF.
	if want := strings.ReplaceAll(s, "\r\n", "\n"); len(rec) != 3 || rec[1] != want {
		t.Fatalf("%q read back as %q", s, rec)
	}
}

func FuzzAppendText(f *testing.F) {
	for _, s := range []string{"", "a,b", `"`, "\r\n", `\.`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, '\r') || !utf8Valid(s) {
			return // encoding/csv rewrites lone CRs and invalid UTF-8 is never generated
		}
		checkAppendText(t, s)
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

func TestAppendTimestamp(t *testing.T) {
	sec := time.Date(2017, 1, 17, 19, 13, 5, 0, time.UTC).Unix()
	for _, c := range []struct {
		micro int32
		tz    bool
		want  string
	}{
		{112025, true, "2017-01-17 19:13:05.112025+00"},
		{112000, true, "2017-01-17 19:13:05.112+00"},
		{100000, false, "2017-01-17 19:13:05.1"},
		{0, true, "2017-01-17 19:13:05+00"},
		{5, false, "2017-01-17 19:13:05.000005"},
	} {
		if got := string(appendTimestamp(nil, ts{sec, c.micro}, c.tz)); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	if got := string(appendDate(nil, sec)); got != "2017-01-17" {
		t.Errorf("date %q", got)
	}
}

func TestPGArray(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "{}",
		"serde":             "{serde}",
		"a|b":               "{a,b}",
		"with space|x":      `{"with space",x}`,
		`q"uote|back\slash`: `{"q\"uote","back\\slash"}`,
		"NULL|null":         `{"NULL","null"}`,
	} {
		var el []string
		if in != "" {
			el = strings.Split(in, "|")
		}
		if got := pgArray(el); got != want {
			t.Errorf("pgArray(%q) = %s, want %s", el, got, want)
		}
	}
}

func TestChronoRFC3339(t *testing.T) {
	for _, c := range []struct {
		ns   int
		want string
	}{{0, "2026-11-21T02:00:13Z"}, {5e8, "2026-11-21T02:00:13.500Z"}, {123456000, "2026-11-21T02:00:13.123456Z"}, {123456789, "2026-11-21T02:00:13.123456789Z"}} {
		if got := chronoRFC3339(time.Date(2026, 11, 21, 2, 0, 13, c.ns, time.UTC)); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}

func TestCRC32Combine(t *testing.T) {
	data := bytes.Repeat([]byte("crates.io dump \x00\xff"), 1000)
	for _, cut := range []int{0, 1, 7, 512, 4096, len(data) - 1, len(data)} {
		a, b := data[:cut], data[cut:]
		got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
		if want := crc32.ChecksumIEEE(data); got != want {
			t.Errorf("cut %d: %08x, want %08x", cut, got, want)
		}
	}
}

func FuzzCRC32Combine(f *testing.F) {
	f.Add([]byte("abc"), []byte("defgh"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
		if want := crc32.ChecksumIEEE(append(append([]byte(nil), a...), b...)); got != want {
			t.Fatalf("%08x, want %08x", got, want)
		}
	})
}

// TestSplicedDeflate checks the engine's central trick against the standard
// decoder: independently compressed, sync-flushed units followed by one
// empty final block decode as one stream, at every level used.
func TestSplicedDeflate(t *testing.T) {
	checkSplice(t, [][]byte{[]byte("hello, "), nil, bytes.Repeat([]byte("world "), 20000), []byte{0}, []byte("end")})
}

func checkSplice(t *testing.T, parts [][]byte) {
	t.Helper()
	for _, level := range []int{levelHead, levelTail} {
		fw, _ := flate.NewWriter(nil, level)
		var stream, want []byte
		for _, p := range parts {
			c, err := deflateUnit(fw, p)
			if err != nil {
				t.Fatal(err)
			}
			stream = append(stream, c...)
			want = append(want, p...)
		}
		stream = append(stream, finalBlock...)
		br := bytes.NewReader(stream)
		got, err := io.ReadAll(flateReader2(br))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("level %d: spliced stream decodes to %d bytes (%v), want %d", level, len(got), err, len(want))
		}
		if br.Len() != 0 {
			t.Fatalf("level %d: %d bytes after the final block", level, br.Len())
		}
	}
}

func FuzzSplicedDeflate(f *testing.F) {
	f.Add([]byte("abc"), []byte("abcabc"), []byte(""))
	f.Fuzz(func(t *testing.T, a, b, c []byte) { checkSplice(t, [][]byte{a, b, c}) })
}

// TestVocabulary checks the word lists the digit-free READMEs are built
// from, and the phrases that decide matching.
func TestVocabulary(t *testing.T) {
	word := regexp.MustCompile(`(?i)blazing`)
	goRe := regexp.MustCompile(GoPattern)
	for _, list := range [][]string{nameWords, nounWords, adjWords, verbWords, gerundWords, firstNames, syllables, cjkPhrases, emoji, nearMisses, notDigitPhrases} {
		for _, w := range list {
			if goRe.MatchString(w) || word.MatchString(w) {
				t.Errorf("%q matches the pattern", w)
			}
		}
	}
	for _, p := range unicodeDigitPhrases {
		if strings.ContainsAny(p, "0123456789") || word.MatchString(p) {
			t.Errorf("%q has an ASCII digit or the word", p)
		}
		nd := false
		for _, r := range p {
			nd = nd || (r > 127 && unicode.Is(unicode.Nd, r))
		}
		if !nd || !goRe.MatchString(p) {
			t.Errorf("%q has no Unicode decimal digit Go knows", p)
		}
	}
	for _, b := range blazingWords {
		if !word.MatchString(b) || strings.ContainsFunc(b, unicode.IsDigit) {
			t.Errorf("%q", b)
		}
	}
	seen := map[string]bool{}
	for k := 0; k < 3*len(nameWords)*len(nameWords)/2; k += 7 {
		r := newRNG(1, stCrate, uint64(k))
		n := strings.ReplaceAll(crateName(k, &r), "_", "-")
		if seen[n] {
			t.Fatalf("crate name %q repeats (index %d)", n, k)
		}
		seen[n] = true
	}
}
