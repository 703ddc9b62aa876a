package dumpgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// Expected is the content of expected.json: the options, the answer of the
// reference query computed by SlowCount on crates.csv as written, and facts
// about the files that tests of the readers need.
type Expected struct {
	Seed        uint64  `json:"seed"`
	Scale       float64 `json:"scale"`
	Schema      string  `json:"schema"`
	ExtraColumn string  `json:"extra_column,omitempty"`
	// Timestamp is metadata.json's timestamp; TopFolder the tarball's top folder.
	Timestamp string `json:"timestamp"`
	TopFolder string `json:"top_folder"`

	// Pattern is the reference (polars) pattern, GoPattern the one SlowCount ran.
	Pattern   string `json:"pattern"`
	GoPattern string `json:"go_pattern"`
	Column    string `json:"column"`
	// Matched and Total are the answer: rows whose readme matches, all rows.
	Matched int64 `json:"matched"`
	Total   int64 `json:"total"`
	// Null and Empty split the rows without a README: NULL (,,) and "" (,"",).
	Null  int64 `json:"null"`
	Empty int64 `json:"empty"`
	// Percent is 100*Matched/Total; PercentText is it as the reference
	// script prints it ("{:.2f}%").
	Percent     float64 `json:"percent"`
	PercentText string  `json:"percent_text"`

	// Tables lists data/*.csv in dump order; Rows counts data rows per
	// table generated (only crates when no archive form was asked for).
	Tables []string         `json:"tables"`
	Rows   map[string]int64 `json:"rows"`
	// Files holds the size in bytes of every form written.
	Files map[Form]int64 `json:"files"`
	// CratesCSVBytes is the size of crates.csv uncompressed.
	CratesCSVBytes int64 `json:"crates_csv_bytes"`
	// CratesCSVEndOffset is the number of leading bytes of db-dump.tar.gz
	// that hold all of crates.csv's data (a deflate flush point): a reader
	// that stops after crates.csv needs no more. 0 when no tar.gz was written.
	CratesCSVEndOffset int64 `json:"crates_csv_end_offset"`
	// TarMembers lists the db-dump.tar.gz member names in order (empty when
	// no tar.gz was written).
	TarMembers []string `json:"tar_members,omitempty"`
	// Readmes is the generator's own account of the README column, which
	// Generate checks against SlowCount.
	Readmes ReadmeStats `json:"readmes"`
	// DataBytes is the uncompressed size of every data/*.csv, by table.
	DataBytes map[string]int64 `json:"data_bytes"`
}

// Generate writes the given forms (all of AllForms when none is given) and
// expected.json into dir, creating dir if needed. Each file is written to a
// temporary name in dir and renamed into place only when everything
// succeeded; expected.json is renamed last. Equal opts give byte-identical
// files. Errors name the option or the file concerned; on error no final
// file is created or replaced.
func Generate(dir string, opts Options, forms ...Form) (Expected, error) {
	o, err := opts.normalized()
	if err != nil {
		return Expected{}, err
	}
	if len(forms) == 0 {
		forms = AllForms
	}
	if err := checkForms(forms); err != nil {
		return Expected{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Expected{}, err
	}
	tmp := map[Form]*os.File{}
	cleanup := func() {
		for _, f := range tmp {
			f.Close()
			os.Remove(f.Name())
		}
	}
	outs := map[Form]io.Writer{}
	for _, f := range forms {
		file, err := os.CreateTemp(dir, "."+string(f)+".tmp*")
		if err == nil {
			err = file.Chmod(0o644)
		}
		if err != nil {
			if file != nil {
				file.Close()
				os.Remove(file.Name())
			}
			cleanup()
			return Expected{}, err
		}
		tmp[f], outs[f] = file, file
	}
	exp, err := write(o, outs)
	if err == nil {
		for _, f := range forms {
			if cerr := tmp[f].Close(); cerr != nil && err == nil {
				err = fmt.Errorf("dumpgen: closing %s: %w", f, cerr)
			}
		}
	}
	if err != nil {
		cleanup()
		return Expected{}, err
	}
	js, err := json.MarshalIndent(exp, "", "  ")
	if err != nil {
		cleanup()
		return Expected{}, err
	}
	ejs, err := os.CreateTemp(dir, "."+ExpectedFile+".tmp*")
	if err != nil {
		cleanup()
		return Expected{}, err
	}
	if err := ejs.Chmod(0o644); err != nil {
		ejs.Close()
		os.Remove(ejs.Name())
		cleanup()
		return Expected{}, err
	}
	if _, err := ejs.Write(append(js, '\n')); err != nil {
		ejs.Close()
		os.Remove(ejs.Name())
		cleanup()
		return Expected{}, err
	}
	ejs.Close()
	for _, f := range forms {
		if err := os.Rename(tmp[f].Name(), filepath.Join(dir, string(f))); err != nil {
			os.Remove(ejs.Name())
			cleanup()
			return Expected{}, err
		}
		delete(tmp, f)
	}
	if err := os.Rename(ejs.Name(), filepath.Join(dir, ExpectedFile)); err != nil {
		os.Remove(ejs.Name())
		return Expected{}, err
	}
	return exp, nil
}

func checkForms(forms []Form) error {
	seen := map[Form]bool{}
	for _, f := range forms {
		switch f {
		case FormCratesCSV, FormCratesCSVGz, FormTarGz, FormZip:
		default:
			return fmt.Errorf("dumpgen: unknown form %q", f)
		}
		if seen[f] {
			return fmt.Errorf("dumpgen: form %q given twice", f)
		}
		seen[f] = true
	}
	return nil
}

// WriteForms generates the dump once and writes each form in outs to its
// writer (any subset of AllForms), then returns the expected answer. The
// writers are written sequentially from one goroutine and never closed.
func WriteForms(opts Options, outs map[Form]io.Writer) (Expected, error) {
	o, err := opts.normalized()
	if err != nil {
		return Expected{}, err
	}
	for f := range outs {
		if err := checkForms([]Form{f}); err != nil {
			return Expected{}, err
		}
	}
	return write(o, outs)
}

// WriteCratesCSV writes crates.csv alone to w and returns the expected answer.
func WriteCratesCSV(w io.Writer, opts Options) (Expected, error) {
	return WriteForms(opts, map[Form]io.Writer{FormCratesCSV: w})
}

// WriteCratesCSVGz writes crates.csv.gz (one gzip member) to w.
func WriteCratesCSVGz(w io.Writer, opts Options) (Expected, error) {
	return WriteForms(opts, map[Form]io.Writer{FormCratesCSVGz: w})
}

// WriteTarGz writes db-dump.tar.gz to w.
func WriteTarGz(w io.Writer, opts Options) (Expected, error) {
	return WriteForms(opts, map[Form]io.Writer{FormTarGz: w})
}

// WriteZip writes db-dump.zip to w.
func WriteZip(w io.Writer, opts Options) (Expected, error) {
	return WriteForms(opts, map[Form]io.Writer{FormZip: w})
}

// workersOverride lets tests force the number of generator goroutines.
var workersOverride int

func write(o Options, outs map[Form]io.Writer) (Expected, error) {
	w := newWorld(o)
	res, err := w.run(sinks{csv: outs[FormCratesCSV], csvGz: outs[FormCratesCSVGz], tarGz: outs[FormTarGz], zip: outs[FormZip]}, workersOverride)
	if err != nil {
		return Expected{}, err
	}
	st := res.crates
	if res.slow.Total != st.Rows {
		return Expected{}, fmt.Errorf("dumpgen: slow path read %d rows, generator wrote %d", res.slow.Total, st.Rows)
	}
	if res.slow.Empty != st.Null+st.Empty {
		return Expected{}, fmt.Errorf("dumpgen: slow path saw %d empty readmes, generator wrote %d NULL + %d empty", res.slow.Empty, st.Null, st.Empty)
	}
	if res.slow.Matched != st.Matching {
		return Expected{}, fmt.Errorf("dumpgen: slow path matched %d readmes, generator built %d matching ones", res.slow.Matched, st.Matching)
	}
	if res.slow.Total == 0 {
		return Expected{}, errors.New("dumpgen: no crates generated")
	}
	pct := 100 * float64(res.slow.Matched) / float64(res.slow.Total)
	e := Expected{
		Seed: o.Seed, Scale: o.Scale, Schema: o.Schema, ExtraColumn: o.ExtraColumn,
		Timestamp: chronoRFC3339(o.Timestamp), TopFolder: topName(o.Timestamp),
		Pattern: PolarsPattern, GoPattern: GoPattern, Column: "readme",
		Matched: res.slow.Matched, Total: res.slow.Total, Null: st.Null, Empty: st.Empty,
		Percent: pct, PercentText: strconv.FormatFloat(pct, 'f', 2, 64) + "%",
		Rows: res.rows, Files: res.sizes, CratesCSVBytes: res.cratesSize,
		CratesCSVEndOffset: res.cratesEnd, TarMembers: res.tarMembers, Readmes: st,
		DataBytes: res.dataBytes,
	}
	for _, t := range w.tables {
		e.Tables = append(e.Tables, t.name)
	}
	return e, nil
}

// rawDumpBytes is the total uncompressed size of the data files.
func rawDumpBytes(e Expected) int64 {
	var n int64
	for _, v := range e.DataBytes {
		n += v
	}
	return n
}
