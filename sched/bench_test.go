package sched

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// The benchmarks hash chunks of a buffer with scalar FNV-1a (about 1 GB/s per core, close to the cost of
// building Arrow columns from CSV) and fold the hashes in input order, so a reordering changes the answer;
// every benchmark checks its answer against the sequential one.

func fnv1a(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// hashTask hashes its chunk passes times.
type hashTask struct {
	data   []byte
	passes int
}

func (t *hashTask) Run(context.Context, int) (uint64, error) {
	h := uint64(14695981039346656037)
	for range t.passes {
		h = fnv1a(h, t.data)
	}
	return h, nil
}

func fold(acc, v uint64) uint64 { return acc*1000003 ^ v }

type workload struct {
	name  string
	total int // bytes of input per op
	chunk int
	skew  bool // 1 task in 16 makes 20 passes
}

var workloads = []workload{
	{"uniform-256KiB", 16 << 20, 256 << 10, false},
	{"uniform-1MiB", 16 << 20, 1 << 20, false},
	{"skewed-256KiB", 16 << 20, 256 << 10, true},
	{"tiny-64B", 256 << 10, 64, false},
}

var (
	benchBufOnce sync.Once
	benchBuf     []byte
)

func (wl workload) tasks() []Task[uint64] {
	benchBufOnce.Do(func() {
		benchBuf = make([]byte, 16<<20)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range benchBuf {
			benchBuf[i] = byte(rng.Uint32())
		}
	})
	var ts []Task[uint64]
	for off := 0; off < wl.total; off += wl.chunk {
		t := &hashTask{data: benchBuf[off:min(off+wl.chunk, wl.total)], passes: 1}
		if wl.skew && len(ts)%16 == 5 {
			t.passes = 20
		}
		ts = append(ts, t)
	}
	return ts
}

func taskBytes(t Task[uint64]) int64 { return int64(len(t.(*hashTask).data)) }

func sequential(ts []Task[uint64]) uint64 {
	var acc uint64
	for _, t := range ts {
		v, _ := t.Run(context.Background(), 0)
		acc = fold(acc, v)
	}
	return acc
}

func runSched(ts []Task[uint64], opts Options) (uint64, error) {
	acc, _, err := runSchedStats(ts, opts)
	return acc, err
}

func runSchedStats(ts []Task[uint64], opts Options) (uint64, Stats, error) {
	var acc uint64
	st, err := Run(context.Background(), opts,
		func(ctx context.Context, submit func(Task[uint64], int64) error) error {
			for _, t := range ts {
				if err := submit(t, taskBytes(t)); err != nil {
					return err
				}
			}
			return nil
		},
		func(v uint64) error { acc = fold(acc, v); return nil }, nil)
	return acc, st, err
}

// errgroupFanout is the obvious alternative: one producer goroutine feeding a channel, workers goroutines
// reading it and sending (sequence number, result) to the consumer, which reorders them with a map.
func errgroupFanout(ts []Task[uint64], workers int) (uint64, error) {
	return errgroupFanoutBounded(ts, workers, 0)
}

// errgroupFanoutBounded is errgroupFanout with the bytes in flight bounded by a weighted semaphore, acquired
// by the producer and released after the consumer folds the result (a task larger than the bound takes
// the whole bound); limit <= 0 means no bound.
func errgroupFanoutBounded(ts []Task[uint64], workers int, limit int64) (uint64, error) {
	var sem *semaphore.Weighted
	if limit > 0 {
		sem = semaphore.NewWeighted(limit)
	}
	weight := func(t Task[uint64]) int64 { return min(taskBytes(t), limit) }
	type job struct {
		seq int
		t   Task[uint64]
	}
	type result struct {
		seq int
		v   uint64
	}
	g, ctx := errgroup.WithContext(context.Background())
	jobs := make(chan job, workers)
	results := make(chan result, workers)
	g.Go(func() error {
		defer close(jobs)
		for i, t := range ts {
			if sem != nil {
				if err := sem.Acquire(ctx, weight(t)); err != nil {
					return err
				}
			}
			select {
			case jobs <- job{i, t}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			for j := range jobs {
				v, err := j.t.Run(ctx, w)
				if err != nil {
					return err
				}
				select {
				case results <- result{j.seq, v}:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var acc uint64
	pending := make(map[int]uint64)
	next := 0
	for r := range results {
		pending[r.seq] = r.v
		for {
			v, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			acc = fold(acc, v)
			if sem != nil {
				sem.Release(weight(ts[next]))
			}
			next++
		}
	}
	return acc, g.Wait()
}

// benchWorkloads runs run on every workload; report, if given, reports extra metrics after each.
func benchWorkloads(b *testing.B, run func(ts []Task[uint64]) (uint64, error), report ...func(*testing.B)) {
	for _, wl := range workloads {
		b.Run("work="+wl.name, func(b *testing.B) {
			ts := wl.tasks()
			want := sequential(ts)
			b.SetBytes(int64(wl.total))
			b.ReportAllocs()
			var got uint64
			// A b.N loop, not b.Loop: with -cpu 1,2 the testing package runs the first -cpu entry's
			// first call under the previous GOMAXPROCS (golang/go#49980), and with b.Loop that first
			// call is the whole measurement, so "-cpu 1" would be measured with GOMAXPROCS=2.
			b.ResetTimer()
			cpu0 := cpuTime()
			for range b.N {
				var err error
				if got, err = run(ts); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if got != want {
				b.Fatalf("answer %x, want %x", got, want)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ts)), "ns/task")
			// CPU time of the whole process per op: less disturbed than wall time by other work on a
			// shared machine, and it shows the scheduling overhead (spinning, wake-ups) wall time hides.
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
			for _, f := range report {
				f(b)
			}
		})
	}
}

// BenchmarkRun runs the workloads on Run with GOMAXPROCS workers (set it with -cpu) and no bound. It also
// reports what the scheduler did per op: tasks stolen and worker parks.
func BenchmarkRun(b *testing.B) {
	var stolen, parks, runs int64
	benchWorkloads(b, func(ts []Task[uint64]) (uint64, error) {
		acc, st, err := runSchedStats(ts, Options{})
		tot := st.Total()
		stolen, parks, runs = stolen+tot.Stolen, parks+tot.Parks, runs+1
		return acc, err
	}, func(b *testing.B) {
		b.ReportMetric(float64(stolen)/float64(runs), "stolen/op")
		b.ReportMetric(float64(parks)/float64(runs), "parks/op")
		stolen, parks, runs = 0, 0, 0
	})
}

// BenchmarkRunBounded is BenchmarkRun with MaxInFlight at four chunks per worker, as the pipeline runs it.
func BenchmarkRunBounded(b *testing.B) {
	benchWorkloads(b, func(ts []Task[uint64]) (uint64, error) {
		return runSched(ts, Options{MaxInFlight: 4 * int64(runtime.GOMAXPROCS(0)) * taskBytes(ts[0])})
	})
}

// BenchmarkErrgroupFanout runs the workloads on errgroupFanout with GOMAXPROCS workers.
func BenchmarkErrgroupFanout(b *testing.B) {
	benchWorkloads(b, func(ts []Task[uint64]) (uint64, error) { return errgroupFanout(ts, runtime.GOMAXPROCS(0)) })
}

// BenchmarkErrgroupFanoutBounded is BenchmarkErrgroupFanout with the same bound as BenchmarkRunBounded.
func BenchmarkErrgroupFanoutBounded(b *testing.B) {
	benchWorkloads(b, func(ts []Task[uint64]) (uint64, error) {
		return errgroupFanoutBounded(ts, runtime.GOMAXPROCS(0), 4*int64(runtime.GOMAXPROCS(0))*taskBytes(ts[0]))
	})
}

// BenchmarkSequential runs the workloads on one goroutine, for the speed-up.
func BenchmarkSequential(b *testing.B) {
	benchWorkloads(b, func(ts []Task[uint64]) (uint64, error) { return sequential(ts), nil })
}

// TestFanoutReference checks the benchmarks' alternative against the sequential answer, so the comparison
// is between two correct schedulers.
func TestFanoutReference(t *testing.T) {
	wl := workload{"small", 1 << 20, 4 << 10, true}
	ts := wl.tasks()
	want := sequential(ts)
	for _, w := range []int{1, 2, 8} {
		if got, err := errgroupFanout(ts, w); err != nil || got != want {
			t.Errorf("fan-out, %d workers: %x, %v; want %x", w, got, err, want)
		}
		if got, err := errgroupFanoutBounded(ts, w, 16<<10); err != nil || got != want {
			t.Errorf("bounded fan-out, %d workers: %x, %v; want %x", w, got, err, want)
		}
		if got, err := runSched(ts, Options{Workers: w, MaxInFlight: 16 << 10}); err != nil || got != want {
			t.Errorf("Run, %d workers: %x, %v; want %x", w, got, err, want)
		}
	}
}

// BenchmarkDeque (b.N loops for the reason given in benchWorkloads) measures the deque operations: the producer's push with the owner's pop (uncontended),
// and a steal of half of an 8-element deque into an empty one.
func BenchmarkDeque(b *testing.B) {
	x := &node[int]{}
	b.Run("pushTop+popBottom", func(b *testing.B) {
		var d deque[int]
		b.ReportAllocs()
		for range b.N {
			d.pushTop(x)
			d.popBottom()
		}
	})
	b.Run("stealHalf-of-8", func(b *testing.B) {
		var d, thief deque[int]
		var batch []*node[int]
		b.ReportAllocs()
		for range b.N {
			for range 8 {
				d.pushTop(x)
			}
			batch = batch[:0]
			d.stealHalf(&batch)
			thief.pushBatch(batch)
			for thief.popBottom() != nil {
			}
			for d.popBottom() != nil {
			}
		}
	})
	b.Run("contended", func(b *testing.B) {
		// One producer pushing, one owner popping, one thief stealing: ns per element moved.
		var d deque[int]
		b.ReportAllocs()
		b.SetParallelism(1)
		var wg sync.WaitGroup
		stop := make(chan struct{})
		wg.Go(func() {
			var own deque[int]
			var batch []*node[int]
			for {
				select {
				case <-stop:
					return
				default:
				}
				batch = batch[:0]
				if d.stealHalf(&batch); len(batch) > 0 {
					own.pushBatch(batch)
					for own.popBottom() != nil {
					}
				}
			}
		})
		b.ResetTimer()
		for range b.N {
			d.pushTop(x)
			d.popBottom()
		}
		b.StopTimer()
		close(stop)
		wg.Wait()
	})
}

// cpuTime returns the user plus system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ExampleStats_Total() {
	st := Stats{Workers: []WorkerStats{{Tasks: 3, Stolen: 1}, {Tasks: 4, Splits: 2}}}
	t := st.Total()
	fmt.Println(t.Tasks, t.Stolen, t.Splits)
	// Output: 7 1 2
}
