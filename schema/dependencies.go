package schema

// dependencies.csv: read at 436b23159f20 (2020-12-31), f644d04488cd (2021-10-01) and 57fa000662f5 (HEAD).
// explicit_name came with 17fef4ce225c (2022-08-20). kind is crates.io's DependencyKind
// (crates/crates_io_database/src/models/dependency.rs): Normal = 0, Build = 1, Dev = 2; it stays an int32, as
// stored, so a kind added later still decodes. features is text[] printed as PostgreSQL does: {a,b,"c d"}.
var dependencies = &Table{
	Name: "dependencies",
	Doc:  "One row per dependency declared by a published version.",
	Columns: []Column{
		{Name: "crate_id", Type: int32T, PGType: "int4",
			Doc: "The crate depended on (crates.id), not the crate declaring the dependency (see version_id)."},
		{Name: "default_features", Type: boolT, PGType: "bool",
			Doc: "Whether the dependency's default features are enabled."},
		{Name: "explicit_name", Type: textType, Nullable: true, PGType: "varchar", Since: "2022-08-20",
			Doc: "The name the dependency is renamed to in Cargo.toml (package = ...), or NULL."},
		{Name: "features", Type: textType, PGType: "text[]",
			Doc: "The features enabled, as a PostgreSQL array literal such as {} or {derive,std}."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The dependency row's id."},
		{Name: "kind", Type: int32T, PGType: "int4",
			Doc: "0 for a normal dependency, 1 for a build dependency, 2 for a dev dependency (crates.io's DependencyKind)."},
		{Name: "optional", Type: boolT, PGType: "bool",
			Doc: "Whether the dependency is optional."},
		{Name: "req", Type: textType, PGType: "varchar",
			Doc: "The version requirement, such as ^1.0."},
		{Name: "target", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The target platform or cfg() expression the dependency is limited to, or NULL."},
		{Name: "version_id", Type: int32T, PGType: "int4",
			Doc: "The version declaring the dependency (versions.id)."},
	},
}
