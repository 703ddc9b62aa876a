//go:build !linux

package ingest

// pinThread leaves the thread alone where there is no sched_setaffinity.
func pinThread() int { return -1 }
