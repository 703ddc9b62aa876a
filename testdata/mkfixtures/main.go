// Command mkfixtures writes the small CSV fixtures of testdata/fixtures: each one holds a case the count issue
// names. They are committed; rerun with `go run ./testdata/mkfixtures` after changing this file, then
// `make fixture-answers` to record polars' answers (testdata/README.md says how).
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
)

const header2026 = "created_at,description,documentation,homepage,id,max_features,max_upload_size,name,readme,repository,trustpub_only,updated_at"
const header2023 = "created_at,description,documentation,downloads,homepage,id,max_features,max_upload_size,name,readme,repository,updated_at"

// row formats one crates.csv row of the 2026 layout; readme is written as given (already quoted or not).
func row(id int, readme string) string {
	return fmt.Sprintf("2017-01-17 19:13:05.112025+00,\"A crate, number %d\",,https://example.com,%d,,,crate%d,%s,https://github.com/x/y,f,2026-11-20 10:00:00+00",
		id, id, id, readme)
}

func q(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func main() {
	dir := "testdata/fixtures"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	files := map[string]string{}
	lines := func(rows ...string) string { return header2026 + "\n" + strings.Join(rows, "\n") + "\n" }

	// The talk's cases, one per row.
	files["basic.csv"] = lines(
		row(1, q("# fast\n\nA blazing fast crate.")),
		row(2, ""), // NULL
		row(3, `""`),
		row(4, q("Version 2 of nothing")),
		row(5, q("no numbers, no speed claims")),
		row(6, "plain1"),
		row(7, q("BLAZINGLY quick")),
		row(8, q("blazin' but not quite")),
	)
	// \d is \p{Nd} of the regex crate (Unicode 16); superscripts and Roman numerals are not digits.
	files["unicode-digits.csv"] = lines(
		row(1, q("Arabic-Indic ٣")), row(2, q("fullwidth ３")), row(3, q("math bold 𝟙")),
		row(4, q("Devanagari ३")), row(5, q("Garay \U00010D40 (Unicode 16)")), row(6, q("outlined \U0001CCF0 (Unicode 16)")),
		row(7, q("superscript ²")), row(8, q("Roman Ⅻ")), row(9, q("日本語のクレート")), row(10, q("emoji 🚀 only")),
		row(11, q("Kirat Rai \U00016D70 (Unicode 16)")), row(12, q("circled ① is No, not Nd")),
	)
	// (?i) is simple case folding: dotted İ and dotless ı do not fold to i.
	files["case-folding.csv"] = lines(
		row(1, q("BLAZİNG")), row(2, q("blazıng")), row(3, q("BlAzInG")), row(4, q("bLAZINGLY")),
		row(5, q("blaz\u0131ng fast")), row(6, q("ＢＬＡＺＩＮＧ (fullwidth letters)")), row(7, q("blazing")),
	)
	// Quoting: doubled quotes, commas, newlines, CRLF kept inside fields, lines that look like rows.
	files["quoting.csv"] = lines(
		row(1, q("say \"hi\", then \"\"bye\"\"")),
		row(2, q("line one\r\nline two\r\n")),
		row(3, q(header2026+"\n"+row(99, q("fake row with 42 inside"))+"\n")),
		row(4, q("a,b,c\n\"x\",,\"\"\n")),
		row(5, q(strings.Repeat("\"", 9))),
		row(6, q("no digits here, just \"quotes\" and, commas")),
	)
	// Records ending in CRLF (PostgreSQL writes LF; polars accepts both).
	files["crlf-records.csv"] = strings.ReplaceAll(lines(row(1, "x1"), row(2, ""), row(3, q("y\r\nz"))), "\n", "\r\n")
	files["no-final-newline.csv"] = strings.TrimSuffix(lines(row(1, q("v1")), row(2, "none")), "\n")
	files["bom.csv"] = "\xef\xbb\xbf" + lines(row(1, "x5"), row(2, "y"))
	files["header-only.csv"] = header2026 + "\n"
	// Schema drift: the 2023 header (downloads, no trustpub_only) and an unknown column.
	files["header-2023.csv"] = header2023 + "\n" +
		"2019-05-01 10:00:00,\"d\",,1234,,1,,,old1,\"Version 1.0\",,2020-01-01 00:00:00\n" +
		"2019-05-01 10:00:00.5,\"d\",,7,,2,,,old2,\"words only\",,2020-01-01 00:00:00\n"
	files["extra-column.csv"] = strings.Replace(header2026, "readme,", "readme,readme_html,", 1) + "\n" +
		"2026-01-01 00:00:00+00,d,,,1,,,n1,\"v2\",\"<p>v2</p>\",,f,2026-01-01 00:00:00+00\n" +
		"2026-01-01 00:00:00+00,d,,,2,,,n2,\"none\",\"<p>42</p>\",,f,2026-01-01 00:00:00+00\n"
	// One README over 1 MiB whose only match is at its very end.
	big := strings.Repeat("All work and no play makes a \"README\" long, ", 1<<20/44+1) + "\nfin 9"
	bigCSV := lines(row(1, q(big)), row(2, q("small")))

	// Bad input: each must give one clear error line (exit status 1).
	files["bad-unterminated.csv"] = lines(row(1, "x1")) + "2017-01-17 19:13:05+00,\"d\",,,2,,,m,\"never ends,\n"
	files["bad-bare-quote.csv"] = lines(row(1, `ab"c`))
	files["bad-after-quote.csv"] = lines(row(1, `"ab"c`))
	files["bad-field-count.csv"] = lines(row(1, "x1"), "1,2,3")
	files["bad-missing-column.csv"] = "id,name\n1,serde\n"
	files["bad-invalid-utf8.csv"] = lines(row(1, "x1"), row(2, q("caf\xe9")))
	files["bad-empty.csv"] = ""
	files["bad-not-a-dump.png"] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

	for name, data := range files {
		write(filepath.Join(dir, name), []byte(data))
	}
	write(filepath.Join(dir, "big-readme.csv.gz"), gzipped([]byte(bigCSV)))
	// Compressed and archived forms of basic.csv.
	basic := []byte(files["basic.csv"])
	write(filepath.Join(dir, "basic.csv.gz"), gzipped(basic))
	write(filepath.Join(dir, "basic.csv.zst"), zstded(basic))
	tgz := tarGz(map[string][]byte{"data/crates.csv": basic})
	write(filepath.Join(dir, "basic.tar.gz"), tgz)
	write(filepath.Join(dir, "basic.zip"), zipped(map[string][]byte{"data/crates.csv": basic}))
	write(filepath.Join(dir, "bad-truncated.tar.gz"), tgz[:len(tgz)*2/3])
	gzb := gzipped(basic)
	corrupt := bytes.Clone(gzb)
	corrupt[len(corrupt)-6] ^= 0xff // the CRC-32 in the trailer
	write(filepath.Join(dir, "bad-crc.csv.gz"), corrupt)
	z := zipped(map[string][]byte{"data/crates.csv": basic})
	write(filepath.Join(dir, "bad-truncated.zip"), z[:len(z)/2])
	write(filepath.Join(dir, "bad-no-crates.tar.gz"), tarGz(map[string][]byte{"data/users.csv": []byte("id,login\n1,x\n")}))
}

func write(path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

func gzipped(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.ModTime = time.Time{}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func zstded(data []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		log.Fatal(err)
	}
	return enc.EncodeAll(data, nil)
}

var when = time.Date(2026, 11, 21, 2, 0, 13, 0, time.UTC)

const top = "2026-11-21-020013/"

func metadata() []byte {
	return []byte("{\n  \"timestamp\": \"2026-11-21T02:00:13.123456789Z\",\n  \"crates_io_commit\": \"0123456789abcdef0123456789abcdef01234567\"\n}")
}

// tarGz writes a dump-shaped tar.gz: top folder, metadata.json, data/, then the given data files.
func tarGz(data map[string][]byte) []byte {
	var b bytes.Buffer
	gw := gzip.NewWriter(&b)
	gw.ModTime = time.Time{}
	tw := tar.NewWriter(gw)
	dirHdr := func(name string) {
		tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeDir, Mode: 0o755, ModTime: when})
	}
	file := func(name string, body []byte) {
		tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(body)), ModTime: when})
		tw.Write(body)
	}
	dirHdr(top)
	file(top+"metadata.json", metadata())
	dirHdr(top + "data")
	for _, name := range []string{"data/crates.csv", "data/users.csv"} {
		if body, ok := data[name]; ok {
			file(top+name, body)
		}
	}
	tw.Close()
	gw.Close()
	return b.Bytes()
}

func zipped(data map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	f, _ := zw.CreateHeader(&zip.FileHeader{Name: "metadata.json", Method: zip.Deflate, Modified: when})
	f.Write(metadata())
	for _, name := range []string{"data/crates.csv"} {
		f, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: when})
		f.Write(data[name])
	}
	zw.Close()
	return b.Bytes()
}
