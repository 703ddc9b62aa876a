package schema

// crate_downloads.csv: added to the dump by a35bfa9ef342 (2024-03-05), when crates.downloads moved here
// (crates.downloads left the dump with 0371322fcc28, 2024-04-12). Read at 57fa000662f5 (HEAD).
var crateDownloads = &Table{
	Name:  "crate_downloads",
	Doc:   "One row per crate: its all-time download count.",
	Since: "2024-03-05",
	Columns: []Column{
		{Name: "crate_id", Type: int32T, PGType: "int4", Since: "2024-03-05",
			Doc: "The crate (crates.id)."},
		{Name: "downloads", Type: int64T, PGType: "int8", Since: "2024-03-05",
			Doc: "The total number of downloads of all the crate's versions."},
	},
}
