package schema

// crates_categories.csv: unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD).
var cratesCategories = &Table{
	Name: "crates_categories",
	Doc:  "One row per (crate, category) pair: the categories each crate declares.",
	Columns: []Column{
		{Name: "category_id", Type: int32T, PGType: "int4",
			Doc: "The category (categories.id)."},
		{Name: "crate_id", Type: int32T, PGType: "int4",
			Doc: "The crate (crates.id)."},
	},
}
