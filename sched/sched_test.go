package sched

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var workerCounts = []int{1, 2, 3, 8, 64}

// TestOrderedSkewed runs skewed tasks (every 13th costs 100x, some sleep) on 1..64 workers and checks that
// the results come out exactly as in a sequential run.
func TestOrderedSkewed(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range workerCounts {
		for _, bound := range []int64{0, 2000} {
			rng := rand.New(rand.NewPCG(uint64(w), uint64(bound)))
			s := &scenario{opts: Options{Workers: w, MaxInFlight: bound}, consumeErrAt: -1}
			guard := newWorkerGuard(w)
			for i := range 200 {
				tk := &rangeTask{id: i, hi: 1 + rng.IntN(16), cost: 20, guard: guard}
				if i%13 == 0 {
					tk.cost *= 100
				}
				if rng.IntN(25) == 0 {
					tk.sleep = time.Duration(rng.IntN(200)) * time.Microsecond
				}
				s.tasks = append(s.tasks, tk)
				s.sizes = append(s.sizes, tk.Size())
			}
			checkScenario(t, s)
			guard.check(t)
		}
	}
}

// TestDefaultWorkers checks that Workers <= 0 means GOMAXPROCS workers.
func TestDefaultWorkers(t *testing.T) {
	s := &scenario{consumeErrAt: -1}
	for i := range 10 {
		s.tasks = append(s.tasks, &rangeTask{id: i, hi: 3})
		s.sizes = append(s.sizes, 1)
	}
	st := checkScenario(t, s)
	if len(st.Workers) != runtime.GOMAXPROCS(0) {
		t.Errorf("%d workers, want GOMAXPROCS %d", len(st.Workers), runtime.GOMAXPROCS(0))
	}
}

// TestStealForced blocks every worker in one of the first W tasks, then submits the rest, which round-robin
// dispatch spreads over all deques. Task 0 stays blocked until every other task has finished, so the tasks
// queued behind it can only have run by being stolen.
func TestStealForced(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{2, 3, 8} {
		const n = 64
		started := make(chan struct{}, w)
		submittedAll := make(chan struct{})
		othersDone := make(chan struct{})
		var remaining atomic.Int64
		remaining.Store(n - 1)
		guard := newWorkerGuard(w)
		tasks := make([]*rangeTask, n)
		for i := range tasks {
			tasks[i] = &rangeTask{id: i, hi: 4, cost: 10, guard: guard}
			switch {
			case i == 0:
				tasks[i].hook = func(ctx context.Context) {
					started <- struct{}{}
					select {
					case <-othersDone:
					case <-ctx.Done():
					}
				}
			case i < w:
				tasks[i].hook = func(ctx context.Context) {
					started <- struct{}{}
					<-submittedAll
				}
			}
		}
		var got [][]uint64
		produce := func(ctx context.Context, submit func(Task[[]uint64], int64) error) error {
			for i, tk := range tasks {
				if i == w {
					for range w { // every worker now runs one of the first w tasks
						<-started
					}
				}
				if err := submit(&doneCounter{tk, &remaining, othersDone}, 1); err != nil {
					return err
				}
			}
			close(submittedAll)
			return nil
		}
		st, err := Run(context.Background(), Options{Workers: w}, produce,
			func(v []uint64) error { got = append(got, v); return nil }, nil)
		if err != nil {
			t.Fatal(err)
		}
		guard.check(t)
		if len(got) != n {
			t.Fatalf("%d results, want %d", len(got), n)
		}
		for i, v := range got {
			if !slices.Equal(v, []uint64{mix(i, 0, 10), mix(i, 1, 10), mix(i, 2, 10), mix(i, 3, 10)}) {
				t.Fatalf("result %d wrong", i)
			}
		}
		// The stuck worker's deque received at least (n-w)/w of the tasks submitted after the first w.
		tot := st.Total()
		if min := int64((n - w) / w); tot.Stolen < min {
			t.Errorf("workers=%d: stolen %d, want at least %d", w, tot.Stolen, min)
		}
	}
}

// doneCounter runs a rangeTask and closes done when the last of the counted tasks (all but task 0) ends.
type doneCounter struct {
	*rangeTask
	remaining *atomic.Int64
	done      chan struct{}
}

func (d *doneCounter) Run(ctx context.Context, w int) ([]uint64, error) {
	v, err := d.rangeTask.Run(ctx, w)
	if d.id != 0 && d.remaining.Add(-1) == 0 {
		close(d.done)
	}
	return v, err
}

// TestBackPressureExact checks PeakInFlight against values it must equal exactly.
func TestBackPressureExact(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{1, 2, 8} {
		// Unbounded, and the first consume waits until produce has submitted everything: every task is
		// in flight at once, so the peak is the sum of the sizes.
		t.Run("unbounded", func(t *testing.T) {
			sizes := []int64{5, 0, 17, 1000, 3, 3, 250}
			var sum int64
			for _, z := range sizes {
				sum += z
			}
			produced := make(chan struct{})
			first := true
			st, err := Run(context.Background(), Options{Workers: w},
				func(ctx context.Context, submit func(Task[int], int64) error) error {
					for i, z := range sizes {
						if err := submit(intTask(i), z); err != nil {
							return err
						}
					}
					close(produced)
					return nil
				},
				func(int) error {
					if first {
						<-produced
						first = false
					}
					return nil
				}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st.PeakInFlight != sum {
				t.Errorf("workers=%d: PeakInFlight %d, want %d", w, st.PeakInFlight, sum)
			}
		})
		// Equal sizes s with bound N = 5s: when the producer first blocks, exactly 5 tasks are in flight,
		// and the first consume waits for that moment, so the peak is N.
		t.Run("equal", func(t *testing.T) {
			blocked := make(chan struct{}, 1)
			r := newRun(context.Background(), Options{Workers: w, MaxInFlight: 50}, func(a, b int) int { return a })
			r.onBlock = func() { signal(blocked) }
			first := true
			st, err := r.run(
				func(ctx context.Context, submit func(Task[int], int64) error) error {
					for i := range 40 {
						if err := submit(intTask(i), 10); err != nil {
							return err
						}
					}
					return nil
				},
				func(int) error {
					if first {
						<-blocked
						first = false
					}
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if st.PeakInFlight != 50 {
				t.Errorf("workers=%d: PeakInFlight %d, want 50", w, st.PeakInFlight)
			}
			if st.ProducerBlocked <= 0 {
				t.Errorf("workers=%d: ProducerBlocked %v, want > 0", w, st.ProducerBlocked)
			}
		})
		// A task larger than the bound is admitted only when nothing else is in flight.
		t.Run("oversized", func(t *testing.T) {
			sizes := []int64{10, 10, 200, 10, 30, 10}
			st, err := Run(context.Background(), Options{Workers: w, MaxInFlight: 50},
				func(ctx context.Context, submit func(Task[int], int64) error) error {
					for i, z := range sizes {
						if err := submit(intTask(i), z); err != nil {
							return err
						}
					}
					return nil
				}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if st.PeakInFlight != 200 {
				t.Errorf("workers=%d: PeakInFlight %d, want 200", w, st.PeakInFlight)
			}
		})
	}
}

// intTask returns its own value.
type intTask int

func (t intTask) Run(context.Context, int) (int, error) { return int(t), nil }

// TestBackPressureRandom checks the bound on random sizes, and that the peak is at least what the test
// itself saw in flight (it counts a task after submit returns and uncounts it inside consume, so its count
// never exceeds the scheduler's).
func TestBackPressureRandom(t *testing.T) {
	defer leakCheck(t)()
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		w := 1 + rng.IntN(8)
		limit := int64(20 + rng.IntN(300))
		sizes := make([]int64, 50+rng.IntN(100))
		var largest int64
		for i := range sizes {
			sizes[i] = int64(rng.IntN(120))
			if rng.IntN(20) == 0 {
				sizes[i] = limit + int64(rng.IntN(500))
			}
			largest = max(largest, sizes[i])
		}
		var seen, seenPeak atomic.Int64
		next := 0
		st, err := Run(context.Background(), Options{Workers: w, MaxInFlight: limit},
			func(ctx context.Context, submit func(Task[int], int64) error) error {
				for i, z := range sizes {
					if err := submit(sleepTask{i, time.Duration(rng.IntN(50)) * time.Microsecond}, z); err != nil {
						return err
					}
					v := seen.Add(z)
					for p := seenPeak.Load(); v > p && !seenPeak.CompareAndSwap(p, v); p = seenPeak.Load() {
					}
				}
				return nil
			},
			func(v int) error {
				if v != next {
					t.Errorf("got result %d, want %d", v, next)
				}
				seen.Add(-sizes[v])
				next++
				return nil
			}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.PeakInFlight > max(limit, largest) {
			t.Errorf("seed %d: PeakInFlight %d > max(%d, %d)", seed, st.PeakInFlight, limit, largest)
		}
		if st.PeakInFlight < seenPeak.Load() {
			t.Errorf("seed %d: PeakInFlight %d < %d seen by the test", seed, st.PeakInFlight, seenPeak.Load())
		}
	}
}

// sleepTask sleeps, then returns its index.
type sleepTask struct {
	i int
	d time.Duration
}

func (t sleepTask) Run(context.Context, int) (int, error) {
	if t.d > 0 {
		time.Sleep(t.d)
	}
	return t.i, nil
}

// TestSplitRecursive submits large splittable tasks one at a time, each once every worker is idle, so the
// worker that takes one splits it, and with three or more workers the halves split again. The merged
// results must equal the unsplit ones.
func TestSplitRecursive(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range workerCounts {
		guard := newWorkerGuard(w)
		var tasks []*rangeTask
		var want [][]uint64
		for i := range 6 {
			tk := &rangeTask{id: i, hi: 500 + 137*i, cost: 100, splittable: true, guard: guard}
			v, _ := tk.Run(context.Background(), 0)
			tasks, want = append(tasks, tk), append(want, v)
		}
		r := newRun(context.Background(), Options{Workers: w, SplitAbove: 256}, mergeVals)
		var got [][]uint64
		st, err := r.run(func(ctx context.Context, submit func(Task[[]uint64], int64) error) error {
			for _, tk := range tasks {
				for r.nidle.Load() < int32(w) {
					time.Sleep(50 * time.Microsecond)
				}
				if err := submit(asTask(tk), tk.Size()); err != nil {
					return err
				}
			}
			return nil
		}, func(v []uint64) error { got = append(got, v); return nil })
		if err != nil {
			t.Fatal(err)
		}
		guard.check(t)
		if len(got) != len(want) {
			t.Fatalf("workers=%d: %d results, want %d", w, len(got), len(want))
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("workers=%d: merged result %d differs from the unsplit one", w, i)
			}
		}
		tot := st.Total()
		if tot.Tasks != int64(len(tasks))+tot.Splits {
			t.Errorf("workers=%d: %d pieces ran for %d tasks and %d splits", w, tot.Tasks, len(tasks), tot.Splits)
		}
		// With w workers all idle, the first split is certain and with w >= 3 the first half splits again.
		if minSplits := int64(min(w-1, 2)) * int64(len(tasks)); tot.Splits < minSplits {
			t.Errorf("workers=%d: %d splits, want at least %d", w, tot.Splits, minSplits)
		}
		t.Logf("workers=%d: %d splits, %d stolen", w, tot.Splits, tot.Stolen)
	}
}

// TestSplitForced waits until every worker is idle before submitting one large task, so the worker that
// takes it must split it (another worker is idle), and checks the merged result.
func TestSplitForced(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{2, 4} {
		guard := newWorkerGuard(w)
		tk := &rangeTask{id: 1, hi: 4096, cost: 100, splittable: true, guard: guard}
		want, _ := tk.Run(context.Background(), 0)
		r := newRun(context.Background(), Options{Workers: w, SplitAbove: 1024}, mergeVals)
		var got [][]uint64
		st, err := r.run(func(ctx context.Context, submit func(Task[[]uint64], int64) error) error {
			for r.nidle.Load() < int32(w) {
				time.Sleep(100 * time.Microsecond)
			}
			return submit(asTask(tk), tk.Size())
		}, func(v []uint64) error { got = append(got, v); return nil })
		if err != nil {
			t.Fatal(err)
		}
		guard.check(t)
		if len(got) != 1 || !slices.Equal(got[0], want) {
			t.Fatalf("workers=%d: merged result differs from the unsplit one", w)
		}
		tot := st.Total()
		if tot.Splits == 0 {
			t.Errorf("workers=%d: no split although a worker was idle", w)
		}
		if tot.Tasks != 1+tot.Splits {
			t.Errorf("workers=%d: %d pieces ran for %d splits", w, tot.Tasks, tot.Splits)
		}
	}
}

// TestSplitError checks that a split task fails with the error the unsplit task returns.
func TestSplitError(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{1, 2, 8} {
		for _, bad := range [][]int{{3}, {700, 1500}, {2000}} {
			s := &scenario{opts: Options{Workers: w, SplitAbove: 16}, consumeErrAt: -1}
			for i := range 6 {
				tk := &rangeTask{id: i, hi: 256 * (i + 1), cost: 50, splittable: true}
				if i == 4 {
					tk.bad = bad
				}
				s.tasks = append(s.tasks, tk)
				s.sizes = append(s.sizes, tk.Size())
			}
			checkScenario(t, s)
		}
	}
}

// TestFirstErrorWins makes a later task fail first in time: task 7 fails at once; task 3 fails only after
// the run is known to be failing (submit has returned an error to produce). Run must return task 3's error.
func TestFirstErrorWins(t *testing.T) {
	defer leakCheck(t)()
	err3, err7 := errors.New("three"), errors.New("seven")
	for _, w := range []int{2, 3, 8} {
		stopped := make(chan struct{})
		var got []int
		var ran, late atomic.Int64
		st, err := Run(context.Background(), Options{Workers: w, MaxInFlight: 64},
			func(ctx context.Context, submit func(Task[int], int64) error) error {
				for i := 0; ; i++ {
					if err := submit(funcTask(func(ctx context.Context) (int, error) {
						ran.Add(1)
						switch {
						case i == 3:
							<-stopped
							return 0, err3
						case i == 7:
							return 0, err7
						case i > 7:
							late.Add(1)
						}
						return i, nil
					}), 1); err != nil {
						close(stopped)
						return err
					}
					if i > 1_000_000 {
						t.Error("submit never failed")
						close(stopped)
						return nil
					}
				}
			},
			func(v int) error { got = append(got, v); return nil }, nil)
		var e *Error
		if !errors.As(err, &e) || e.Index != 3 || e.Op != "task" || !errors.Is(err, err3) {
			t.Fatalf("workers=%d: got %v, want task 3's error", w, err)
		}
		if !slices.Equal(got, []int{0, 1, 2}) {
			t.Errorf("workers=%d: consumed %v, want [0 1 2]", w, got)
		}
		// Tasks after 7 may have started before task 7 failed, never after; they cannot be told apart
		// here, so check only the accounting: every task that ran is counted once.
		if tot := st.Total(); tot.Tasks != ran.Load() || late.Load() > ran.Load() {
			t.Errorf("workers=%d: Tasks %d, but %d tasks ran", w, tot.Tasks, ran.Load())
		}
	}
}

// funcTask adapts a function to Task.
type funcTask func(ctx context.Context) (int, error)

func (f funcTask) Run(ctx context.Context, _ int) (int, error) { return f(ctx) }

// TestErrorSkipsLater uses one worker, which runs tasks in input order: after task 5 fails, no later task
// may run; they are all dropped.
func TestErrorSkipsLater(t *testing.T) {
	defer leakCheck(t)()
	boom := errors.New("boom")
	var ran atomic.Int64
	st, err := Run(context.Background(), Options{Workers: 1},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			for i := range 100 {
				if err := submit(funcTask(func(context.Context) (int, error) {
					ran.Add(1)
					if i == 5 {
						return 0, boom
					}
					return i, nil
				}), 1); err != nil {
					return err
				}
			}
			return nil
		}, nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Index != 5 || !errors.Is(err, boom) {
		t.Fatalf("got %v, want task 5's error", err)
	}
	if ran.Load() != 6 || st.Workers[0].Tasks != 6 {
		t.Errorf("%d tasks ran (Stats: %d), want 6", ran.Load(), st.Workers[0].Tasks)
	}
	if st.Consumed != 5 {
		t.Errorf("Consumed %d, want 5", st.Consumed)
	}
	if want := st.Submitted - 6; st.Workers[0].Skipped > want {
		t.Errorf("Skipped %d > %d submitted after the error", st.Workers[0].Skipped, want)
	}
}

// TestProduceError checks that a produce error comes after every submitted task, and loses to a task error.
func TestProduceError(t *testing.T) {
	defer leakCheck(t)()
	errP := errors.New("read failed")
	for _, w := range []int{1, 2, 8} {
		for _, failAt := range []int{-1, 4} {
			s := &scenario{opts: Options{Workers: w}, consumeErrAt: -1, produceErr: errP}
			for i := range 10 {
				tk := &rangeTask{id: i, hi: 5, cost: 10}
				if i == failAt {
					tk.bad = []int{2}
				}
				s.tasks = append(s.tasks, tk)
				s.sizes = append(s.sizes, 1)
			}
			checkScenario(t, s)
		}
		// A produce that fails before submitting anything.
		st, err := Run(context.Background(), Options{Workers: w},
			func(context.Context, func(Task[int], int64) error) error { return errP }, nil, nil)
		var e *Error
		if !errors.As(err, &e) || e.Index != 0 || e.Op != "produce" || !errors.Is(err, errP) {
			t.Errorf("got %v, want a produce error at 0", err)
		}
		if st.Submitted != 0 {
			t.Errorf("Submitted %d", st.Submitted)
		}
	}
}

// TestConsumeError checks that a consume error stops the run at its index and consume is not called again.
func TestConsumeError(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{1, 2, 8} {
		for _, at := range []int{0, 5, 29} {
			s := &scenario{opts: Options{Workers: w, MaxInFlight: 10}, consumeErrAt: at}
			for i := range 30 {
				s.tasks = append(s.tasks, &rangeTask{id: i, hi: 3, cost: 10})
				s.sizes = append(s.sizes, 1)
			}
			checkScenario(t, s) // compares the number of consume calls with the reference
		}
	}
}

// TestBadSubmit checks that a nil task, a negative size and a submit after produce returned are refused
// with errors, not panics.
func TestBadSubmit(t *testing.T) {
	defer leakCheck(t)()
	_, err := Run(context.Background(), Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			if err := submit(intTask(0), 1); err != nil {
				return err
			}
			return submit(nil, 1)
		}, nil, nil)
	var e *Error
	if !errors.As(err, &e) || e.Op != "produce" || e.Index != 1 {
		t.Errorf("nil task: got %v", err)
	}
	_, err = Run(context.Background(), Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			return submit(intTask(0), -5)
		}, nil, nil)
	if !errors.As(err, &e) || e.Op != "produce" || e.Index != 0 {
		t.Errorf("negative size: got %v", err)
	}
	var saved func(Task[int], int64) error
	_, err = Run(context.Background(), Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			saved = submit
			return nil
		}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := saved(intTask(1), 1); !errors.Is(err, errSubmitClosed) {
		t.Errorf("submit after produce returned: got %v", err)
	}
	if _, err := Run[int](context.Background(), Options{}, nil, nil, nil); err == nil {
		t.Error("nil produce accepted")
	}
}

// TestCancelFromConsume cancels ctx inside the 5th consume: Run must return context.Canceled and never call
// consume again, while tasks that wait for ctx are still running and the producer is blocked.
func TestCancelFromConsume(t *testing.T) {
	defer leakCheck(t)()
	for _, w := range []int{1, 2, 8} {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		_, err := Run(ctx, Options{Workers: w, MaxInFlight: 20},
			func(ctx context.Context, submit func(Task[int], int64) error) error {
				for i := 0; ; i++ {
					if err := submit(funcTask(func(ctx context.Context) (int, error) {
						if i >= 8 {
							<-ctx.Done() // a task that only ends when the run is cancelled
							return 0, ctx.Err()
						}
						return i, nil
					}), 1); err != nil {
						return err
					}
				}
			},
			func(int) error {
				if calls++; calls == 5 {
					cancel()
				}
				return nil
			}, nil)
		cancel()
		if !errors.Is(err, context.Canceled) || err != context.Canceled {
			t.Errorf("workers=%d: got %v, want context.Canceled", w, err)
		}
		if calls != 5 {
			t.Errorf("workers=%d: consume called %d times, want 5", w, calls)
		}
	}
}

// TestCancelWhileWaiting cancels ctx from outside while the consumer waits for a task that never ends on
// its own.
func TestCancelWhileWaiting(t *testing.T) {
	defer leakCheck(t)()
	ctx, cancel := context.WithCancel(context.Background())
	running := make(chan struct{})
	var once sync.Once
	go func() {
		<-running
		cancel()
	}()
	_, err := Run(ctx, Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			return submit(funcTask(func(ctx context.Context) (int, error) {
				once.Do(func() { close(running) })
				<-ctx.Done()
				return 0, errors.New("interrupted")
			}), 1)
		}, func(int) error { t.Error("consume called"); return nil }, nil)
	if err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
	// Already cancelled: nothing runs.
	ran := false
	_, err = Run(ctx, Options{}, func(context.Context, func(Task[int], int64) error) error {
		ran = true
		return nil
	}, nil, nil)
	if err != context.Canceled || ran {
		t.Errorf("cancelled ctx: got %v, produce ran: %v", err, ran)
	}
}

// TestDeadline checks that a deadline's error is returned as is.
func TestDeadline(t *testing.T) {
	defer leakCheck(t)()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := Run(ctx, Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			<-ctx.Done() // a produce that waits for input that never comes
			return ctx.Err()
		}, nil, nil)
	if err != context.DeadlineExceeded {
		t.Errorf("got %v, want context.DeadlineExceeded", err)
	}
}

// TestProperty compares random scenarios (worker counts, skewed costs, sizes and bounds, splits, task,
// consume and produce failures) with the sequential reference.
func TestProperty(t *testing.T) {
	defer leakCheck(t)()
	n := 300
	if testing.Short() {
		n = 60
	}
	for seed := range uint64(n) {
		s := randomScenario(rand.New(rand.NewPCG(seed, 1)))
		checkScenario(t, s)
	}
}

// FuzzRun compares scenarios built from fuzz input with the sequential reference.
func FuzzRun(f *testing.F) {
	for _, seed := range []uint64{0, 1, 2, 3, 42, 1000} {
		f.Add(seed, seed*7)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) {
		checkScenario(t, randomScenario(rand.New(rand.NewPCG(a, b))))
	})
}

// TestErrorMessages checks that errors name their position.
func TestErrorMessages(t *testing.T) {
	inner := errors.New("x")
	for _, c := range []struct {
		e    *Error
		want string
	}{
		{&Error{Index: 7, Op: "task", Err: inner}, "sched: task 7: x"},
		{&Error{Index: 7, Op: "consume", Err: inner}, "sched: consume of task 7: x"},
		{&Error{Index: 7, Op: "produce", Err: inner}, "sched: produce, after task 6: x"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if !errors.Is(c.e, inner) {
			t.Errorf("%q does not unwrap", c.e)
		}
	}
}

// TestConsumePanic checks that a panic in consume reaches the caller and the run's goroutines still end.
func TestConsumePanic(t *testing.T) {
	defer leakCheck(t)()
	defer func() {
		if p := recover(); p != "consume panics" {
			t.Errorf("recovered %v", p)
		}
	}()
	_, _ = Run(context.Background(), Options{Workers: 2},
		func(ctx context.Context, submit func(Task[int], int64) error) error {
			for i := 0; ; i++ {
				if err := submit(intTask(i), 1); err != nil {
					return err
				}
			}
		}, func(v int) error {
			if v == 10 {
				panic("consume panics")
			}
			return nil
		}, nil)
	t.Error("Run returned")
}

// Options stays comparable (no func fields), so callers can write opts == sched.Options{}.
var _ = Options{} == Options{}
