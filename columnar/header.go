package columnar

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// ParseHeader parses the header record at the start of data: the column names, in order. It returns the names
// and the length of the header record including its '\n'. A UTF-8 byte order mark before the header is skipped
// (and counted in n). A name that repeats an earlier one is renamed "<name>_duplicated_<k>", as polars does,
// so every column keeps a distinct name. Errors wrap ErrHeader and carry the position.
func ParseHeader(data []byte) (names []string, n int, err error) {
	bad := func(pos int, detail string) error {
		return &ParseError{Line: 1 + int64(bytes.Count(data[:pos], []byte{'\n'})), Offset: int64(pos), Err: ErrHeader, Detail: detail}
	}
	p := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		p = 3
	}
	if p == len(data) {
		return nil, 0, bad(p, "no header line")
	}
	seen := map[string]int{}
	var field []byte
	for {
		start := p
		field = field[:0]
		if p < len(data) && data[p] == '"' {
			p++
			for {
				i := bytes.IndexByte(data[p:], '"')
				if i < 0 {
					return nil, 0, bad(start, "unterminated quoted column name")
				}
				field = append(field, data[p:p+i]...)
				p += i + 1
				if p < len(data) && data[p] == '"' {
					field = append(field, '"')
					p++
					continue
				}
				break
			}
		} else {
			for p < len(data) && data[p] != ',' && data[p] != '\n' {
				if data[p] == '"' {
					return nil, 0, bad(p, `bare " in column name`)
				}
				p++
			}
			field = append(field, data[start:p]...)
			if p < len(data) && data[p] == '\n' || p == len(data) {
				field = bytes.TrimSuffix(field, []byte{'\r'})
			}
		}
		if p < len(data) && data[p] == '\r' && p+1 < len(data) && data[p+1] == '\n' {
			p++
		}
		if p < len(data) && data[p] != ',' && data[p] != '\n' {
			return nil, 0, bad(p, fmt.Sprintf(`extraneous character after closing ": %q`, clipLine(data[p:], 12)))
		}
		if !utf8.Valid(field) {
			return nil, 0, bad(start, "column name is not valid UTF-8")
		}
		name := string(field)
		if name == "" {
			return nil, 0, bad(start, "empty column name (is this a CSV with a header line?)")
		}
		if k, dup := seen[name]; dup {
			seen[name] = k + 1
			name = name + "_duplicated_" + strconv.Itoa(k)
		} else {
			seen[name] = 0
		}
		names = append(names, name)
		if p == len(data) {
			return names, p, nil
		}
		p++
		if data[p-1] == '\n' {
			return names, p, nil
		}
	}
}
