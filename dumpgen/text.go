package dumpgen

import "strings"

// Word lists for names, prose and code. They are the generator's own; none
// contains an ASCII digit, a Unicode decimal digit or the letters "blazing"
// in any case (vocab_test.go checks this), so digit-free READMEs stay
// digit-free by construction.

var nameWords = strings.Fields(`
async await actor alloc arena arrow atom audio auth avro axum
base batch bench bevy bin bind bit blob bloom bolt buf buffer build bus byte bytes
cache cargo cell chan chrono cipher clap cli clock cloud codec color compact config
core cors crate cron crypto css csv cursor
daemon data date db debug decode deflate delta derive dev diff dir dns doc dom dot
edge egui elf embed emit encode engine enum env error event exec
fast fetch fiber field file filter flag flat flow fmt font fork form frame fs fuzz
gc geo gfx git glob glue gpu graph grid grpc gui
hash heap hex hook host html http hyper
icon id image index ini input intern io ipc iter
jit job join json jwt
kernel key kv
lazy lex lib link lint list log lru
macro mail map markdown match math matrix mem merge mesh meta mime mio mock mqtt msg mut
net nexus node nom num
oauth object once opt orm os
pack page panic parse parser path peg pipe pixel plot plug poll pool port proc proto proxy pty pub
query queue quick
rand range rate raw ray redis regex relay render repl rest retry rgb ring route rpc rt run rust
safe scan schema scope sdk search secret serde serial server set shell sig signal sink slab slice
smol snap sock sort span spec sql stack stat std store str stream struct sync sys
table tag task tcp term test text thread tick time token toml tower trace tree trie tui type
udp ui uid unicode unit url utf util
valid value vec view vm
wasm watch web wire word work write
xml yaml zip zero`)

var nounWords = strings.Fields(`
allocator archive buffer builder cache channel checksum client codec collection compiler
configuration connection container context crate database decoder dependency deserializer
driver encoder engine error event executor extension file filesystem format framework function
generator graph handler hash identifier image implementation index interface interpreter iterator
key layout library lock logger macro manager map matcher message middleware module parser
pattern pipeline plugin pointer pool protocol queue reader record registry renderer request
resolver response runtime scheduler schema serializer server service session signal socket
storage stream string structure task template terminal thread timer token tokenizer trait
transport tree type validator value vector wrapper writer`)

var adjWords = strings.Fields(`
small simple safe fast lightweight minimal ergonomic flexible portable robust efficient
idiomatic modular generic async typed lazy strict compact pure zero-copy lock-free
declarative composable extensible reliable tiny friendly experimental stable low-level
high-level cross-platform embeddable concurrent incremental streaming`)

var verbWords = strings.Fields(`
parses encodes decodes builds renders reads writes stores loads validates formats
serializes deserializes wraps schedules spawns handles resolves caches compresses
tracks exposes generates converts collects filters merges splits`)

var gerundWords = strings.Fields(`
parsing encoding decoding building rendering reading writing storing loading validating
formatting serializing handling resolving caching compressing tracking generating
converting collecting filtering merging testing benchmarking logging tracing`)

var firstNames = strings.Fields(`
alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert
sybil trent victor walter xavier yara zoe amir bea chen dmitri elena fatima goran hana
igor jonas kenji lena marta nils oscar pablo quinn rosa sven tomas ulla vera wei yuki`)

var licenses = []string{
	"MIT OR Apache-2.0", "MIT/Apache-2.0", "MIT", "Apache-2.0", "BSD-3-Clause",
	"MPL-2.0", "GPL-3.0-or-later", "ISC", "Unlicense OR MIT", "LGPL-2.1-only", "Zlib",
	"Apache-2.0 WITH LLVM-exception", "CC0-1.0", "BSD-2-Clause",
}

// categories are plausible crates.io categories: display name, slug, parent.
var categories = [][3]string{
	{"Algorithms", "algorithms", ""},
	{"API bindings", "api-bindings", ""},
	{"Asynchronous", "asynchronous", ""},
	{"Authentication", "authentication", ""},
	{"Caching", "caching", ""},
	{"Command line interface", "command-line-interface", ""},
	{"Command-line utilities", "command-line-utilities", ""},
	{"Compilers", "compilers", ""},
	{"Compression", "compression", ""},
	{"Computer vision", "computer-vision", ""},
	{"Concurrency", "concurrency", ""},
	{"Configuration", "config", ""},
	{"Cryptography", "cryptography", ""},
	{"Cryptocurrencies", "cryptography::cryptocurrencies", "cryptography"},
	{"Data structures", "data-structures", ""},
	{"Database interfaces", "database", ""},
	{"Database implementations", "database-implementations", ""},
	{"Date and time", "date-and-time", ""},
	{"Development tools", "development-tools", ""},
	{"Build Utils", "development-tools::build-utils", "development-tools"},
	{"Cargo plugins", "development-tools::cargo-plugins", "development-tools"},
	{"Debugging", "development-tools::debugging", "development-tools"},
	{"FFI", "development-tools::ffi", "development-tools"},
	{"Procedural macro helpers", "development-tools::procedural-macro-helpers", "development-tools"},
	{"Profiling", "development-tools::profiling", "development-tools"},
	{"Testing", "development-tools::testing", "development-tools"},
	{"Email", "email", ""},
	{"Embedded development", "embedded", ""},
	{"Emulators", "emulators", ""},
	{"Encoding", "encoding", ""},
	{"External FFI bindings", "external-ffi-bindings", ""},
	{"Filesystem", "filesystem", ""},
	{"Game development", "game-development", ""},
	{"Game engines", "game-engines", ""},
	{"Graphics", "graphics", ""},
	{"GUI", "gui", ""},
	{"Hardware support", "hardware-support", ""},
	{"Internationalization (i18n)", "internationalization", ""},
	{"Localization (L10n)", "localization", ""},
	{"Mathematics", "mathematics", ""},
	{"Memory management", "memory-management", ""},
	{"Multimedia", "multimedia", ""},
	{"Audio", "multimedia::audio", "multimedia"},
	{"Encoding", "multimedia::encoding", "multimedia"},
	{"Images", "multimedia::images", "multimedia"},
	{"Video", "multimedia::video", "multimedia"},
	{"Network programming", "network-programming", ""},
	{"No standard library", "no-std", ""},
	{"No dynamic allocation", "no-std::no-alloc", "no-std"},
	{"Operating systems", "os", ""},
	{"macOS APIs", "os::macos-apis", "os"},
	{"Unix APIs", "os::unix-apis", "os"},
	{"Windows APIs", "os::windows-apis", "os"},
	{"Parser implementations", "parser-implementations", ""},
	{"Parsing tools", "parsing", ""},
	{"Rendering", "rendering", ""},
	{"Data formats", "rendering::data-formats", "rendering"},
	{"Graphics APIs", "rendering::graphics-api", "rendering"},
	{"Rust patterns", "rust-patterns", ""},
	{"Science", "science", ""},
	{"Robotics", "science::robotics", "science"},
	{"Simulation", "simulation", ""},
	{"Template engine", "template-engine", ""},
	{"Text editors", "text-editors", ""},
	{"Text processing", "text-processing", ""},
	{"Value formatting", "value-formatting", ""},
	{"Visualization", "visualization", ""},
	{"WebAssembly", "wasm", ""},
	{"Web programming", "web-programming", ""},
	{"HTTP client", "web-programming::http-client", "web-programming"},
	{"HTTP server", "web-programming::http-server", "web-programming"},
	{"WebSocket", "web-programming::websocket", "web-programming"},
}

// reservedCrateNames are names crates.io refuses to publish: std's crates
// and the Windows device names.
var reservedCrateNames = strings.Fields(`
alloc arena ast builtins collections compiler-builtins compiler-rt compiletest core coretest
debug driver flate fmt_macros grammar graphviz macro macros proc_macro rbml rust-installer
rustbook rustc rustc_back rustc_borrowck rustc_driver rustc_llvm rustc_resolve rustc_trans
rustc_typeck rustdoc rustllvm rustuv serialize std syntax test unicode
aux con com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7
lpt8 lpt9 nul prn`)

var reservedUsernames = strings.Fields(`
admin administrator api apps assets crates crates-io docs ghost help login logout me
moderator new null owner root rust rust-lang security settings static support system team
undefined user users`)
