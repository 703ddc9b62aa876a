package schema

// version_authors.csv: in the dump until cd37d9d524d4 (2021-05-12, PR #3549 "Remove version_authors and clean
// up old data") removed the table; read at 436b23159f20 (2020-12-31).
var versionAuthors = &Table{
	Name:  "version_authors",
	Doc:   "One row per author listed in a published version's Cargo.toml.",
	Until: "2021-05-12",
	Columns: []Column{
		{Name: "id", Type: int32T, PGType: "int4", Until: "2021-05-12",
			Doc: "The row's id."},
		{Name: "name", Type: textType, PGType: "varchar", Until: "2021-05-12",
			Doc: "The author as written in Cargo.toml, such as \"Jane Doe <jane@example.com>\"."},
		{Name: "version_id", Type: int32T, PGType: "int4", Until: "2021-05-12",
			Doc: "The version (versions.id)."},
	},
}
