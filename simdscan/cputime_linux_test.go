package simdscan

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time the calling OS thread has used, or 0 if it
// cannot be read. The benchmarks lock their goroutine to its thread and
// report the throughput by this clock too: on a shared machine it leaves out
// the time other processes held the core.
func threadCPU() time.Duration {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
