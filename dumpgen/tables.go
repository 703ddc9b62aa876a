package dumpgen

import (
	"strings"
)

// Generators for every table but crates. Each appends rows for one unit of
// work (a range of items) and returns the row count; they read the world and
// their own per-item random streams only, so units run in any order.

// colIdx returns, for each known column name, its position in names or -1.
// Generators use it to write the columns a schema has, in its order.
type rowBuf struct {
	dst    []byte
	fields []string // scratch: one value per output column
	set    []bool   // NULL when false
	pos    map[string]int
}

func newRowBuf(names []string) *rowBuf {
	rb := &rowBuf{fields: make([]string, len(names)), set: make([]bool, len(names)), pos: map[string]int{}}
	for i, n := range names {
		rb.pos[n] = i
	}
	return rb
}

// put sets column name to the already CSV-encoded value v (a name the
// schema lacks is ignored).
func (rb *rowBuf) put(name, v string) {
	if i, ok := rb.pos[name]; ok {
		rb.fields[i] = v
		rb.set[i] = true
	}
}

// text sets a text column, quoting as PostgreSQL would.
func (rb *rowBuf) text(name, v string) {
	if i, ok := rb.pos[name]; ok {
		if needsQuote(v) {
			rb.fields[i] = string(appendText(nil, v))
		} else {
			rb.fields[i] = v
		}
		rb.set[i] = true
	}
}

func (rb *rowBuf) int(name string, v int64) { rb.put(name, itoa64(v)) }

func (rb *rowBuf) time(name string, t ts, tz bool) {
	rb.put(name, string(appendTimestamp(nil, t, tz)))
}

// end writes the row and clears the scratch fields.
func (rb *rowBuf) end() {
	for i := range rb.fields {
		if i > 0 {
			rb.dst = append(rb.dst, ',')
		}
		if rb.set[i] {
			rb.dst = append(rb.dst, rb.fields[i]...)
		}
		rb.fields[i], rb.set[i] = "", false
	}
	rb.dst = append(rb.dst, '\n')
}

func itoa64(v int64) string { return itoa(int(v)) }

func (w *world) categoriesRows(rb *rowBuf) int {
	for i, c := range categories {
		r := newRNG(w.seed, stMisc, uint64(1<<40+i))
		rb.text("category", c[0])
		rb.int("crates_cnt", int64(scaled(r.octave(16, []int{30, 30, 20, 10, 6, 3, 1}), w.opts.Scale, 0)))
		rb.time("created_at", ts{sec: w.epoch + 86400*int64(800+r.intn(300)), micro: micro(&r)}, w.tz)
		rb.text("description", "Crates that help with "+strings.ToLower(c[0])+", for example "+pick(&r, gerundWords)+" and "+pick(&r, gerundWords)+".")
		rb.int("id", int64(i+1))
		rb.put("path", "root."+strings.NewReplacer("::", ".", "-", "_").Replace(c[1]))
		rb.text("slug", c[1])
		rb.end()
	}
	return len(categories)
}

func (w *world) crateDownloadsRows(rb *rowBuf, lo, hi int) int {
	for k := lo; k < hi; k++ {
		r := newRNG(w.seed, stMisc, uint64(2<<40+k))
		rb.int("crate_id", crateID(k))
		rb.int("downloads", int64(r.octave(1, downloadWeight))*int64(r.rangeIn(10, 2000)))
		rb.end()
	}
	return hi - lo
}

func (w *world) keywordsRows(rb *rowBuf, lo, hi int) int {
	for i := lo; i < hi; i++ {
		r := newRNG(w.seed, stKeyword, uint64(i))
		rb.int("crates_cnt", int64(r.octave(1, []int{40, 25, 15, 10, 5, 3, 1, 1})))
		rb.time("created_at", between(&r, w.epoch, w.now-60), w.tz)
		rb.int("id", int64(i+1))
		rb.text("keyword", keywordName(i))
		rb.end()
	}
	return hi - lo
}

func (w *world) metadataRows(rb *rowBuf) int {
	r := newRNG(w.seed, stMisc, 3<<40)
	rb.int("total_downloads", int64(scaled(190_000_000_000, w.opts.Scale, 1000))+int64(r.intn(1_000_000)))
	rb.end()
	return 1
}

func (w *world) ghID(u int) int64 { return 100000 + int64(u)*397 + int64(u%7) }

func (w *world) oauthRows(rb *rowBuf, lo, hi int) int {
	n := 0
	for u := lo; u < hi; u++ {
		r := newRNG(w.seed, stUser, uint64(u)|1<<40)
		if r.chance(40) {
			continue
		}
		id := w.ghID(u)
		rb.int("account_id", id)
		if !r.chance(30) {
			rb.put("avatar", "https://avatars.githubusercontent.com/u/"+itoa64(id)+"?v=4")
		}
		rb.text("login", userLogin(u))
		rb.int("user_id", userID(u))
		rb.end()
		n++
	}
	return n
}

func (w *world) listRows(rb *rowBuf, col string, list []string) int {
	for _, s := range list {
		rb.text(col, s)
		rb.end()
	}
	return len(list)
}

func (w *world) teamsRows(rb *rowBuf, lo, hi int) int {
	for t := lo; t < hi; t++ {
		r := newRNG(w.seed, stTeam, uint64(t))
		org := pick(&r, nameWords) + "-" + pick(&r, []string{"rs", "labs", "org", "dev", "project"})
		team := pick(&r, []string{"owners", "publishers", "maintainers", "core", "release"})
		gid := 5000000 + int64(t)*131
		if !r.chance(50) {
			rb.put("avatar", "https://avatars.githubusercontent.com/u/"+itoa64(gid)+"?v=4")
		}
		rb.int("github_id", gid+7)
		rb.int("id", int64(t+1))
		rb.text("login", "github:"+org+":"+team)
		if !r.chance(200) {
			rb.text("name", title(team))
		}
		rb.int("org_id", gid)
		rb.end()
	}
	return hi - lo
}

func (w *world) usersRows(rb *rowBuf, lo, hi int) int {
	for u := lo; u < hi; u++ {
		r := newRNG(w.seed, stUser, uint64(u))
		login := userLogin(u)
		id := w.ghID(u)
		if !r.chance(100) {
			rb.time("created_at", between(&r, w.epoch, w.now-3600), w.tz)
		}
		rb.int("gh_id", id)
		rb.text("gh_login", login)
		rb.int("id", userID(u))
		if !r.chance(250) {
			name := title(firstNames[u%len(firstNames)]) + " " + title(pick(&r, nameWords)) + pick(&r, []string{"son", "er", "ski", "ez", "ova", ""})
			if r.chance(20) {
				name = "\"" + name + "\", Jr."
			}
			rb.text("name", name)
		}
		rb.text("username", login)
		rb.put("gh_avatar", "https://avatars.githubusercontent.com/u/"+itoa64(id)+"?v=4")
		rb.end()
	}
	return hi - lo
}

func (w *world) cratesCategoriesRows(rb *rowBuf, lo, hi int) int {
	n := 0
	for k := lo; k < hi; k++ {
		r := newRNG(w.seed, stCategoryLink, uint64(k))
		m := r.weighted([]int{45, 30, 15, 7, 3})
		seen := uint64(0)
		for i := 0; i < m; i++ {
			c := r.intn(len(categories))
			if seen&(1<<c) != 0 {
				continue
			}
			seen |= 1 << c
			rb.int("category_id", int64(c+1))
			rb.int("crate_id", crateID(k))
			rb.end()
			n++
		}
	}
	return n
}

func (w *world) cratesKeywordsRows(rb *rowBuf, lo, hi int) int {
	n := 0
	for k := lo; k < hi; k++ {
		r := newRNG(w.seed, stKeywordLink, uint64(k))
		m := r.weighted([]int{30, 10, 15, 15, 15, 15})
		var seen [5]int
		for i := 0; i < m; i++ {
			x := r.intn(w.nKeywords)
			kw := x * x / w.nKeywords // popular keywords have low ids
			dup := false
			for _, s := range seen[:i] {
				dup = dup || s == kw
			}
			seen[i] = kw
			if dup {
				continue
			}
			rb.int("crate_id", crateID(k))
			rb.int("keyword_id", int64(kw+1))
			rb.end()
			n++
		}
	}
	return n
}

func (w *world) crateOwnersRows(rb *rowBuf, lo, hi int) int {
	n := 0
	for k := lo; k < hi; k++ {
		c := w.crate(k)
		r := newRNG(w.seed, stOwner, uint64(k))
		m := 1 + r.weighted([]int{70, 20, 7, 3})
		for i := 0; i < m; i++ {
			kind, owner := 0, userID(c.owner)
			if i > 0 {
				if r.chance(150) {
					kind, owner = 1, int64(r.intn(w.nTeams)+1)
				} else {
					owner = userID((c.owner + 1 + r.intn(w.nUsers)) % w.nUsers)
				}
			}
			rb.int("crate_id", c.id)
			rb.time("created_at", between(&r, c.created.sec, w.now-60), w.tz)
			if i > 0 || !r.chance(300) {
				rb.int("created_by", userID(c.owner))
			}
			rb.int("owner_id", owner)
			rb.int("owner_kind", int64(kind))
			rb.end()
			n++
		}
	}
	return n
}

func (w *world) deletedCratesRows(rb *rowBuf, lo, hi int) int {
	for i := lo; i < hi; i++ {
		r := newRNG(w.seed, stDeleted, uint64(i))
		k := i * 23 // the deleted crate sat where crate index i*23 is now
		created := w.createdAt(min(k, w.nCrates-1), &r)
		deleted := between(&r, created.sec, w.now-3600)
		rb.time("available_at", ts{sec: deleted.sec + 86400, micro: deleted.micro}, w.tz)
		rb.time("created_at", created, w.tz)
		rb.time("deleted_at", deleted, w.tz)
		if !r.chance(200) {
			rb.int("deleted_by", userID(r.intn(w.nUsers)))
		}
		rb.int("id", deletedID(i))
		switch v := r.intn(10); {
		case v < 4: // NULL
		case v < 5:
			rb.put("message", `""`)
		case v < 7:
			rb.text("message", "Published by mistake, sorry")
		default:
			rb.text("message", "Renamed to \""+pick(&r, nameWords)+"-"+pick(&r, nameWords)+"\", please use that instead")
		}
		rb.text("name", "old-"+keywordName(i%(len(nameWords)*len(nameWords)))+"-"+itoa(i))
		rb.end()
	}
	return hi - lo
}

func (w *world) badgesRows(rb *rowBuf, lo, hi int) int {
	n := 0
	for k := lo; k < hi; k++ {
		r := newRNG(w.seed, stBadge, uint64(k))
		if !r.chance(40) {
			continue
		}
		c := w.crate(k)
		switch r.intn(3) {
		case 0:
			rb.text("attributes", `{"branch": "master", "repository": "`+userLogin(c.owner)+"/"+c.name+`"}`)
			rb.text("badge_type", "travis-ci")
		case 1:
			rb.text("attributes", `{"status": "actively-developed"}`)
			rb.text("badge_type", "maintenance")
		default:
			rb.text("attributes", `{"service": "github", "repository": "`+userLogin(c.owner)+"/"+c.name+`"}`)
			rb.text("badge_type", "codecov")
		}
		rb.int("crate_id", c.id)
		rb.end()
		n++
	}
	return n
}
