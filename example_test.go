// The examples run on the sample dump built into blaze (blaze.SampleName). Their answers were checked
// against DuckDB, running the same queries in SQL over the Parquet files of `blaze convert --sample`.
package blaze_test

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/blazetools/blaze"
	"github.com/blazetools/blaze/scan"
)

// The talk's question: what share of crates say "blazing", or any number, in their README?
func ExampleCount() {
	res, err := blaze.Count(context.Background(), blaze.SampleName, blaze.CountOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f%%: %d of %d crates (%d without a README)\n", res.Percent, res.Matched, res.Total, res.Null+res.Empty)
	// Output: 53.52%: 350 of 654 crates (187 without a README)
}

// The same question through the library: stream the crates table's readme column as Arrow batches and run
// the matcher over each.
func ExampleLoader_talk() {
	m, err := scan.Compile(scan.DefaultPattern, scan.Options{})
	if err != nil {
		log.Fatal(err)
	}
	var counts scan.Counts
	l := blaze.Loader{}
	l.Table("crates", func(rec arrow.RecordBatch) error {
		c, err := scan.CountColumn(m, rec.Column(0))
		counts = counts.Add(c)
		return err
	}, "readme")
	if _, err := l.Load(context.Background(), blaze.SampleName); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f%%\n", 100*float64(counts.Matched)/float64(counts.Total))
	// Output: 53.52%
}

// The most depended-on crates: for each crate's default version, its direct dependencies, counted once per
// (version, crate) edge. A port of dtolnay/db-dump's top-crates example.
func ExampleLoader_topCrates() {
	names := map[int32]string{}
	defaultVersion := map[int32]bool{} // version ids that are some crate's default version
	type edge struct{ version, crate int32 }
	seen := map[edge]bool{}
	dependents := map[int32]int{}

	l := blaze.Loader{}
	l.Table("crates", func(rec arrow.RecordBatch) error {
		ids, ns := rec.Column(0).(*array.Int32), rec.Column(1).(*array.StringView)
		for i := range ids.Len() {
			names[ids.Value(i)] = ns.Value(i)
		}
		return nil
	}, "id", "name")
	l.Table("default_versions", func(rec arrow.RecordBatch) error {
		vs := rec.Column(0).(*array.Int32)
		for i := range vs.Len() {
			defaultVersion[vs.Value(i)] = true
		}
		return nil
	}, "version_id")
	l.Table("dependencies", func(rec arrow.RecordBatch) error {
		vs, cs := rec.Column(0).(*array.Int32), rec.Column(1).(*array.Int32)
		for i := range vs.Len() {
			e := edge{vs.Value(i), cs.Value(i)}
			if defaultVersion[e.version] && !seen[e] {
				seen[e] = true
				dependents[e.crate]++
			}
		}
		return nil
	}, "version_id", "crate_id")
	if _, err := l.Load(context.Background(), blaze.SampleName); err != nil {
		log.Fatal(err)
	}

	type top struct {
		name string
		n    int
	}
	var tops []top
	for id, n := range dependents {
		tops = append(tops, top{names[id], n})
	}
	slices.SortFunc(tops, func(a, b top) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.name, b.name)) })
	for i, t := range tops[:5] {
		fmt.Printf("%d. %s: %d\n", i+1, t.name, t.n)
	}
	// Output:
	// 1. alloc: 207
	// 2. axum: 86
	// 3. bit: 58
	// 4. db: 44
	// 5. chrono: 42
}

// Total downloads per day, from version_downloads. A port of dtolnay/db-dump's total-downloads example.
func ExampleLoader_downloadsPerDay() {
	perDay := map[arrow.Date32]int64{}
	l := blaze.Loader{}
	l.Table("version_downloads", func(rec arrow.RecordBatch) error {
		days, dl := rec.Column(0).(*array.Date32), rec.Column(1).(*array.Int32)
		for i := range days.Len() {
			perDay[days.Value(i)] += int64(dl.Value(i))
		}
		return nil
	}, "date", "downloads")
	if _, err := l.Load(context.Background(), blaze.SampleName); err != nil {
		log.Fatal(err)
	}
	days := make([]arrow.Date32, 0, len(perDay))
	for d := range perDay {
		days = append(days, d)
	}
	slices.Sort(days)
	for _, d := range days[len(days)-3:] {
		fmt.Printf("%s %d\n", d.FormattedString(), perDay[d])
	}
	// Output:
	// 2026-11-18 1686080
	// 2026-11-19 1877639
	// 2026-11-20 2133056
}

// The share of crates whose default version depends directly on a crate owned by one user. A port of
// dtolnay/db-dump's user-dependencies example.
func ExampleLoader_userDependencies() {
	const login = "bob"
	var user int32 = -1
	owned := map[int32]bool{}         // crates the user owns
	defaultOf := map[int32]int32{}    // version id -> its crate, for default versions
	dependsOnUser := map[int32]bool{} // crates whose default version depends on one of the user's
	l := blaze.Loader{}
	l.Table("users", func(rec arrow.RecordBatch) error {
		ids, logins := rec.Column(0).(*array.Int32), rec.Column(1).(*array.StringView)
		for i := range ids.Len() {
			if logins.Value(i) == login {
				user = ids.Value(i)
			}
		}
		return nil
	}, "id", "gh_login")
	l.Table("crate_owners", func(rec arrow.RecordBatch) error {
		crates, owners, kinds := rec.Column(0).(*array.Int32), rec.Column(1).(*array.Int32), rec.Column(2).(*array.Int32)
		for i := range crates.Len() {
			if kinds.Value(i) == 0 && owners.Value(i) == user { // owner_kind 0: a user, 1: a team
				owned[crates.Value(i)] = true
			}
		}
		return nil
	}, "crate_id", "owner_id", "owner_kind")
	l.Table("default_versions", func(rec arrow.RecordBatch) error {
		crates, versions := rec.Column(0).(*array.Int32), rec.Column(1).(*array.Int32)
		for i := range crates.Len() {
			defaultOf[versions.Value(i)] = crates.Value(i)
		}
		return nil
	}, "crate_id", "version_id")
	l.Table("dependencies", func(rec arrow.RecordBatch) error {
		versions, deps := rec.Column(0).(*array.Int32), rec.Column(1).(*array.Int32)
		for i := range versions.Len() {
			if crate, ok := defaultOf[versions.Value(i)]; ok && owned[deps.Value(i)] {
				dependsOnUser[crate] = true
			}
		}
		return nil
	}, "version_id", "crate_id")
	if _, err := l.Load(context.Background(), blaze.SampleName); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s owns %d crates; %d of %d crates (%.1f%%) depend directly on one of them\n", login, len(owned),
		len(dependsOnUser), len(defaultOf), 100*float64(len(dependsOnUser))/float64(len(defaultOf)))
	// Output: bob owns 3 crates; 9 of 654 crates (1.4%) depend directly on one of them
}

// Reading a dump table by table, as a sequence of Arrow record readers.
func ExampleOpen() {
	d, err := blaze.Open(context.Background(), blaze.SampleName, blaze.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	for {
		t, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		if t.Name != "keywords" {
			continue // not read: Next skips it
		}
		r, err := t.Read(context.Background(), blaze.ReadOptions{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Schema().Field(0).Name, r.Schema().Field(0).Type)
		rows := 0
		for r.Next() {
			rows += int(r.RecordBatch().NumRows())
		}
		r.Release()
		fmt.Println(t.Name, rows, "rows; dump of", d.Metadata().Timestamp.Format("2006-01-02"))
	}
	// Output:
	// crates_cnt int32
	// keywords 104 rows; dump of 2026-11-21
}
