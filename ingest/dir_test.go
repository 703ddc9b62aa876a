package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeDump extracts ms under dir/top plus a few extra files, as tar -x would.
func writeDump(t *testing.T, dir, top string, ms []member) {
	t.Helper()
	for _, m := range ms {
		p := filepath.Join(dir, top, filepath.FromSlash(m.path))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, m.data, 0o644))
	}
	must(t, os.MkdirAll(filepath.Join(dir, top, "data", "sub.csv"), 0o755)) // a directory, skipped
	for _, extra := range []string{"zzz_new.csv", "aaa_new.csv", "badges.csv", "notes.txt"} {
		must(t, os.WriteFile(filepath.Join(dir, top, "data", extra), []byte(extra+"\n"), 0o644))
	}
}

func TestDir(t *testing.T) {
	ms := testMembers(1)
	// A few more known tables, written out of order.
	ms = append(ms, member{"data/version_downloads.csv", []byte("date,downloads,version_id\n")},
		member{"data/users.csv", []byte("gh_avatar,gh_id,gh_login,id,name\n")})
	root := t.TempDir()
	writeDump(t, root, testTop, ms)
	wantRel := []string{"metadata.json", "data/categories.csv", "data/crate_downloads.csv", "data/crates.csv",
		"data/keywords.csv", "data/users.csv", "data/versions.csv", "data/version_downloads.csv",
		"data/aaa_new.csv", "data/badges.csv", "data/zzz_new.csv"}
	content := map[string][]byte{}
	var total int64
	for _, m := range ms {
		content[m.path] = m.data
	}
	for _, extra := range []string{"zzz_new.csv", "aaa_new.csv", "badges.csv"} {
		content["data/"+extra] = []byte(extra + "\n")
	}
	for _, p := range wantRel {
		total += int64(len(content[p]))
	}
	for _, c := range []struct{ open, prefix string }{
		{filepath.Join(root, testTop), ""},
		{root, testTop + "/"},
	} {
		in, err := Open(context.Background(), c.open, Options{})
		must(t, err)
		if in.Format() != Dir || in.Size() != total {
			t.Errorf("Format, Size = %v, %d; want directory, %d", in.Format(), in.Size(), total)
		}
		g, err := readAll(in, 3)
		must(t, err)
		var want []string
		for _, p := range wantRel {
			want = append(want, c.prefix+p)
			if string(g.data[c.prefix+p]) != string(content[p]) {
				t.Errorf("%s: wrong bytes", p)
			}
		}
		if !slices.Equal(g.paths, want) {
			t.Errorf("paths = %q\nwant    %q", g.paths, want)
		}
		if in.BytesRead() != total {
			t.Errorf("BytesRead = %d, want %d", in.BytesRead(), total)
		}
		if name, ok := TableName(g.paths[3]); !ok || name != "crates" {
			t.Errorf("TableName(%q) = %q, %v", g.paths[3], name, ok)
		}
		if !IsMetadata(g.paths[0]) {
			t.Errorf("IsMetadata(%q) = false", g.paths[0])
		}
		must(t, in.Close())
	}
}

func TestDirErrors(t *testing.T) {
	root := t.TempDir()
	_, err := Open(context.Background(), root, Options{})
	checkBad(t, err, root, ErrNotDump)

	// A data folder without CSV files.
	must(t, os.MkdirAll(filepath.Join(root, "data"), 0o755))
	_, err = Open(context.Background(), root, Options{})
	checkBad(t, err, root, ErrNotDump)

	// Two dumps side by side: ambiguous.
	two := t.TempDir()
	writeDump(t, two, "2026-11-20-020011", testMembers(1))
	writeDump(t, two, "2026-11-21-020013", testMembers(1))
	_, err = Open(context.Background(), two, Options{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "2026-11-20-020011, 2026-11-21-020013") {
		t.Fatalf("err = %v", err)
	}

	// A member that disappears between Open and Next.
	one := t.TempDir()
	writeDump(t, one, "", testMembers(1))
	in, err := Open(context.Background(), one, Options{})
	must(t, err)
	defer in.Close()
	must(t, os.Remove(filepath.Join(one, "metadata.json")))
	_, err = in.Next()
	if !errors.As(err, &e) || e.Member != "metadata.json" || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v", err)
	}
}
