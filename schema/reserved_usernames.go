package schema

// reserved_usernames.csv: public since 65d3acccf2c7 (2026-06-15), read at 57fa000662f5 (HEAD).
var reservedUsernames = &Table{
	Name:  "reserved_usernames",
	Doc:   "One row per name no crates.io account may take.",
	Since: "2026-06-15",
	Columns: []Column{
		{Name: "username", Type: textType, PGType: "text", Since: "2026-06-15",
			Doc: "The reserved name; crates.io matches it ignoring case and treating - and _ alike."},
	},
}
