// Command gen writes scan/rustre/tables.go from what polars answers, and can record the polars test corpus.
//
// Usage (from the module root):
//
//	go run ./scan/rustre/internal/gen -peers /tmp/peers            # writes scan/rustre/tables.go
//	go run ./scan/rustre/internal/gen -peers /tmp/peers -cases     # writes scan/rustre/testdata/polars_cases.json
//
// PEERS is a folder where nodejs-polars is installed (copy /work/shared/peers and run its setup.sh); the
// environment variable BLAZE_PEERS is used when -peers is not given. The Unicode names to ask about come from
// names.go (Go's standard library and the Unicode standard); the tables come from tables.js, which asks
// polars about every code point and checks every name; this program only encodes its JSON answer as Go. The
// same Go and the same polars give the same file byte for byte.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

func main() {
	peers := flag.String("peers", os.Getenv("BLAZE_PEERS"), "folder with nodejs-polars installed (node_modules)")
	dir := flag.String("dir", "", "the scan/rustre folder (default: found from this source file)")
	in := flag.String("in", "", "read tables.js output from this file instead of running node")
	cases := flag.Bool("cases", false, "record testdata/polars_cases.json instead of writing tables.go")
	flag.Parse()
	if *dir == "" {
		_, file, _, _ := runtime.Caller(0)
		*dir = filepath.Join(filepath.Dir(file), "..", "..")
	}
	genDir := filepath.Join(*dir, "internal", "gen")
	if err := run(*peers, *dir, genDir, *in, *cases); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(peers, dir, genDir, in string, cases bool) error {
	if in == "" && peers == "" {
		return fmt.Errorf("need -peers DIR or BLAZE_PEERS (a folder with nodejs-polars installed)")
	}
	if cases {
		out, err := node(filepath.Join(genDir, "cases.js"), peers)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "testdata", "polars_cases.json"), out, 0o644)
	}
	nl, err := names()
	if err != nil {
		return err
	}
	var raw []byte
	if in != "" {
		raw, err = os.ReadFile(in)
	} else {
		raw, err = askPolars(genDir, peers, nl)
	}
	if err != nil {
		return err
	}
	var data struct {
		Polars   string              `json:"polars"`
		Rejected []string            `json:"rejected"`
		Sets     map[string][][2]int `json:"sets"`
		Folds    [][]int             `json:"folds"`
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		return fmt.Errorf("tables.js output: %w", err)
	}
	lk, err := lookups(nl, data.Sets, data.Rejected)
	if err != nil {
		return err
	}
	src, err := render(data.Polars, data.Sets, data.Folds, lk)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "tables.go"), src, 0o644)
}

// askPolars writes the name list to a temporary file and runs tables.js on it.
func askPolars(genDir, peers string, nl *nameList) ([]byte, error) {
	js, err := json.Marshal(nl)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "rustre-names-*.json")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(js); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return node(filepath.Join(genDir, "tables.js"), peers, f.Name())
}

func node(script string, args ...string) ([]byte, error) {
	cmd := exec.Command("node", append([]string{script}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", filepath.Base(script), err)
	}
	return out, nil
}

// normalize applies UAX44-LM3 as the regex crate does, exactly like normalizeName in package rustre: drop
// a leading "is", spaces, '_', '-' and every non-ASCII byte, lower-case the rest; "isc" stays "isc".
func normalize(name string) string {
	startsWithIs := len(name) >= 2 && strings.EqualFold(name[:2], "is")
	if startsWithIs {
		name = name[2:]
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == ' ' || c == '_' || c == '-' || c >= 0x80:
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	if out := b.String(); !(startsWithIs && out == "c") {
		return out
	}
	return "isc"
}

// lookupMaps are the name maps of tables.go, all keyed by normalized names.
type lookupMaps struct {
	names    map[string]string // property name -> canonical property name
	values   map[string]string // "sc:greek" -> "sc:Greek", for values polars has a set for
	rejected map[string]string // "sc:unknown" -> "sc:Unknown", for values polars rejects
	bools    []string          // canonical binary properties polars rejects
}

// lookups builds the name maps from the name list and polars' answer. Two names that normalize alike but
// mean different things are an error.
func lookups(nl *nameList, sets map[string][][2]int, rejected []string) (*lookupMaps, error) {
	lk := &lookupMaps{names: map[string]string{}, values: map[string]string{}, rejected: map[string]string{}}
	isRejected := map[string]bool{}
	for _, k := range rejected {
		isRejected[k] = true
	}
	add := func(m map[string]string, key, canon string) error {
		if old, ok := m[key]; ok && old != canon {
			return fmt.Errorf("%q names both %s and %s", key, old, canon)
		}
		m[key] = canon
		return nil
	}
	for b, aliases := range nl.Bools {
		key := "bool:" + b
		switch {
		case isRejected[key]:
			lk.bools = append(lk.bools, b)
		case sets[key] == nil:
			return nil, fmt.Errorf("polars gave no answer for %s", key)
		}
		for _, n := range append([]string{b}, aliases...) {
			if err := add(lk.names, normalize(n), b); err != nil {
				return nil, err
			}
		}
	}
	for _, ns := range nl.Props {
		for _, n := range ns {
			if err := add(lk.names, normalize(n), ns[len(ns)-1]); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range otherProperties {
		for _, n := range p {
			if err := add(lk.names, normalize(n), p[1]); err != nil {
				return nil, err
			}
		}
	}
	for p, vals := range nl.Values {
		for v, aliases := range vals {
			key := p + ":" + v
			m := lk.values
			switch {
			case isRejected[key]:
				m = lk.rejected
			case sets[key] == nil:
				return nil, fmt.Errorf("polars gave no answer for %s", key)
			}
			for _, n := range append([]string{v}, aliases...) {
				if err := add(m, p+":"+normalize(n), key); err != nil {
					return nil, err
				}
			}
		}
	}
	for k := range lk.values {
		if _, ok := lk.rejected[k]; ok {
			return nil, fmt.Errorf("%q is both a value polars accepts and one it rejects", k)
		}
	}
	sort.Strings(lk.bools)
	return lk, nil
}

func render(polars string, sets map[string][][2]int, folds [][]int, lk *lookupMaps) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by \"go run ./scan/rustre/internal/gen\" from polars %s; DO NOT EDIT.\n\n", polars)
	b.WriteString("package rustre\n\nimport \"unicode\"\n\n")
	fmt.Fprintf(&b, "// PolarsVersion is the nodejs-polars version whose regex crate answered every table in this file.\n")
	fmt.Fprintf(&b, "const PolarsVersion = %q\n\n", polars)
	for _, t := range []struct{ name, key, doc string }{
		{"Digit", "perl:d", "Digit is \\d of the regex crate as polars uses it: \\p{Nd} of Unicode 16."},
		{"Word", "perl:w", "Word is \\w of the regex crate as polars uses it (Unicode 16)."},
		{"Space", "perl:s", "Space is \\s of the regex crate as polars uses it: \\p{White_Space}."},
	} {
		rs, ok := sets[t.key]
		if !ok {
			return nil, fmt.Errorf("no set %s", t.key)
		}
		fmt.Fprintf(&b, "// %s It is read-only.\nvar %s = ", t.doc, t.name)
		writeRangeTable(&b, rs)
		b.WriteString("\n")
	}

	b.WriteString("// foldNext maps each code point with a non-trivial simple case folding orbit to the next larger member\n")
	b.WriteString("// of its orbit, wrapping around to the smallest; sorted by the first column.\n")
	b.WriteString("var foldNext = [][2]rune{\n")
	var pairs [][2]int
	for _, o := range folds {
		sort.Ints(o)
		for i, r := range o {
			pairs = append(pairs, [2]int{r, o[(i+1)%len(o)]})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	for i, p := range pairs {
		if i > 0 && pairs[i-1][0] == p[0] {
			return nil, fmt.Errorf("U+%04X is in two folding orbits", p[0])
		}
		fmt.Fprintf(&b, "{0x%04X, 0x%04X},\n", p[0], p[1])
	}
	b.WriteString("}\n\n")

	b.WriteString("// propertyNames maps a normalized Unicode property name (UAX44-LM3) to its canonical name: the binary\n")
	b.WriteString("// properties, the properties that take values, and other properties of the standard, which polars\n")
	b.WriteString("// rejects. A name here without a set in propertySets is a name polars rejects as \\p{name}.\n")
	if len(lk.bools) > 0 {
		fmt.Fprintf(&b, "// Binary properties polars rejects: %s.\n", strings.Join(lk.bools, ", "))
	}
	b.WriteString("var propertyNames = map[string]string{\n")
	for _, k := range sortedKeys(lk.names) {
		fmt.Fprintf(&b, "%q: %q,\n", k, lk.names[k])
	}
	b.WriteString("}\n\n")
	b.WriteString("// propertyValues maps \"prop:normalized value\" to the key of its set in propertySets.\n")
	b.WriteString("var propertyValues = map[string]string{\n")
	for _, k := range sortedKeys(lk.values) {
		fmt.Fprintf(&b, "%q: %q,\n", k, lk.values[k])
	}
	b.WriteString("}\n\n")
	b.WriteString("// rejectedValues maps \"prop:normalized value\" to the canonical value for the values that the Unicode\n")
	b.WriteString("// standard defines and polars rejects (the regex crate has no table for them).\n")
	b.WriteString("var rejectedValues = map[string]string{\n")
	for _, k := range sortedKeys(lk.rejected) {
		fmt.Fprintf(&b, "%q: %q,\n", k, lk.rejected[k])
	}
	b.WriteString("}\n\n")
	b.WriteString("// propertySets holds every set polars answered, keyed \"bool:Alphabetic\", \"gc:Uppercase_Letter\",\n")
	b.WriteString("// \"sc:Greek\", \"scx:Greek\", \"age:V16_0\", \"gcb:..\", \"sb:..\", \"wb:..\", \"perl:d\", \"perl:w\", \"perl:s\".\n")
	b.WriteString("// Each is encoded by encodeRanges (see unicode.go).\n")
	b.WriteString("var propertySets = map[string]string{\n")
	keys := make([]string, 0, len(sets))
	for k := range sets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		enc := encodeRanges(sets[k])
		fmt.Fprintf(&b, "%q: ", k)
		for len(enc) > 96 {
			cut := strings.LastIndexByte(enc[:96], ' ') + 1
			fmt.Fprintf(&b, "%q +\n", enc[:cut])
			enc = enc[cut:]
		}
		fmt.Fprintf(&b, "%q,\n", enc)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// encodeRanges writes each range as "gap" or "gap.len" in hex, separated by spaces, where gap is lo minus the
// previous hi plus one (the first range's gap is lo) and len is hi minus lo.
func encodeRanges(rs [][2]int) string {
	var sb strings.Builder
	next := 0
	for i, r := range rs {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.FormatInt(int64(r[0]-next), 16))
		if r[1] > r[0] {
			sb.WriteByte('.')
			sb.WriteString(strconv.FormatInt(int64(r[1]-r[0]), 16))
		}
		next = r[1] + 1
	}
	return sb.String()
}

func writeRangeTable(b *bytes.Buffer, rs [][2]int) {
	b.WriteString("&unicode.RangeTable{\n")
	latin := 0
	var r16, r32 []string
	for _, r := range rs {
		lo, hi := r[0], r[1]
		if lo <= 0xFFFF && hi > 0xFFFF {
			r16 = append(r16, fmt.Sprintf("{0x%04X, 0x%04X, 1}", lo, 0xFFFF))
			lo = 0x10000
		}
		if hi <= 0xFFFF {
			r16 = append(r16, fmt.Sprintf("{0x%04X, 0x%04X, 1}", lo, hi))
			if hi <= unicodeMaxLatin1 {
				latin++
			}
		} else {
			r32 = append(r32, fmt.Sprintf("{0x%X, 0x%X, 1}", lo, hi))
		}
	}
	b.WriteString("R16: []unicode.Range16{\n")
	for _, s := range r16 {
		b.WriteString(s + ",\n")
	}
	b.WriteString("},\n")
	if len(r32) > 0 {
		b.WriteString("R32: []unicode.Range32{\n")
		for _, s := range r32 {
			b.WriteString(s + ",\n")
		}
		b.WriteString("},\n")
	}
	fmt.Fprintf(b, "LatinOffset: %d,\n}\n", latin)
}

const unicodeMaxLatin1 = 0xFF

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
