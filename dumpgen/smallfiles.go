package dumpgen

import (
	"strconv"
	"strings"
	"time"
)

// The non-CSV files at the top of the dump.

// readmeForTarball is this generator's own short description of the dump
// layout, in the spirit of the README.md crates.io ships in the archive.
func readmeForTarball() string {
	return `# crates.io Database Dump

This archive holds the public part of the crates.io database.

## Files

- ` + "`data/`" + ` – one CSV file per table, written by PostgreSQL ` + "`COPY ... WITH CSV HEADER`" + `.
- ` + "`export.sql`" + ` – the psql script that exported the data, for reference.
- ` + "`import.sql`" + ` – a psql script that loads the CSV files into a database that has
  the schema from ` + "`schema.sql`" + `, replacing its current contents.
- ` + "`metadata.json`" + ` – when the dump was taken and by which crates.io commit.
- ` + "`schema.sql`" + ` – the database schema (an excerpt in this synthetic dump).

## Metadata fields

- ` + "`timestamp`" + ` – UTC time at which the dump started.
- ` + "`crates_io_commit`" + ` – git commit of the crates.io deployment that wrote the dump.

## Notes on some columns

- ` + "`crate_owners.owner_kind`" + ` is 0 for a user and 1 for a team.
- ` + "`crate_owners.owner_id`" + ` refers to ` + "`users.id`" + ` or ` + "`teams.id`" + ` accordingly.
- ` + "`teams.login`" + ` looks like ` + "`github:org:team`" + `.

This dump was produced by blaze's dumpgen: the structure follows crates.io,
the contents are synthetic.
`
}

// metadataJSON renders metadata.json as serde_json's pretty printer does
// (two-space indent, no trailing newline), with the timestamp as chrono
// prints a DateTime<Utc>: RFC 3339, 0, 3, 6 or 9 fraction digits, and Z.
func metadataJSON(t time.Time, commit string) string {
	return "{\n  \"timestamp\": \"" + chronoRFC3339(t) + "\",\n  \"crates_io_commit\": \"" + commit + "\"\n}"
}

func chronoRFC3339(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	ns := t.Nanosecond()
	switch {
	case ns == 0:
	case ns%1_000_000 == 0:
		s += "." + pad(ns/1_000_000, 3)
	case ns%1_000 == 0:
		s += "." + pad(ns/1_000, 6)
	default:
		s += "." + pad(ns, 9)
	}
	return s + "Z"
}

func pad(v, n int) string {
	s := strconv.Itoa(v)
	return strings.Repeat("0", n-len(s)) + s
}

// commitHash returns a deterministic 40-hex "crates.io commit".
func commitHash(seed uint64) string {
	r := newRNG(seed, stMisc, 4<<40)
	return string(appendHex(nil, &r, 20))
}

// exportSQL is the export script for the tables in dump order.
func exportSQL(tables []tableDef) string {
	var b strings.Builder
	b.WriteString("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n\n")
	for _, t := range tables {
		q := quotedCols(t.cols)
		switch t.name {
		case "users":
			b.WriteString("    \\copy (SELECT " + q + " FROM \"users\" WHERE id in (     SELECT owner_id AS user_id FROM crate_owners WHERE NOT deleted AND owner_kind = 0     UNION     SELECT published_by as user_id FROM versions )) TO 'data/users.csv' WITH CSV HEADER\n")
		case "crate_owners":
			b.WriteString("    \\copy (SELECT " + q + " FROM \"crate_owners\" WHERE NOT deleted) TO 'data/crate_owners.csv' WITH CSV HEADER\n")
		default:
			b.WriteString("    \\copy \"" + t.name + "\" (" + q + ") TO 'data/" + t.name + ".csv' WITH CSV HEADER\n")
		}
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}

// importSQL is the import script for the tables in dump order.
func importSQL(tables []tableDef) string {
	var b strings.Builder
	b.WriteString("BEGIN;\n    -- Disable triggers on each table.\n\n")
	for _, t := range tables {
		b.WriteString("    ALTER TABLE \"" + t.name + "\" DISABLE TRIGGER ALL;\n")
	}
	b.WriteString("\n    -- Truncate all tables.\n\n")
	for _, t := range tables {
		b.WriteString("    TRUNCATE \"" + t.name + "\" RESTART IDENTITY CASCADE;\n")
	}
	b.WriteString("\n    -- Import the CSV data.\n\n")
	for _, t := range tables {
		b.WriteString("    \\copy \"" + t.name + "\" (" + quotedCols(t.cols) + ") FROM 'data/" + t.name + ".csv' WITH CSV HEADER\n")
	}
	b.WriteString("\n    -- Reenable triggers on each table.\n\n")
	for _, t := range tables {
		b.WriteString("    ALTER TABLE \"" + t.name + "\" ENABLE TRIGGER ALL;\n")
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}

func quotedCols(cs []string) string {
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// schemaSQL is a short pg_dump-style excerpt: the crates table and the
// version tables, with the column types of the chosen schema.
func schemaSQL(schema string, tables []tableDef) string {
	tsType := "timestamp with time zone"
	if schema != Schema2026 {
		tsType = "timestamp without time zone"
	}
	types := map[string]string{
		"id": "integer NOT NULL", "name": "character varying NOT NULL",
		"created_at": tsType + " DEFAULT now() NOT NULL", "updated_at": tsType + " DEFAULT now() NOT NULL",
		"description": "character varying", "homepage": "character varying",
		"documentation": "character varying", "readme": "character varying",
		"repository": "character varying", "max_upload_size": "integer", "max_features": "smallint",
		"trustpub_only": "boolean DEFAULT false NOT NULL", "downloads": "integer DEFAULT 0 NOT NULL",
		"crate_id": "integer NOT NULL", "version_id": "integer NOT NULL", "date": "date DEFAULT CURRENT_DATE NOT NULL",
	}
	var b strings.Builder
	b.WriteString("--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n")
	for _, t := range tables {
		if t.name != "crates" && t.name != "version_downloads" && t.name != "crate_downloads" {
			continue
		}
		b.WriteString("--\n-- Name: " + t.name + "; Type: TABLE; Schema: public; Owner: -\n--\n\nCREATE TABLE public." + t.name + " (\n")
		for i, c := range t.cols {
			typ, ok := types[c]
			if !ok {
				typ = "text"
			}
			if t.name == "crate_downloads" && c == "downloads" {
				typ = "bigint DEFAULT 0 NOT NULL"
			}
			b.WriteString("    " + c + " " + typ)
			if i < len(t.cols)-1 || t.name == "crates" {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		if t.name == "crates" {
			b.WriteString("    textsearchable_index_col tsvector NOT NULL\n")
		}
		b.WriteString(");\n\n")
	}
	b.WriteString("--\n-- PostgreSQL database dump complete\n--\n\n")
	return b.String()
}
