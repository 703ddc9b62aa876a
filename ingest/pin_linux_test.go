package ingest

import (
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// canPin reports whether a pinner can pin here: Linux, and two CPUs or more allowed.
func canPin() bool {
	var set unix.CPUSet
	return unix.SchedGetaffinity(0, &set) == nil && set.Count() >= 2
}

func affinity(t *testing.T) unix.CPUSet {
	t.Helper()
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		t.Error(err)
	}
	return set
}

// TestPinner: the thread is narrowed to the one CPU it runs on; check lets it go when its CPU is shared and
// pins it again once it is not; with one CPU allowed nothing changes.
func TestPinner(t *testing.T) {
	before := affinity(t)
	done := make(chan struct{})
	go func() { // its thread ends with it, like the read-ahead goroutine's
		defer close(done)
		p := newPinner()
		if before.Count() < 2 {
			if p != nil {
				t.Errorf("one CPU allowed: pinned to CPU %d", p.cpu)
			}
			return
		}
		if p == nil {
			t.Error("newPinner = nil with 2 or more CPUs allowed")
			return
		}
		defer p.close()
		if after := affinity(t); p.cpu < 0 || !before.IsSet(p.cpu) || after.Count() != 1 || !after.IsSet(p.cpu) {
			t.Errorf("pinned to CPU %d; thread allowed on %d CPUs", p.cpu, after.Count())
		}
		if _, ok := p.runDelay(); !ok {
			t.Log("no /proc/thread-self/schedstat: the thread stays pinned")
			return
		}
		// Pretend the last interval was spent waiting for the CPU: the thread is let go.
		p.delay0 -= int64(time.Hour)
		if cpu, now := p.check(), affinity(t); cpu != -1 || now != before {
			t.Errorf("after a contended interval: CPU %d, allowed on %d CPUs, want -1 and all %d", cpu,
				now.Count(), before.Count())
		}
		// An interval without waiting: pinned again, where it runs.
		p.t0 = p.t0.Add(-time.Hour)
		if cpu, now := p.check(), affinity(t); cpu < 0 || now.Count() != 1 || !now.IsSet(cpu) {
			t.Errorf("after a free interval: CPU %d, allowed on %d CPUs, want that one", cpu, now.Count())
		}
	}()
	<-done

	done = make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // ends with the goroutine
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
		if p := newPinner(); p != nil {
			t.Errorf("one CPU allowed: pinned to CPU %d", p.cpu)
		}
	}()
	<-done
}

func TestContended(t *testing.T) {
	for _, c := range []struct {
		delay int64
		wall  time.Duration
		want  bool
	}{
		{0, 10 * time.Millisecond, false},
		{2e6, 10 * time.Millisecond, false},
		{3e6, 10 * time.Millisecond, true},
		{5e6, 10 * time.Millisecond, true},
	} {
		if got := contended(c.delay, c.wall); got != c.want {
			t.Errorf("contended(%d, %v) = %v", c.delay, c.wall, got)
		}
	}
	for in, want := range map[string]int64{"612910 0 1\n": 0, "1 250000 7": 250000} {
		if got, ok := parseRunDelay([]byte(in)); !ok || got != want {
			t.Errorf("parseRunDelay(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "12", "1 x 2", "1 -5 2"} {
		if _, ok := parseRunDelay([]byte(in)); ok {
			t.Errorf("parseRunDelay(%q) accepted", in)
		}
	}
}

// TestPinnedReadAheadLongStream reads a gzip stream long enough for the pinned read-ahead goroutine to look
// at its CPU several times (every pinCheckEvery buffers), with every backend: the bytes are the same, and a
// backend that inflates outside Go ends on a CPU or unpinned, never anything else.
func TestPinnedReadAheadLongStream(t *testing.T) {
	want := bytes.Repeat(text(11, 1<<20), 3*pinCheckEvery+5)
	data := gzipBytes(t, want, stdgzip.BestSpeed)
	for _, backend := range Backends() {
		in, err := Open(context.Background(), "-", Options{Stdin: bytes.NewReader(data), Inflate: backend, ReadAhead: 2,
			PinReadAhead: true})
		must(t, err)
		e, err := in.Next()
		must(t, err)
		got, err := io.ReadAll(e)
		must(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes that differ from the %d written", backend, len(got), len(want))
		}
		if cpu := in.InflateCPU(); cpu < -1 || (!outsideGo(backends[backend]) || !canPin()) && cpu != -1 {
			t.Errorf("%s: InflateCPU = %d", backend, cpu)
		}
		must(t, in.Close())
	}
}
