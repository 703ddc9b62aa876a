package schema

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// A snapshot is what testdata/history.txt records after one crates.io commit: every public column of the dump
// with its Diesel SQL type.
type snapshot struct {
	date, commit string
	types        map[string]string // "table.column" -> Diesel type, such as Nullable<Int4>
}

func readHistory(t *testing.T) []snapshot {
	t.Helper()
	f, err := os.Open("testdata/history.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []snapshot
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
		case strings.HasPrefix(s, "= "):
			w := strings.Fields(s)
			if len(w) != 3 {
				t.Fatalf("history.txt:%d: %q", line, s)
			}
			out = append(out, snapshot{date: w[1], commit: w[2], types: map[string]string{}})
		default:
			w := strings.Fields(s)
			if len(w) != 3 || len(out) == 0 {
				t.Fatalf("history.txt:%d: %q", line, s)
			}
			out[len(out)-1].types[w[0]+"."+w[1]] = w[2]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("history.txt holds %d snapshots", len(out))
	}
	return out
}

// gaps lists the times a column was in the dump outside its [Since, Until) window: versions.num_no_build was
// public for two days in 2024-10 before it came back for good on 2024-11-29.
var gaps = map[string][2]string{"versions.num_no_build": {"2024-10-27", "2024-10-29"}}

// publicAt returns the "table.column" names the package says the dump had on day.
func publicAt(day time.Time) []string {
	var out []string
	for _, tb := range tables {
		for _, c := range tb.At(day) {
			out = append(out, tb.Name+"."+c.Name)
		}
	}
	d := day.Format(DateLayout)
	for name, g := range gaps {
		if g[0] <= d && d < g[1] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestHistory checks every table and column against what crates.io's dump-db.toml and schema.rs said at each
// main-branch commit that changed them (testdata/history.txt): the columns of the dump on each change date and
// on the day before, each column's nullability (Nullable<> at any time it was public), its PostgreSQL type
// (the last one while public) and so its Arrow type, and each table's window.
func TestHistory(t *testing.T) {
	snaps := readHistory(t)
	// The columns on each date are those after the date's last commit; on the day before, those of the
	// previous date.
	for i, s := range snaps {
		if i+1 < len(snaps) && snaps[i+1].date == s.date {
			continue
		}
		day, err := time.Parse(DateLayout, s.date)
		if err != nil {
			t.Fatal(err)
		}
		want := keys(s.types)
		if got := publicAt(day); !slices.Equal(got, want) {
			t.Errorf("columns on %s (after %.12s):\n got %v\nwant %v", s.date, s.commit, diff(got, want), diff(want, got))
		}
		if i+1 < len(snaps) {
			next, _ := time.Parse(DateLayout, snaps[i+1].date)
			if got := publicAt(next.AddDate(0, 0, -1)); !slices.Equal(got, want) {
				t.Errorf("columns on the day before %s:\n got %v\nwant %v", snaps[i+1].date, diff(got, want), diff(want, got))
			}
		}
	}
	// The state of the last snapshot is the current dump.
	last := snaps[len(snaps)-1]
	if got, want := publicAt(time.Now()), keys(last.types); !slices.Equal(got, want) {
		t.Errorf("columns today:\n got extra %v\n missing %v", diff(got, want), diff(want, got))
	}

	// Nullability and types, column by column.
	for _, tb := range tables {
		inHistory := false
		for _, c := range tb.Columns {
			name := tb.Name + "." + c.Name
			nullable, lastType := false, ""
			for _, s := range snaps {
				if ty, ok := s.types[name]; ok {
					nullable = nullable || strings.HasPrefix(ty, "Nullable<")
					lastType = ty
				}
			}
			if lastType == "" {
				t.Errorf("%s is not in any snapshot of history.txt", name)
				continue
			}
			inHistory = true
			if c.Nullable != nullable {
				t.Errorf("%s: Nullable = %v, but crates.io's schema.rs says %v while it was public", name, c.Nullable, nullable)
			}
			if pg := pgName(lastType); c.PGType != pg {
				t.Errorf("%s: PGType %q, but schema.rs last said %s (%q)", name, c.PGType, lastType, pg)
			}
		}
		if !inHistory {
			t.Errorf("table %s is not in history.txt", tb.Name)
		}
		// A table is in the dump exactly while one of its columns is.
		for _, s := range snaps {
			day, _ := time.Parse(DateLayout, s.date)
			has := false
			for k := range s.types {
				has = has || strings.HasPrefix(k, tb.Name+".")
			}
			if lastOfDate(snaps, s) && has != tb.In(day) {
				t.Errorf("table %s on %s: In = %v, history says %v", tb.Name, s.date, tb.In(day), has)
			}
		}
	}
	// Every table of the history is in the package.
	for _, k := range keys(last.types) {
		if _, ok := Lookup(strings.SplitN(k, ".", 2)[0]); !ok {
			t.Errorf("history has %s, the package has no such table", k)
		}
	}
}

func lastOfDate(snaps []snapshot, s snapshot) bool {
	for i := len(snaps) - 1; i >= 0; i-- {
		if snaps[i].date == s.date {
			return snaps[i].commit == s.commit
		}
	}
	return false
}

// diff returns the elements of a that are not in b.
func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// pgName turns a Diesel SQL type into the PostgreSQL type name the package uses in Column.PGType.
func pgName(diesel string) string {
	d := diesel
	if inner, ok := strings.CutPrefix(d, "Nullable<"); ok {
		d = strings.TrimSuffix(inner, ">")
	}
	if strings.HasPrefix(d, "Array<") && strings.TrimRight(strings.TrimPrefix(strings.TrimPrefix(d, "Array<"), "Nullable<"), ">") == "Text" {
		return "text[]" // text[], with or without NULL elements
	}
	switch d {
	case "Bpchar":
		return "char(64)" // the only character(n) column, versions.checksum
	case "Int2", "Int4", "Int8", "Bool", "Date", "Timestamp", "Timestamptz", "Varchar", "Text", "Jsonb", "Tsvector",
		"Ltree", "Bytea":
		return strings.ToLower(d)
	}
	return "unmapped " + diesel
}
