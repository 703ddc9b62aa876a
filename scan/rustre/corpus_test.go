package rustre

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
)

// polarsCase is one line of testdata/polars_cases.json: what polars' str.extract(P, 1) gave for haystack H
// (nil: null), or the error polars raised for pattern P.
type polarsCase struct {
	P     string  `json:"p"`
	H     string  `json:"h"`
	Want  *string `json:"want"`
	Error string  `json:"error"`
}

func loadCases(t testing.TB) (string, []polarsCase) {
	raw, err := os.ReadFile("testdata/polars_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Polars string       `json:"polars"`
		Cases  []polarsCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f.Polars, f.Cases
}

// engine runs one translation of a pattern; extract returns group 1 of the leftmost-first match, nil when
// there is no match or group 1 did not participate.
type engine interface {
	extract(h string) (*string, error)
}

type goEngine struct{ re *regexp.Regexp }

func (g goEngine) extract(h string) (*string, error) {
	m := g.re.FindStringSubmatchIndex(h)
	if len(m) < 4 || m[2] < 0 {
		return nil, nil
	}
	s := h[m[2]:m[3]]
	return &s, nil
}

type backtrackEngine struct{ re *regexp2.Regexp }

func (b backtrackEngine) extract(h string) (*string, error) {
	m, err := b.re.FindStringMatch(h)
	if err != nil || m == nil {
		return nil, err
	}
	g := m.GroupByNumber(1)
	if g == nil || len(g.Captures) == 0 {
		return nil, nil
	}
	s := g.String()
	return &s, nil
}

func compileGo(p string) (engine, error) {
	s, err := Translate(p)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, err
	}
	return goEngine{re}, nil
}

func compileBacktrack(p string) (engine, error) {
	s, opt, err := TranslateBacktrack(p)
	if err != nil {
		return nil, err
	}
	re, err := regexp2.Compile(s, opt)
	if err != nil {
		return nil, err
	}
	return backtrackEngine{re}, nil
}

func show(s *string) string {
	if s == nil {
		return "null"
	}
	return "\"" + *s + "\""
}

// isSizeLimit reports a polars error from the regex crate's compiled-size limit, which rustre does not model.
func isSizeLimit(msg string) bool { return strings.Contains(msg, "exceeds size limit") }

func TestPolarsCorpus(t *testing.T) {
	version, cases := loadCases(t)
	if version != PolarsVersion {
		t.Errorf("corpus recorded with polars %s, tables with %s", version, PolarsVersion)
	}
	if len(cases) < 1000 {
		t.Fatalf("only %d cases", len(cases))
	}
	type compiled struct {
		e   engine
		err error
	}
	engines := map[string]func(string) (engine, error){"go": compileGo, "backtrack": compileBacktrack}
	cache := map[string]compiled{}
	skipped := map[string]map[string]bool{"go": {}, "backtrack": {}}
	unknownNames := map[string]bool{} // names rustre does not carry, which polars rejects too
	sizeLimit := 0
	for _, c := range cases {
		for name, comp := range engines {
			key := name + "\x00" + c.P
			cc, ok := cache[key]
			if !ok {
				cc.e, cc.err = comp(c.P)
				cache[key] = cc
			}
			if c.Error != "" {
				var se *SyntaxError
				var ue *UnsupportedError
				switch {
				case errors.As(cc.err, &se):
				case isSizeLimit(c.Error):
					sizeLimit++
				case errors.As(cc.err, &ue) && ue.Engine == engineBlaze && strings.Contains(c.Error, "Unicode property"):
					// rustre cannot tell a misspelt name from an alias it leaves out (docs/regex.md).
					unknownNames[c.P] = true
				default:
					t.Errorf("%s %q: polars rejects it (%s), rustre gives %v", name, c.P, c.Error, cc.err)
				}
				continue
			}
			var ue *UnsupportedError
			if errors.As(cc.err, &ue) {
				skipped[name][c.P] = true
				continue
			}
			if cc.err != nil {
				t.Errorf("%s %q: %v", name, c.P, cc.err)
				continue
			}
			got, err := cc.e.extract(c.H)
			if err != nil {
				t.Errorf("%s %q on %q: %v", name, c.P, c.H, err)
				continue
			}
			if show(got) != show(c.Want) {
				t.Errorf("%s %q on %q: got %s, polars %s", name, c.P, c.H, show(got), show(c.Want))
			}
		}
	}
	for name, ps := range skipped {
		var list []string
		for p := range ps {
			list = append(list, p)
		}
		sort.Strings(list)
		t.Logf("%s engine skipped (UnsupportedError) for %d patterns: %q", name, len(list), list)
	}
	t.Logf("%d cases; %d rejections by the regex crate's compiled-size limit not modelled", len(cases), sizeLimit)
	t.Logf("%d patterns with a Unicode name that polars rejects and rustre reports as unsupported: %q",
		len(unknownNames), sortedKeys(unknownNames))
	for p := range skipped["go"] {
		if skipped["backtrack"][p] {
			t.Logf("neither engine translates %q", p)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
