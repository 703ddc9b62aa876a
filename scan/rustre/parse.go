package rustre

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file parses a pattern written in the syntax of Rust's regex crate, as polars compiles it, into a
// tree of nodes for translate.go. It was written from the crate's public documentation (the syntax
// reference of the regex crate and the nest limit of regex-syntax's ParserBuilder) and from polars'
// answers to probe patterns, not from the crate's source; docs/regex.md ("The parser") lists the rules
// that only polars could tell.
//
// The design is a recursive-descent parser over a cursor that knows the x flag: in verbose mode the
// cursor skips white space and # comments at the points where the syntax allows them (skip), and the
// parser calls it explicitly, because polars shows several places where verbose mode does not apply
// (between "(?" and the flags, inside group names and [:name:], between \b and its brace). The parser
// resolves the flags as it goes: a (?flags) item changes them up to the end of the enclosing group, so
// every node carries the flags in force where it was written and translate.go keeps no flag state.

// flags holds the regex crate's flags: i (case-insensitive), m (multi-line), s (. matches \n), U (swap
// greed), u (Unicode), R (CRLF mode) and x (verbose).
type flags struct{ i, m, s, U, u, R, x bool }

// nestLimit is the regex crate's default nesting limit: how deep the tree may be (see checkNesting).
const nestLimit = 250

// maxOpen bounds the recursion of the parser on groups and brackets. Past nestLimit a pattern is
// rejected anyway; the crate would report the first syntax error after it instead, which the parser
// still finds as long as fewer than maxOpen groups and brackets are open.
const maxOpen = 4 * nestLimit

type nodeOp uint8

const (
	opEmpty   nodeOp = iota // the empty string: (), an empty branch
	opFlags                 // a (?flags) item: matches the empty string, but is an item of its concatenation
	opLiteral               // one character
	opDot                   // .
	opAssert                // ^ $ \A \z \b \B \b{..} \< \>
	opClass                 // \d, \p{..}, [..]: cls
	opRepeat                // kids[0] repeated min..max times (max < 0: unbounded)
	opGroup                 // (..): a capture group when index > 0
	opConcat                // kids one after another (at least two)
	opAlt                   // kids as alternatives (at least two)
)

// assertion is an assertion as written; translate.go resolves it with the flags.
type assertion uint8

const (
	atLineStart       assertion = iota // ^
	atLineEnd                          // $
	atTextStart                        // \A
	atTextEnd                          // \z
	atWordBoundary                     // \b
	atNotWordBoundary                  // \B
	atWordStart                        // \b{start}, \<
	atWordEnd                          // \b{end}, \>
	atWordStartHalf                    // \b{start-half}
	atWordEndHalf                      // \b{end-half}
)

// node is one element of a parsed pattern.
type node struct {
	op       nodeOp
	pos, end int   // byte span in the pattern
	fl       flags // the flags in force where the node was written
	r        rune  // opLiteral
	byteForm bool  // opLiteral written as \xNN: a byte, not a character, when u is off
	at       assertion
	cls      *classNode // opClass
	min, max int        // opRepeat
	lazy     bool       // opRepeat: written with a trailing ? ((?U) swaps greed later)
	index    int        // opGroup: capture index, 0 for a group that does not capture
	kids     []*node
}

type classOp uint8

const (
	clsLiteral   classOp = iota // one character: lo
	clsRange                    // lo-hi
	clsPerl                     // \d \s \w (name "d", "s", "w")
	clsProperty                 // \pN, \p{name}, \p{name=value}
	clsPosix                    // [:name:]
	clsBracket                  // [..]: kids[0] is its set
	clsUnion                    // kids side by side (zero, or at least two)
	clsAnd                      // kids[0] && kids[1]
	clsMinus                    // kids[0] -- kids[1]
	clsXor                      // kids[0] ~~ kids[1]
	clsAssertion                // an assertion escape, only while parsing: an error once it is part of a class
)

// classNode is a character class: an item, a bracketed class, or a set operation.
type classNode struct {
	op             classOp
	pos, end       int
	lo, hi         rune
	loByte, hiByte bool   // lo, hi written as \xNN
	negated        bool   // clsPerl, clsProperty, clsPosix, clsBracket
	name, value    string // clsPerl, clsPosix, clsProperty (value and byValue for \p{name=value})
	byValue        bool
	kids           []*classNode
}

type parser struct {
	pat   string
	pos   int
	fl    flags
	open  int            // groups and brackets being parsed
	ncap  int            // capture groups so far
	names map[string]int // capture names seen, with their offsets
}

// parse parses pattern. Every error is a *SyntaxError.
func parse(pattern string) (*node, error) {
	if !utf8.ValidString(pattern) {
		i := 0
		for i < len(pattern) {
			r, n := utf8.DecodeRuneInString(pattern[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return nil, &SyntaxError{Offset: i, Msg: "pattern is not valid UTF-8"}
	}
	p := &parser{pat: pattern, fl: flags{u: true}}
	root, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if !p.eof() { // alternation stops only at the end or at a ')'
		return nil, p.errAt(p.pos, "closing parenthesis without an opening one")
	}
	if err := checkNesting(root, 0); err != nil {
		return nil, err
	}
	return root, nil
}

func (p *parser) errAt(off int, msg string) error { return &SyntaxError{Offset: off, Msg: msg} }

// The cursor.

func (p *parser) eof() bool { return p.pos >= len(p.pat) }

// peek returns the character at the cursor, or -1 at the end.
func (p *parser) peek() rune {
	if p.eof() {
		return -1
	}
	c := p.pat[p.pos]
	if c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(p.pat[p.pos:])
	return r
}

// next returns the character at the cursor and moves past it; the caller has checked eof.
func (p *parser) next() rune {
	r, n := utf8.DecodeRuneInString(p.pat[p.pos:])
	p.pos += n
	return r
}

func (p *parser) lookingAt(s string) bool { return strings.HasPrefix(p.pat[p.pos:], s) }

// isSpace reports whether r is white space for the regex crate's verbose mode and counted repetitions:
// Unicode's White_Space, the same set as \s.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	return unicode.Is(Space, r)
}

// skip moves past white space and comments (# to the end of the line) when the x flag is on.
func (p *parser) skip() {
	for p.fl.x && !p.eof() {
		switch c := p.peek(); {
		case c == '#':
			if i := strings.IndexByte(p.pat[p.pos:], '\n'); i >= 0 {
				p.pos += i + 1
			} else {
				p.pos = len(p.pat)
			}
		case isSpace(c):
			p.next()
		default:
			return
		}
	}
}

// peekPastDashSpace returns the character at the cursor, or in verbose mode the first one that is
// neither white space nor '#', without moving (see classItem).
func (p *parser) peekPastDashSpace() rune {
	if !p.fl.x {
		return p.peek()
	}
	for _, r := range p.pat[p.pos:] {
		if r != '#' && !isSpace(r) {
			return r
		}
	}
	return -1
}

// skipCountSpace moves past white space inside {m,n}: comments too in verbose mode, white space only
// otherwise (polars accepts a{ 2 , 3 } without x).
func (p *parser) skipCountSpace() {
	if p.fl.x {
		p.skip()
		return
	}
	for !p.eof() && isSpace(p.peek()) {
		p.next()
	}
}

// Expressions.

// alternation parses branches separated by | up to a ')' or the end of the pattern.
func (p *parser) alternation() (*node, error) {
	var branches []*node
	for {
		b, err := p.concatenation()
		if err != nil {
			return nil, err
		}
		branches = append(branches, b)
		if p.peek() != '|' {
			break
		}
		p.pos++
	}
	if len(branches) == 1 {
		return branches[0], nil
	}
	return &node{op: opAlt, pos: branches[0].pos, end: p.pos, fl: p.fl, kids: branches}, nil
}

// concatenation parses items and their repetition operators up to a '|', a ')' or the end.
func (p *parser) concatenation() (*node, error) {
	var items []*node
	for {
		p.skip()
		c := p.peek()
		if c < 0 || c == '|' || c == ')' {
			break
		}
		if c == '*' || c == '+' || c == '?' || c == '{' {
			if len(items) == 0 || items[len(items)-1].op == opFlags {
				return nil, p.errAt(p.pos, "repetition operator without an expression to repeat")
			}
			r, err := p.repetition(items[len(items)-1])
			if err != nil {
				return nil, err
			}
			items[len(items)-1] = r
			continue
		}
		it, err := p.item()
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	switch len(items) {
	case 0:
		return &node{op: opEmpty, pos: p.pos, end: p.pos, fl: p.fl}, nil
	case 1:
		return items[0], nil
	}
	return &node{op: opConcat, pos: items[0].pos, end: p.pos, fl: p.fl, kids: items}, nil
}

// repetition parses the operator at the cursor (*, +, ?, {m,n}, each optionally followed by ? for lazy)
// applied to sub.
func (p *parser) repetition(sub *node) (*node, error) {
	r := &node{op: opRepeat, pos: sub.pos, fl: p.fl, kids: []*node{sub}}
	opPos := p.pos
	switch p.next() {
	case '*':
		r.min, r.max = 0, -1
	case '+':
		r.min, r.max = 1, -1
	case '?':
		r.min, r.max = 0, 1
	default: // '{'
		var err error
		if r.min, r.max, err = p.counts(opPos); err != nil {
			return nil, err
		}
	}
	// The lazy '?' follows *, + and ? directly, while after {m,n} verbose mode lets white space and
	// comments come first: polars reads (?x)a* ? as (a*)? but (?x)a{1,2} ? as lazy.
	if p.pat[opPos] == '{' {
		p.skip()
	}
	if p.peek() == '?' {
		p.pos++
		r.lazy = true
	}
	r.end = p.pos
	return r, nil
}

// maxCount is the largest count the regex crate reads (an unsigned 32-bit number).
const maxCount = 1<<32 - 1

// counts parses the inside of {m}, {m,} or {m,n}; the cursor is past the '{' at open.
func (p *parser) counts(open int) (lo, hi int, err error) {
	unclosed := p.errAt(open, "counted repetition without a closing brace")
	p.skipCountSpace()
	if p.eof() {
		return 0, 0, unclosed
	}
	if lo, err = p.count(); err != nil {
		return 0, 0, err
	}
	switch p.peek() {
	case '}':
		p.pos++
		return lo, lo, nil
	case ',':
		p.pos++
	default:
		return 0, 0, unclosed
	}
	// In verbose mode white space may precede the closing brace of {m,}; without x, polars rejects
	// "a{2, }" although it accepts "a{2 ,}" and "a{2, 3}".
	p.skip()
	switch p.peek() {
	case -1:
		return 0, 0, unclosed
	case '}':
		p.pos++
		return lo, -1, nil
	}
	if hi, err = p.count(); err != nil {
		return 0, 0, err
	}
	if p.peek() != '}' {
		return 0, 0, unclosed
	}
	p.pos++
	if lo > hi {
		return 0, 0, p.errAt(open, "counted repetition with a minimum larger than its maximum")
	}
	return lo, hi, nil
}

// count parses a decimal count with the white space around it (and, in verbose mode, inside it).
func (p *parser) count() (int, error) {
	p.skipCountSpace()
	start := p.pos
	v, digits := 0, 0
	for c := p.peek(); '0' <= c && c <= '9'; c = p.peek() {
		if v <= maxCount {
			v = v*10 + int(c-'0')
		}
		digits++
		p.pos++
		if p.fl.x {
			p.skip()
		}
	}
	if digits == 0 {
		return 0, p.errAt(p.pos, "counted repetition expects a decimal number")
	}
	if v > maxCount {
		return 0, p.errAt(start, "repetition count does not fit in 32 bits")
	}
	p.skipCountSpace()
	return v, nil
}

// item parses one item of a concatenation: a group, a class, an escape, an assertion or a character.
func (p *parser) item() (*node, error) {
	start := p.pos
	n := &node{pos: start, fl: p.fl}
	switch c := p.next(); c {
	case '(':
		return p.group(start)
	case '[':
		cls, err := p.bracket(start)
		if err != nil {
			return nil, err
		}
		n.op, n.cls = opClass, cls
	case '\\':
		e, err := p.escape(start)
		if err != nil {
			return nil, err
		}
		switch {
		case e.cls != nil:
			n.op, n.cls = opClass, e.cls
		case e.isAssert:
			n.op, n.at = opAssert, e.at
		default:
			n.op, n.r, n.byteForm = opLiteral, e.r, e.byteForm
		}
	case '.':
		n.op = opDot
	case '^':
		n.op, n.at = opAssert, atLineStart
	case '$':
		n.op, n.at = opAssert, atLineEnd
	default:
		n.op, n.r = opLiteral, c
	}
	n.end = p.pos
	return n, nil
}

// enter and leave count open groups and brackets, to bound the recursion.
func (p *parser) enter(pos int) error {
	p.open++
	if p.open > maxOpen {
		return errNesting(pos)
	}
	return nil
}

func (p *parser) leave() { p.open-- }

func errNesting(pos int) error {
	return &SyntaxError{Offset: pos, Msg: "groups, brackets and repetitions nested deeper than the limit of 250"}
}

// group parses what follows a '(' at open: a group, a (?flags) item, or one of the constructs the
// regex crate rejects (look-around).
func (p *parser) group(open int) (*node, error) {
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	outer := p.fl
	g := &node{op: opGroup, pos: open, fl: p.fl}
	p.skip()
	if p.peek() != '?' {
		p.ncap++
		g.index = p.ncap
	} else {
		q := p.pos
		p.pos++
		switch {
		case p.eof():
			return nil, p.errAt(open, "group without a closing parenthesis")
		case p.peek() == ')':
			return nil, p.errAt(q, "repetition operator without an expression to repeat")
		case p.lookingAt("P<"):
			p.pos += 2
			if err := p.captureName(); err != nil {
				return nil, err
			}
			p.ncap++
			g.index = p.ncap
		case p.lookingAt("<=") || p.lookingAt("<!") || p.lookingAt("=") || p.lookingAt("!"):
			return nil, p.errAt(open, "look-around is not supported")
		case p.lookingAt("<"):
			p.pos++
			if err := p.captureName(); err != nil {
				return nil, err
			}
			p.ncap++
			g.index = p.ncap
		default:
			fl, err := p.flagList()
			if err != nil {
				return nil, err
			}
			if p.next() == ')' {
				// (?flags): the flags hold from here to the end of the enclosing group.
				p.fl = fl
				return &node{op: opFlags, pos: open, end: p.pos, fl: fl}, nil
			}
			p.fl = fl // (?flags:...)
		}
	}
	body, err := p.alternation()
	if err != nil {
		return nil, err
	}
	if p.eof() {
		return nil, p.errAt(open, "group without a closing parenthesis")
	}
	p.pos++ // ')'
	p.fl = outer
	g.kids = []*node{body}
	g.end = p.pos
	return g, nil
}

// flagList parses flags such as "i", "im-sx" up to the ':' or ')' that ends them, which it leaves at the
// cursor, and returns the flags in force after them.
func (p *parser) flagList() (flags, error) {
	fl := p.fl
	seen := map[rune]int{}
	dash, flagsAfterDash := -1, 0
	for {
		if p.eof() {
			return fl, p.errAt(p.pos, "flag group without ':' or ')'")
		}
		c := p.peek()
		if c == ':' || c == ')' {
			if dash >= 0 && flagsAfterDash == 0 {
				return fl, p.errAt(dash, "'-' in a flag group must be followed by a flag")
			}
			return fl, nil
		}
		if c == '-' {
			if dash >= 0 {
				return fl, p.errAt(p.pos, "a flag group can have only one '-'")
			}
			dash = p.pos
			p.pos++
			continue
		}
		on := dash < 0
		var f *bool
		switch c {
		case 'i':
			f = &fl.i
		case 'm':
			f = &fl.m
		case 's':
			f = &fl.s
		case 'U':
			f = &fl.U
		case 'u':
			f = &fl.u
		case 'R':
			f = &fl.R
		case 'x':
			f = &fl.x
		default:
			return fl, p.errAt(p.pos, "unknown flag (the flags are i, m, s, U, u, R and x)")
		}
		if _, dup := seen[c]; dup {
			return fl, p.errAt(p.pos, "flag given twice in one group")
		}
		seen[c] = p.pos
		*f = on
		if !on {
			flagsAfterDash++
		}
		p.pos++
	}
}

// captureName parses a group name and its closing '>'. A name starts with '_' or an alphabetic
// character and goes on with alphanumeric characters (Unicode's Alphabetic and Number) and "_.[]".
func (p *parser) captureName() error {
	start := p.pos
	for {
		if p.eof() {
			return p.errAt(p.pos, "capture group name without a closing '>'")
		}
		at := p.pos
		c := p.next()
		if c == '>' {
			break
		}
		ok := c == '_' || isAlphabetic(c)
		if at > start {
			ok = ok || c == '.' || c == '[' || c == ']' || isNumeric(c)
		}
		if !ok {
			return p.errAt(at, "character not allowed in a capture group name")
		}
	}
	name := p.pat[start : p.pos-1]
	if name == "" {
		return p.errAt(start, "empty capture group name")
	}
	if p.names == nil {
		p.names = map[string]int{}
	}
	if _, dup := p.names[name]; dup {
		return p.errAt(start, "capture group name used twice")
	}
	p.names[name] = start
	return nil
}

func isAlphabetic(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return mustSet("bool:Alphabetic").contains(r)
}

func isNumeric(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return mustSet("gc:Number").contains(r)
}

// Escapes.

// escaped is what an escape sequence stands for: a character, a class or an assertion.
type escaped struct {
	r        rune
	byteForm bool
	cls      *classNode
	isAssert bool
	at       assertion
}

// escape parses what follows a '\' at start.
func (p *parser) escape(start int) (escaped, error) {
	if p.eof() {
		return escaped{}, p.errAt(start, "pattern ends in the middle of an escape sequence")
	}
	c := p.next()
	switch c {
	case 'x', 'u', 'U':
		r, byteForm, err := p.hexEscape(c, start)
		return escaped{r: r, byteForm: byteForm}, err
	case 'p', 'P':
		cls, err := p.property(start, c == 'P')
		return escaped{cls: cls}, err
	case 'd', 's', 'w', 'D', 'S', 'W':
		lower := unicode.ToLower(c)
		return escaped{cls: &classNode{op: clsPerl, pos: start, end: p.pos, name: string(lower), negated: c != lower}}, nil
	case 'a':
		return escaped{r: '\a'}, nil
	case 'f':
		return escaped{r: '\f'}, nil
	case 't':
		return escaped{r: '\t'}, nil
	case 'n':
		return escaped{r: '\n'}, nil
	case 'r':
		return escaped{r: '\r'}, nil
	case 'v':
		return escaped{r: '\v'}, nil
	case 'A', 'z', 'b', 'B', '<', '>':
		e := escaped{isAssert: true}
		switch c {
		case 'A':
			e.at = atTextStart
		case 'z':
			e.at = atTextEnd
		case 'B':
			e.at = atNotWordBoundary
		case '<':
			e.at = atWordStart
		case '>':
			e.at = atWordEnd
		default:
			at, err := p.wordBoundary(start)
			e.at = at
			return e, err
		}
		return e, nil
	}
	switch {
	case '0' <= c && c <= '9':
		return escaped{}, p.errAt(start, "backreferences are not supported")
	case c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
		// Any other ASCII character that is not a letter or digit stands for itself.
		return escaped{r: c}, nil
	}
	return escaped{}, p.errAt(start, "unknown escape sequence")
}

// wordBoundary parses what may follow \b: {start}, {end}, {start-half} or {end-half}. A brace followed by
// anything but a letter or '-' is a counted repetition of \b, left at the cursor.
func (p *parser) wordBoundary(start int) (assertion, error) {
	if p.peek() != '{' {
		return atWordBoundary, nil
	}
	brace := p.pos
	p.pos++
	p.skip()
	c := p.peek()
	if c < 0 {
		return 0, p.errAt(start, `\b{ without a closing brace`)
	}
	if !isBoundaryNameChar(c) {
		p.pos = brace
		return atWordBoundary, nil
	}
	var name strings.Builder
	for {
		p.skip()
		if p.eof() {
			return 0, p.errAt(brace, `special word boundary without a closing brace, or with a character other than a letter or '-'`)
		}
		c := p.next()
		if c == '}' {
			break
		}
		if !isBoundaryNameChar(c) {
			return 0, p.errAt(brace, `special word boundary without a closing brace, or with a character other than a letter or '-'`)
		}
		name.WriteRune(c)
	}
	switch name.String() {
	case "start":
		return atWordStart, nil
	case "end":
		return atWordEnd, nil
	case "start-half":
		return atWordStartHalf, nil
	case "end-half":
		return atWordEndHalf, nil
	}
	return 0, p.errAt(brace, `unknown special word boundary (the choices are \b{start}, \b{end}, \b{start-half} and \b{end-half})`)
}

func isBoundaryNameChar(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-'
}

// hexEscape parses the digits of \x, \u or \U (kind): two, four or eight hex digits, or any number of
// them in braces. byteForm reports the two-digit \x form, which is a byte when Unicode is off.
func (p *parser) hexEscape(kind rune, start int) (r rune, byteForm bool, err error) {
	incomplete := func() error {
		return p.errAt(p.pos, "pattern ends in the middle of an escape sequence")
	}
	p.skip()
	if p.eof() {
		return 0, false, incomplete()
	}
	var v uint64
	digitsStart := p.pos
	if p.peek() == '{' {
		brace := p.pos
		p.pos++
		n := 0
		for {
			p.skip()
			if p.eof() {
				return 0, false, p.errAt(brace, "pattern ends in the middle of an escape sequence")
			}
			at := p.pos
			c := p.next()
			if c == '}' {
				break
			}
			d, ok := hexDigit(c)
			if !ok {
				return 0, false, p.errAt(at, "invalid hexadecimal digit")
			}
			if n == 0 {
				digitsStart = at
			}
			if v <= unicode.MaxRune {
				v = v*16 + uint64(d)
			}
			n++
		}
		if n == 0 {
			return 0, false, p.errAt(brace, "empty hexadecimal escape")
		}
	} else {
		digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[kind]
		for i := 0; i < digits; i++ {
			if i > 0 {
				p.skip()
			}
			if p.eof() {
				return 0, false, incomplete()
			}
			at := p.pos
			d, ok := hexDigit(p.next())
			if !ok {
				return 0, false, p.errAt(at, "invalid hexadecimal digit")
			}
			v = v*16 + uint64(d)
		}
		byteForm = kind == 'x'
	}
	if v > unicode.MaxRune || 0xD800 <= v && v <= 0xDFFF {
		return 0, false, p.errAt(digitsStart, "hexadecimal escape is not a Unicode scalar value")
	}
	return rune(v), byteForm, nil
}

func hexDigit(c rune) (int, bool) {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0'), true
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// property parses the name of \p or \P (negated): one character, or braces around a name, name=value,
// name:value or name!=value (the last one negates).
func (p *parser) property(start int, negated bool) (*classNode, error) {
	p.skip()
	if p.eof() {
		return nil, p.errAt(p.pos, "pattern ends in the middle of an escape sequence")
	}
	var text string
	if p.peek() == '{' {
		p.pos++
		var b strings.Builder
		for {
			p.skip()
			if p.eof() {
				return nil, p.errAt(p.pos, "pattern ends in the middle of an escape sequence")
			}
			c := p.next()
			if c == '}' {
				break
			}
			b.WriteRune(c)
		}
		text = b.String()
	} else {
		if p.peek() == '\\' {
			return nil, p.errAt(p.pos, `\p and \P take a name, not an escape sequence`)
		}
		text = string(p.next())
	}
	c := &classNode{op: clsProperty, pos: start, end: p.pos, negated: negated, name: text}
	if i := strings.Index(text, "!="); i >= 0 {
		c.name, c.value, c.byValue = text[:i], text[i+2:], true
		c.negated = !c.negated
	} else if i := strings.IndexAny(text, ":"); i >= 0 {
		c.name, c.value, c.byValue = text[:i], text[i+1:], true
	} else if i := strings.IndexByte(text, '='); i >= 0 {
		c.name, c.value, c.byValue = text[:i], text[i+1:], true
	}
	return c, nil
}

// Classes in brackets.

// bracket parses a class after its '[' at open: an optional '^', then a set (items side by side)
// possibly combined with others by &&, -- and ~~, which bind less than the items and apply from left to
// right. A ']' right after "[" or "[^" is a literal, and so are the '-' that start a class.
func (p *parser) bracket(open int) (*classNode, error) {
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	b := &classNode{op: clsBracket, pos: open}
	p.skip()
	if p.peek() == '^' {
		b.negated = true
		p.pos++
		p.skip()
	}
	var first []*classNode
	if p.peek() == ']' {
		first = append(first, &classNode{op: clsLiteral, pos: p.pos, end: p.pos + 1, lo: ']'})
		p.pos++
	} else {
		for p.peek() == '-' {
			first = append(first, &classNode{op: clsLiteral, pos: p.pos, end: p.pos + 1, lo: '-'})
			p.pos++
			p.skip()
		}
	}
	set, err := p.classUnion(first)
	if err != nil {
		return nil, err
	}
	for {
		if p.eof() {
			return nil, p.errAt(open, "character class without a closing bracket")
		}
		if p.peek() == ']' {
			p.pos++
			break
		}
		op := map[byte]classOp{'&': clsAnd, '-': clsMinus, '~': clsXor}[p.pat[p.pos]]
		opPos := p.pos
		p.pos += 2
		rhs, err := p.classUnion(nil)
		if err != nil {
			return nil, err
		}
		set = &classNode{op: op, pos: opPos, end: p.pos, kids: []*classNode{set, rhs}}
	}
	b.kids = []*classNode{set}
	b.end = p.pos
	return b, nil
}

// atSetOperator reports whether the cursor is at &&, -- or ~~.
func (p *parser) atSetOperator() bool {
	return p.lookingAt("&&") || p.lookingAt("--") || p.lookingAt("~~")
}

// classUnion parses class items up to a ']', a set operator or the end, after the items in first.
func (p *parser) classUnion(first []*classNode) (*classNode, error) {
	items := first
	start := p.pos
	for {
		p.skip()
		if p.eof() || p.peek() == ']' || p.atSetOperator() {
			break
		}
		it, err := p.classItem()
		if err != nil {
			return nil, err
		}
		if it.op == clsAssertion {
			// polars reports an unclosed class first if the pattern ends right after the assertion.
			if p.skip(); p.eof() {
				break
			}
			return nil, p.errAt(it.pos, "assertion escape inside a character class")
		}
		items = append(items, it)
	}
	if len(items) == 1 {
		return items[0], nil
	}
	u := &classNode{op: clsUnion, pos: start, end: p.pos, kids: items}
	if len(items) > 0 {
		u.pos = items[0].pos
	}
	return u, nil
}

// classItem parses one item of a class: a nested class, [:name:], or a character or escape that may
// start a range.
func (p *parser) classItem() (*classNode, error) {
	start := p.pos
	if p.peek() == '[' {
		if c := p.posixClass(); c != nil {
			return c, nil
		}
		p.pos++
		return p.bracket(start)
	}
	lo, err := p.classAtom()
	if err != nil {
		return nil, err
	}
	// A range needs a '-' that is not part of "--" and is followed by something other than ']' or
	// another '-'. To look past the '-' in verbose mode, polars passes over white space and '#'
	// characters but not over whole comments: (?x)[a - ] is 'a' and '-', (?x)[a-#<newline>] too, but
	// (?x)[a-#c<newline>] is the range from 'a' to ']'.
	save := p.pos
	p.skip()
	if p.peek() != '-' || p.atSetOperator() {
		p.pos = save
		return lo, nil
	}
	dash := p.pos
	p.pos++
	if c := p.peekPastDashSpace(); c < 0 || c == ']' || c == '-' {
		p.pos = dash
		return lo, nil
	}
	if p.skip(); p.eof() { // a comment ran to the end: the class is unclosed
		return lo, nil
	}
	hi, err := p.classAtom()
	if err != nil {
		return nil, err
	}
	for _, end := range []*classNode{lo, hi} {
		if end.op != clsLiteral {
			return nil, p.errAt(end.pos, "a class range must go from a character to a character")
		}
	}
	if lo.lo > hi.lo {
		return nil, p.errAt(start, "class range whose start is after its end")
	}
	return &classNode{op: clsRange, pos: start, end: p.pos, lo: lo.lo, hi: hi.lo, loByte: lo.loByte, hiByte: hi.loByte}, nil
}

// classAtom parses a character or an escape inside a class ('[' is a character here).
func (p *parser) classAtom() (*classNode, error) {
	start := p.pos
	c := p.next()
	if c != '\\' {
		return &classNode{op: clsLiteral, pos: start, end: p.pos, lo: c}, nil
	}
	e, err := p.escape(start)
	if err != nil {
		return nil, err
	}
	if e.cls != nil {
		return e.cls, nil
	}
	if e.isAssert {
		return &classNode{op: clsAssertion, pos: start, end: p.pos}, nil
	}
	return &classNode{op: clsLiteral, pos: start, end: p.pos, lo: e.r, loByte: e.byteForm}, nil
}

// posixClass parses [:name:] or [:^name:] at the cursor if it is exactly that with a known name (no white
// space, even in verbose mode); otherwise it returns nil and leaves the cursor.
func (p *parser) posixClass() *classNode {
	rest := p.pat[p.pos:]
	if !strings.HasPrefix(rest, "[:") {
		return nil
	}
	if len(rest) > len("[:^xdigit:]") {
		rest = rest[:len("[:^xdigit:]")] // the longest form
	}
	end := strings.Index(rest, ":]")
	if end < 2 {
		return nil
	}
	name, negated := rest[2:end], false
	if strings.HasPrefix(name, "^") {
		name, negated = name[1:], true
	}
	if _, ok := asciiClasses[name]; !ok {
		return nil
	}
	c := &classNode{op: clsPosix, pos: p.pos, end: p.pos + end + 2, name: name, negated: negated}
	p.pos = c.end
	return c
}

// The nesting limit.

// checkNesting applies the regex crate's nesting limit: a group, a repetition, an alternation, a
// concatenation, a bracketed class, a class set operation and a class union of several items each add
// a level; more than nestLimit levels is an error at the first node that is too deep. (Found with polars:
// 250 nested groups around "a" pass, around "ab" they do not; a**...* with 250 stars passes.)
func checkNesting(n *node, depth int) error {
	switch n.op {
	case opGroup, opRepeat, opConcat, opAlt:
		depth++
		if depth > nestLimit {
			return errNesting(n.pos)
		}
	case opClass:
		return checkClassNesting(n.cls, depth)
	}
	for _, k := range n.kids {
		if err := checkNesting(k, depth); err != nil {
			return err
		}
	}
	return nil
}

func checkClassNesting(c *classNode, depth int) error {
	if c.op == clsBracket || c.op == clsAnd || c.op == clsMinus || c.op == clsXor || c.op == clsUnion && len(c.kids) > 1 {
		depth++
		if depth > nestLimit {
			return errNesting(c.pos)
		}
	}
	for _, k := range c.kids {
		if err := checkClassNesting(k, depth); err != nil {
			return err
		}
	}
	return nil
}
