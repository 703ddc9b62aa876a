package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/blazetools/blaze"
	"github.com/blazetools/blaze/ingest"
	"github.com/blazetools/blaze/simdscan"
)

func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// progressBar draws one line on a terminal: bytes read, rate and, when the input's size is known, the share
// done and the time left. The share is of the whole input, so for a dump it ends early: reading stops after
// crates.csv.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar { return &progressBar{w: w, start: time.Now()} }

func (p *progressBar) update(read, size int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	el := time.Since(p.start).Seconds()
	if el < 0.3 { // quick runs draw nothing
		return
	}
	rate := float64(read) / el
	line := fmt.Sprintf("%s read, %s/s", human(read), human(int64(rate)))
	if size > 0 && read <= size {
		eta := ""
		if rate > 0 {
			eta = fmt.Sprintf(", at most %.0fs left", float64(size-read)/rate)
		}
		line = fmt.Sprintf("%3.0f%% of %s: %s%s", 100*float64(read)/float64(size), human(size), line, eta)
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.drawn = true
}

func (p *progressBar) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

func human(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func printStats(w io.Writer, res *blaze.CountResult) {
	st := res.Stats
	if st == nil {
		return
	}
	wall := st.Wall.Seconds()
	share := func(d time.Duration) string {
		if wall <= 0 {
			return "-"
		}
		return fmt.Sprintf("%3.0f%%", 100*d.Seconds()/wall)
	}
	rate := func(d time.Duration) string {
		if d <= 0 {
			return "-"
		}
		return human(int64(float64(st.Bytes)/d.Seconds())) + "/s"
	}
	inflate := ""
	if res.Inflate != "" && res.Format != "CSV" && res.Format != "directory" {
		inflate = ", inflate " + res.Inflate
		if res.InflateCPU >= 0 {
			inflate += fmt.Sprintf(" (pinned to CPU %d)", res.InflateCPU)
		}
	}
	fmt.Fprintf(w, "input     %s%s, %s read of %s, %s (%s)\n", res.Format, inflate, human(res.BytesRead), sizeOrUnknown(res.Size), res.Elapsed.Round(time.Millisecond), res.Input)
	fmt.Fprintf(w, "table     %s: %d rows, %s of CSV in %d chunks, matcher %s, CPU path %s\n", res.Table, res.Total, human(st.Bytes), st.Chunks, res.Matcher, simdscan.Path())
	fmt.Fprintf(w, "%-32s %10s %12s %6s\n", "stage", "time", "rate", "busy")
	stage := func(name string, d time.Duration) {
		fmt.Fprintf(w, "%-32s %10s %12s %6s\n", name, d.Round(time.Millisecond), rate(d), share(d))
	}
	if st.Ranges > 0 {
		// The reader read the first chunk; the workers read the rest, a range each. Rates are for stages
		// that see every byte.
		fmt.Fprintf(w, "%-32s %10s %12s %6s\n", "read first chunk (reader)", (st.ReadTime + st.SplitTime).Round(time.Millisecond),
			"-", share(st.ReadTime+st.SplitTime))
		stage("read ranges (workers, sum)", st.Range.Read)
		stage("quote parity (workers, sum)", st.Range.Parity)
		fmt.Fprintf(w, "%-32s %10s %12s %6s\n", "wait for parity (workers, sum)", st.Range.Wait.Round(time.Millisecond),
			"-", share(st.Range.Wait))
	} else {
		stage("read+inflate (reader)", st.ReadTime)
		stage("split records (reader)", st.SplitTime)
	}
	stage("parse+scan (workers, sum)", st.WorkTime)
	fmt.Fprintf(w, "%-32s %10s\n", "wall", st.Wall.Round(time.Millisecond))
	for i, ws := range st.Sched.Workers {
		fmt.Fprintf(w, "worker %-3d %5d chunks (%d stolen, %d split), busy %s (%s)\n", i, ws.Tasks, ws.Stolen, ws.Splits,
			ws.Busy.Round(time.Millisecond), share(ws.Busy))
	}
	fmt.Fprintf(w, "producer blocked on back-pressure %s; peak in flight %s\n", st.Sched.ProducerBlocked.Round(time.Millisecond), human(st.Sched.PeakInFlight))
}

func sizeOrUnknown(n int64) string {
	if n < 0 {
		return "unknown size"
	}
	return human(n)
}

func cmdVersion(w io.Writer) error {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	_, err := fmt.Fprintf(w, "blaze %s %s %s/%s\ncpu path: %s\ninflate: %s (built in: %s)\n", v, runtime.Version(), runtime.GOOS,
		runtime.GOARCH, simdscan.Path(), ingest.PreferredBackend(), strings.Join(ingest.Backends(), ", "))
	return err
}
