package schema

// crates.csv: read at 436b23159f20 (2020-12-31), f644d04488cd (2021-10-01), 0076796c5ba0 (2023-11-02) and
// 57fa000662f5 (2026-08-21, HEAD). max_features came with 66c08b5e23e0 (2023-10-16), trustpub_only with
// da6c66d20ebc (2025-11-24). downloads left with 0371322fcc28 (2024-04-12), for crate_downloads.csv;
// textsearchable_index_col (the search index, a tsvector) with e421caa177f0 (2021-05-14). created_at and updated_at became timestamptz with 11b1c18ab310 (2025-02-18).
var crates = &Table{
	Name: "crates",
	Doc:  "One row per crate published on crates.io, with the metadata of its latest publish and its README.",
	Columns: []Column{
		{Name: "created_at", Type: tsT, PGType: "timestamptz",
			Doc: "When the crate was first published."},
		{Name: "description", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The description from the crate's Cargo.toml, or NULL."},
		{Name: "documentation", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The documentation URL from the crate's Cargo.toml, or NULL."},
		{Name: "downloads", Type: int32T, PGType: "int4", Until: "2024-04-12",
			Doc: "The crate's all-time download count; crate_downloads.csv has it since 2024-03."},
		{Name: "homepage", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The homepage URL from the crate's Cargo.toml, or NULL."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The crate's id, referenced as crate_id by the other tables."},
		{Name: "max_features", Type: int16T, Nullable: true, PGType: "int2", Since: "2023-10-16",
			Doc: "The most features a version of the crate may declare, where crates.io raised the limit for it, or NULL (the default limit)."},
		{Name: "max_upload_size", Type: int32T, Nullable: true, PGType: "int4",
			Doc: "The largest .crate file in bytes crates.io accepts for the crate, where it raised the limit, or NULL (the default limit)."},
		{Name: "name", Type: textType, PGType: "varchar",
			Doc: "The crate's name."},
		{Name: "readme", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The README of the latest publish as it was uploaded (Markdown or other text, up to MiBs), or NULL."},
		{Name: "repository", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The repository URL from the crate's Cargo.toml, or NULL."},
		{Name: "textsearchable_index_col", Type: textType, PGType: "tsvector", Until: "2021-05-14",
			Doc: "The crate's full-text search index as PostgreSQL prints a tsvector: 'lexeme':1A 'other':2,5."},
		{Name: "trustpub_only", Type: boolT, PGType: "bool", Since: "2025-11-24",
			Doc: "Whether the crate may only be published through Trusted Publishing, not with an API token."},
		{Name: "updated_at", Type: tsT, PGType: "timestamptz",
			Doc: "When the crate's row last changed (a publish, a yank, an owner's edit)."},
	},
}
