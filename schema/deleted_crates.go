package schema

// deleted_crates.csv: the table exists since c89f7cefa (2024-11-15) and became public with 51bfb1cadc55
// (2026-01-27, PR #12803); read at 57fa000662f5 (HEAD).
var deletedCrates = &Table{
	Name:  "deleted_crates",
	Doc:   "One row per crate its owners deleted.",
	Since: "2026-01-27",
	Columns: []Column{
		{Name: "available_at", Type: tsT, PGType: "timestamptz", Since: "2026-01-27",
			Doc: "When the name may be taken again by a new crate."},
		{Name: "created_at", Type: tsT, PGType: "timestamptz", Since: "2026-01-27",
			Doc: "When the deleted crate had been created."},
		{Name: "deleted_at", Type: tsT, PGType: "timestamptz", Since: "2026-01-27",
			Doc: "When the crate was deleted."},
		{Name: "deleted_by", Type: int32T, Nullable: true, PGType: "int4", Since: "2026-01-27",
			Doc: "The user (users.id) who deleted the crate, or NULL if that account is gone."},
		{Name: "id", Type: int32T, PGType: "int4", Since: "2026-01-27",
			Doc: "The row's id (not the deleted crate's crates.id)."},
		{Name: "message", Type: textType, Nullable: true, PGType: "varchar", Since: "2026-01-27",
			Doc: "What the deleting user wrote, or NULL."},
		{Name: "name", Type: textType, PGType: "varchar", Since: "2026-01-27",
			Doc: "The deleted crate's name."},
	},
}
