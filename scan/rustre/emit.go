package rustre

import (
	"strconv"
	"strings"
)

// maxGoRepeat is the largest count Go's regexp accepts in {n,m}.
const maxGoRepeat = 1000

const backtrackHint = "use --engine backtrack"

const (
	engineGo        = "Go's regexp"
	engineBacktrack = "regexp2"
	engineBlaze     = "blaze" // the translator itself, whatever the engine
)

type emitter struct {
	pat       string
	backtrack bool // emit for regexp2 (lookarounds allowed) instead of Go's regexp
	b         strings.Builder
	word      string // the \w class, written once
}

func (e *emitter) unsupported(h *hir, construct, hint string) error {
	if construct == "" {
		construct = e.pat[h.pos:h.end]
	}
	engine := engineGo
	if e.backtrack {
		engine = engineBacktrack
	}
	return &UnsupportedError{Engine: engine, Offset: h.pos, Construct: construct, Hint: hint}
}

// atomic reports whether h can take a repetition operator without a group around it.
func atomic(h *hir) bool {
	return h.op == hLit || h.op == hClass || h.op == hCapture
}

func (e *emitter) emit(h *hir) error {
	switch h.op {
	case hEmpty:
		e.b.WriteString("(?:)")
	case hLit:
		writeRune(&e.b, h.r)
	case hClass:
		writeClass(&e.b, h.set)
	case hLook:
		return e.emitLook(h)
	case hCapture:
		e.b.WriteByte('(')
		if err := e.emit(h.subs[0]); err != nil {
			return err
		}
		e.b.WriteByte(')')
	case hConcat:
		for _, s := range h.subs {
			if err := e.emitWrapped(s, s.op == hAlt); err != nil {
				return err
			}
		}
	case hAlt:
		for i, s := range h.subs {
			if i > 0 {
				e.b.WriteByte('|')
			}
			if err := e.emit(s); err != nil {
				return err
			}
		}
	case hRepeat:
		return e.emitRepeat(h)
	}
	return nil
}

func (e *emitter) emitWrapped(h *hir, wrap bool) error {
	if wrap {
		e.b.WriteString("(?:")
	}
	if err := e.emit(h); err != nil {
		return err
	}
	if wrap {
		e.b.WriteByte(')')
	}
	return nil
}

// nullable reports whether h can match the empty string.
func nullable(h *hir) bool {
	switch h.op {
	case hEmpty, hLook:
		return true
	case hLit, hClass:
		return false
	case hRepeat:
		return h.min == 0 || nullable(h.subs[0])
	case hCapture:
		return nullable(h.subs[0])
	case hAlt:
		for _, s := range h.subs {
			if nullable(s) {
				return true
			}
		}
		return false
	}
	for _, s := range h.subs {
		if !nullable(s) {
			return false
		}
	}
	return true
}

func (e *emitter) emitRepeat(h *hir) error {
	if e.backtrack && h.max < 0 && nullable(h.subs[0]) {
		// The regex crate's PikeVM drops an iteration that matches empty after a non-empty one (its loop
		// state is already visited at that position) and tries the body's other choices; a .NET-style
		// backtracker accepts that empty iteration and leaves the loop. Captures and even the match differ.
		return e.unsupported(h, "", "a repetition whose body can match the empty string iterates differently in a backtracking engine: use the default engine")
	}
	if !e.backtrack && (h.min > maxGoRepeat || h.max > maxGoRepeat) {
		return e.unsupported(h, "", "Go's regexp allows counts up to 1000: "+backtrackHint)
	}
	if err := e.emitWrapped(h.subs[0], !atomic(h.subs[0])); err != nil {
		return err
	}
	switch {
	case h.min == 0 && h.max < 0:
		e.b.WriteByte('*')
	case h.min == 1 && h.max < 0:
		e.b.WriteByte('+')
	case h.min == 0 && h.max == 1:
		e.b.WriteByte('?')
	case h.max < 0:
		e.b.WriteString("{" + strconv.Itoa(h.min) + ",}")
	case h.min == h.max:
		e.b.WriteString("{" + strconv.Itoa(h.min) + "}")
	default:
		e.b.WriteString("{" + strconv.Itoa(h.min) + "," + strconv.Itoa(h.max) + "}")
	}
	if !h.greedy {
		e.b.WriteByte('?')
	}
	return nil
}

var asciiWord = asciiClasses["word"]

func (e *emitter) emitLook(h *hir) error {
	if !e.backtrack {
		switch h.look {
		case lookStart:
			e.b.WriteString(`\A`)
		case lookEnd:
			e.b.WriteString(`\z`)
		case lookStartLF:
			e.b.WriteString(`(?m:^)`)
		case lookEndLF:
			e.b.WriteString(`(?m:$)`)
		case lookWordASCII:
			e.b.WriteString(`\b`)
		case lookNotWordASCII:
			e.b.WriteString(`\B`)
		case lookStartCRLF, lookEndCRLF:
			return e.unsupported(h, "", "the CRLF-aware multi-line anchors of (?mR) need look-around: "+backtrackHint)
		case lookWordUni, lookNotWordUni:
			return e.unsupported(h, "", "Go's \\b and \\B are ASCII-only: use (?-u:\\b) for an ASCII word boundary or --engine backtrack")
		default:
			return e.unsupported(h, "", "word-boundary assertions other than (?-u:\\b) need look-around: "+backtrackHint)
		}
		return nil
	}
	w := e.word
	if h.look >= lookWordASCII {
		var b strings.Builder
		writeClass(&b, asciiWord)
		w = b.String()
	} else if w == "" {
		var b strings.Builder
		writeClass(&b, mustSet("perl:w"))
		e.word, w = b.String(), b.String()
	}
	switch h.look {
	case lookStart:
		e.b.WriteString(`\A`)
	case lookEnd:
		e.b.WriteString(`\z`)
	case lookStartLF:
		e.b.WriteString(`(?<![^\n])`)
	case lookEndLF:
		e.b.WriteString(`(?![^\n])`)
	case lookStartCRLF:
		e.b.WriteString(`(?<![^\n\r])(?!(?<=\r)\n)`)
	case lookEndCRLF:
		e.b.WriteString(`(?![^\n\r])(?!(?<=\r)\n)`)
	case lookWordUni, lookWordASCII:
		e.b.WriteString(`(?:(?<=` + w + `)(?!` + w + `)|(?<!` + w + `)(?=` + w + `))`)
	case lookNotWordUni, lookNotWordASCII:
		e.b.WriteString(`(?:(?<=` + w + `)(?=` + w + `)|(?<!` + w + `)(?!` + w + `))`)
	case lookWordStartUni, lookWordStartASCII:
		e.b.WriteString(`(?<!` + w + `)(?=` + w + `)`)
	case lookWordEndUni, lookWordEndASCII:
		e.b.WriteString(`(?<=` + w + `)(?!` + w + `)`)
	case lookWordStartHalfUni, lookWordStartHalfASCII:
		e.b.WriteString(`(?<!` + w + `)`)
	case lookWordEndHalfUni, lookWordEndHalfASCII:
		e.b.WriteString(`(?!` + w + `)`)
	}
	return nil
}
