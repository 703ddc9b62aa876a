package rustre

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// This file parses the regex crate's syntax (regex-syntax 0.8, as polars uses it) into an AST shaped like
// the crate's own, so that its nesting limit and its rules about what may be repeated apply the same way.
// translate.go then resolves the flags and the classes.

type astKind uint8

const (
	astEmpty astKind = iota
	astFlags         // (?flags) in a concatenation
	astLiteral
	astDot
	astAssert
	astClassUnicode // \pN, \p{..}, \P{..}
	astClassPerl    // \d \s \w and negations
	astBracketed    // [..]
	astRepeat
	astGroup
	astAlt
	astConcat
)

type assertKind uint8

const (
	assertStartLine     assertKind = iota // ^
	assertEndLine                         // $
	assertStartText                       // \A
	assertEndText                         // \z
	assertWord                            // \b
	assertNotWord                         // \B
	assertWordStart                       // \b{start}, \<
	assertWordEnd                         // \b{end}, \>
	assertWordStartHalf                   // \b{start-half}
	assertWordEndHalf                     // \b{end-half}
)

// flagSet holds explicitly set flags; unset flags inherit. Values: 0 unset, 1 on, 2 off.
type flagSet struct{ i, m, s, U, u, R, x uint8 }

type ast struct {
	kind     astKind
	pos, end int // byte span in the pattern
	subs     []*ast

	c       rune // astLiteral
	hexByte bool // astLiteral written as \xNN (a byte when Unicode is off)

	assert assertKind

	negated bool // astClassUnicode, astClassPerl, astBracketed
	perl    byte // 'd', 's' or 'w'
	uniName string
	uniVal  string
	byValue bool // \p{name=value}, \p{name:value} or \p{name!=value}

	cls *classNode // astBracketed: the set inside the brackets

	flags *flagSet // astFlags, and astGroup for (?flags:..)

	capture int // astGroup: capture index, 0 if not capturing

	min, max int // astRepeat; max < 0 means unbounded
	greedy   bool
}

// classNode is a class set: an item or a binary operation (&&, --, ~~) of two class sets.
type classNodeKind uint8

const (
	ciEmpty classNodeKind = iota
	ciLiteral
	ciRange
	ciASCII
	ciUnicode // lit holds the \p item as an ast
	ciPerl
	ciBracketed
	ciUnion
	ciIntersect
	ciDifference
	ciSymDiff
)

type classNode struct {
	kind     classNodeKind
	pos, end int
	lo, hi   *ast // ciLiteral (lo), ciRange
	ascii    string
	negated  bool         // ciASCII, ciBracketed
	item     *ast         // ciUnicode, ciPerl
	subs     []*classNode // ciUnion items; ciBracketed (one: its set); binary ops (lhs, rhs)
}

const nestLimit = 250

type groupState struct {
	// A group on the stack: the concatenation before it and the group node, or an alternation.
	isAlt     bool
	concat    []*ast
	concatPos int
	group     *ast
	alt       *ast
	oldX      bool
}

type parser struct {
	pat      string
	pos      int
	x        bool
	captures int
	names    map[string]bool
	stack    []groupState
	groupDep int
}

func (p *parser) eof() bool { return p.pos >= len(p.pat) }

func (p *parser) char() rune {
	r, _ := utf8.DecodeRuneInString(p.pat[p.pos:])
	return r
}

func (p *parser) bump() bool {
	if p.eof() {
		return false
	}
	_, n := utf8.DecodeRuneInString(p.pat[p.pos:])
	p.pos += n
	return !p.eof()
}

func (p *parser) bumpIf(prefix string) bool {
	if len(p.pat)-p.pos >= len(prefix) && p.pat[p.pos:p.pos+len(prefix)] == prefix {
		p.pos += len(prefix)
		return true
	}
	return false
}

// bumpSpace skips whitespace and # comments when the x flag is on.
func (p *parser) bumpSpace() {
	if !p.x {
		return
	}
	for !p.eof() {
		c := p.char()
		switch {
		case unicode.IsSpace(c):
			p.bump()
		case c == '#':
			p.bump()
			for !p.eof() {
				c := p.char()
				p.bump()
				if c == '\n' {
					break
				}
			}
		default:
			return
		}
	}
}

func (p *parser) bumpAndBumpSpace() bool {
	if !p.bump() {
		return false
	}
	p.bumpSpace()
	return !p.eof()
}

func (p *parser) peek() (rune, bool) {
	if p.eof() {
		return 0, false
	}
	_, n := utf8.DecodeRuneInString(p.pat[p.pos:])
	if p.pos+n >= len(p.pat) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(p.pat[p.pos+n:])
	return r, true
}

// peekSpace is peek that, in x mode, skips whitespace and one '#' the way the regex crate does.
func (p *parser) peekSpace() (rune, bool) {
	if !p.x {
		return p.peek()
	}
	if p.eof() {
		return 0, false
	}
	_, n := utf8.DecodeRuneInString(p.pat[p.pos:])
	inComment := false
	for _, c := range p.pat[p.pos+n:] {
		switch {
		case unicode.IsSpace(c):
		case !inComment && c == '#':
			inComment = true
		default:
			return c, true
		}
	}
	return p.peek()
}

func (p *parser) errAt(off int, msg string) error { return &SyntaxError{Offset: off, Msg: msg} }

func concatAST(items []*ast, pos, end int) *ast {
	switch len(items) {
	case 0:
		return &ast{kind: astEmpty, pos: pos, end: end}
	case 1:
		return items[0]
	}
	return &ast{kind: astConcat, pos: pos, end: end, subs: items}
}

// parse parses the whole pattern.
func parse(pattern string) (*ast, error) {
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
	p := &parser{pat: pattern, names: map[string]bool{}}
	var concat []*ast
	concatPos := 0
	for {
		p.bumpSpace()
		if p.eof() {
			break
		}
		var err error
		switch p.char() {
		case '(':
			concat, concatPos, err = p.pushGroup(concat, concatPos)
		case ')':
			concat, concatPos, err = p.popGroup(concat, concatPos)
		case '|':
			p.pushAlternate(concat, concatPos)
			p.bump()
			concat, concatPos = nil, p.pos
		case '[':
			var cls *ast
			cls, err = p.parseSetClass()
			if err == nil {
				concat = append(concat, cls)
			}
		case '?', '*', '+':
			concat, err = p.parseUncountedRepetition(concat)
		case '{':
			concat, err = p.parseCountedRepetition(concat)
		default:
			var prim *ast
			prim, err = p.parsePrimitive()
			if err == nil {
				concat = append(concat, prim)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	root, err := p.popGroupEnd(concat, concatPos)
	if err != nil {
		return nil, err
	}
	if err := checkNest(root, 0); err != nil {
		return nil, err
	}
	return root, nil
}

func (p *parser) pushAlternate(concat []*ast, concatPos int) {
	c := concatAST(concat, concatPos, p.pos)
	if n := len(p.stack); n > 0 && p.stack[n-1].isAlt {
		alt := p.stack[n-1].alt
		alt.subs = append(alt.subs, c)
		return
	}
	p.stack = append(p.stack, groupState{isAlt: true, alt: &ast{kind: astAlt, pos: concatPos, subs: []*ast{c}}})
}

func (p *parser) pushGroup(concat []*ast, concatPos int) ([]*ast, int, error) {
	open := p.pos
	p.bump()
	p.bumpSpace()
	if p.bumpIf("?=") || p.bumpIf("?!") || p.bumpIf("?<=") || p.bumpIf("?<!") {
		return nil, 0, p.errAt(open, "look-around, including look-ahead and look-behind, is not supported")
	}
	g := &ast{kind: astGroup, pos: open}
	switch {
	case p.bumpIf("?P<") || p.bumpIf("?<"):
		if err := p.nextCapture(open); err != nil {
			return nil, 0, err
		}
		g.capture = p.captures
		if err := p.parseCaptureName(); err != nil {
			return nil, 0, err
		}
	case p.bumpIf("?"):
		if p.eof() {
			return nil, 0, p.errAt(open, "unclosed group")
		}
		flagStart := p.pos
		fs, n, err := p.parseFlags()
		if err != nil {
			return nil, 0, err
		}
		end := p.char()
		p.bump()
		if end == ')' {
			if n == 0 {
				return nil, 0, p.errAt(flagStart, "repetition operator missing expression")
			}
			if fs.x != 0 {
				p.x = fs.x == 1
			}
			return append(concat, &ast{kind: astFlags, pos: open, end: p.pos, flags: fs}), concatPos, nil
		}
		g.flags = fs
	default:
		if err := p.nextCapture(open); err != nil {
			return nil, 0, err
		}
		g.capture = p.captures
	}
	p.groupDep++
	if p.groupDep > nestLimit {
		return nil, 0, p.errAt(open, "exceeds the nest limit of 250")
	}
	st := groupState{concat: concat, concatPos: concatPos, group: g, oldX: p.x}
	if g.flags != nil && g.flags.x != 0 {
		p.x = g.flags.x == 1
	}
	p.stack = append(p.stack, st)
	return nil, p.pos, nil
}

func (p *parser) nextCapture(open int) error {
	if p.captures == 1<<31-2 {
		return p.errAt(open, "too many capture groups")
	}
	p.captures++
	return nil
}

func (p *parser) parseCaptureName() error {
	if p.eof() {
		return p.errAt(p.pos, "capture group name is unclosed")
	}
	start := p.pos
	for p.char() != '>' {
		c := p.char()
		first := p.pos == start
		ok := c == '_' || isAlphabetic(c)
		if !first {
			ok = ok || c == '.' || c == '[' || c == ']' || isNumeric(c)
		}
		if !ok {
			return p.errAt(p.pos, "invalid capture group character")
		}
		if !p.bump() {
			break
		}
	}
	end := p.pos
	if p.eof() {
		return p.errAt(p.pos, "capture group name is unclosed")
	}
	p.bump()
	name := p.pat[start:end]
	if name == "" {
		return p.errAt(start, "empty capture group name")
	}
	if p.names[name] {
		return p.errAt(start, "duplicate capture group name "+strconv.Quote(name))
	}
	p.names[name] = true
	return nil
}

// isAlphabetic and isNumeric are Rust's char::is_alphabetic (Alphabetic) and the N categories.
func isAlphabetic(c rune) bool { return mustSet("bool:Alphabetic").contains(c) }
func isNumeric(c rune) bool    { return mustSet("gc:Number").contains(c) }

// parseFlags reads flags up to ':' or ')' and returns them with the number of items (flags and '-').
func (p *parser) parseFlags() (*flagSet, int, error) {
	fs := &flagSet{}
	items := 0
	negSeen, lastNeg := false, false
	val := uint8(1)
	for p.char() != ':' && p.char() != ')' {
		c := p.char()
		if c == '-' {
			if negSeen {
				return nil, 0, p.errAt(p.pos, "flag negation operator repeated")
			}
			negSeen, lastNeg, val = true, true, 2
		} else {
			lastNeg = false
			var f *uint8
			switch c {
			case 'i':
				f = &fs.i
			case 'm':
				f = &fs.m
			case 's':
				f = &fs.s
			case 'U':
				f = &fs.U
			case 'u':
				f = &fs.u
			case 'R':
				f = &fs.R
			case 'x':
				f = &fs.x
			default:
				return nil, 0, p.errAt(p.pos, "unrecognized flag")
			}
			if *f != 0 {
				return nil, 0, p.errAt(p.pos, "duplicate flag")
			}
			*f = val
		}
		items++
		if !p.bump() {
			return nil, 0, p.errAt(p.pos, "expected flag but got end of pattern")
		}
	}
	if lastNeg {
		return nil, 0, p.errAt(p.pos-1, "flag negation operator without a flag")
	}
	return fs, items, nil
}

func (p *parser) popGroup(concat []*ast, concatPos int) ([]*ast, int, error) {
	var alt *ast
	n := len(p.stack)
	if n > 0 && p.stack[n-1].isAlt {
		alt = p.stack[n-1].alt
		p.stack = p.stack[:n-1]
		n--
	}
	if n == 0 {
		return nil, 0, p.errAt(p.pos, "unopened group")
	}
	st := p.stack[n-1]
	p.stack = p.stack[:n-1]
	p.groupDep--
	p.x = st.oldX
	inner := concatAST(concat, concatPos, p.pos)
	if alt != nil {
		alt.subs = append(alt.subs, inner)
		alt.end = p.pos
		inner = alt
	}
	p.bump()
	st.group.end = p.pos
	st.group.subs = []*ast{inner}
	return append(st.concat, st.group), st.concatPos, nil
}

func (p *parser) popGroupEnd(concat []*ast, concatPos int) (*ast, error) {
	root := concatAST(concat, concatPos, p.pos)
	n := len(p.stack)
	if n > 0 && p.stack[n-1].isAlt {
		alt := p.stack[n-1].alt
		alt.subs = append(alt.subs, root)
		alt.end = p.pos
		root = alt
		n--
	}
	if n > 0 {
		return nil, p.errAt(p.stack[n-1].group.pos, "unclosed group")
	}
	return root, nil
}

func (p *parser) parseUncountedRepetition(concat []*ast) ([]*ast, error) {
	opPos := p.pos
	if len(concat) == 0 || concat[len(concat)-1].kind == astEmpty || concat[len(concat)-1].kind == astFlags {
		return nil, p.errAt(opPos, "repetition operator missing expression")
	}
	sub := concat[len(concat)-1]
	min, max := 0, -1
	switch p.char() {
	case '?':
		max = 1
	case '+':
		min = 1
	}
	greedy := true
	if p.bump() && p.char() == '?' {
		greedy = false
		p.bump()
	}
	concat[len(concat)-1] = &ast{kind: astRepeat, pos: sub.pos, end: p.pos, subs: []*ast{sub}, min: min, max: max, greedy: greedy}
	return concat, nil
}

func (p *parser) parseCountedRepetition(concat []*ast) ([]*ast, error) {
	start := p.pos
	if len(concat) == 0 || concat[len(concat)-1].kind == astEmpty || concat[len(concat)-1].kind == astFlags {
		return nil, p.errAt(start, "repetition operator missing expression")
	}
	sub := concat[len(concat)-1]
	if !p.bumpAndBumpSpace() {
		return nil, p.errAt(start, "unclosed counted repetition")
	}
	lo, loErr := p.parseDecimal()
	if p.eof() {
		return nil, p.errAt(start, "unclosed counted repetition")
	}
	min, max := 0, 0
	if p.char() == ',' {
		if !p.bumpAndBumpSpace() {
			return nil, p.errAt(start, "unclosed counted repetition")
		}
		if loErr != nil {
			return nil, loErr
		}
		min, max = lo, -1
		if p.char() != '}' {
			hi, err := p.parseDecimal()
			if err != nil {
				return nil, err
			}
			max = hi
		}
	} else {
		if loErr != nil {
			return nil, loErr
		}
		min, max = lo, lo
	}
	if p.eof() || p.char() != '}' {
		return nil, p.errAt(start, "unclosed counted repetition")
	}
	greedy := true
	if p.bumpAndBumpSpace() && p.char() == '?' {
		greedy = false
		p.bump()
	}
	if max >= 0 && min > max {
		return nil, p.errAt(start, "invalid repetition count range, the start must be <= the end")
	}
	concat[len(concat)-1] = &ast{kind: astRepeat, pos: sub.pos, end: p.pos, subs: []*ast{sub}, min: min, max: max, greedy: greedy}
	return concat, nil
}

func (p *parser) parseDecimal() (int, error) {
	for !p.eof() && unicode.IsSpace(p.char()) {
		p.bump()
	}
	start := p.pos
	digits := ""
	for !p.eof() && '0' <= p.char() && p.char() <= '9' {
		digits += string(p.char())
		p.bumpAndBumpSpace()
	}
	for !p.eof() && unicode.IsSpace(p.char()) {
		p.bumpAndBumpSpace()
	}
	if digits == "" {
		return 0, p.errAt(start, "repetition quantifier expects a valid decimal")
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil {
		return 0, p.errAt(start, "decimal literal invalid")
	}
	return int(n), nil
}

func (p *parser) parsePrimitive() (*ast, error) {
	start := p.pos
	switch c := p.char(); c {
	case '\\':
		return p.parseEscape()
	case '.':
		p.bump()
		return &ast{kind: astDot, pos: start, end: p.pos}, nil
	case '^':
		p.bump()
		return &ast{kind: astAssert, pos: start, end: p.pos, assert: assertStartLine}, nil
	case '$':
		p.bump()
		return &ast{kind: astAssert, pos: start, end: p.pos, assert: assertEndLine}, nil
	default:
		p.bump()
		return &ast{kind: astLiteral, pos: start, end: p.pos, c: c}, nil
	}
}

func isMeta(c rune) bool {
	switch c {
	case '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~':
		return true
	}
	return false
}

func isEscapeable(c rune) bool {
	if isMeta(c) {
		return true
	}
	if c >= 0x80 || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '<' || c == '>' {
		return false
	}
	return true
}

func (p *parser) parseEscape() (*ast, error) {
	start := p.pos
	if !p.bump() {
		return nil, p.errAt(start, "incomplete escape sequence, reached end of pattern prematurely")
	}
	c := p.char()
	switch {
	case '0' <= c && c <= '9':
		return nil, p.errAt(start, "backreferences are not supported")
	case c == 'x' || c == 'u' || c == 'U':
		return p.parseHex(start)
	case c == 'p' || c == 'P':
		return p.parseUnicodeClass(start)
	case c == 'd' || c == 's' || c == 'w' || c == 'D' || c == 'S' || c == 'W':
		p.bump()
		lower := byte(unicode.ToLower(c))
		return &ast{kind: astClassPerl, pos: start, end: p.pos, perl: lower, negated: c != rune(lower)}, nil
	}
	p.bump()
	lit := func(r rune) (*ast, error) { return &ast{kind: astLiteral, pos: start, end: p.pos, c: r}, nil }
	as := func(k assertKind) (*ast, error) {
		return &ast{kind: astAssert, pos: start, end: p.pos, assert: k}, nil
	}
	if isEscapeable(c) {
		return lit(c)
	}
	switch c {
	case 'a':
		return lit('\a')
	case 'f':
		return lit('\f')
	case 't':
		return lit('\t')
	case 'n':
		return lit('\n')
	case 'r':
		return lit('\r')
	case 'v':
		return lit('\v')
	case 'A':
		return as(assertStartText)
	case 'z':
		return as(assertEndText)
	case 'B':
		return as(assertNotWord)
	case '<':
		return as(assertWordStart)
	case '>':
		return as(assertWordEnd)
	case 'b':
		if !p.eof() && p.char() == '{' {
			k, ok, err := p.maybeSpecialWordBoundary(start)
			if err != nil {
				return nil, err
			}
			if ok {
				return as(k)
			}
		}
		return as(assertWord)
	}
	return nil, p.errAt(start, "unrecognized escape sequence")
}

func (p *parser) maybeSpecialWordBoundary(wbStart int) (assertKind, bool, error) {
	valid := func(c rune) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '-' }
	start := p.pos
	if !p.bumpAndBumpSpace() {
		return 0, false, p.errAt(wbStart, "unexpected end of pattern in special word boundary or repetition")
	}
	if !valid(p.char()) {
		p.pos = start
		return 0, false, nil
	}
	var name []rune
	for !p.eof() && valid(p.char()) {
		name = append(name, p.char())
		p.bumpAndBumpSpace()
	}
	if p.eof() || p.char() != '}' {
		return 0, false, p.errAt(start, "special word boundary assertion is unclosed")
	}
	p.bump()
	switch string(name) {
	case "start":
		return assertWordStart, true, nil
	case "end":
		return assertWordEnd, true, nil
	case "start-half":
		return assertWordStartHalf, true, nil
	case "end-half":
		return assertWordEndHalf, true, nil
	}
	return 0, false, p.errAt(start+1, "unrecognized special word boundary assertion")
}

func isHex(c rune) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func (p *parser) parseHex(start int) (*ast, error) {
	kind := p.char()
	digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[kind]
	if !p.bumpAndBumpSpace() {
		return nil, p.errAt(p.pos, "incomplete escape sequence, reached end of pattern prematurely")
	}
	var hex []rune
	hexByte := false
	if p.char() == '{' {
		brace := p.pos
		for p.bumpAndBumpSpace() && p.char() != '}' {
			if !isHex(p.char()) {
				return nil, p.errAt(p.pos, "hexadecimal literal is not a Unicode scalar value")
			}
			hex = append(hex, p.char())
		}
		if p.eof() {
			return nil, p.errAt(brace, "incomplete escape sequence, reached end of pattern prematurely")
		}
		p.bumpAndBumpSpace()
		if len(hex) == 0 {
			return nil, p.errAt(brace, "hexadecimal literal empty")
		}
	} else {
		for i := 0; i < digits; i++ {
			if i > 0 && !p.bumpAndBumpSpace() {
				return nil, p.errAt(p.pos, "incomplete escape sequence, reached end of pattern prematurely")
			}
			if !isHex(p.char()) {
				return nil, p.errAt(p.pos, "hexadecimal literal is not a Unicode scalar value")
			}
			hex = append(hex, p.char())
		}
		p.bumpAndBumpSpace()
		hexByte = kind == 'x'
	}
	v, err := strconv.ParseUint(string(hex), 16, 32)
	if err != nil || v > unicode.MaxRune || 0xD800 <= v && v <= 0xDFFF {
		return nil, p.errAt(start, "hexadecimal literal is not a Unicode scalar value")
	}
	return &ast{kind: astLiteral, pos: start, end: p.pos, c: rune(v), hexByte: hexByte}, nil
}

func (p *parser) parseUnicodeClass(start int) (*ast, error) {
	negated := p.char() == 'P'
	if !p.bumpAndBumpSpace() {
		return nil, p.errAt(p.pos, "incomplete escape sequence, reached end of pattern prematurely")
	}
	a := &ast{kind: astClassUnicode, pos: start, negated: negated}
	if p.char() == '{' {
		var name []rune
		for p.bumpAndBumpSpace() && p.char() != '}' {
			name = append(name, p.char())
		}
		if p.eof() {
			return nil, p.errAt(p.pos, "incomplete escape sequence, reached end of pattern prematurely")
		}
		p.bump()
		s := string(name)
		a.uniName = s
		for i := 0; i < len(s); i++ {
			if s[i] == '!' && i+1 < len(s) && s[i+1] == '=' {
				a.uniName, a.uniVal, a.byValue = s[:i], s[i+2:], true
				a.negated = !a.negated
				break
			}
		}
		if !a.byValue {
			for _, sep := range []byte{':', '='} {
				if i := indexByte(s, sep); i >= 0 {
					a.uniName, a.uniVal, a.byValue = s[:i], s[i+1:], true
					break
				}
			}
		}
	} else {
		c := p.char()
		if c == '\\' {
			return nil, p.errAt(p.pos, "invalid Unicode character class")
		}
		p.bumpAndBumpSpace()
		a.uniName = string(c)
	}
	a.end = p.pos
	return a, nil
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// parseSetClass parses a bracketed class, nested classes and set operations included.
func (p *parser) parseSetClass() (*ast, error) {
	type open struct {
		union     []*classNode
		unionPos  int
		bracket   *classNode
		isOp      bool
		opKind    classNodeKind
		lhs       *classNode
		bracketAt int
	}
	var stack []open
	var union []*classNode
	unionPos := p.pos
	unclosed := func() error {
		for i := len(stack) - 1; i >= 0; i-- {
			if !stack[i].isOp {
				return p.errAt(stack[i].bracketAt, "unclosed character class")
			}
		}
		return p.errAt(p.pos, "unclosed character class")
	}
	unionItem := func(items []*classNode, pos int) *classNode {
		if len(items) == 1 {
			return items[0]
		}
		if len(items) == 0 {
			return &classNode{kind: ciEmpty, pos: pos, end: pos}
		}
		return &classNode{kind: ciUnion, pos: pos, end: items[len(items)-1].end, subs: items}
	}
	// popOp folds rhs into a pending binary operation, if one is on top of the stack.
	popOp := func(rhs *classNode) *classNode {
		if n := len(stack); n > 0 && stack[n-1].isOp {
			top := stack[n-1]
			stack = stack[:n-1]
			return &classNode{kind: top.opKind, pos: top.lhs.pos, end: rhs.end, subs: []*classNode{top.lhs, rhs}}
		}
		return rhs
	}
	pushOpen := func() error {
		start := p.pos
		if !p.bumpAndBumpSpace() {
			return p.errAt(start, "unclosed character class")
		}
		negated := false
		if p.char() == '^' {
			negated = true
			if !p.bumpAndBumpSpace() {
				return p.errAt(start, "unclosed character class")
			}
		}
		var items []*classNode
		for p.char() == '-' {
			items = append(items, &classNode{kind: ciLiteral, pos: p.pos, end: p.pos + 1, lo: &ast{kind: astLiteral, pos: p.pos, end: p.pos + 1, c: '-'}})
			if !p.bumpAndBumpSpace() {
				return p.errAt(start, "unclosed character class")
			}
		}
		if len(items) == 0 && p.char() == ']' {
			items = append(items, &classNode{kind: ciLiteral, pos: p.pos, end: p.pos + 1, lo: &ast{kind: astLiteral, pos: p.pos, end: p.pos + 1, c: ']'}})
			if !p.bumpAndBumpSpace() {
				return p.errAt(start, "unclosed character class")
			}
		}
		if len(stack) >= nestLimit {
			return p.errAt(start, "exceeds the nest limit of 250")
		}
		stack = append(stack, open{union: union, unionPos: unionPos, bracket: &classNode{kind: ciBracketed, pos: start, negated: negated}, bracketAt: start})
		union, unionPos = items, p.pos
		if len(items) > 0 {
			unionPos = items[0].pos
		}
		return nil
	}
	if err := pushOpen(); err != nil {
		return nil, err
	}
	for {
		p.bumpSpace()
		if p.eof() {
			return nil, unclosed()
		}
		switch c := p.char(); {
		case c == '[':
			if len(stack) > 0 {
				if item := p.maybeASCIIClass(); item != nil {
					union = append(union, item)
					continue
				}
			}
			if err := pushOpen(); err != nil {
				return nil, err
			}
		case c == ']':
			set := popOp(unionItem(union, unionPos))
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			p.bump()
			br := top.bracket
			br.end = p.pos
			br.subs = []*classNode{set}
			if len(stack) == 0 {
				return &ast{kind: astBracketed, pos: br.pos, end: br.end, negated: br.negated, cls: br}, nil
			}
			union, unionPos = append(top.union, br), top.unionPos
		case c == '&' || c == '-' || c == '~':
			if r, ok := p.peek(); ok && r == c {
				p.pos += 2
				kind := map[rune]classNodeKind{'&': ciIntersect, '-': ciDifference, '~': ciSymDiff}[c]
				lhs := popOp(unionItem(union, unionPos))
				stack = append(stack, open{isOp: true, opKind: kind, lhs: lhs})
				union, unionPos = nil, p.pos
				continue
			}
			fallthrough
		default:
			item, err := p.parseSetClassRange()
			if err != nil {
				return nil, err
			}
			if len(union) == 0 {
				unionPos = item.pos
			}
			union = append(union, item)
		}
	}
}

func (p *parser) parseSetClassItem() (*ast, error) {
	if p.char() == '\\' {
		return p.parseEscape()
	}
	start := p.pos
	c := p.char()
	p.bump()
	return &ast{kind: astLiteral, pos: start, end: p.pos, c: c}, nil
}

func (p *parser) parseSetClassRange() (*classNode, error) {
	prim1, err := p.parseSetClassItem()
	if err != nil {
		return nil, err
	}
	p.bumpSpace()
	if p.eof() {
		return nil, p.unclosedHere()
	}
	next, ok := p.peekSpace()
	if p.char() != '-' || ok && (next == ']' || next == '-') {
		return classItemOf(p, prim1)
	}
	if !p.bumpAndBumpSpace() {
		return nil, p.unclosedHere()
	}
	prim2, err := p.parseSetClassItem()
	if err != nil {
		return nil, err
	}
	if prim1.kind != astLiteral {
		return nil, p.errAt(prim1.pos, "invalid range boundary, must be a literal")
	}
	if prim2.kind != astLiteral {
		return nil, p.errAt(prim2.pos, "invalid range boundary, must be a literal")
	}
	if prim1.c > prim2.c {
		return nil, p.errAt(prim1.pos, "invalid character class range, the start must be <= the end")
	}
	return &classNode{kind: ciRange, pos: prim1.pos, end: prim2.end, lo: prim1, hi: prim2}, nil
}

// unclosedHere is the error for a class that the pattern ends inside of; the parser reports it at the
// innermost open bracket, which parseSetClass knows, so this only names the end.
func (p *parser) unclosedHere() error { return p.errAt(p.pos, "unclosed character class") }

func classItemOf(p *parser, a *ast) (*classNode, error) {
	switch a.kind {
	case astLiteral:
		return &classNode{kind: ciLiteral, pos: a.pos, end: a.end, lo: a}, nil
	case astClassPerl:
		return &classNode{kind: ciPerl, pos: a.pos, end: a.end, item: a}, nil
	case astClassUnicode:
		return &classNode{kind: ciUnicode, pos: a.pos, end: a.end, item: a}, nil
	}
	return nil, p.errAt(a.pos, "invalid escape sequence found in character class")
}

func (p *parser) maybeASCIIClass() *classNode {
	start := p.pos
	fail := func() *classNode { p.pos = start; return nil }
	if !p.bump() || p.char() != ':' {
		return fail()
	}
	if !p.bump() {
		return fail()
	}
	negated := false
	if p.char() == '^' {
		negated = true
		if !p.bump() {
			return fail()
		}
	}
	nameStart := p.pos
	for p.char() != ':' && p.bump() {
	}
	if p.eof() {
		return fail()
	}
	name := p.pat[nameStart:p.pos]
	if !p.bumpIf(":]") {
		return fail()
	}
	if _, ok := asciiClasses[name]; !ok {
		return fail()
	}
	return &classNode{kind: ciASCII, pos: start, end: p.pos, ascii: name, negated: negated}
}

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

// checkNest applies the regex crate's nest limit: concatenations, alternations, groups, repetitions and
// bracketed classes each add a level, and inside classes so do unions of several items, nested brackets and
// set operations.
func checkNest(a *ast, depth int) error {
	switch a.kind {
	case astBracketed, astRepeat, astGroup, astAlt, astConcat:
		depth++
		if depth > nestLimit {
			return &SyntaxError{Offset: a.pos, Msg: "exceeds the nest limit of 250"}
		}
	default:
		return nil
	}
	if a.kind == astBracketed {
		return checkClassNest(a.cls.subs[0], depth)
	}
	for _, s := range a.subs {
		if err := checkNest(s, depth); err != nil {
			return err
		}
	}
	return nil
}

func checkClassNest(c *classNode, depth int) error {
	switch c.kind {
	case ciBracketed, ciUnion, ciIntersect, ciDifference, ciSymDiff:
		depth++
		if depth > nestLimit {
			return &SyntaxError{Offset: c.pos, Msg: "exceeds the nest limit of 250"}
		}
	default:
		return nil
	}
	for _, s := range c.subs {
		if err := checkClassNest(s, depth); err != nil {
			return err
		}
	}
	return nil
}
