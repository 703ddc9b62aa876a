package ingest

import "strings"

// dumpTables lists the dump's tables in the order crates.io writes them
// (VisibilityConfig::topological_sort in crates_io_database_dump, 2026).
// A directory input yields its data/*.csv files in this order, then any
// other CSV files in name order.
var dumpTables = []string{
	"categories", "crate_downloads", "crates", "keywords", "metadata", "oauth_github",
	"reserved_crate_names", "reserved_usernames", "teams", "users", "crates_categories",
	"crates_keywords", "crate_owners", "deleted_crates", "versions", "default_versions",
	"dependencies", "version_downloads",
}

// dumpParts strips any leading "./" from an archive path and splits it at
// slashes.
func dumpParts(p string) []string {
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return strings.Split(p, "/")
}

// TableName returns the table a dump member holds: "crates" for
// "data/crates.csv" with or without one top folder before it (as in
// "2026-11-21-020013/data/crates.csv"). It returns "", false for any other
// path, including CSV files outside a data folder or nested deeper.
func TableName(path string) (string, bool) {
	parts := dumpParts(path)
	switch {
	case len(parts) == 3 && parts[0] != "":
		parts = parts[1:]
	case len(parts) != 2:
		return "", false
	}
	if parts[0] != "data" {
		return "", false
	}
	name, ok := strings.CutSuffix(parts[1], ".csv")
	if !ok || name == "" {
		return "", false
	}
	return name, true
}

// IsMetadata reports whether path is the dump's metadata.json, either at the
// root of the archive or inside its one top folder.
func IsMetadata(path string) bool {
	parts := dumpParts(path)
	switch len(parts) {
	case 1:
		return parts[0] == "metadata.json"
	case 2:
		return parts[0] != "" && parts[1] == "metadata.json"
	}
	return false
}
