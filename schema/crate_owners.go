package schema

// crate_owners.csv: columns unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD); rows marked
// deleted are filtered out of the dump. created_at became timestamptz with 11b1c18ab310 (2025-02-18).
// owner_kind is crates.io's OwnerKind (crates/crates_io_database/src/models/owner.rs): User = 0, Team = 1. It
// stays an int32, as stored: a dictionary would lose a kind added later.
var crateOwners = &Table{
	Name: "crate_owners",
	Doc:  "One row per owner of a crate, a user or a team.",
	Columns: []Column{
		{Name: "crate_id", Type: int32T, PGType: "int4",
			Doc: "The crate (crates.id)."},
		{Name: "created_at", Type: tsT, PGType: "timestamptz",
			Doc: "When the owner was added."},
		{Name: "created_by", Type: int32T, Nullable: true, PGType: "int4",
			Doc: "The user (users.id) who added the owner, or NULL."},
		{Name: "owner_id", Type: int32T, PGType: "int4",
			Doc: "The owner: users.id when owner_kind is 0, teams.id when it is 1."},
		{Name: "owner_kind", Type: int32T, PGType: "int4",
			Doc: "0 for a user and 1 for a team (crates.io's OwnerKind enum, stored as int4)."},
	},
}
