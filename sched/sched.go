// Package sched runs the chunks of a pipeline on all cores and hands their results back in input order.
//
// A single producer submits tasks in input order; a fixed set of workers runs them, each from its own deque,
// stealing from the others when it runs dry and parking when there is nothing to steal; a single consumer
// receives the results in submission order, so no output ever depends on the number of workers. The summed
// size of the tasks whose results have not yet been consumed can be bounded (back-pressure on the producer),
// and a large task that can divide itself (a [Splitter]) is split when a worker is idle, its halves' results
// merged back in order.
//
// Errors are deterministic: Run returns the first error in input order, whatever the timing. See [Run].
//
// The package imports only the standard library and golang.org/x/sync.
package sched

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Options configures Run. The zero value runs GOMAXPROCS workers, with no bound on the bytes in flight and
// no splitting.
type Options struct {
	// Workers is the number of workers; <= 0 means runtime.GOMAXPROCS(0).
	Workers int
	// MaxInFlight bounds the summed sizes of the tasks submitted whose results have not been consumed (or
	// dropped) yet; <= 0 means no bound. A single task larger than the bound is still admitted when nothing
	// else is in flight, so progress never deadlocks.
	MaxInFlight int64
	// SplitAbove is the size above which a task that implements Splitter may be split when another worker
	// is idle; <= 0 means never split.
	SplitAbove int64
}

// A Releaser is a result that holds resources, such as Arrow record batches. Run calls Release on every
// result that implements Releaser and was computed but will never reach consume: the results of tasks after
// an error or a cancellation, and the result of the half of a split task whose other half failed. Release is
// called from worker goroutines, possibly concurrently, and for the results left over when the run ends, from
// the goroutine that called Run, before Run returns.
type Releaser interface {
	Release()
}

// A Task is one unit of work producing a result of type R. worker is the index (0..Workers-1) of the worker
// running it, so tasks can use per-worker scratch space without locks; no two tasks run on the same worker
// at the same time. ctx is done once the run is cancelled or has ended; a long task should return promptly
// then, because Run waits for running tasks to return.
//
// A Task that holds resources (a chunk of input, say) can also implement Releaser: Run calls Release, once,
// on every submitted task (or half of a split one) that never runs, because it comes after an error or was
// still queued when the run was cancelled or ended. A task that runs, or that was split, is not released by
// Run: Run and Split take over what it holds.
//
// A Task that panics crashes the program, as a panic on any goroutine does; Run does not recover it.
type Task[R any] interface {
	Run(ctx context.Context, worker int) (R, error)
}

// A Splitter is a Task that can divide itself into two tasks that together do its work, first then second.
// ok is false when it cannot be split (too small, no boundary). Split is called on a worker goroutine before
// the task has run, at most once per task value; the halves may run on different workers and may be split
// again.
//
// If either half fails, the original task fails with the error of the first failing half in order (first,
// then second); a Splitter should split so that this is the error the unsplit task would have returned.
type Splitter[R any] interface {
	Task[R]
	Split() (first, second Task[R], ok bool)
}

// A Sizer reports the size of a task in the same unit as the size given to submit. Run asks the halves of a
// split task for their sizes when they implement Sizer, to decide whether to split them again; halves that
// do not implement it are taken to be half the size of the task they came from.
type Sizer interface {
	Size() int64
}

// ErrStopped is returned by submit once the run is failing (an error is known at some position) or is
// ending, to tell produce to return. Run never returns it: produce's error is positioned after every task
// it submitted, so the failure that stopped the run comes first in input order.
var ErrStopped = errors.New("sched: run stopped")

// errSubmitClosed is returned by a submit called after produce has returned.
var errSubmitClosed = errors.New("sched: submit called after produce returned")

// Error reports where in input order a run failed. Run returns an *Error for the failure of a task, of
// consume, or of produce; it returns the caller's ctx.Err() unwrapped when the run was cancelled.
type Error struct {
	// Index is the submission index of the task that failed or whose result consume rejected; for a
	// produce error it is the number of tasks submitted before produce returned (the error is positioned
	// after the last task).
	Index int64
	// Op is "task", "consume" or "produce".
	Op string
	// Err is the error returned by the task, consume or produce.
	Err error
}

// Error returns the message of e.Err prefixed with its position.
func (e *Error) Error() string {
	switch e.Op {
	case "produce":
		return fmt.Sprintf("sched: produce, after task %d: %v", e.Index-1, e.Err)
	case "consume":
		return fmt.Sprintf("sched: consume of task %d: %v", e.Index, e.Err)
	}
	return fmt.Sprintf("sched: task %d: %v", e.Index, e.Err)
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// Stats reports what happened during a Run. All counts and durations are exact for the run they describe;
// Run fills them in even when it returns an error.
type Stats struct {
	// Workers holds one entry per worker, indexed like the worker argument of Task.Run.
	Workers []WorkerStats
	// Submitted is the number of tasks submitted (splits not counted).
	Submitted int64
	// Consumed is the number of results passed to consume.
	Consumed int64
	// PeakInFlight is the largest summed size of the tasks in flight (submitted, result not yet consumed
	// or dropped) at any moment. With MaxInFlight = N > 0 it never exceeds max(N, largest task size).
	PeakInFlight int64
	// ProducerBlocked is the time submit spent waiting for bytes in flight to be released.
	ProducerBlocked time.Duration
	// ConsumeTime is the time the consumer goroutine spent neither waiting for the next result nor
	// finished: the calls to consume plus the in-order bookkeeping around them.
	ConsumeTime time.Duration
	// ConsumerWait is the time the consumer spent waiting for the next result in order.
	ConsumerWait time.Duration
	// Wall is the time from the start of Run until it returned.
	Wall time.Duration
}

// WorkerStats reports what one worker did.
type WorkerStats struct {
	// Tasks is the number of tasks this worker ran; each half of a split task counts as one task and the
	// task that was split does not.
	Tasks int64
	// Stolen is the number of tasks this worker took from another worker's deque.
	Stolen int64
	// Splits is the number of times this worker split a task in two.
	Splits int64
	// Skipped is the number of tasks this worker dropped without running because an earlier error was
	// known or the run was ending, counting those still in its deque when the run ended.
	Skipped int64
	// Parks is the number of times this worker parked for lack of work.
	Parks int64
	// Busy is the time the worker was not parked: running tasks, splitting, merging and looking for work.
	Busy time.Duration
}

// Total returns the sum of the per-worker statistics.
func (s *Stats) Total() WorkerStats {
	var t WorkerStats
	for _, w := range s.Workers {
		t.Tasks += w.Tasks
		t.Stolen += w.Stolen
		t.Splits += w.Splits
		t.Skipped += w.Skipped
		t.Parks += w.Parks
		t.Busy += w.Busy
	}
	return t
}

// Run runs produce on its own goroutine; produce submits tasks in input order with submit(task, size),
// where size (bytes, >= 0) counts against Options.MaxInFlight. submit blocks while the bound is exceeded
// (back-pressure) and returns a non-nil error once the run is failing or ctx is done (ErrStopped or
// ctx.Err()); produce should then return. submit must be called only from produce's goroutine and only until
// produce returns; a nil task or a negative size is refused with an error. ctx passed to produce and tasks is
// done when ctx is or when the run has ended.
//
// consume is called on a single goroutine (the caller's) with each result in submission order; it may be nil
// to discard results. merge combines the results of the two halves of a split task (first, second) into the
// result of the original; it is called on a worker goroutine, possibly concurrently with consume and other
// merges, and only when both halves succeeded. It may be nil, and then no task is split.
//
// The error returned is the first in input order: a task's error is positioned at its submission index, a
// consume error at its task's index, a produce error after the last task submitted. Once an error at
// position k is known, tasks after k are not started; tasks before k still run and are consumed in order,
// and the error at k is returned as an *Error unless an earlier one turns up. If ctx is cancelled Run
// returns ctx.Err() and does not call consume again; it returns once produce and the running tasks have
// returned, so both should watch ctx. A task's result is released (its bytes no longer in flight) when it
// has been consumed or dropped. A nil produce is an error. The Stats describe the run even when an error
// is returned.
func Run[R any](ctx context.Context, opts Options,
	produce func(ctx context.Context, submit func(t Task[R], size int64) error) error,
	consume func(R) error,
	merge func(first, second R) R) (Stats, error) {
	if produce == nil {
		return Stats{}, errors.New("sched: Run with a nil produce function")
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	r := newRun(ctx, opts, merge)
	return r.run(produce, consume)
}
