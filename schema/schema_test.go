package schema

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// allowedTypes are the Arrow types columnar.NewDecoder builds, with the PostgreSQL types that map to each.
var allowedTypes = []struct {
	typ arrow.DataType
	pg  []string
}{
	{arrow.PrimitiveTypes.Int16, []string{"int2"}},
	{arrow.PrimitiveTypes.Int32, []string{"int4"}},
	{arrow.PrimitiveTypes.Int64, []string{"int8"}},
	{arrow.FixedWidthTypes.Boolean, []string{"bool"}},
	{arrow.FixedWidthTypes.Date32, []string{"date"}},
	{&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, []string{"timestamp", "timestamptz"}},
	{arrow.BinaryTypes.StringView, []string{"text", "varchar", "char(64)", "text[]", "jsonb", "tsvector", "ltree", "bytea"}},
}

// TestTablesWellFormed checks the declarations: names, order, dates, types and docs.
func TestTablesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, tb := range Tables() {
		if seen[tb.Name] {
			t.Errorf("table %s declared twice", tb.Name)
		}
		seen[tb.Name] = true
		if tb.Doc == "" || !strings.HasSuffix(tb.Doc, ".") {
			t.Errorf("%s: Doc %q is not a sentence", tb.Name, tb.Doc)
		}
		checkWindow(t, tb.Name, tb.Since, tb.Until)
		if len(tb.Columns) == 0 {
			t.Errorf("%s: no columns", tb.Name)
		}
		// The dump writes columns in alphabetical order; the declarations follow it.
		if !slices.IsSortedFunc(tb.Columns, func(a, b Column) int { return strings.Compare(a.Name, b.Name) }) {
			t.Errorf("%s: columns not in alphabetical order: %v", tb.Name, names(tb.Columns))
		}
		for i, c := range tb.Columns {
			where := tb.Name + "." + c.Name
			if i > 0 && tb.Columns[i-1].Name == c.Name {
				t.Errorf("%s declared twice", where)
			}
			if c.Name == "" || strings.ContainsAny(c.Name, ", \"\n") {
				t.Errorf("%s: bad column name", where)
			}
			if c.Doc == "" || !strings.HasSuffix(c.Doc, ".") {
				t.Errorf("%s: Doc %q is not a sentence", where, c.Doc)
			}
			checkWindow(t, where, c.Since, c.Until)
			// A column exists only while its table does.
			if tb.Since != "" && (c.Since == "" || c.Since < tb.Since) {
				t.Errorf("%s: Since %q before the table's %q", where, c.Since, tb.Since)
			}
			if tb.Until != "" && (c.Until == "" || c.Until > tb.Until) {
				t.Errorf("%s: Until %q after the table's %q", where, c.Until, tb.Until)
			}
			ok := false
			for _, a := range allowedTypes {
				if arrow.TypeEqual(a.typ, c.Type) {
					ok = slices.Contains(a.pg, c.PGType)
					break
				}
			}
			if !ok {
				t.Errorf("%s: Arrow type %v with PostgreSQL type %q is not a mapping the package uses", where, c.Type, c.PGType)
			}
		}
	}
}

func checkWindow(t *testing.T, where, since, until string) {
	t.Helper()
	for _, d := range []string{since, until} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(DateLayout, d); err != nil {
			t.Errorf("%s: %v", where, err)
		}
	}
	if since != "" && until != "" && since >= until {
		t.Errorf("%s: Since %s not before Until %s", where, since, until)
	}
}

// TestTablesOrder checks Tables: the 2026 dump order (as facts from crates.io's dump_db test), then the
// tables that only older dumps have.
func TestTablesOrder(t *testing.T) {
	want2026 := []string{"categories", "crate_downloads", "crates", "keywords", "metadata", "oauth_github",
		"reserved_crate_names", "reserved_usernames", "teams", "users", "crates_categories", "crates_keywords",
		"crate_owners", "deleted_crates", "versions", "default_versions", "dependencies", "version_downloads"}
	wantOld := []string{"badges", "version_authors"}
	var got, current []string
	for _, tb := range Tables() {
		got = append(got, tb.Name)
		if tb.Until == "" {
			current = append(current, tb.Name)
		}
	}
	if !slices.Equal(got[:len(want2026)], want2026) {
		t.Errorf("Tables() starts with %v, want %v", got[:len(want2026)], want2026)
	}
	if !slices.Equal(current, want2026) {
		t.Errorf("tables without Until: %v, want %v", current, want2026)
	}
	if old := got[len(want2026):]; !slices.Equal(old, wantOld) {
		t.Errorf("tables after the 2026 ones: %v, want %v", old, wantOld)
	}
}

// TestLookupCopies checks that Lookup and Tables hand out copies.
func TestLookupCopies(t *testing.T) {
	for _, tb := range Tables() {
		got, ok := Lookup(tb.Name)
		if !ok || got.Name != tb.Name || len(got.Columns) != len(tb.Columns) {
			t.Fatalf("Lookup(%q) = %v, %v", tb.Name, got, ok)
		}
	}
	a, _ := Lookup("crates")
	a.Columns[0].Name = "changed"
	a.Name = "changed"
	b, _ := Lookup("crates")
	if b.Name != "crates" || b.Columns[0].Name != "created_at" {
		t.Fatalf("changing a looked-up Table changed the package's: %v", b.Columns[0])
	}
	Tables()[0].Columns[0].Name = "changed"
	if Tables()[0].Columns[0].Name == "changed" {
		t.Fatal("changing a Table from Tables() changed the package's")
	}
	for _, name := range []string{"", "crates.csv", "data/crates.csv", "CRATES", "api_tokens", "emails"} {
		if tb, ok := Lookup(name); ok || tb != nil {
			t.Errorf("Lookup(%q) = %v, %v, want nil, false", name, tb, ok)
		}
	}
}

func TestResolve(t *testing.T) {
	tb, _ := Lookup("crates")
	header := []string{"id", "name", "readme", "future_col", "trustpub_only", "max_features", "another"}
	fields, unknown, err := tb.Resolve(header, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(unknown, []string{"future_col", "another"}) {
		t.Errorf("unknown = %v", unknown)
	}
	want := []struct {
		typ      arrow.DataType
		nullable bool
		pg       string
	}{
		{arrow.PrimitiveTypes.Int32, false, "int4"},
		{arrow.BinaryTypes.StringView, false, "varchar"},
		{arrow.BinaryTypes.StringView, true, "varchar"},
		{arrow.BinaryTypes.StringView, true, ""},
		{arrow.FixedWidthTypes.Boolean, false, "bool"},
		{arrow.PrimitiveTypes.Int16, true, "int2"},
		{arrow.BinaryTypes.StringView, true, ""},
	}
	if len(fields) != len(header) {
		t.Fatalf("%d fields for %d names", len(fields), len(header))
	}
	for i, f := range fields {
		w := want[i]
		if f.Name != header[i] || !arrow.TypeEqual(f.Type, w.typ) || f.Nullable != w.nullable {
			t.Errorf("field %d = %v, want %s %v nullable=%v", i, f, header[i], w.typ, w.nullable)
		}
		pg, _ := f.Metadata.GetValue(PGTypeKey)
		doc, _ := f.Metadata.GetValue(DocKey)
		if pg != w.pg || (w.pg != "") != (doc != "") {
			t.Errorf("field %s metadata = %v, want pg_type %q and a doc for known columns", f.Name, f.Metadata, w.pg)
		}
	}

	// Strict: the first unknown name is an error naming the table, the column and its place.
	_, _, err = tb.Resolve(header, true)
	var he *HeaderError
	if !errors.As(err, &he) || !errors.Is(err, ErrUnknownColumn) || he.Table != "crates" || he.Column != "future_col" || he.Index != 3 {
		t.Fatalf("strict Resolve: err = %#v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `"future_col"`) || !strings.Contains(msg, "field 4") {
		t.Errorf("error message %q does not locate the column", msg)
	}

	// A subset of the columns (an older or newer dump), in any order, strictly.
	sub := []string{"updated_at", "id"}
	fields, unknown, err = tb.Resolve(sub, true)
	if err != nil || unknown != nil || len(fields) != 2 || fields[0].Name != "updated_at" || fields[1].Name != "id" {
		t.Errorf("Resolve(%v) = %v, %v, %v", sub, fields, unknown, err)
	}
	// Every table resolves its own full column list strictly, each field its column's.
	for _, tb := range Tables() {
		fields, unknown, err := tb.Resolve(names(tb.Columns), true)
		if err != nil || unknown != nil {
			t.Errorf("%s: Resolve of its own columns: %v, %v", tb.Name, unknown, err)
			continue
		}
		for i, f := range fields {
			c := tb.Columns[i]
			if !f.Equal(c.Field()) {
				t.Errorf("%s: field %v, want %v", tb.Name, f, c.Field())
			}
		}
	}
}

func TestResolveErrors(t *testing.T) {
	tb, _ := Lookup("users")
	cases := []struct {
		header      []string
		err         error
		column      string
		index, also int
	}{
		{nil, ErrEmptyHeader, "", -1, 0},
		{[]string{}, ErrEmptyHeader, "", -1, 0},
		{[]string{"id", "", "name"}, ErrEmptyColumnName, "", 1, 0},
		{[]string{"id", "name", "id"}, ErrDuplicateColumn, "id", 2, 0},
		{[]string{"x", "gh_id", "x"}, ErrDuplicateColumn, "x", 2, 0},
		{[]string{"gh_login", "y", "name", "y", "y"}, ErrDuplicateColumn, "y", 3, 1},
	}
	for _, c := range cases {
		for _, strict := range []bool{false, true} {
			fields, unknown, err := tb.Resolve(c.header, strict)
			var he *HeaderError
			if !errors.As(err, &he) || !errors.Is(err, c.err) {
				t.Errorf("Resolve(%q, %v): err = %v, want %v", c.header, strict, err, c.err)
				continue
			}
			if fields != nil || unknown != nil {
				t.Errorf("Resolve(%q): fields and unknown not nil on error", c.header)
			}
			if he.Table != "users" || he.Column != c.column || he.Index != c.index || (c.err == ErrDuplicateColumn && he.First != c.also) {
				t.Errorf("Resolve(%q): %#v", c.header, he)
			}
			if msg := err.Error(); he.Index >= 0 && !strings.HasPrefix(msg, fmt.Sprintf("header field %d ", he.Index+1)) {
				t.Errorf("Resolve(%q): message %q does not name the header field", c.header, msg)
			}
		}
	}
	// columnar.ParseHeader renames repeated names; the renamed ones are unknown columns.
	fields, unknown, err := tb.Resolve([]string{"id", "id_duplicated_0"}, false)
	if err != nil || !slices.Equal(unknown, []string{"id_duplicated_0"}) || len(fields) != 2 {
		t.Errorf("renamed duplicate: %v, %v, %v", fields, unknown, err)
	}
}

func TestUnknown(t *testing.T) {
	if got := Unknown("x", nil); len(got) != 0 {
		t.Errorf("Unknown(nil) = %v", got)
	}
	h := []string{"a", "b", "a", ""}
	got := Unknown("x", h)
	if len(got) != len(h) {
		t.Fatalf("got %d fields", len(got))
	}
	for i, f := range got {
		if f.Name != h[i] || !f.Nullable || !arrow.TypeEqual(f.Type, arrow.BinaryTypes.StringView) || f.HasMetadata() {
			t.Errorf("field %d = %v", i, f)
		}
	}
}

func TestAtAndIn(t *testing.T) {
	tb, _ := Lookup("crates")
	day := func(s string) time.Time {
		d, err := time.Parse(DateLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got := names(tb.At(day("2026-11-21"))); !slices.Equal(got, strings.Split(
		"created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at", ",")) {
		t.Errorf("crates in 2026: %v", got)
	}
	// Since is inclusive, Until exclusive; the time of day and zone do not matter beyond the UTC date.
	c, _ := tb.Column("trustpub_only")
	if c.In(day("2025-11-23")) || !c.In(day("2025-11-24")) {
		t.Errorf("trustpub_only window: Since %s", c.Since)
	}
	east := time.FixedZone("UTC+10", 10*3600)
	if c.In(time.Date(2025, 11, 24, 9, 0, 0, 0, east)) { // 2025-11-23 23:00 UTC
		t.Error("In does not compare UTC dates")
	}
	if _, ok := tb.Column("no_such_column"); ok {
		t.Error("Column found a column that does not exist")
	}
	cd, _ := Lookup("crate_downloads")
	if cd.In(day("2024-03-04")) || !cd.In(day("2024-03-05")) || len(cd.At(day("2023-01-01"))) != 0 {
		t.Error("crate_downloads window")
	}
}

// FuzzResolve checks Resolve's contract on arbitrary headers: it never panics; on success there is one field
// per name, in order, known names get their column's field and the others are nullable text listed in unknown;
// strict fails exactly when there is an unknown name.
func FuzzResolve(f *testing.F) {
	f.Add("crates", "id,name,readme")
	f.Add("versions", "id,,num")
	f.Add("users", "id,id")
	f.Add("nope", "a,b")
	f.Add("dependencies", "kind,features,target,extra")
	f.Fuzz(func(t *testing.T, table, header string) {
		tb, ok := Lookup(table)
		if !ok {
			tb, _ = Lookup("crates")
		}
		h := strings.Split(header, ",")
		fields, unknown, err := tb.Resolve(h, false)
		_, _, strictErr := tb.Resolve(h, true)
		if err != nil {
			if !errors.Is(strictErr, ErrEmptyColumnName) && !errors.Is(strictErr, ErrDuplicateColumn) {
				t.Fatalf("non-strict error %v but strict error %v", err, strictErr)
			}
			return
		}
		if len(fields) != len(h) {
			t.Fatalf("%d fields for %d names", len(fields), len(h))
		}
		var wantUnknown []string
		for i, name := range h {
			if c, ok := tb.Column(name); ok {
				if !fields[i].Equal(c.Field()) {
					t.Fatalf("field %d = %v, want %v", i, fields[i], c.Field())
				}
				continue
			}
			wantUnknown = append(wantUnknown, name)
			if fields[i].Name != name || !fields[i].Nullable || !arrow.TypeEqual(fields[i].Type, arrow.BinaryTypes.StringView) {
				t.Fatalf("unknown field %d = %v", i, fields[i])
			}
		}
		if !slices.Equal(unknown, wantUnknown) {
			t.Fatalf("unknown = %q, want %q", unknown, wantUnknown)
		}
		if (strictErr != nil) != (len(unknown) > 0) {
			t.Fatalf("strict error %v with unknown %q", strictErr, unknown)
		}
		if strictErr != nil && (!errors.Is(strictErr, ErrUnknownColumn) || strictErr.(*HeaderError).Column != unknown[0]) {
			t.Fatalf("strict error %v, want the first unknown %q", strictErr, unknown[0])
		}
	})
}

// TestPackageDocTable checks the table of tables in doc.go against the declarations.
func TestPackageDocTable(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(src), "\n") {
		if w := strings.Fields(strings.TrimPrefix(line, "//\t")); strings.HasPrefix(line, "//\t") && len(w) >= 3 && w[0] != "table" {
			rows = append(rows, w)
		}
	}
	all := Tables()
	if len(rows) != len(all) {
		t.Fatalf("doc.go lists %d tables, the package has %d", len(rows), len(all))
	}
	for i, tb := range all {
		w := rows[i]
		last := time.Now()
		if tb.Until != "" {
			last, _ = time.Parse(DateLayout, tb.Until)
			last = last.AddDate(0, 0, -1)
		}
		window := "always"
		switch {
		case tb.Since != "":
			window = "since " + tb.Since
		case tb.Until != "":
			window = "until " + tb.Until
		}
		got := strings.Join(w[2:4], " ")
		if w[2] == "always" {
			got = "always"
		}
		if w[0] != tb.Name || w[1] != strconv.Itoa(len(tb.At(last))) || got != window {
			t.Errorf("doc.go row %d = %v, want %s %d %s", i, w[:min(4, len(w))], tb.Name, len(tb.At(last)), window)
		}
	}
}
