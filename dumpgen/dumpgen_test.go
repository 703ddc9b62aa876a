package dumpgen

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestDeterminism(t *testing.T) {
	a := cached(t, small)
	defer func(p int) { runtime.GOMAXPROCS(p); workersOverride = 0 }(runtime.GOMAXPROCS(0))
	for _, workers := range []int{1, 3} {
		workersOverride = workers
		runtime.GOMAXPROCS(workers)
		b := genAll(t, small)
		for name, pair := range map[string][2][]byte{
			"crates.csv": {a.csv, b.csv}, "crates.csv.gz": {a.csvGz, b.csvGz},
			"db-dump.tar.gz": {a.tar, b.tar}, "db-dump.zip": {a.zp, b.zp},
		} {
			if !bytes.Equal(pair[0], pair[1]) {
				t.Errorf("workers=%d: %s differs between runs", workers, name)
			}
		}
		ja, _ := json.Marshal(a.exp)
		jb, _ := json.Marshal(b.exp)
		if !bytes.Equal(ja, jb) {
			t.Errorf("workers=%d: expected.json differs:\n%s\n%s", workers, ja, jb)
		}
	}
	// crates.csv alone (no archive, so no other table is generated) is the
	// same file.
	var only bytes.Buffer
	if _, err := WriteCratesCSV(&only, small); err != nil || !bytes.Equal(only.Bytes(), a.csv) {
		t.Errorf("WriteCratesCSV differs from crates.csv written with the archives (%v)", err)
	}
	o := small
	o.Seed++
	var c bytes.Buffer
	if _, err := WriteCratesCSV(&c, o); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(c.Bytes(), a.csv) {
		t.Error("different seeds gave the same crates.csv")
	}
}

// wantMembers is the 2026 member order (crates.io's dump_db test).
var wantMembers = []string{
	"README.md", "export.sql", "import.sql", "metadata.json", "schema.sql", "data",
	"data/categories.csv", "data/crate_downloads.csv", "data/crates.csv", "data/keywords.csv",
	"data/metadata.csv", "data/oauth_github.csv", "data/reserved_crate_names.csv",
	"data/reserved_usernames.csv", "data/teams.csv", "data/users.csv",
	"data/crates_categories.csv", "data/crates_keywords.csv", "data/crate_owners.csv",
	"data/deleted_crates.csv", "data/versions.csv", "data/default_versions.csv",
	"data/dependencies.csv", "data/version_downloads.csv",
}

func TestArchiveStructure(t *testing.T) {
	d := cached(t, small)
	top := "2026-11-21-020013"
	tm := readTarGz(t, d.tar)
	if len(tm) != len(wantMembers)+1 || tm[0].name != top || !tm[0].dir {
		t.Fatalf("tar starts %v, want the directory %s then %d members", tm[0], top, len(wantMembers))
	}
	if tm[9].name != top+"/data/crates.csv" {
		t.Errorf("10th tar member is %s, want crates.csv", tm[9].name)
	}
	zm := readZip(t, d.zp)
	if len(zm) != len(wantMembers) {
		t.Fatalf("zip has %d members, want %d", len(zm), len(wantMembers))
	}
	for i, want := range wantMembers {
		if got := tm[i+1].name; got != top+"/"+want {
			t.Errorf("tar member %d = %s, want %s/%s", i+1, got, top, want)
		}
		zwant := want
		if want == "data" {
			zwant = "data/"
		}
		if zm[i].name != zwant {
			t.Errorf("zip member %d = %s, want %s", i, zm[i].name, zwant)
		}
		if !bytes.Equal(tm[i+1].data, zm[i].data) {
			t.Errorf("%s differs between tar.gz and zip", want)
		}
	}
	if !bytes.Equal(tm[9].data, d.csv) {
		t.Error("crates.csv in the tarball differs from crates.csv")
	}
	if !bytes.Equal(gunzipOne(t, d.csvGz), d.csv) {
		t.Error("crates.csv.gz does not decompress to crates.csv")
	}
	if got := d.exp.Files; got[FormCratesCSV] != int64(len(d.csv)) || got[FormTarGz] != int64(len(d.tar)) ||
		got[FormZip] != int64(len(d.zp)) || got[FormCratesCSVGz] != int64(len(d.csvGz)) {
		t.Errorf("Files = %v, want the real sizes", got)
	}
	// metadata.json as serde_json::to_writer_pretty writes it.
	meta := string(tm[4].data)
	if !regexp.MustCompile(`^\{\n  "timestamp": "2026-11-21T02:00:13\.123456789Z",\n  "crates_io_commit": "[0-9a-f]{40}"\n\}$`).MatchString(meta) {
		t.Errorf("metadata.json = %q", meta)
	}
	var m struct {
		Timestamp time.Time `json:"timestamp"`
	}
	if err := json.Unmarshal(tm[4].data, &m); err != nil || !m.Timestamp.Equal(DefaultTimestamp) {
		t.Errorf("metadata.json timestamp %v, %v", m.Timestamp, err)
	}
}

// TestTables reads every CSV with encoding/csv: the header is the schema's,
// every record has its field count, row counts match Expected, and the
// foreign keys point at rows that exist.
func TestTables(t *testing.T) {
	for _, schema := range []string{Schema2026, Schema2023, Schema2021} {
		t.Run(schema, func(t *testing.T) {
			o := small
			o.Schema = schema
			d := cached(t, o)
			defs, _ := schemaTables(schema)
			members := readZip(t, d.zp)
			byName := map[string][]byte{}
			for _, m := range members {
				byName[m.name] = m.data
			}
			ids := map[string]map[string]bool{}
			refs := map[string][][2]string{} // table.col -> values to check later
			for _, def := range defs {
				data, ok := byName["data/"+def.name+".csv"]
				if !ok {
					t.Fatalf("no data/%s.csv", def.name)
				}
				recs := readCSV(t, def.name, data)
				if got := strings.Join(recs[0], ","); got != strings.Join(def.cols, ",") {
					t.Errorf("%s header %q, want %q", def.name, got, strings.Join(def.cols, ","))
				}
				if int64(len(recs)-1) != d.exp.Rows[def.name] {
					t.Errorf("%s: %d rows, Expected says %d", def.name, len(recs)-1, d.exp.Rows[def.name])
				}
				if len(recs) < 2 && def.name != "badges" && def.name != "deleted_crates" {
					t.Errorf("%s has no rows", def.name)
				}
				idx := map[string]int{}
				for i, c := range recs[0] {
					idx[c] = i
				}
				col := func(c string) []string {
					var out []string
					for _, r := range recs[1:] {
						out = append(out, r[idx[c]])
					}
					return out
				}
				switch def.name {
				case "crates", "versions", "users", "categories", "keywords", "teams":
					set := map[string]bool{}
					for _, v := range col("id") {
						if set[v] {
							t.Errorf("%s: duplicate id %s", def.name, v)
						}
						set[v] = true
					}
					ids[def.name] = set
				}
				for c, target := range map[string]string{"crate_id": "crates", "version_id": "versions", "category_id": "categories", "keyword_id": "keywords", "published_by": "users", "user_id": "users"} {
					if _, ok := idx[c]; ok {
						for _, v := range col(c) {
							refs[def.name+"."+c] = append(refs[def.name+"."+c], [2]string{target, v})
						}
					}
				}
				for c, i := range idx {
					if strings.HasSuffix(c, "_at") {
						for _, r := range recs[1:] {
							checkTimestamp(t, def.name+"."+c, r[i], schema == Schema2026)
						}
					}
				}
			}
			for where, rs := range refs {
				for _, r := range rs {
					if r[1] == "" && strings.HasSuffix(where, "published_by") {
						continue
					}
					if !ids[r[0]][r[1]] {
						t.Errorf("%s = %q refers to no row of %s", where, r[1], r[0])
						break
					}
				}
			}
		})
	}
}

func readCSV(t testing.TB, name string, data []byte) [][]string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Errorf("%s does not end with a newline", name)
	}
	return recs
}

var (
	tsWithTZ = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{0,5}[1-9])?\+00$`)
	tsNoTZ   = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{0,5}[1-9])?$`)
)

func checkTimestamp(t *testing.T, where, v string, tz bool) {
	if v == "" {
		return // nullable columns
	}
	re := tsNoTZ
	layout := "2006-01-02 15:04:05.999999"
	if tz {
		re, layout = tsWithTZ, "2006-01-02 15:04:05.999999-07"
	}
	if !re.MatchString(v) {
		t.Fatalf("%s: timestamp %q not in PostgreSQL's format", where, v)
	}
	if _, err := time.Parse(layout, v); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
}

// TestCratesHeaders pins the crates.csv header of each schema to the
// strings the briefs and crates.io give.
func TestCratesHeaders(t *testing.T) {
	want := map[string]string{
		Schema2026: "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at",
		Schema2023: "created_at,description,documentation,downloads,homepage,id,max_features,max_upload_size,name,readme,repository,updated_at",
		Schema2021: "created_at,description,documentation,downloads,homepage,id,max_upload_size,name,readme,repository,updated_at",
	}
	for s, h := range want {
		var b bytes.Buffer
		if _, err := WriteCratesCSV(&b, Options{Seed: 1, Scale: 0.0005, Schema: s}); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(b.String(), "\n"); got != h {
			t.Errorf("%s: header %q, want %q", s, got, h)
		}
	}
}

// TestReadmeProperties checks the properties the brief asks of crates.csv
// at a small scale, against an independent reading of the file.
func TestReadmeProperties(t *testing.T) {
	o := Options{Seed: 3, Scale: 0.01}
	var b bytes.Buffer
	exp, err := WriteCratesCSV(&b, o)
	if err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	recs := readCSV(t, "crates.csv", raw)
	ri, ii := -1, -1
	for i, c := range recs[0] {
		switch c {
		case "readme":
			ri = i
		case "id":
			ii = i
		}
	}
	total := int64(len(recs) - 1)
	if total != exp.Total || total != int64(scaled(CratesAtScale1, o.Scale, 1)) {
		t.Fatalf("rows %d, Expected.Total %d", total, exp.Total)
	}
	if share := float64(exp.Null) / float64(total); share < 0.2 || share > 0.32 {
		t.Errorf("NULL share %.3f, want about a quarter", share)
	}
	if exp.Empty == 0 {
		t.Error("no empty-string README")
	}
	// NULL is ,, and "" is ,"", in the raw bytes: count the quoted empties
	// the way a PostgreSQL-aware tokenizer would, by the position of readme.
	if got := countRawEmpty(t, raw, ri); got != [2]int64{exp.Null, exp.Empty} {
		t.Errorf("raw NULL/empty = %v, Expected says %d/%d", got, exp.Null, exp.Empty)
	}
	if share := exp.Percent; share < 45 || share > 65 {
		t.Errorf("match share %.2f%%, want about 50-60%%", share)
	}
	if !bytes.Contains(raw, []byte("\r\n")) {
		t.Error("no CRLF inside a field")
	}
	ascii := regexp.MustCompile(`(?i)(blazing|[0-9]+)`)
	goRe := regexp.MustCompile(GoPattern)
	word := regexp.MustCompile(`(?i)blazing`)
	var unicodeOnly, blazingOnly, none, big, nearMiss, notDigit, ids int64
	sortedIDs := true
	prev := ""
	for _, r := range recs[1:] {
		v := r[ri]
		if len(v) > 256<<10 {
			big++
		}
		if prev != "" && len(prev) == len(r[ii]) && prev > r[ii] {
			sortedIDs = false
		}
		prev = r[ii]
		ids++
		m, a := goRe.MatchString(v), ascii.MatchString(v)
		switch {
		case m && !a:
			unicodeOnly++
		case !m:
			if v != "" {
				none++
			}
			for _, nm := range nearMisses {
				if strings.Contains(v, nm) {
					nearMiss++
				}
			}
			for _, nd := range notDigitPhrases {
				if strings.Contains(v, nd) {
					notDigit++
				}
			}
		case word.MatchString(v) && !strings.ContainsFunc(v, unicode.IsDigit):
			blazingOnly++
		}
	}
	if unicodeOnly != exp.Readmes.UnicodeOnly || unicodeOnly == 0 {
		t.Errorf("%d READMEs match only through non-ASCII digits, generator built %d", unicodeOnly, exp.Readmes.UnicodeOnly)
	}
	if blazingOnly != exp.Readmes.BlazingOnly || blazingOnly == 0 {
		t.Errorf("%d READMEs match only through the word, generator built %d", blazingOnly, exp.Readmes.BlazingOnly)
	}
	if none != exp.Readmes.Plain {
		t.Errorf("%d non-empty READMEs do not match, generator built %d plain ones", none, exp.Readmes.Plain)
	}
	if nearMiss == 0 || notDigit == 0 {
		t.Errorf("near misses %d, superscript/Roman phrases %d: want some of each", nearMiss, notDigit)
	}
	if big == 0 || exp.Readmes.Over256KiB == 0 {
		t.Error("no README over 256 KiB")
	}
	if sortedIDs {
		t.Error("rows are sorted by id; a heap-order dump is not")
	}
	if exp.Readmes.CRLF == 0 {
		t.Error("no CRLF README")
	}
}

// countRawEmpty tokenizes PostgreSQL CSV itself to tell NULL from "".
func countRawEmpty(t *testing.T, b []byte, col int) (n [2]int64) {
	t.Helper()
	_, b, _ = bytes.Cut(b, []byte("\n"))
	field, start := 0, true
	for i := 0; i < len(b); i++ {
		c := b[i]
		if start && field == col {
			if c == ',' || c == '\n' {
				n[0]++
			} else if c == '"' && i+1 < len(b) && b[i+1] == '"' && i+2 < len(b) && (b[i+2] == ',' || b[i+2] == '\n') {
				n[1]++
			}
		}
		start = false
		switch c {
		case '"':
			for i++; i < len(b); i++ {
				if b[i] == '"' {
					if i+1 < len(b) && b[i+1] == '"' {
						i++
						continue
					}
					break
				}
			}
		case ',':
			field++
			start = true
		case '\n':
			field = 0
			start = true
		}
	}
	return n
}

// TestCratesEndOffset checks that the leading CratesCSVEndOffset bytes of
// db-dump.tar.gz decompress to a tar stream holding all of crates.csv, and
// that this prefix is a small share of the file.
func TestCratesEndOffset(t *testing.T) {
	d := cached(t, small)
	off := d.exp.CratesCSVEndOffset
	if off <= 0 || off >= int64(len(d.tar)) {
		t.Fatalf("offset %d of %d", off, len(d.tar))
	}
	prefix := d.tar[10:off]
	raw, err := io.ReadAll(flateReader(prefix))
	if err == nil {
		t.Fatal("a truncated stream decoded without error")
	}
	// raw holds everything up to the end of crates.csv's data.
	i := bytes.Index(raw, d.csv[:200])
	if i < 0 || !bytes.Equal(raw[i:], d.csv) {
		t.Fatalf("prefix of %d compressed bytes does not end with all of crates.csv (got %d raw bytes)", off, len(raw))
	}
	// The offset is the end of a sync flush: the empty stored block that
	// ends it is 4 to 5 bytes long. Without it and the last data bytes the
	// end of crates.csv is missing, so the offset is tight up to the marker.
	raw2, _ := io.ReadAll(flateReader(d.tar[10 : off-6]))
	if bytes.HasSuffix(raw2, d.csv[len(d.csv)-100:]) {
		t.Error("offset-6 already holds all of crates.csv: offset not tight")
	}
	if share := float64(off) / float64(len(d.tar)); share > 1.0/3 {
		t.Errorf("crates.csv ends at %.0f%% of db-dump.tar.gz, want well under a third", 100*share)
	}
}

func TestGenerateFiles(t *testing.T) {
	dir := t.TempDir()
	exp, err := Generate(dir, small)
	if err != nil {
		t.Fatal(err)
	}
	d := cached(t, small)
	for f, want := range map[Form][]byte{FormCratesCSV: d.csv, FormCratesCSVGz: d.csvGz, FormTarGz: d.tar, FormZip: d.zp} {
		got, err := os.ReadFile(filepath.Join(dir, string(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from WriteForms' output (%v)", f, err)
		}
	}
	js, err := os.ReadFile(filepath.Join(dir, ExpectedFile))
	if err != nil {
		t.Fatal(err)
	}
	var back Expected
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if back.Matched != exp.Matched || back.Total != exp.Total || back.Rows["versions"] != exp.Rows["versions"] {
		t.Errorf("expected.json %+v, returned %+v", back, exp)
	}
	// The slow path over the file as written gives the same answer.
	f, _ := os.Open(filepath.Join(dir, string(FormCratesCSV)))
	defer f.Close()
	c, err := SlowCount(f, "readme", GoPattern)
	if err != nil || c.Matched != exp.Matched || c.Total != exp.Total || c.Empty != exp.Null+exp.Empty {
		t.Errorf("SlowCount(file) = %+v, %v; expected %d/%d", c, err, exp.Matched, exp.Total)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 5 {
		t.Errorf("dir holds %d files, want 4 forms + expected.json (no temporaries)", len(ents))
	}
	// Only some forms.
	dir2 := t.TempDir()
	if _, err := Generate(dir2, small, FormZip); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir2); len(ents) != 2 {
		t.Errorf("Generate(zip only) wrote %d files", len(ents))
	}
}

func TestExtraColumn(t *testing.T) {
	o := small
	o.ExtraColumn = "last_scanned"
	var b bytes.Buffer
	exp, err := WriteCratesCSV(&b, o)
	if err != nil {
		t.Fatal(err)
	}
	h, _, _ := strings.Cut(b.String(), "\n")
	if h != "created_at,description,documentation,homepage,id,last_scanned,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at" {
		t.Errorf("header %q", h)
	}
	base := cached(t, small).exp
	if exp.Matched != base.Matched || exp.Total != base.Total {
		t.Errorf("extra column changed the answer: %d/%d vs %d/%d", exp.Matched, exp.Total, base.Matched, base.Total)
	}
	readCSV(t, "crates.csv", b.Bytes())
	for _, bad := range []string{"readme", "Bad", "1x", "a-b", ""} {
		o.ExtraColumn = bad
		if bad == "" {
			continue
		}
		if _, err := WriteCratesCSV(io.Discard, o); err == nil {
			t.Errorf("ExtraColumn %q accepted", bad)
		}
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Options{{Scale: 0}, {Scale: -1}, {Scale: MaxScale + 1}, {Scale: 1, Schema: "2019"}} {
		if _, err := WriteCratesCSV(io.Discard, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if _, err := Generate(t.TempDir(), small, "db-dump.tar.xz"); err == nil {
		t.Error("unknown form accepted")
	}
}

func TestTinyScale(t *testing.T) {
	var b bytes.Buffer
	exp, err := WriteTarGz(&b, Options{Scale: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	if exp.Total != 1 {
		t.Errorf("tiny scale: %d crates, want 1", exp.Total)
	}
	readTarGz(t, b.Bytes())
}

// failWriter fails once more than n bytes were written.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n -= len(p)
	if f.n < 0 {
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

// TestWriterErrors checks that a failing output stops the generation with
// an error naming the file (no hang, no panic), for every form.
func TestWriterErrors(t *testing.T) {
	for _, f := range AllForms {
		for _, n := range []int{0, 50000} {
			_, err := WriteForms(Options{Seed: 1, Scale: 0.001}, map[Form]io.Writer{f: &failWriter{n: n}})
			if err == nil {
				t.Errorf("%s failing after %d bytes: no error", f, n)
			} else if !errors.Is(err, io.ErrShortWrite) || !strings.Contains(err.Error(), string(f)) {
				t.Errorf("%s: error %q does not name the file or lost its cause", f, err)
			}
		}
	}
	// Generate into a path that is a file: an error, and nothing left behind.
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o644)
	if _, err := Generate(filepath.Join(file, "sub"), small); err == nil {
		t.Error("Generate under a regular file succeeded")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d entries left in %s", len(ents), dir)
	}
}
