package simdscan

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	g := &impl{name: "generic"}
	a2 := &impl{name: "avx2"}
	a5 := &impl{name: "avx512"}
	cases := []struct {
		want  string
		avail []*impl
		got   *impl
	}{
		{"", []*impl{g, a2, a5}, a5},
		{"generic", []*impl{g, a2, a5}, g},
		{"avx2", []*impl{g, a2, a5}, a2},
		{"avx512", []*impl{g, a2}, a2},
		{"avx512", []*impl{g}, g},
		{"avx2", []*impl{g}, g},
		{"sse9", []*impl{g, a2}, a2},
	}
	for _, c := range cases {
		if got := choose(c.want, c.avail); got != c.got {
			t.Errorf("choose(%q, %d impls) = %s, want %s", c.want, len(c.avail), got.name, c.got.name)
		}
	}
}

// TestBLAZE_CPU runs this test binary again with each value of BLAZE_CPU and
// checks what Path reports there.
func TestBLAZE_CPU(t *testing.T) {
	if v, ok := os.LookupEnv("SIMDSCAN_PRINT_PATH"); ok && v == "1" {
		// The child: print the path and the results of the public
		// functions, which must not depend on it.
		hit, _ := DigitOrBlazing([]byte("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxBlazing"))
		n, in := Structure([]byte("a,\"b\n\"\n"), false, make([]Block, 1))
		os.Stdout.WriteString("PATH=" + Path() + " " + map[bool]string{true: "ok", false: "bad"}[hit && n == 2 && !in] + "\n")
		return
	}
	best := impls[len(impls)-1].name
	has := map[string]bool{}
	for _, im := range impls {
		has[im.name] = true
	}
	for _, want := range []string{"generic", "avx2", "avx512", "bogus", ""} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBLAZE_CPU$")
		cmd.Env = append(os.Environ(), "SIMDSCAN_PRINT_PATH=1", "BLAZE_CPU="+want)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("BLAZE_CPU=%s: %v: %s", want, err, out)
		}
		expect := best
		if has[want] {
			expect = want
		}
		if !strings.Contains(string(out), "PATH="+expect+" ok\n") {
			t.Errorf("BLAZE_CPU=%q: child printed %q, want Path %q and correct results", want, out, expect)
		}
	}
}
