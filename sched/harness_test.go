package sched

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// spin burns about n small steps of CPU and returns a value depending on x and n.
func spin(x uint64, n int) uint64 {
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// mix is the value rangeTask computes for element i of top-level task id.
func mix(id, i int, cost int) uint64 {
	return spin(uint64(id)<<32|uint64(i)|1, cost)
}

// workerGuard checks that a worker index is in range and that no two tasks run on one worker at once.
type workerGuard struct {
	busy []atomic.Bool
	bad  atomic.Value // first violation, a string
}

func newWorkerGuard(n int) *workerGuard { return &workerGuard{busy: make([]atomic.Bool, n)} }

func (g *workerGuard) enter(w int) bool {
	if w < 0 || w >= len(g.busy) {
		g.bad.CompareAndSwap(nil, fmt.Sprintf("worker index %d out of range [0,%d)", w, len(g.busy)))
		return false
	}
	if !g.busy[w].CompareAndSwap(false, true) {
		g.bad.CompareAndSwap(nil, fmt.Sprintf("two tasks at once on worker %d", w))
		return false
	}
	return true
}

func (g *workerGuard) leave(w int) { g.busy[w].Store(false) }

func (g *workerGuard) check(t *testing.T) {
	t.Helper()
	if v := g.bad.Load(); v != nil {
		t.Errorf("worker guard: %s", v)
	}
}

// rangeTask computes mix(id, i, cost) for i in [lo, hi) and returns the values in order; it fails at the
// first i in [lo, hi) listed in bad. It splits at the middle of its range, so split and unsplit runs
// return the same values (concatenated by mergeVals) and the same error.
type rangeTask struct {
	id, lo, hi int
	cost       int           // spin steps per element
	sleep      time.Duration // slept once per Run, before the work
	bad        []int         // sorted
	splittable bool
	guard      *workerGuard
	hook       func(ctx context.Context) // called at the start of Run, if set
}

func (t *rangeTask) Run(ctx context.Context, worker int) ([]uint64, error) {
	if t.guard != nil {
		if !t.guard.enter(worker) {
			return nil, errors.New("worker guard violated")
		}
		defer t.guard.leave(worker)
	}
	if t.hook != nil {
		t.hook(ctx)
	}
	if t.sleep > 0 {
		time.Sleep(t.sleep)
	}
	out := make([]uint64, 0, t.hi-t.lo)
	for i := t.lo; i < t.hi; i++ {
		if _, found := slices.BinarySearch(t.bad, i); found {
			return nil, fmt.Errorf("task %d: bad element %d", t.id, i)
		}
		out = append(out, mix(t.id, i, t.cost))
	}
	return out, nil
}

func (t *rangeTask) Size() int64 { return int64(t.hi-t.lo) * 8 }

// splitTask is a rangeTask that implements Splitter.
type splitTask struct{ rangeTask }

func (t *splitTask) Split() (Task[[]uint64], Task[[]uint64], bool) {
	if t.hi-t.lo < 2 {
		return nil, nil, false
	}
	mid := t.lo + (t.hi-t.lo)/2
	a, b := *t, *t
	a.hi, b.lo = mid, mid
	a.hook, b.hook = nil, nil
	return &a, &b, true
}

func mergeVals(a, b []uint64) []uint64 { return append(a, b...) }

func asTask(t *rangeTask) Task[[]uint64] {
	if t.splittable {
		return &splitTask{*t}
	}
	return t
}

// scenario is a run to compare against the sequential reference.
type scenario struct {
	opts         Options
	tasks        []*rangeTask
	sizes        []int64
	consumeErrAt int   // index whose consume fails, or -1
	produceErr   error // returned by produce after submitting every task, if not nil
}

var errConsume = errors.New("consume refused")

// reference runs s sequentially on one goroutine: the semantics Run must reproduce.
func (s *scenario) reference() ([][]uint64, error) {
	var got [][]uint64
	for i, t := range s.tasks {
		v, err := t.Run(context.Background(), 0)
		if err != nil {
			return got, &Error{Index: int64(i), Op: "task", Err: err}
		}
		got = append(got, v)
		if i == s.consumeErrAt {
			return got, &Error{Index: int64(i), Op: "consume", Err: errConsume}
		}
	}
	if s.produceErr != nil {
		return got, &Error{Index: int64(len(s.tasks)), Op: "produce", Err: s.produceErr}
	}
	return got, nil
}

// run runs s on the scheduler.
func (s *scenario) run(ctx context.Context) ([][]uint64, Stats, error) {
	var got [][]uint64
	var inConsume atomic.Bool
	produce := func(ctx context.Context, submit func(Task[[]uint64], int64) error) error {
		for i, t := range s.tasks {
			if err := submit(asTask(t), s.sizes[i]); err != nil {
				return err
			}
		}
		return s.produceErr
	}
	consume := func(v []uint64) error {
		if !inConsume.CompareAndSwap(false, true) {
			panic("consume called concurrently with itself")
		}
		defer inConsume.Store(false)
		got = append(got, v)
		if len(got)-1 == s.consumeErrAt {
			return errConsume
		}
		return nil
	}
	st, err := Run(ctx, s.opts, produce, consume, mergeVals)
	return got, st, err
}

// sameError reports whether two errors returned by Run (or the reference) are the same failure.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	var ea, eb *Error
	if errors.As(a, &ea) && errors.As(b, &eb) {
		return ea.Index == eb.Index && ea.Op == eb.Op && ea.Err.Error() == eb.Err.Error()
	}
	return a.Error() == b.Error()
}

// checkScenario runs s and compares results, error and stats with the reference.
func checkScenario(t *testing.T, s *scenario) Stats {
	t.Helper()
	want, wantErr := s.reference()
	got, st, err := s.run(context.Background())
	if !sameError(err, wantErr) {
		t.Fatalf("error: got %v, want %v", err, wantErr)
	}
	if len(got) != len(want) {
		t.Fatalf("consumed %d results, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("result %d differs: got %d values, want %d", i, len(got[i]), len(want[i]))
		}
	}
	checkStats(t, s, st, err)
	return st
}

// checkStats checks the invariants every run's Stats must satisfy.
func checkStats(t *testing.T, s *scenario, st Stats, err error) {
	t.Helper()
	wantWorkers := s.opts.Workers
	if wantWorkers <= 0 {
		wantWorkers = runtime.GOMAXPROCS(0)
	}
	if len(st.Workers) != wantWorkers {
		t.Errorf("Stats.Workers has %d entries, want %d", len(st.Workers), wantWorkers)
	}
	var largest, sum int64
	for _, z := range s.sizes[:st.Submitted] {
		largest = max(largest, z)
		sum += z
	}
	if n := s.opts.MaxInFlight; n > 0 && st.PeakInFlight > max(n, largest) {
		t.Errorf("PeakInFlight %d > max(MaxInFlight %d, largest %d)", st.PeakInFlight, n, largest)
	}
	if st.PeakInFlight > sum {
		t.Errorf("PeakInFlight %d > sum of submitted sizes %d", st.PeakInFlight, sum)
	}
	tot := st.Total()
	if err == nil {
		if st.Submitted != int64(len(s.tasks)) || st.Consumed != st.Submitted {
			t.Errorf("Submitted %d, Consumed %d, want both %d", st.Submitted, st.Consumed, len(s.tasks))
		}
		// Every piece (a task, or each half of a split) ran exactly once.
		if tot.Skipped != 0 || tot.Tasks != st.Submitted+tot.Splits {
			t.Errorf("Tasks %d, Skipped %d, Splits %d for %d submitted", tot.Tasks, tot.Skipped, tot.Splits, st.Submitted)
		}
	} else if tot.Tasks+tot.Skipped > st.Submitted+tot.Splits {
		t.Errorf("Tasks %d + Skipped %d > Submitted %d + Splits %d", tot.Tasks, tot.Skipped, st.Submitted, tot.Splits)
	}
	if tot.Splits > 0 && s.opts.SplitAbove <= 0 {
		t.Errorf("%d splits with SplitAbove %d", tot.Splits, s.opts.SplitAbove)
	}
	if st.Wall <= 0 || st.ConsumeTime < 0 || st.ConsumerWait < 0 || st.ProducerBlocked < 0 {
		t.Errorf("bad durations: %+v", st)
	}
	for i, w := range st.Workers {
		if w.Busy < 0 || w.Busy > st.Wall {
			t.Errorf("worker %d busy %v outside [0, wall %v]", i, w.Busy, st.Wall)
		}
	}
}

// randomScenario builds a scenario from rng: worker counts, costs, sizes, bounds, splits and failures.
func randomScenario(rng *rand.Rand) *scenario {
	s := &scenario{consumeErrAt: -1}
	s.opts.Workers = 1 + rng.IntN(9)
	n := rng.IntN(60)
	guard := newWorkerGuard(s.opts.Workers)
	for i := range n {
		t := &rangeTask{id: i, lo: 0, hi: rng.IntN(40), cost: rng.IntN(50), guard: guard}
		if rng.IntN(16) == 0 {
			t.cost *= 100 // a slow one
		}
		if rng.IntN(20) == 0 {
			t.sleep = time.Duration(rng.IntN(300)) * time.Microsecond
		}
		if rng.IntN(30) == 0 && t.hi > 0 {
			t.bad = []int{rng.IntN(t.hi)}
		}
		t.splittable = rng.IntN(2) == 0
		s.tasks = append(s.tasks, t)
		s.sizes = append(s.sizes, t.Size()+int64(rng.IntN(3)))
	}
	if rng.IntN(2) == 0 {
		s.opts.MaxInFlight = int64(1 + rng.IntN(400))
	}
	if rng.IntN(2) == 0 {
		s.opts.SplitAbove = int64(8 + rng.IntN(100))
	}
	if n > 0 && rng.IntN(8) == 0 {
		s.consumeErrAt = rng.IntN(n)
	}
	if rng.IntN(8) == 0 {
		s.produceErr = errors.New("produce failed")
	}
	return s
}

// leakCheck returns a function that fails t if goroutines started since leakCheck do not end within a few
// seconds.
func leakCheck(t *testing.T) func() {
	t.Helper()
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= before {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutine leak: %d before, %d after\n%s", before, n, buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}
