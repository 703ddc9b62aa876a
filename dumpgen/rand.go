package dumpgen

import "math/bits"

// rng is a SplitMix64 generator. It uses only integer arithmetic, so the
// stream it produces is identical on every architecture and Go version; that
// is what makes the generator's output byte-identical everywhere. A rng is not
// safe for concurrent use: every row (or chunk) derives its own from the seed.
type rng struct{ s uint64 }

const golden = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 output function (a bijection on uint64).
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// stream identifies an independent random stream (one per table or purpose).
type stream uint64

const (
	stCrate stream = iota + 1
	stOrder
	stReadme
	stVersion
	stDependency
	stVersionDownload
	stUser
	stTeam
	stKeyword
	stOwner
	stCategoryLink
	stKeywordLink
	stDeleted
	stMisc
	stGiant
	stExtra
	stBadge
	stVersionCount
	stVersionRate
)

// newRNG returns the generator for item idx of stream st under seed. Items of
// the same stream are independent of each other and of the order in which
// they are generated, which lets chunks be produced in parallel.
func newRNG(seed uint64, st stream, idx uint64) rng {
	s := mix64(seed + golden*uint64(st))
	s = mix64(s ^ (idx+1)*0xd1b54a32d192ed03)
	return rng{s: s}
}

// next returns the next 64 random bits.
func (r *rng) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// intn returns a uniform integer in [0, n); n must be > 0. It uses Lemire's
// multiply-shift reduction (bias below 2^-32 for the n used here).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// rangeIn returns a uniform integer in [lo, hi].
func (r *rng) rangeIn(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true with probability permille/1000.
func (r *rng) chance(permille int) bool { return r.intn(1000) < permille }

// weighted picks an index into w with probability proportional to w[i].
func (r *rng) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := r.intn(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// octave draws a heavy-tailed integer: octave i of w (probability w[i]/sum)
// covers [base<<i, base<<(i+1)), and the value is uniform inside it. Only
// integer arithmetic is used, so the result is the same on every platform.
func (r *rng) octave(base int, w []int) int {
	i := r.weighted(w)
	lo := base << i
	return lo + r.intn(lo)
}

// pick returns a uniformly chosen element of s.
func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }
