package ingest

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A pinner keeps the calling goroutine's OS thread on one CPU (Linux, when the
// process may use two or more), for as long as that CPU serves it: if the
// thread starts to wait for its CPU (another busy thread there), check lets
// it go where the kernel likes, and pins it again once it runs undisturbed,
// on the CPU it is then on.
//
// Why: ISA-L inflates inside cgo calls, during which the Go scheduler hands
// the goroutine's P to another thread, so on a 2-core machine three threads
// (ISA-L, and two running Go code) share two CPUs and the kernel moves the
// inflate thread about. Kept on one CPU, `blaze count crates.csv.gz` went
// from 1.12x to 1.06x of `igzip -dc`'s time (docs/inflate.md).
//
// The goroutine stays locked to its thread once the affinity has changed:
// when a goroutine ends locked, the Go runtime ends the thread too, so the
// narrowed affinity ends with it and no other goroutine ever runs under it.
type pinner struct {
	allowed unix.CPUSet
	cpu     int      // the CPU the thread is kept on, or -1
	stat    *os.File // /proc/thread-self/schedstat, or nil
	buf     [96]byte
	t0      time.Time
	delay0  int64 // the thread's run delay (ns waiting for a CPU) at t0
}

// newPinner locks the calling goroutine to its thread and pins the thread;
// it returns nil, with the thread unlocked and untouched, where pinning is
// not possible (one CPU allowed, a system call refused).
func newPinner() *pinner {
	runtime.LockOSThread()
	p := &pinner{cpu: -1}
	if unix.SchedGetaffinity(0, &p.allowed) != nil || p.allowed.Count() < 2 || !p.pin() {
		runtime.UnlockOSThread() // nothing changed
		return nil
	}
	p.stat, _ = os.Open("/proc/thread-self/schedstat") // without it (no procfs), the thread stays pinned
	p.mark()
	return p
}

// pin keeps the thread on the CPU it runs on and reports whether it could.
func (p *pinner) pin() bool {
	cpu := currentCPU()
	if cpu < 0 || !p.allowed.IsSet(cpu) {
		return false
	}
	var one unix.CPUSet
	one.Set(cpu)
	if unix.SchedSetaffinity(0, &one) != nil {
		return false
	}
	p.cpu = cpu
	return true
}

// check looks at how long the thread has waited for a CPU since the last
// check: more than a quarter of the time means its CPU is shared, and the
// thread is let go; none of that while free means it is pinned again where
// it runs. It returns the CPU the thread is kept on, or -1.
func (p *pinner) check() int {
	delay, ok := p.runDelay()
	if !ok {
		return p.cpu
	}
	wall := time.Since(p.t0)
	if contended(delay-p.delay0, wall) {
		if p.cpu >= 0 && unix.SchedSetaffinity(0, &p.allowed) == nil {
			p.cpu = -1
		}
	} else if p.cpu < 0 {
		p.pin()
	}
	p.mark()
	return p.cpu
}

// contended reports whether a thread that waited delay nanoseconds for a CPU
// over wall shares its CPU with another busy thread.
func contended(delay int64, wall time.Duration) bool { return delay*4 > int64(wall) }

// mark starts the next check's interval.
func (p *pinner) mark() {
	p.t0 = time.Now()
	if d, ok := p.runDelay(); ok {
		p.delay0 = d
	}
}

// runDelay reads the second field of /proc/thread-self/schedstat: the time
// the thread has spent runnable but waiting for a CPU, in nanoseconds.
func (p *pinner) runDelay() (int64, bool) {
	if p.stat == nil {
		return 0, false
	}
	n, err := p.stat.ReadAt(p.buf[:], 0)
	if n == 0 && err != nil {
		return 0, false
	}
	return parseRunDelay(p.buf[:n])
}

// parseRunDelay parses schedstat's "runtime run_delay timeslices\n".
func parseRunDelay(b []byte) (int64, bool) {
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0, false
	}
	d, err := strconv.ParseInt(string(f[1]), 10, 64)
	return d, err == nil && d >= 0
}

// close releases the schedstat file; the thread stays as it is (see pinner).
func (p *pinner) close() {
	if p.stat != nil {
		p.stat.Close()
	}
}

// currentCPU returns the CPU the calling thread runs on (getcpu(2)), or -1.
func currentCPU() int {
	var cpu uint32
	if _, _, errno := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); errno != 0 {
		return -1
	}
	return int(cpu)
}
