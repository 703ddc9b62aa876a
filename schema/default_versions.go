package schema

// default_versions.csv: added by eeaae2f9e5a5 (2024-04-25); num_versions since af350970e6d3 (2025-02-10), read
// at 57fa000662f5 (HEAD), where it is still Nullable.
var defaultVersions = &Table{
	Name:  "default_versions",
	Doc:   "One row per crate: the version crates.io shows by default, and how many versions there are.",
	Since: "2024-04-25",
	Columns: []Column{
		{Name: "crate_id", Type: int32T, PGType: "int4", Since: "2024-04-25",
			Doc: "The crate (crates.id)."},
		{Name: "num_versions", Type: int32T, Nullable: true, PGType: "int4", Since: "2025-02-10",
			Doc: "The crate's number of versions, or NULL where crates.io has not computed it."},
		{Name: "version_id", Type: int32T, PGType: "int4", Since: "2024-04-25",
			Doc: "The default version (versions.id)."},
	},
}
