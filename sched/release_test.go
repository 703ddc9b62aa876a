package sched

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counted is a result that holds a resource: it counts its releases.
type counted struct {
	id       int
	released *atomic.Int64
}

func (c counted) Release() { c.released.Add(1) }

type countedTask struct {
	id       int
	fail     bool
	released *atomic.Int64
	made     *atomic.Int64
}

func (t countedTask) Run(ctx context.Context, worker int) (counted, error) {
	if t.fail {
		return counted{}, errors.New("boom")
	}
	t.made.Add(1)
	return counted{t.id, t.released}, nil
}

// TestReleaseDropped: every result made is either consumed or released, whatever the error or cancellation.
func TestReleaseDropped(t *testing.T) {
	for _, tc := range []struct {
		name       string
		failAt     int // a task error at this index (-1: none)
		consumeErr int // consume fails at this index (-1: none)
		cancelAt   int // consume cancels ctx at this index (-1: none)
	}{
		{"task error", 50, -1, -1},
		{"consume error", -1, 30, -1},
		{"cancel", -1, -1, 20},
		{"no error", -1, -1, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2, 4} {
				var released, made, consumed atomic.Int64
				ctx, cancel := context.WithCancel(context.Background())
				_, _ = Run(ctx, Options{Workers: workers, MaxInFlight: 1 << 20},
					func(ctx context.Context, submit func(Task[counted], int64) error) error {
						for i := range 200 {
							if err := submit(countedTask{id: i, fail: i == tc.failAt, released: &released, made: &made}, 1); err != nil {
								return err
							}
						}
						return nil
					},
					func(c counted) error {
						consumed.Add(1)
						if c.id == tc.consumeErr {
							return errors.New("stop")
						}
						if c.id == tc.cancelAt {
							cancel()
						}
						return nil
					}, nil)
				cancel()
				if made.Load() != consumed.Load()+released.Load() {
					t.Errorf("workers %d: made %d, consumed %d, released %d", workers, made.Load(), consumed.Load(), released.Load())
				}
			}
		})
	}
}

// heldTask holds a resource until it runs or is released; it splits in two while its span is wider than one.
type heldTask struct {
	lo, hi int // the task's span of unit ids; a split halves it
	ledger *ledger
	delay  time.Duration
	fail   int // the unit whose task fails (-1: none)
}

// ledger records what happened to every task piece, keyed by its span.
type ledger struct {
	mu    sync.Mutex
	fates map[[2]int][]string
}

func (l *ledger) note(lo, hi int, fate string) {
	l.mu.Lock()
	l.fates[[2]int{lo, hi}] = append(l.fates[[2]int{lo, hi}], fate)
	l.mu.Unlock()
}

func (t *heldTask) Run(ctx context.Context, worker int) (int, error) {
	t.ledger.note(t.lo, t.hi, "ran")
	time.Sleep(t.delay)
	if t.fail >= t.lo && t.fail < t.hi {
		return 0, errors.New("boom")
	}
	return t.hi - t.lo, nil
}

func (t *heldTask) Release() { t.ledger.note(t.lo, t.hi, "released") }

func (t *heldTask) Split() (Task[int], Task[int], bool) {
	if t.hi-t.lo < 2 {
		return nil, nil, false
	}
	mid := (t.lo + t.hi) / 2
	t.ledger.note(t.lo, t.hi, "split")
	a, b := *t, *t
	a.hi, b.lo = mid, mid
	return &a, &b, true
}

func (t *heldTask) Size() int64 { return int64(t.hi - t.lo) }

// TestReleaseUnrunTasks: every task piece submitted or made by a split meets exactly one fate: it runs, is
// split, or is released, whether the run ends normally, on a task error or on a cancellation, and however
// many tasks are still queued when it stops.
func TestReleaseUnrunTasks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		failAt   int // the unit whose task fails (-1: none)
		cancelAt int // consume cancels ctx at this result (-1: none)
	}{
		{"no error", -1, -1},
		{"task error", 12, -1},
		{"cancel at first result", -1, 0},
		{"cancel later", -1, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 2, 4} {
				for _, split := range []int64{0, 4} {
					l := &ledger{fates: map[[2]int][]string{}}
					ctx, cancel := context.WithCancel(context.Background())
					consumed := 0
					const tasks, width = 40, 8
					_, _ = Run(ctx, Options{Workers: workers, SplitAbove: split},
						func(ctx context.Context, submit func(Task[int], int64) error) error {
							for i := range tasks {
								task := &heldTask{lo: i * width, hi: (i + 1) * width, ledger: l, delay: 200 * time.Microsecond, fail: tc.failAt}
								if err := submit(task, width); err != nil {
									task.Release() // refused: the producer still owns it
									return err
								}
							}
							return nil
						},
						func(int) error {
							if consumed == tc.cancelAt {
								cancel()
							}
							consumed++
							return nil
						}, func(a, b int) int { return a + b })
					cancel()
					// Every unit is covered by exactly one piece that ran or was released, and every piece
					// has exactly one fate.
					covered := make([]int, tasks*width)
					for span, fates := range l.fates {
						if len(fates) != 1 {
							t.Fatalf("workers %d split %d: piece %v: fates %v", workers, split, span, fates)
						}
						if fates[0] == "split" {
							continue
						}
						for u := span[0]; u < span[1]; u++ {
							covered[u]++
						}
					}
					for u, c := range covered {
						if c != 1 {
							t.Fatalf("workers %d split %d: unit %d covered %d times", workers, split, u, c)
						}
					}
				}
			}
		})
	}
}
