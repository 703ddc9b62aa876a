package dumpgen

import (
	"strings"
)

// readmeKind says how a README is built with respect to the pattern
// (?i)(blazing|blazingly|\p{Nd}+): the generator knows by construction
// whether each README matches, and the tests hold it to that.
type readmeKind uint8

const (
	// rkTypical READMEs contain ASCII digits (versions, badges, dates).
	rkTypical readmeKind = iota
	// rkBlazing READMEs have no digit of any script but say "blazing" in
	// some letter case, so only the word alternative matches.
	rkBlazing
	// rkUnicode READMEs have no ASCII digit and no "blazing" but contain
	// decimal digits of other scripts (Arabic-Indic, Devanagari, fullwidth,
	// mathematical bold...), so only a Unicode-aware \d matches.
	rkUnicode
	// rkPlain READMEs match nothing: prose, CJK, emoji, superscripts, Roman
	// numerals and near misses such as "blazin" or "BLAZİNG".
	rkPlain
)

// matches reports whether a README of kind k matches the pattern.
func (k readmeKind) matches() bool { return k != rkPlain }

// Unicode decimal digits (general category Nd) used by rkUnicode READMEs.
// All are in Go 1.26's unicode.Nd (Unicode 15), checked by the tests.
var unicodeDigitPhrases = []string{
	"Supports \u0663 storage backends out of the box.",                                                                                     // Arabic-Indic three
	"Tested with \u06f1\u06f2 worker threads on every release.",                                                                            // Extended Arabic-Indic
	"\u0938\u0902\u0938\u094d\u0915\u0930\u0923 \u0967.\u0968 \u092e\u0947\u0902 \u0928\u092f\u093e \u0915\u094d\u092f\u093e \u0939\u0948", // Devanagari १.२
	"\uff56\uff45\uff52\uff53\uff49\uff4f\uff4e\u3000\uff11\uff0e\uff10 is the first stable line.",                                         // fullwidth １．０
	"Targets the \U0001d7d0\U0001d7ce\U0001d7d0\U0001d7d2 edition of the language.",                                                        // mathematical bold 2024
	"\u09e9\u099f\u09bf \u0989\u09a6\u09be\u09b9\u09b0\u09a3 \u09a6\u09c7\u0996\u09c1\u09a8\u0964",                                         // Bengali ৩
	"\u0e23\u0e2d\u0e07\u0e23\u0e31\u0e1a \u0e53 \u0e41\u0e1e\u0e25\u0e15\u0e1f\u0e2d\u0e23\u0e4c\u0e21",                                   // Thai ๓
	"Step \u0be8: configure the \u0b95\u0bc1\u0bb1\u0bbf\u0baf\u0bc0\u0b9f\u0bc1 module.",                                                  // Tamil ௨
	"Version \u0661\u066b\u0664 adds streaming support.",                                                                                   // Arabic-Indic ١٫٤
}

// Phrases that must NOT match: superscripts, subscripts, Roman numerals,
// circled numbers and vulgar fractions are not Nd.
var notDigitPhrases = []string{
	"The lookup is O(n\u00b2) in the worst case and O(n) on average.",
	"Volumes are reported in m\u00b3 and areas in km\u00b2.",
	"Chapter \u216b covers the internals; chapter \u2163 the public API.",
	"Follow the steps \u2460 \u2461 \u2462 below.",
	"About \u00bd of the time is spent in the tokenizer.",
	"Models H\u2082O and CO\u2082 molecules.",
	"Part \u2177 of the guide is still a draft.",
}

// Near misses of "blazing" that simple case folding does not match.
var nearMisses = []string{
	"blazin'", "blaz ing", "BLAZ\u0130NG", "blaz\u0131ng", "Blazng", "b l a z i n g",
	"\uff42\uff4c\uff41\uff5a\uff49\uff4e\uff47", "blazi-ng", "BLAZE IN G",
}

// Spellings of the matching word.
var blazingWords = []string{
	"blazing", "Blazing", "BLAZING", "blazingly", "Blazingly", "BLAZINGLY",
	"blazing-fast", "Blazing-fast", "bLaZiNg", "blazingly-fast",
}

var cjkPhrases = []string{
	"\u8fd9\u662f\u4e00\u4e2a\u5feb\u901f\u3001\u5b89\u5168\u7684\u89e3\u6790\u5e93\u3002",
	"\u65e5\u672c\u8a9e\u306e\u30c9\u30ad\u30e5\u30e1\u30f3\u30c8\u306f\u3053\u3061\u3089\u3002",
	"\ud55c\uad6d\uc5b4 \ubb38\uc11c\ub97c \ucc38\uace0\ud558\uc138\uc694.",
	"\u652f\u6301\u5f02\u6b65\u548c\u540c\u6b65\u4e24\u79cd\u6a21\u5f0f\u3002",
	"\u3053\u306e\u30af\u30ec\u30fc\u30c8\u306f\u5b9f\u9a13\u7684\u3067\u3059\u3002",
}

var emoji = []string{"\U0001f680", "\U0001f980", "\u2728", "\u26a1", "\U0001f525", "\U0001f4e6", "\u2705", "\U0001f6a7"}

// readmeGen appends one README to b.
type readmeGen struct {
	r      *rng
	b      []byte
	kind   readmeKind
	name   string // crate name, digit-free when digits is false
	ident  string // name as a Rust identifier
	user   string
	digits bool // ASCII digits allowed
	wrap   bool // hard-wrap prose at about 72 columns
	col    int  // current column when wrapping
}

func (g *readmeGen) s(s string) { g.b = append(g.b, s...) }

func (g *readmeGen) nl() { g.b = append(g.b, '\n'); g.col = 0 }

// word appends w to prose, wrapping lines when enabled.
func (g *readmeGen) word(w string) {
	if g.col > 0 {
		if g.wrap && g.col+len(w) > 72 {
			g.b = append(g.b, '\n')
			g.col = 0
		} else {
			g.b = append(g.b, ' ')
			g.col++
		}
	}
	g.b = append(g.b, w...)
	g.col += len(w)
}

func (g *readmeGen) words(s string) {
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			g.word(s)
			return
		}
		if i > 0 {
			g.word(s[:i])
		}
		s = s[i+1:]
	}
}

// Syllables of pseudo-words: project names and identifiers that give the
// text a realistic vocabulary size (and so a realistic compression ratio).
// There is no z, so no pseudo-word can spell "blazing".
var syllables = strings.Fields(`ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go gu
ha he hi ho ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro
ru sa se si so su ta te ti to tu va ve vi vo wa we wi ya yo an en in on un ar er ir or ur al el il
ol ul ax ex ix ox st tr pl gr dr br cr fl sh ch th qu`)

// pseudo returns a pronounceable made-up word of 2 to 4 syllables.
func (g *readmeGen) pseudo() string {
	n := 2 + g.r.intn(3)
	var b [16]byte
	out := b[:0]
	for i := 0; i < n; i++ {
		out = append(out, pick(g.r, syllables)...)
	}
	return string(out)
}

// hexToken returns n random hex digits (typical READMEs only: it has digits).
func (g *readmeGen) hexToken(n int) string {
	return string(appendHex(nil, g.r, (n+1)/2)[:n])
}

func (g *readmeGen) num(lo, hi int) string {
	return itoa(g.r.rangeIn(lo, hi))
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := v < 0
	if neg {
		v = -v
	}
	for v > 0 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

func (g *readmeGen) version() string {
	return g.num(0, 4) + "." + g.num(0, 30) + "." + g.num(0, 12)
}

// sentence appends one sentence of prose.
func (g *readmeGen) sentence() {
	r := g.r
	switch r.intn(15) {
	case 12:
		p := g.pseudo()
		g.words("Inspired by [" + title(p) + "](https://github.com/" + g.pseudo() + "/" + p + ") and the `" + g.pseudo() + "` crate.")
	case 13:
		g.words("Call `" + g.pseudo() + "_" + g.pseudo() + "()` to " + pick(r, []string{"flush", "reset", "inspect", "close", "refresh"}) + " the " + pick(r, nounWords) + " before " + pick(r, gerundWords) + ".")
	case 14:
		if g.digits {
			g.words("![screenshot](https://user-images.githubusercontent.com/" + g.num(1000, 9999999) + "/" + g.hexToken(8) + "-" + g.hexToken(4) + "-" + g.hexToken(12) + ".png) (fixed in " + g.hexToken(7) + ")")
		} else {
			g.words("Thanks to " + title(g.pseudo()) + " " + title(g.pseudo()) + " for the " + pick(r, nounWords) + " design.")
		}
	case 0:
		g.words("`" + g.name + "` is a " + pick(r, adjWords) + " " + pick(r, nounWords) + " for " + pick(r, gerundWords) + " " + plural(pick(r, nounWords)) + ".")
	case 1:
		g.words("It provides " + pick(r, adjWords) + " " + plural(pick(r, nounWords)) + ", " + pick(r, adjWords) + " " + plural(pick(r, nounWords)) + " and " + pick(r, nounWords) + " support.")
	case 2:
		g.words("This crate " + pick(r, verbWords) + " " + plural(pick(r, nounWords)) + " without an extra " + pick(r, nounWords) + ".")
	case 3:
		g.words("The `" + title(pick(r, nameWords)) + "` type " + pick(r, verbWords) + " the " + pick(r, nounWords) + " in place, so you don't need to worry about the " + pick(r, nounWords) + ".")
	case 4:
		g.words("See the [documentation](https://docs.rs/" + g.name + ") for more details, or open an issue on [GitHub](https://github.com/" + g.user + "/" + g.name + "/issues).")
	case 5:
		g.words("Unlike other " + plural(pick(r, nounWords)) + ", it is \"" + pick(r, adjWords) + "\" by default, which means the " + pick(r, nounWords) + " never blocks.")
	case 6:
		g.words("Note: the API is still evolving; expect breaking changes between minor releases.")
	case 7:
		g.words("Contributions are welcome (bug reports, documentation, " + pick(r, gerundWords) + " improvements), please read CONTRIBUTING.md first.")
	case 8:
		g.words("When " + pick(r, gerundWords) + " large inputs, the " + pick(r, nounWords) + " reuses its " + pick(r, nounWords) + ", avoiding allocations.")
	case 9:
		if g.digits {
			g.words("Version " + g.version() + " is about " + g.num(2, 40) + "% faster than the previous release on our benchmarks.")
		} else {
			g.words("It works on Linux, macOS and Windows, and in `no_std` environments with the `alloc` feature.")
		}
	case 10:
		if g.digits {
			g.words("The minimum supported Rust version (MSRV) is " + g.num(1, 1) + "." + g.num(56, 85) + ".")
		} else {
			g.words("It is tested on stable, beta and nightly Rust.")
		}
	default:
		g.words(title(pick(r, gerundWords)) + " is done " + pick(r, []string{"lazily", "eagerly", "incrementally", "in parallel", "on demand"}) + ", and every " + pick(r, nounWords) + " can be " + pick(r, []string{"cloned", "shared across threads", "serialized", "inspected"}) + ".")
	}
}

func (g *readmeGen) paragraph() {
	n := g.r.rangeIn(1, 5)
	for i := 0; i < n; i++ {
		g.sentence()
	}
	g.nl()
	g.nl()
}

func (g *readmeGen) heading(level int, text string) {
	if level == 1 && g.r.chance(200) {
		g.s(text)
		g.nl()
		g.s(strings.Repeat("=", len(text)))
		g.nl()
		g.nl()
		return
	}
	g.s(strings.Repeat("#", level))
	g.s(" ")
	g.s(text)
	g.nl()
	g.nl()
}

func (g *readmeGen) badges() {
	u := "https://github.com/" + g.user + "/" + g.name
	g.s("[![Crates.io](https://img.shields.io/crates/v/" + g.name + ".svg)](https://crates.io/crates/" + g.name + ")\n")
	g.s("[![Documentation](https://docs.rs/" + g.name + "/badge.svg)](https://docs.rs/" + g.name + ")\n")
	if g.r.chance(600) {
		g.s("[![CI](" + u + "/actions/workflows/ci.yml/badge.svg)](" + u + "/actions)\n")
	}
	if g.digits {
		g.s("[![License](https://img.shields.io/badge/license-MIT%2FApache--2.0-blue.svg)](" + u + "#license)\n")
		if g.r.chance(300) {
			g.s("[![MSRV](https://img.shields.io/badge/rustc-1." + g.num(56, 85) + "+-lightgray.svg)](https://blog.rust-lang.org/)\n")
		}
	}
	g.nl()
}

func (g *readmeGen) list() {
	n := g.r.rangeIn(2, 7)
	bullet := pick(g.r, []string{"-", "*", "+"})
	for i := 0; i < n; i++ {
		g.s(bullet)
		g.col = 1
		switch g.r.intn(3) {
		case 0:
			g.words("**" + title(pick(g.r, adjWords)) + "**: " + pick(g.r, verbWords) + " " + plural(pick(g.r, nounWords)))
		case 1:
			g.words("`" + pick(g.r, nameWords) + "` feature, " + pick(g.r, gerundWords) + " of " + plural(pick(g.r, nounWords)))
		default:
			g.sentence()
		}
		g.nl()
	}
	g.nl()
}

func (g *readmeGen) install() {
	g.heading(2, pick(g.r, []string{"Installation", "Usage", "Getting started", "Install"}))
	g.s("Add this to your `Cargo.toml`:\n\n```toml\n[dependencies]\n")
	if g.digits {
		g.s(g.name + " = \"" + g.num(0, 3) + "." + g.num(0, 20) + "\"\n")
		if g.r.chance(300) {
			g.s("serde = { version = \"1.0\", features = [\"derive\"] }\n")
		}
	} else {
		g.s(g.name + " = { git = \"https://github.com/" + g.user + "/" + g.name + "\" }\n")
	}
	g.s("```\n\n")
	if g.r.chance(400) {
		g.s("or run `cargo add " + g.name + "`.\n\n")
	}
}

func (g *readmeGen) code() {
	r := g.r
	typ := title(g.pseudo()) + title(pick(r, nounWords))
	method := pick(r, []string{"parse", "run", "build", "decode", "encode", "load", "render", "send"})
	g.s("```rust\nuse " + g.ident + "::{" + typ + ", Error};\n\n")
	g.s("fn main() -> Result<(), Box<dyn std::error::Error>> {\n")
	if g.digits {
		g.s("    let cfg = " + typ + "::builder().capacity(" + g.num(1, 65536) + ").timeout_ms(" + g.num(10, 5000) + ").build()?;\n")
	} else {
		g.s("    let cfg = " + typ + "::builder().capacity(usize::MAX).build()?;\n")
	}
	g.s("    let input = \"key = \\\"value\\\", other = 'x', list = [a, b, c]\";\n")
	if r.chance(500) {
		g.s("    let path = r\"C:\\Users\\dev\\" + pick(r, nameWords) + ".toml\";\n")
	}
	if r.chance(400) {
		g.s("    let escaped = \"tab\\tnewline\\n backslash \\\\ quote \\\"\";\n")
	}
	v := g.pseudo()
	g.s("    let " + v + " = cfg." + method + "(input)?;\n")
	g.s("    let out = " + v + ".into_" + g.pseudo() + "();\n")
	g.s("    println!(\"{:?}, {}\", out, input);\n")
	if r.chance(300) {
		g.s("    assert_eq!(out.len(), input.len(), \"lengths differ: {}, {}\", out.len(), input.len());\n")
	}
	g.s("    Ok(())\n}\n```\n\n")
}

func (g *readmeGen) shell() {
	g.s("```sh\n$ cargo install " + g.name + "\n$ " + g.name + " --help\n")
	if g.digits {
		g.s("$ " + g.name + " --jobs " + g.num(1, 16) + " input.txt > out.csv\n")
	} else {
		g.s("$ " + g.name + " --verbose input.txt > out.csv\n")
	}
	g.s("```\n\n")
}

func (g *readmeGen) table() {
	g.s("| Feature | Default | Description |\n|---------|:-------:|-------------|\n")
	n := g.r.rangeIn(2, 6)
	for i := 0; i < n; i++ {
		g.s("| `" + pick(g.r, nameWords) + "` | " + pick(g.r, []string{"yes", "no", "\u2705", "\u274c"}) + " | ")
		g.s(title(pick(g.r, gerundWords)) + " of " + plural(pick(g.r, nounWords)) + ", with \"" + pick(g.r, adjWords) + "\" semantics |\n")
	}
	g.nl()
}

func (g *readmeGen) bench() {
	g.heading(2, "Benchmarks")
	g.s("| input | " + g.name + " | baseline |\n|---|---:|---:|\n")
	n := g.r.rangeIn(2, 5)
	for i := 0; i < n; i++ {
		g.s("| " + g.num(1, 999) + " KiB | " + g.num(1, 900) + "." + g.num(0, 9) + " \u00b5s | " + g.num(100, 9000) + " \u00b5s |\n")
	}
	g.nl()
}

func (g *readmeGen) changelog() {
	g.heading(2, "Changelog")
	n := g.r.rangeIn(1, 6)
	for i := 0; i < n; i++ {
		g.s("### " + g.version() + " (20" + g.num(15, 26) + "-0" + g.num(1, 9) + "-" + g.num(10, 28) + ")\n\n")
		g.s("-")
		g.col = 1
		g.sentence()
		g.nl()
		g.s("- Fixed #" + g.num(1, 999) + ":")
		g.col = 13
		g.sentence()
		g.nl()
		g.nl()
	}
}

// fakeCSV appends lines that look exactly like crates.csv rows, with and
// without quotes, as READMEs that document CSV formats do.
func (g *readmeGen) fakeCSV() {
	g.s(pick(g.r, []string{"Example input:\n\n", "The exported file looks like this:\n\n", ""}))
	fence := g.r.chance(600)
	if fence {
		g.s("```csv\n")
	}
	if g.digits {
		g.s("created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at\n")
		g.s("2017-01-17 19:13:05.112025+00,\"A \"\"quoted\"\", comma, laden description\",,https://example.com," + g.num(1, 999999) + ",,,\"" + g.name + "\",,https://github.com/" + g.user + "/" + g.name + ",f,2017-01-18 10:00:00+00\n")
		g.s("2019-05-05 05:05:05.5+00,plain description,,," + g.num(1, 999999) + ",,,other-crate,,,t,2019-05-05 05:05:05+00\n")
		if g.r.chance(500) {
			g.s("2020-02-02 02:02:02+00,\"multi\nline\",,,7,,,x,\"\",,f,2020-02-02 02:02:02+00\n")
		}
	} else {
		g.s("name,description,homepage\n")
		g.s(g.name + ",\"A \"\"quoted\"\", comma, laden description\",https://example.com\n")
		g.s("other-crate,plain description,\n")
		g.s(",,\n\"\",\"\",\"\"\n")
	}
	if fence {
		g.s("```\n")
	}
	g.nl()
}

func (g *readmeGen) html() {
	g.s("<p align=\"center\">\n  <img src=\"https://raw.githubusercontent.com/" + g.user + "/" + g.name + "/main/logo.svg\"")
	if g.digits {
		g.s(" width=\"" + g.num(64, 400) + "\"")
	}
	g.s(" alt=\"" + g.name + " logo\">\n</p>\n\n")
}

func (g *readmeGen) license() {
	g.heading(2, "License")
	if g.digits {
		g.words("Licensed under either of Apache License, Version 2.0 or MIT license at your option.")
		g.nl()
		g.nl()
		g.words("Unless you explicitly state otherwise, any contribution intentionally submitted for inclusion in this crate by you, as defined in the Apache-2.0 license, shall be dual licensed as above, without any additional terms or conditions.")
	} else {
		g.words("Licensed under either of the Apache License or the MIT license, at your option.")
	}
	g.nl()
}

// flavour appends the kind-specific content: the only places where a
// non-typical README gets something that matches (or nearly matches).
func (g *readmeGen) flavour() {
	r := g.r
	switch g.kind {
	case rkBlazing:
		g.words(pick(r, blazingWords) + " " + pick(r, []string{"fast", "quick", "small", "speed", "performance"}) + ", " + pick(r, adjWords) + " and " + pick(r, adjWords) + ".")
	case rkUnicode:
		g.words(pick(r, unicodeDigitPhrases))
	case rkTypical:
		if r.chance(120) {
			g.words(pick(r, emoji) + " " + pick(r, blazingWords) + " fast " + pick(r, nounWords) + ".")
		} else {
			g.words("Current release: " + g.version() + ".")
		}
	case rkPlain:
		switch r.intn(4) {
		case 0:
			g.words("Not exactly " + pick(r, nearMisses) + " fast, but " + pick(r, adjWords) + ".")
		case 1:
			g.words(pick(r, notDigitPhrases))
		case 2:
			g.words(pick(r, cjkPhrases))
		default:
			g.words(pick(r, emoji) + " " + title(pick(r, adjWords)) + " and " + pick(r, adjWords) + ".")
		}
	}
	g.nl()
	g.nl()
}

// extra appends one optional block; used to reach the target length.
func (g *readmeGen) extra() {
	r := g.r
	switch r.intn(16) {
	case 0, 1, 2, 3:
		g.paragraph()
	case 4:
		g.heading(2+r.intn(2), title(pick(r, gerundWords))+" "+plural(pick(r, nounWords)))
	case 5, 6:
		g.list()
	case 7, 8:
		g.code()
	case 9:
		g.table()
	case 10:
		g.shell()
	case 11:
		if g.digits {
			g.bench()
		} else {
			g.paragraph()
		}
	case 12:
		if g.digits {
			g.changelog()
		} else {
			g.list()
		}
	case 13:
		if r.chance(300) {
			g.fakeCSV()
		} else {
			g.paragraph()
		}
	case 14:
		g.flavour()
	default:
		if r.chance(250) {
			g.words(pick(r, cjkPhrases) + " " + pick(r, emoji))
			g.nl()
			g.nl()
		} else {
			g.paragraph()
		}
	}
}

// build appends a README of about target bytes (never less than a title and
// one paragraph) and returns the buffer.
func (g *readmeGen) build(target int) []byte {
	start := len(g.b)
	r := g.r
	if g.kind == rkPlain && r.chance(350) {
		// A short plain description, as many small crates have.
		g.heading(1, g.name)
		g.paragraph()
		g.flavour()
		for len(g.b)-start < target {
			g.paragraph()
		}
		return g.b
	}
	g.heading(1, g.name)
	if r.chance(150) {
		g.html()
	}
	if g.digits || r.chance(500) {
		g.badges()
	}
	g.paragraph()
	g.flavour()
	if r.chance(700) {
		g.install()
	}
	if r.chance(600) {
		g.code()
	}
	if g.kind == rkTypical && r.chance(60) {
		g.fakeCSV()
	}
	for len(g.b)-start < target-300 {
		g.extra()
	}
	if r.chance(600) {
		g.license()
	}
	return g.b
}

// title upper-cases the first ASCII letter of s.
func title(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// plural returns the English plural of a noun from nounWords.
func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "y"):
		return n[:len(n)-1] + "ies"
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "sh"), strings.HasSuffix(n, "ch"):
		return n + "es"
	}
	return n + "s"
}
