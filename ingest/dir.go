package ingest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// dirFile is one member of a directory input.
type dirFile struct {
	path   string // slash-separated, relative to the directory opened
	osPath string
	size   int64
}

// dirLister yields an extracted dump's metadata.json and data/*.csv: the
// known tables in the order crates.io writes them, then other CSV files in
// name order.
type dirLister struct {
	ctx   context.Context
	in    *Input
	files []dirFile
	i     int
	cur   *os.File
	cnt   *counter
	path  string   // the current member's path
	off   int64    // bytes read of the current member
	at    *entryAt // the current member's At
}

// openDir finds the dump in dir: dir itself if it holds data/, else the one
// subdirectory that does (the top folder of an extracted tarball).
func openDir(ctx context.Context, in *Input, dir string) (*dirLister, error) {
	fail := func(err error) (*dirLister, error) {
		return nil, &Error{Input: in.errName, Offset: -1, Err: err}
	}
	top, prefix := dir, ""
	if !isDir(filepath.Join(dir, "data")) {
		ents, err := os.ReadDir(dir)
		if err != nil {
			return fail(err)
		}
		var found []string
		for _, e := range ents {
			if isDir(filepath.Join(dir, e.Name(), "data")) {
				found = append(found, e.Name())
			}
		}
		switch len(found) {
		case 0:
			return fail(fmt.Errorf("%w (a directory with no data folder in it or in a subfolder)", ErrNotDump))
		case 1:
			top, prefix = filepath.Join(dir, found[0]), found[0]+"/"
		default:
			return fail(fmt.Errorf("several dumps in one directory (%s): open one of them",
				strings.Join(found, ", ")))
		}
	}
	d := &dirLister{ctx: ctx, in: in}
	add := func(rel string) error {
		osPath := filepath.Join(top, filepath.FromSlash(rel))
		fi, err := os.Stat(osPath)
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			d.files = append(d.files, dirFile{path: prefix + rel, osPath: osPath, size: fi.Size()})
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(top, "metadata.json")); err == nil {
		if err := add("metadata.json"); err != nil {
			return fail(err)
		}
	}
	ents, err := os.ReadDir(filepath.Join(top, "data"))
	if err != nil {
		return fail(err)
	}
	var csvs []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".csv") && !e.IsDir() {
			csvs = append(csvs, e.Name())
		}
	}
	rank := func(name string) int {
		if i := slices.Index(dumpTables, strings.TrimSuffix(name, ".csv")); i >= 0 {
			return i
		}
		return len(dumpTables)
	}
	slices.SortStableFunc(csvs, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	for _, name := range csvs {
		if err := add("data/" + name); err != nil {
			return fail(err)
		}
	}
	if len(d.files) == 0 {
		return fail(fmt.Errorf("%w (a data folder without CSV files)", ErrNotDump))
	}
	var total int64
	for _, f := range d.files {
		total += f.size
	}
	in.size = total
	return d, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func (d *dirLister) next() (*Entry, error) {
	if err := d.closeCur(); err != nil {
		return nil, err
	}
	if d.i >= len(d.files) {
		return nil, io.EOF
	}
	f := d.files[d.i]
	d.i++
	fh, err := os.Open(f.osPath)
	if err != nil {
		return nil, &Error{Input: d.in.errName, Member: f.path, Offset: -1, Err: err}
	}
	d.cur, d.path, d.off = fh, f.path, 0
	d.cnt = &counter{ctx: d.ctx, r: fh, n: &d.in.read}
	d.at = &entryAt{ctx: d.ctx, ra: fh, size: f.size, n: &d.in.read, start: d.in.read.Load(), input: d.in.errName,
		member: f.path}
	return &Entry{Path: f.path, Size: f.size, Reader: dirEntry{d, d.cnt}, At: d.at}, nil
}

func (d *dirLister) closeCur() error {
	if d.cur == nil {
		return nil
	}
	d.at.gone.Store(true)
	err := d.cur.Close()
	d.cur = nil
	if err != nil {
		return &Error{Input: d.in.errName, Member: d.path, Offset: -1, Err: err}
	}
	return nil
}

func (d *dirLister) close() error { return d.closeCur() }

type dirEntry struct {
	d   *dirLister
	cnt *counter
}

func (e dirEntry) Read(p []byte) (int, error) {
	n, err := e.cnt.Read(p)
	e.d.off += int64(n)
	if err != nil && err != io.EOF {
		err = &Error{Input: e.d.in.errName, Member: e.d.path, Offset: e.d.off, Err: sourceError(err)}
	}
	return n, err
}
