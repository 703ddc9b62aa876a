package dumpgen

import (
	"fmt"
	"math"
	"time"
)

// CratesAtScale1 is the number of crates generated at Scale 1, the size of
// the 2026 crates.io dump.
const CratesAtScale1 = 327000

// MaxScale bounds Options.Scale.
const MaxScale = 20

// Options selects what Generate and the Write functions produce. The zero
// value of every field but Scale has a default; equal Options give
// byte-identical output on every machine and at every GOMAXPROCS.
type Options struct {
	// Seed selects the pseudo-random content. Different seeds give
	// different dumps of the same shape.
	Seed uint64
	// Scale is the size relative to the 2026 dump: 1 means 327,000 crates
	// (crates.csv about 0.7 GB); every other table scales with it. It must
	// be in (0, MaxScale]. Tests use 0.001 to 0.01.
	Scale float64
	// Schema is Schema2026 (the default when empty), Schema2023 or Schema2021.
	Schema string
	// ExtraColumn, when not empty, adds a column of that name (lower-case
	// letters, digits and underscores) to crates.csv in alphabetical
	// position, as crates.io does when it publishes a new column.
	ExtraColumn string
	// Timestamp is when the dump "started": it names the top folder of
	// db-dump.tar.gz and goes into metadata.json. The zero value means
	// DefaultTimestamp for the schema's year.
	Timestamp time.Time
}

// DefaultTimestamp is the dump time used when Options.Timestamp is zero and
// the schema is Schema2026. Older schemas use the same day and time in their
// own year.
var DefaultTimestamp = time.Date(2026, 11, 21, 2, 0, 13, 123456789, time.UTC)

// normalized returns o with defaults filled in, or an error naming the
// offending field.
func (o Options) normalized() (Options, error) {
	if o.Schema == "" {
		o.Schema = Schema2026
	}
	if _, err := schemaTables(o.Schema); err != nil {
		return o, err
	}
	if math.IsNaN(o.Scale) || o.Scale <= 0 || o.Scale > MaxScale {
		return o, fmt.Errorf("dumpgen: Scale %v out of range (0, %d]", o.Scale, MaxScale)
	}
	if o.ExtraColumn != "" && !validColumnName(o.ExtraColumn) {
		return o, fmt.Errorf("dumpgen: ExtraColumn %q is not a plain lower-case column name", o.ExtraColumn)
	}
	if o.Timestamp.IsZero() {
		year := 2026
		switch o.Schema {
		case Schema2023:
			year = 2023
		case Schema2021:
			year = 2021
		}
		o.Timestamp = DefaultTimestamp.AddDate(year-2026, 0, 0)
	}
	o.Timestamp = o.Timestamp.UTC()
	if y := o.Timestamp.Year(); y < 2015 || y > 9999 {
		return o, fmt.Errorf("dumpgen: Timestamp %v out of range (years 2015 to 9999)", o.Timestamp)
	}
	return o, nil
}

// scaled returns round(n*scale), at least min.
func scaled(n int, scale float64, min int) int {
	v := int(math.Round(float64(n) * scale))
	if v < min {
		return min
	}
	return v
}

// Form is one of the files Generate can write.
type Form string

// The forms Generate writes. AllForms lists them in the order Generate
// writes them.
const (
	// FormCratesCSV is crates.csv, the table alone, uncompressed.
	FormCratesCSV Form = "crates.csv"
	// FormCratesCSVGz is crates.csv.gz, the table gzip-compressed.
	FormCratesCSVGz Form = "crates.csv.gz"
	// FormTarGz is db-dump.tar.gz, the whole dump as crates.io publishes it.
	FormTarGz Form = "db-dump.tar.gz"
	// FormZip is db-dump.zip, the whole dump with per-entry deflate.
	FormZip Form = "db-dump.zip"
)

// AllForms lists every Form.
var AllForms = []Form{FormCratesCSV, FormCratesCSVGz, FormTarGz, FormZip}

// ExpectedFile is the name of the answer file Generate writes next to the forms.
const ExpectedFile = "expected.json"
