package schema

// metadata.csv: unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD). Not to be confused with the
// dump's metadata.json (timestamp, crates_io_commit), which is not a table.
var metadata = &Table{
	Name: "metadata",
	Doc:  "A single row of registry-wide figures.",
	Columns: []Column{
		{Name: "total_downloads", Type: int64T, PGType: "int8",
			Doc: "The number of downloads of every crate on crates.io, all time."},
	},
}
