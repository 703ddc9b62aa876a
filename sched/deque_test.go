package sched

import (
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// TestDequeModel drives the ring deque with random operations and compares it with a plain slice (index 0
// is the top), across growth and wrap-around.
func TestDequeModel(t *testing.T) {
	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 3))
		var d, thief deque[int]
		var model, thiefModel []*node[int]
		next := int64(0)
		newNode := func() *node[int] { next++; return &node[int]{seq: next} }
		for step := range 2000 {
			switch op := rng.IntN(10); {
			case op < 3:
				x := newNode()
				d.pushTop(x)
				model = append([]*node[int]{x}, model...)
			case op < 5:
				x := newNode()
				d.pushBottom(x)
				model = append(model, x)
			case op < 8:
				got := d.popBottom()
				var want *node[int]
				if len(model) > 0 {
					want = model[len(model)-1]
					model = model[:len(model)-1]
				}
				if got != want {
					t.Fatalf("seed %d step %d: popBottom got %v, want %v", seed, step, got, want)
				}
			default:
				var batch []*node[int]
				run, k := d.stealHalf(&batch)
				wantK := (len(model) + 1) / 2
				if k != wantK {
					t.Fatalf("seed %d step %d: stole %d of %d, want %d", seed, step, k, len(model), wantK)
				}
				if k > 0 {
					if run != model[k-1] || !slices.Equal(batch, model[:k-1]) {
						t.Fatalf("seed %d step %d: stole the wrong elements", seed, step)
					}
					thief.pushBatch(batch)
					thiefModel = append(thiefModel, batch...)
					model = model[k:]
				} else if run != nil {
					t.Fatalf("seed %d step %d: stole from an empty deque", seed, step)
				}
			}
			if got := d.size.Load(); got != int64(len(model)) {
				t.Fatalf("seed %d step %d: size %d, want %d", seed, step, got, len(model))
			}
		}
		// The thief pops its batches in the order the victim's owner would have.
		for i := len(thiefModel) - 1; i >= 0; i-- {
			if got := thief.popBottom(); got != thiefModel[i] {
				t.Fatalf("seed %d: thief pops %v, want %v", seed, got, thiefModel[i])
			}
		}
		if thief.popBottom() != nil {
			t.Fatalf("seed %d: thief not empty", seed)
		}
	}
}

// TestDequeConcurrent has a producer push at the top, the owner pop at the bottom and thieves steal from
// the top, all at once, and checks every element comes out exactly once (run with -race).
func TestDequeConcurrent(t *testing.T) {
	const n = 20000
	var d deque[int]
	seen := make([]atomic.Int32, n)
	var taken atomic.Int64
	var wg sync.WaitGroup
	take := func(x *node[int]) {
		if seen[x.seq].Add(1) != 1 {
			t.Errorf("element %d taken twice", x.seq)
		}
		taken.Add(1)
	}
	wg.Go(func() {
		for i := range int64(n) {
			d.pushTop(&node[int]{seq: i})
		}
	})
	wg.Go(func() { // owner
		for taken.Load() < n {
			if x := d.popBottom(); x != nil {
				take(x)
			}
		}
	})
	for range 3 { // thieves, each with a deque of its own to drain
		wg.Go(func() {
			var own deque[int]
			var batch []*node[int]
			for taken.Load() < n {
				batch = batch[:0]
				if x, _ := d.stealHalf(&batch); x != nil {
					take(x)
					own.pushBatch(batch)
				}
				for x := own.popBottom(); x != nil; x = own.popBottom() {
					take(x)
				}
			}
		})
	}
	wg.Wait()
	if taken.Load() != n {
		t.Fatalf("took %d of %d", taken.Load(), n)
	}
}
