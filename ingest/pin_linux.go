package ingest

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// pinThread locks the calling goroutine to its OS thread and keeps that
// thread on the CPU it is running on, when the process may run on two CPUs
// or more; it returns that CPU, or -1 if it left the affinity alone (one CPU
// allowed, or a system call refused).
//
// The goroutine must not unlock the thread: when a goroutine ends locked to
// its thread, the Go runtime ends the thread too, so the narrowed affinity
// ends with it and no other goroutine ever runs under it.
//
// Why: ISA-L inflates inside cgo calls, during which the Go scheduler hands
// the goroutine's P to another thread, so on a 2-core machine three threads
// (ISA-L, and two running Go code) share two CPUs and the kernel moves the
// inflate thread about. Kept on one CPU, `blaze count crates.csv.gz` went
// from 1.12x to 1.06x of `igzip -dc`'s time (docs/inflate.md).
func pinThread() int {
	runtime.LockOSThread()
	if cpu := currentCPU(); cpu >= 0 {
		var allowed, one unix.CPUSet
		one.Set(cpu)
		if unix.SchedGetaffinity(0, &allowed) == nil && allowed.Count() >= 2 && allowed.IsSet(cpu) &&
			unix.SchedSetaffinity(0, &one) == nil {
			return cpu
		}
	}
	runtime.UnlockOSThread() // nothing changed
	return -1
}

// currentCPU returns the CPU the calling thread runs on (getcpu(2)), or -1.
func currentCPU() int {
	var cpu uint32
	if _, _, errno := unix.RawSyscall(unix.SYS_GETCPU, uintptr(unsafe.Pointer(&cpu)), 0, 0); errno != 0 {
		return -1
	}
	return int(cpu)
}
