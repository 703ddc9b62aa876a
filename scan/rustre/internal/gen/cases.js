#!/usr/bin/env node
// cases.js records what polars answers for many (pattern, haystack) pairs: pl.col(..).str.extract(P, 1), the
// expression blaze count reproduces. Each pattern runs over a group of haystacks in one DataFrame; an invalid
// pattern is recorded once with polars' error. The output (stdout) is testdata/polars_cases.json, one case
// per line, in the order below, so the same polars gives the same file.
//
// Usage: node cases.js PEERS_DIR > ../../testdata/polars_cases.json
"use strict";
const path = require("path");

const peers = process.argv[2];
if (!peers) {
  console.error("usage: node cases.js PEERS_DIR");
  process.exit(2);
}
const pl = require(path.join(path.resolve(peers), "node_modules", "nodejs-polars"));
const R = String.raw;

// Haystack groups. CRLF, CJK, emoji (astral, with modifiers), combining marks, and every letter that the
// case folding corners involve.
const general = [
  "", "abc", "ABC abc 123", "foo\r\nbar\nbaz\r", "a\nb\r\nc\rd", "\r\n", "日本語テキスト 東京 ｶﾀｶﾅ",
  "emoji 😀👍🏽 ok", "e\u0301 cafe\u0301 combining", "x_y z-w", "Straße STRASSE", "Ünïcödé wörds",
  "tab\there\u000b\u000c\u0085\u00a0\u2028\u3000end", "1,234.56 and ٣٤ and １２", "[]{}()|\\^$.*+?#&-~",
  "aaa bbb aab", "Σίσυφος ΣΊΣΥΦΟΣ", "blazingly fast", "BLAZİNG blazıng", "ΐ ΰ",
];
const folding = [
  "K", "k", "\u212A", "S", "s", "\u017F", "ß", "ẞ", "SS", "Σ", "σ", "ς", "I", "i", "İ", "ı", "Ꭰ", "ꭰ", "Ᏸ", "ᏸ",
  "\u{10D50}", "\u{10D70}", "\u{10D65}", "\u{10D85}", "Ά", "ά", "Ό", "ό", "ΐ", "\u1FD3", "ΰ", "\u1FE3", "µ", "μ", "Μ",
  "Å", "å", "\u212B", "ǅ", "ǆ", "Ǆ", "ﬀ", "\u1C89", "\u1C8A", "\u1E9E", "ϴ", "θ", "ϑ", "Θ", "ͅ", "ι", "ι", "ꟋꟌ", "ɤ",
];
const digits = [
  "0", "9", "٣", "３", "𝟙", "²", "Ⅻ", "\u{10D40}", "\u{10D49}", "\u{1CCF0}", "\u{1CCF9}", "\u{16130}", "\u{16139}",
  "\u{11BF0}", "\u{11BF9}", "\u{16D70}", "\u{16D79}", "\u{1E5F1}", "\u{1E5FA}", "\u{116D0}", "\u{116E3}", "x9",
  "ab 12 cd", "\u{1E950}", "〇", "൦",
];
const words = [
  "naïve café", "Ωmega-alpha", "über straße", "日本", "a😀b", "e\u0301x", "_x_", "x\u200dy", "İstanbul",
  "foo bar", "\u{10D50}\u{10D51}", "٣x", "ǅungla", " lead", "trail ", "",
];

const cases = [];
function group(hays, pats) {
  for (const p of pats) cases.push([p, hays]);
}

group(general.concat(digits, folding), [
  R`(?im)(blazing|blazingly|\d+)`, R`(blazing|blazingly|\d+)`, R`(?i)(blazing)`, R`(\d+)`, R`(\d)`, R`(\D+)`,
]);
group(digits, [R`(\p{Nd})`, R`(\p{N}+)`, R`(\p{No})`, R`(\p{Nl})`, R`(?-u:(\d+))`, R`([[:digit:]])`, R`(\d\d)`]);
group(folding, [
  R`(?i)(k)`, R`(?i)(K)`, R`(?i)(\x{212A})`, R`(?i)(s)`, R`(?i)(ſ)`, R`(?i)(ß)`, R`(?i)(ẞ)`, R`(?i)(ss)`, R`(?i)(σ)`,
  R`(?i)(Σ)`, R`(?i)(ς)`, R`(?i)(i)`, R`(?i)(I)`, R`(?i)(İ)`, R`(?i)(ı)`, R`(?i)(Ꭰ)`, R`(?i)(ꭰ)`, R`(?i)(ᏸ)`,
  R`(?i)(\x{10D50})`, R`(?i)(\x{10D70})`, R`(?i)(\x{10D65})`, R`(?i)(ά)`, R`(?i)(Ά)`, R`(?i)(ΐ)`, R`(?i)(ΰ)`,
  R`(?i)(µ)`, R`(?i)(Å)`, R`(?i)(ǅ)`, R`(?i)(ﬀ)`, R`(?i)(\x{1C89})`, R`(?i)(θ)`, R`(?i)(ͅ)`, R`(?i)(Ꟍ)`,
  R`(?i)([a-z]+)`, R`(?i)([k-s])`, R`(?i)([^k])`, R`(?i)([^a-z])`, R`(?i)(\p{Lu})`, R`(?i)(\P{Lu})`,
  R`(?i)(\p{Ll}+)`, R`(?i)([[:upper:]])`, R`(?i)([[:^lower:]])`, R`(?i)([\p{Lu}--K])`, R`(?i)([\w&&k])`,
  R`(?i)([^\P{Greek}])`, R`(?i-u)(k)`, R`(?i-u)(s)`, R`(?-u)(?i)([a-z])`, R`(?i)(?-u:(ß))`, R`(?i)(\w)`,
  R`(?i)(\W)`, R`(?i)([\W])`, R`(?i)(\s|\S)`, R`(?i:(k))|(s)`, R`(\p{Lt})`, R`(\p{Cased})`, R`(\p{Lower})`,
  R`(\p{Changes_When_Casefolded})`, R`(\p{Garay})`, R`(?i)(\p{Garay})`, R`(\p{Cherokee})`, R`(\p{sc=Grek}+)`,
]);
group(words, [
  R`(\b\w+\b)`, R`(\w+)\b`, R`\b(\w)`, R`(\B\w)`, R`(\w\B)`, R`(\b{start}\w+)`, R`(\w+\b{end})`,
  R`(\b{start-half}\w)`, R`(\w\b{end-half})`, R`(\<\w)`, R`(\w\>)`, R`(?-u:\b)(\w+)`, R`(?-u:\b)(.)`,
  R`(?-u:\B)(.)`, R`(.)(?-u:\b)`, R`(?-u:\b{start})(.)`, R`(?-u:\b{end-half})(.)`, R`(\b)`, R`(\B)`,
  R`\b(\W+)\b`, R`(?-u:(\w+))`, R`(\w+)`, R`(\W+)`, R`(\b{ start }\w)`, R`(?x)(\b{ start }\w)`, R`(\b.\b)`,
]);
group(general, [
  // anchors, multi-line, CRLF mode, dot
  R`(^a)`, R`(?m)(^b)`, R`(c$)`, R`(?m)(.$)`, R`(?m)(^.)`, R`(?mR)(^.)`, R`(?mR)(.$)`, R`(?mR)^(.*)$`,
  R`(?m)^(.*)$`, R`(?R)(.+)`, R`(?s)(.+)`, R`(.+)`, R`(?s-s)(.+)`, R`\A(\w+)`, R`(\w+)\z`, R`(?m)(\w+)$`,
  R`(?mR)(\w+)$`, R`(?m)^$()`, R`(?mR)^$()`, R`(?m)($)`, R`(?mR)($)`, R`(^)`, R`(\r)`, R`(?R)(.)\r`,
  // empty matches, participation, numbering
  R`(\d*)`, R`(a*)`, R`(a)|b`, R`(b)|a`, R`abc`, R`(?:(a)|b)+`, R`((a)|b)+`, R`(a+?)`, R`(a{2,3}?)`,
  R`(a|ab)(c|bcd)(d*)`, R`(a*)(a)`, R`(a|)`, R`(|a)`, R`()`, R`(?:)(a)`, R`(?:a|(b))+`, R`(a)?b`,
  R`(?P<first>a)`, R`(?<n>\w)(\d)`, R`(?:(?P<x>a)|(?P<y>b))(c)?`, R`(?P<a.b[0]>a)`, R`(?P<é>b)`, R`(?P<_1>c)`,
  // greed
  R`(?U)(a+)`, R`(?U)(a+?)`, R`(?U)(a{1,2})`, R`(?U)(\w*)b`, R`(\w*?)b`, R`(?U:(a*))(a*)`,
  // flags scoping
  R`a(?i)b|c`, R`(?i)a(?-i)b|(c)`, R`((?i)a)(b)`, R`(?i:a)(b)`, R`(?x: a b )(c)`, R`(?i)(?-i:(a))`,
  // classes
  R`(\w{2,})`, R`(\W+)`, R`(\s+)`, R`(\S+)`, R`(?-u)(\w+)`, R`(?-u:(\s+))`, R`(?-u:(\d+))`, R`([[:alpha:]]+)`,
  R`([[:^alpha:]]+)`, R`([^[:space:]]+)`, R`([[:punct:]]+)`, R`([[:word:]]+)`, R`([[:xdigit:]]+)`,
  R`([[:cntrl:]]+)`, R`([[:blank:]]+)`, R`([[:graph:]]+)`, R`([[:print:]]+)`, R`([[:ascii:]]+)`, R`([[:space:]]+)`,
  R`([[:alnum:]]+)`, R`([[:lower:][:digit:]]+)`, R`([[:nope:]]+)`, R`([:alpha:]+)`,
  R`([\p{Han}\p{Katakana}]+)`, R`(\p{Emoji}+)`, R`(\p{Extended_Pictographic})`, R`(\p{gc=Mn})`, R`(\p{M})`,
  R`(\p{Mark})`, R`(\p{Greek}+)`, R`(\p{sc=Greek})`, R`(\p{scx=Hira})`, R`(\p{Script_Extensions=Katakana})`,
  R`(\p{IsGreek})`, R`(\p{ Greek })`, R`(\p{greek})`, R`(\p{GREEK})`, R`(\p{LC}+)`, R`(\p{sc})`, R`(\p{Sc})`,
  R`(\p{cf})`, R`(\p{lc})`, R`(\p{age=16.0})`, R`(\p{Age:V6_0}+)`, R`(\p{wb=ALetter}+)`, R`(\p{gcb=Extend})`,
  R`(\p{sb=Upper})`, R`(\p{Any}+)`, R`(\p{ASCII}+)`, R`(\p{Assigned}+)`, R`(\P{L}+)`, R`(\p{gc!=Lu}+)`,
  R`(\pN+)`, R`(\PL+)`, R`(\p{White_Space}+)`, R`(\p{Alphabetic}+)`, R`(\p{alpha}+)`, R`(\p{Uppercase})`,
  R`(\p{Lowercase}+)`, R`(\p{Is_Alpha}+)`, R`(\p{gc=L}+)`, R`(\p{General_Category=Letter}+)`, R`(\p{Zs})`,
  R`(\p{Cc})`, R`(\p{Co})`, R`(\p{Cn})`, R`(\p{C}+)`, R`(\p{Dash})`, R`(\p{Hex}+)`, R`(\p{scx=Latn}+)`,
  R`(\p{Common}+)`, R`(\p{Zyyy}+)`, R`(\p{Inherited})`, R`(\p{Emoji_Modifier})`, R`(\P{Any})`,
  R`([\w--\d]+)`, R`([\w&&\p{Greek}]+)`, R`([\p{L}~~\p{Ll}]+)`, R`([a-c[x-z]]+)`, R`([^a-c[x-z]]+)`,
  R`([]a]+)`, R`([^]a]+)`, R`([a-]+)`, R`([-a]+)`, R`([--a]+)`, R`([a\-z]+)`, R`([\[\]]+)`, R`([&&a]+)`,
  R`([a&&]+)`, R`([a--]+)`, R`([~~a]+)`, R`([a-c&&b-d--c]+)`, R`([\d\s]+)`, R`([^\d\s]+)`, R`([\D])`,
  R`([^\x00-\x{10FFFF}])`, R`(a[^\x00-\x{10FFFF}]|b)`, R`([a&&b])`, R`([^\w\W])`, R`([\x{1F600}-\x{1F64F}]+)`,
  R`([😀-🙏]+)`, R`([a-c&&[^b]])`, R`([[a]&&[^a]])|(a)`, R`([&])`, R`([~])`, R`([a~b])`, R`([a&b])`, R`(&&)`,
  R`(~~)`, R`(--)`, R`([\^])`, R`([a^])`, R`([.])`, R`([\]])`, R`([]])`,
  // escapes
  R`(\x41)`, R`(\x61\x62)`, R`(\x{1F600})`, R`(\u00e9)`, R`(\u{e9})`, R`(\U0001F600)`, R`(\U{1F600})`, R`(\t)`,
  R`(\n)`, R`(\r\n)`, R`(\f)`, R`(\v)`, R`(\a)`, R`(\.)`, R`(\#)`, R`(\&)`, R`(\-)`, R`(\~)`, R`(\ )`, R`(\")`,
  R`(\%)`, R`(\')`, R`(\,)`, R`(\/)`, R`(\:)`, R`(\;)`, R`(\=)`, R`(\@)`, R`(\_)`, "(\\`)", R`(\!)`, R`(\^)`,
  R`(\$)`, R`(\|)`, R`(\{)`, R`(\})`, R`(\[)`, R`(\])`, R`(\()`, R`(\))`, R`(\*)`, R`(\+)`, R`(\?)`, R`(\\)`,
  R`(\x{0})`, R`(\x{000041})`, R`(\x7F)`, R`(\xff)`, R`(\xFF)`, R`(\x{10FFFF})`,
  // x mode
  R`(?x)( a b )`, "(?x)(a # comment\n b)", R`(?x)([a b]+)`, R`(?x)(\ )`, R`(?x)(a{2, 3})`, R`(?x)(\x 4 1)`,
  R`(?x)(\p{ Gr eek })`, R`(?x)([a - c]+)`, R`(?x)(a)#(b)`, R`(?x)(a)\#(b)`, R`(?x)[#]`, R`(?x)([ ^a]+)`,
  R`(?x)(a){ 2 }`, R`(?x)( ?: a)`, R`(?x)(a | b)`, "(?x)(\\x{ 4 1 })", R`(?x:a b)( c )`,
  // repetition
  R`(a{2})`, R`(a{2,})`, R`(a{ 2 })`, R`(a{2 , 3})`, R`(a{2,3})`, R`(a{0})`, R`a{0}(b)`, R`(a**)`, R`(a+*)`,
  R`(a*?)`, R`(?:a?)*(b)`, R`(a{1000})`, R`(a{1001})`, R`(\w{2}{3})`, R`(a{0,0})`, R`(a{01})`, R`(^*a)`,
  R`(\b+a)`, R`(a?)+`, R`(a{1,}?)`, R`(a{2}?)`,
]);

// Unicode property names: the long names rustre carries (from Go's unicode package and the Unicode
// standard, see names.go), the Unicode 16 scripts, and aliases it leaves out (which polars accepts and rustre
// reports as unsupported). Haystacks hold a letter of each Unicode 16 script.
group(["abc", "ΩΣω", "١٢", "\u{10D50}\u{10D70}", "\u{16100}\u{16130}", "\u{16D40}", "\u{1E5D0}\u{1E5F1}", "\u{11BC0}",
  "\u{105C0}", "\u{11380}", "a.b!", "\u0300x", "日本", "\u{1F600}"], [
  R`(\p{Garay}+)`, R`(\p{Gurung_Khema}+)`, R`(\p{Kirat_Rai}+)`, R`(\p{Ol_Onal}+)`, R`(\p{Sunuwar}+)`, R`(\p{Todhri}+)`,
  R`(\p{Tulu_Tigalari}+)`, R`(\p{scx=Gurung_Khema}+)`, R`(\p{sc=Garay}+)`, R`(\p{Hex_Digit}+)`, R`(\p{scx=Hiragana})`,
  R`(\p{scx=Latin}+)`, R`(\p{Uppercase_Letter}+)`, R`(\p{Decimal_Number}+)`, R`(\p{gc=punct}+)`, R`(\p{digit}+)`,
  R`(\p{cntrl})`, R`(\p{Combining_Mark}+)`, R`(\p{STerm}+)`, R`(\p{Sentence_Terminal}+)`, R`(\p{Word_Break=ALetter}+)`,
  R`(\p{Modifier_Combining_Mark})`, R`(\p{IDS_Unary_Operator})`, R`(\p{Hyphen})`, R`(\p{Grapheme_Link})`,
  R`(\p{Grek}+)`, R`(\p{Latn}+)`, R`(\p{sc=Gara}+)`, R`(\p{Alpha}+)`, R`(\p{WSpace})`, R`(\p{wb=LE}+)`, R`(\p{gcb=EX})`,
]);

// Repetitions whose body can match the empty string: the regex crate's automata and a backtracker iterate
// them differently, so both engines are checked against polars here.
group(["", "a", "aa", "ab", "abc", "bc", "b", "aab", "ba", "cab", "bcbc"], [
  R`(|a)*`, R`(|a)+`, R`(a|)*`, R`(a|)+`, R`(?:b?|c)*`, R`(b?|c)*`, R`(a?)*`, R`(a?)+`, R`(a?){2,3}`, R`(a?){1,3}b`,
  R`(|a){2,}`, R`(a*)*`, R`(a*)+`, R`(a*|b)*`, R`(?:(a)|b?)*`, R`(?:(a)|b?)*?c`, R`((?:|a)*)`, R`((a?){1,3}b)`,
  R`(a?){0,2}`, R`((?:b?|c){0,3})`, R`(?:(a)|b?){0,3}`, R`(|a){2}`, R`(a|){1,2}b`, R`(a*?){1,2}`, R`(a{0,2}?)(b)?`,
  R`(?:a{0,2}){2}(b)`, R`((?:a|b?)*)`, R`((?:b?|c)+)`, R`(?:(b?)|c)*`, R`(?:(b?)|(c))*`,
]);

// Patterns the regex crate may reject: run once each over a single haystack.
group(["a", "ab"], [
  R`(`, R`)`, R`[a`, R`a{`, R`*a`, R`(?i`, R`(?z)`, R`(?)`, R`(?-)`, R`(?i-)`, R`(?--i)`, R`(?ii)`, R`(?i-i)`,
  R`\1`, R`\0`, R`\8`, R`\e`, R`\c`, R`\Q`, R`\K`, R`\<`, R`\>`, R`\_`, R`\p{Foo}`, R`\p{gc=Foo}`, R`\p{Greek=Foo}`,
  R`\p{sc=Unknown}`, R`\pX`, R`\x{110000}`, R`\x{D800}`, R`\xZZ`, R`\u{}`, R`\x`, R`\x4`, R`[z-a]`, R`[a-\d]`,
  R`(?=a)`, R`(?!a)`, R`(?<=a)`, R`(?<!a)`, R`(?P=n)`, R`(?#c)`, R`a{4294967296}`, R`a{4294967295}`, R`(?-u:\xFF)`,
  R`(?-u:.)`, R`(?-u:\W)`, R`(?-u:\D)`, R`(?-u:\S)`, R`(?-u:[^a])`, R`(?-u:[é])`, R`(?-u:(é))`, R`(?-u:(\x{FF}))`,
  R`(?-u:\p{L})`, R`(?-u:[[:^alpha:]])`, R`(?-u:(\B))`, R`(?-u:(?s:.))`, R`(?-u:[\xFF])`, R`(?-u:[\x7F])(a)?`,
  R`\b{foo}`, R`\b{start`, R`(\b{)`, R`[\b]`, R`[\A]`, R`[[:alpha:]`, R`x\>`, R`{2}`, R`a|*`, R`(?i)*`, R`(*)`,
  R`a{,5}`, R`a{2,1}`, R`a{2`, R`a{2,`, R`a{a}`, R`a{}`, R`(?P<1a>x)`, R`(?P<n>a)(?P<n>b)`, R`(?P<>a)`,
  R`(?P<n`, R`(?P<a-b>x)`, R`(?<a b>x)`, R`(?P<a>x)(?<a>y)`, R`(?P<ǅ>x)`, R`(?P<a٣>x)`, R`(?P<٣>x)`,
  R`\p{L&}`, R`\p{gc}`, R`\p{script}`, R`\p{age}`, R`\p{Age=17.0}`, R`\p{InCB}`, R`\p{Bidi_Class=L}`, R`\p{IsC}`,
  R`\p{isc}`, R`\p{Full_Composition_Exclusion}`, R`\p{Changes_When_NFKC_Casefolded}`, R`\p{gcb=E_Base}`,
  R`\p{wb=Other}`, R`\p{sc=Katakana_Or_Hiragana}`, R`\p{Unknown}`, R`\p{Surrogate}`, R`\p{age=Unassigned}`,
  R`\p{Alphabetic=Yes}`, R`\p{Block=Greek}`, R`\p{Lu`, R`\p`, R`\P`, R`\p{}`, R`\p{=}`, R`\p\d`, R`\d{`, "a\\",
  R`[\d-z]`, R`[a-\p{L}]`, R`[[]`,
  R`[]`, R`[^]`, R`[^]]`, R`[a-]`, R`[---]`, R`[a&&&&b]`, R`[a--~~b]`, "(?x)[a-#c\n]", R`(?s-u:.)`,
  R`(?i)(?-u:(é))`, R`(?-u)(\x{80})`, R`(?-u:\x{80})`, R`(?u)(\xFF)`, R`(?-u)(?u:\p{L})`, R`(?-u)[\w]`,
  R`(?-u)[^\d]`, R`(?-u:\w\W)`, R`(?-u:(?i)k)`, R`(a)(?i)`, R`(?i)`, R`(?:)`, R``, R`|`, R`()+`, R`(?i)+`,
  R`a++`, R`a?+`, R`a??`, R`a*?*`,
  "(" .repeat(249) + "a" + ")".repeat(249), "(".repeat(250) + "a" + ")".repeat(250),
  "(".repeat(251) + "a" + ")".repeat(251), "(?:".repeat(250) + "a" + ")".repeat(250),
  "[".repeat(249) + "a" + "]".repeat(249), "[".repeat(250) + "a" + "]".repeat(250),
  "a" + "*".repeat(249), "a" + "*".repeat(250), "(a" + "*".repeat(248) + ")", "(a" + "*".repeat(249) + ")",
  "(?:ab" + "*".repeat(247) + ")", "(?:ab" + "*".repeat(248) + ")", "[ab" + "]".repeat(1),
  "[" + "a".repeat(2) + "[b]".repeat(1) + "]",
  R`(\w{1000})`, R`(\w{500})`, R`(\w{200})`, R`(\d{1000})`, R`(.{1000})`, R`((a{100}){100})`, R`(a{1000}){1000}`,
  R`\p{Greek}{300}`, R`(?i)\w{300}`, R`[\w&&\d]{1000}`,
]);

const out = [];
for (const [p, hays] of cases) {
  const df = pl.DataFrame({ s: pl.Series("s", hays, pl.Utf8) });
  let vals;
  try {
    vals = df.select(pl.col("s").str.extract(p, 1).alias("x")).getColumn("x").toArray();
  } catch (e) {
    const msg = String(e.message || e).replace(/\s+/g, " ").trim();
    out.push({ p, error: msg.slice(0, 300) });
    continue;
  }
  hays.forEach((h, i) => out.push({ p, h, want: vals[i] ?? null }));
}
const version = pl.version ?? "unknown";
process.stdout.write(`{"polars": ${JSON.stringify(String(version))}, "cases": [\n`);
process.stdout.write(out.map((c) => JSON.stringify(c)).join(",\n"));
process.stdout.write("\n]}\n");
