package schema

// users.csv: read at 436b23159f20 (2020-12-31) and 57fa000662f5 (HEAD). Only users who own a crate or
// published a version are dumped. username became public with feeb90b377d5 (2026-06-05) as a Nullable column
// and was made NOT NULL by 83b0580436a6 (2026-06-10); created_at came with 94ed9f8b3fb2 (2026-06-12);
// gh_avatar left with 41a83f323017 (2026-06-20), oauth_github.avatar replacing it.
var users = &Table{
	Name: "users",
	Doc:  "One row per crates.io account that owns a crate or published a version.",
	Columns: []Column{
		{Name: "created_at", Type: tsT, Nullable: true, PGType: "timestamptz", Since: "2026-06-12",
			Doc: "When the account was created, or NULL where crates.io does not know."},
		{Name: "gh_avatar", Type: textType, Nullable: true, PGType: "varchar", Until: "2026-06-20",
			Doc: "The URL of the account's GitHub avatar, or NULL; oauth_github.avatar has it since 2026-06."},
		{Name: "gh_id", Type: int32T, PGType: "int4",
			Doc: "The numeric id of the account's GitHub user."},
		{Name: "gh_login", Type: textType, PGType: "varchar",
			Doc: "The account's GitHub user name."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The user's id, referenced by crate_owners.owner_id (owner_kind 0), versions.published_by and others."},
		{Name: "name", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The user's display name, or NULL."},
		{Name: "username", Type: textType, Nullable: true, PGType: "varchar", Since: "2026-06-05",
			Doc: "The crates.io user name, independent of GitHub; NOT NULL since 2026-06-10, NULL possible in the dumps of the days before."},
	},
}
