package rustre

import "errors"

// This file gives the parsed pattern its meaning on a &str regex, as polars answered: Unicode mode on by
// default, every class an explicit set of code points (folded under (?i) with the crate's orbits), and an
// error for anything that could match invalid UTF-8 when Unicode mode is off.

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

// asciiClasses are the sets of [[:name:]], and of \d, \s, \w with Unicode mode off (digit, space, word).
var asciiClasses = map[string]runeSet{
	"alnum":  {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}},
	"alpha":  {{'A', 'Z'}, {'a', 'z'}},
	"ascii":  {{0, 0x7F}},
	"blank":  {{'\t', '\t'}, {' ', ' '}},
	"cntrl":  {{0, 0x1F}, {0x7F, 0x7F}},
	"digit":  {{'0', '9'}},
	"graph":  {{'!', '~'}},
	"lower":  {{'a', 'z'}},
	"print":  {{' ', '~'}},
	"punct":  {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}},
	"space":  {{'\t', '\r'}, {' ', ' '}},
	"upper":  {{'A', 'Z'}},
	"word":   {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}},
	"xdigit": {{'0', '9'}, {'A', 'F'}, {'a', 'f'}},
}

var perlASCII = map[string]string{"d": "digit", "s": "space", "w": "word"}

var anyChar = single(0, 0x10FFFF).minus(surrogates)

func errInvalidUTF8(pos int) error {
	return &SyntaxError{Offset: pos, Msg: "with Unicode off (?-u) this could match invalid UTF-8, which a &str regex rejects"}
}

func errUnicodeNotAllowed(pos int) error {
	return &SyntaxError{Offset: pos, Msg: "a non-ASCII class item is not allowed with Unicode off (?-u)"}
}

// translator walks the parsed pattern. A Unicode name that blaze's tables lack (an UnsupportedError) does
// not stop it: a later construct that polars rejects must still give a SyntaxError.
type translator struct {
	pat         string
	unsupported error // the first UnsupportedError met
}

// compile parses and translates pattern.
func compile(pattern string) (*hir, error) {
	n, err := parse(pattern)
	if err != nil {
		return nil, err
	}
	t := &translator{pat: pattern}
	h, err := t.node(n)
	if err != nil {
		return nil, err
	}
	if t.unsupported != nil {
		return nil, t.unsupported
	}
	return h, nil
}

func (t *translator) node(n *node) (*hir, error) {
	h := &hir{pos: n.pos, end: n.end}
	switch n.op {
	case opEmpty, opFlags:
		h.op = hEmpty
	case opLiteral:
		if !n.fl.u && n.byteForm && n.r > 0x7F {
			return nil, errInvalidUTF8(n.pos)
		}
		h.op, h.r = hLit, n.r
		if n.fl.i {
			s := t.fold(single(n.r, n.r), n.fl)
			if len(s) > 1 || s[0].lo != s[0].hi {
				h.op, h.set = hClass, s
			}
		}
	case opDot:
		if !n.fl.u {
			return nil, errInvalidUTF8(n.pos)
		}
		h.op = hClass
		switch {
		case n.fl.s:
			h.set = anyChar
		case n.fl.R:
			h.set = anyChar.minus(runeSet{{'\n', '\n'}, {'\r', '\r'}})
		default:
			h.set = anyChar.minus(single('\n', '\n'))
		}
	case opAssert:
		h.op, h.look = hLook, lookFor(n.at, n.fl)
	case opClass:
		s, err := t.class(n.cls, n.fl)
		if err != nil {
			return nil, err
		}
		h.op, h.set = hClass, s
	case opRepeat:
		sub, err := t.node(n.kids[0])
		if err != nil {
			return nil, err
		}
		h.op, h.min, h.max, h.subs = hRepeat, n.min, n.max, []*hir{sub}
		h.greedy = n.lazy == n.fl.U
	case opGroup:
		sub, err := t.node(n.kids[0])
		if err != nil {
			return nil, err
		}
		if n.index == 0 {
			return sub, nil
		}
		h.op, h.index, h.subs = hCapture, n.index, []*hir{sub}
	case opConcat, opAlt:
		h.op = hConcat
		if n.op == opAlt {
			h.op = hAlt
		}
		for _, k := range n.kids {
			sub, err := t.node(k)
			if err != nil {
				return nil, err
			}
			if h.op == hConcat && sub.op == hEmpty {
				continue
			}
			h.subs = append(h.subs, sub)
		}
		if h.op == hConcat {
			switch len(h.subs) {
			case 0:
				h.op = hEmpty
			case 1:
				return h.subs[0], nil
			}
		}
	}
	return h, nil
}

// lookFor resolves an assertion with the flags: ^ and $ follow m and R, word boundaries follow u.
func lookFor(a assertion, fl flags) lookKind {
	switch a {
	case atLineStart, atLineEnd:
		start := a == atLineStart
		switch {
		case !fl.m && start:
			return lookStart
		case !fl.m:
			return lookEnd
		case fl.R && start:
			return lookStartCRLF
		case fl.R:
			return lookEndCRLF
		case start:
			return lookStartLF
		}
		return lookEndLF
	case atTextStart:
		return lookStart
	case atTextEnd:
		return lookEnd
	}
	uni := map[assertion]lookKind{
		atWordBoundary: lookWordUni, atNotWordBoundary: lookNotWordUni, atWordStart: lookWordStartUni,
		atWordEnd: lookWordEndUni, atWordStartHalf: lookWordStartHalfUni, atWordEndHalf: lookWordEndHalfUni,
	}[a]
	if fl.u {
		return uni
	}
	return uni - lookWordUni + lookWordASCII
}

// fold closes s under case folding when i is on: the crate's simple folding, or ASCII folding with
// Unicode off.
func (t *translator) fold(s runeSet, fl flags) runeSet {
	switch {
	case !fl.i:
		return s
	case fl.u:
		return s.foldSimple()
	}
	return s.foldASCII()
}

// class returns the set of c under the flags fl. Folding applies to a class before its negation, and to
// both operands of a set operation; a Perl class (\d, \s, \w) standing outside brackets is not folded.
func (t *translator) class(c *classNode, fl flags) (runeSet, error) {
	switch c.op {
	case clsLiteral, clsRange:
		lo, err := classChar(c.lo, c.loByte, c.pos, fl)
		if err != nil {
			return nil, err
		}
		hi := lo
		if c.op == clsRange {
			if hi, err = classChar(c.hi, c.hiByte, c.pos, fl); err != nil {
				return nil, err
			}
		}
		return single(lo, hi), nil
	case clsPerl:
		if !fl.u {
			if c.negated {
				return nil, errInvalidUTF8(c.pos)
			}
			return asciiClasses[perlASCII[c.name]], nil
		}
		s := mustSet("perl:" + c.name)
		if c.negated {
			s = s.negate()
		}
		return s, nil
	case clsProperty:
		if !fl.u {
			return nil, errUnicodeNotAllowed(c.pos)
		}
		s, err := lookupProperty(c.name, c.value, c.byValue, c.pos, t.pat[c.pos:c.end])
		var ue *UnsupportedError
		if errors.As(err, &ue) {
			if t.unsupported == nil {
				t.unsupported = err
			}
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return t.foldThenNegate(s, c.negated, c.pos, fl)
	case clsPosix:
		return t.foldThenNegate(asciiClasses[c.name], c.negated, c.pos, fl)
	case clsBracket:
		s, err := t.class(c.kids[0], fl)
		if err != nil {
			return nil, err
		}
		return t.foldThenNegate(s, c.negated, c.pos, fl)
	case clsUnion:
		var out runeSet
		for _, k := range c.kids {
			s, err := t.class(k, fl)
			if err != nil {
				return nil, err
			}
			out = out.union(s)
		}
		return out, nil
	}
	lhs, err := t.class(c.kids[0], fl)
	if err != nil {
		return nil, err
	}
	rhs, err := t.class(c.kids[1], fl)
	if err != nil {
		return nil, err
	}
	lhs, rhs = t.fold(lhs, fl), t.fold(rhs, fl)
	switch c.op {
	case clsAnd:
		return lhs.intersect(rhs), nil
	case clsMinus:
		return lhs.minus(rhs), nil
	}
	return lhs.symdiff(rhs), nil
}

// classChar checks a character of a bracketed class: with Unicode off it must be ASCII, and a \xNN byte
// above 0x7F could match invalid UTF-8.
func classChar(r rune, byteForm bool, pos int, fl flags) (rune, error) {
	switch {
	case fl.u || r <= 0x7F:
		return r, nil
	case byteForm:
		return 0, errInvalidUTF8(pos)
	}
	return 0, errUnicodeNotAllowed(pos)
}

// foldThenNegate folds s under (?i), then negates it if asked. With Unicode off the complement would hold
// the bytes 0x80..0xFF, so a negated class is an error on a &str regex.
func (t *translator) foldThenNegate(s runeSet, negated bool, pos int, fl flags) (runeSet, error) {
	s = t.fold(s, fl)
	if !negated {
		return s, nil
	}
	if !fl.u {
		return nil, errInvalidUTF8(pos)
	}
	return s.negate(), nil
}
