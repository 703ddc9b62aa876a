package rustre

// This file resolves flags and classes the way the regex crate's translator (AST to HIR) does, on a &str
// regex: Unicode mode on by default, and an error for anything that could match invalid UTF-8.

type hirOp uint8

const (
	hEmpty hirOp = iota
	hLit
	hClass
	hLook
	hRepeat
	hCapture
	hConcat
	hAlt
)

type lookKind uint8

const (
	lookStart lookKind = iota // \A, and ^ without m
	lookEnd                   // \z, and $ without m
	lookStartLF
	lookEndLF
	lookStartCRLF
	lookEndCRLF
	lookWordUni
	lookNotWordUni
	lookWordStartUni
	lookWordEndUni
	lookWordStartHalfUni
	lookWordEndHalfUni
	lookWordASCII
	lookNotWordASCII
	lookWordStartASCII
	lookWordEndASCII
	lookWordStartHalfASCII
	lookWordEndHalfASCII
)

// hir is the translated pattern: every class explicit, every flag applied.
type hir struct {
	op       hirOp
	r        rune
	set      runeSet
	look     lookKind
	min, max int // hRepeat; max < 0 is unbounded
	greedy   bool
	index    int // hCapture
	subs     []*hir
	pos, end int // span in the pattern
}

type flags struct{ i, m, s, U, u, R bool }

func (f *flags) apply(fs *flagSet) {
	set := func(dst *bool, v uint8) {
		if v != 0 {
			*dst = v == 1
		}
	}
	set(&f.i, fs.i)
	set(&f.m, fs.m)
	set(&f.s, fs.s)
	set(&f.U, fs.U)
	set(&f.u, fs.u)
	set(&f.R, fs.R)
}

type translator struct {
	pat string
	fl  flags
}

func errInvalidUTF8(pos int) error {
	return &SyntaxError{Offset: pos, Msg: "pattern can match invalid UTF-8"}
}

func errUnicodeNotAllowed(pos int) error {
	return &SyntaxError{Offset: pos, Msg: "Unicode not allowed here"}
}

var (
	anyChar    = single(0, 0x10FFFF).minus(surrogates)
	asciiBytes = single(0, 0x7F)
)

// compile parses and translates pattern.
func compile(pattern string) (*hir, error) {
	a, err := parse(pattern)
	if err != nil {
		return nil, err
	}
	t := &translator{pat: pattern, fl: flags{u: true}}
	return t.node(a)
}

func (t *translator) node(a *ast) (*hir, error) {
	h := &hir{pos: a.pos, end: a.end}
	switch a.kind {
	case astEmpty:
		h.op = hEmpty
	case astFlags:
		t.fl.apply(a.flags)
		h.op = hEmpty
	case astLiteral:
		c, err := t.scalar(a)
		if err != nil {
			return nil, err
		}
		h.op, h.r = hLit, c
		if t.fl.i {
			var s runeSet
			if t.fl.u {
				s = single(c, c).foldSimple()
			} else {
				s = single(c, c).foldASCII()
			}
			if len(s) > 1 || s[0].lo != s[0].hi {
				h.op, h.set = hClass, s
			}
		}
	case astDot:
		if !t.fl.u {
			return nil, errInvalidUTF8(a.pos)
		}
		h.op = hClass
		switch {
		case t.fl.s:
			h.set = anyChar
		case t.fl.R:
			h.set = anyChar.minus(runeSet{{'\n', '\n'}, {'\r', '\r'}})
		default:
			h.set = anyChar.minus(single('\n', '\n'))
		}
	case astAssert:
		h.op, h.look = hLook, t.look(a.assert)
	case astClassPerl:
		s, err := t.perl(a)
		if err != nil {
			return nil, err
		}
		h.op, h.set = hClass, s
	case astClassUnicode:
		s, err := t.unicodeClass(a)
		if err != nil {
			return nil, err
		}
		h.op, h.set = hClass, s
	case astBracketed:
		s, err := t.bracketed(a.cls)
		if err != nil {
			return nil, err
		}
		h.op, h.set = hClass, s
	case astRepeat:
		sub, err := t.node(a.subs[0])
		if err != nil {
			return nil, err
		}
		h.op, h.min, h.max, h.subs = hRepeat, a.min, a.max, []*hir{sub}
		h.greedy = a.greedy != t.fl.U
	case astGroup:
		old := t.fl
		if a.flags != nil {
			t.fl.apply(a.flags)
		}
		sub, err := t.node(a.subs[0])
		t.fl = old
		if err != nil {
			return nil, err
		}
		if a.capture == 0 {
			return sub, nil
		}
		h.op, h.index, h.subs = hCapture, a.capture, []*hir{sub}
	case astConcat:
		h.op = hConcat
		for _, s := range a.subs {
			sub, err := t.node(s)
			if err != nil {
				return nil, err
			}
			if sub.op != hEmpty {
				h.subs = append(h.subs, sub)
			}
		}
		switch len(h.subs) {
		case 0:
			h.op = hEmpty
		case 1:
			return h.subs[0], nil
		}
	case astAlt:
		h.op = hAlt
		for _, s := range a.subs {
			sub, err := t.node(s)
			if err != nil {
				return nil, err
			}
			h.subs = append(h.subs, sub)
		}
	}
	return h, nil
}

// scalar is the regex crate's ast_literal_to_scalar on a &str regex: with Unicode off, \x80-\xFF written as
// \xNN would be a byte that is not UTF-8.
func (t *translator) scalar(a *ast) (rune, error) {
	if !t.fl.u && a.hexByte && a.c > 0x7F {
		return 0, errInvalidUTF8(a.pos)
	}
	return a.c, nil
}

func (t *translator) look(k assertKind) lookKind {
	uni := t.fl.u
	pick := func(u, b lookKind) lookKind {
		if uni {
			return u
		}
		return b
	}
	switch k {
	case assertStartLine:
		switch {
		case !t.fl.m:
			return lookStart
		case t.fl.R:
			return lookStartCRLF
		}
		return lookStartLF
	case assertEndLine:
		switch {
		case !t.fl.m:
			return lookEnd
		case t.fl.R:
			return lookEndCRLF
		}
		return lookEndLF
	case assertStartText:
		return lookStart
	case assertEndText:
		return lookEnd
	case assertWord:
		return pick(lookWordUni, lookWordASCII)
	case assertNotWord:
		return pick(lookNotWordUni, lookNotWordASCII)
	case assertWordStart:
		return pick(lookWordStartUni, lookWordStartASCII)
	case assertWordEnd:
		return pick(lookWordEndUni, lookWordEndASCII)
	case assertWordStartHalf:
		return pick(lookWordStartHalfUni, lookWordStartHalfASCII)
	}
	return pick(lookWordEndHalfUni, lookWordEndHalfASCII)
}

func (t *translator) perl(a *ast) (runeSet, error) {
	var s runeSet
	if t.fl.u {
		s = mustSet("perl:" + string(a.perl))
	} else {
		s = asciiClasses[map[byte]string{'d': "digit", 's': "space", 'w': "word"}[a.perl]]
	}
	if a.negated {
		if !t.fl.u {
			return nil, errInvalidUTF8(a.pos)
		}
		s = s.negate()
	}
	return s, nil
}

func (t *translator) unicodeClass(a *ast) (runeSet, error) {
	if !t.fl.u {
		return nil, errUnicodeNotAllowed(a.pos)
	}
	s, err := lookupProperty(a.uniName, a.uniVal, a.byValue, a.pos, t.pat[a.pos:a.end])
	if err != nil {
		return nil, err
	}
	return t.foldNegate(s, a.negated, a.pos)
}

// foldNegate is the regex crate's unicode_fold_and_negate and bytes_fold_and_negate: fold under (?i), then
// negate; with Unicode off, a class that could match a byte above 0x7F is an error on a &str regex.
func (t *translator) foldNegate(s runeSet, negated bool, pos int) (runeSet, error) {
	if t.fl.u {
		if t.fl.i {
			s = s.foldSimple()
		}
		if negated {
			s = s.negate()
		}
		return s, nil
	}
	if t.fl.i {
		s = s.foldASCII()
	}
	if negated {
		// The complement over bytes always holds 0x80..0xFF.
		return nil, errInvalidUTF8(pos)
	}
	return s, nil
}

func (t *translator) classLiteral(a *ast) (rune, error) {
	c, err := t.scalar(a)
	if err != nil {
		return 0, err
	}
	if !t.fl.u && c > 0x7F {
		return 0, errUnicodeNotAllowed(a.pos)
	}
	return c, nil
}

func (t *translator) bracketed(c *classNode) (runeSet, error) {
	s, err := t.classSet(c.subs[0])
	if err != nil {
		return nil, err
	}
	return t.foldNegate(s, c.negated, c.pos)
}

func (t *translator) classSet(c *classNode) (runeSet, error) {
	switch c.kind {
	case ciEmpty:
		return nil, nil
	case ciLiteral:
		r, err := t.classLiteral(c.lo)
		if err != nil {
			return nil, err
		}
		return single(r, r), nil
	case ciRange:
		lo, err := t.classLiteral(c.lo)
		if err != nil {
			return nil, err
		}
		hi, err := t.classLiteral(c.hi)
		if err != nil {
			return nil, err
		}
		return single(lo, hi), nil
	case ciASCII:
		return t.foldNegate(asciiClasses[c.ascii], c.negated, c.pos)
	case ciUnicode:
		return t.unicodeClass(c.item)
	case ciPerl:
		return t.perl(c.item)
	case ciBracketed:
		return t.bracketed(c)
	case ciUnion:
		var out runeSet
		for _, s := range c.subs {
			x, err := t.classSet(s)
			if err != nil {
				return nil, err
			}
			out = out.union(x)
		}
		return out, nil
	}
	lhs, err := t.classSet(c.subs[0])
	if err != nil {
		return nil, err
	}
	rhs, err := t.classSet(c.subs[1])
	if err != nil {
		return nil, err
	}
	if t.fl.i {
		if t.fl.u {
			lhs, rhs = lhs.foldSimple(), rhs.foldSimple()
		} else {
			lhs, rhs = lhs.foldASCII(), rhs.foldASCII()
		}
	}
	switch c.kind {
	case ciIntersect:
		return lhs.intersect(rhs), nil
	case ciDifference:
		return lhs.minus(rhs), nil
	}
	return lhs.symdiff(rhs), nil
}
