package dumpgen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

// The engine turns the dump into a list of entries, each a list of units.
// Workers generate and deflate units independently (each unit is its own
// sync-flushed deflate block sequence with no back-references outside it);
// one consumer takes the results in unit order and splices the compressed
// bytes into every output. Concatenated sync-flushed block sequences ended by
// one final empty block form a single valid deflate stream, so
// db-dump.tar.gz is one gzip member, and the same compressed bytes of a CSV
// serve the tar.gz, the zip entry and crates.csv.gz alike. Output depends
// only on the unit list, never on the number of workers or their timing.

// Compression levels (klauspost/compress/flate).
const (
	levelHead = 5 // everything up to and including crates.csv (flate's default)
	levelTail = 1 // the big tables after crates.csv
)

// finalBlock is an empty final fixed-Huffman deflate block (BFINAL=1,
// BTYPE=01, end-of-block): it ends a stream of sync-flushed blocks.
var finalBlock = []byte{0x03, 0x00}

// gzipHeader is what flate2's GzEncoder writes: no name, mtime 0, OS unknown.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}

type unitFn func(dst []byte) (out []byte, rows int64, st *ReadmeStats, err error)

// entry is one member of the dump: a directory or a file made of units.
type entry struct {
	name  string // relative to the dump root: "README.md", "data", "data/crates.csv"
	dir   bool
	table string // for data/*.csv
	level int
	mtime time.Time
	units []unitFn
}

// sinks are the outputs of one run; nil ones are skipped.
type sinks struct {
	csv, csvGz, tarGz, zip io.Writer
}

// runResult is what a run learned.
type runResult struct {
	rows       map[string]int64
	crates     ReadmeStats
	slow       Count
	sizes      map[Form]int64
	cratesSize int64
	cratesEnd  int64 // bytes of db-dump.tar.gz up to the end of crates.csv's data
	tarMembers []string
	dataBytes  map[string]int64
}

// job is unit ui of entry e, number seq in output order.
type job struct {
	seq int
	e   *entry
	ui  int
}

type unitResult struct {
	seq  int
	raw  []byte
	comp []byte
	rows int64
	st   *ReadmeStats
	err  error
}

// topName is the top folder of the tarball, from the dump timestamp.
func topName(t time.Time) string { return t.UTC().Format("2006-01-02-150405") }

// entries lists the dump's members in crates.io's order.
func (w *world) entries() ([]*entry, error) {
	mt := w.opts.Timestamp.Truncate(time.Second)
	small := func(name, body string) *entry {
		b := []byte(body)
		return &entry{name: name, level: levelHead, mtime: mt, units: []unitFn{
			func(dst []byte) ([]byte, int64, *ReadmeStats, error) { return append(dst, b...), 0, nil, nil },
		}}
	}
	es := []*entry{
		small("README.md", readmeForTarball()),
		small("export.sql", exportSQL(w.tables)),
		small("import.sql", importSQL(w.tables)),
		small("metadata.json", metadataJSON(w.opts.Timestamp, commitHash(w.seed))),
		small("schema.sql", schemaSQL(w.opts.Schema, w.tables)),
		{name: "data", dir: true, mtime: mt},
	}
	level := levelHead
	for i, t := range w.tables {
		e := &entry{name: "data/" + t.name + ".csv", table: t.name, level: level,
			mtime: mt.Add(time.Duration(i+1) * time.Second)}
		if err := w.addUnits(e, t); err != nil {
			return nil, err
		}
		es = append(es, e)
		if t.name == "crates" {
			level = levelTail
		}
	}
	return es, nil
}

// ranges splits [0, n) into pieces of at most size (at least one piece).
func ranges(n, size int) [][2]int {
	var out [][2]int
	for lo := 0; lo < n || lo == 0; lo += size {
		out = append(out, [2]int{lo, min(lo+size, n)})
		if n == 0 {
			break
		}
	}
	return out
}

// addUnits fills e.units: the header line, then row ranges.
func (w *world) addUnits(e *entry, t tableDef) error {
	header := []byte(joinCols(t.cols) + "\n")
	e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
		return append(dst, header...), 0, nil, nil
	})
	small := func(fn func(rb *rowBuf) int) {
		e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
			rb := newRowBuf(t.cols)
			rb.dst = dst
			n := fn(rb)
			return rb.dst, int64(n), nil, nil
		})
	}
	ranged := func(n, size int, fn func(rb *rowBuf, lo, hi int) int) {
		for _, r := range ranges(n, size) {
			small(func(rb *rowBuf) int { return fn(rb, r[0], r[1]) })
		}
	}
	switch t.name {
	case "crates":
		cc, err := codes(t.name, t.cols, cratesColumnCodes, ccExtra)
		if err != nil {
			return err
		}
		for _, r := range ranges(w.nCrates, 512) {
			e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
				st := new(ReadmeStats)
				dst = w.cratesChunk(dst, cc, r[0], r[1], st)
				return dst, st.Rows, st, nil
			})
		}
	case "categories":
		small(w.categoriesRows)
	case "crate_downloads":
		ranged(w.nCrates, 1<<16, w.crateDownloadsRows)
	case "keywords":
		ranged(w.nKeywords, 1<<16, w.keywordsRows)
	case "metadata":
		small(w.metadataRows)
	case "oauth_github":
		ranged(w.nUsers, 1<<15, w.oauthRows)
	case "reserved_crate_names":
		small(func(rb *rowBuf) int { return w.listRows(rb, "name", reservedCrateNames) })
	case "reserved_usernames":
		small(func(rb *rowBuf) int { return w.listRows(rb, "username", reservedUsernames) })
	case "teams":
		ranged(w.nTeams, 1<<16, w.teamsRows)
	case "users":
		ranged(w.nUsers, 1<<15, w.usersRows)
	case "badges":
		ranged(w.nCrates, 1<<15, w.badgesRows)
	case "crates_categories":
		ranged(w.nCrates, 1<<15, w.cratesCategoriesRows)
	case "crates_keywords":
		ranged(w.nCrates, 1<<15, w.cratesKeywordsRows)
	case "crate_owners":
		ranged(w.nCrates, 1<<14, w.crateOwnersRows)
	case "deleted_crates":
		ranged(w.nDeleted, 1<<15, w.deletedCratesRows)
	case "versions", "dependencies":
		codeMap, fn := versionColumnCodes, w.versionsChunk
		if t.name == "dependencies" {
			codeMap, fn = depColumnCodes, w.dependenciesChunk
		}
		cc, err := codes(t.name, t.cols, codeMap, -1)
		if err != nil {
			return err
		}
		for _, r := range w.crateRangesByVersions(4096) {
			e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
				dst, n := fn(dst, cc, r[0], r[1])
				return dst, int64(n), nil, nil
			})
		}
	case "default_versions":
		for _, r := range ranges(w.nCrates, 1<<16) {
			e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
				dst, n := w.defaultVersionsRows(dst, t.cols, r[0], r[1])
				return dst, int64(n), nil, nil
			})
		}
	case "version_downloads":
		nv := int(w.vStart[w.nCrates])
		for day := 0; day < vdDays; day++ {
			for _, r := range ranges(nv, 1<<19) {
				e.units = append(e.units, func(dst []byte) ([]byte, int64, *ReadmeStats, error) {
					dst, n := w.versionDownloadsChunk(dst, t.cols, day, r[0], r[1])
					return dst, int64(n), nil, nil
				})
			}
		}
	default:
		return fmt.Errorf("dumpgen: no generator for table %q", t.name)
	}
	return nil
}

// crateRangesByVersions cuts the crates into ranges of about per versions.
func (w *world) crateRangesByVersions(per int) [][2]int {
	var out [][2]int
	lo := 0
	for k := 1; k <= w.nCrates; k++ {
		if int(w.vStart[k]-w.vStart[lo]) >= per || k == w.nCrates {
			out = append(out, [2]int{lo, k})
			lo = k
		}
	}
	return out
}

func joinCols(cs []string) string {
	var b []byte
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c...)
	}
	return string(b)
}

// deflateUnit compresses raw as a sync-flushed block sequence (no final block).
func deflateUnit(fw *flate.Writer, raw []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(raw)/3 + 64)
	fw.Reset(&out)
	if _, err := fw.Write(raw); err != nil {
		return nil, err
	}
	if err := fw.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// countWriter counts the bytes written through it and names its file in
// write errors.
type countWriter struct {
	w    io.Writer
	n    int64
	name Form
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil {
		err = fmt.Errorf("dumpgen: writing %s at byte %d: %w", c.name, c.n, err)
	}
	return n, err
}

// chanReader reads the byte slices sent on a channel, in order.
type chanReader struct {
	ch  <-chan []byte
	cur []byte
}

func (r *chanReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		b, ok := <-r.ch
		if !ok {
			return 0, io.EOF
		}
		r.cur = b
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// run generates the dump described by w into the sinks.
func (w *world) run(s sinks, workers int) (res runResult, err error) {
	es, err := w.entries()
	if err != nil {
		return res, err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Without an archive to write only crates.csv is generated, and without
	// a compressed output nothing is deflated.
	archive := s.tarGz != nil || s.zip != nil
	deflate := archive || s.csvGz != nil
	var jobs []job
	for _, e := range es {
		if !archive && e.table != "crates" {
			continue
		}
		for ui := range e.units {
			jobs = append(jobs, job{seq: len(jobs), e: e, ui: ui})
		}
	}

	// Producer, workers, bounded in-flight window.
	inFlight := 4 * workers
	sem := make(chan struct{}, inFlight)
	jobCh := make(chan job, inFlight)
	resCh := make(chan unitResult, inFlight)
	done := make(chan struct{})
	var wg sync.WaitGroup
	go func() {
		defer close(jobCh)
		for _, j := range jobs {
			select {
			case sem <- struct{}{}:
			case <-done:
				return
			}
			jobCh <- j
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fws := map[int]*flate.Writer{}
			for j := range jobCh {
				r := unitResult{seq: j.seq}
				r.raw, r.rows, r.st, r.err = j.e.units[j.ui](getBuf())
				if r.err == nil && deflate {
					fw := fws[j.e.level]
					if fw == nil {
						fw, r.err = flate.NewWriter(nil, j.e.level)
						fws[j.e.level] = fw
					}
					if r.err == nil {
						r.comp, r.err = deflateUnit(fw, r.raw)
					}
				}
				resCh <- r
			}
		}()
	}
	defer func() {
		close(done)
		for range resCh {
			// Drain: the workers finish the jobs already queued, then exit.
		}
	}()
	go func() { wg.Wait(); close(resCh) }()

	// The slow path reads crates.csv exactly as written, concurrently.
	slowCh := make(chan []byte, 32)
	slowDone := make(chan struct{})
	var slowErr error
	go func() {
		defer close(slowDone)
		res.slow, slowErr = SlowCount(&chanReader{ch: slowCh}, "readme", GoPattern)
		if slowErr != nil {
			for range slowCh {
			}
		}
	}()
	slowClosed := false
	closeSlow := func() {
		if !slowClosed {
			slowClosed = true
			close(slowCh)
		}
	}
	defer func() {
		closeSlow()
		<-slowDone
	}()

	c := newConsumer(w, s, es)
	pending := map[int]unitResult{}
	next := 0
	for next < len(jobs) {
		r, ok := pending[next]
		if !ok {
			r, ok = <-resCh
			if !ok {
				return res, errors.New("dumpgen: workers stopped early")
			}
			if r.seq != next {
				pending[r.seq] = r
				continue
			}
		} else {
			delete(pending, next)
		}
		<-sem
		if r.err != nil {
			return res, r.err
		}
		j := jobs[next]
		if j.e.table == "crates" {
			slowCh <- r.raw
		}
		if err := c.unit(j.e, j.ui, r); err != nil {
			return res, err
		}
		if j.e.table != "crates" {
			putBuf(r.raw) // crates.csv's bytes went to the slow path
		}
		next++
	}
	if err := c.finish(); err != nil {
		return res, err
	}
	closeSlow()
	<-slowDone
	if slowErr != nil {
		return res, fmt.Errorf("dumpgen: slow path: %w", slowErr)
	}
	res.rows, res.crates, res.sizes = c.rows, c.crates, c.sizes()
	res.cratesSize, res.cratesEnd, res.tarMembers, res.dataBytes = c.cratesSize, c.cratesEnd, c.members, c.dataBytes
	return res, nil
}

// Raw unit buffers are recycled: units are about a megabyte, and growing
// fresh ones dominated allocation.
var bufPool sync.Pool

func getBuf() []byte {
	if b, ok := bufPool.Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 2<<20)
}

func putBuf(b []byte) {
	if cap(b) > 64<<20 {
		return // a giant README's chunk: let it go
	}
	bufPool.Put(&b)
}
