package columnar

import (
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Pool is a memory.Allocator that keeps freed buffers of 64 KiB and more for reuse, by power-of-two size
// class. Streaming allocates the same few chunk-sized buffers over and over; recycling them keeps the heap
// flat and avoids faulting fresh pages in from the kernel for every chunk. Smaller requests go straight to the
// underlying allocator. Pool is safe for concurrent use.
type Pool struct {
	under memory.Allocator
	keep  int // buffers kept per size class

	mu   sync.Mutex
	free [64][][]byte

	inUse atomic.Int64 // bytes handed out and not yet freed
}

const poolMinClass = 16 // 64 KiB

// NewPool returns a Pool over under (memory.DefaultAllocator if nil) that keeps at most keep free buffers of
// each size class.
func NewPool(under memory.Allocator, keep int) *Pool {
	if under == nil {
		under = memory.DefaultAllocator
	}
	return &Pool{under: under, keep: keep}
}

func sizeClass(n int) int {
	if n <= 1 {
		return 0
	}
	return bits.Len(uint(n - 1))
}

// Allocate returns a zero-length-capped slice of len size. Recycled buffers are not zeroed: callers of Pool
// overwrite what they use (Arrow builders zero their own validity bitmaps).
func (p *Pool) Allocate(size int) []byte {
	c := sizeClass(size)
	if c < poolMinClass {
		b := p.under.Allocate(size)
		p.inUse.Add(int64(cap(b)))
		return b
	}
	p.inUse.Add(1 << c)
	p.mu.Lock()
	if l := p.free[c]; len(l) > 0 {
		b := l[len(l)-1]
		p.free[c] = l[:len(l)-1]
		p.mu.Unlock()
		return b[:size]
	}
	p.mu.Unlock()
	return p.under.Allocate(1 << c)[:size]
}

// Reallocate resizes b to size, keeping its contents.
func (p *Pool) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		return b[:size]
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

// Free returns b to the pool. b may be any reslicing of an allocated buffer that keeps its capacity.
func (p *Pool) Free(b []byte) {
	p.inUse.Add(-int64(cap(b)))
	c := sizeClass(cap(b))
	if c < poolMinClass || cap(b) != 1<<c {
		p.under.Free(b)
		return
	}
	p.mu.Lock()
	if len(p.free[c]) < p.keep {
		p.free[c] = append(p.free[c], b[:cap(b)])
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	p.under.Free(b[:cap(b)])
}

// InUse returns the capacity, in bytes, of the buffers allocated and not yet freed.
func (p *Pool) InUse() int64 { return p.inUse.Load() }
