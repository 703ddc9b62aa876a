package schema

// badges.csv: in the dump until 090ba99fb21d (2024-02-20) dropped the table; read at 436b23159f20 (2020-12-31)
// and 0076796c5ba0 (2023-11-02). attributes is jsonb, kept as the text PostgreSQL prints.
var badges = &Table{
	Name:  "badges",
	Doc:   "One row per badge a crate declared in its Cargo.toml [badges] section (CI status, maintenance status).",
	Until: "2024-02-20",
	Columns: []Column{
		{Name: "attributes", Type: textType, PGType: "jsonb", Until: "2024-02-20",
			Doc: "The badge's settings as PostgreSQL prints jsonb, such as {\"repository\": \"o/r\", \"branch\": \"main\"}."},
		{Name: "badge_type", Type: textType, PGType: "varchar", Until: "2024-02-20",
			Doc: "The kind of badge, such as travis-ci, codecov or maintenance."},
		{Name: "crate_id", Type: int32T, PGType: "int4", Until: "2024-02-20",
			Doc: "The crate (crates.id)."},
	},
}
