package ingest

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is the format of a source.
type kind int

const (
	kindText kind = iota
	kindMarkdown
	kindHTML
)

// kindOf decides a source's format from its name and its first bytes. An
// .html or .md name is believed; a .txt that is really a saved web page is
// read as HTML, since a browser's "save as" keeps whatever name one typed.
func kindOf(name, text string) kind {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml", ".shtml":
		return kindHTML
	case ".md", ".markdown", ".mdown", ".mkd":
		return kindMarkdown
	case ".txt", ".text":
		if looksLikeHTML(text) {
			return kindHTML
		}
		return kindText
	}
	switch {
	case looksLikeHTML(text):
		return kindHTML
	case looksLikeMarkdown(text):
		return kindMarkdown
	}
	return kindText
}

// looksLikeHTML reports whether text starts as an HTML document does.
func looksLikeHTML(text string) bool {
	head := strings.TrimLeftFunc(text, unicode.IsSpace)
	if len(head) > 512 {
		head = head[:512]
	}
	head = strings.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<meta ", "<title>"} {
		if strings.HasPrefix(head, p) {
			return true
		}
	}
	if strings.HasPrefix(head, "<!--") || strings.HasPrefix(head, "<?xml") {
		return strings.Contains(head, "<html")
	}
	return strings.HasPrefix(head, "<p>") || strings.HasPrefix(head, "<div")
}

// looksLikeMarkdown reports whether text uses Markdown syntax often enough
// that reading it as plain text would leave markup in the article: two or
// more headings, fences, links or emphasis runs in its first lines.
func looksLikeMarkdown(text string) bool {
	signs := 0
	for i, line := range strings.SplitN(text, "\n", 200) {
		if i == 199 {
			break
		}
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "# "), strings.HasPrefix(t, "## "), strings.HasPrefix(t, "### "),
			strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
			signs++
		}
		if strings.Contains(t, "](") {
			signs++
		}
		if strings.Contains(t, "**") || strings.Contains(t, "__") {
			signs++
		}
	}
	return signs >= 2
}

// normalizeNewlines turns CRLF and lone CR into LF, and Unicode's line and
// paragraph separators into LF, so that every later step sees one newline.
func normalizeNewlines(s string) string {
	// Byte searches: ContainsAny with multi-byte runes is several times slower.
	if strings.IndexByte(s, '\r') >= 0 || strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029") {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(s)
	}
	return strings.TrimPrefix(s, "\uFEFF")
}

// paragraphs turns text that already has one paragraph a line (from
// HTML or Markdown) into Article.Text: newlines normalised, control
// characters dropped, each line's white space folded, blank lines dropped.
func paragraphs(s string) string {
	lines := strings.Split(normalizeNewlines(s), "\n")
	for i, l := range lines {
		lines[i] = cleanLine(l)
	}
	return joinLines(lines)
}

// plainParagraphs is paragraphs for a plain-text file. Its lines are only
// trimmed, not folded: the spaces inside a line are the writer's, and a
// quote is reported (and checked) as a substring of the text, so "said.  He"
// must stay as it was. Hard-wrapped text has the lines of each paragraph
// joined (see unwrap).
func plainParagraphs(s string) string {
	lines := strings.Split(normalizeNewlines(s), "\n")
	for i, l := range lines {
		lines[i] = trimLine(l)
	}
	return joinLines(unwrap(lines))
}

// trimLine trims a line's white space and drops the control characters
// (NUL, escape codes, a stray BOM) that have no place in an article,
// leaving everything else, tabs and runs of spaces included, as it is.
func trimLine(l string) string {
	l = strings.TrimFunc(l, unicode.IsSpace)
	clean := true
	for _, r := range l {
		if dropped(r) {
			clean = false
			break
		}
	}
	if clean {
		return l
	}
	return strings.TrimFunc(strings.Map(func(r rune) rune {
		if dropped(r) {
			return -1
		}
		return r
	}, l), unicode.IsSpace)
}

// dropped reports whether r is a control or format character removed from
// article text; tab stays, as white space.
func dropped(r rune) bool {
	return (unicode.IsControl(r) && r != '\t') || r == '\uFEFF' || r == '\u200B'
}

// joinLines joins the non-blank lines with newlines.
func joinLines(lines []string) string {
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for _, l := range lines {
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}

// cleanLine folds runs of white space to one space (a no-break space stays
// itself: it binds "10 000" or "M. Macron"), drops control and format
// characters that have no place in an article (a stray BOM, NUL, escape
// codes), and trims the ends.
func cleanLine(l string) string {
	simple := true
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c < ' ' || c >= utf8.RuneSelf || (c == ' ' && i+1 < len(l) && l[i+1] == ' ') {
			simple = false
			break
		}
	}
	if simple {
		return strings.TrimSpace(l)
	}
	var b strings.Builder
	b.Grow(len(l))
	space := false
	for _, r := range l {
		switch {
		case r == '\u00A0':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		case unicode.IsSpace(r):
			space = true
		case dropped(r):
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unwrap joins the lines of hard-wrapped paragraphs (text broken at a fixed
// width, as e-mail and wire copy are). Text counts as hard-wrapped when
// blank lines separate blocks of several lines each, no line is longer
// than 100 characters and a good share of the lines come close to the
// longest; then a line joins the next one when it reaches near that width,
// as a line the writer's editor broke would. A short line (a heading, a
// time stamp, a paragraph's last line) is never joined, and text written
// one paragraph a line, with or without blank lines between, is left alone.
func unwrap(lines []string) []string {
	width, n, blocks := 0, 0, 0
	lens := make([]int, len(lines))
	for i, l := range lines {
		lens[i] = utf8.RuneCountInString(l)
		if lens[i] > 0 {
			n++
			if i == 0 || lens[i-1] == 0 {
				blocks++
			}
		}
		width = max(width, lens[i])
	}
	if n < 4 || width > 100 || width < 40 || blocks < 2 || n*2 < blocks*3 {
		return lines
	}
	near := 0
	for _, k := range lens {
		if k >= width-20 {
			near++
		}
	}
	if near*3 < n {
		return lines
	}
	out := lines[:0:0]
	cur := ""
	for i, l := range lines {
		if cur == "" {
			cur = l
		} else {
			cur += " " + l
		}
		if l == "" || lens[i] < width-20 || i+1 == len(lines) || lines[i+1] == "" {
			out = append(out, cur)
			cur = ""
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// headline returns text's first line when it reads as a headline: short,
// not ending like a sentence, and followed by more text; else "".
func headline(text string) string {
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimSpace(rest) == "" {
		return ""
	}
	first = strings.TrimSpace(first)
	words := len(strings.Fields(first))
	if words < 2 || words > 20 || utf8.RuneCountInString(first) > 160 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(first); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return ""
	}
	last, _ := utf8.DecodeLastRuneInString(first)
	switch last {
	case '.', ',', ';', ':':
		// A sentence or a lead-in: the start of the body. A closing quote
		// mark is fine: headlines end on quotes ("Rosen: ‘It is ours’").
		return ""
	}
	if looksLikeTime(first) {
		return ""
	}
	return first
}

// looksLikeTime reports whether a line is only a time of day ("6:30 p.m.",
// "16:25"), the heading of a live blog's entry rather than a title.
func looksLikeTime(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == ':' || r == '.' || r == ' ' || r == 'a' || r == 'p' || r == 'm' || r == 'A' || r == 'P' || r == 'M' || r == 'h':
		default:
			return false
		}
	}
	return digits > 0
}
