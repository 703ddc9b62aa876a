package dumpgen

import (
	"bytes"
	"fmt"
)

// ReadmeStats is the generator's own account of the crates.csv rows it
// wrote, by construction rather than by reading them back: how many README
// fields are NULL, empty or of each kind, and how big they are. Generate
// checks it against SlowCount. Each generation unit fills its own and the
// engine adds them up.
type ReadmeStats struct {
	Rows        int64 `json:"rows"`
	Null        int64 `json:"null"`         // readme is NULL (unquoted empty field)
	Empty       int64 `json:"empty"`        // readme is "" (quoted empty string)
	Matching    int64 `json:"matching"`     // rows whose README matches by construction
	Typical     int64 `json:"typical"`      // READMEs with ASCII digits
	BlazingOnly int64 `json:"blazing_only"` // no digit at all, "blazing" in some case
	UnicodeOnly int64 `json:"unicode_only"` // only non-ASCII decimal digits
	Plain       int64 `json:"plain"`        // nothing matches
	CRLF        int64 `json:"crlf"`         // READMEs with CRLF line endings
	Over256KiB  int64 `json:"over_256kib"`
	Over1MiB    int64 `json:"over_1mib"`
	MaxReadme   int64 `json:"max_readme"`
	ReadmeBytes int64 `json:"readme_bytes"`
}

func (s *ReadmeStats) add(o *ReadmeStats) {
	s.Rows += o.Rows
	s.Null += o.Null
	s.Empty += o.Empty
	s.Matching += o.Matching
	s.Typical += o.Typical
	s.BlazingOnly += o.BlazingOnly
	s.UnicodeOnly += o.UnicodeOnly
	s.Plain += o.Plain
	s.CRLF += o.CRLF
	s.Over256KiB += o.Over256KiB
	s.Over1MiB += o.Over1MiB
	s.MaxReadme = max(s.MaxReadme, o.MaxReadme)
	s.ReadmeBytes += o.ReadmeBytes
}

// crates.csv column codes.
const (
	ccCreatedAt = iota
	ccDescription
	ccDocumentation
	ccDownloads
	ccHomepage
	ccID
	ccMaxFeatures
	ccMaxUploadSize
	ccName
	ccReadme
	ccRepository
	ccTrustpubOnly
	ccUpdatedAt
	ccExtra
)

var cratesColumnCodes = map[string]int{
	"created_at": ccCreatedAt, "description": ccDescription, "documentation": ccDocumentation,
	"downloads": ccDownloads, "homepage": ccHomepage, "id": ccID, "max_features": ccMaxFeatures,
	"max_upload_size": ccMaxUploadSize, "name": ccName, "readme": ccReadme,
	"repository": ccRepository, "trustpub_only": ccTrustpubOnly, "updated_at": ccUpdatedAt,
}

// codes maps column names to codes; a name missing from known gets extra
// (the ExtraColumn), or an error when extra is negative.
func codes(table string, names []string, known map[string]int, extra int) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		c, ok := known[n]
		if !ok {
			if extra < 0 {
				return nil, fmt.Errorf("dumpgen: %s: no generator for column %q", table, n)
			}
			c = extra
		}
		out[i] = c
	}
	return out, nil
}

// readmeTarget draws the length class of a README; giants override it.
func readmeTarget(r *rng, kind readmeKind) int {
	n := r.octave(128, readmeWeights)
	if kind == rkPlain {
		n /= 2 // READMEs with no number at all are mostly short prose
	}
	return n
}

// appendReadme builds crate c's README (or decides it is NULL or empty) and
// appends the field. It updates st.
func (w *world) appendReadme(dst []byte, c *crate, scratch *[]byte, st *ReadmeStats) []byte {
	r := newRNG(w.seed, stReadme, uint64(c.k))
	giant, isGiant := w.giants[int32(c.k)]
	v := r.intn(1000)
	switch {
	case !isGiant && v < 260:
		st.Null++
		return dst
	case !isGiant && v < 282:
		st.Empty++
		return append(dst, '"', '"')
	}
	var kind readmeKind
	switch v = r.intn(1000); {
	case v < 650 || isGiant:
		kind = rkTypical
		st.Typical++
	case v < 710:
		kind = rkBlazing
		st.BlazingOnly++
	case v < 750:
		kind = rkUnicode
		st.UnicodeOnly++
	default:
		kind = rkPlain
		st.Plain++
	}
	if kind.matches() {
		st.Matching++
	}
	target := readmeTarget(&r, kind)
	if isGiant {
		target = giant
	}
	user := userLogin(c.owner)
	if kind != rkTypical {
		user = firstNames[c.owner%len(firstNames)]
	}
	g := readmeGen{
		r: &r, b: (*scratch)[:0], kind: kind, name: c.name,
		ident: identOf(c.name), user: user,
		digits: kind == rkTypical, wrap: r.chance(600),
	}
	b := g.build(target)
	if r.chance(150) {
		b = bytes.TrimRight(b, "\n")
	}
	if r.chance(40) {
		b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		st.CRLF++
	}
	*scratch = b
	n := int64(len(b))
	st.ReadmeBytes += n
	st.MaxReadme = max(st.MaxReadme, n)
	if n > 256<<10 {
		st.Over256KiB++
	}
	if n > 1<<20 {
		st.Over1MiB++
	}
	return appendTextBytes(dst, b)
}

func identOf(name string) string {
	b := []byte(name)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

func sourceHost(r *rng) string {
	return pick(r, []string{"https://github.com/", "https://github.com/", "https://github.com/", "https://gitlab.com/", "https://codeberg.org/"})
}

// cratesChunk appends the crates.csv rows at heap positions [lo, hi).
func (w *world) cratesChunk(dst []byte, cc []int, lo, hi int, st *ReadmeStats) []byte {
	var scratch []byte
	for p := lo; p < hi; p++ {
		c := w.crate(int(w.order[p]))
		r := newRNG(w.seed, stMisc, uint64(c.k))
		user := userLogin(c.owner)
		repo := sourceHost(&r) + user + "/" + c.name
		for i, code := range cc {
			if i > 0 {
				dst = append(dst, ',')
			}
			switch code {
			case ccCreatedAt:
				dst = appendTimestamp(dst, c.created, w.tz)
			case ccUpdatedAt:
				dst = appendTimestamp(dst, c.updated, w.tz)
			case ccDescription:
				dst = w.appendDescription(dst, &r, c.name)
			case ccDocumentation:
				switch v := r.intn(100); {
				case v < 45:
				case v < 90:
					dst = append(dst, "https://docs.rs/"+c.name...)
				default:
					dst = append(dst, "https://"+c.name+".github.io/"+c.name+"/"...)
				}
			case ccHomepage:
				switch v := r.intn(100); {
				case v < 55:
				case v < 85:
					dst = append(dst, repo...)
				default:
					dst = append(dst, "https://"+identOf(c.name)+".rs/"...)
				}
			case ccRepository:
				if !r.chance(120) {
					dst = append(dst, repo...)
				}
			case ccID:
				dst = appendInt(dst, c.id)
			case ccName:
				dst = appendText(dst, c.name)
			case ccMaxFeatures:
				if r.chance(3) {
					dst = appendInt(dst, int64(pick(&r, []int{300, 500, 1000})))
				}
			case ccMaxUploadSize:
				if r.chance(5) {
					dst = appendInt(dst, int64(pick(&r, []int{20971520, 52428800, 104857600})))
				}
			case ccTrustpubOnly:
				dst = appendBool(dst, r.chance(8))
			case ccDownloads:
				dst = appendInt(dst, int64(r.octave(1, downloadWeight)*r.rangeIn(1, 100)))
			case ccReadme:
				dst = w.appendReadme(dst, &c, &scratch, st)
			case ccExtra:
				re := newRNG(w.seed, stExtra, uint64(c.k))
				switch v := re.intn(10); {
				case v < 3: // NULL
				case v < 4:
					dst = append(dst, '"', '"')
				case v < 5:
					dst = appendText(dst, "multi\nline, \"quoted\" value")
				default:
					dst = appendText(dst, pick(&re, adjWords)+"-"+itoa(re.intn(1000)))
				}
			}
		}
		dst = append(dst, '\n')
		st.Rows++
	}
	return dst
}

func (w *world) appendDescription(dst []byte, r *rng, name string) []byte {
	switch v := r.intn(1000); {
	case v < 30:
		return dst // NULL
	case v < 36:
		return append(dst, '"', '"')
	case v < 46:
		return appendText(dst, "A "+pick(r, adjWords)+" "+pick(r, nounWords)+".\nSee the README for details.")
	case v < 200:
		return appendText(dst, "A "+pick(r, adjWords)+", "+pick(r, adjWords)+" "+pick(r, nounWords)+" for "+pick(r, gerundWords)+" "+plural(pick(r, nounWords)))
	case v < 260:
		return appendText(dst, title(pick(r, gerundWords))+" \""+plural(pick(r, nounWords))+"\" the "+pick(r, adjWords)+" way")
	default:
		return appendText(dst, title(pick(r, adjWords))+" "+pick(r, nounWords)+" "+pick(r, []string{"for Rust", "library", "implementation", "in pure Rust", "crate", "utilities"}))
	}
}
