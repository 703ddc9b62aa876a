package sched_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/blazetools/blaze/sched"
)

// lineCount counts the newlines of one chunk.
type lineCount []byte

func (c lineCount) Run(ctx context.Context, worker int) (int, error) {
	return bytes.Count(c, []byte{'\n'}), nil
}

// Chunks of the input are counted on all cores; the consumer sees the counts in input order.
func ExampleRun() {
	input := bytes.Repeat([]byte("a line\n"), 1000)
	const chunk = 700
	var counts []int
	stats, err := sched.Run(context.Background(), sched.Options{MaxInFlight: 4 * chunk},
		func(ctx context.Context, submit func(sched.Task[int], int64) error) error {
			for off := 0; off < len(input); off += chunk {
				c := input[off:min(off+chunk, len(input))]
				if err := submit(lineCount(c), int64(len(c))); err != nil {
					return err
				}
			}
			return nil
		},
		func(n int) error {
			counts = append(counts, n)
			return nil
		}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	fmt.Println(len(counts), "chunks,", total, "lines; bound kept:", stats.PeakInFlight <= 4*chunk)
	// Output: 10 chunks, 1000 lines; bound kept: true
}
