package rustre

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLivePolars runs fresh random patterns and haystacks through polars and both translations: 300 from
// the fuzz grammar, which are mostly valid, and 300 from syntax tokens (see syntaxTokens), which are mostly
// invalid and check that rustre rejects exactly what polars rejects. It needs node and nodejs-polars: set BLAZE_PEERS to a folder with node_modules/nodejs-polars
// (see /work/shared/peers). BLAZE_LIVE_SEED picks the seed (default: random, logged).
func TestLivePolars(t *testing.T) {
	peers := os.Getenv("BLAZE_PEERS")
	if peers == "" {
		t.Skip("BLAZE_PEERS not set")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found")
	}
	seed := rand.Uint64()
	if s := os.Getenv("BLAZE_LIVE_SEED"); s != "" {
		if err := json.Unmarshal([]byte(s), &seed); err != nil {
			t.Fatalf("BLAZE_LIVE_SEED: %v", err)
		}
	}
	t.Logf("seed %d (BLAZE_LIVE_SEED=%d reproduces)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	type in struct {
		P    string   `json:"p"`
		Hays []string `json:"hays"`
	}
	var cases []in
	for i := 0; i < 600; i++ {
		data := make([]byte, 80)
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		g := &patternGen{data: data}
		c := in{P: "(" + g.expr(0) + ")"}
		if i%2 == 1 {
			c.P = g.syntax()
		}
		for j := 0; j < 8; j++ {
			c.Hays = append(c.Hays, g.haystack())
		}
		cases = append(cases, c)
	}
	file := filepath.Join(t.TempDir(), "cases.json")
	raw, _ := json.Marshal(cases)
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("internal", "gen", "live.js"), peers, file)
	cmd.Stderr = os.Stderr
	outRaw, err := cmd.Output()
	if err != nil {
		t.Fatalf("node live.js: %v", err)
	}
	var outs []struct {
		P     string    `json:"p"`
		Want  []*string `json:"want"`
		Error string    `json:"error"`
	}
	if err := json.Unmarshal(outRaw, &outs); err != nil {
		t.Fatal(err)
	}
	compared, rejected := 0, 0
	for i, o := range outs {
		for name, comp := range map[string]func(string) (engine, error){"go": compileGo, "backtrack": compileBacktrack} {
			e, err := comp(o.P)
			var se *SyntaxError
			var ue *UnsupportedError
			switch {
			case o.Error != "":
				switch {
				case errors.As(err, &se):
					rejected++
				case isSizeLimit(o.Error):
				case errors.As(err, &ue) && ue.Engine == engineBlaze && strings.Contains(o.Error, "Unicode property"):
					// rustre cannot tell a misspelt name from an alias it leaves out (docs/regex.md).
				default:
					t.Errorf("%s %q: polars rejects it (%s), rustre gives %v", name, o.P, o.Error, err)
				}
				continue
			case errors.As(err, &ue):
				continue
			case err != nil:
				t.Errorf("%s %q: %v", name, o.P, err)
				continue
			}
			for j, h := range cases[i].Hays {
				got, err := e.extract(h)
				if err != nil {
					t.Errorf("%s %q on %q: %v", name, o.P, h, err)
					continue
				}
				compared++
				if show(got) != show(o.Want[j]) {
					t.Errorf("%s %q on %q: got %s, polars %s", name, o.P, h, show(got), show(o.Want[j]))
				}
			}
		}
	}
	t.Logf("%d patterns, %d comparisons, %d rejections by both polars and rustre (counted per engine)", len(outs), compared, rejected)
}
