package sched

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
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
