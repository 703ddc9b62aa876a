package schema

import (
	"errors"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// Metadata keys set on the fields that Column.Field, Table.Resolve and Unknown build.
const (
	// DocKey is the field metadata key holding Column.Doc.
	DocKey = "doc"
	// PGTypeKey is the field metadata key holding Column.PGType.
	PGTypeKey = "pg_type"
)

// DateLayout is the layout of Column.Since, Column.Until, Table.Since and Table.Until (time.DateOnly).
const DateLayout = time.DateOnly

// The Arrow types the tables use. They are shared, immutable values.
var (
	textType = arrow.BinaryTypes.StringView
	int16T   = arrow.PrimitiveTypes.Int16
	int32T   = arrow.PrimitiveTypes.Int32
	int64T   = arrow.PrimitiveTypes.Int64
	boolT    = arrow.FixedWidthTypes.Boolean
	dateT    = arrow.FixedWidthTypes.Date32
	tsT      = arrow.FixedWidthTypes.Timestamp_us // timestamp[us, tz=UTC]
)

// A Column is one column of a dump table, as it has been in every dump it appeared in.
//
// Type is the Arrow type blaze decodes the column to: PostgreSQL int2, int4 and int8 become int16, int32 and
// int64; bool (written t/f) becomes boolean; timestamp and timestamptz become timestamp[us, tz=UTC] (crates.io
// stores UTC in both, and the text has a "+00" suffix only since the 2025-02 switch to timestamptz); date
// becomes date32; everything else (varchar, text, arrays such as text[], jsonb, tsvector, ltree, bytea, char)
// becomes a string view holding the value exactly as PostgreSQL prints it in COPY CSV: arrays as {a,"b c"},
// jsonb as {"k": [1, 2]}, bytea as \x followed by lower-case hex.
//
// Nullable is true when the column is, or was at some time while it was in the dump, declared Nullable<> in
// crates.io's Diesel schema (crates/crates_io_database/src/schema.rs): a NULL is then an unquoted empty field.
// A column that is not Nullable never holds NULL in a dump.
type Column struct {
	// Name is the column's name as the CSV header spells it.
	Name string
	// Type is the Arrow type to decode the column to.
	Type arrow.DataType
	// Nullable reports whether the column may hold NULL.
	Nullable bool
	// PGType is the PostgreSQL type crates.io declares (its most recent one while in the dump), such as
	// "int4", "varchar", "text[]", "jsonb" or "timestamptz".
	PGType string
	// Doc says what the column holds, in one or two sentences.
	Doc string
	// Since is the date (DateLayout, UTC) of the crates.io commit that made the column public in the dump, or
	// "" if it was public before 2021, the oldest dumps this package describes.
	Since string
	// Until is the date of the crates.io commit that removed the column from the dump, or "" if the current
	// (2026) dump still has it.
	Until string
}

// Field returns the Arrow field for c: its name, type and nullability, with c.Doc and c.PGType as metadata
// under DocKey and PGTypeKey.
func (c Column) Field() arrow.Field {
	return arrow.Field{Name: c.Name, Type: c.Type, Nullable: c.Nullable,
		Metadata: arrow.NewMetadata([]string{DocKey, PGTypeKey}, []string{c.Doc, c.PGType})}
}

// In reports whether the column was in the dump on day: Since <= day < Until, comparing UTC dates. Dates are
// those of crates.io's commits, so a dump taken within a day or two of a change (before it was deployed) may
// still show the previous state.
func (c Column) In(day time.Time) bool { return within(day, c.Since, c.Until) }

func within(day time.Time, since, until string) bool {
	d := day.UTC().Format(DateLayout)
	return (since == "" || since <= d) && (until == "" || d < until)
}

// A Table describes one data/<Name>.csv file of the dump: every column it has had since 2021, in the
// alphabetical order in which the dump writes them (crates.io sorts the columns of each table by name).
type Table struct {
	// Name is the table's name: the CSV is data/<Name>.csv.
	Name string
	// Doc says what a row of the table is.
	Doc string
	// Since is the date of the crates.io commit that added the table to the dump, or "" if it was there
	// before 2021.
	Since string
	// Until is the date of the crates.io commit that removed the table from the dump, or "" if the current
	// dump still has it.
	Until string
	// Columns lists every column the table has had in a dump since 2021, by name.
	Columns []Column
}

// In reports whether the table was in the dump on day, in the same sense as Column.In.
func (t *Table) In(day time.Time) bool { return within(day, t.Since, t.Until) }

// Column returns the column called name and true, or the zero Column and false when the table never had it.
func (t *Table) Column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// At returns the columns the table had in the dump on day (those whose In(day) is true), in header order.
func (t *Table) At(day time.Time) []Column {
	var out []Column
	for _, c := range t.Columns {
		if c.In(day) {
			out = append(out, c)
		}
	}
	return out
}

// Sentinel errors wrapped by *HeaderError. Test for them with errors.Is.
var (
	// ErrUnknownColumn is returned by Resolve in strict mode for a header name the table never had.
	ErrUnknownColumn = errors.New("unknown column")
	// ErrDuplicateColumn is returned by Resolve when a name appears twice in the header.
	ErrDuplicateColumn = errors.New("duplicate column")
	// ErrEmptyColumnName is returned by Resolve for an empty name in the header.
	ErrEmptyColumnName = errors.New("empty column name")
	// ErrEmptyHeader is returned by Resolve for a header without columns.
	ErrEmptyHeader = errors.New("header has no columns")
)

// A HeaderError reports a header that a table cannot be mapped from. It names the table's CSV file and the
// offending column and its position.
type HeaderError struct {
	Table  string // the table's name
	Column string // the name found in the header ("" for ErrEmptyHeader)
	Index  int    // 0-based position of Column in the header (-1 for ErrEmptyHeader)
	First  int    // for ErrDuplicateColumn, the 0-based position of the name's first occurrence
	Err    error  // one of the sentinel errors above
}

// Error describes the header field and the problem, such as `header field 4 "stars": unknown column`. It does
// not name the table: callers put it after the input and the member, which do.
func (e *HeaderError) Error() string {
	switch {
	case e.Index < 0:
		return e.Err.Error()
	case errors.Is(e.Err, ErrDuplicateColumn):
		return fmt.Sprintf("header field %d %q: %v (also field %d)", e.Index+1, e.Column, e.Err, e.First+1)
	}
	return fmt.Sprintf("header field %d %q: %v", e.Index+1, e.Column, e.Err)
}

// Unwrap returns the sentinel error.
func (e *HeaderError) Unwrap() error { return e.Err }

// Resolve maps a CSV header of the table to the Arrow fields to build, one per header name and in header
// order. A column the table knows gets its type, nullability and metadata (see Column.Field), whatever the
// dump's date: the header decides which columns there are, so a header lacking some of the table's columns
// (an older or newer dump) is fine. A name the table does not know is kept as a nullable string view and listed
// in unknown, in header order, for the caller to report once; with strict, it is an error instead.
//
// The error, always a *HeaderError, reports an empty header, an empty name, a name that appears twice (the
// columns could not be told apart by name), or, with strict, the first unknown name. On error fields and
// unknown are nil.
func (t *Table) Resolve(header []string, strict bool) (fields []arrow.Field, unknown []string, err error) {
	if len(header) == 0 {
		return nil, nil, &HeaderError{Table: t.Name, Index: -1, Err: ErrEmptyHeader}
	}
	if err := checkNames(t.Name, header); err != nil {
		return nil, nil, err
	}
	fields = make([]arrow.Field, len(header))
	for i, name := range header {
		if c, ok := t.Column(name); ok {
			fields[i] = c.Field()
			continue
		}
		if strict {
			return nil, nil, &HeaderError{Table: t.Name, Column: name, Index: i, Err: ErrUnknownColumn}
		}
		fields[i] = unknownField(name)
		unknown = append(unknown, name)
	}
	return fields, unknown, nil
}

// checkNames rejects empty and repeated names.
func checkNames(table string, header []string) error {
	seen := make(map[string]int, len(header))
	for i, name := range header {
		if name == "" {
			return &HeaderError{Table: table, Index: i, Err: ErrEmptyColumnName}
		}
		if j, dup := seen[name]; dup {
			return &HeaderError{Table: table, Column: name, Index: i, First: j, Err: ErrDuplicateColumn}
		}
		seen[name] = i
	}
	return nil
}

func unknownField(name string) arrow.Field {
	return arrow.Field{Name: name, Type: textType, Nullable: true}
}

// Unknown returns the fields for a table this package does not describe (a CSV that a future dump adds, named
// name): one nullable string view per header name, in header order, without metadata. The fields do not depend
// on name. Names are kept as given, repeated or empty ones included; columnar.ParseHeader already renames
// repeats.
func Unknown(name string, header []string) []arrow.Field {
	fields := make([]arrow.Field, len(header))
	for i, h := range header {
		fields[i] = unknownField(h)
	}
	return fields
}

// Lookup returns the table called name (the CSV's base name without ".csv", such as "crates") and true, or nil
// and false for a table this package does not describe. The Table is a copy the caller may change.
func Lookup(name string) (*Table, bool) {
	for _, t := range tables {
		if t.Name == name {
			return t.clone(), true
		}
	}
	return nil, false
}

// Tables returns every table this package describes: those of the 2026 dump in the order the dump writes them,
// then those only older dumps have. The Tables are copies the caller may change.
func Tables() []*Table {
	out := make([]*Table, len(tables))
	for i, t := range tables {
		out[i] = t.clone()
	}
	return out
}

func (t *Table) clone() *Table {
	c := *t
	c.Columns = append([]Column(nil), t.Columns...)
	return &c
}

// tables lists the tables in the order of the 2026 dump (VisibilityConfig::topological_sort at 57fa000662f5),
// then the older-only ones.
var tables = []*Table{
	categories, crateDownloads, crates, keywords, metadata, oauthGithub, reservedCrateNames, reservedUsernames,
	teams, users, cratesCategories, cratesKeywords, crateOwners, deletedCrates, versions, defaultVersions,
	dependencies, versionDownloads,
	badges, versionAuthors,
}
