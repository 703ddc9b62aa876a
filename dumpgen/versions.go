package dumpgen

import (
	"sort"
	"strings"
	"time"
)

// versions.csv, dependencies.csv, default_versions.csv and
// version_downloads.csv: the big tables after crates.csv. They are written
// with column codes straight into the output buffer (no per-field strings).

const (
	vcBinNames = iota
	vcCategories
	vcChecksum
	vcCrateID
	vcCrateSize
	vcCreatedAt
	vcDescription
	vcDocumentation
	vcDownloads
	vcEdition
	vcFeatures
	vcHasLib
	vcHomepage
	vcID
	vcKeywords
	vcLicense
	vcLinks
	vcNum
	vcNumNoBuild
	vcPublishedBy
	vcRepository
	vcRustVersion
	vcTarSha256
	vcUpdatedAt
	vcYanked
	vcZipJSONSha256
	vcZipSha256
)

var versionColumnCodes = map[string]int{
	"bin_names": vcBinNames, "categories": vcCategories, "checksum": vcChecksum,
	"crate_id": vcCrateID, "crate_size": vcCrateSize, "created_at": vcCreatedAt,
	"description": vcDescription, "documentation": vcDocumentation, "downloads": vcDownloads,
	"edition": vcEdition, "features": vcFeatures, "has_lib": vcHasLib, "homepage": vcHomepage,
	"id": vcID, "keywords": vcKeywords, "license": vcLicense, "links": vcLinks, "num": vcNum,
	"num_no_build": vcNumNoBuild, "published_by": vcPublishedBy, "repository": vcRepository,
	"rust_version": vcRustVersion, "tar_sha256": vcTarSha256, "updated_at": vcUpdatedAt,
	"yanked": vcYanked, "zip_json_sha256": vcZipJSONSha256, "zip_sha256": vcZipSha256,
}

var (
	tVersionMeta = time.Date(2024, 11, 20, 0, 0, 0, 0, time.UTC).Unix() // versions.description etc. recorded
	tZipHashes   = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Unix()   // zip_sha256 recorded
	tEdition     = time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC).Unix()   // edition, has_lib, bin_names recorded
)

// semver is a version number being advanced release by release.
type semver struct{ major, minor, patch int }

func (v *semver) bump(r *rng) {
	switch x := r.intn(100); {
	case x < 62:
		v.patch++
	case x < 94:
		v.minor, v.patch = v.minor+1, 0
	default:
		v.major, v.minor, v.patch = v.major+1, 0, 0
	}
}

// num returns the full version string and the part before any +build.
func (v semver) num(r *rng) (full, noBuild string) {
	s := itoa(v.major) + "." + itoa(v.minor) + "." + itoa(v.patch)
	switch x := r.intn(1000); {
	case x < 50:
		s += "-" + pick(r, []string{"alpha", "beta", "rc", "pre", "dev"}) + "." + itoa(r.rangeIn(0, 9))
	case x < 60:
		s += "-alpha"
	}
	noBuild = s
	if r.chance(12) {
		full = s + "+" + pick(r, []string{"1.1.1k", "build.5", "wasi-0.2.4", "spec-1.15.0", "zstd.1.5.6"})
		return full, noBuild
	}
	return s, s
}

// featuresJSON renders a versions.features value as PostgreSQL prints
// jsonb: keys ordered by length then bytes, ", " and ": " separators.
func featuresJSON(r *rng) string {
	if r.chance(450) {
		return "{}"
	}
	keys := []string{"default", "std"}
	for i := r.intn(5); i > 0; i-- {
		keys = append(keys, pick(r, nameWords))
	}
	sort.Slice(keys, func(a, b int) bool {
		if len(keys[a]) != len(keys[b]) {
			return len(keys[a]) < len(keys[b])
		}
		return keys[a] < keys[b]
	})
	var b strings.Builder
	b.WriteByte('{')
	prev := ""
	first := true
	for _, k := range keys {
		if k == prev {
			continue
		}
		prev = k
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(`"` + k + `": [`)
		switch k {
		case "default":
			b.WriteString(`"std"`)
		case "std":
		default:
			b.WriteString(`"dep:` + k + `"`)
			if r.chance(300) {
				b.WriteString(`, "std"`)
			}
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

func randomSlugs(r *rng, n int, keyword func(int) string) string {
	if n == 0 {
		return "{}"
	}
	el := make([]string, 0, n)
	for i := 0; i < n; i++ {
		el = append(el, keyword(i))
	}
	return pgArray(el)
}

// versionsChunk appends the versions of crates [lo, hi).
func (w *world) versionsChunk(dst []byte, vc []int, lo, hi int) ([]byte, int) {
	rows := 0
	for k := lo; k < hi; k++ {
		c := w.crate(k)
		r := newRNG(w.seed, stVersion, uint64(k))
		vs, ve := int(w.vStart[k]), int(w.vStart[k+1])
		nv := ve - vs
		v := semver{minor: 1}
		if r.chance(200) {
			v = semver{major: 1}
		}
		user := userLogin(c.owner)
		repo := "https://github.com/" + user + "/" + c.name
		lic := pick(&r, licenses)
		span := c.updated.sec - c.created.sec
		for i := 0; i < nv; i++ {
			j := vs + i
			if i > 0 {
				v.bump(&r)
			}
			full, noBuild := v.num(&r)
			created := ts{sec: c.created.sec, micro: c.created.micro}
			if nv > 1 {
				created = ts{sec: c.created.sec + span*int64(i)/int64(nv-1), micro: micro(&r)}
			}
			yanked := r.chance(30)
			updated := created
			if yanked || r.chance(50) {
				updated = between(&r, created.sec, w.now-60)
			}
			for ci, code := range vc {
				if ci > 0 {
					dst = append(dst, ',')
				}
				switch code {
				case vcBinNames:
					if created.sec >= tEdition {
						if r.chance(150) {
							dst = appendText(dst, pgArray([]string{c.name}))
						} else {
							dst = append(dst, '{', '}')
						}
					}
				case vcCategories:
					dst = appendText(dst, randomSlugs(&r, r.weighted([]int{50, 30, 15, 5}), func(int) string { return pick(&r, categories)[1] }))
				case vcChecksum:
					dst = appendHex(dst, &r, 32)
				case vcCrateID:
					dst = appendInt(dst, c.id)
				case vcCrateSize:
					dst = appendInt(dst, int64(r.octave(1024, []int{10, 20, 25, 20, 12, 7, 4, 2})))
				case vcCreatedAt:
					dst = appendTimestamp(dst, created, w.tz)
				case vcUpdatedAt:
					dst = appendTimestamp(dst, updated, w.tz)
				case vcDescription:
					if created.sec >= tVersionMeta {
						dst = w.appendDescription(dst, &r, c.name)
					}
				case vcDocumentation:
					if created.sec >= tVersionMeta && r.chance(550) {
						dst = append(dst, "https://docs.rs/"+c.name...)
					}
				case vcHomepage:
					if created.sec >= tVersionMeta && r.chance(400) {
						dst = append(dst, repo...)
					}
				case vcRepository:
					if created.sec >= tVersionMeta && r.chance(880) {
						dst = append(dst, repo...)
					}
				case vcDownloads:
					dst = appendInt(dst, int64(r.octave(1, downloadWeight))*int64(r.rangeIn(1, 40)))
				case vcEdition:
					if created.sec >= tEdition {
						dst = append(dst, pick(&r, []string{"2015", "2018", "2018", "2021", "2021", "2021", "2024"})...)
					}
				case vcFeatures:
					dst = appendText(dst, featuresJSON(&r))
				case vcHasLib:
					if created.sec >= tEdition {
						dst = appendBool(dst, !r.chance(200))
					}
				case vcID:
					dst = appendInt(dst, versionID(j))
				case vcKeywords:
					dst = appendText(dst, randomSlugs(&r, r.weighted([]int{30, 10, 15, 15, 15, 15}), func(int) string { return keywordName(r.intn(w.nKeywords)) }))
				case vcLicense:
					if !r.chance(20) {
						dst = appendText(dst, lic)
					}
				case vcLinks:
					if r.chance(8) {
						dst = append(dst, pick(&r, []string{"z", "ssl", "sqlite3", "git2", "zstd"})...)
					}
				case vcNum:
					dst = append(dst, full...)
				case vcNumNoBuild:
					dst = append(dst, noBuild...)
				case vcPublishedBy:
					if created.sec >= w.epoch+86400*800 && !r.chance(30) {
						dst = appendInt(dst, userID(c.owner))
					}
				case vcRustVersion:
					if r.chance(200) {
						dst = append(dst, "1."+itoa(r.rangeIn(56, 88))...)
					}
				case vcTarSha256:
					dst = appendHexBytea(dst, &r, 32)
				case vcYanked:
					dst = appendBool(dst, yanked)
				case vcZipJSONSha256, vcZipSha256:
					if created.sec >= tZipHashes {
						dst = appendHexBytea(dst, &r, 32)
					}
				}
			}
			dst = append(dst, '\n')
			rows++
		}
	}
	return dst, rows
}

// defaultVersionsRows appends one row per crate [lo, hi): its newest version.
func (w *world) defaultVersionsRows(dst []byte, names []string, lo, hi int) ([]byte, int) {
	for k := lo; k < hi; k++ {
		vs, ve := int(w.vStart[k]), int(w.vStart[k+1])
		for i, n := range names {
			if i > 0 {
				dst = append(dst, ',')
			}
			switch n {
			case "crate_id":
				dst = appendInt(dst, crateID(k))
			case "num_versions":
				dst = appendInt(dst, int64(ve-vs))
			case "version_id":
				dst = appendInt(dst, versionID(ve-1))
			}
		}
		dst = append(dst, '\n')
	}
	return dst, hi - lo
}

const (
	dcCrateID = iota
	dcDefaultFeatures
	dcExplicitName
	dcFeatures
	dcID
	dcKind
	dcOptional
	dcReq
	dcTarget
	dcVersionID
)

var depColumnCodes = map[string]int{
	"crate_id": dcCrateID, "default_features": dcDefaultFeatures, "explicit_name": dcExplicitName,
	"features": dcFeatures, "id": dcID, "kind": dcKind, "optional": dcOptional, "req": dcReq,
	"target": dcTarget, "version_id": dcVersionID,
}

var depTargets = []string{
	"cfg(windows)", "cfg(unix)", `cfg(target_os = "linux")`, `cfg(target_arch = "wasm32")`,
	`cfg(all(target_arch = "wasm32", not(target_os = "wasi")))`, "x86_64-pc-windows-msvc",
	`cfg(any(target_os = "macos", target_os = "ios"))`,
}

var depFeatures = []string{"{derive}", "{std}", "{derive,std}", "{full}", "{rt-multi-thread,macros}", "{serde}", "{alloc}"}

// dependenciesChunk appends the dependencies of the versions of crates [lo, hi).
func (w *world) dependenciesChunk(dst []byte, dc []int, lo, hi int) ([]byte, int) {
	rows := 0
	n := w.nCrates
	for j := int(w.vStart[lo]); j < int(w.vStart[hi]); j++ {
		for d := int(w.dStart[j]); d < int(w.dStart[j+1]); d++ {
			r := newRNG(w.seed, stDependency, uint64(d)|1<<40)
			x := r.intn(n)
			target := int(int64(x) * int64(x) / int64(n) * int64(x) / int64(n)) // skewed to old, popular crates
			for ci, code := range dc {
				if ci > 0 {
					dst = append(dst, ',')
				}
				switch code {
				case dcCrateID:
					dst = appendInt(dst, crateID(target))
				case dcDefaultFeatures:
					dst = appendBool(dst, !r.chance(90))
				case dcExplicitName:
					if r.chance(15) {
						dst = append(dst, pick(&r, nameWords)+"_"+pick(&r, []string{"crate", "core", "old", "new"})...)
					}
				case dcFeatures:
					if r.chance(250) {
						dst = appendText(dst, pick(&r, depFeatures))
					} else {
						dst = append(dst, '{', '}')
					}
				case dcID:
					dst = appendInt(dst, int64(d)+1)
				case dcKind:
					dst = appendInt(dst, int64(r.weighted([]int{70, 5, 25})))
				case dcOptional:
					dst = appendBool(dst, r.chance(150))
				case dcReq:
					dst = appendText(dst, depReq(&r))
				case dcTarget:
					if r.chance(80) {
						dst = appendText(dst, pick(&r, depTargets))
					}
				case dcVersionID:
					dst = appendInt(dst, versionID(j))
				}
			}
			dst = append(dst, '\n')
			rows++
		}
	}
	return dst, rows
}

func depReq(r *rng) string {
	maj, min, pat := itoa(r.weighted([]int{60, 35, 4, 1})), itoa(r.intn(30)), itoa(r.intn(20))
	switch r.intn(20) {
	case 0:
		return "*"
	case 1:
		return "~" + maj + "." + min
	case 2:
		return ">=" + maj + "." + min + ", <" + maj + "." + itoa(r.intn(30)+30)
	case 3:
		return "=" + maj + "." + min + "." + pat
	case 4, 5, 6:
		return "^" + maj + "." + min
	default:
		return "^" + maj + "." + min + "." + pat
	}
}

// vdDays is how many days of version_downloads the dump holds.
const vdDays = 90

// versionRate returns how many days in a thousand version j was downloaded
// in the window (0 for most old versions).
func (w *world) versionRate(j int) int {
	r := newRNG(w.seed, stVersionRate, uint64(j))
	if r.chance(560) {
		return 0
	}
	return r.octave(4, []int{30, 25, 20, 15, 10, 5, 4, 2})
}

// versionDownloadsChunk appends the rows of day (0 = oldest of the window)
// for versions [lo, hi), in version order, as the daily job inserts them.
func (w *world) versionDownloadsChunk(dst []byte, names []string, day, lo, hi int) ([]byte, int) {
	date := appendDate(nil, w.now-int64(vdDays-day)*86400)
	rows := 0
	for j := lo; j < hi; j++ {
		rate := int(w.vRate[j])
		if rate == 0 {
			continue
		}
		h := mix64(w.seed ^ uint64(j)*0x9fb21c651e98df25 ^ uint64(day)<<52)
		if int(h%1000) >= rate {
			continue
		}
		dl := 1 + int64(h>>20%uint64(rate*rate/8+1))
		for i, n := range names {
			if i > 0 {
				dst = append(dst, ',')
			}
			switch n {
			case "date":
				dst = append(dst, date...)
			case "downloads":
				dst = appendInt(dst, dl)
			case "version_id":
				dst = appendInt(dst, versionID(j))
			}
		}
		dst = append(dst, '\n')
		rows++
	}
	return dst, rows
}
