package sched

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// errSkipped marks a task that was dropped without running; it never reaches the caller, because a task is
// dropped only when it comes after a known error (or after the consumer has finished).
var errSkipped = errors.New("sched: task skipped")

// node is a task in flight. A submitted task is a top-level node; when a worker splits a node, it becomes
// the parent of two new nodes (first, second) with the same seq and its own result is the merge of theirs.
type node[R any] struct {
	seq  int64   // submission index of the top-level task
	size int64   // bytes: submitted size, or the estimated size of a half
	task Task[R] // nil once run, split or dropped

	parent        *node[R]     // nil for a top-level node
	first, second *node[R]     // the halves, while a split node waits for them
	pending       atomic.Int32 // halves not yet complete

	res R
	err error // errSkipped if dropped

	done atomic.Bool             // top-level only: res and err are final
	next atomic.Pointer[node[R]] // top-level only: the next node in submission order
}

// worker is one worker's state. Only its goroutine writes stats, parked, rng and batch.
type worker[R any] struct {
	id     int
	dq     deque[R]
	wake   chan struct{} // capacity 1: a token means "look for work"
	rng    uint64
	batch  []*node[R] // scratch for stealing
	stats  WorkerStats
	parked time.Duration
	_      [64]byte // keep the next worker's deque lock off this cache line
}

// run is the state of one call of Run.
type run[R any] struct {
	parent context.Context // the caller's ctx
	ctx    context.Context // given to produce and tasks; cancelled when Run ends
	cancel context.CancelFunc
	done   <-chan struct{} // ctx.Done()
	opts   Options
	merge  func(first, second R) R
	base   time.Time

	// onBlock, when set (by tests, before run), is called on the producer's goroutine each time a submit
	// starts to wait for bytes in flight to be released.
	onBlock func()

	workers []*worker[R]

	// The idle set: workers parked or about to park. idle and idlePos are guarded by idleMu; nidle mirrors
	// len(idle) for lock-free looks.
	idleMu  sync.Mutex
	idle    []int
	idlePos []int // index in idle, or -1
	nidle   atomic.Int32

	errPos atomic.Int64 // lowest position with a known error; math.MaxInt64 if none
	stop   atomic.Bool  // the consumer has finished: run nothing more

	inflight atomic.Int64  // bytes submitted and not yet consumed or dropped
	pneed    atomic.Int64  // the size the waiting producer wants to admit (written before pwait)
	pwait    atomic.Bool   // the producer waits on pwake
	pwake    chan struct{} // capacity 1

	cwait atomic.Int64  // the index the consumer waits for (to exist or to be done), or -1
	cwake chan struct{} // capacity 1

	// Producer state, guarded by pmu (held by submit; only produce's goroutine should call it).
	pmu     sync.Mutex
	pclosed bool
	seq     int64    // next submission index
	tail    *node[R] // last node submitted (or the list head)
	rr      int      // next worker for round-robin dispatch
	peak    int64
	blocked time.Duration

	ended   atomic.Bool // produce has returned; prodErr and the list are final
	prodErr error

	consumed     int64
	consumeTime  time.Duration
	consumerWait time.Duration
}

func newRun[R any](ctx context.Context, opts Options, merge func(first, second R) R) *run[R] {
	nw := opts.Workers
	if nw <= 0 {
		nw = runtime.GOMAXPROCS(0)
	}
	rctx, cancel := context.WithCancel(ctx)
	r := &run[R]{
		parent:  ctx,
		ctx:     rctx,
		cancel:  cancel,
		done:    rctx.Done(),
		opts:    opts,
		merge:   merge,
		base:    time.Now(),
		workers: make([]*worker[R], nw),
		idle:    make([]int, 0, nw),
		idlePos: make([]int, nw),
		pwake:   make(chan struct{}, 1),
		cwake:   make(chan struct{}, 1),
	}
	for i := range r.workers {
		r.workers[i] = &worker[R]{
			id:   i,
			wake: make(chan struct{}, 1),
			rng:  uint64(i)*0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D,
		}
		r.idlePos[i] = -1
	}
	r.errPos.Store(math.MaxInt64)
	r.cwait.Store(-1)
	return r
}

// now returns the monotonic time since the run started (cheaper than time.Now).
func (r *run[R]) now() time.Duration { return time.Since(r.base) }

// signal leaves a wake-up token in ch unless one is already there.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (r *run[R]) run(
	produce func(ctx context.Context, submit func(t Task[R], size int64) error) error,
	consume func(R) error) (Stats, error) {
	head := new(node[R]) // the list's sentinel; only the consumer keeps it, so consumed nodes can be freed
	r.tail = head

	var g errgroup.Group
	g.Go(func() error {
		r.produce(produce)
		return nil
	})
	for _, w := range r.workers {
		g.Go(func() error {
			r.work(w)
			return nil
		})
	}
	// If consume panics, still stop the workers and the producer (the panic goes on up; a caller that
	// recovers it does not leak goroutines parked forever).
	finished := false
	defer func() {
		if !finished {
			r.stop.Store(true)
			r.cancel()
		}
	}()
	last, err := r.consume(head, consume)
	head = nil
	r.stop.Store(true)
	r.cancel()
	_ = g.Wait() // the goroutines report through positions, never through the group
	finished = true
	// Tasks still queued when the workers stopped will never run.
	for _, w := range r.workers {
		for n := w.dq.popBottom(); n != nil; n = w.dq.popBottom() {
			dropTask(n.task)
			n.task = nil
			w.stats.Skipped++
		}
	}
	// Results finished after the consumer stopped will never be consumed.
	for n := last.next.Load(); n != nil; n = n.next.Load() {
		if n.done.Load() && n.err == nil {
			r.discard(n.res)
		}
	}

	st := Stats{
		Workers:         make([]WorkerStats, len(r.workers)),
		Submitted:       r.seq,
		Consumed:        r.consumed,
		PeakInFlight:    r.peak,
		ProducerBlocked: r.blocked,
		ConsumeTime:     r.consumeTime,
		ConsumerWait:    r.consumerWait,
	}
	for i, w := range r.workers {
		st.Workers[i] = w.stats
	}
	st.Wall = r.now()
	return st, err
}

// ---- errors and stopping ----

// fail records a known error at position pos and wakes the producer so that its submit can return.
func (r *run[R]) fail(pos int64) {
	for {
		cur := r.errPos.Load()
		if pos >= cur {
			return
		}
		if r.errPos.CompareAndSwap(cur, pos) {
			break
		}
	}
	if r.pwait.Load() {
		signal(r.pwake)
	}
}

// stopped returns the error submit returns once the run is failing or ending, or nil.
func (r *run[R]) stopped() error {
	select {
	case <-r.done:
		if err := r.parent.Err(); err != nil {
			return err
		}
		return ErrStopped
	default:
	}
	if r.errPos.Load() != math.MaxInt64 || r.stop.Load() {
		return ErrStopped
	}
	return nil
}

// ---- producer ----

func (r *run[R]) produce(produce func(ctx context.Context, submit func(t Task[R], size int64) error) error) {
	err := produce(r.ctx, r.submit)
	r.pmu.Lock()
	r.pclosed = true
	total := r.seq
	r.pmu.Unlock()
	if err != nil {
		r.prodErr = err
		r.fail(total)
	}
	r.ended.Store(true)
	if r.cwait.Load() == total {
		signal(r.cwake)
	}
}

func (r *run[R]) submit(t Task[R], size int64) error {
	r.pmu.Lock()
	defer r.pmu.Unlock()
	if r.pclosed {
		return errSubmitClosed
	}
	if t == nil {
		return fmt.Errorf("sched: submit of a nil task at index %d", r.seq)
	}
	if size < 0 {
		return fmt.Errorf("sched: submit of task %d with negative size %d", r.seq, size)
	}
	if err := r.admit(size); err != nil {
		return err
	}
	n := &node[R]{seq: r.seq, size: size, task: t}
	r.seq++
	r.tail.next.Store(n)
	r.tail = n
	if r.cwait.Load() == n.seq {
		signal(r.cwake)
	}
	r.dispatch(n)
	return nil
}

// admit waits until size bytes may be put in flight (or the run stops), then counts them.
func (r *run[R]) admit(size int64) error {
	if err := r.stopped(); err != nil {
		return err
	}
	if limit := r.opts.MaxInFlight; limit > 0 {
		fits := func() bool {
			cur := r.inflight.Load()
			return cur == 0 || cur+size <= limit
		}
		waiting := false
		var t0 time.Duration
		for !fits() {
			if !waiting {
				waiting = true
				t0 = r.now()
				if r.onBlock != nil {
					r.onBlock()
				}
			}
			// Announce the wait before looking again: a release (or a failure) either comes before
			// the look, which then sees it, or sees pwait (and pneed) and leaves a token.
			r.pneed.Store(size)
			r.pwait.Store(true)
			if fits() {
				r.pwait.Store(false)
				break
			}
			if err := r.stopped(); err != nil {
				r.pwait.Store(false)
				r.blocked += r.now() - t0
				return err
			}
			select {
			case <-r.pwake:
			case <-r.done:
			}
			r.pwait.Store(false)
			if err := r.stopped(); err != nil {
				r.blocked += r.now() - t0
				return err
			}
		}
		if waiting {
			r.blocked += r.now() - t0
		}
	}
	// Only the producer adds to inflight, so the bound still holds and the peak is exact.
	if v := r.inflight.Add(size); v > r.peak {
		r.peak = v
	}
	return nil
}

// release takes size bytes out of flight and wakes the producer if it waits and its task now fits (so an
// oversized task waiting for an empty pipeline is not woken by every release).
func (r *run[R]) release(size int64) {
	v := r.inflight.Add(-size)
	if r.pwait.Load() && (v == 0 || v+r.pneed.Load() <= r.opts.MaxInFlight) {
		signal(r.pwake)
	}
}

// dispatch hands a new node to a worker: to an idle one if there is any, else round robin.
func (r *run[R]) dispatch(n *node[R]) {
	if r.nidle.Load() > 0 {
		if v := r.popIdle(-1); v >= 0 {
			w := r.workers[v]
			w.dq.pushTop(n)
			signal(w.wake)
			return
		}
	}
	v := r.rr
	if r.rr++; r.rr == len(r.workers) {
		r.rr = 0
	}
	r.workers[v].dq.pushTop(n)
	// Look for idle workers after the push: a worker going idle either registers before this look, and
	// is woken, or looks at the deques after the push, and finds it.
	r.wakeOne(v)
}

// ---- idle set ----

func (r *run[R]) addIdle(w int) {
	r.idleMu.Lock()
	if r.idlePos[w] < 0 {
		r.idlePos[w] = len(r.idle)
		r.idle = append(r.idle, w)
		r.nidle.Store(int32(len(r.idle)))
	}
	r.idleMu.Unlock()
}

func (r *run[R]) removeIdleLocked(w int) {
	i := r.idlePos[w]
	if i < 0 {
		return
	}
	last := r.idle[len(r.idle)-1]
	r.idle[i] = last
	r.idlePos[last] = i
	r.idle = r.idle[:len(r.idle)-1]
	r.idlePos[w] = -1
	r.nidle.Store(int32(len(r.idle)))
}

func (r *run[R]) removeIdle(w int) {
	r.idleMu.Lock()
	r.removeIdleLocked(w)
	r.idleMu.Unlock()
}

// popIdle removes a worker from the idle set and returns it, preferring prefer, or returns -1 if the set
// is empty.
func (r *run[R]) popIdle(prefer int) int {
	r.idleMu.Lock()
	defer r.idleMu.Unlock()
	if len(r.idle) == 0 {
		return -1
	}
	v := r.idle[len(r.idle)-1]
	if prefer >= 0 && r.idlePos[prefer] >= 0 {
		v = prefer
	}
	r.removeIdleLocked(v)
	return v
}

// wakeOne wakes an idle worker, preferring prefer, if any worker is idle.
func (r *run[R]) wakeOne(prefer int) {
	if r.nidle.Load() == 0 {
		return
	}
	if v := r.popIdle(prefer); v >= 0 {
		signal(r.workers[v].wake)
	}
}

func (r *run[R]) anyQueued() bool {
	for _, w := range r.workers {
		if w.dq.size.Load() > 0 {
			return true
		}
	}
	return false
}

// ---- workers ----

func (r *run[R]) work(w *worker[R]) {
	start := r.now()
	defer func() { w.stats.Busy = r.now() - start - w.parked }()
	for !r.stop.Load() {
		n := w.dq.popBottom()
		if n == nil {
			n = r.steal(w)
		}
		if n == nil {
			if !r.park(w) {
				return
			}
			continue
		}
		r.execute(w, n)
	}
}

// park blocks w until it is woken or the run ends; it reports whether w should go on.
func (r *run[R]) park(w *worker[R]) bool {
	r.addIdle(w.id)
	// Look again after registering: a push either comes before this look, which sees it, or its
	// pusher sees w in the idle set and wakes it.
	if r.stop.Load() || r.anyQueued() {
		r.removeIdle(w.id)
		return !r.stop.Load()
	}
	w.stats.Parks++
	t0 := r.now()
	select {
	case <-w.wake:
	case <-r.done:
		w.parked += r.now() - t0
		return false
	}
	w.parked += r.now() - t0
	// A stale token (sent for an earlier registration that w withdrew) can wake w while it is still
	// registered; withdraw so the idle set stays exact.
	r.removeIdle(w.id)
	return true
}

// steal takes half of the tasks of another worker's deque, starting from a random victim, and returns one to
// run now (the rest go to w's deque), or nil if every other deque is empty.
func (r *run[R]) steal(w *worker[R]) *node[R] {
	nw := len(r.workers)
	if nw < 2 {
		return nil
	}
	w.rng ^= w.rng << 13
	w.rng ^= w.rng >> 7
	w.rng ^= w.rng << 17
	v := int(w.rng % uint64(nw))
	for range nw {
		if v != w.id {
			vd := &r.workers[v].dq
			if vd.size.Load() > 0 {
				w.batch = w.batch[:0]
				if x, k := vd.stealHalf(&w.batch); x != nil {
					w.dq.pushBatch(w.batch)
					clear(w.batch)
					w.stats.Stolen += int64(k)
					if k > 1 {
						r.wakeOne(-1) // w now has work to share
					}
					return x
				}
			}
		}
		if v++; v == nw {
			v = 0
		}
	}
	return nil
}

func (r *run[R]) canSplit(n *node[R]) bool {
	return r.opts.SplitAbove > 0 && n.size > r.opts.SplitAbove && r.merge != nil && r.nidle.Load() > 0
}

// execute runs node n on worker w: drops it if it comes after a known error, splits it while it is large
// and a worker is idle, runs what is left and completes it.
func (r *run[R]) execute(w *worker[R], n *node[R]) {
	for {
		if n.seq > r.errPos.Load() || r.stop.Load() {
			dropTask(n.task)
			n.task = nil
			n.err = errSkipped
			w.stats.Skipped++
			r.complete(n)
			return
		}
		if !r.canSplit(n) {
			break
		}
		sp, ok := n.task.(Splitter[R])
		if !ok {
			break
		}
		a, b, ok := sp.Split()
		if !ok || a == nil || b == nil {
			break
		}
		sa := sizeOf(a, n.size/2)
		sb := sizeOf(b, max(n.size-sa, 0))
		ca := &node[R]{seq: n.seq, size: sa, task: a, parent: n}
		cb := &node[R]{seq: n.seq, size: sb, task: b, parent: n}
		n.task = nil
		n.first, n.second = ca, cb
		n.pending.Store(2)
		w.stats.Splits++
		w.dq.pushBottom(cb)
		r.wakeOne(-1) // the reason for splitting: someone is idle
		n = ca
	}
	res, err := n.task.Run(r.ctx, w.id)
	w.stats.Tasks++
	n.task = nil
	n.res, n.err = res, err
	if err != nil {
		r.fail(n.seq)
	}
	r.complete(n)
}

// dropTask releases a task that will never run, if it is a Releaser.
func dropTask[R any](t Task[R]) {
	if rl, ok := t.(Releaser); ok {
		rl.Release()
	}
}

func sizeOf[R any](t Task[R], def int64) int64 {
	if s, ok := t.(Sizer); ok {
		return max(s.Size(), 0)
	}
	return def
}

// complete publishes a finished node: it merges split halves up the tree as both halves of a node finish,
// and marks the top-level node done for the consumer.
func (r *run[R]) complete(x *node[R]) {
	for x.parent != nil {
		p := x.parent
		if p.pending.Add(-1) != 0 {
			return // the other half is still running; whoever finishes it merges
		}
		a, b := p.first, p.second
		p.first, p.second = nil, nil
		switch {
		case a.err == errSkipped || b.err == errSkipped:
			p.err = errSkipped
		case a.err != nil:
			p.err = a.err
		case b.err != nil:
			p.err = b.err
		default:
			p.res = r.merge(a.res, b.res)
		}
		if p.err != nil { // a half that succeeded is lost with its sibling
			if a.err == nil {
				r.discard(a.res)
			}
			if b.err == nil {
				r.discard(b.res)
			}
		}
		x = p
	}
	if x.err == errSkipped {
		r.release(x.size) // dropped: the consumer will never reach it
	}
	x.done.Store(true)
	if r.cwait.Load() == x.seq {
		signal(r.cwake)
	}
}

// ---- consumer ----

// discard releases a result that will never be consumed, if it is a Releaser.
func (r *run[R]) discard(res R) {
	if rl, ok := any(res).(Releaser); ok {
		rl.Release()
	}
}

// consume hands the results to consume in submission order, following the list from head, and returns the
// last node it consumed (head if none) and the run's error.
func (r *run[R]) consume(head *node[R], consume func(R) error) (last *node[R], err error) {
	start := r.now()
	defer func() {
		r.consumeTime = r.now() - start - r.consumerWait
	}()
	prev := head
	for i := int64(0); ; i++ {
		n := prev.next.Load()
		for n == nil {
			if r.ended.Load() {
				if n = prev.next.Load(); n != nil {
					break
				}
				if r.prodErr != nil {
					return prev, &Error{Index: i, Op: "produce", Err: r.prodErr}
				}
				return prev, nil
			}
			if err := r.wait(i, func() bool { return prev.next.Load() != nil || r.ended.Load() }); err != nil {
				return prev, err
			}
			n = prev.next.Load()
		}
		if !n.done.Load() {
			if err := r.wait(i, n.done.Load); err != nil {
				return prev, err
			}
		}
		if n.err != nil {
			if err := r.parent.Err(); err != nil {
				return n, err // the task most likely failed because of the cancellation
			}
			return n, &Error{Index: i, Op: "task", Err: n.err}
		}
		select {
		case <-r.done: // only the caller's cancellation closes it while the consumer runs
			return prev, r.parent.Err()
		default:
		}
		if consume != nil {
			if err := consume(n.res); err != nil {
				r.fail(i)
				return n, &Error{Index: i, Op: "consume", Err: err}
			}
		}
		r.consumed++
		var zero R
		n.res = zero
		r.release(n.size)
		prev = n
	}
}

// wait blocks the consumer until ready reports true (announced by a token sent for index i) or the caller's
// ctx is done.
func (r *run[R]) wait(i int64, ready func() bool) error {
	t0 := r.now()
	defer func() { r.consumerWait += r.now() - t0 }()
	for {
		// Announce, then look: whoever makes ready true either does it before the look or sees cwait.
		r.cwait.Store(i)
		if ready() {
			r.cwait.Store(-1)
			return nil
		}
		select {
		case <-r.cwake:
		case <-r.done:
			r.cwait.Store(-1)
			return r.parent.Err()
		}
	}
}
