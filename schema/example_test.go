package schema_test

import (
	"fmt"
	"time"

	"github.com/blazetools/blaze/schema"
)

// Example prints the columns of crates.csv in the 2026 dump with their Arrow types.
func Example() {
	crates, _ := schema.Lookup("crates")
	day := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	for _, c := range crates.At(day) {
		null := "NOT NULL"
		if c.Nullable {
			null = "nullable"
		}
		fmt.Printf("%-16s %-22s %-12s %s\n", c.Name, c.Type, c.PGType, null)
	}
	// Output:
	// created_at       timestamp[us, tz=UTC]  timestamptz  NOT NULL
	// description      string_view            varchar      nullable
	// documentation    string_view            varchar      nullable
	// homepage         string_view            varchar      nullable
	// id               int32                  int4         NOT NULL
	// max_features     int16                  int2         nullable
	// max_upload_size  int32                  int4         nullable
	// name             string_view            varchar      NOT NULL
	// readme           string_view            varchar      nullable
	// repository       string_view            varchar      nullable
	// trustpub_only    bool                   bool         NOT NULL
	// updated_at       timestamp[us, tz=UTC]  timestamptz  NOT NULL
}

// ExampleTable_Resolve maps the header of a crates.csv from a future dump with a column blaze does not know yet.
func ExampleTable_Resolve() {
	crates, _ := schema.Lookup("crates")
	header := []string{"id", "name", "readme", "stars"}
	fields, unknown, err := crates.Resolve(header, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range fields {
		fmt.Println(f.Name, f.Type, f.Nullable)
	}
	fmt.Println("unknown:", unknown)

	_, _, err = crates.Resolve(header, true)
	fmt.Println(err)
	// Output:
	// id int32 false
	// name string_view false
	// readme string_view true
	// stars string_view true
	// unknown: [stars]
	// header field 4 "stars": unknown column
}
