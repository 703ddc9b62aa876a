package schema

// crates_keywords.csv: unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD).
var cratesKeywords = &Table{
	Name: "crates_keywords",
	Doc:  "One row per (crate, keyword) pair: the keywords each crate declares.",
	Columns: []Column{
		{Name: "crate_id", Type: int32T, PGType: "int4",
			Doc: "The crate (crates.id)."},
		{Name: "keyword_id", Type: int32T, PGType: "int4",
			Doc: "The keyword (keywords.id)."},
	},
}
