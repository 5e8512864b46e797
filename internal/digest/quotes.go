package digest

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote mark families: a mark closes only a quote its family opened.
const (
	famDouble = 1 + iota
	famSingle
	famGuillemet
)

// maxQuoteDepth bounds nesting: a quote inside a quote inside a quote is
// as deep as prose goes, and the bound keeps the scanner linear on input
// made of nothing but opening marks.
const maxQuoteDepth = 4

// quoteSpan is a stretch of text between quote marks, as byte offsets.
type quoteSpan struct {
	// open is the offset of the opening mark; close is the offset of the
	// closing mark, or of the paragraph's end when the quote runs on into
	// the next paragraph without one.
	open, close int
	// start and end bound the quoted words, trimmed of white space.
	start, end int
	// depth is 0 for a quote in the narrative, 1 for a quote inside it.
	depth int
	// cont is true when the quote re-opens at a new paragraph and so
	// continues the quote before it.
	cont bool
	// runOn is true when the paragraph ended before a closing mark and the
	// next paragraph re-opens the quote.
	runOn bool
	// closeLen is the length in bytes of the closing mark.
	closeLen int
}

// after returns the offset just past the quote's closing mark.
func (q quoteSpan) after() int {
	return q.close + q.closeLen
}

type openMark struct {
	pos, content int
	family       int
	cont         bool
}

// scanQuotes finds the quotes of text in one pass over its runes. Each mark
// is judged from its neighbours and the marks still open: straight and curly
// single marks are apostrophes between letters (Russia's, don't), after a
// plural (leaders' meeting, when the quote closes later) and before decades
// ('90s); a straight double mark closes the double quote that is open and
// opens one otherwise. A quote still open when its paragraph ends is kept
// only when the next paragraph re-opens it, the convention for a quote that
// runs over paragraphs; any other unclosed mark is dropped.
func scanQuotes(text string) []quoteSpan {
	var out []quoteSpan
	var stack [maxQuoteDepth]openMark
	depth := 0
	pendingFamily := 0 // a family left open by the previous paragraph
	paraStart := 0
	for paraStart <= len(text) {
		paraEnd := strings.IndexByte(text[paraStart:], '\n')
		if paraEnd < 0 {
			paraEnd = len(text)
		} else {
			paraEnd += paraStart
		}
		para := text[paraStart:paraEnd]
		strongClose := lastStrongSingleClose(para)
		depth = 0
		lead := leadingSpace(para)
		for i := 0; i < len(para); {
			c := para[i]
			if c < utf8.RuneSelf && c != '"' && c != '\'' {
				i++ // most bytes: no quote mark, nothing to judge
				continue
			}
			r, size := rune(c), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(para[i:])
			}
			fam, kind := quoteMark(r)
			if r == '\'' && i+1 < len(para) && para[i+1] == '\'' {
				// Two straight single marks stand for a double one ('' … '').
				fam, kind, size = famDouble, kindEither, 2
			}
			if fam == 0 {
				i += size
				continue
			}
			first := i == lead
			prev, _ := utf8.DecodeLastRuneInString(para[:i])
			if i == 0 {
				prev = 0
			}
			var next rune
			if i+size < len(para) {
				next, _ = utf8.DecodeRuneInString(para[i+size:])
			}
			action := judgeMark(r, fam, kind, prev, next, para, i+size, strongClose > i, stack[:depth])
			switch action {
			case markOpen:
				if depth < maxQuoteDepth {
					stack[depth] = openMark{pos: paraStart + i, content: paraStart + i + size, family: fam,
						cont: first && depth == 0 && pendingFamily == fam}
					depth++
				}
			case markClose:
				k := innermost(stack[:depth], fam)
				if k >= 0 {
					o := stack[k]
					depth = k
					if q, ok := makeQuote(text, o, paraStart+i, k, false); ok {
						q.closeLen = size
						out = append(out, q)
					}
				}
			}
			i += size
		}
		pendingFamily = 0
		if depth > 0 {
			o := stack[0]
			if nextParagraphReopens(text, paraEnd, o.family) {
				if q, ok := makeQuote(text, o, paraEnd, 0, true); ok {
					out = append(out, q)
				}
				pendingFamily = o.family
			}
		}
		paraStart = paraEnd + 1
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].open < out[j].open })
	return out
}

// leadingSpace returns the length of the white space that opens para.
func leadingSpace(para string) int {
	for i, r := range para {
		if !unicode.IsSpace(r) {
			return i
		}
	}
	return len(para)
}

// makeQuote turns an open mark closed at end into a quote, trimmed; ok is
// false when nothing but white space was quoted.
func makeQuote(text string, o openMark, end, depth int, runOn bool) (quoteSpan, bool) {
	s, e := o.content, end
	for s < e && isSpaceByte(text[s]) {
		s++
	}
	for e > s && isSpaceByte(text[e-1]) {
		e--
	}
	if s >= e {
		return quoteSpan{}, false
	}
	return quoteSpan{open: o.pos, close: end, start: s, end: e, depth: depth, cont: o.cont, runOn: runOn}, true
}

func innermost(stack []openMark, fam int) int {
	for k := len(stack) - 1; k >= 0; k-- {
		if stack[k].family == fam {
			return k
		}
	}
	return -1
}

// nextParagraphReopens reports whether the paragraph after the line break at
// text[nl] begins with an opening mark of family fam.
func nextParagraphReopens(text string, nl, fam int) bool {
	i := nl + 1
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
		i++
	}
	if i >= len(text) || nl >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	f, kind := quoteMark(r)
	return f == fam && kind != kindClose
}

// Mark kinds: what a quote mark can be, before context decides.
const (
	kindEither = iota // " ' ’ (’ mostly closes or is an apostrophe)
	kindOpen          // “ ‘ « ‹ „ ‚
	kindClose         // ” » ›
)

func quoteMark(r rune) (family, kind int) {
	switch r {
	case '"':
		return famDouble, kindEither
	case '“', '„', '‟':
		return famDouble, kindOpen
	case '”':
		return famDouble, kindClose
	case '\'', '’':
		return famSingle, kindEither
	case '‘', '‚', '‛':
		return famSingle, kindOpen
	case '«', '‹':
		return famGuillemet, kindOpen
	case '»', '›':
		return famGuillemet, kindClose
	}
	return 0, 0
}

// Actions for a quote mark.
const (
	markNone = iota
	markOpen
	markClose
)

// judgeMark decides what one quote mark does. prev and next are the runes
// around it (0 at the paragraph's edges); rest is the paragraph from just
// after the mark; laterClose is true when a single mark that can only be a
// closing one (after , . ! ?) comes later in the paragraph.
func judgeMark(r rune, fam, kind int, prev, next rune, para string, rest int, laterClose bool, open []openMark) int {
	openCtx := prev == 0 || unicode.IsSpace(prev) || isOpenerBefore(prev)
	closeCtx := prev != 0 && !unicode.IsSpace(prev) && (next == 0 || unicode.IsSpace(next) || isCloserAfter(next))
	isOpen := innermost(open, fam) >= 0
	switch fam {
	case famDouble:
		switch kind {
		case kindOpen:
			if closeCtx && !openCtx && isOpen {
				return markClose // “ misused as a closing mark
			}
			return markOpen
		case kindClose:
			if isOpen {
				return markClose
			}
			if openCtx && !closeCtx && next != 0 {
				return markOpen // ” misused as an opening mark
			}
			return markNone
		default:
			if isOpen {
				if openCtx && !closeCtx && next != 0 && innermost(open, fam) != len(open)-1 {
					return markOpen // a double quote inside a single-quoted one
				}
				return markClose
			}
			if openCtx && next != 0 && !unicode.IsSpace(next) {
				return markOpen
			}
			return markNone
		}
	case famSingle:
		pl := isWordRune(prev)
		nl := isWordRune(next)
		if pl && nl {
			return markNone // don't, Russia's
		}
		if kind == kindOpen {
			if unicode.IsDigit(next) {
				return markNone // ‘90s
			}
			if closeCtx && !openCtx && isOpen {
				return markClose
			}
			return markOpen
		}
		if !pl && nl && (openCtx || prev == '"' || prev == '“') {
			if r == '’' || elision(para[rest:]) {
				return markNone // ’twas, '90s, rock 'n' roll
			}
			return markOpen
		}
		if closeCtx && isOpen {
			if pl && next == ' ' && laterClose && lowerWordFollows(para[rest:]) {
				return markNone // the leaders' meeting, with the quote closing later
			}
			return markClose
		}
		return markNone
	case famGuillemet:
		if kind == kindOpen {
			return markOpen
		}
		if isOpen {
			return markClose
		}
	}
	return markNone
}

func isWordRune(r rune) bool {
	return r != 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isOpenerBefore reports whether a quote mark after r can open a quote.
func isOpenerBefore(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', '“', '‘', '"', '\'', '«', ':':
		return true
	}
	return false
}

// isCloserAfter reports whether a quote mark before r can close a quote.
func isCloserAfter(r rune) bool {
	switch r {
	case ',', '.', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '…', '"', '\'', '”', '’', '»', '/':
		return true
	}
	return false
}

// elision reports whether the word after a straight apostrophe is one that
// drops its first letters ('em, 'til, 'n', '90s) rather than opening a quote.
func elision(rest string) bool {
	w := 0
	for w < len(rest) && w < 6 && (rest[w] >= 'a' && rest[w] <= 'z' || rest[w] >= '0' && rest[w] <= '9' || rest[w] >= 'A' && rest[w] <= 'Z') {
		w++
	}
	word := rest[:w]
	if len(word) >= 2 && word[0] >= '0' && word[0] <= '9' && word[1] >= '0' && word[1] <= '9' {
		return true
	}
	switch word {
	case "em", "til", "n", "cause", "tis", "twas", "bout", "nuff", "Tis", "Twas", "Cause", "Til":
		return true
	}
	return false
}

// lowerWordFollows reports whether rest starts with a space and a lower-case word.
func lowerWordFollows(rest string) bool {
	if len(rest) < 2 || rest[0] != ' ' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest[1:])
	return unicode.IsLower(r)
}

// lastStrongSingleClose returns the offset in para of the last single quote
// mark that can only close a quote (right after , . ! ? or …), -1 when none.
func lastStrongSingleClose(para string) int {
	// Forward, from mark to mark with IndexByte and Index, rather than back
	// over every byte: the last mark that qualifies is the same.
	strong := func(m int) bool {
		if m == 0 {
			return false
		}
		p := para[m-1]
		return p == ',' || p == '.' || p == '!' || p == '?' || p == 0xA6
	}
	last := -1
	for off := 0; off < len(para); {
		k := strings.IndexByte(para[off:], '\'')
		if k < 0 {
			break
		}
		if strong(off + k) {
			last = off + k
		}
		off += k + 1
	}
	for off := 0; off < len(para); {
		k := strings.Index(para[off:], "’")
		if k < 0 {
			break
		}
		if strong(off+k) && off+k > last {
			last = off + k
		}
		off += k + len("’")
	}
	return last
}
