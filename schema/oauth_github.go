package schema

// oauth_github.csv: public since e3f44e1c05b1 (2026-06-11), read at 57fa000662f5 (HEAD). encrypted_token and
// last_sync stay private.
var oauthGithub = &Table{
	Name:  "oauth_github",
	Doc:   "One row per GitHub account linked to a crates.io user.",
	Since: "2026-06-11",
	Columns: []Column{
		{Name: "account_id", Type: int64T, PGType: "int8", Since: "2026-06-11",
			Doc: "The GitHub account's numeric id."},
		{Name: "avatar", Type: textType, Nullable: true, PGType: "varchar", Since: "2026-06-11",
			Doc: "The URL of the account's GitHub avatar, or NULL."},
		{Name: "login", Type: textType, PGType: "varchar", Since: "2026-06-11",
			Doc: "The GitHub user name."},
		{Name: "user_id", Type: int32T, PGType: "int4", Since: "2026-06-11",
			Doc: "The crates.io user (users.id)."},
	},
}
