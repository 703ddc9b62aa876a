package sched

import (
	"sync"
	"sync/atomic"
)

// deque is a worker's double-ended queue of tasks: a growable ring protected by a mutex.
//
// Its two ends are called top and bottom. The owner pushes and pops at the bottom (the halves of the tasks
// it splits, last in first out, like rayon's join); thieves steal from the top. The producer pushes new
// tasks at the top, so among the tasks it submitted the oldest is nearest the bottom and the owner runs
// them in input order, which keeps the consumer's wait for the next result in order short.
//
// A mutex-protected ring instead of a Chase-Lev deque: the producer, not the owner, pushes most tasks, which
// a Chase-Lev deque does not allow without a second queue, and the tasks are chunks of about a megabyte, so
// the tens of nanoseconds an uncontended lock costs do not matter (docs/sched.md has the measurements).
type deque[R any] struct {
	mu   sync.Mutex
	buf  []*node[R] // len is a power of two
	head int        // index in buf of the top element
	n    int        // number of elements
	// size mirrors n so that idle workers and thieves can look without taking mu.
	size atomic.Int64
}

// grow doubles the ring; d.mu must be held.
func (d *deque[R]) grow() {
	nb := make([]*node[R], max(8, 2*len(d.buf)))
	mask := len(d.buf) - 1
	for i := 0; i < d.n; i++ {
		nb[i] = d.buf[(d.head+i)&mask]
	}
	d.buf = nb
	d.head = 0
}

// pushTop adds x at the top (the producer's end, where thieves steal).
func (d *deque[R]) pushTop(x *node[R]) {
	d.mu.Lock()
	if d.n == len(d.buf) {
		d.grow()
	}
	d.head = (d.head - 1) & (len(d.buf) - 1)
	d.buf[d.head] = x
	d.n++
	d.size.Store(int64(d.n))
	d.mu.Unlock()
}

// pushBottom adds x at the bottom (the owner's end).
func (d *deque[R]) pushBottom(x *node[R]) {
	d.mu.Lock()
	d.pushBottomLocked(x)
	d.size.Store(int64(d.n))
	d.mu.Unlock()
}

func (d *deque[R]) pushBottomLocked(x *node[R]) {
	if d.n == len(d.buf) {
		d.grow()
	}
	d.buf[(d.head+d.n)&(len(d.buf)-1)] = x
	d.n++
}

// popBottom removes and returns the bottom element, or nil if d is empty.
func (d *deque[R]) popBottom() *node[R] {
	if d.size.Load() == 0 {
		return nil
	}
	d.mu.Lock()
	if d.n == 0 {
		d.mu.Unlock()
		return nil
	}
	d.n--
	i := (d.head + d.n) & (len(d.buf) - 1)
	x := d.buf[i]
	d.buf[i] = nil
	d.size.Store(int64(d.n))
	d.mu.Unlock()
	return x
}

// stealHalf removes half of d's elements (rounded up) from the top. The element that was nearest d's bottom
// is returned to be run at once; the others are appended to *batch, top first, for the thief to push at its
// own bottom (see pushBatch) so that it pops them in the order d's owner would have. It returns nil and 0 if d
// is empty, else the element to run and the number of elements taken (including it). It holds only d's lock,
// so two workers stealing from each other cannot deadlock.
func (d *deque[R]) stealHalf(batch *[]*node[R]) (*node[R], int) {
	if d.size.Load() == 0 {
		return nil, 0
	}
	d.mu.Lock()
	k := (d.n + 1) / 2
	if k == 0 {
		d.mu.Unlock()
		return nil, 0
	}
	mask := len(d.buf) - 1
	for i := 0; i < k-1; i++ {
		j := (d.head + i) & mask
		*batch = append(*batch, d.buf[j])
		d.buf[j] = nil
	}
	j := (d.head + k - 1) & mask
	run := d.buf[j]
	d.buf[j] = nil
	d.head = (d.head + k) & mask
	d.n -= k
	d.size.Store(int64(d.n))
	d.mu.Unlock()
	return run, k
}

// pushBatch pushes the elements of batch at d's bottom in order, so that the last one is popped first.
func (d *deque[R]) pushBatch(batch []*node[R]) {
	if len(batch) == 0 {
		return
	}
	d.mu.Lock()
	for _, x := range batch {
		d.pushBottomLocked(x)
	}
	d.size.Store(int64(d.n))
	d.mu.Unlock()
}
