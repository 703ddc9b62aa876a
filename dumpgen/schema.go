package dumpgen

import (
	"fmt"
	"sort"
	"strings"
)

// Schema names accepted in Options.Schema.
const (
	// Schema2026 is the dump as crates.io writes it in 2026 (crates.io
	// commit 57fa000662f5, 2026-08-21): 18 tables, timestamps with +00.
	Schema2026 = "2026"
	// Schema2023 is the dump of late 2023 (commit 0076796c5ba0,
	// 2023-11-02): crates.csv still has downloads, max_features is new,
	// timestamps have no offset, badges.csv exists, and there are no
	// crate_downloads, default_versions, deleted_crates, oauth_github or
	// reserved_usernames tables.
	Schema2023 = "2023"
	// Schema2021 is the dump of late 2021 (commit f644d04488cd,
	// 2021-10-01): like 2023 without max_features, versions.checksum,
	// versions.links, versions.rust_version or dependencies.explicit_name.
	Schema2021 = "2021"
)

// tableDef is one data/<name>.csv file: its public columns in the order the
// dump writes them (alphabetical).
type tableDef struct {
	name string
	cols []string
}

func cols(s string) []string { return strings.Split(s, ",") }

// schemaTables returns the tables of a schema in dump order
// (VisibilityConfig::topological_sort at that time).
func schemaTables(schema string) ([]tableDef, error) {
	switch schema {
	case Schema2026:
		return []tableDef{
			{"categories", cols("category,crates_cnt,created_at,description,id,path,slug")},
			{"crate_downloads", cols("crate_id,downloads")},
			{"crates", cols("created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at")},
			{"keywords", cols("crates_cnt,created_at,id,keyword")},
			{"metadata", cols("total_downloads")},
			{"oauth_github", cols("account_id,avatar,login,user_id")},
			{"reserved_crate_names", cols("name")},
			{"reserved_usernames", cols("username")},
			{"teams", cols("avatar,github_id,id,login,name,org_id")},
			{"users", cols("created_at,gh_id,gh_login,id,name,username")},
			{"crates_categories", cols("category_id,crate_id")},
			{"crates_keywords", cols("crate_id,keyword_id")},
			{"crate_owners", cols("crate_id,created_at,created_by,owner_id,owner_kind")},
			{"deleted_crates", cols("available_at,created_at,deleted_at,deleted_by,id,message,name")},
			{"versions", cols("bin_names,categories,crate_id,crate_size,created_at,description,documentation,downloads,edition,features,has_lib,homepage,id,keywords,license,links,num,num_no_build,published_by,repository,rust_version,tar_sha256,updated_at,yanked,zip_json_sha256,zip_sha256")},
			{"default_versions", cols("crate_id,num_versions,version_id")},
			{"dependencies", cols("crate_id,default_features,explicit_name,features,id,kind,optional,req,target,version_id")},
			{"version_downloads", cols("date,downloads,version_id")},
		}, nil
	case Schema2023, Schema2021:
		t := []tableDef{
			{"categories", cols("category,crates_cnt,created_at,description,id,path,slug")},
			{"crates", cols("created_at,description,documentation,downloads,homepage,id,max_features,max_upload_size,name,readme,repository,updated_at")},
			{"keywords", cols("crates_cnt,created_at,id,keyword")},
			{"metadata", cols("total_downloads")},
			{"reserved_crate_names", cols("name")},
			{"teams", cols("avatar,github_id,id,login,name,org_id")},
			{"users", cols("gh_avatar,gh_id,gh_login,id,name")},
			{"badges", cols("attributes,badge_type,crate_id")},
			{"crates_categories", cols("category_id,crate_id")},
			{"crates_keywords", cols("crate_id,keyword_id")},
			{"crate_owners", cols("crate_id,created_at,created_by,owner_id,owner_kind")},
			{"versions", cols("checksum,crate_id,crate_size,created_at,downloads,features,id,license,links,num,published_by,rust_version,updated_at,yanked")},
			{"dependencies", cols("crate_id,default_features,explicit_name,features,id,kind,optional,req,target,version_id")},
			{"version_downloads", cols("date,downloads,version_id")},
		}
		if schema == Schema2021 {
			t[1].cols = cols("created_at,description,documentation,downloads,homepage,id,max_upload_size,name,readme,repository,updated_at")
			t[11].cols = cols("crate_id,crate_size,created_at,downloads,features,id,license,num,published_by,updated_at,yanked")
			t[12].cols = cols("crate_id,default_features,features,id,kind,optional,req,target,version_id")
		}
		return t, nil
	}
	return nil, fmt.Errorf("dumpgen: unknown schema %q (want %q, %q or %q)", schema, Schema2026, Schema2023, Schema2021)
}

// withExtraColumn returns cols with name inserted in alphabetical position.
func withExtraColumn(cs []string, name string) ([]string, error) {
	for _, c := range cs {
		if c == name {
			return nil, fmt.Errorf("dumpgen: extra column %q already exists in crates.csv", name)
		}
	}
	out := append(append([]string(nil), cs...), name)
	sort.Strings(out)
	return out, nil
}

// validColumnName reports whether s is a plausible PostgreSQL column name
// that needs no quoting in a CSV header.
func validColumnName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}
