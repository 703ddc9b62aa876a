package dumpgen

import (
	"math"
	"slices"
	"time"
)

// world holds what every table needs to agree on: sizes, the heap order of
// crates, and prefix sums that give versions and dependencies their ids.
// It is built once per generation and then only read, by many goroutines.
type world struct {
	opts   Options
	seed   uint64
	tz     bool  // timestamps carry +00 (2026 schema)
	now    int64 // dump time, Unix seconds
	epoch  int64 // the first crate, 2014-11-11
	tables []tableDef

	nCrates, nUsers, nTeams, nKeywords, nDeleted int

	order  []int32  // heap position -> crate index
	vStart []uint32 // versions of crate k are indexes [vStart[k], vStart[k+1])
	dStart []uint32 // dependencies of version j are [dStart[j], dStart[j+1])
	vRate  []uint16 // per version: days per thousand with downloads in the window
	giants map[int32]int
}

func newWorld(o Options) *world {
	w := &world{opts: o, seed: o.Seed, tz: o.Schema == Schema2026}
	w.tables, _ = schemaTables(o.Schema)
	if o.ExtraColumn != "" {
		for i := range w.tables {
			if w.tables[i].name == "crates" {
				c, _ := withExtraColumn(w.tables[i].cols, o.ExtraColumn)
				w.tables[i].cols = c
			}
		}
	}
	w.now = o.Timestamp.Unix()
	w.epoch = time.Date(2014, 11, 11, 0, 0, 0, 0, time.UTC).Unix()
	if w.epoch > w.now-86400 {
		w.epoch = w.now - 86400*365
	}
	s := o.Scale
	w.nCrates = scaled(CratesAtScale1, s, 1)
	w.nUsers = scaled(110000, s, 2)
	w.nTeams = scaled(1600, s, 1)
	w.nKeywords = scaled(52000, s, 10)
	if w.nKeywords > len(nameWords)*len(nameWords) {
		w.nKeywords = len(nameWords) * len(nameWords)
	}
	w.nDeleted = scaled(2600, s, 0)
	if w.nDeleted > w.nCrates/23 {
		w.nDeleted = w.nCrates / 23
	}

	// Heap order: crates mostly in insertion (id) order, but about a third
	// were updated after creation and their live tuples moved further on,
	// as in a PostgreSQL heap that COPY reads without ORDER BY.
	n := w.nCrates
	keys := make([]int64, n)
	w.order = make([]int32, n)
	for k := 0; k < n; k++ {
		r := newRNG(w.seed, stOrder, uint64(k))
		key := int64(k) << 8
		if r.chance(330) {
			key = int64(k+r.intn(n-k))<<8 | 0x80
		}
		keys[k] = key
		w.order[k] = int32(k)
	}
	slices.SortFunc(w.order, func(a, b int32) int {
		if keys[a] != keys[b] {
			if keys[a] < keys[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})

	// Versions per crate, then dependencies per version.
	w.vStart = make([]uint32, n+1)
	for k := 0; k < n; k++ {
		w.vStart[k+1] = w.vStart[k] + uint32(w.numVersions(k))
	}
	nv := int(w.vStart[n])
	w.dStart = make([]uint32, nv+1)
	for j := 0; j < nv; j++ {
		r := newRNG(w.seed, stDependency, uint64(j))
		d := 0
		if !r.chance(180) {
			d = r.octave(1, depWeights) - 1
		}
		w.dStart[j+1] = w.dStart[j] + uint32(d)
	}
	w.vRate = make([]uint16, nv)
	for j := range w.vRate {
		w.vRate[j] = uint16(w.versionRate(j))
	}

	// Planted big READMEs: at Scale 1 four over 1 MiB, and at any scale
	// with at least 200 crates one over 256 KiB.
	w.giants = map[int32]int{}
	rg := newRNG(w.seed, stGiant, 0)
	nBig := int(math.Round(4 * s))
	for i := 0; i < nBig; i++ {
		w.giants[int32(rg.intn(n))] = 1<<20 + rg.intn(600<<10)
	}
	if n >= 200 {
		for i := 0; i < 1+int(math.Round(30*s)); i++ {
			k := int32(rg.intn(n))
			if _, ok := w.giants[k]; !ok {
				w.giants[k] = 256<<10 + 1 + rg.intn(512<<10)
			}
		}
	}
	return w
}

// Octave weights (per mille-ish) of the heavy-tailed counts.
var (
	versionWeights = []int{350, 260, 190, 110, 55, 23, 10, 3}    // versions per crate, base 1
	depWeights     = []int{200, 250, 260, 180, 80, 25, 5}        // 1 + dependencies per version
	readmeWeights  = []int{30, 70, 140, 250, 330, 125, 18, 5, 1} // README length, base 128 B
	downloadWeight = []int{50, 80, 120, 150, 150, 130, 100, 80, 60, 40, 25, 10, 4, 1}
)

func (w *world) numVersions(k int) int {
	r := newRNG(w.seed, stVersionCount, uint64(k))
	return r.octave(1, versionWeights)
}

// crateID maps a crate index to its id. Ids increase with the index and
// leave a gap every 24th id (crates deleted since), which deleted_crates uses.
func crateID(k int) int64 { return int64(k) + 1 + int64(k)/23 }

// deletedID is the id of deleted crate i: one of the gaps crateID leaves.
func deletedID(i int) int64 { return 24 * int64(i+1) }

// versionID maps a version index to its id (1-based, with no gaps).
func versionID(j int) int64 { return int64(j) + 1 }

// userID maps a user index to its id.
func userID(u int) int64 { return int64(u)*3/2 + 1 }

// createdAt spreads crate k over [epoch, now): the crate count grows over
// time (density rising linearly, so the time is a square root of the index).
func (w *world) createdAt(k int, r *rng) ts {
	span := float64(w.now - 3600 - w.epoch)
	x := float64(k) / float64(w.nCrates)
	sec := w.epoch + int64(span*math.Sqrt(x))
	return ts{sec: sec + int64(r.intn(3600)), micro: micro(r)}
}

// micro draws a microsecond fraction: usually six digits, sometimes with
// trailing zeros (printed shorter), rarely zero (printed without fraction).
func micro(r *rng) int32 {
	switch v := r.intn(100); {
	case v < 3:
		return 0
	case v < 8:
		return int32(r.intn(10)) * 100000
	case v < 15:
		return int32(r.intn(1000)) * 1000
	default:
		return int32(r.intn(1000000))
	}
}

// between returns a timestamp uniformly in [a, b].
func between(r *rng, a, b int64) ts {
	if b <= a {
		return ts{sec: a, micro: micro(r)}
	}
	return ts{sec: a + int64(r.intn(int(b-a+1))), micro: micro(r)}
}

// crate is what several tables need to know about crate k.
type crate struct {
	k       int
	id      int64
	name    string
	created ts
	updated ts
	owner   int // user index of the first owner
}

// crateName returns a unique name for crate index k: single words for the
// oldest crates, then word pairs and triples joined by - or _, spread over
// the word space by a bijective permutation.
func crateName(k int, r *rng) string {
	nw := len(nameWords)
	sep := "-"
	if r.chance(300) {
		sep = "_"
	}
	switch {
	case k < nw:
		return nameWords[(k*7+3)%nw]
	case k < nw+nw*nw:
		p := permute(k-nw, nw*nw)
		return nameWords[p/nw] + sep + nameWords[p%nw]
	default:
		m := nw * nw * nw
		p := permute((k-nw-nw*nw)%m, m)
		return nameWords[p/(nw*nw)] + sep + nameWords[p/nw%nw] + sep + nameWords[p%nw]
	}
}

// permute is a bijection on [0, m) (an affine map with a multiplier
// coprime to m).
func permute(i, m int) int {
	mult := 7919
	for gcd(mult, m) != 1 {
		mult += 2
	}
	return int((int64(i)*int64(mult) + 12345) % int64(m))
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func (w *world) crate(k int) crate {
	r := newRNG(w.seed, stCrate, uint64(k))
	c := crate{k: k, id: crateID(k)}
	c.name = crateName(k, &r)
	c.created = w.createdAt(k, &r)
	c.updated = c.created
	if r.chance(700) {
		c.updated = between(&r, c.created.sec, w.now-60)
	}
	c.owner = r.intn(w.nUsers)
	return c
}

// userLogin returns user u's GitHub login, unique per user.
func userLogin(u int) string {
	nf := len(firstNames)
	base := firstNames[u%nf]
	q := u / nf
	if q == 0 {
		return base
	}
	nw := len(nameWords)
	if q <= nw {
		return base + "-" + nameWords[q-1]
	}
	return base + itoa(q-nw)
}

// keywordName returns keyword i, unique per index.
func keywordName(i int) string {
	nw := len(nameWords)
	if i < nw {
		return nameWords[i]
	}
	return nameWords[i%nw] + "-" + nameWords[(i/nw-1)%nw]
}
