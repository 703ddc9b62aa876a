package dumpgen

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sync"
)

// GoPattern is the Go spelling of the reference query's pattern: Go's \d is
// ASCII-only, while polars (the Rust regex crate) reads \d as \p{Nd}; (?i)
// is simple case folding in both.
const GoPattern = `(?im)(blazing|blazingly|\p{Nd}+)`

// PolarsPattern is the pattern as the reference polars query spells it.
const PolarsPattern = `(?im)(blazing|blazingly|\d+)`

// Count is the answer of SlowCount.
type Count struct {
	// Matched is the number of rows whose field has a match of capture
	// group 1 (polars: str.extract(pattern, 1).is_not_null()).
	Matched int64 `json:"matched"`
	// Total is the number of data rows (the header excluded).
	Total int64 `json:"total"`
	// Empty is the number of rows whose field is empty: encoding/csv cannot
	// tell NULL (,,) from the empty string (,"",), so this is their sum.
	Empty int64 `json:"empty"`
}

// SlowCount is the independent reference answer: it reads CSV from r with
// encoding/csv, finds column by header name, and counts the rows whose value
// has a match of goPattern's capture group 1 (FindStringSubmatchIndex), or
// of the whole match when the pattern has no group. It shares no code with
// the generator. It reads r to the end; matching runs on GOMAXPROCS
// goroutines, and the result does not depend on how many.
//
// Errors: a pattern that does not compile, a missing column, and CSV syntax
// errors, which name the line and column (a *csv.ParseError is wrapped).
func SlowCount(r io.Reader, column, goPattern string) (Count, error) {
	re, err := regexp.Compile(goPattern)
	if err != nil {
		return Count{}, fmt.Errorf("dumpgen: SlowCount: pattern: %w", err)
	}
	group := 0
	if re.NumSubexp() >= 1 {
		group = 1
	}
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return Count{}, errors.New("dumpgen: SlowCount: empty input, no header")
		}
		return Count{}, fmt.Errorf("dumpgen: SlowCount: header: %w", err)
	}
	col := -1
	for i, h := range header {
		if h == column {
			col = i
		}
	}
	if col < 0 {
		return Count{}, fmt.Errorf("dumpgen: SlowCount: no column %q in header %q", column, header)
	}

	workers := runtime.GOMAXPROCS(0)
	batches := make(chan []string, 2*workers)
	var matched int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n int64
			for b := range batches {
				for _, s := range b {
					if m := re.FindStringSubmatchIndex(s); m != nil && m[2*group] >= 0 {
						n++
					}
				}
			}
			mu.Lock()
			matched += n
			mu.Unlock()
		}()
	}
	var c Count
	var batch []string
	size := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			close(batches)
			wg.Wait()
			return Count{}, fmt.Errorf("dumpgen: SlowCount: %w", err)
		}
		c.Total++
		v := rec[col]
		if v == "" {
			c.Empty++
			continue
		}
		batch = append(batch, v)
		size += len(v)
		if size >= 1<<20 || len(batch) >= 4096 {
			batches <- batch
			batch, size = nil, 0
		}
	}
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	wg.Wait()
	c.Matched = matched
	return c, nil
}
