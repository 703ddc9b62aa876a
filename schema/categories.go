package schema

// categories.csv: crates.io commits read: 436b23159f20 (2020-12-31) and 57fa000662f5 (2026-08-21, HEAD); the
// columns did not change in between. created_at was timestamp until 11b1c18ab310 (2025-02-18), timestamptz
// since. path is an ltree that crates.io's schema.patch hides from schema.rs; migration
// 2017-10-08-193512_category_trees makes it NOT NULL.
var categories = &Table{
	Name: "categories",
	Doc:  "One row per crates.io category, such as \"Command line utilities\" (command-line-utilities).",
	Columns: []Column{
		{Name: "category", Type: textType, PGType: "varchar",
			Doc: "The category's display name; subcategories are written \"Parent::Child\"."},
		{Name: "crates_cnt", Type: int32T, PGType: "int4",
			Doc: "The number of crates in the category, as crates.io maintains it."},
		{Name: "created_at", Type: tsT, PGType: "timestamptz",
			Doc: "When the category was created."},
		{Name: "description", Type: textType, PGType: "varchar",
			Doc: "The category's description (empty string when it has none)."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The category's id, referenced by crates_categories.category_id."},
		{Name: "path", Type: textType, PGType: "ltree",
			Doc: "The category's place in the tree as a PostgreSQL ltree label path, \"root.\" then the slug with - turned into _ and :: into ."},
		{Name: "slug", Type: textType, PGType: "varchar",
			Doc: "The category's URL name, such as \"command-line-utilities\" or \"parser-implementations\"."},
	},
}
