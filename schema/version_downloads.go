package schema

// version_downloads.csv: columns unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD). From
// c38a5f558 (2021-05) to 978c69834 (2024-08-30) the dump held only the last 90 days of rows.
var versionDownloads = &Table{
	Name: "version_downloads",
	Doc:  "One row per (version, day) with downloads.",
	Columns: []Column{
		{Name: "date", Type: dateT, PGType: "date",
			Doc: "The UTC day counted."},
		{Name: "downloads", Type: int32T, PGType: "int4",
			Doc: "The number of downloads of the version that day."},
		{Name: "version_id", Type: int32T, PGType: "int4",
			Doc: "The version (versions.id)."},
	},
}
