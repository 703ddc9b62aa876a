package ingest

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// canPin reports whether pinThread can pin here: Linux, and two CPUs or more allowed.
func canPin() bool {
	var set unix.CPUSet
	return unix.SchedGetaffinity(0, &set) == nil && set.Count() >= 2
}

// TestPinThread: the thread is narrowed to the one CPU it runs on, or left alone when one CPU is all the
// process may use; either way the goroutine's lock count is as before.
func TestPinThread(t *testing.T) {
	var before unix.CPUSet
	if err := unix.SchedGetaffinity(0, &before); err != nil {
		t.Skip(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		cpu := pinThread()
		var after unix.CPUSet
		if err := unix.SchedGetaffinity(0, &after); err != nil {
			t.Error(err)
			return
		}
		if before.Count() < 2 {
			if cpu != -1 || after != before {
				t.Errorf("one CPU allowed: pinThread = %d, affinity %d CPUs", cpu, after.Count())
			}
			return
		}
		if cpu < 0 || !before.IsSet(cpu) || after.Count() != 1 || !after.IsSet(cpu) {
			t.Errorf("pinThread = %d, thread allowed on %d CPUs (CPU %d among them: %v)", cpu, after.Count(), cpu,
				cpu >= 0 && after.IsSet(cpu))
		}
		// Still locked: the thread ends with this goroutine, taking the affinity with it.
	}()
	<-done

	// With one CPU allowed (this goroutine's own thread, narrowed first) nothing changes and the goroutine
	// keeps the one lock it had.
	done = make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // ends with the goroutine, like pinThread's
		cpu := currentCPU()
		if cpu < 0 {
			t.Error("getcpu failed")
			return
		}
		var one unix.CPUSet
		one.Set(cpu)
		if err := unix.SchedSetaffinity(0, &one); err != nil {
			t.Log("cannot narrow this thread's affinity:", err)
			return
		}
		if got := pinThread(); got != -1 {
			t.Errorf("pinThread with one CPU allowed = %d, want -1", got)
		}
	}()
	<-done
}
