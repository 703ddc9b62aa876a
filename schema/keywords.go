package schema

// keywords.csv: columns unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD); created_at became
// timestamptz with 11b1c18ab310 (2025-02-18).
var keywords = &Table{
	Name: "keywords",
	Doc:  "One row per keyword used by some crate's Cargo.toml.",
	Columns: []Column{
		{Name: "crates_cnt", Type: int32T, PGType: "int4",
			Doc: "The number of crates with the keyword, as crates.io maintains it."},
		{Name: "created_at", Type: tsT, PGType: "timestamptz",
			Doc: "When the keyword was first used."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The keyword's id, referenced by crates_keywords.keyword_id."},
		{Name: "keyword", Type: textType, PGType: "text",
			Doc: "The keyword itself, such as \"cli\"."},
	},
}
