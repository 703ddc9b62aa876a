package schema

// teams.csv: columns unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD). org_id was Nullable
// until 659c1c82dd28 (2025-02-14), so older dumps may hold NULL there.
var teams = &Table{
	Name: "teams",
	Doc:  "One row per GitHub team that owns crates.",
	Columns: []Column{
		{Name: "avatar", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The URL of the team's GitHub avatar, or NULL."},
		{Name: "github_id", Type: int32T, PGType: "int4",
			Doc: "The team's numeric GitHub id (unique even when a team is recreated under the same name)."},
		{Name: "id", Type: int32T, PGType: "int4",
			Doc: "The team's id, referenced by crate_owners.owner_id where owner_kind is 1."},
		{Name: "login", Type: textType, PGType: "varchar",
			Doc: "The team's name as github:<org>:<team>."},
		{Name: "name", Type: textType, Nullable: true, PGType: "varchar",
			Doc: "The team's display name, or NULL."},
		{Name: "org_id", Type: int32T, Nullable: true, PGType: "int4",
			Doc: "The numeric GitHub id of the team's organization (NULL possible before 2025-02)."},
	},
}
