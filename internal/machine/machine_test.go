// Package machine holds benchmarks of the machine itself, not of blaze: how much two cores slow each other
// down on the kinds of work a count does (docs/benchmarks.md, "Workers and CPU paths").
//
//	go test -run '^$' -bench . -count 5 ./internal/machine/
//
// Each benchmark runs the same work on 1 and on 2 goroutines at once; ns/op is the wall time of one round,
// so with no interference the 2-goroutine figure equals the 1-goroutine one.
package machine

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

var sink uint64

// rounds runs work on g goroutines at once, b.N times.
func rounds(b *testing.B, g int, work func()) {
	for b.Loop() {
		var wg sync.WaitGroup
		for range g {
			wg.Go(work)
		}
		wg.Wait()
	}
}

// BenchmarkArithmetic: a multiply-xorshift loop in registers. It slows down only if the two cores share a
// physical core (SMT siblings).
func BenchmarkArithmetic(b *testing.B) {
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			rounds(b, g, func() {
				x := uint64(1)
				for range 10_000_000 {
					x = x*6364136223846793005 + 1442695040888963407
					x ^= x >> 17
				}
				sink += x
			})
		})
	}
}

// BenchmarkCountCached: bytes.Count, 4096 times, over a 256 KiB buffer of each goroutine's own, which stays in
// its L2.
func BenchmarkCountCached(b *testing.B) {
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			b.SetBytes(1 << 30)
			bufs := ownBuffers(g, 256<<10)
			rounds(b, g, func() {
				buf := <-bufs
				for range 4096 { // ~15 ms a round, so that starting the goroutines does not count
					sink += uint64(bytes.Count(buf, []byte{'"'}))
				}
				bufs <- buf
			})
		})
	}
}

// ownBuffers returns a pool of g buffers of n bytes of text, one for each goroutine of a round.
func ownBuffers(g, n int) chan []byte {
	bufs := make(chan []byte, g)
	for range g {
		bufs <- bytes.Repeat([]byte("abc\"def\n"), n/8)
	}
	return bufs
}

// BenchmarkCountMemory: bytes.Count over 256 MiB of each goroutine's own: memory bandwidth.
func BenchmarkCountMemory(b *testing.B) {
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			b.SetBytes(256 << 20)
			bufs := ownBuffers(g, 256<<20)
			rounds(b, g, func() {
				buf := <-bufs
				sink += uint64(bytes.Count(buf, []byte{'"'}))
				bufs <- buf
			})
		})
	}
}

// BenchmarkCopyMemory: copying 256 MiB of each goroutine's own into a 1 MiB buffer, 1 MiB at a time, like
// the kernel's copy out of the page cache into a chunk.
func BenchmarkCopyMemory(b *testing.B) {
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			b.SetBytes(256 << 20)
			srcs := ownBuffers(g, 256<<20)
			rounds(b, g, func() {
				src := <-srcs
				dst := make([]byte, 1<<20)
				for off := 0; off < len(src); off += len(dst) {
					copy(dst, src[off:])
				}
				srcs <- src
			})
		})
	}
}
