package schema

// reserved_crate_names.csv: unchanged from 436b23159f20 (2020-12-31) to 57fa000662f5 (HEAD).
var reservedCrateNames = &Table{
	Name: "reserved_crate_names",
	Doc:  "One row per name no crate may be published under (such as std or core).",
	Columns: []Column{
		{Name: "name", Type: textType, PGType: "text",
			Doc: "The reserved crate name."},
	},
}
