package columnar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// refRecordStarts returns the offsets where records start in data, by the sequential rule: offset 0 and the
// offset after every '\n' outside quotes, counting every quote from the start (the end of data is not a start).
func refRecordStarts(data []byte) []int {
	starts := []int{0}
	inside := false
	for i, c := range data {
		switch {
		case c == '"':
			inside = !inside
		case c == '\n' && !inside && i+1 < len(data):
			starts = append(starts, i+1)
		}
	}
	if len(data) == 0 {
		return nil
	}
	return starts
}

// readRanges reads every range of data[base:] with Ranges of the given size on workers goroutines, each taking
// the next range as it becomes free, as blaze's range tasks do, and returns the chunks in range order.
func readRanges(t testing.TB, data []byte, base, size, workers int, mem memory.Allocator) []*Chunk {
	t.Helper()
	rs := NewRanges(bytes.NewReader(data), int64(base), int64(len(data)), mem, size)
	chunks := make([]*Chunk, rs.Len())
	errs := make([]error, rs.Len())
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= rs.Len() {
					return
				}
				chunks[k], errs[k] = rs.Read(context.Background(), k)
			}
		})
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			t.Fatalf("size %d, range %d: %v", size, k, err)
		}
	}
	return chunks
}

// checkRanges checks that the chunks of data[base:] are whole records, in order, covering it exactly, and that
// chunk k holds the records that start in range k.
func checkRanges(t testing.TB, data []byte, base, size int, chunks []*Chunk) {
	t.Helper()
	starts := map[int]bool{}
	for _, s := range refRecordStarts(data[base:]) {
		starts[base+s] = true
	}
	rs := NewRanges(bytes.NewReader(data), int64(base), int64(len(data)), memory.DefaultAllocator, size)
	off := base
	for k, ch := range chunks {
		lo := base + k*rs.step
		hi := lo + int(rs.Size(k))
		if len(ch.Data) == 0 {
			for i := lo; i < hi; i++ {
				if starts[i] {
					t.Fatalf("size %d: range %d [%d,%d) is empty, but a record starts at %d", size, k, lo, hi, i)
				}
			}
			continue
		}
		if int(ch.Offset) != off {
			t.Fatalf("size %d: range %d's chunk starts at %d, want %d", size, k, ch.Offset, off)
		}
		if !starts[off] || off < lo || off >= hi {
			t.Fatalf("size %d: range %d [%d,%d): chunk at %d is not the range's first record", size, k, lo, hi, off)
		}
		for i := lo; i < off; i++ {
			if starts[i] {
				t.Fatalf("size %d: range %d: chunk at %d skips the record at %d", size, k, off, i)
			}
		}
		if !bytes.Equal(ch.Data, data[off:off+len(ch.Data)]) {
			t.Fatalf("size %d: range %d: chunk bytes differ from the text", size, k)
		}
		off += len(ch.Data)
		for i := hi; i < off; i++ {
			if starts[i] {
				t.Fatalf("size %d: range %d [%d,%d): chunk runs past the record start at %d to %d", size, k, lo, hi, i, off)
			}
		}
		if off < len(data) && (!starts[off] || off < hi) {
			t.Fatalf("size %d: range %d [%d,%d): chunk ends at %d, not at the first record start from %d", size, k,
				lo, hi, off, hi)
		}
	}
	if off != len(data) {
		t.Fatalf("size %d: chunks cover [%d,%d) of %d bytes", size, base, off, len(data))
	}
}

func TestRangesMatchSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 40 {
		data, _ := genCSV(rng, 1+rng.IntN(300), 1+rng.IntN(5), rng.IntN(2) == 0)
		if trial%5 == 4 {
			// A stray quote: everything after it has the other parity, and both must agree on it.
			i := rng.IntN(len(data))
			data = append(data[:i:i], append([]byte{'"'}, data[i:]...)...)
		}
		base := 0
		if trial%3 == 1 && len(refRecordStarts(data)) > 1 {
			base = refRecordStarts(data)[1] // ranges begin after a first chunk, at a record start
		}
		for _, size := range []int{1, 2, 3, 5, 17, 64, 100, 1000, 4096, 1 << 20} {
			if size < 16 && len(data) > 2000 {
				continue // a range per byte or two: enough on the smaller texts
			}
			for _, workers := range []int{1, 3} {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				chunks := readRanges(t, data, base, size, workers, mem)
				checkRanges(t, data, base, size, chunks)
				for _, ch := range chunks {
					ch.Release()
				}
				mem.AssertSize(t, 0)
			}
		}
	}
}

func FuzzRanges(f *testing.F) {
	f.Add([]byte("1,\"a\nb,c\n\"\"x\"\"\"\n2,y\n"), uint16(3), uint8(0))
	f.Add([]byte("\"\n1,2\n\",3\n4,5"), uint16(1), uint8(1))
	f.Add([]byte("a\nb\n\"\n"), uint16(2), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, size uint16, at uint8) {
		base := 0
		if starts := refRecordStarts(data); len(starts) > 0 {
			base = starts[int(at)%len(starts)]
		}
		// At most ~1000 ranges: every execution stays short (a long one at the end of -fuzztime trips
		// golang/go#75804).
		sz := max(int(size%300)+1, len(data)/1000+1)
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		for _, workers := range []int{1, 2} {
			chunks := readRanges(t, data, base, sz, workers, mem)
			checkRanges(t, data, base, sz, chunks)
			for _, ch := range chunks {
				ch.Release()
			}
		}
		mem.AssertSize(t, 0)
	})
}

// failingAt is an io.ReaderAt over data that fails every read touching offset bad.
type failingAt struct {
	data []byte
	bad  int64
}

var errDisk = errors.New("disk on fire")

func (f *failingAt) ReadAt(p []byte, off int64) (int, error) {
	if off <= f.bad && f.bad < off+int64(len(p)) {
		return 0, errDisk
	}
	return bytes.NewReader(f.data).ReadAt(p, off)
}

func TestRangesReadError(t *testing.T) {
	data := []byte(strings.Repeat("1,\"two\nlines\"\n", 100))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	rs := NewRanges(&failingAt{data: data, bad: 500}, 0, int64(len(data)), mem, 128)
	bad := 500 / rs.step
	var wg sync.WaitGroup
	errs := make([]error, rs.Len())
	for k := range rs.Len() {
		wg.Go(func() {
			ch, err := rs.Read(context.Background(), k)
			if ch != nil {
				ch.Release()
			}
			errs[k] = err
		})
	}
	wg.Wait()
	for k, err := range errs {
		switch {
		case k < bad-1 && err != nil:
			t.Errorf("range %d before the failing one: %v", k, err)
		case k == bad-1 && err != nil && !errors.Is(err, errDisk):
			// It reads on into the failing range for the record that crosses its end.
			t.Errorf("range %d just before the failing one: %v", k, err)
		case k == bad && !errors.Is(err, errDisk):
			t.Errorf("failing range %d: %v, want the read error", k, err)
		case k > bad && !errors.Is(err, ErrEarlierRange) && !errors.Is(err, errDisk):
			t.Errorf("range %d after the failing one: %v, want ErrEarlierRange", k, err)
		}
	}
	mem.AssertSize(t, 0)
}

func TestRangesWaitEndsWithContext(t *testing.T) {
	data := []byte(strings.Repeat("a,b\n", 100))
	rs := NewRanges(bytes.NewReader(data), 0, int64(len(data)), memory.DefaultAllocator, 64)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := rs.Read(ctx, 3) // ranges 0-2 are never read: it waits for them
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Read of range 3 returned %v before ranges 0-2 were read", err)
	case <-time.After(20 * time.Millisecond):
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// countingAt counts the bytes read through it.
type countingAt struct {
	r *bytes.Reader
	n atomic.Int64
}

func (c *countingAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

func TestRangesBrokenStopsEarly(t *testing.T) {
	// A stray quote flips the parity of everything after it: no record seems to end before the text does.
	data := []byte("1,x\"y\n" + strings.Repeat("2,z\n", 100000))
	src := &countingAt{r: bytes.NewReader(data)}
	rs := NewRanges(src, 0, int64(len(data)), memory.DefaultAllocator, 256)
	calls := 0
	rs.Broken = func(d []byte) bool {
		calls++
		var sp Splitter
		var x FieldIndex
		return errors.Is(sp.Split(d, 2, &x), ErrBareQuote)
	}
	ch, err := rs.Read(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Release()
	var sp Splitter
	var x FieldIndex
	if err := sp.Split(ch.Data, 2, &x); !errors.Is(err, ErrBareQuote) {
		t.Fatalf("the chunk splits with %v, want the bare quote", err)
	}
	if calls != 1 || src.n.Load() > int64(len(data))/10 {
		t.Fatalf("Broken called %d times, %d of %d bytes read: want it to stop at 16 ranges", calls, src.n.Load(), len(data))
	}
}

func TestRangesRecordTooLarge(t *testing.T) {
	// Two whole records, then one that is longer than the limit: the chunk holds the two, and the error is
	// placed at the third's start, relative to the chunk.
	head := "1,\"a\nb\"\n2,c\n"
	data := []byte(head + "3,\"" + strings.Repeat("x\n", 5000) + "\"\n4,d\n")
	rs := NewRanges(bytes.NewReader(data), 0, int64(len(data)), memory.DefaultAllocator, 64)
	rs.maxRecord = 4096
	ch, err := rs.Read(context.Background(), 0)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrRecordTooLarge) || pe.Offset != int64(len(head)) || pe.Line != 3 {
		t.Fatalf("got %v, want a record too large at line 3 (chunk-relative), byte %d", err, len(head))
	}
	if ch == nil || string(ch.Data) != head {
		t.Fatalf("chunk %q, want the whole records before the long one, %q", ch.Data, head)
	}
	ch.Release()
	if _, err := rs.Read(context.Background(), rs.Len()); err == nil {
		t.Fatalf("Read past the last range: no error")
	}
}

func TestRecordEnd(t *testing.T) {
	// Against the sequential walk: the first record start after from, less one, is the '\n' that ends it.
	rng := rand.New(rand.NewPCG(9, 10))
	for range 50 {
		data, _ := genCSV(rng, 1+rng.IntN(20), 1+rng.IntN(4), true)
		starts := refRecordStarts(data)
		for from := range len(data) {
			want := -1
			for _, s := range starts {
				if s-1 >= from {
					want = s - 1
					break
				}
			}
			if want < 0 && data[len(data)-1] == '\n' && bytes.Count(data, quote)&1 == 0 && len(data)-1 >= from {
				want = len(data) - 1 // the last record's '\n' ends the text: no record starts after it
			}
			inside := bytes.Count(data[:from], quote)&1 == 1
			if i, _ := recordEnd(data, from, inside); i != want {
				t.Fatalf("%q from %d: %d, want %d", data, from, i, want)
			}
		}
	}
	for _, tc := range []struct {
		s      string
		inside bool
		want   int
		end    bool
	}{
		{"abc", false, -1, false},
		{"a\"b", false, -1, true},
		{"a\"b\"\"c", false, -1, true},
		{"x\"\nq\n", true, 2, false},
		{"x\n\"\"\n", true, -1, true},
	} {
		i, end := recordEnd([]byte(tc.s), 0, tc.inside)
		if i != tc.want || end != tc.end {
			t.Errorf("%q inside %v: %d %v, want %d %v", tc.s, tc.inside, i, end, tc.want, tc.end)
		}
	}
}

func BenchmarkRanges(b *testing.B) {
	data, _ := benchData(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				for _, ch := range readRanges(b, data, 0, DefaultChunkSize, workers, memory.DefaultAllocator) {
					ch.Release()
				}
			}
		})
	}
}
