// Package schema describes every table of the crates.io database dump (db-dump.tar.gz, db-dump.zip) as typed
// Arrow columns, across the dumps of 2021 to 2026, and maps a CSV header to the Arrow fields to decode.
//
// Columns are matched by header name, never by position, so a dump with fewer columns (older) or more (newer)
// still loads: a column the package does not know is kept as a nullable string view and reported, unless
// Resolve is strict. A table it does not know at all gets Unknown's all-text fields.
//
// The tables, in the order the 2026 dump writes them, then those only older dumps have:
//
//	table                  columns  in the dump            one row per
//	categories                   7  always                 category
//	crate_downloads              2  since 2024-03-05       crate: all-time downloads
//	crates                      12  always                 crate, with its README
//	keywords                     4  always                 keyword
//	metadata                     1  always                 (one row) total downloads
//	oauth_github                 4  since 2026-06-11       linked GitHub account
//	reserved_crate_names         1  always                 reserved crate name
//	reserved_usernames           1  since 2026-06-15       reserved user name
//	teams                        6  always                 GitHub team owning crates
//	users                        6  always                 user owning or publishing crates
//	crates_categories            2  always                 (crate, category)
//	crates_keywords              2  always                 (crate, keyword)
//	crate_owners                 5  always                 (crate, owner)
//	deleted_crates               7  since 2026-01-27       deleted crate
//	versions                    26  always                 published version
//	default_versions             3  since 2024-04-25       crate: its default version
//	dependencies                10  always                 dependency of a version
//	version_downloads            3  always                 (version, day)
//	badges                       3  until 2024-02-20       badge of a crate
//	version_authors              3  until 2021-05-12       author of a version
//
// The column counts are those of the 2026 dump (of the last dump with the table, for the older ones);
// Table.Columns also lists the columns older dumps had, and Table.At the columns of the dump of a given day.
//
// Types follow crates.io's PostgreSQL schema: int2, int4 and int8 become int16, int32 and int64; bool becomes
// boolean; timestamp and timestamptz become timestamp[us, tz=UTC]; date becomes date32; text, varchar and
// everything without a clear scalar Arrow type (text[], jsonb, tsvector, ltree, bytea, char(64)) become string views holding the
// text as PostgreSQL prints it. Enumerations stored as int4 (dependencies.kind, crate_owners.owner_kind) stay
// int32; their values are in the column's Doc. A column is nullable when crates.io declared it Nullable<> in its
// Diesel schema at any time it was in the dump.
//
// The tables and their history were read from rust-lang/crates.io: dump-db.toml (which columns are public)
// and schema.rs (their types), at HEAD 57fa000662f5 (2026-08-21) and at every main-branch commit since
// 436b23159f20 (2020-12-31) that changed either; testdata/history.txt holds what was read and history.py
// regenerates it. Since and Until dates are those commits' dates.
package schema
